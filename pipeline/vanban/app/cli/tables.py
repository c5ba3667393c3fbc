"""`vanban graph` and `vanban export`: the store as a graph, and as tables for pandas,
DuckDB or polars. The format comes from the output's extension unless --format says it."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

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


TABLE_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl"}
TABLES = ("documents", "copies", "assignments", "references", "agencies", "aliases")


class ExportTarget(click.ParamType):
    """'-', a file with a table format's extension, or a folder (made if its parent exists)."""

    name = "OUT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        value = str(value)
        if value == "-" or Path(value).is_dir():
            return value
        if not Path(value).parent.is_dir():
            self.fail(f"no folder {Path(value).parent}/ to write {Path(value).name} into", param, ctx)
        return value


@click.command()
@click.argument("tables", nargs=-1, type=click.Choice(TABLES))
@store_option
@click.option("-o", "--output", "out", type=ExportTarget(), required=True,
              help="a folder (one file per table, made if missing), a file for one table "
                   "(.parquet, .csv, .jsonl), or '-' for stdout (csv, jsonl)")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(set(TABLE_FORMATS.values()))),
              help="default: from OUT's extension; parquet for a folder")
@verbosity
def export(tables: tuple[str, ...], db: str, out: str, fmt: str | None) -> None:
    """Export the tables of a store (all, or those named) for pandas, DuckDB or polars.

    \b
    vanban export -o tables/                      # tables/documents.parquet, assignments.parquet …
    vanban export assignments -o tasks.csv
    vanban export documents -o - --format jsonl | head

    The tables are those of `vanban.query.tables.load()`: one row per document, typed columns
    (dates, deadlines as start/end/recurrence, level and province), described in docs/tables.md.
    """
    single = out == "-" or Path(out).suffix.lower() in TABLE_FORMATS
    if single:
        fmt = fmt or (format_of(out, None, TABLE_FORMATS) if out != "-" else "jsonl")
        if len(tables) != 1:
            raise click.UsageError(f"{out} is one file: name the one table to write (one of {', '.join(TABLES)}), "
                                   "or give a folder for all of them")
        if fmt == "parquet" and out == "-":
            raise click.UsageError("parquet is binary: write it to a file or a folder, not '-'")
    else:
        fmt = fmt or "parquet"
    from vanban.query.tables import load, write_table

    corpus = load(db, agencies=False)
    chosen = tables or TABLES
    if single:
        frame = getattr(corpus, chosen[0])
        if out == "-":
            write_table(frame, fmt, sys.stdout)
            sys.stdout.flush()
        else:
            with output_path(out) as tmp:
                write_table(frame, fmt, tmp)
        note(f"{chosen[0]}: {len(frame)} rows -> {out if out != '-' else 'stdout'}")
        return
    folder = Path(out)
    folder.mkdir(exist_ok=True)
    for name in chosen:
        with output_path(str(folder / f"{name}.{fmt}")) as tmp:
            write_table(getattr(corpus, name), fmt, tmp)
    note(", ".join(f"{name} {len(getattr(corpus, name))}" for name in chosen) + f" rows -> {folder}/*.{fmt}")


COMMANDS = [graph, export]
