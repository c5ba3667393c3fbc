"""The lineage graph read from the store in SQL, a few rows at a time.

`vanban.query.graph.build_graph` reads every document and every reference into networkx: a
second on the corpus, 20 s and gigabytes at 100k documents, paid again by every process that
asks a lineage question. `Links` answers the same questions (which node a code names, a
node's attributes, its edges) from indexed lookups of the nodes asked about, so a lineage
costs what it reaches, not what the store holds. It gives exactly what the graph gives:
tests/test_links.py compares the two on every node of a real store.

The graph's rules, restated for the lookups (`vanban.query.graph` has the reasons):
* a document's node is its key, or `id:ID` when it has none; of the copies of one node the
  best (most assignments, then sections, then text, then source) stands for it, and only its
  references make edges;
* a reference links its document's node to `link` (its target, or `code:` and its folded
  code), one edge per relation, the first mention (by start) the evidence, `mentions` the count;
  a link no document carries is a stub, with what its first mention says of it;
* two mentions in a row of a best copy, the first a stub, the text between them stating the
  lineage (`data/lineage.json`), give an inferred edge from the first to the second.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.store.schema import bounded, code_key
from vanban.text.normalize import fold

GAP_CHARS = 60  # the longest text between two mentions that may state a lineage
LINEAGE_RELATIONS = ("implements", "guides", "amends", "based_on")  # why these: `vanban.query.lineage`
DOC_ATTRS = ("code", "doc_type", "issuer", "date", "title")
Edge = tuple[str, str, str, dict[str, Any]]  # (source node, target node, relation, attributes)


def doc_node(key: str | None, doc_id: str) -> str:
    """The node of a document: its identity key, or its own id when identity left it none."""
    return key or f"id:{doc_id}"


def node_code_key(node: str) -> str | None:
    """The code a node's id carries, as `code_key` gives it: keys are the code, qualified after
    "|" for local codes ("273-KH/TU|tỉnh ủy ninh thuận"), or prefixed ("code:…")."""
    return code_key(re.sub(r"^[a-z]+:", "", node.split("|")[0]))


def link_of(target: str | None, code: str | None) -> str | None:
    """The node a reference points at: its target, or its code when identity gave none."""
    return target or (f"code:{fold(code)}" if code else None)


@cache
def _stated_rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r["pattern"], re.I), r["relation"]) for r in load_rules("lineage")["rules"]]


def stated_relation(gap: str | None) -> str | None:
    """The relation the text between two mentions states ("…, về triển khai thực hiện …")."""
    return next((rel for pattern, rel in _stated_rules() if pattern.search(gap or "")), None)


def _order(row: Any) -> tuple[Any, ...]:
    """SQLite's ORDER BY doc_id, start, seq (NULLs first) in Python."""
    return (row["doc_id"], row["start"] is not None, row["start"] or 0, row["seq"] is not None, row["seq"] or 0)


@dataclass
class Group:
    """The stored copies of one document node, the best first, and the node's attributes."""

    node: str
    copies: list[sqlite3.Row]
    sources: list[str] | None = None  # filled by `Links._fill_sources`

    @property
    def best(self) -> str:
        return str(self.copies[0]["id"])

    @property
    def first_source(self) -> str:
        return min(str(r["source"]) for r in self.copies)

    def data(self) -> dict[str, Any]:
        best = self.copies[0]
        attrs = {a: best[a] for a in DOC_ATTRS}
        for row in self.copies[1:]:  # the best copy's values win; the others fill its gaps
            attrs.update({a: row[a] for a in DOC_ATTRS if not attrs[a] and row[a]})
        return {"kind": "document", "in_corpus": True, "primary": self.best, "ids": [r["id"] for r in self.copies],
                "sources": list(self.sources or []), **attrs}


COPY_COLUMNS = "d.id, d.key, d.source, d.code, d.doc_type, d.issuer, d.date, d.title"
REFERENCE_COLUMNS = 'r.doc_id, r.seq, r.text, r.code, r.doc_type, r.issuer, r.date, r.name, r.relation, r.link, r.section, r.start, r."end"'


