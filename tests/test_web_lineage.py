"""The web app's lineage read in SQL (`State.links`, `store.links`) against the graph built
whole (`query.graph.build_graph`), which the app read before: on the stores of real
documents, every document's relations in and out, its in-force line and its diagram in each
direction are the graph's, in the graph's order; and a worker builds no graph at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from vanban.app.web import diagram
from vanban.app.web.documents import in_force, relations
from vanban.app.web.state import State
from vanban.query import graph as graph_module
from vanban.query.graph import build_graph
from vanban.query.lineage import LINEAGE_RELATIONS, lineage, resolve
from vanban.store.db import open_store


def _graph(db: Path) -> nx.MultiDiGraph:
    conn = open_store(db)
    try:
        return build_graph(conn, agencies=False)
    finally:
        conn.close()


def _graph_relations(graph: nx.MultiDiGraph, node: str, direction: str) -> list[dict[str, Any]]:
    """The lines the document page gave when it read the whole graph: networkx's edges of the
    node, in its order, through the same formatting."""
    edges = list(graph.out_edges(node, keys=True, data=True) if direction == "out" else graph.in_edges(node, keys=True, data=True))
    ends = {v if direction == "out" else u for u, v, _, _ in edges}
    return relations(edges, {n: graph.nodes[n] for n in ends}, direction)


@pytest.mark.parametrize("which", ["db", "researcher_db"])
def test_every_document_page_and_diagram_is_the_graphs(which: str, request: pytest.FixtureRequest) -> None:
    db = request.getfixturevalue(which)
    graph = _graph(db)
    state = State(db)
    doc_ids = [i for _, d in graph.nodes(data=True) for i in d.get("ids", ())]
    assert len(doc_ids) > len({n for n, d in graph.nodes(data=True) if d.get("in_corpus")}) or which == "db"  # copies too
    stubs = [n for n, d in graph.nodes(data=True) if not d.get("in_corpus")]
    assert stubs  # documents the store knows only from their mentions are compared too
    for doc_id in doc_ids:
        node = next(n for n, d in graph.nodes(data=True) if doc_id in d.get("ids", ()))
        out, into, nodes = state.relations(doc_id)
        want_out, want_in = _graph_relations(graph, node, "out"), _graph_relations(graph, node, "in")
        assert relations(out, nodes, "out") == want_out, doc_id
        assert relations(into, nodes, "in") == want_in, doc_id
        assert in_force(relations(into, nodes, "in")) == in_force(want_in)
    for name in doc_ids + stubs + ["75-KL/TW", "KL 75-KL/TW", "57-NQ/TW", "no-such/code"]:
        starts = state.resolve(name)
        assert starts == resolve(graph, name), name
        for direction in ("both", "down", "up"):
            if not starts:
                continue
            got = diagram.build(state.lineage(starts, direction), starts)
            want = diagram.build(lineage(graph, starts, direction, LINEAGE_RELATIONS), starts)
            assert (got.elements, got.bands, got.legend, got.left_out) == (want.elements, want.bands, want.legend, want.left_out)


def test_a_worker_reads_the_lineage_without_building_the_graph(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_graph(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the whole graph was built")

    monkeypatch.setattr(graph_module, "build_graph", no_graph)
    state = State(db)
    state.warm()
    doc_id = state.snapshot().documents[0].id
    assert state.relations(doc_id)[0] or state.relations(doc_id)[1]
    assert state.lineage(state.resolve("75-KL/TW"), "both").number_of_nodes() > 1
    # the lookups are the worker's, kept across requests, and bounded
    with state.links() as links:
        kept = links.kept
    assert kept > 0
    state.relations(doc_id)
    with state.links() as links:
        assert links.kept == kept
