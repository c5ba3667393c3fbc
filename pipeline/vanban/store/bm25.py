"""FTS5's bm25, computed here for a bounded set of passages.

FTS5 ranks a query by counting, for every phrase, the passages that hold it, then scoring
every passage that matches: a topic question asked for any of its words ("và", "thực hiện",
"số" among them) scores four passages in five of a store ten times the corpus, and counts the
common phrases' hundreds of thousands of passages anew each time (issue 18: 1-3.7 s a
question on 1.4 M passages). The same formula (`fts5_aux.c`: k1 = 1.2, b = 0.75, the column
weights, a floor of 1e-6 on the idf) is computed here over the passages worth scoring, with
the numbers FTS5 keeps itself: the passages and tokens of the index (its averages record) and
each passage's size (`fts_docsize`). A phrase's count is exact on an index of up to
`EXACT_ROWS` passages; beyond, a common phrase's is estimated from `SAMPLED_ROWS` passages
spread over the index (at least `SAMPLE_HITS` found there: a relative error under 5 %, which
moves its idf by less than 0.05), a rarer one is counted.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vanban.store.schema import bounded, placeholders

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6
COLUMNS = ("text", "words", "plain")  # the order of the FTS5 table's columns
EXACT_ROWS = 150_000  # an index of up to this many passages has every phrase counted (the corpus: 146k)
SAMPLED_ROWS = 50_000  # beyond, passages of index a common phrase is counted in
WINDOWS = 10  # stretches of the index they are taken from
SAMPLE_HITS = 400  # a phrase found fewer times in them is counted in the whole index


@dataclass(frozen=True)
class Phrase:
    column: str  # "text" | "words" | "plain"
    phrase: str  # its tokens, spaced

    def match(self) -> str:
        return f'{self.column} : "{self.phrase}"'


@dataclass(frozen=True)
class IndexTotals:
    rows: int  # passages in the index
    avgdl: float  # tokens per passage, all columns
    windows: tuple[tuple[int, int], ...] = ()  # stretches of passage ids a phrase is counted in (a large index)
    sampled: int = 0  # passages in them
    state: tuple[object, ...] = ()  # which index this is, as it is now (a large index): what `frequency` keeps counts by


# On a large index, the totals and the phrases' counts of the index as it is now: counting a
# common phrase in the sample is a fifth of a topic question's time on a store of 1.4 M passages,
# and the same phrases ("thực hiện", "trách nhiệm") come back question after question. Keyed
# by the store's file, its averages record (rows and tokens) and its first and last passage:
# any passage written or removed changes them, and the counts are read again.
_KEPT_COUNTS = 20_000
_counts: OrderedDict[tuple[tuple[object, ...], Phrase], int] = OrderedDict()
_sampled: dict[tuple[object, ...], int] = {}
_lock = threading.Lock()


def varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 writes its averages and sizes."""
    out: list[int] = []
    i, n = 0, len(blob)
    while i < n:
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def index_totals(db: sqlite3.Connection) -> IndexTotals | None:
    """What bm25 weighs every passage against, from FTS5's averages record (id 1 of
    `fts_data`: the number of rows, then the tokens of each column), and on an index of more
    than `EXACT_ROWS` passages the stretches of it a phrase is counted in. None when empty."""
    row = db.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return None
    values = varints(bytes(row[0]))
    if not values or values[0] <= 0:
        return None
    totals = IndexTotals(values[0], sum(values[1:]) / values[0])
    if totals.rows <= EXACT_ROWS:
        return totals
    # min() and max() in two queries: SQLite reads the end of the primary key for either
    # alone, and scans the table for both in one
    first = db.execute("SELECT min(id) FROM chunks").fetchone()[0]
    last = db.execute("SELECT max(id) FROM chunks").fetchone()[0]
    if first is None or last is None:
        return totals
    step, width = (last - first + 1) // WINDOWS, SAMPLED_ROWS // WINDOWS
    windows = tuple((first + k * step, min(first + k * step + width - 1, last)) for k in range(WINDOWS))
    # the sample's settings too: the counts kept are those they gave
    state = (db.execute("PRAGMA database_list").fetchone()[2], bytes(row[0]), first, last, windows, SAMPLE_HITS)
    with _lock:
        sampled = _sampled.get(state)
    if sampled is None:
        sampled = sum(int(db.execute("SELECT count(*) FROM chunks WHERE id BETWEEN ? AND ?", w).fetchone()[0])
                      for w in windows)
        with _lock:
            if len(_sampled) > 16:
                _sampled.clear()
            _sampled[state] = sampled
    return IndexTotals(totals.rows, totals.avgdl, windows, sampled, state)