class Links:
    """The lineage graph of a store, read in SQL as it is walked (see the module docstring).
    Lookups are kept for the life of the object: make one per question, or keep one while the
    store stays as it was (the web app's workers do, bounded by `kept`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._groups: dict[str, Group | None] = {}
        self._stubs: dict[str, dict[str, Any] | None] = {}
        self._refs: dict[str, list[sqlite3.Row]] = {}

    @property
    def kept(self) -> int:
        """Nodes and links whose lookups are kept (a long-lived reader bounds it)."""
        return len(self._groups) + len(self._stubs) + len(self._refs)

    # -- document nodes ---------------------------------------------------------------------

    def groups(self, nodes: Iterable[str]) -> dict[str, Group]:
        """The document nodes among `nodes`, with their copies (stubs and unknown ids left out)."""
        nodes = set(nodes)
        wanted = [n for n in nodes if n not in self._groups]
        if not wanted:
            return {n: g for n in nodes if (g := self._groups[n]) is not None}
        for n in wanted:
            self._groups[n] = None
        rows: list[sqlite3.Row] = []
        for part in bounded(wanted):
            marks = ",".join("?" * len(part))
            rows += self.db.execute(f"SELECT {COPY_COLUMNS} FROM documents d WHERE d.key IN ({marks})", part).fetchall()
        ids = [n[3:] for n in wanted if n.startswith("id:")]
        for part in bounded(ids):
            marks = ",".join("?" * len(part))
            rows += self.db.execute(f"SELECT {COPY_COLUMNS} FROM documents d WHERE d.id IN ({marks})"
                                    " AND (d.key IS NULL OR d.key = '')", part).fetchall()
        found: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r["source"]):  # the graph reads documents in source order
            found[doc_node(row["key"], row["id"])].append(row)
        # Which copy is the best is read only where there is a choice: counting a copy's text
        # reads all of it.
        sizes = self._sizes([r["id"] for copies in found.values() if len(copies) > 1 for r in copies])
        for node, copies in found.items():
            if node not in self._groups or self._groups[node] is not None:
                continue
            copies.sort(key=lambda r: (*(-x for x in sizes.get(r["id"], (0, 0, 0))), r["source"]))
            self._groups[node] = Group(node, copies)
        return {n: g for n in nodes if (g := self._groups.get(n)) is not None}

    def _sizes(self, ids: list[str]) -> dict[str, tuple[int, int, int]]:
        """(assignments, sections, characters) of stored copies: what makes one the best."""
        out: dict[str, tuple[int, int, int]] = {}
        for part in bounded(ids):
            marks = ",".join("?" * len(part))
            for r in self.db.execute(
                    "SELECT d.id, (SELECT count(*) FROM assignments a WHERE a.doc_id = d.id),"
                    " (SELECT count(*) FROM sections s WHERE s.doc_id = d.id), length(d.text)"
                    f" FROM documents d WHERE d.id IN ({marks})", part):
                out[r[0]] = (r[1] or 0, r[2] or 0, r[3] or 0)
        return out

    def _fill_sources(self, groups: Iterable[Group]) -> None:
        """The inputs that gave each group's copies (`sources` of the node), read for all at once."""
        groups = [g for g in groups if g.sources is None]
        by_id = {r["id"]: g for g in groups for r in g.copies}
        inputs: dict[str, list[str]] = defaultdict(list)
        for part in bounded(by_id):
            marks = ",".join("?" * len(part))
            for row in self.db.execute(f"SELECT source, doc_id FROM files WHERE doc_id IN ({marks}) ORDER BY source", part):
                inputs[row["doc_id"]].append(row["source"])
        for g in groups:
            g.sources = sorted({src for r in g.copies for src in (inputs.get(r["id"]) or [r["source"]])})

    def node_of_document(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT key FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return doc_node(row["key"], doc_id) if row else None

    def _is_best(self, doc_id: str, key: str | None) -> str | None:
        """The node of `doc_id` when that copy stands for it (its references make edges)."""
        node = doc_node(key, doc_id)
        group = self._groups[node] if node in self._groups else self.groups([node]).get(node)
        return node if group is not None and group.best == doc_id else None

    # -- references ---------------------------------------------------------------------------

    def references_to(self, nodes: Iterable[str]) -> list[sqlite3.Row]:
        """The references whose link is one of `nodes`, with their document's key."""
        wanted = [n for n in set(nodes) if n not in self._refs]
        for n in wanted:
            self._refs[n] = []
        for part in bounded(wanted):
            marks = ",".join("?" * len(part))
            for row in self.db.execute(f"SELECT {REFERENCE_COLUMNS}, d.key FROM doc_references r"
                                       f" JOIN documents d ON d.id = r.doc_id WHERE r.link IN ({marks})", part):
                self._refs[row["link"]].append(row)
        return sorted((r for n in set(nodes) for r in self._refs.get(n, [])), key=_order)

    def _counted(self, rows: Iterable[sqlite3.Row]) -> list[tuple[str, sqlite3.Row]]:
        """(citing node, reference) of the references that make edges: from a best copy, not
        to the citing document itself, in the graph's order."""
        rows = list(rows)
        self.groups({doc_node(r["key"], r["doc_id"]) for r in rows})  # one query for all, not one each
        out = []
        for r in rows:
            source = self._is_best(r["doc_id"], r["key"])
            if source is not None and r["link"] and r["link"] != source:
                out.append((source, r))
        return out

    def stub(self, node: str) -> dict[str, Any] | None:
        """A stub's attributes (what its first mention says), None when no reference makes it a
        node. A stub whose first mention says nothing at all has none (the graph gives it none)."""
        if node not in self._stubs:
            counted = self._counted(self.references_to([node])) if node not in self.groups([node]) else []
            if not counted:
                self._stubs[node] = None
            else:
                r = counted[0][1]
                attrs = {a: r[a] or None for a in ("code", "doc_type", "issuer", "date")}
                attrs["title"] = r["name"] if r["name"] and not r["code"] else None
                if any(attrs.values()):
                    self._stubs[node] = {"kind": "document", "in_corpus": False, "ids": [], "sources": [], **attrs}
                else:
                    self._stubs[node] = {}
        return self._stubs[node]

    def prefetch(self, nodes: Iterable[str]) -> list[str]:
        """Read what `node_data` needs of every one of `nodes` in a few queries; gives them back."""
        nodes = list(nodes)
        groups = self.groups(nodes)
        self._fill_sources(groups.values())
        self._counted(self.references_to(n for n in nodes if n not in groups))
        return nodes

    def node_data(self, node: str) -> dict[str, Any] | None:
        """A node's attributes as the graph holds them, None when it is no node."""
        group = self.groups([node]).get(node)
        if group is None:
            return self.stub(node)
        self._fill_sources([group])
        return group.data()

    # -- edges ------------------------------------------------------------------------------

    def in_edges(self, nodes: Iterable[str]) -> list[Edge]:
        """The reference edges into `nodes`, stated (inferred) ones included."""
        nodes = list(nodes)
        rows = self.references_to(nodes)
        edges = _merge(self._counted(rows))
        edges += self._stated(nodes, second=True)
        return edges

    def out_edges(self, nodes: Iterable[str]) -> list[Edge]:
        """The reference edges out of `nodes`: a document's references, a stub's stated lineage."""
        nodes = set(nodes)
        groups = self.groups(nodes)
        rows: list[sqlite3.Row] = []
        for part in bounded([g.best for g in groups.values()]):
            marks = ",".join("?" * len(part))
            rows += self.db.execute(f"SELECT {REFERENCE_COLUMNS}, d.key FROM doc_references r"
                                    f" JOIN documents d ON d.id = r.doc_id WHERE r.doc_id IN ({marks})", part).fetchall()
        edges = _merge(self._counted(sorted(rows, key=_order)))
        others = nodes - set(groups)
        self._counted(self.references_to(others))  # read for all at once, for `stub`
        stubs = [n for n in others if self.stub(n) is not None]
        edges += self._stated(stubs, second=False)
        return edges

    def _stated(self, nodes: Iterable[str], second: bool) -> list[Edge]:
        """Inferred edges through the mentions of `nodes`: as the second of a pair (`second`)
        or as the first (a stub's). The first of each (first, second, relation) by the graph's
        order is the evidence. The store keeps each mention's gap to the next (`gap`)."""
        pairs = []
        for part in bounded(set(nodes)):
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                'SELECT r.doc_id, r.seq, r.start, r."end", r.link, r.next_link, r.gap, d.key FROM doc_references r'
                f" JOIN documents d ON d.id = r.doc_id WHERE r.{'next_link' if second else 'link'} IN ({marks})"
                " AND r.gap IS NOT NULL", part).fetchall()
            self.groups({doc_node(r["key"], r["doc_id"]) for r in rows} | {r["link"] for r in rows if r["link"]})
            for r in rows:
                if not r["link"] or not r["next_link"] or r["link"] == r["next_link"]:
                    continue
                if self._is_best(r["doc_id"], r["key"]) is None or self.groups([r["link"]]):
                    continue  # a copy that does not stand for its document; a stored first says it itself
                pairs.append(r)
        out: dict[tuple[str, str, str], Edge] = {}
        for r in sorted(pairs, key=_order):
            relation = stated_relation(r["gap"])
            if relation and (r["link"], r["next_link"], relation) not in out:
                out[(r["link"], r["next_link"], relation)] = (
                    r["link"], r["next_link"], relation,
                    {"kind": "reference", "relation": relation, "doc": r["doc_id"], "section": None,
                     "start": r["start"], "end": r["end"], "text": None, "mentions": 1, "inferred": True})
        return list(out.values())

    def reach(self, starts: list[str], direction: str = "down",
              relations: tuple[str, ...] = LINEAGE_RELATIONS) -> tuple[set[str], dict[tuple[str, str, str], dict[str, Any]]]:
        """The nodes and edges of the lineage of `starts` ("down", "up" or "both"), one level
        per query: `vanban.query.lineage.walk` makes its subgraph of them; a question scoped to
        a lineage needs only the nodes, without importing networkx (a tenth of a second of a
        fresh `ask`)."""
        keep: set[str] = set(starts)
        edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        for walk_down in ((True, False) if direction == "both" else (direction == "down",)):
            seen = set(starts)
            frontier = list(starts)
            while frontier:
                following = []
                for u, v, k, d in (self.in_edges(frontier) if walk_down else self.out_edges(frontier)):
                    if d.get("kind") != "reference" or d.get("relation") not in relations:
                        continue
                    edges[(u, v, k)] = d
                    nxt = u if walk_down else v
                    keep.add(nxt)
                    if nxt not in seen:
                        seen.add(nxt)
                        following.append(nxt)
                frontier = following
        return keep, edges

    # -- naming a document --------------------------------------------------------------------

    def resolve(self, doc: str) -> list[str]:
        """Document nodes named by `doc`: a node id (key), a record id, or a code ("57-NQ/TW",
        "KL 75-KL/TW"); every document a local code names, in the graph's order."""
        doc = doc.strip()
        data = self.node_data(doc)
        if data and data.get("kind") == "document":
            return [doc]
        node = self.node_of_document(doc)
        if node is not None:
            return [node]
        parts = doc.split()
        wanted = {code_key(c) for c in ([doc, parts[-1]] if len(parts) > 1 else [doc])} - {None}
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        keys = [r[0] for r in self.db.execute(
            f"SELECT coalesce(nullif(key, ''), 'id:' || id) FROM documents WHERE code_key IN ({marks})"
            f" OR key_code IN ({marks})", (*wanted, *wanted))]
        groups = self.groups(keys)
        docs = sorted((g for g in groups.values() if {code_key(g.data()["code"]), node_code_key(g.node)} & wanted),
                      key=lambda g: g.first_source)
        links = [r[0] for r in self.db.execute(
            f"SELECT DISTINCT link FROM doc_references WHERE code_key IN ({marks}) OR link_code IN ({marks})",
            (*wanted, *wanted)) if r[0] not in groups]
        stubs = []
        for link in links:
            data = self.stub(link)
            if data and {code_key(data["code"]), node_code_key(link)} & wanted:
                stubs.append((_order(self._counted(self.references_to([link]))[0][1]), link))
        return [g.node for g in docs] + [link for _, link in sorted(stubs)]


def _merge(counted: list[tuple[str, sqlite3.Row]]) -> list[Edge]:
    """One edge per (citing node, link, relation): the first mention the evidence, all counted."""
    edges: dict[tuple[str, str, str], Edge] = {}
    for source, r in counted:
        relation = r["relation"] or "cites"
        key = (source, r["link"], relation)
        if key in edges:
            edges[key][3]["mentions"] += 1
            continue
        edges[key] = (source, r["link"], relation, {
            "kind": "reference", "relation": relation, "doc": r["doc_id"], "section": r["section"], "start": r["start"],
            "end": r["end"], "text": r["text"], "mentions": 1})
    return list(edges.values())
