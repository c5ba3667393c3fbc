"""Which documents a question is answered from: the filters of `ask` and `serve` (issuer,
lineage, date) and the lineage of a document the question names by its code."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from vanban.query.question import tokens
from vanban.store import questions as sql
from vanban.store.db import Store, files_stamp
from vanban.text import units
from vanban.text.normalize import fold, match_key, strip_diacritics


@dataclass
class Filters:
    issuer: str | None = None
    under: str | None = None
    since: str | None = None


def allowed_documents(store: Store, filters: Filters) -> set[str] | None:
    """Document ids the filters leave, None when there is no filter."""
    if not (filters.issuer or filters.under or filters.since):
        return None
    ids = sql.document_ids(store)
    if filters.issuer:
        want = strip_diacritics(fold(filters.issuer))
        ids &= {i for i, issuer in sql.document_issuers(store) if want in strip_diacritics(fold(issuer))}
    if filters.since:
        ids &= sql.documents_since(store, filters.since)
    if filters.under:
        ids &= under_ids(store, filters.under)
    return ids


def under_ids(store: Store, doc: str, context: str = "") -> set[str]:
    """Ids of the corpus documents in the down lineage of `doc`, itself included. A local code
    names one document per province ("310/KH-UBND"): when `context` (the question) names the
    place of some of them, only those."""
    from vanban.store.links import Links

    # Read in SQL as far as the lineage goes (`store.links`), not from the whole graph.
    links = Links(store.db)
    starts = links.resolve(doc)
    if len(starts) > 1 and context:
        said = f" {plain_words(context)} "
        named = [n for n in starts if (place := place_of((links.node_data(n) or {}).get("issuer"))) and f" {place} " in said]
        starts = named or starts
    # the nodes only (`Links.reach`): `lineage.walk`'s subgraph would import networkx
    nodes, _ = links.reach(starts, "down")
    return {i for n in links.prefetch(nodes) for i in (links.node_data(n) or {}).get("ids", [])}


@cache
def _levels() -> list[list[str]]:
    """The level words a place follows in a name ("tỉnh", "thành phố" …, `data/units.json`), as syllables."""
    return [w.split() for w in (match_key(p) for p in units.words(named=True))]


def plain_words(text: str) -> str:
    """A name's syllables, unmarked, spaced ("Các xã, phường" -> "cac xa phuong")."""
    return strip_diacritics(" ".join(tokens(text)))


@lru_cache(maxsize=16384)
def place_of(issuer: str | None) -> str | None:
    """The place of a name, its syllables unmarked ("... tỉnh Đồng Tháp" -> "dong thap"): what
    follows its last level word, when that is capitalised ("các cấp", "cấp tỉnh" name none).
    Kept: ranking asks it of the agency and issuer of every assignment found, the same few
    hundred names question after question."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", issuer or ""))
    keys = [match_key(w) for w in words]
    found = None
    for i in range(len(words)):
        for level in _levels():
            j = i + len(level)
            if keys[i:j] == level and j < len(words) and words[j][0].isupper():
                found = j
    return plain_words(" ".join(words[found:])) if found is not None else None


def known_places(store: Store) -> set[str]:
    """The places the store's agencies and issuers name, folded and unmarked ("dak lak")."""
    # each name once: the documents of one issuer repeat it (a store of 14,000 documents names
    # 15,600 agencies and issuers, 1,800 of them different)
    names = {name for name, _, _ in sql.known_agencies(store.db)} | sql.issuers(store)
    return {p for n in names if (p := place_of(n))}


def places_file(store: Store) -> Path:
    """Where `stored_places` keeps the store's places, beside it."""
    return Path(f"{store.path}-places.json")


def stored_places(store: Store, stamp: tuple[tuple[int, int], ...]) -> set[str]:
    """`known_places`, kept in a file beside the store for the next process: reading every
    name's place is a tenth of a second of a fresh `ask` on a store of 14,000 documents. The
    file holds the store's stamp (`files_stamp`) and the level words the places were read
    with; when either differs, or the file cannot be read, they are read again and the file
    rewritten (atomically; not at all where the store's folder is read-only)."""
    path = places_file(store)
    levels = [" ".join(level) for level in _levels()]
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["stamp"] == [list(s) for s in stamp] and kept["levels"] == levels:
            return set(kept["places"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    places = known_places(store)
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        part.write_text(json.dumps({"stamp": stamp, "levels": levels, "places": sorted(places)}, ensure_ascii=False),
                        encoding="utf-8")
        part.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
    return places


# What a question is read and ranked with, kept while the store's files stay as they were:
# computing it costs more than answering an agency's question.
@dataclass(frozen=True)
class Vocabulary:
    agencies: list[tuple[str, str, str]]  # (name, fold, plain) of the agencies with tasks
    places: set[str]  # the places they and the issuers name


_VOCABULARY: dict[str, tuple[tuple[tuple[int, int], ...], Vocabulary]] = {}
_VOCABULARY_LOCK = threading.Lock()


def vocabulary(store: Store) -> Vocabulary:
    """What a store knows that reading and ranking need, cached per store file state."""
    stamp = files_stamp(store.path)
    key = str(store.path.resolve())
    with _VOCABULARY_LOCK:
        cached = _VOCABULARY.get(key)
        if cached is None or cached[0] != stamp:
            _VOCABULARY.clear()
            made = Vocabulary(sql.known_agencies(store.db), stored_places(store, stamp))
            cached = _VOCABULARY[key] = (stamp, made)
        return cached[1]


# The documents' graph of the last store asked, while its files stay as they were: building
# it is most of a scoped question's time (a second on the whole corpus), and a server asks
# many questions of one store.
_GRAPH_CACHE: dict[str, tuple[tuple[tuple[int, int], ...], Any]] = {}
_GRAPH_LOCK = threading.Lock()


def document_graph(store: Store) -> Any:
    from vanban.query.graph import build_graph

    stamp = files_stamp(store.path)
    key = str(store.path.resolve())
    with _GRAPH_LOCK:  # threads of `vanban serve` asking at once build it once
        cached = _GRAPH_CACHE.get(key)
        if cached is None or cached[0] != stamp:
            _GRAPH_CACHE.clear()
            cached = _GRAPH_CACHE[key] = (stamp, build_graph(store.db, agencies=False))
        return cached[1]
