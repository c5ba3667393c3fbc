"""The embedded store: one SQLite file, no server.

Records go in one transaction per document. A `files` table maps every input path (or
`bulkfile#line`) to the sha256 of its bytes and the document it gave, so that a re-run skips a
file it holds unchanged and replaces one whose bytes changed. Two paths with the same bytes
share one document row (the seed exists both in `corpus/seed` and in the shared corpus).

Full-text search (FTS5) runs over assignment task text and section text. Each indexed passage
is stored in three forms, because Vietnamese users type all three:

* `text`: the syllables as written (lower case, one tone placement);
* `words`: underthesea word segmentation, syllables of a word joined by "_" ("trẻ_em"), so a
  query for the word "trẻ em" does not match "trẻ" and "em" in unrelated places;
* `plain`: the syllables without diacritics, đ -> d ("tre em"), for questions typed without
  marks. Segmentation is not reliable on unmarked text, so this form stays syllable-level.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from vanban.ingest.base import count_lines
from vanban.nlp import word_tokenize
from vanban.text.normalize import fold, match_key, strip_diacritics

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
    meta TEXT NOT NULL                        -- every other field of the record, as JSON
);
CREATE INDEX IF NOT EXISTS documents_key ON documents(key);
CREATE INDEX IF NOT EXISTS documents_code ON documents(code_key);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL, seq INTEGER, path TEXT, label TEXT, heading TEXT, level INTEGER,
    start INTEGER, "end" INTEGER, page INTEGER, kind TEXT, extra TEXT
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE TABLE IF NOT EXISTS doc_references (
    doc_id TEXT NOT NULL, seq INTEGER, text TEXT, doc_type TEXT, code TEXT, date TEXT,
    issuer TEXT, relation TEXT, target TEXT, section TEXT, start INTEGER, "end" INTEGER,
    name TEXT, page INTEGER, extra TEXT
);
CREATE INDEX IF NOT EXISTS references_doc ON doc_references(doc_id);
CREATE INDEX IF NOT EXISTS references_target ON doc_references(target);
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
-- One row per indexed passage; its id is the rowid of the passage in `fts`. The passage's
-- index forms live here, not in the FTS table: `fts` is an external-content table over the
-- view below, so the forms are stored once (the syllable form is the word form with its "_"
-- undone) instead of three times over, which more than halved the store on the full corpus.
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, kind TEXT NOT NULL,   -- 'task' | 'section'
    assignment_id INTEGER, section TEXT, start INTEGER, "end" INTEGER,
    words TEXT NOT NULL, plain TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE VIEW IF NOT EXISTS fts_source AS
    SELECT id, replace(words, '_', ' ') AS text, words, plain FROM chunks;
-- Unmarked forms of the multi-syllable words met ("tre_em"): they let an unmarked question be
-- cut into words ("day boi cho tre em" -> ... "tre em") without a segmenter for unmarked text.
CREATE TABLE IF NOT EXISTS plain_words (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, words, plain, content = 'fts_source', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
"""

SCHEMA_VERSION = 2

DOC_COLUMNS = ("id", "key", "source", "sha256", "format", "doc_type", "number", "symbol", "code",
               "issuer", "parent_issuer", "place", "date", "title")
SECTION_FIELDS = ("path", "label", "heading", "level", "start", "end", "page", "kind")
REFERENCE_FIELDS = ("text", "doc_type", "code", "date", "issuer", "relation", "target", "section",
                    "start", "end", "name", "page")
ASSIGNMENT_FIELDS = ("agency", "mention", "role", "task", "deadline", "report_to", "section",
                     "start", "end", "page")
ENTITY_FIELDS = ("label", "text", "start", "end", "source")
CHILD_TABLES = ("sections", "doc_references", "assignments", "entities")
BULK_SUFFIXES = (".jsonl", ".jsonl.gz")

# A passage longer than this is split at line breaks: a section-level hit should point the
# reader to a paragraph, not to a whole Điều.
CHUNK_CHARS = 1200
FTS_WEIGHTS = (1.0, 1.5, 0.7)  # text, words, plain: a whole-word match is the best evidence


def code_key(code: str | None) -> str | None:
    """A lookup form of a document code: no spaces, lower case, no diacritics ("2449-cv/du")."""
    if not code:
        return None
    return strip_diacritics(re.sub(r"\s+", "", fold(code)))


