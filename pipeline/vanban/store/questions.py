"""The SQL that answering questions needs (`vanban.query.answer`), kept with the schema it reads."""

from __future__ import annotations

import json
import sqlite3
import string
from collections.abc import Iterable, Iterator
from typing import Any

from vanban.store.db import Store
from vanban.store.schema import bounded, placeholders


def known_agencies(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(name, fold, plain) of the agencies that have tasks: those a question can be about."""
    # EXISTS probes the agency index once an agency; IN (SELECT …) read every assignment
    return [(r[0], r[1], r[2]) for r in db.execute(
        "SELECT name, fold, plain FROM agencies a WHERE EXISTS (SELECT 1 FROM assignments s WHERE s.agency_id = a.id)"
        " ORDER BY a.id")]


def document_ids(store: Store) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT id FROM documents")}


def document_issuers(store: Store) -> list[tuple[str, str]]:
    """(id, issuer and parent issuer) of every document, for an issuer filter."""
    return [(r[0], f"{r[1] or ''} {r[2] or ''}") for r in store.db.execute("SELECT id, issuer, parent_issuer FROM documents")]


def issuers(store: Store) -> set[str]:
    """Each different issuer and parent issuer of the documents, as `document_issuers` gives them."""
    return {f"{r[0] or ''} {r[1] or ''}" for r in store.db.execute("SELECT DISTINCT issuer, parent_issuer FROM documents")}


def documents_since(store: Store, since: str) -> set[str]:
    # Dates are ISO, possibly partial ("2024-03"): string order is date order.
    return {r[0] for r in store.db.execute("SELECT id FROM documents WHERE date >= ?", (since,))}


def assignments_of_documents(store: Store, doc_ids: Iterable[str]) -> list[int]:
    out: list[int] = []
    for part in bounded(sorted(doc_ids)):
        out += [r[0] for r in store.db.execute(
            f"SELECT id FROM assignments WHERE doc_id IN ({placeholders(part)})", part)]
    return out


class DocumentAssignments:
    """The assignments a passage overlaps, and those of a section (and its subsections), for
    many passages of a few documents: each document's assignments read once (a topic question
    asks both of hundreds of passages: a query each was a fifth of its time), the same answers,
    in the same order as one query a passage gives (tests/test_question_sql.py)."""

    def __init__(self, store: Store, doc_ids: Iterable[str]) -> None:
        self.spans: dict[str, list[tuple[int, int | None, int | None]]] = {}
        self.sections: dict[str, dict[str, list[int]]] = {}  # document -> section -> assignments
        for part in bounded(sorted(set(doc_ids))):
            for r in store.db.execute('SELECT id, doc_id, section, start, "end" FROM assignments'
                                      f" WHERE doc_id IN ({placeholders(part)}) ORDER BY id", part):
                self.spans.setdefault(r[1], []).append((r[0], r[3], r[4]))
                if r[2] is not None:
                    self.sections.setdefault(r[1], {}).setdefault(r[2], []).append(r[0])
        self._below: dict[tuple[str, str], list[int]] = {}

    def overlapping(self, doc_id: str, start: int, end: int) -> list[int]:
        return [a for a, s, e in self.spans.get(doc_id, ()) if s is not None and e is not None and s < end and e > start]

    def in_section(self, doc_id: str, path: str, below: bool = True) -> list[int]:
        sections = self.sections.get(doc_id, {})
        if not below:
            return list(sections.get(path, ()))
        found = self._below.get((doc_id, path))
        if found is None:
            prefix = path.replace("%", "") + "."  # the SQL's LIKE 'path.%'
            held = [ids for sec, ids in sections.items() if sec == path or like_prefix(prefix, sec)]
            found = self._below[(doc_id, path)] = sorted(a for ids in held for a in ids)
        return found


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def like_prefix(prefix: str, text: str) -> bool:
    """Whether `text LIKE 'prefix%'` in SQLite (no ESCAPE): _ is any one character, ASCII
    letters match in either case, no other letter does."""
    if len(text) < len(prefix):
        return False
    head = text[:len(prefix)].translate(_ASCII_LOWER)
    want = prefix.translate(_ASCII_LOWER)
    if "_" not in want:
        return head == want
    return all(p == "_" or p == h for p, h in zip(want, head))


def documents_of_agencies(store: Store, names: list[str]) -> set[str]:
    """Ids of the documents that assign something to one of the agencies `names`."""
    return set(_of_agencies(store, "DISTINCT doc_id", names))


def assignments_of_agencies(store: Store, names: list[str]) -> set[int]:
    return set(_of_agencies(store, "id", names))


def _of_agencies(store: Store, column: str, names: list[str]) -> Iterator[Any]:
    for part in bounded(names):
        for r in store.db.execute(f"SELECT {column} FROM assignments WHERE agency IN ({placeholders(part)})", part):
            yield r[0]


ASSIGNMENT_COLUMNS = ('a.id, a.doc_id, a.agency, a.mention, a.role, a.task, a.deadline, a.section, a.start, a."end",'
                      " a.page, d.code, d.doc_type, d.issuer, d.date, d.title, d.key")


def assignment_rows(store: Store, ids: Iterable[int]) -> list[sqlite3.Row]:
    """The assignments with their documents' header fields."""
    rows: list[sqlite3.Row] = []
    for part in bounded(ids):
        rows += store.db.execute(
            f"SELECT {ASSIGNMENT_COLUMNS} FROM assignments a JOIN documents d ON d.id = a.doc_id"
            f" WHERE a.id IN ({placeholders(part)})", part).fetchall()
    return rows


