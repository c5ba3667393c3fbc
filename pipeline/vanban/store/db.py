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

from pathlib import Path

from vanban.store.forms import (
    CHUNK_CHARS,
    FTS_WEIGHTS,
    fts_query,
    has_diacritics,
    index_forms,
    looks_vietnamese,
    own_spans,
    query_terms,
    segment,
    segment_question,
    split_span,
)
from vanban.store.opening import open_store, open_writable
from vanban.store.read import Hit, StoreReader
from vanban.store.schema import SCHEMA, SCHEMA_VERSION, StoreError, code_key, files_stamp
from vanban.store.write import Passage, StoreWriter

__all__ = [
    "CHUNK_CHARS",
    "FTS_WEIGHTS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Hit",
    "Passage",
    "Store",
    "StoreError",
    "code_key",
    "files_stamp",
    "fts_query",
    "has_diacritics",
    "index_forms",
    "looks_vietnamese",
    "open_store",
    "own_spans",
    "query_terms",
    "segment",
    "segment_question",
    "split_span",
]


class Store(StoreWriter, StoreReader):
    def __init__(self, path: str | Path, segmented: bool = True, read_only: bool = False) -> None:
        self.path = Path(path)
        self.segmented = segmented
        self.skipped = 0  # files stored unchanged, passed over
        self.resumed = 0  # lines of bulk files stored by an interrupted run, passed over
        # Bulk files being (re)read this run: path -> (sha256, number of lines), and the
        # lines of each stored so far.
        self._bulk: dict[str, tuple[str, int]] = {}
        self._bulk_seen: dict[str, set[int]] = {}
        self._texts: dict[str, str] = {}
        if read_only:
            self.db = open_store(path)
            return
        self.db = open_writable(self.path)

    @classmethod
    def reader(cls, path: str | Path) -> Store:
        """A store opened read-only (`open_store`): for the questions and the web page, which
        must neither write nor create a store, and may run beside an `extract` that writes."""
        return cls(path, read_only=True)

    def close(self) -> None:
        self.db.close()

