"""The documents: the browse view's filters, and one document's page (its properties panel,
its relations in and out, its in-force status where the store knows it, its text with the
passage marked and the page it is on)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from vanban.app.web.filters import Form, facet_counts, in_range, issuer_matches
from vanban.app.web.state import Snapshot, State, document_json
from vanban.app.web.words import level_name, plain, relation_name, role_name, words
from vanban.store.browse import DocumentRow, Pages, assignments_of, document_text, pages_of
from vanban.store.links import Edge

BROWSE_FACETS = ("province", "issuer", "doc_type", "level_name")


@dataclass
class Browse:
    form: Form
    documents: list[DocumentRow] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.documents)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.form.per_page))

    def page(self) -> list[DocumentRow]:
        start = (self.form.page - 1) * self.form.per_page
        return self.documents[start:start + self.form.per_page]


def browse(snap: Snapshot, form: Form, level: str = "") -> Browse:
    words_typed = plain(form.q).split()
    out = []
    for d in snap.documents:
        if form.province and snap.province.get(d.id) != form.province:
            continue
        if form.issuer and not issuer_matches(form.issuer, [d.issuer, d.parent_issuer]):
            continue
        if form.doc_type and d.doc_type != form.doc_type:
            continue
        if level and level_name(snap.level.get(d.id, "unknown")) != level:
            continue
        if not in_range(d.date, *form.date_range):
            continue
        if words_typed:
            said = snap.said.get(d.id, "")
            if not all(w in said for w in words_typed):
                continue
        out.append(d)
    if form.sort == "oldest":
        out = sorted((d for d in out if d.date), key=lambda d: d.date or "") + [d for d in out if not d.date]
    items = [{**document_json(d, snap), "level_name": level_name(snap.level.get(d.id, "unknown"))} for d in out]
    return Browse(form, out, facet_counts(items, BROWSE_FACETS))


def page_label(pages: Pages, start: int) -> str:
    span = pages.of(start)
    if span is None:
        return ""
    return f"trang {span[0]}" if span[0] == span[1] else f"trang {span[0]}–{span[1]}"


def offset(value: str | None) -> int | None:
    """A character offset from the query string, or None ("²" is a digit to str.isdigit)."""
    return int(value) if value and re.fullmatch(r"[0-9]{1,9}", value) else None


def document_page(state: State, doc_id: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    snap = state.snapshot()
    row = snap.by_id.get(doc_id)
    if row is None:
        return None
    with state.store() as store:
        got = document_text(store.db, doc_id)
        if got is None:
            return None
        text, meta = got
        pages = pages_of(store.db, doc_id, row.pages)
        tasks = assignments_of(store.db, doc_id)
    out, into, nodes = state.relations(doc_id)
    coming = relations(into, nodes, "in")
    marked = start is not None and end is not None and 0 <= start < end <= len(text)
    for t in tasks:
        t["role_name"] = role_name(t["role"])
        t["page_label"] = page_label(pages, t["start"] or 0)
        t["href"] = f"/van-ban/{quote(doc_id, safe='')}?start={t['start']}&end={t['end']}#doan"
    return {
        "doc": row, "province": snap.province.get(doc_id), "level": level_name(snap.level.get(doc_id, "unknown")),
        "signer": row.signer or meta.get("signer") or {}, "recipients": meta.get("recipients") or [],
        "before": text[:start] if marked else text, "hit": text[start:end] if marked else "",
        "after": text[end:] if marked else "", "marked": marked,
        "hit_page": page_label(pages, start) if marked and start is not None else "",
        "relations_out": relations(out, nodes, "out"), "relations_in": coming,
        "in_force": in_force(coming), "tasks": tasks,
        "lineage_href": f"/luoc-do?doc={quote(doc_id, safe='')}",
    }


def relations(edges: list[Edge], nodes: dict[str, dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    """The documents this one cites (out) or that cite it (in), one line per document and
    relation, with the Vietnamese word of the relation as read from that side; `edges` and
    `nodes` as `State.relations` reads them."""
    from vanban.app.web.diagram import node_href, node_label

    out = []
    first: dict[str, int] = {}
    for u, v, _, _ in edges:
        first.setdefault(v if direction == "out" else u, len(first))
    # The edges as networkx lists a node's: by the document at the other end, in the order
    # each was first linked (the reading order of the citing document), so that two lines of
    # one relation, date and label keep the order the page always gave them.
    for u, v, k, d in sorted(edges, key=lambda e: first[e[1] if direction == "out" else e[0]]):
        if d.get("kind") != "reference":
            continue
        other = v if direction == "out" else u
        data = nodes.get(other) or {}
        out.append({"relation": k, "word": relation_name(k, direction), "label": node_label(data),
                    "issuer": data.get("issuer") or "", "date": data.get("date"), "title": data.get("title") or "",
                    "href": node_href(other, data), "in_store": bool(data.get("in_corpus"))})
    order = list(words()["relations"])
    out.sort(key=lambda r: (order.index(r["relation"]) if r["relation"] in order else len(order), r["date"] or "", r["label"]))
    return out


def in_force(coming: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """What the store knows of a document's force: a stored document that repeals or replaces
    it, or amends it (`coming`: the relations into it); else that the store does not know (it
    never guesses "còn hiệu lực")."""
    said = words()["in_force"]
    for relation in ("repeals", "replaces", "amends"):
        by = [r for r in coming if r["relation"] == relation]
        if by:
            return said[relation], by
    return said["unknown"], []
