"""The SQL that reads a store for the graph and the tables (`vanban.query.graph`,
`vanban.query.tables`): plain rows, no pandas, so that the store keeps every query."""

from __future__ import annotations

import sqlite3

# The first characters of a document: where its header says which province and unit issued it.
HEAD_CHARS = 1500


def documents(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every stored document (one row per stored copy), in source order."""
    return conn.execute(
        "SELECT id, key, source, format, doc_type, number, symbol, code, issuer, parent_issuer, place, date, title,"
        " length(text) AS chars, json_extract(meta, '$.pages') AS pages, json_extract(meta, '$.signer.name') AS signer,"
        " json_extract(meta, '$.issuers') AS issuers, substr(text, 1, ?) AS head,"
        " (SELECT count(*) FROM sections s WHERE s.doc_id = d.id) AS n_sections,"
        " (SELECT count(*) FROM assignments a WHERE a.doc_id = d.id) AS n_assignments,"
        " (SELECT count(*) FROM doc_references r WHERE r.doc_id = d.id) AS n_references"
        " FROM documents d ORDER BY source", (HEAD_CHARS,)).fetchall()


def sources(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every input that gave a stored document (a file, or `bulkfile#line`), with its document."""
    return conn.execute("SELECT source, doc_id FROM files WHERE doc_id IS NOT NULL AND doc_id != '' ORDER BY source").fetchall()


def references(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        'SELECT doc_id, seq, text, doc_type, code, date, issuer, relation, target, section, page, start, "end", name'
        " FROM doc_references ORDER BY doc_id, start, seq").fetchall()


def assignments(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        'SELECT id, doc_id, seq, agency, mention, role, task, deadline, deadline_date, report_to, section, page,'
        ' start, "end" FROM assignments ORDER BY doc_id, seq').fetchall()


def issuers(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT id, issuer FROM documents WHERE issuer IS NOT NULL AND issuer != ''").fetchall()


def reference_gaps(conn: sqlite3.Connection, longest: int = 60) -> list[sqlite3.Row]:
    """Two mentions in a row in one document, with the text between them when it is short:
    (doc_id, target, code, next_target, next_code, start, end, gap)."""
    return conn.execute(
        'SELECT r.doc_id, r.target, r.code, r.next_target, r.next_code, r.start, r."end",'
        ' substr(d.text, r."end" + 1, r.next_start - r."end") AS gap'
        ' FROM (SELECT doc_id, target, code, start, "end", lead(target) OVER w AS next_target,'
        "       lead(code) OVER w AS next_code, lead(start) OVER w AS next_start"
        "       FROM doc_references WINDOW w AS (PARTITION BY doc_id ORDER BY start, seq)) r"
        ' JOIN documents d ON d.id = r.doc_id'
        ' WHERE r.next_start IS NOT NULL AND r.next_start - r."end" BETWEEN 0 AND ?', (longest,)).fetchall()
