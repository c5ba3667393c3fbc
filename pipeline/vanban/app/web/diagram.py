"""A document's lineage as a diagram ("Lược đồ"): Cytoscape.js elements with their places.

The layout is computed here, not in the browser, because its rules are the reader's: one
band per administrative level, the centre on top, then the province, the district, the
commune; the selected document in the middle of its band, the others on both sides of it by
date. Each document is one node (the graph's node merges every file of one document), each
relation one typed, coloured edge, and each node links to its page, or, for a document the
store only knows from its mentions, to its own lineage.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import networkx as nx

from vanban.app.web.words import level_name, level_of, relation_colour, relation_name, say, show_date

LEVELS = ("centre", "province", "district", "commune", "unknown")
MAX_NODES = 120  # a general law's lineage can hold hundreds: the nearest are drawn
BAND = 200  # px between the levels' bands
STEP = 210  # px between two documents of one band
PER_ROW = 6  # documents side by side in a band before it wraps (a phone shows about three)
SUB_ROW = 130  # px between the rows of a wrapped band


@dataclass
class Diagram:
    roots: list[str]
    elements: list[dict[str, Any]] = field(default_factory=list)
    # the same documents for a list reader (and a screen reader): level -> nodes, by date
    bands: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (relation word, colour)
    left_out: int = 0


def node_label(data: dict[str, Any]) -> str:
    head = " ".join(x for x in (data.get("doc_type"), data.get("code")) if x)
    if not head:
        head = (data.get("title") or say("no_number"))[:60]
    return head


def node_href(node: str, data: dict[str, Any]) -> str:
    ids = data.get("ids") or []
    if ids:
        return f"/van-ban/{quote(ids[0], safe='')}"
    return f"/luoc-do?doc={quote(node, safe='')}"


def _nearest(sub: nx.MultiDiGraph, roots: list[str], limit: int) -> set[str]:
    seen = set(roots)
    queue = deque(roots)
    undirected = sub.to_undirected(as_view=True)
    while queue and len(seen) < limit:
        n = queue.popleft()
        for m in sorted(undirected.neighbors(n)):
            if m not in seen and len(seen) < limit:
                seen.add(m)
                queue.append(m)
    return seen


def build(sub: nx.MultiDiGraph, roots: list[str]) -> Diagram:
    """The diagram of a lineage subgraph (`lineage.walk` or `lineage.lineage` of `roots`)."""
    keep = _nearest(sub, roots, MAX_NODES) if sub.number_of_nodes() > MAX_NODES else set(sub.nodes)
    out = Diagram(roots, left_out=sub.number_of_nodes() - len(keep))
    listed: dict[str, dict[str, Any]] = {}  # node -> its item in `bands`
    by_level: dict[str, list[str]] = {lv: [] for lv in LEVELS}
    for n in keep:
        by_level[level_of(sub.nodes[n].get("issuer"))].append(n)
    used = [lv for lv in LEVELS if by_level[lv]]
    y = 0.0
    for lv in used:
        band = set(by_level[lv])
        depth = _depths(sub, band)
        described = []
        for d in sorted(set(depth.values())):
            nodes = sorted((n for n in band if depth[n] == d), key=lambda n: (n not in roots, sub.nodes[n].get("date") or "9999", n))
            rows = 0
            for n, (x, sub_row) in zip(nodes, _spread(len(nodes))):
                rows = max(rows, sub_row + 1)
                data = sub.nodes[n]
                item: dict[str, Any] = {"id": n, "label": node_label(data), "issuer": data.get("issuer") or "",
                        "date": show_date(data.get("date")), "title": data.get("title") or "",
                        "href": node_href(n, data), "in_store": bool(data.get("in_corpus")), "root": n in roots,
                        "level": lv, "relations": []}
                described.append(item)
                listed[n] = item
                classes = " ".join(c for c in ("root" if n in roots else "", "" if item["in_store"] else "stub") if c)
                out.elements.append({"group": "nodes", "data": {**{k: v for k, v in item.items() if k != "relations"},
                                                                "display": _display(item)},
                                     "position": {"x": x, "y": y + sub_row * SUB_ROW}, "classes": classes})
            y += SUB_ROW * rows
        y += BAND - SUB_ROW
        out.bands.append((level_name(lv), sorted(described, key=lambda d: (not d["root"], d["label"]))))
    relations_seen: dict[str, str] = {}
    for u, v, k in sorted(sub.edges(keys=True)):
        if u in keep and v in keep:
            word = relation_name(k)
            relations_seen[word] = relation_colour(k)
            out.elements.append({"group": "edges", "data": {"id": f"{u}->{v}:{k}", "source": u, "target": v,
                                                            "relation": k, "label": word, "colour": relation_colour(k)}})
            # the list says each drawn relation once, under the document it goes from
            target = listed[v]
            listed[u]["relations"].append({"word": word, "label": target["label"], "href": target["href"],
                                           "issuer": target["issuer"]})
    out.legend = sorted(relations_seen.items())
    return out


def _depths(sub: nx.MultiDiGraph, band: set[str]) -> dict[str, int]:
    """Within one level, how many documents of that level a document sits under (a district
    plan that implements another district plan goes one row below it); cycles are cut."""
    depth = dict.fromkeys(band, 0)
    for _ in range(len(band)):  # longest paths by relaxation; at most |band| rounds
        changed = False
        for u, v in sub.edges():
            if u in band and v in band and u != v and depth[u] < depth[v] + 1 <= len(band) - 1:
                depth[u] = depth[v] + 1
                changed = True
        if not changed:
            break
    return depth


def _spread(n: int) -> list[tuple[float, int]]:
    """(x, sub-row) of n documents of one band, in order of importance: the first ones take the
    middle slots, the next ones alternate right and left; a band wider than PER_ROW wraps."""
    out = []
    for row in range(0, n, PER_ROW):
        count = min(PER_ROW, n - row)
        centre = (count - 1) / 2
        slots = sorted(range(count), key=lambda i: (abs(i - centre), -i))
        out += [((s - centre) * STEP, row // PER_ROW) for s in slots]
    return out


def _display(item: dict[str, Any]) -> str:
    lines = [item["label"], item["issuer"][:40], item["date"]]
    return "\n".join(x for x in lines if x)


def list_json(d: Diagram) -> dict[str, Any]:
    return {"roots": d.roots, "elements": d.elements, "left_out": d.left_out}
