"""The lineage graph: a networkx MultiDiGraph built from the store, and pandas tables.

Nodes:
* documents, one per identity key: every file of the same document (the DOCX and the scanned
  PDF of one circular) is one node, and a reference whose `target` equals a document's `key`
  lands on that document. A target no stored document carries becomes a stub node
  (`in_corpus` False) holding what the mentions say of it;
* agencies, one per folded name (issuers and assigned agencies alike).

Edges (MultiDiGraph: two documents may be linked by several relations):
* document -> document, `relation` (implements, based_on, guides, amends, …) with the evidence
  span: the citing document, start, end and the mention's text. One edge per relation
  between two documents (the edge key is the relation): the first mention is the evidence,
  `mentions` counts them all;
* document -> agency, `issued_by`;
* agency -> document, `responsible_for`, with role, task, deadline and section.

`load(db)` gives all of it for notebooks; `vanban graph` exports it. `vanban lineage` and the
questions read the same graph in SQL, as far as they walk it (`vanban.store.links`).
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from vanban.store import queries
from vanban.store.db import open_store
from vanban.store.links import GAP_CHARS, doc_node, stated_relation
from vanban.text.normalize import fold

if TYPE_CHECKING:
    from vanban.query.tables import Corpus

FORMATS = ("graphml", "gexf", "json", "csv")
DOC_ATTRS = ("code", "doc_type", "issuer", "date", "title")


def connect(db: str | Path) -> sqlite3.Connection:
    """A read-only connection to a store; see `store.open_store`."""
    return open_store(db)


def load(db: str | Path, agencies: bool = True) -> Corpus:
    """The graph and the typed tables of a store: see `vanban.query.tables.load`."""
    from vanban.query.tables import load as load_tables

    return load_tables(db, agencies=agencies)


# --- building -------------------------------------------------------------------------------


def agency_node(name: str) -> str:
    return "agency:" + fold(name)


def build_graph(conn: sqlite3.Connection, agencies: bool = True) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    node_of = _add_documents(graph, conn)
    _add_references(graph, conn, node_of)
    _add_stated_lineage(graph, conn, node_of)
    if agencies:
        _add_agencies(graph, conn, node_of)
    return graph


def copies(rows: list[sqlite3.Row]) -> dict[str, list[sqlite3.Row]]:
    """Stored copies grouped by document node, the best first: the one the stages made most
    of (assignments, then sections, then text), so that one file's reading stands for the
    document and two copies (the .md page and the bulk line) are not counted twice."""
    groups: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        groups[doc_node(row["key"], row["id"])].append(row)
    for group in groups.values():
        group.sort(key=lambda r: (-(r["n_assignments"] or 0), -(r["n_sections"] or 0), -(r["chars"] or 0), r["source"]))
    return dict(groups)


def _add_documents(graph: nx.MultiDiGraph, conn: sqlite3.Connection) -> dict[str, str]:
    """Corpus documents merged by key; returns {id of each document's best copy: node}: the
    references and assignments of the other copies repeat it and are left out."""
    inputs: dict[str, list[str]] = defaultdict(list)
    for row in queries.sources(conn):
        inputs[row["doc_id"]].append(row["source"])
    node_of: dict[str, str] = {}
    for node, group in copies(queries.documents(conn)).items():
        best = group[0]
        node_of[best["id"]] = node
        attrs = {a: best[a] for a in DOC_ATTRS}
        for row in group[1:]:  # the best copy's values win; the others fill its gaps
            attrs.update({a: row[a] for a in DOC_ATTRS if not attrs[a] and row[a]})
        sources = [src for row in group for src in (inputs.get(row["id"]) or [row["source"]])]
        graph.add_node(node, kind="document", in_corpus=True, primary=best["id"], ids=[r["id"] for r in group],
                       sources=sorted(set(sources)), **attrs)
    return node_of


def _add_references(graph: nx.MultiDiGraph, conn: sqlite3.Connection, node_of: dict[str, str]) -> None:
    stubs: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for r in queries.references(conn):
        target = r["target"] or (f"code:{fold(r['code'])}" if r["code"] else None)
        source = node_of.get(r["doc_id"])
        if not target or source is None or target == source:
            continue  # unnamed mentions give no node; "Kế hoạch này" is no edge
        if target not in graph:
            for attr in ("code", "doc_type", "issuer", "date"):
                if r[attr]:
                    stubs[target][attr][r[attr]] += 1
            if r["name"] and not r["code"]:
                stubs[target]["title"][r["name"]] += 1
        relation = r["relation"] or "cites"
        if graph.has_edge(source, target, relation):
            # One edge per relation between two documents; the evidence is the first mention
            # (the title or preamble, as a rule), and the others are counted.
            graph.edges[source, target, relation]["mentions"] += 1
            continue
        graph.add_edge(source, target, key=relation, kind="reference", relation=relation, doc=r["doc_id"],
                       section=r["section"], start=r["start"], end=r["end"], text=r["text"], mentions=1)
    for node, attrs in stubs.items():
        data = graph.nodes[node]
        data.update(kind="document", in_corpus=False, ids=[], sources=[])
        for attr in DOC_ATTRS:  # a stub says what most mentions say of it
            data[attr] = attrs[attr].most_common(1)[0][0] if attrs.get(attr) else None


def _add_stated_lineage(graph: nx.MultiDiGraph, conn: sqlite3.Connection, node_of: dict[str, str]) -> None:
    """Edges between two cited documents that a stored one states ("Kế hoạch 273-KH/TU …, về
    triển khai thực hiện Chỉ thị 28-CT/TW"): the first implements the second. Only for a
    first document that is not stored (a stored one says it itself), marked `inferred`, with
    the citing document and the first mention as evidence (`data/lineage.json`)."""
    for r in queries.reference_gaps(conn, GAP_CHARS):
        if r["doc_id"] not in node_of:
            continue
        first = r["target"] or (f"code:{fold(r['code'])}" if r["code"] else None)
        second = r["next_target"] or (f"code:{fold(r['next_code'])}" if r["next_code"] else None)
        if not first or not second or first == second or first not in graph or second not in graph:
            continue
        if graph.nodes[first].get("in_corpus"):
            continue
        relation = stated_relation(r["gap"])
        if relation and not graph.has_edge(first, second, relation):
            graph.add_edge(first, second, key=relation, kind="reference", relation=relation, doc=r["doc_id"],
                           section=None, start=r["start"], end=r["end"], text=None, mentions=1, inferred=True)


def _add_agencies(graph: nx.MultiDiGraph, conn: sqlite3.Connection, node_of: dict[str, str]) -> None:
    def agency(name: str) -> str:
        node = agency_node(name)
        if node not in graph:
            graph.add_node(node, kind="agency", name=name)
        return node

    for row in queries.issuers(conn):
        if row["id"] not in node_of:
            continue  # another copy of a document already in
        graph.add_edge(node_of[row["id"]], agency(row["issuer"]), key="issued_by", kind="issued_by", relation="issued_by")
    for a in queries.assignments(conn):
        if not a["agency"] or a["doc_id"] not in node_of:
            continue
        deadline = json.loads(a["deadline"]) if a["deadline"] else None
        graph.add_edge(agency(a["agency"]), node_of[a["doc_id"]], kind="responsible_for", relation="responsible_for",
                       role=a["role"], task=a["task"], deadline=deadline.get("text") if deadline else None,
                       deadline_date=a["deadline_date"], section=a["section"], doc=a["doc_id"],
                       start=a["start"], end=a["end"], assignment=a["id"])


def node_of_document(graph: nx.MultiDiGraph, doc_id: str) -> str | None:
    """The node holding a stored document (several files of one document share a node)."""
    return next((n for n, d in graph.nodes(data=True) if doc_id in d.get("ids", ())), None)


def document_nodes(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in graph.nodes(data=True) if d.get("kind") == "document"]


# --- export ---------------------------------------------------------------------------------


# Characters XML 1.0 cannot carry; PDF text layers leave some in mention texts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _flat(value: Any) -> Any:
    """GraphML and GEXF take scalars only: None becomes "", lists become JSON."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return _NOT_XML.sub(" ", value)
    return value


def flat_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        out.add_node(n, **{k: _flat(v) for k, v in d.items()})
    for u, v, k, d in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: _flat(x) for a, x in d.items()})
    return out


