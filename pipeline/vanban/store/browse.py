"""What the web app reads from the store besides the questions: the documents' list, one
document with its properties, and where a passage's pages are.

The SQL of the web app lives here (the store package keeps all of it); the app filters,
counts and pages in Python over the documents' list, which is small (a row per document,
no text) and cached by the app while the store's files stay as they were.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DocumentRow:
    """A document as the browse view and the filters see it (no text)."""

    id: str
    key: str | None
    code: str | None
    doc_type: str | None
    issuer: str | None
    parent_issuer: str | None
    place: str | None
    date: str | None
    title: str | None
    format: str | None
    chars: int
    pages: int | None
    signer: dict[str, Any] | None
    assignments: int = 0
    references: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def document_rows(db: sqlite3.Connection) -> list[DocumentRow]:
    """Every stored document, newest first (undated last)."""
    counts = {r[0]: r[1] for r in db.execute("SELECT doc_id, count(*) FROM assignments GROUP BY doc_id")}
    refs = {r[0]: r[1] for r in db.execute("SELECT doc_id, count(*) FROM doc_references GROUP BY doc_id")}
    rows = []
    for r in db.execute("SELECT id, key, code, doc_type, issuer, parent_issuer, place, date, title, format,"
                        " length(text) AS chars, meta FROM documents ORDER BY coalesce(date, '') DESC, id"):
        meta = json.loads(r["meta"] or "{}")
        signer = meta.get("signer") if isinstance(meta.get("signer"), dict) else None
        rows.append(DocumentRow(r["id"], r["key"], r["code"], r["doc_type"], r["issuer"], r["parent_issuer"], r["place"],
                                r["date"], r["title"], r["format"], r["chars"] or 0, meta.get("pages"), signer,
                                counts.get(r["id"], 0), refs.get(r["id"], 0)))
    return rows


def document_text(db: sqlite3.Connection, doc_id: str) -> tuple[str, dict[str, Any]] | None:
    """(text, meta) of one document, None when the store has no such id."""
    row = db.execute("SELECT text, meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    return row["text"], json.loads(row["meta"] or "{}")


def assignments_of(db: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """The assignments of a document in reading order."""
    rows = db.execute('SELECT id, agency, role, task, deadline, section, start, "end", page FROM assignments'
                      " WHERE doc_id = ? ORDER BY start, seq", (doc_id,)).fetchall()
    out = []
    for r in rows:
        item = dict(r)
        item["deadline"] = json.loads(r["deadline"]) if r["deadline"] else None
        out.append(item)
    return out


@dataclass
class Pages:
    """Where the pages of a document start, as far as its sections tell: the store keeps the
    page each section starts on. An offset between a section on page p and the next section
    on page p is on p; between p and a later page it is on p or after, and `of` says so."""

    starts: list[int]
    pages: list[int]
    last: int | None  # the document's number of pages, when the reader knew it

    def of(self, offset: int) -> tuple[int, int] | None:
        """(first, last) page the offset can be on; None for a document without pages."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return (1, self.pages[0]) if self.pages else ((1, self.last) if self.last else None)
        page = self.pages[i]
        nxt = self.pages[i + 1] if i + 1 < len(self.pages) else (self.last or page)
        return (page, max(page, nxt))


def pages_of(db: sqlite3.Connection, doc_id: str, last: int | None) -> Pages:
    rows = db.execute("SELECT start, page FROM sections WHERE doc_id = ? AND page IS NOT NULL AND start IS NOT NULL"
                      " ORDER BY start", (doc_id,)).fetchall()
    return Pages([r[0] for r in rows], [r[1] for r in rows], last)


def issuer_names(db: sqlite3.Connection) -> list[str]:
    """Every issuer and parent issuer the documents name."""
    names = {r[0] for r in db.execute("SELECT issuer FROM documents WHERE issuer IS NOT NULL AND issuer != ''"
                                      " UNION SELECT parent_issuer FROM documents"
                                      " WHERE parent_issuer IS NOT NULL AND parent_issuer != ''")}
    return sorted(names)


def passages_with(db: sqlite3.Connection, words: str) -> int:
    """How many indexed passages hold `words` (all of them): how common a word is in the
    store, which tells a word that says something ("khủng long") from one that any passage
    has ("trên")."""
    from vanban.store.db import fts_query

    match = fts_query(words, "all")
    if not match:
        return 0
    try:
        return int(db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def passage_count(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])