# --- the index forms ----------------------------------------------------------------------


def segment(text: str) -> str:
    """Word-segmented text: "trẻ em đuối nước" -> "trẻ_em đuối_nước" (lower case)."""
    if not text.strip():
        return ""
    try:
        words = word_tokenize(text)
    except Exception:  # noqa: BLE001 - a segmenter failure must not lose the document
        words = text
    return match_key(words)


_MARKED = re.compile("[À-ỹĐđ]")


def looks_vietnamese(text: str) -> bool:
    """Whether a passage has the marks of Vietnamese. About a quarter of the vbpl pages are
    English translations: segmenting them costs a third of the store's time and adds nothing,
    the word form of an English passage being its syllables anyway."""
    letters = sum(ch.isalpha() for ch in text[:2000])
    return letters > 0 and len(_MARKED.findall(text[:2000])) / letters > 0.05


def index_forms(text: str, segmented: bool = True) -> tuple[str, str]:
    """(words, plain) as stored in `chunks`; see the module docstring. Unsegmented, the word
    form is the syllables, so the syllable form (words with "_" undone) is still right."""
    key = match_key(text)
    words = segment(text) if segmented and looks_vietnamese(text) else key
    return words, strip_diacritics(words.replace("_", " "))


# --- passages to index ----------------------------------------------------------------------


def own_spans(sections: list[dict[str, Any]], length: int) -> list[tuple[str | None, int, int]]:
    """(section path, start, end) of the text each section holds itself, children excluded,
    plus what precedes the first section (title, preamble). Sections nest, so indexing every
    section's whole span would index the text of a deep clause once per ancestor."""
    starts = sorted({s["start"] for s in sections if s.get("start") is not None} | {length})
    spans: list[tuple[str | None, int, int]] = []
    first = starts[0] if sections else length
    if first > 0:
        spans.append((None, 0, first))
    # A parent and its first child may start at the same offset (the sections stage puts
    # "III. TỔ CHỨC THỰC HIỆN" inside III.1): the deepest one holds that text.
    deepest: dict[int, int] = {}
    for i, sec in enumerate(sections):
        start = sec.get("start")
        if start is not None and (start not in deepest or (sec.get("level") or 0) >= (sections[deepest[start]].get("level") or 0)):
            deepest[start] = i
    for i, sec in enumerate(sections):
        start, end = sec.get("start"), sec.get("end")
        if start is None or end is None or end <= start or deepest.get(start) != i:
            continue
        nxt = next(s for s in starts if s > start) if start < length else length
        spans.append((sec.get("path"), start, min(end, nxt)))
    last = max((s["end"] for s in sections if s.get("end") is not None), default=length)
    if sections and last < length:
        spans.append((None, last, length))  # what follows the last section (signature, Nơi nhận)
    return spans


def split_span(text: str, start: int, end: int, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Pieces of text[start:end] of at most about `limit` characters, cut at line breaks."""
    pos = start
    while pos < end:
        stop = min(end, pos + limit)
        if stop < end:
            cut = text.rfind("\n", pos + limit // 3, stop)
            stop = cut + 1 if cut > pos else stop
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop


# --- the store ----------------------------------------------------------------------------


class StoreError(Exception):
    """A store that cannot be used: missing, or written by another version of the schema."""


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


def open_store(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing store (the questions never write, and must not
    create an empty store by a typo in --db)."""
    if not Path(path).is_file():
        raise StoreError(f"no store at {path}: run `vanban extract … --db {path}` first")
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path} was written by another version of the store (schema {version}, "
                         f"this is {SCHEMA_VERSION}): delete it and extract again")
    return conn


class Passage(NamedTuple):
    """A passage to index: an assignment's task (`index` into the record's assignments) or a
    piece of a section's own text."""

    kind: str
    index: int | None
    section: str | None
    start: int
    end: int
    forms: tuple[str, str]  # (words, plain)


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


