"""What every request of one worker shares: the store's path, and what is worth computing
once per version of the store (the agencies a question can name, the documents' list with
their province and level). All of it is rebuilt when the store's files change under a running
server; nothing is ever written to the store.

The lineage is read in SQL as far as each diagram or document page reaches (`store.links`),
not from the whole graph: building the graph cost every worker a second and its memory at
start on the corpus (20 s and gigabytes at 100k documents) for pages that read a few nodes."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from vanban.app.web.words import level_of, plain, province_of, words
from vanban.query.ask import known_agencies
from vanban.query.lineage import LINEAGE_RELATIONS, walk
from vanban.query.scope import vocabulary
from vanban.store.browse import DocumentRow, document_rows, issuer_names, passage_count, passages_with
from vanban.store.db import Store, StoreError, files_stamp, open_store, segment_question
from vanban.store.links import Edge, Links

TEXT_CHARS = 120_000_000  # characters of documents' texts a worker keeps (the corpus has 44 million)
MMAP_BYTES = 1 << 30  # the store's pages mapped: the threads of a worker read them without copies


class Texts:
    """The documents' texts a worker has read, shared by its threads, up to `limit` characters,
    the least recently quoted dropped first. A question quotes hundreds of passages of tens of
    documents, and the next question quotes the same plans again: read once per worker, not
    once per request (SQLite's substr would read a whole law's text for each quote)."""

    def __init__(self, limit: int = TEXT_CHARS) -> None:
        self.limit = limit
        self._kept: OrderedDict[str, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, db: sqlite3.Connection, doc_id: str) -> str | None:
        text = self._kept.get(doc_id)  # one dictionary read, atomic: no lock for the quotes of a kept text
        if text is not None:
            if self._chars > self.limit // 2:  # the order matters only when the limit is near
                with self._lock:
                    if doc_id in self._kept:
                        self._kept.move_to_end(doc_id)
            return text
        row = db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        text = row[0] or ""
        with self._lock:
            if doc_id not in self._kept:
                self._kept[doc_id] = text
                self._chars += len(text)
                while self._chars > self.limit and len(self._kept) > 1:
                    self._chars -= len(self._kept.popitem(last=False)[1])
        return text

    def __contains__(self, doc_id: object) -> bool:
        with self._lock:
            return doc_id in self._kept

    @property
    def chars(self) -> int:
        return self._chars

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._chars = 0


class WebStore(Store):
    """A read-only store whose quotes come from the worker's `Texts`."""

    texts: Texts

    def text(self, doc_id: str, start: int, end: int) -> str:
        text = self.texts.get(self.db, doc_id)
        return text[max(0, start):max(0, end)] if text else ""

    def forget_texts(self) -> None:
        """Nothing is kept per request: the texts are the worker's."""


@dataclass
class Snapshot:
    """One version of the store, as the pages need it."""

    agencies: list[tuple[str, str, str]]
    documents: list[DocumentRow]
    by_id: dict[str, DocumentRow]
    province: dict[str, str | None]  # document id -> province
    level: dict[str, str]  # document id -> centre | province | district | commune | unknown
    issuers: list[str]
    doc_types: list[str] = field(default_factory=list)
    passages: int = 0  # indexed passages, for the words' weights
    said: dict[str, str] = field(default_factory=dict)  # document id -> its code, type, title, issuer unmarked


ANSWERS_KEPT = 256
WORDS_KEPT = 20_000
LINEAGES_KEPT = 64  # diagrams' subgraphs a worker keeps (a law's lineage reads hundreds of nodes)
LOOKUPS_KEPT = 200_000  # nodes and links the worker's `Links` keeps before it starts afresh