def document_row(store: Store, doc_id: str) -> sqlite3.Row | None:
    return store.db.execute("SELECT id AS doc_id, code, doc_type, issuer, date, title, key FROM documents WHERE id = ?",
                            (doc_id,)).fetchone()


def document_page(store: Store, doc_id: str) -> dict[str, Any] | None:
    """What the document page of `vanban serve` shows: header fields, source and text."""
    row = store.db.execute("SELECT id, code, doc_type, issuer, date, title, source, text FROM documents"
                           " WHERE id = ?", (doc_id,)).fetchone()
    return dict(row) if row else None


def section_bounds(store: Store, doc_id: str, path: str) -> tuple[int, int] | None:
    row = store.db.execute('SELECT start, "end" FROM sections WHERE doc_id = ? AND path = ?', (doc_id, path)).fetchone()
    return (row[0], row[1]) if row else None


def section_heading(store: Store, doc_id: str, path: str) -> str | None:
    row = store.db.execute("SELECT heading FROM sections WHERE doc_id = ? AND path = ?", (doc_id, path)).fetchone()
    return row[0] if row else None


def page_of(store: Store, doc_id: str, offset: int) -> int | None:
    """The page of an offset, as far as the sections tell it: the store keeps the page where
    each section starts, so an offset between a section on page p and the next section also
    on page p is on p; between pages p and p + 1 it is not known, and None says so."""
    before = store.db.execute("SELECT page FROM sections WHERE doc_id = ? AND start <= ? AND page IS NOT NULL"
                              " ORDER BY start DESC LIMIT 1", (doc_id, offset)).fetchone()
    after = store.db.execute("SELECT page FROM sections WHERE doc_id = ? AND start > ? AND page IS NOT NULL"
                             " ORDER BY start LIMIT 1", (doc_id, offset)).fetchone()
    if before is None:
        return None
    page = before["page"]
    if after is not None:
        return page if after["page"] == page else None
    return page if _pages(store, doc_id) == page else None  # the last section, on the last page


def _pages(store: Store, doc_id: str) -> int | None:
    row = store.db.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return json.loads(row["meta"]).get("pages") if row else None


def superseded_among(store: Store, keys: Iterable[str]) -> set[str]:
    """Those of `keys` that another stored document replaces or repeals, read through the
    index of reference links (a reference's link is its target when it has one,
    `store.links`): a pass over every reference of the store took a third of a second on a
    store of 14,000 documents."""
    out: set[str] = set()
    for part in bounded(sorted(set(keys))):
        out |= {r[0] for r in store.db.execute(
            f"SELECT DISTINCT target FROM doc_references WHERE link IN ({placeholders(part)})"
            " AND target = link AND relation IN ('replaces', 'repeals')", part)}
    return out


def document_title(store: Store, doc_id: str) -> str | None:
    row = store.db.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def chunk_plain(store: Store, ids: Iterable[int]) -> dict[int, str]:
    """The unmarked syllables of indexed passages, by chunk id: the form they were indexed with,
    derived from the stored text (the index is contentless)."""
    return store.passage_plain(ids)