class Store:
    def __init__(self, path: str | Path, segmented: bool = True, read_only: bool = False) -> None:
        self.path = Path(path)
        self.segmented = segmented
        self.skipped = 0
        # Bulk files being (re)read this run: path -> (sha256, number of lines), and the
        # lines of each stored so far.
        self._bulk: dict[str, tuple[str, int]] = {}
        self._bulk_seen: dict[str, set[int]] = {}
        if read_only:
            self.db = open_store(path)
            return
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL keeps every committed document across a crash of this process, which
        # is all a re-runnable batch needs, without an fsync per document.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self._check_version()
        self.db.executescript(SCHEMA)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def reader(cls, path: str | Path) -> Store:
        """A store opened read-only (`open_store`): for the questions and the web page, which
        must neither write nor create a store, and may run beside an `extract` that writes."""
        return cls(path, read_only=True)

    def _check_version(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone()
        if has_tables and version != SCHEMA_VERSION:
            self.db.close()
            raise StoreError(f"{self.path} was written by another version of the store (schema {version}, "
                               f"this is {SCHEMA_VERSION}): delete it and extract again")

    # -- what to skip ---------------------------------------------------------------------

    def unchanged(self, source: str, sha256: str) -> bool:
        """True (and counted in `skipped`) when `source` is stored complete with these bytes."""
        row = self.db.execute("SELECT sha256, complete FROM files WHERE source = ?", (source,)).fetchone()
        if row and row["sha256"] == sha256 and row["complete"]:
            self.skipped += 1
            return True
        if source.endswith(BULK_SUFFIXES):
            self._bulk[source] = (sha256, count_lines(Path(source)))
        return False

    # -- writing --------------------------------------------------------------------------

    def put(self, record: dict[str, Any]) -> None:
        """Store one record in one transaction, replacing what its source gave before."""
        source = record["source"]
        doc_id = record.get("id") or ""
        passages = self._passages(record) if doc_id else None  # segmented outside the transaction
        with self.db:
            old = self.db.execute("SELECT doc_id FROM files WHERE source = ?", (source,)).fetchone()
            self.db.execute("DELETE FROM files WHERE source = ?", (source,))
            if old and old["doc_id"] and old["doc_id"] != doc_id:
                self._drop_if_orphan(old["doc_id"])
            if passages is None:
                self._bulk_progress(source)  # a bulk line that says nothing is still done
                return  # nothing readable: not stored, so the next run tries again
            self._delete_document(doc_id)
            self._insert(record, passages)
            # A file with no readable text, or with scanned pages left unread, is stored (its
            # warnings say why) but not counted as done: the next run tries it again (with
            # --ocr, or antiword, it may read it now) and reports it again, as a fresh run would.
            readable = bool((record.get("text") or "").strip()) and not any(
                "no text layer" in w for w in record.get("warnings") or [])
            self.db.execute("INSERT INTO files (source, sha256, doc_id, complete) VALUES (?, ?, ?, ?)",
                            (source, record.get("sha256") or "", doc_id, int(readable)))
            self._bulk_progress(source)

    def _bulk_progress(self, source: str) -> None:
        """A bulk file counts as stored (and is skipped next time) once every one of its lines
        is in, in whatever order they came (workers finish chunks out of order); lines past
        its end, left from a longer earlier version, go."""
        path, sep, line = source.rpartition("#")
        if not sep or path not in self._bulk or not line.isdigit():
            return
        sha, lines = self._bulk[path]
        seen = self._bulk_seen.setdefault(path, set())
        seen.add(int(line))
        if len(seen) < lines:
            return
        for row in self.db.execute("SELECT source FROM files WHERE source LIKE ? ESCAPE '\\'",
                                   (_like_prefix(path + "#"),)).fetchall():
            tail = row["source"][len(path) + 1:]
            if tail.isdigit() and int(tail) > lines:
                self._forget_source(row["source"])
        self.db.execute("INSERT OR REPLACE INTO files (source, sha256, doc_id, complete) VALUES (?, ?, NULL, 1)",
                        (path, sha))

    def _forget_source(self, source: str) -> None:
        old = self.db.execute("SELECT doc_id FROM files WHERE source = ?", (source,)).fetchone()
        self.db.execute("DELETE FROM files WHERE source = ?", (source,))
        if old and old["doc_id"]:
            self._drop_if_orphan(old["doc_id"])

    def _drop_if_orphan(self, doc_id: str) -> None:
        if not self.db.execute("SELECT 1 FROM files WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone():
            self._delete_document(doc_id)

    def _delete_document(self, doc_id: str) -> None:
        # External content: FTS5 forgets a row only when told its indexed values.
        self.db.execute("INSERT INTO fts (fts, rowid, text, words, plain) SELECT 'delete', id,"
                        " replace(words, '_', ' '), words, plain FROM chunks WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _passages(self, record: dict[str, Any]) -> list[Passage]:
        """The passages to index with their three forms (the slow part: segmentation)."""
        text = record.get("text") or ""
        passages: list[Passage] = []
        for i, a in enumerate(record.get("assignments") or []):
            task = a.get("task") or ""
            if task.strip():
                passages.append(Passage("task", i, a.get("section"), a.get("start") or 0, a.get("end") or 0,
                                        index_forms(task, self.segmented)))
        for path, start, end in own_spans(record.get("sections") or [], len(text)):
            for s, e in split_span(text, start, end):
                # Section text is indexed by syllables only: segmenting every passage of every
                # document took most of the store's time (about 124k characters/s), and a phrase
                # of syllables ("trẻ em") finds the same passages; tasks, short, keep their words.
                passages.append(Passage("section", None, path, s, e, index_forms(text[s:e], False)))
        return passages

    def _insert(self, record: dict[str, Any], passages: list[Passage]) -> None:
        did = record["id"]
        meta = {k: v for k, v in record.items()
                if k not in DOC_COLUMNS and k not in ("text", "sections", "references", "assignments", "entities")}
        values = [record.get(c) for c in DOC_COLUMNS]
        values[DOC_COLUMNS.index("format")] = record.get("format")
        self.db.execute(
            "INSERT INTO documents (id, key, source, sha256, format, doc_type, number, symbol, code, issuer,"
            " parent_issuer, place, date, title, code_key, text, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*values, code_key(record.get("code")), record.get("text") or "", _dumps(meta)),
        )
        self.db.executemany(
            'INSERT INTO sections (doc_id, seq, path, label, heading, level, start, "end", page, kind, extra)'
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(did, i, *[s.get(f) for f in SECTION_FIELDS], _extra(s, SECTION_FIELDS))
             for i, s in enumerate(record.get("sections") or [])])
        self.db.executemany(
            "INSERT INTO doc_references (doc_id, seq, text, doc_type, code, date, issuer, relation, target,"
            ' section, start, "end", name, page, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [(did, i, *[r.get(f) for f in REFERENCE_FIELDS], _extra(r, REFERENCE_FIELDS))
             for i, r in enumerate(record.get("references") or [])])
        assignment_ids = [self._insert_assignment(did, i, a) for i, a in enumerate(record.get("assignments") or [])]
        for name in {record.get("issuer")} - {None, ""}:
            self._agency_id(name)  # issuers are agencies too: `ask --issuer` and the graph use them
        self.db.executemany(
            'INSERT INTO entities (doc_id, seq, label, text, start, "end", source) VALUES (?,?,?,?,?,?,?)',
            [(did, i, *[e.get(f) for f in ENTITY_FIELDS]) for i, e in enumerate(record.get("entities") or [])])
        compounds: set[str] = set()
        for kind, index, section, start, end, forms in passages:
            compounds.update(strip_diacritics(w) for w in forms[0].split() if "_" in w)
            words, plain = forms
            cur = self.db.execute(
                'INSERT INTO chunks (doc_id, kind, assignment_id, section, start, "end", words, plain)'
                " VALUES (?,?,?,?,?,?,?,?)",
                (did, kind, assignment_ids[index] if index is not None else None, section, start, end, words, plain))
            self.db.execute("INSERT INTO fts (rowid, text, words, plain) VALUES (?,?,?,?)",
                            (cur.lastrowid, words.replace("_", " "), words, plain))
        self.db.executemany("INSERT OR IGNORE INTO plain_words VALUES (?)", ((w,) for w in compounds if _TOKEN.fullmatch(w)))

    def _insert_assignment(self, did: str, seq: int, a: dict[str, Any]) -> int:
        deadline = a.get("deadline")
        cur = self.db.execute(
            "INSERT INTO assignments (doc_id, seq, agency_id, agency, mention, role, task, deadline, deadline_date,"
            ' report_to, section, start, "end", page, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            (did, seq, self._agency_id(a.get("agency")), a.get("agency"), a.get("mention"), a.get("role"),
             a.get("task"), _dumps(deadline) if deadline else None,
             deadline.get("date") if isinstance(deadline, dict) else None, a.get("report_to"),
             a.get("section"), a.get("start"), a.get("end"), a.get("page"), _extra(a, ASSIGNMENT_FIELDS)))
        return int(cur.lastrowid or 0)

    def _agency_id(self, name: str | None) -> int | None:
        if not name:
            return None
        row = self.db.execute("SELECT id FROM agencies WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row["id"])
        key = fold(name)
        cur = self.db.execute("INSERT INTO agencies (name, fold, plain) VALUES (?,?,?)", (name, key, strip_diacritics(key)))
        return int(cur.lastrowid or 0)

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
        """text[start:end] of a stored document (SQLite substr is 1-based)."""
        row = self.db.execute("SELECT substr(text, ?, ?) AS t FROM documents WHERE id = ?",
                              (start + 1, max(0, end - start), doc_id)).fetchone()
        return row["t"] if row else ""

    def search(self, query: str, kinds: Iterable[str] = ("task", "section"), limit: int = 50,
               mode: str = "any", doc_ids: Iterable[str] | None = None) -> list[Hit]:
        """Passages matching `query` (words; with or without diacritics), best first; only of
        the documents `doc_ids` when given (filtered before the limit, not after it).

        mode "all" asks for every word, "any" for at least one (bm25 still ranks passages that
        have more of them first)."""
        match = fts_query(query, mode, self.plain_compounds)
        if not match:
            return []
        kinds = tuple(kinds)
        marks = ",".join("?" * len(kinds))
        sql = (f'SELECT c.id, c.kind, c.doc_id, c.assignment_id, c.section, c.start, c."end",'
               f" bm25(fts, {', '.join(map(str, FTS_WEIGHTS))}) AS rank"
               f" FROM fts JOIN chunks c ON c.id = fts.rowid WHERE fts MATCH ? AND c.kind IN ({marks})"
               + (" AND c.doc_id IN (SELECT value FROM json_each(?))" if doc_ids is not None else "")
               + " ORDER BY rank LIMIT ?")
        scope = (json.dumps(sorted(doc_ids)),) if doc_ids is not None else ()
        try:
            rows = self.db.execute(sql, (match, *kinds, *scope, limit)).fetchall()
        except sqlite3.OperationalError:
            return []  # a query FTS5 cannot parse finds nothing rather than failing the question
        return [Hit(r["id"], r["kind"], r["doc_id"], r["assignment_id"], r["section"], r["start"], r["end"], -r["rank"])
                for r in rows]

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

    def close(self) -> None:
        self.db.close()


# --- queries --------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)*", re.UNICODE)


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


def query_terms(query: str, compounds: Callable[[list[str]], list[str]] | None = None) -> list[tuple[str, str]]:
    """(column, phrase) pairs for the words of a query.

    Marked text is segmented the way the index was, and each word matches either as a whole
    word ("words" column) or as its syllables in sequence ("text" column), because the
    segmenter does not always cut a phrase the same way in a question and in a document.
    Unmarked text matches the unmarked syllables."""
    if not query.strip():
        return []
    if not has_diacritics(query):
        syllables = _TOKEN.findall(query.lower().replace("_", " "))
        return [("plain", tok) for tok in (compounds(syllables) if compounds else syllables)]
    terms = []
    for tok in _TOKEN.findall(segment(query)):
        terms.append(("words" if "_" in tok else "text", tok))
    return terms


def fts_query(query: str, mode: str = "any", compounds: Callable[[list[str]], list[str]] | None = None) -> str:
    clauses = []
    for column, tok in query_terms(query, compounds):
        phrase = tok.replace('"', "")
        if column == "words":
            syllables = phrase.replace("_", " ")
            clauses.append(f'(words : "{phrase}" OR text : "{syllables}")')
        elif column == "text":
            clauses.append(f'text : "{phrase}"')
        else:
            clauses.append(f'plain : "{phrase.replace("_", " ")}"')
    return (" AND " if mode == "all" else " OR ").join(clauses)


# --- helpers --------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _extra(item: dict[str, Any], fields: tuple[str, ...]) -> str | None:
    """Fields beyond the contract's (the contract welcomes them), kept so `record()` gives them back."""
    rest = {k: v for k, v in item.items() if k not in fields}
    return _dumps(rest) if rest else None


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


