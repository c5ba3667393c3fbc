"""The store's schema (tables, FTS index), its version, and opening a store for reading."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from vanban.errors import UserError
from vanban.text.normalize import fold, strip_diacritics

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY, sha256 TEXT NOT NULL, doc_id TEXT,
    complete INTEGER NOT NULL DEFAULT 1       -- 0 while a bulk file is only partly stored
);
CREATE INDEX IF NOT EXISTS files_doc ON files(doc_id);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, key TEXT, source TEXT NOT NULL, sha256 TEXT NOT NULL, format TEXT,
    doc_type TEXT, number TEXT, symbol TEXT, code TEXT, code_key TEXT, issuer TEXT,
    parent_issuer TEXT, place TEXT, date TEXT, title TEXT, text TEXT NOT NULL,
    meta TEXT NOT NULL,                       -- every other field of the record, as JSON
    key_code TEXT                             -- the code key of its node's id (`store.links`)
);
CREATE INDEX IF NOT EXISTS documents_key ON documents(key);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code_key);
CREATE INDEX IF NOT EXISTS documents_key_code ON documents(key_code);
-- the issuers without a pass over the documents' rows (a question reads the places they name)
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer, parent_issuer);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL, seq INTEGER, path TEXT, label TEXT, heading TEXT, level INTEGER,
    start INTEGER, "end" INTEGER, page INTEGER, kind TEXT, extra TEXT
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE TABLE IF NOT EXISTS doc_references (
    doc_id TEXT NOT NULL, seq INTEGER, text TEXT, doc_type TEXT, code TEXT, date TEXT,
    issuer TEXT, relation TEXT, target TEXT, section TEXT, start INTEGER, "end" INTEGER,
    name TEXT, page INTEGER, extra TEXT,
    -- for the lineage read in SQL (`store.links`): the node the reference points at (its
    -- target, or "code:" and its folded code), the code keys of its code and of that node,
    -- and when the next mention of the document follows within a few characters, the text
    -- between them and the next one's node (where the document may state a lineage)
    link TEXT, code_key TEXT, link_code TEXT, gap TEXT, next_link TEXT
);
CREATE INDEX IF NOT EXISTS references_doc ON doc_references(doc_id);
CREATE INDEX IF NOT EXISTS references_link ON doc_references(link);
CREATE INDEX IF NOT EXISTS references_code ON doc_references(code_key);
CREATE INDEX IF NOT EXISTS references_link_code ON doc_references(link_code);
CREATE INDEX IF NOT EXISTS references_next ON doc_references(next_link) WHERE gap IS NOT NULL;
CREATE TABLE IF NOT EXISTS agencies (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, fold TEXT NOT NULL, plain TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS agencies_fold ON agencies(fold);
CREATE TABLE IF NOT EXISTS assignments (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER, agency_id INTEGER,
    agency TEXT, mention TEXT, role TEXT, task TEXT, deadline TEXT, deadline_date TEXT,
    report_to TEXT, section TEXT, start INTEGER, "end" INTEGER, page INTEGER, extra TEXT
);
CREATE INDEX IF NOT EXISTS assignments_doc ON assignments(doc_id);
CREATE INDEX IF NOT EXISTS assignments_agency ON assignments(agency_id);
CREATE TABLE IF NOT EXISTS entities (
    doc_id TEXT NOT NULL, seq INTEGER, label TEXT, text TEXT, start INTEGER, "end" INTEGER,
    source TEXT
);
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc_id);
-- One row per indexed passage; its id is the rowid of the passage in `fts`. The index forms
-- of a passage are derived from its text (`store.forms.fts_values`), not stored: `fts` is
-- contentless, and `words` keeps only a word form segmentation made (NULL: the match key).
-- Storing the forms beside the text took two fifths of the store.
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, kind TEXT NOT NULL,   -- 'task' | 'section'
    assignment_id INTEGER, section TEXT, start INTEGER, "end" INTEGER,
    words TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
-- Unmarked forms of the multi-syllable words met ("tre_em"): they let an unmarked question be
-- cut into words ("day boi cho tre em" -> ... "tre em") without a segmenter for unmarked text.
CREATE TABLE IF NOT EXISTS plain_words (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, words, plain, content = '',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
"""

SCHEMA_VERSION = 3  # 3: contentless index, the lineage's link columns
# PRAGMA application_id of every store this package creates ("vanb"): how a store tells its
# own files from another program's SQLite database, which it must never write to.
APPLICATION_ID = 0x76616E62
# Stores made before the application id existed are recognised by these tables.
OWN_TABLES = frozenset({"files", "documents", "chunks", "fts"})

DOC_COLUMNS = ("id", "key", "source", "sha256", "format", "doc_type", "number", "symbol", "code",
               "issuer", "parent_issuer", "place", "date", "title")
SECTION_FIELDS = ("path", "label", "heading", "level", "start", "end", "page", "kind")
REFERENCE_FIELDS = ("text", "doc_type", "code", "date", "issuer", "relation", "target", "section",
                    "start", "end", "name", "page")
ASSIGNMENT_FIELDS = ("agency", "mention", "role", "task", "deadline", "report_to", "section",
                     "start", "end", "page")
ENTITY_FIELDS = ("label", "text", "start", "end", "source")
CHILD_TABLES = ("sections", "doc_references", "assignments", "entities")


BOUND = 500  # SQLite's limit on bound parameters, with room to spare


def bounded(items: Iterable[Any]) -> Iterator[list[Any]]:
    """Items in lists of at most BOUND, one `IN (?, …)` query each."""
    items = list(items)
    for i in range(0, len(items), BOUND):
        yield items[i:i + BOUND]


def placeholders(part: list[Any]) -> str:
    return ",".join("?" * len(part))


def code_key(code: str | None) -> str | None:
    """A lookup form of a document code: no spaces, lower case, no diacritics ("2449-cv/du")."""
    if not code:
        return None
    return strip_diacritics(re.sub(r"\s+", "", fold(code)))



class StoreError(UserError):
    """A store that cannot be used (missing, a folder, not SQLite, someone else's database,
    another version of the schema, unwritable, disk full): the message names the file and
    says what to do. `path` is the file concerned."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None


def files_stamp(path: str | Path) -> tuple[tuple[int, int], ...]:
    """(mtime, size) of a store's file and of its WAL file, which an `extract` writing beside
    a reader commits to first: what a cache of the store's contents keys on. Empty when the
    store itself is gone."""
    out: list[tuple[int, int]] = []
    for i, f in enumerate((Path(path), Path(f"{path}-wal"))):
        try:
            st = f.stat()
        except OSError:
            if i == 0:
                return ()
            continue  # no WAL file (or it just went): the main file's stamp is enough
        out.append((st.st_mtime_ns, st.st_size))
    return tuple(out)


# --- helpers --------------------------------------------------------------------------------


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def extra_json(item: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """Fields beyond the contract's (the contract welcomes them), kept so `record()` gives them back."""
    rest = {k: v for k, v in item.items() if k not in fields}
    return dumps(rest) if rest else None


def like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