def export(graph: nx.MultiDiGraph, fmt: str, out: str | Path) -> list[Path]:
    """Write the graph; returns the files written (csv writes OUT.nodes.csv and OUT.edges.csv)."""
    out = Path(out)
    if fmt == "graphml":
        nx.write_graphml(flat_copy(graph), out)
        return [out]
    if fmt == "gexf":
        nx.write_gexf(flat_copy(graph), out)
        return [out]
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        out.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        return [out]
    if fmt == "csv":
        return _export_csv(graph, out)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _export_csv(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    stem = out.with_suffix("") if out.suffix == ".csv" else out
    nodes_path, edges_path = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
    node_cols = sorted({k for _, d in graph.nodes(data=True) for k in d})
    with open(nodes_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", *node_cols])
        for n, d in graph.nodes(data=True):
            w.writerow([n, *[_flat(d.get(c)) for c in node_cols]])
    edge_cols = sorted({k for *_, d in graph.edges(data=True) for k in d})
    with open(edges_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "target", *edge_cols])
        for u, v, d in graph.edges(data=True):
            w.writerow([u, v, *[_flat(d.get(c)) for c in edge_cols]])
    return [nodes_path, edges_path]


# --- for the commands ------------------------------------------------------------------------


def graph_of_store(db: str | Path, agencies: bool = True) -> nx.MultiDiGraph:
    """The graph of a store; raises `StoreError` (with the reason) when it cannot be read."""
    conn = connect(db)
    try:
        return build_graph(conn, agencies=agencies)
    finally:
        conn.close()
