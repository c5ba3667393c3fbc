"""Which passages a full-text search weighs, and in what order (`StoreReader.search`).

FTS5 ranks by scoring every passage that matches (`store.bm25` says why that is slow on a large
store). Here:
* a query that matches at most `POOL` passages (most questions for all of their words, and
  most searches scoped to a lineage or an agency's documents) has them all scored with
  FTS5's own formula: the same passages and scores as FTS5's ranking;
* a query for any of the words, which matches far more, is first searched for its rarest
  phrases only, as many as `BUDGET` passages of index hold between them (at least the rarest
  one); the `CANDIDATES` best of those are scored with all the phrases. A passage that holds
  only common words is not weighed. On the corpus the answers are the same as ranking every
  match (corpus/questions: the four figures unchanged on dev and test, docs/scale.md); on a
  larger store fewer of a question's words drive the search, and the work stays bounded.
* a search for all the words that matches more than `POOL` passages is ranked by FTS5.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from vanban.store import bm25
from vanban.store.forms import FTS_WEIGHTS, Group, match_expression

FTS5_RANKS = 150_000  # an index of up to this many passages (the corpus: 146k) is ranked by FTS5 itself
POOL = 1_000  # matches scored here without ranking by FTS5
BUDGET = 30_000  # passages of index the rare phrases of an any-word search may hold between them
CANDIDATES = 500  # passages of that search scored with every phrase

Scope = tuple[int, int, str]  # first and last passage id, the documents (JSON list)
# the condition a scope adds to a search of `fts` joined to `chunks c`, with the Scope's values
SCOPED = " AND fts.rowid BETWEEN ? AND ? AND c.doc_id IN (SELECT value FROM json_each(?))"
Values = Callable[[list[int]], dict[int, tuple[str, str, str]]]  # the indexed values of passages


def ranked(db: sqlite3.Connection, groups: list[Group], mode: str, limit: int,
           scope: Scope | None, passage_values: Values) -> list[tuple[int, float]] | None:
    """(passage id, score) of the best `limit` passages for the phrase groups, best first;
    None when FTS5 should rank the query itself."""
    totals = bm25.index_totals(db)
    if totals is None or totals.rows <= FTS5_RANKS:
        return None
    ids = _matching(db, match_expression(groups, mode), scope, POOL + 1)
    if len(ids) > POOL and mode == "all":
        return None
    if not ids:
        return []
    phrases = [bm25.Phrase(column, phrase) for group in groups for column, phrase in group]
    counts = {p: bm25.frequency(db, p, totals) for p in set(phrases)}
    if len(ids) > POOL:
        ids = _candidates(db, groups, scope, counts)
    idfs = [bm25.idf(totals.rows, counts[p]) for p in phrases]
    values = passage_values(ids)
    sizes = bm25.passage_sizes(db, ids)
    scored = [(i, bm25.score(phrases, idfs, values[i], sizes[i], totals.avgdl, FTS_WEIGHTS))
              for i in ids if i in values and i in sizes]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:limit]


def _matching(db: sqlite3.Connection, match: str, scope: Scope | None, limit: int, rank: bool = False) -> list[int]:
    """Ids of passages matching `match` (the first `limit`; by FTS5's bm25 when `rank`)."""
    order = f" ORDER BY bm25(fts, {', '.join(map(str, FTS_WEIGHTS))})" if rank else ""
    if scope is None:
        sql = f"SELECT rowid FROM fts WHERE fts MATCH ?{order} LIMIT ?"
        args: tuple[object, ...] = (match, limit)
    else:
        sql = f"SELECT fts.rowid FROM fts JOIN chunks c ON c.id = fts.rowid WHERE fts MATCH ?{SCOPED}{order} LIMIT ?"
        args = (match, *scope, limit)
    return [int(r[0]) for r in db.execute(sql, args)]


def _candidates(db: sqlite3.Connection, groups: list[Group], scope: Scope | None,
                counts: dict[bm25.Phrase, int]) -> list[int]:
    """The passages best for the query's rarest phrases (see the module docstring)."""
    rare: set[bm25.Phrase] = set()
    held = 0
    for p in sorted(counts, key=lambda p: (counts[p], p.column, p.phrase)):
        if rare and held + counts[p] > BUDGET:
            break
        rare.add(p)
        held += counts[p]
    kept = [g for g in (tuple(x for x in group if bm25.Phrase(*x) in rare) for group in groups) if g]
    return _matching(db, match_expression(kept, "any"), scope, CANDIDATES, rank=True)
