"""`vanban graph` and `vanban export`: the store as a graph, and as tables for pandas,
DuckDB or polars. The format comes from the output's extension unless --format says it."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from vanban.app.cli.common import OutputPath, format_of, note, output_path, store_option, verbosity

GRAPH_FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}


@click.command()
@store_option
@click.option("-o", "--output", "out", type=OutputPath(), required=True, metavar="OUT",
              help="output file ('-': stdout); csv writes OUT.nodes.csv and OUT.edges.csv")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(set(GRAPH_FORMATS.values()))),
              help="default: from OUT's extension (.graphml, .gexf, .json, .csv)")
@click.option("--no-agencies", is_flag=True, help="documents and references only")
@verbosity
def graph(db: str, out: str, fmt: str | None, no_agencies: bool) -> None:
    """Export the document/agency graph of a store (GraphML, GEXF, node-link JSON, CSV)."""
    fmt = format_of(out, fmt, GRAPH_FORMATS) if out != "-" else (fmt or "graphml")
    if fmt == "csv" and out == "-":
        raise click.UsageError("csv writes two files (nodes and edges): give -o OUT, not '-'")
    from vanban.query.graph import document_nodes, export, graph_of_store

    g = graph_of_store(db, agencies=not no_agencies)
    if out == "-":
        with tempfile.TemporaryDirectory() as tmp:
            (written,) = export(g, fmt, Path(tmp) / f"graph.{fmt}")
            with open(written, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.flush()
        files = ["stdout"]
    elif fmt == "csv":
        stem = out[:-4] if out.endswith(".csv") else out
        with output_path(f"{stem}.nodes.csv") as nodes, output_path(f"{stem}.edges.csv") as edges, \
                tempfile.TemporaryDirectory(dir=nodes.parent) as tmp:
            node_file, edge_file = export(g, fmt, Path(tmp) / "graph.csv")
            node_file.replace(nodes)
            edge_file.replace(edges)
        files = [f"{stem}.nodes.csv", f"{stem}.edges.csv"]
    else:
        with output_path(out) as tmp_out:
            export(g, fmt, tmp_out)
        files = [out]
    docs = document_nodes(g)
    stubs = sum(1 for n in docs if not g.nodes[n]["in_corpus"])
    note(f"{len(docs)} documents ({stubs} cited, not in the store), {g.number_of_nodes() - len(docs)} agencies, "
         f"{g.number_of_edges()} edges -> {', '.join(files)}")


COMMANDS = [graph]
