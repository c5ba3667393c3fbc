"""Reading the store: records back, passages by full-text search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from vanban.store.forms import FTS_WEIGHTS, match_expression, plain_form, query_groups
from vanban.store.schema import (
    ASSIGNMENT_FIELDS,
    DOC_COLUMNS,
    ENTITY_FIELDS,
    REFERENCE_FIELDS,
    SECTION_FIELDS,
    bounded,
    placeholders,
)
from vanban.store.search import SCOPED, Scope, ranked
from vanban.text.normalize import match_key


@dataclass
class Hit:
    """A full-text search hit: one passage of one document."""

    chunk: int
    kind: str  # "task" | "section"
    doc_id: str
    assignment_id: int | None
    section: str | None
    start: int
    end: int
    score: float  # larger is better


# Characters of document texts a store keeps for quoting (`StoreReader.text`): a topic
# question weighs passages of a hundred documents, six million characters on the corpus, and
# reading a text is mostly decoding it (a tenth of a second for those).
TEXT_CHARS_KEPT = 16_000_000
KINDS = frozenset({"task", "section"})


class StoreReader:
    """The reading half of `Store`."""

    db: sqlite3.Connection
    _texts: dict[str, str]  # document id -> text, oldest first (`text`)

    # -- reading --------------------------------------------------------------------------

    def record(self, doc_id: str) -> dict[str, Any] | None:
        """The record as it was put (field order aside)."""
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        out: dict[str, Any] = {c: row[c] for c in DOC_COLUMNS}
        out.update(json.loads(row["meta"]))
        out["format"] = row["format"]
        out["text"] = row["text"]
        out["sections"] = self._children("sections", doc_id, SECTION_FIELDS)
        out["references"] = self._children("doc_references", doc_id, REFERENCE_FIELDS)
        out["assignments"] = self._children("assignments", doc_id, ASSIGNMENT_FIELDS)
        for a in out["assignments"]:
            a["deadline"] = json.loads(a["deadline"]) if a["deadline"] else None
            if a.get("report_to") is None:
                a.pop("report_to", None)
        out["entities"] = self._children("entities", doc_id, ENTITY_FIELDS)
        return out

    def _children(self, table: str, doc_id: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
        cols = ", ".join(f'"{f}"' for f in fields)
        extra = ", extra" if table != "entities" else ""
        items = []
        for row in self.db.execute(f"SELECT {cols}{extra} FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,)):
            item = {f: row[f] for f in fields}
            if extra and row["extra"]:
                item.update(json.loads(row["extra"]))
            items.append(item)
        return items

    def documents(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT id, key, source, doc_type, code, issuer, date, title FROM documents").fetchall()

    def text(self, doc_id: str, start: int, end: int) -> str:
        """text[start:end] of a stored document. A question quotes hundreds of passages of a
        few documents: SQLite's substr reads the whole text of a long law for each one (2 ms
        a quote on the corpus), so the texts read are kept, the oldest dropped first."""
        kept = self._texts
        text = kept.get(doc_id)
        if text is None:
            row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return ""
            text = kept[doc_id] = row["text"]
            while len(kept) > 1 and sum(map(len, kept.values())) > TEXT_CHARS_KEPT:
                del kept[next(iter(kept))]
        return text[max(0, start):max(0, end)]

    def forget_texts(self) -> None:
        """Drop the texts kept for quoting (a long-lived reader calls it between requests)."""
        self._texts.clear()

    def search(self, query: str, kinds: Iterable[str] = ("task", "section"), limit: int = 50,
               mode: str = "any", doc_ids: Iterable[str] | None = None) -> list[Hit]:
        """Passages matching `query` (words; with or without diacritics), best first; only of
        the documents `doc_ids` when given (filtered before the limit, not after it).

        mode "all" asks for every word, "any" for at least one (bm25 still ranks passages that
        have more of them first)."""
        groups = query_groups(query, self.plain_compounds)
        if not groups:
            return []
        kinds = tuple(kinds)
        scope: Scope | None = None
        if doc_ids is not None:
            docs = json.dumps(sorted(doc_ids))
            # The passages of a document are stored together, so those of a few documents (a
            # lineage, an agency's plans) lie between two passage ids: FTS5 then reads only that
            # stretch of each word's list. Same passages, same scores (bm25 weighs the words
            # over the whole index all the same).
            lo, hi = self.db.execute("SELECT min(id), max(id) FROM chunks WHERE doc_id IN"
                                     " (SELECT value FROM json_each(?))", (docs,)).fetchone()
            if lo is None:
                return []
            scope = (lo, hi, docs)
        try:
            found = ranked(self.db, groups, mode, limit, scope, self.passage_values) if set(kinds) >= KINDS else None
            if found is None:
                return self._fts_ranked(match_expression(groups, mode), kinds, limit, scope)
        except sqlite3.OperationalError:
            return []  # a query FTS5 cannot parse finds nothing rather than failing the question
        rows = {r["id"]: r for part in bounded([i for i, _ in found]) for r in self.db.execute(
            f'SELECT id, kind, doc_id, assignment_id, section, start, "end" FROM chunks WHERE id IN ({placeholders(part)})',
            part)}
        return [Hit(i, rows[i]["kind"], rows[i]["doc_id"], rows[i]["assignment_id"], rows[i]["section"], rows[i]["start"],
                    rows[i]["end"], s) for i, s in found if i in rows]

    def _fts_ranked(self, match: str, kinds: tuple[str, ...], limit: int, scope: Scope | None) -> list[Hit]:
        """The search ranked by FTS5 itself: every matching passage scored."""
        marks = ",".join("?" * len(kinds))
        sql = (f'SELECT c.id, c.kind, c.doc_id, c.assignment_id, c.section, c.start, c."end",'
               f" bm25(fts, {', '.join(map(str, FTS_WEIGHTS))}) AS rank"
               f" FROM fts JOIN chunks c ON c.id = fts.rowid WHERE fts MATCH ? AND c.kind IN ({marks})"
               + (SCOPED if scope else "")
               + " ORDER BY rank LIMIT ?")
        rows = self.db.execute(sql, (match, *kinds, *(scope or ()), limit)).fetchall()
        return [Hit(r["id"], r["kind"], r["doc_id"], r["assignment_id"], r["section"], r["start"], r["end"], -r["rank"])
                for r in rows]

    def passage_plain(self, ids: Iterable[int]) -> dict[int, str]:
        """The unmarked syllables of indexed passages (the `plain` form they were indexed with),
        by chunk id: derived from the passage's text, which the store keeps once."""
        return {cid: plain_form(passage, kept) for cid, passage, kept in self._indexed(ids)}

    def passage_values(self, ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """The (text, words, plain) values each passage was indexed with, by chunk id."""
        out = {}
        for cid, passage, kept in self._indexed(ids):
            words = kept if kept is not None else match_key(passage)
            out[cid] = (words.replace("_", " "), words, plain_form(passage, kept))  # `forms.fts_values`, quickly
        return out

    def _indexed(self, ids: Iterable[int]) -> Iterator[tuple[int, str, str | None]]:
        """(chunk id, passage text, the word form kept for it) of indexed passages; the text is
        empty when the kept word form is all that the index forms need."""
        for part in bounded(ids):
            rows = self.db.execute(
                'SELECT c.id, c.kind, c.doc_id, c.start, c."end", c.words, a.task FROM chunks c'
                f" LEFT JOIN assignments a ON a.id = c.assignment_id WHERE c.id IN ({placeholders(part)})",
                part).fetchall()
            # a section passage is its document's text[start:end], cut from the texts kept for
            # quoting: SQLite's substr reads a long law's whole text again for each passage
            for r in sorted(rows, key=lambda r: r["doc_id"]):
                if r["words"] is not None:
                    passage = ""
                elif r["kind"] == "task":
                    passage = r["task"] or ""
                elif r["start"] is None or r["end"] is None:
                    passage = ""
                else:
                    passage = self.text(r["doc_id"], r["start"], r["end"])
                yield r["id"], passage, r["words"]

    def plain_compounds(self, syllables: list[str]) -> list[str]:
        """Unmarked syllables cut into the longest known words, greedily from the left."""
        grams = {"_".join(syllables[i:i + n]) for n in (2, 3, 4) for i in range(len(syllables) - n + 1)}
        if not grams:
            return syllables
        marks = ",".join("?" * len(grams))
        known = {r[0] for r in self.db.execute(f"SELECT term FROM plain_words WHERE term IN ({marks})", tuple(grams))}
        out, i = [], 0
        while i < len(syllables):
            for n in (4, 3, 2, 1):
                gram = "_".join(syllables[i:i + n])
                if n == 1 or (i + n <= len(syllables) and gram in known):
                    out.append(gram)
                    i += n
                    break
        return out
