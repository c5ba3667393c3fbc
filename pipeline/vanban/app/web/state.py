"""What every request of one worker shares: the store's path, and what is worth computing
once per version of the store (the agencies a question can name, the documents' list with
their province and level, the lineage graph). All of it is rebuilt when the store's files
change under a running server; nothing is ever written to the store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from vanban.app.web.words import level_of, province_of
from vanban.query.ask import document_graph, known_agencies
from vanban.query.lineage import resolve
from vanban.store.browse import DocumentRow, document_rows, issuer_names, passage_count, passages_with
from vanban.store.db import Store, StoreError, files_stamp, open_store


@dataclass
class Snapshot:
    """One version of the store, as the pages need it."""

    agencies: list[tuple[str, str, str]]
    documents: list[DocumentRow]
    by_id: dict[str, DocumentRow]
    province: dict[str, str | None]  # document id -> province
    level: dict[str, str]  # document id -> centre | province | district | commune | unknown
    issuers: list[str]
    graph: nx.MultiDiGraph
    node_of: dict[str, str] = field(default_factory=dict)  # document id -> graph node
    doc_types: list[str] = field(default_factory=list)
    passages: int = 0  # indexed passages, for the words' weights


ANSWERS_KEPT = 256
WORDS_KEPT = 20_000


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

    @contextmanager
    def store(self) -> Iterator[Store]:
        """This thread's read-only store, opened again when the store's files change (opening
        costs more than many a page's queries)."""
        stamp = files_stamp(self.db)
        held = getattr(self._local, "store", None)
        if held is None or held[0] != stamp:
            if held is not None:
                held[1].close()
            held = self._local.store = (stamp, Store.reader(self.db))
        try:
            yield held[1]
        finally:
            held[1].forget_texts()  # quotes are kept for one request: forty threads would hold forty sets
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

    def resolve(self, doc: str) -> list[str]:
        """The graph's nodes a code or id names (`lineage.resolve`, which reads every node's
        codes: a third of a second on the corpus), kept per store version."""
        snap = self.snapshot()
        with self._lock:
            kept = self._resolved.get((self._stamp, doc))
        if kept is None:
            kept = resolve(snap.graph, doc)
            with self._lock:
                self._resolved[(self._stamp, doc)] = kept
                while len(self._resolved) > WORDS_KEPT:
                    del self._resolved[next(iter(self._resolved))]
        return kept

    def passages(self) -> int:
        return self.snapshot().passages

    def _load(self) -> Snapshot:
        with self.store() as store:
            docs = document_rows(store.db)
            graph = document_graph(store)
            agencies = known_agencies(store.db)
            issuers = issuer_names(store.db)
            passages = passage_count(store.db)
        node_of = {i: n for n, d in graph.nodes(data=True) for i in d.get("ids", ())}
        return Snapshot(
            agencies=agencies, documents=docs, by_id={d.id: d for d in docs},
            province={d.id: province_of(d.issuer, d.parent_issuer, d.place) for d in docs},
            level={d.id: level_of(d.issuer) for d in docs}, issuers=issuers, graph=graph, node_of=node_of,
            doc_types=sorted({d.doc_type for d in docs if d.doc_type}), passages=passages)


def document_json(d: DocumentRow, snap: Snapshot) -> dict[str, Any]:
    return {"id": d.id, "code": d.code, "doc_type": d.doc_type, "issuer": d.issuer, "date": d.date, "title": d.title,
            "province": snap.province.get(d.id), "level": snap.level.get(d.id), "pages": d.pages,
            "assignments": d.assignments}
