"""The embedded store: one SQLite file, no server.

One transaction per document; rows keyed by the file's sha256 so that a re-run skips a file
it holds unchanged and replaces one whose bytes changed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, sha256 TEXT NOT NULL, doc_type TEXT, number TEXT,
    symbol TEXT, code TEXT, issuer TEXT, parent_issuer TEXT, place TEXT, date TEXT, title TEXT,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, path TEXT, label TEXT,
    heading TEXT, level INTEGER, start INTEGER, "end" INTEGER, page INTEGER, kind TEXT
);
CREATE TABLE IF NOT EXISTS doc_references (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, text TEXT, doc_type TEXT,
    code TEXT, date TEXT, issuer TEXT, relation TEXT, target TEXT, section TEXT,
    start INTEGER, "end" INTEGER, name TEXT
);
CREATE TABLE IF NOT EXISTS assignments (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, agency TEXT, mention TEXT,
    role TEXT, task TEXT, deadline TEXT, report_to TEXT, section TEXT, start INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, label TEXT, text TEXT,
    start INTEGER, "end" INTEGER, source TEXT
);
"""


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.executescript(SCHEMA)
        self.skipped = 0

    def unchanged(self, source: str, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE source = ? AND sha256 = ? LIMIT 1", (source, sha256)).fetchone()
        if row:
            self.skipped += 1
        return row is not None

    def put(self, record: dict[str, Any]) -> None:
        with self.db:  # one transaction per document
            old = [r[0] for r in self.db.execute("SELECT id FROM documents WHERE source = ? OR id = ?", (record["source"], record["id"]))]
            for doc_id in old:
                for table in ("sections", "doc_references", "assignments", "entities", "documents"):
                    self.db.execute(f"DELETE FROM {table} WHERE {'id' if table == 'documents' else 'doc_id'} = ?", (doc_id,))
            if not record.get("id"):
                return
            self.db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (record["id"], record["source"], record["sha256"], record["doc_type"], record["number"], record["symbol"],
                 record["code"], record["issuer"], record["parent_issuer"], record["place"], record["date"], record["title"],
                 json.dumps(record, ensure_ascii=False)),
            )
            did = record["id"]
            self.db.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?,?,?,?)",
                                [(did, s["path"], s["label"], s["heading"], s["level"], s["start"], s["end"], s["page"], s.get("kind")) for s in record["sections"]])
            self.db.executemany("INSERT INTO doc_references VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                                [(did, r["text"], r["doc_type"], r["code"], r["date"], r["issuer"], r["relation"], r["target"], r["section"], r["start"], r["end"], r.get("name")) for r in record["references"]])
            self.db.executemany("INSERT INTO assignments VALUES (?,?,?,?,?,?,?,?,?,?)",
                                [(did, a["agency"], a["mention"], a["role"], a["task"], json.dumps(a["deadline"], ensure_ascii=False) if a["deadline"] else None,
                                  a.get("report_to"), a["section"], a["start"], a["end"]) for a in record["assignments"]])
            self.db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?)",
                                [(did, e["label"], e["text"], e["start"], e["end"], e["source"]) for e in record["entities"]])

    def close(self) -> None:
        self.db.close()