def passage_sizes(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, int]:
    """Tokens of each passage, all columns: xColumnSize(-1) of FTS5."""
    out: dict[int, int] = {}
    for part in bounded(ids):
        for r in db.execute(f"SELECT id, sz FROM fts_docsize WHERE id IN ({placeholders(part)})", part):
            out[int(r[0])] = sum(varints(bytes(r[1])))
    return out


def count(db: sqlite3.Connection, phrase: Phrase, window: tuple[int, int] | None = None) -> int:
    """Passages holding the phrase (between two passage ids when given)."""
    if window is None:
        return int(db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (phrase.match(),)).fetchone()[0])
    return int(db.execute("SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?",
                          (phrase.match(), *window)).fetchone()[0])


def frequency(db: sqlite3.Connection, phrase: Phrase, totals: IndexTotals) -> int:
    """Passages holding the phrase: counted on an index of up to `EXACT_ROWS` passages and for
    a phrase the sample finds fewer than `SAMPLE_HITS` times; otherwise estimated from its
    count in the sample (`IndexTotals.windows`)."""
    if not totals.windows or not totals.sampled:
        return count(db, phrase)
    key = (totals.state, phrase)
    with _lock:
        kept = _counts.get(key)
        if kept is not None:
            _counts.move_to_end(key)
            return kept
    found = sum(count(db, phrase, w) for w in totals.windows)
    hits = count(db, phrase) if found < SAMPLE_HITS else round(found * totals.rows / totals.sampled)
    if totals.state:
        with _lock:
            _counts[key] = hits
            while len(_counts) > _KEPT_COUNTS:
                _counts.popitem(last=False)
    return hits


def idf(rows: int, hits: int) -> float:
    value = math.log((rows - hits + 0.5) / (hits + 0.5))
    return value if value > 0.0 else IDF_FLOOR


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    # unicode61 with '_' as a token character: a token is a run of letters, digits and '_'
    # (Python's \w); a phrase's tokens follow each other with anything else between them.
    # The lookahead counts overlapping instances, as FTS5 does.
    body = r"\W+".join(re.escape(t) for t in phrase.split(" "))
    return re.compile(rf"(?<!\w)(?=({body})(?!\w))")


def instances(value: str, phrase: str) -> int:
    """Instances of a phrase in an indexed value (lower case, as the index folds it)."""
    first = phrase.split(" ", 1)[0]
    if first not in value:
        return 0
    return len(_pattern(phrase).findall(value))


def score(phrases: Sequence[Phrase], idfs: Sequence[float], values: tuple[str, str, str], size: int,
          avgdl: float, weights: Sequence[float]) -> float:
    """bm25 of one passage (larger is better), as `fts5Bm25Function` sums it, phrase by phrase
    in the query's order."""
    norm = K1 * (1 - B + B * size / avgdl)
    total = 0.0
    for phrase, weight in zip(phrases, idfs, strict=True):
        column = COLUMNS.index(phrase.column)
        freq = 0.0
        for _ in range(instances(values[column], phrase.phrase)):
            freq += weights[column]  # one addition an instance, as FTS5 sums them
        total += weight * ((freq * (K1 + 1.0)) / (freq + norm))
    return total
