"""Writing the store: one transaction per record, bulk-file progress, the passages indexed."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from vanban.ingest.bulk import count_lines, is_bulk
from vanban.store.forms import TOKEN, fts_values, index_forms, kept_words, own_spans, split_span
from vanban.store.links import GAP_CHARS, doc_node, link_of, node_code_key
from vanban.store.opening import write_error
from vanban.store.schema import (
    ASSIGNMENT_FIELDS,
    CHILD_TABLES,
    DOC_COLUMNS,
    ENTITY_FIELDS,
    REFERENCE_FIELDS,
    SECTION_FIELDS,
    code_key,
    dumps,
    extra_json,
    like_prefix,
)
from vanban.text.normalize import fold, strip_diacritics


class Passage(NamedTuple):
    """A passage to index: an assignment's task (`item`, its index in the record's assignments) or a
    piece of a section's own text."""

    kind: str
    item: int | None
    section: str | None
    start: int
    end: int
    forms: tuple[str, str]  # (words, plain)
    kept: str | None  # the word form `chunks.words` keeps (`forms.kept_words`)



class StoreWriter:
    """The writing half of `Store`."""

    db: sqlite3.Connection
    path: Path
    segmented: bool
    skipped: int
    resumed: int
    _bulk: dict[str, tuple[str, int]]
    _bulk_seen: dict[str, set[int]]
    _texts: dict[str, str]

    # -- what to skip ---------------------------------------------------------------------

    def unchanged(self, source: str, sha256: str) -> bool:
        """True when `source` is stored complete with these bytes: a file (counted in `skipped`)
        or a line of a bulk file an interrupted run stored (`file#N`, counted in `resumed`)."""
        row = self.db.execute("SELECT sha256, complete FROM files WHERE source = ?", (source,)).fetchone()
        done = bool(row and row["sha256"] == sha256 and row["complete"])
        path, sep, line = source.rpartition("#")
        if sep and line.isdigit():
            # A line of a bulk file being resumed: stored by an earlier, interrupted run.
            if done:
                self.resumed += 1
                if path in self._bulk:
                    try:
                        with self.db:
                            self._line_done(path, int(line))
                    except sqlite3.Error as exc:
                        raise write_error(self.path, exc) from exc
            return done
        if done:
            self.skipped += 1
            return True
        if is_bulk(Path(source)):
            # Its lines are counted once they are all in; a damaged file (no count) never is,
            # so that every run reads what is left of it and reports the damage again.
            lines = count_lines(Path(source))
            if lines is not None:
                self._bulk[source] = (sha256, lines)
        return False

    # -- writing --------------------------------------------------------------------------

    def put(self, record: dict[str, Any]) -> None:
        """Store one record in one transaction, replacing what its source gave before."""
        self._texts.clear()  # the texts kept for quoting (StoreReader.text) may be stale
        source = record["source"]
        doc_id = record.get("id") or ""
        passages = self._passages(record) if doc_id else None  # segmented outside the transaction
        try:
            self._write(record, source, doc_id, passages)
        except sqlite3.Error as exc:  # disk full, a read-only file: the message names the store
            raise write_error(self.path, exc) from exc

    def _write(self, record: dict[str, Any], source: str, doc_id: str, passages: list[Passage] | None) -> None:
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
        path, sep, line = source.rpartition("#")
        if sep and path in self._bulk and line.isdigit():
            self._line_done(path, int(line))

    def _line_done(self, path: str, line: int) -> None:
        """A bulk file counts as stored (and is skipped next time) once every one of its lines
        is in, in whatever order they came (workers finish chunks out of order, a resumed run
        skips the lines stored before); lines past its end, left from a longer earlier
        version, go."""
        sha, lines = self._bulk[path]
        seen = self._bulk_seen.setdefault(path, set())
        seen.add(line)
        if len(seen) < lines:
            return
        for row in self.db.execute("SELECT source FROM files WHERE source LIKE ? ESCAPE '\\'",
                                   (like_prefix(path + "#"),)).fetchall():
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
        # Contentless: FTS5 forgets a row only when told the values it indexed, derived again.
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        text = row["text"] if row else ""
        self.db.executemany("INSERT INTO fts (fts, rowid, text, words, plain) VALUES ('delete', ?, ?, ?, ?)", [
            (r["id"], *fts_values((r["task"] or "") if r["kind"] == "task" else text[r["start"]:r["end"]], r["words"]))
            for r in self.db.execute('SELECT c.id, c.kind, c.start, c."end", c.words, a.task FROM chunks c'
                                     " LEFT JOIN assignments a ON a.id = c.assignment_id WHERE c.doc_id = ?", (doc_id,))])
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
                forms = index_forms(task, self.segmented)
                passages.append(Passage("task", i, a.get("section"), a.get("start") or 0, a.get("end") or 0,
                                        forms, kept_words(task, forms[0])))
        for path, start, end in own_spans(record.get("sections") or [], len(text)):
            for s, e in split_span(text, start, end):
                # Section text is indexed by syllables only: segmenting every passage of every
                # document took most of the store's time (about 124k characters/s), and a phrase
                # of syllables ("trẻ em") finds the same passages; tasks, short, keep their words.
                passages.append(Passage("section", None, path, s, e, index_forms(text[s:e], False), None))
        return passages

    def _insert(self, record: dict[str, Any], passages: list[Passage]) -> None:
        did = record["id"]
        meta = {k: v for k, v in record.items()
                if k not in DOC_COLUMNS and k not in ("text", "sections", "references", "assignments", "entities")}
        values = [record.get(c) for c in DOC_COLUMNS]
        values[DOC_COLUMNS.index("format")] = record.get("format")
        self.db.execute(
            "INSERT INTO documents (id, key, source, sha256, format, doc_type, number, symbol, code, issuer,"
            " parent_issuer, place, date, title, code_key, text, meta, key_code)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*values, code_key(record.get("code")), record.get("text") or "", dumps(meta),
             node_code_key(doc_node(record.get("key"), did))),
        )
        self.db.executemany(
            'INSERT INTO sections (doc_id, seq, path, label, heading, level, start, "end", page, kind, extra)'
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(did, i, *[s.get(f) for f in SECTION_FIELDS], extra_json(s, SECTION_FIELDS))
             for i, s in enumerate(record.get("sections") or [])])
        self.db.executemany(
            "INSERT INTO doc_references (doc_id, seq, text, doc_type, code, date, issuer, relation, target,"
            ' section, start, "end", name, page, extra, link, code_key, link_code, gap, next_link)'
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(did, i, *[r.get(f) for f in REFERENCE_FIELDS], extra_json(r, REFERENCE_FIELDS), *_link_columns(r), *gap)
             for (i, r), gap in zip(enumerate(record.get("references") or []), _gaps(record), strict=True)])
        assignment_ids = [self._insert_assignment(did, i, a) for i, a in enumerate(record.get("assignments") or [])]
        for name in {record.get("issuer")} - {None, ""}:
            self._agency_id(name)  # issuers are agencies too: `ask --issuer` and the graph use them
        self.db.executemany(
            'INSERT INTO entities (doc_id, seq, label, text, start, "end", source) VALUES (?,?,?,?,?,?,?)',
            [(did, i, *[e.get(f) for f in ENTITY_FIELDS]) for i, e in enumerate(record.get("entities") or [])])
        compounds: set[str] = set()
        for kind, index, section, start, end, forms, kept in passages:
            compounds.update(strip_diacritics(w) for w in forms[0].split() if "_" in w)
            words, plain = forms
            cur = self.db.execute(
                'INSERT INTO chunks (doc_id, kind, assignment_id, section, start, "end", words) VALUES (?,?,?,?,?,?,?)',
                (did, kind, assignment_ids[index] if index is not None else None, section, start, end, kept))
            self.db.execute("INSERT INTO fts (rowid, text, words, plain) VALUES (?,?,?,?)",
                            (cur.lastrowid, words.replace("_", " "), words, plain))
        self.db.executemany("INSERT OR IGNORE INTO plain_words VALUES (?)", ((w,) for w in compounds if TOKEN.fullmatch(w)))

    def _insert_assignment(self, did: str, seq: int, a: dict[str, Any]) -> int:
        deadline = a.get("deadline")
        cur = self.db.execute(
            "INSERT INTO assignments (doc_id, seq, agency_id, agency, mention, role, task, deadline, deadline_date,"
            ' report_to, section, start, "end", page, extra) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            (did, seq, self._agency_id(a.get("agency")), a.get("agency"), a.get("mention"), a.get("role"),
             a.get("task"), dumps(deadline) if deadline else None,
             deadline.get("date") if isinstance(deadline, dict) else None, a.get("report_to"),
             a.get("section"), a.get("start"), a.get("end"), a.get("page"), extra_json(a, ASSIGNMENT_FIELDS)))
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



def _link_columns(reference: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(link, code_key, link_code) of a reference: what `store.links` looks it up by."""
    link = link_of(reference.get("target"), reference.get("code"))
    return link, code_key(reference.get("code")), node_code_key(link) if link else None


def _gaps(record: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """(gap, next_link) of each reference: the text up to the next mention of the document (by
    start, then order) and that mention's node, when it follows within `GAP_CHARS`."""
    refs = record.get("references") or []
    text = record.get("text") or ""
    order = sorted(range(len(refs)), key=lambda i: (refs[i].get("start") is not None, refs[i].get("start") or 0, i))
    out: list[tuple[str | None, str | None]] = [(None, None)] * len(refs)
    for i, j in zip(order, order[1:]):
        end, nxt = refs[i].get("end"), refs[j].get("start")
        if end is not None and nxt is not None and 0 <= nxt - end <= GAP_CHARS:
            out[i] = (text[end:nxt], link_of(refs[j].get("target"), refs[j].get("code")))
    return out
