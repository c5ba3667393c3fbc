"""`vanban lineage DOC`: what implements a document (down), what it implements (up).

Edges point from the citing document to the cited one, so "down" walks edges backwards.

Which relations make a lineage: `implements` (thực hiện, triển khai), `guides` (hướng dẫn,
quy định chi tiết) and `amends` (sửa đổi, bổ sung) are what a reader asking "what came of this
directive?" wants. `based_on` (căn cứ) is how a decree or circular names the law it details, so
it is followed too; the cost is that a general law (Luật Tổ chức Chính phủ) has a huge
lineage, which is true of it. `cites`, `replaces` and `repeals` are not lineage: a mention in
passing, or the end of a document rather than its continuation. `--relations` changes the set.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import networkx as nx

from vanban.query.graph import document_nodes
from vanban.store.db import code_key
from vanban.store.links import LINEAGE_RELATIONS as LINEAGE_RELATIONS  # re-exported: the CLI and the web name it here
from vanban.store.links import Links, node_code_key

DIRECTIONS = ("down", "up", "both")


def resolve(graph: nx.MultiDiGraph, doc: str) -> list[str]:
    """Document nodes named by `doc`: a node id (key), a record id, or a code ("57-NQ/TW",
    "KL 75-KL/TW", "2449-CV/DU"). A local code may name several documents (one per province):
    all of them are returned."""
    doc = doc.strip()
    if doc in graph and graph.nodes[doc].get("kind") == "document":
        return [doc]
    nodes = document_nodes(graph)
    by_id = [n for n in nodes if doc in graph.nodes[n].get("ids", [])]
    if by_id:
        return by_id
    wanted = {code_key(c) for c in _code_candidates(doc)}
    return [n for n in nodes if _node_codes(graph, n) & wanted]


def _code_candidates(doc: str) -> list[str]:
    """The code itself, and the code without a leading type word ("KL 75-KL/TW")."""
    parts = doc.split()
    return [doc, parts[-1]] if len(parts) > 1 else [doc]


def _node_codes(graph: nx.MultiDiGraph, node: str) -> set[str | None]:
    return {code_key(graph.nodes[node].get("code")), node_code_key(node)} - {None}


def lineage(graph: nx.MultiDiGraph, starts: list[str], direction: str = "down",
            relations: tuple[str, ...] = LINEAGE_RELATIONS) -> nx.MultiDiGraph:
    """The subgraph reached from `starts` through lineage relations, transitively (stubs
    included: a province's plan reaches the Politburo's resolution through the provincial
    Party plan even when only that plan's mention of it is in the corpus)."""
    keep: set[str] = set(starts)
    edges: set[tuple[str, str, str]] = set()
    for walk_down in ((True, False) if direction == "both" else (direction == "down",)):
        queue = deque(starts)
        seen = set(starts)
        while queue:
            node = queue.popleft()
            step = graph.in_edges(node, keys=True, data=True) if walk_down else graph.out_edges(node, keys=True, data=True)
            for u, v, k, d in step:
                if d.get("kind") != "reference" or d.get("relation") not in relations:
                    continue
                edges.add((u, v, k))
                nxt = u if walk_down else v
                keep.add(nxt)
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in keep)
    sub.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in edges)
    return sub


def walk(links: Links, starts: list[str], direction: str = "down",
         relations: tuple[str, ...] = LINEAGE_RELATIONS) -> nx.MultiDiGraph:
    """`lineage` read from the store in SQL (`store.links`, `Links.reach`): the same subgraph,
    without building the whole graph first. Walks one level of the lineage per query."""
    keep, edges = links.reach(starts, direction, relations)
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, links.node_data(n) or {}) for n in links.prefetch(keep))
    sub.add_edges_from((u, v, k, d) for (u, v, k), d in edges.items())
    return sub


def to_json(sub: nx.MultiDiGraph, starts: list[str]) -> dict[str, Any]:
    nodes = []
    for n in sorted(sub.nodes, key=lambda n: (n not in starts, sub.nodes[n].get("date") or "", n)):
        d = sub.nodes[n]
        nodes.append({"id": n, "code": d.get("code"), "doc_type": d.get("doc_type"), "issuer": d.get("issuer"),
                      "date": d.get("date"), "in_corpus": bool(d.get("in_corpus")), "title": d.get("title"),
                      "ids": d.get("ids", [])})
    edges = [{"source": u, "target": v, "relation": k} for u, v, k in sorted(sub.edges(keys=True))]
    return {"roots": starts, "nodes": nodes, "edges": edges}


def describe(data: dict[str, Any], node: str) -> str:
    head = data.get("code") or node
    bits = [b for b in (data.get("doc_type"), data.get("issuer"), data.get("date")) if b]
    stub = "" if data.get("in_corpus") else "  [not in corpus]"
    return f"{head}  {' · '.join(bits)}{stub}"


def tree(sub: nx.MultiDiGraph, starts: list[str], direction: str) -> str:
    """A readable tree per root; a document met twice is printed once, then referred to."""
    lines: list[str] = []
    shown: set[str] = set()
    walks = ("down", "up") if direction == "both" else (direction,)
    for root in starts:
        lines.append(describe(sub.nodes[root], root))
        for walk in walks:
            if direction == "both":
                lines.append(f"  {'implemented by' if walk == 'down' else 'implements'}:")
            _branch(sub, root, walk, "  " if direction == "both" else "", lines, shown | {root}, {root})
    return "\n".join(lines)


def _branch(sub: nx.MultiDiGraph, node: str, walk: str, prefix: str, lines: list[str],
            shown: set[str], path: set[str]) -> None:
    # By date, then node, then relation: two relations to one document come in one order
    # whatever order the edges were added in (the tree was printed in hash order before).
    if walk == "down":
        steps = sorted(((u, k) for u, _, k in sub.in_edges(node, keys=True)), key=lambda x: (sub.nodes[x[0]].get("date") or "", *x))
        arrow = "←"
    else:
        steps = sorted(((v, k) for _, v, k in sub.out_edges(node, keys=True)), key=lambda x: (sub.nodes[x[0]].get("date") or "", *x))
        arrow = "→"
    for i, (other, relation) in enumerate(steps):
        last = i == len(steps) - 1
        again = other in shown
        note = "  (see above)" if again and other not in path else ("  (cycle)" if other in path else "")
        lines.append(f"{prefix}{'└── ' if last else '├── '}{relation} {arrow} {describe(sub.nodes[other], other)}{note}")
        if not again:
            shown.add(other)
            _branch(sub, other, walk, prefix + ("    " if last else "│   "), lines, shown, path | {other})
