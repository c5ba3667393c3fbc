"""The lineage read from the store in SQL (`store.links`) against the graph built whole
(`query.graph.build_graph`): the same nodes, attributes, edges and lineages, on real stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from vanban.query.graph import build_graph, document_nodes
from vanban.query.lineage import LINEAGE_RELATIONS, lineage, resolve, walk
from vanban.store.db import open_store
from vanban.store.links import Links

ALL_RELATIONS = ("implements", "guides", "amends", "based_on", "cites", "replaces", "repeals")


def _edges(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert _edges(a) == _edges(b)


@pytest.fixture(params=["db", "researcher_db"])
def pair(request: pytest.FixtureRequest) -> tuple[nx.MultiDiGraph, Links]:
    conn = open_store(request.getfixturevalue(request.param))
    yield build_graph(conn, agencies=False), Links(conn)
    conn.close()


def test_every_node_and_its_edges_are_the_graphs(pair: tuple[nx.MultiDiGraph, Links]) -> None:
    graph, links = pair
    assert any(not d.get("in_corpus") for _, d in graph.nodes(data=True))  # stubs are compared too
    for node, data in graph.nodes(data=True):
        assert links.node_data(node) == data, node
        got_in = {(u, v, k): d for u, v, k, d in links.in_edges([node])}
        assert got_in == {(u, v, k): d for u, v, k, d in graph.in_edges(node, keys=True, data=True)}, node
        got_out = {(u, v, k): d for u, v, k, d in links.out_edges([node])}
        assert got_out == {(u, v, k): d for u, v, k, d in graph.out_edges(node, keys=True, data=True)}, node
    assert links.node_data("no such node") is None


def test_the_stated_lineage_and_the_copies_are_read_too(researcher_db: Path) -> None:
    """The seed states that KH 273-KH/TU (cited only) implements CT 28-CT/TW: an inferred edge
    between two stubs, found from either end. NĐ 249 is stored twice, one node."""
    conn = open_store(researcher_db)
    try:
        graph, links = build_graph(conn, agencies=False), Links(conn)
        merged = [n for n, d in graph.nodes(data=True) if len(d.get("ids", [])) > 1]
        assert merged and all(links.node_data(n) == graph.nodes[n] for n in merged)
        inferred = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("inferred")]
        assert inferred
        for u, v, k in inferred:
            assert (u, v, k) in {(a, b, c) for a, b, c, _ in links.out_edges([u])}
            assert (u, v, k) in {(a, b, c) for a, b, c, _ in links.in_edges([v])}
    finally:
        conn.close()


def test_names_resolve_as_in_the_graph(pair: tuple[nx.MultiDiGraph, Links]) -> None:
    graph, links = pair
    names = {"57-NQ/TW", "KL 75-KL/TW", "28-ct/tw", "273-KH/TU", "no-such/code", " 75-KL/TW "}
    for node in document_nodes(graph):
        data = graph.nodes[node]
        names |= {node, *(data.get("ids") or []), *([data["code"], data["code"].lower()] if data.get("code") else [])}
    for name in sorted(names):
        assert links.resolve(name) == resolve(graph, name), name


@pytest.mark.parametrize("direction", ["down", "up", "both"])
def test_every_lineage_is_the_graphs(pair: tuple[nx.MultiDiGraph, Links], direction: str) -> None:
    graph, links = pair
    for relations in (LINEAGE_RELATIONS, ALL_RELATIONS, ("implements",)):
        for node in document_nodes(graph):
            _same(walk(links, [node], direction, relations), lineage(graph, [node], direction, relations))
