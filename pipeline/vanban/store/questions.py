"""The SQL that answering questions needs (`vanban.query.answer`), kept with the schema it reads."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from vanban.store.db import Store
from vanban.store.schema import bounded, placeholders


def known_agencies(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(name, fold, plain) of the agencies that have tasks: those a question can be about."""
    return [(r[0], r[1], r[2]) for r in db.execute(
        "SELECT name, fold, plain FROM agencies WHERE id IN (SELECT agency_id FROM assignments)")]


def document_ids(store: Store) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT id FROM documents")}


def document_issuers(store: Store) -> list[tuple[str, str]]:
    """(id, issuer and parent issuer) of every document, for an issuer filter."""
    return [(r[0], f"{r[1] or ''} {r[2] or ''}") for r in store.db.execute("SELECT id, issuer, parent_issuer FROM documents")]


def documents_since(store: Store, since: str) -> set[str]:
    # Dates are ISO, possibly partial ("2024-03"): string order is date order.
    return {r[0] for r in store.db.execute("SELECT id FROM documents WHERE date >= ?", (since,))}


def assignments_of_documents(store: Store, doc_ids: Iterable[str]) -> list[int]:
    out: list[int] = []
    for part in bounded(sorted(doc_ids)):
        out += [r[0] for r in store.db.execute(
            f"SELECT id FROM assignments WHERE doc_id IN ({placeholders(part)})", part)]
    return out


def assignments_overlapping(store: Store, doc_id: str, start: int, end: int) -> list[int]:
    return [r[0] for r in store.db.execute(
        'SELECT id FROM assignments WHERE doc_id = ? AND start < ? AND "end" > ?', (doc_id, end, start))]


def assignments_in_section(store: Store, doc_id: str, path: str, below: bool = True) -> list[int]:
    """Assignments of a section, and of its subsections when `below`."""
    if not below:
        return [r[0] for r in store.db.execute("SELECT id FROM assignments WHERE doc_id = ? AND section = ?",
                                               (doc_id, path))]
    return [r[0] for r in store.db.execute(
        "SELECT id FROM assignments WHERE doc_id = ? AND (section = ? OR section LIKE ?)",
        (doc_id, path, path.replace("%", "") + ".%"))]


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


def superseded_keys(store: Store) -> set[str]:
    """Keys of the documents another stored document replaces or repeals."""
    return {r[0] for r in store.db.execute(
        "SELECT DISTINCT target FROM doc_references WHERE relation IN ('replaces', 'repeals') AND target IS NOT NULL")}


def document_title(store: Store, doc_id: str) -> str | None:
    row = store.db.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def chunk_plain(store: Store, ids: Iterable[int]) -> dict[int, str]:
    """The unmarked syllables of indexed passages, by chunk id: the form they were indexed with,
    derived from the stored text (the index is contentless)."""
    return store.passage_plain(ids)