class State:
    def __init__(self, db: str | Path) -> None:
        self.db = Path(db)
        open_store(self.db).close()  # fail at start, not at the first question
        self._lock = threading.Lock()
        self._local = threading.local()
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._snapshot: Snapshot | None = None
        # answers of the questions asked last, by question and filters: the next page, the
        # export and the print view of a question ask it again
        self._answers: dict[tuple[Any, ...], Any] = {}
        self._words: dict[tuple[Any, ...], int] = {}
        self._resolved: dict[tuple[Any, ...], list[str]] = {}
        self._lineages: OrderedDict[tuple[Any, ...], nx.MultiDiGraph] = OrderedDict()
        self._links: tuple[tuple[tuple[int, int], ...] | None, Links] | None = None
        self._links_lock = threading.Lock()
        self.texts = Texts()
        self._texts_stamp: tuple[tuple[int, int], ...] | None = None

    @contextmanager
    def store(self) -> Iterator[Store]:
        """This thread's read-only store, opened again when the store's files change (opening
        costs more than many a page's queries)."""
        stamp = files_stamp(self.db)
        held = getattr(self._local, "store", None)
        if stamp != self._texts_stamp:
            self.texts.clear()  # the store changed under the server
            self._texts_stamp = stamp
        if held is None or held[0] != stamp:
            if held is not None:
                held[1].close()
            store = WebStore(self.db, read_only=True)
            store.texts = self.texts
            store.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            held = self._local.store = (stamp, store)
        yield held[1]

    def warm(self) -> None:
        """What the first questions of a new worker would otherwise wait for: the snapshot, the
        store's vocabulary (`query.scope`), the word segmenter's model (a fraction of a second
        to load), and the pages of the full-text index."""
        self.snapshot()
        with self.store() as store:
            vocabulary(store)
            for example in words()["examples"]:
                segment_question(example)  # loads the model
                passages_with(store.db, example)  # reads the index's first pages

    def snapshot(self) -> Snapshot:
        with self._lock:
            stamp = files_stamp(self.db)
            if not stamp:
                raise StoreError(f"no store at {self.db} any more")
            if self._snapshot is None or stamp != self._stamp:
                self._snapshot = self._load()
                self._stamp = stamp
                self._answers.clear()
            return self._snapshot

    def remembered(self, key: tuple[Any, ...]) -> Any:
        with self._lock:
            return self._answers.get((self._stamp, *key))

    def remember(self, key: tuple[Any, ...], answers: Any) -> None:
        with self._lock:
            self._answers[(self._stamp, *key)] = answers
            while len(self._answers) > ANSWERS_KEPT:
                del self._answers[next(iter(self._answers))]

    def word_count(self, word: str) -> int:
        """Passages of the store holding `word` (see `store.browse.passages_with`), kept."""
        with self._lock:
            kept = self._words.get((self._stamp, word))
        if kept is None:
            with self.store() as store:
                kept = passages_with(store.db, word)
            with self._lock:
                self._words[(self._stamp, word)] = kept
                while len(self._words) > WORDS_KEPT:
                    del self._words[next(iter(self._words))]
        return kept

    @contextmanager
    def links(self) -> Iterator[Links]:
        """The worker's lineage lookups (`store.links`), shared by its threads one at a time
        and kept while the store stays as it was: a law cited by two hundred documents costs
        its first page a hundred queries, not every page that shows it. Each thread's queries
        go through its own connection."""
        with self.store() as store, self._links_lock:
            held = self._links
            if held is None or held[0] != self._stamp or held[1].kept > LOOKUPS_KEPT:
                held = self._links = (self._stamp, Links(store.db))
            links = held[1]
            links.db = store.db
            yield links

    def resolve(self, doc: str) -> list[str]:
        """The lineage's nodes a code or id names (`Links.resolve`: indexed lookups of the
        code), kept per store version."""
        self.snapshot()
        with self._lock:
            kept = self._resolved.get((self._stamp, doc))
        if kept is None:
            with self.links() as links:
                kept = links.resolve(doc)
            with self._lock:
                self._resolved[(self._stamp, doc)] = kept
                while len(self._resolved) > WORDS_KEPT:
                    del self._resolved[next(iter(self._resolved))]
        return kept

    def lineage(self, starts: list[str], direction: str) -> nx.MultiDiGraph:
        """The lineage subgraph of `starts` (`lineage.walk`, read in SQL as far as it reaches),
        the last ones kept: the diagram of a plan is opened again from its answers and pages."""
        self.snapshot()
        key = (self._stamp, tuple(starts), direction)
        with self._lock:
            kept = self._lineages.get(key)
            if kept is not None:
                self._lineages.move_to_end(key)
                return kept
        with self.links() as links:
            sub = walk(links, starts, direction, LINEAGE_RELATIONS)
        with self._lock:
            self._lineages[key] = sub
            while len(self._lineages) > LINEAGES_KEPT:
                self._lineages.popitem(last=False)
        return sub

    def relations(self, doc_id: str) -> tuple[list[Edge], list[Edge], dict[str, dict[str, Any]]]:
        """A document's reference edges out and in, and the attributes of the nodes at their
        other ends, read in SQL (`store.links`)."""
        self.snapshot()
        with self.links() as links:
            node = links.node_of_document(doc_id)
            if node is None or links.node_data(node) is None:
                return [], [], {}
            out, into = links.out_edges([node]), links.in_edges([node])
            others = links.prefetch({v for _, v, _, _ in out} | {u for u, _, _, _ in into})
            return out, into, {n: links.node_data(n) or {} for n in others}

    def passages(self) -> int:
        return self.snapshot().passages

    def _load(self) -> Snapshot:
        with self.store() as store:
            docs = document_rows(store.db)
            agencies = known_agencies(store.db)
            issuers = issuer_names(store.db)
            passages = passage_count(store.db)
        return Snapshot(
            agencies=agencies, documents=docs, by_id={d.id: d for d in docs},
            province={d.id: province_of(d.issuer, d.parent_issuer, d.place) for d in docs},
            level={d.id: level_of(d.issuer) for d in docs}, issuers=issuers,
            doc_types=sorted({d.doc_type for d in docs if d.doc_type}), passages=passages,
            said={d.id: plain(" ".join(x for x in (d.code, d.doc_type, d.title, d.issuer) if x)) for d in docs})


def document_json(d: DocumentRow, snap: Snapshot) -> dict[str, Any]:
    return {"id": d.id, "code": d.code, "doc_type": d.doc_type, "issuer": d.issuer, "date": d.date, "title": d.title,
            "province": snap.province.get(d.id), "level": snap.level.get(d.id), "pages": d.pages,
            "assignments": d.assignments}
