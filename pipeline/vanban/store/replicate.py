"""A store of N times the documents of another, for measuring how the store scales
(`vanban.app.bench_scale`): extracting the corpus ten times over would take hours and give
the same documents anyway.

Copy 0 is the source as it is; copy k (k >= 1) has fresh document ids ("…r3"), fresh keys
("57-NQ/TW|r3", so each copy is a graph of its own, not ten files of one document), its
references pointing within its copy, and its sources named "…@r3". Codes stay as they were:
a code names one document per copy, as a local code names one per province. Agencies and
the word list are shared. The copy is made row by row in SQL from whatever schema the source
has (so the store of an earlier version can be replicated to measure it too); the full-text
index is filled the way that schema fills it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vanban.store.forms import fts_values
from vanban.store.links import doc_node, link_of, node_code_key

SHARED = ("agencies", "plain_words")  # copied once: every copy names the same agencies
COPIED = ("files", "documents", "sections", "doc_references", "assignments", "entities", "chunks")
BATCH = 2000  # rows per executemany


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA src.table_info({table})")]


def _transform(table: str, columns: list[str], k: int, offsets: dict[str, int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The row of copy `k` made from a source row of `table`."""
    if k == 0:
        return lambda row: row
    at = {c: i for i, c in enumerate(columns)}
    sid, suffix, src = f"r{k}", f"|r{k}", f"@r{k}"

    def one(row: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(row)
        if "doc_id" in at and out[at["doc_id"]]:
            out[at["doc_id"]] += sid
        if table in ("files", "documents") and out[at["source"]]:
            out[at["source"]] += src
        if table == "documents":
            out[at["id"]] += sid
            if out[at["key"]]:
                out[at["key"]] += suffix
            if "key_code" in at:
                out[at["key_code"]] = node_code_key(doc_node(out[at["key"]], out[at["id"]]))
        if table == "doc_references":
            if out[at["target"]]:
                out[at["target"]] += suffix
            if "link" in at:
                link = out[at["link"]] = link_of(out[at["target"]], out[at["code"]])
                out[at["link_code"]] = node_code_key(link) if link else None
            if "next_link" in at and out[at["next_link"]] and not out[at["next_link"]].startswith("code:"):
                out[at["next_link"]] += suffix  # a target, which the copy's mentions qualify
        if table == "assignments":
            out[at["id"]] += k * offsets["assignments"]
        if table == "chunks":
            out[at["id"]] += k * offsets["chunks"]
            if out[at["assignment_id"]] is not None:
                out[at["assignment_id"]] += k * offsets["assignments"]
        return tuple(out)

    return one


def replicate(source: str | Path, out: str | Path, times: int = 10) -> int:
    """Write at `out` (a new file) a store of `times` copies of the store at `source`; returns
    the number of documents written."""
    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} exists: replicate writes a new store")
    db = sqlite3.connect(out)
    try:
        db.execute("ATTACH DATABASE ? AS src", (str(Path(source)),))
        _schema(db)
        offsets = {t: (db.execute(f"SELECT max(id) FROM src.{t}").fetchone()[0] or 0) + 1 for t in ("assignments", "chunks")}
        for table in (*SHARED, *COPIED):
            columns = _columns(db, table)
            cols = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT INTO main."{table}" ({cols}) VALUES ({",".join("?" * len(columns))})'
            for k in range(1 if table in SHARED else times):
                make = _transform(table, columns, k, offsets)
                cur = db.execute(f'SELECT {cols} FROM src."{table}"')
                while rows := cur.fetchmany(BATCH):
                    db.executemany(insert, [make(r) for r in rows])
            db.commit()
        _index(db, times, offsets["chunks"])
        _indexes(db)
        version, app_id = (db.execute(f"PRAGMA src.{p}").fetchone()[0] for p in ("user_version", "application_id"))
        db.execute(f"PRAGMA main.user_version = {int(version)}")
        db.execute(f"PRAGMA main.application_id = {int(app_id)}")
        db.commit()
        n = int(db.execute("SELECT count(*) FROM main.documents").fetchone()[0])
        db.execute("DETACH DATABASE src")
        db.execute("VACUUM")
    finally:
        db.close()
    return n


def _schema(db: sqlite3.Connection) -> None:
    """The source's tables, views and full-text table (its indexes come after the rows)."""
    shadow = ("fts_data", "fts_idx", "fts_docsize", "fts_config", "fts_content")
    rows = db.execute("SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND type != 'index'"
                      " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END").fetchall()
    for _, name, sql in rows:
        if name not in shadow:
            db.execute(sql)


def _indexes(db: sqlite3.Connection) -> None:
    for (sql,) in db.execute("SELECT sql FROM src.sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall():
        db.execute(sql)
    db.commit()


def _index(db: sqlite3.Connection, times: int, step: int) -> None:
    """Fill the full-text index: from the content table when the schema has one (FTS5
    'rebuild'), else with the values derived from each passage's text, once per passage."""
    fts_sql = db.execute("SELECT sql FROM main.sqlite_master WHERE name = 'fts'").fetchone()[0]
    if "content = ''" not in fts_sql and "content=''" not in fts_sql:
        db.execute("INSERT INTO fts (fts) VALUES ('rebuild')")
        db.commit()
        return
    cur = db.execute('SELECT c.id, c.kind, c.start, c."end", c.words, c.doc_id, a.task FROM src.chunks c'
                     " LEFT JOIN src.assignments a ON a.id = c.assignment_id ORDER BY c.doc_id")
    text_of: tuple[str, str] = ("", "")
    while rows := cur.fetchmany(BATCH):
        values = []
        for cid, kind, start, end, words, doc_id, task in rows:
            if kind != "task" and text_of[0] != doc_id:
                text_of = (doc_id, db.execute("SELECT text FROM src.documents WHERE id = ?", (doc_id,)).fetchone()[0])
            forms = fts_values((task or "") if kind == "task" else text_of[1][start:end], words)
            values += [(cid + k * step, *forms) for k in range(times)]
        db.executemany("INSERT INTO fts (rowid, text, words, plain) VALUES (?, ?, ?, ?)", values)
    db.commit()
