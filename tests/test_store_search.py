"""The full-text search that scores passages outside FTS5 (issue 18: a topic question on a large
store): the same bm25 as FTS5's on the real documents of the test store, the same passages as
FTS5's ranking when every match is scored, and the bounded search and the sampled phrase
counts doing what they say."""

from __future__ import annotations

import pytest

from vanban.store import bm25, search
from vanban.store.db import FTS_WEIGHTS, Store
from vanban.store.forms import match_expression, query_groups

# topics of real questions, and words of the test store's documents with and without marks
TOPICS = ("bảo vệ trẻ em", "tuyên truyền phổ biến giáo dục pháp luật", "phòng chống dịch bệnh truyền nhiễm",
          "tre em", "bao cao ket qua thuc hien", "kiểm tra giám sát việc thực hiện kế hoạch")


def _fts5(store: Store, match: str, limit: int = 100_000) -> list[tuple[int, float]]:
    weights = ", ".join(map(str, FTS_WEIGHTS))
    return [(r[0], -r[1]) for r in store.db.execute(
        f"SELECT rowid, bm25(fts, {weights}) AS rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?", (match, limit))]


def _phrases(store: Store, topic: str) -> list[bm25.Phrase]:
    return [bm25.Phrase(c, p) for g in query_groups(topic, store.plain_compounds) for c, p in g]


@pytest.mark.parametrize("mode", ["any", "all"])
def test_bm25_here_is_fts5s(store: Store, mode: str) -> None:
    totals = bm25.index_totals(store.db)
    assert totals is not None
    checked = 0
    for topic in TOPICS:
        phrases = _phrases(store, topic)
        idfs = [bm25.idf(totals.rows, bm25.count(store.db, p)) for p in phrases]
        ranked = _fts5(store, match_expression(query_groups(topic, store.plain_compounds), mode), 300)
        ids = [i for i, _ in ranked]
        values, sizes = store.passage_values(ids), bm25.passage_sizes(store.db, ids)
        for i, want in ranked:
            assert bm25.score(phrases, idfs, values[i], sizes[i], totals.avgdl, FTS_WEIGHTS) == pytest.approx(want, rel=1e-12)
            checked += 1
    assert checked > (300 if mode == "any" else 20)


def test_the_index_totals_are_fts5s(store: Store) -> None:
    totals = bm25.index_totals(store.db)
    assert totals is not None
    ids = [r[0] for r in store.db.execute("SELECT id FROM chunks")]
    assert totals.rows == len(ids)
    assert sum(bm25.passage_sizes(store.db, ids).values()) == pytest.approx(totals.avgdl * totals.rows)


@pytest.mark.parametrize("text,phrase,n", [
    ("trẻ em và trẻ em", "trẻ em", 2),
    ("trẻ, em", "trẻ em", 1),  # tokens follow each other, punctuation between
    ("trẻ_em", "trẻ em", 0),  # '_' joins a word: one token
    ("trẻ_em trẻ em", "trẻ_em", 1),
    ("so so so", "so so", 2),  # overlapping instances count, as in FTS5
    ("thẻ trẻ em", "trẻ em", 1),
    ("btrẻ em", "trẻ em", 0),
])
def test_instances_count_tokens_as_fts5_does(text: str, phrase: str, n: int) -> None:
    assert bm25.instances(text, phrase) == n


def _forced(monkeypatch: pytest.MonkeyPatch, **values: int) -> None:
    monkeypatch.setattr(search, "FTS5_RANKS", 0)  # the test store is small: score here all the same
    for name, value in values.items():
        monkeypatch.setattr(search, name, value)


@pytest.mark.parametrize("mode", ["any", "all"])
def test_a_pooled_search_finds_what_fts5_ranks(store: Store, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    _forced(monkeypatch, POOL=100_000)
    for topic in TOPICS:
        want = _fts5(store, match_expression(query_groups(topic, store.plain_compounds), mode), 50)
        got = [(h.chunk, h.score) for h in store.search(topic, mode=mode, limit=50)]
        assert [i for i, _ in got] == [i for i, _ in sorted(want, key=lambda x: (-x[1], x[0]))], topic
        assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-12)


def test_a_bounded_search_weighs_the_rare_phrases_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _forced(monkeypatch, POOL=10, BUDGET=60, CANDIDATES=40)
    topic = "kiểm tra giám sát việc thực hiện kế hoạch"
    counts = {p: bm25.count(store.db, p) for p in _phrases(store, topic)}
    rarest = min(counts, key=lambda p: counts[p])
    assert counts[rarest] <= 60 < sum(counts.values())  # the bound leaves phrases out
    full = dict(_fts5(store, match_expression(query_groups(topic, store.plain_compounds), "any")))
    hits = store.search(topic, mode="any", limit=20)
    assert len(hits) == 20
    for h in hits:
        assert h.score == pytest.approx(full[h.chunk], rel=1e-12)  # scored with every phrase
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    rare_rows = {i for i, _ in _fts5(store, rarest.match())}
    assert any(h.chunk in rare_rows for h in hits)


def test_a_large_index_counts_common_phrases_in_a_sample(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "EXACT_ROWS", 0)
    monkeypatch.setattr(bm25, "SAMPLED_ROWS", 2_000)
    monkeypatch.setattr(bm25, "SAMPLE_HITS", 50)
    totals = bm25.index_totals(store.db)
    assert totals is not None and len(totals.windows) == bm25.WINDOWS and 0 < totals.sampled <= 2_000
    common, rare = bm25.Phrase("text", "thực hiện"), bm25.Phrase("text", "trẻ em")
    exact = bm25.count(store.db, common)
    assert sum(bm25.count(store.db, common, w) for w in totals.windows) >= 50
    assert abs(bm25.frequency(store.db, common, totals) - exact) < 0.25 * exact
    assert sum(bm25.count(store.db, rare, w) for w in totals.windows) < 50
    assert bm25.frequency(store.db, rare, totals) == bm25.count(store.db, rare)


def test_a_large_index_keeps_its_counts_while_it_stays_as_it_was(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "EXACT_ROWS", 0)
    monkeypatch.setattr(bm25, "SAMPLED_ROWS", 2_000)
    monkeypatch.setattr(bm25, "SAMPLE_HITS", 50)
    totals = bm25.index_totals(store.db)
    assert totals is not None and totals.state and bm25.index_totals(store.db) == totals
    common = bm25.Phrase("text", "thực hiện")
    counted = bm25.frequency(store.db, common, totals)
    assert counted == round(sum(bm25.count(store.db, common, w) for w in totals.windows) * totals.rows / totals.sampled)
    monkeypatch.setitem(bm25._counts, (totals.state, common), -1)  # what is kept is what is answered
    assert bm25.frequency(store.db, common, totals) == -1
    monkeypatch.setattr(bm25, "SAMPLE_HITS", 40)  # other settings: another sample's counts
    other = bm25.index_totals(store.db)
    assert other is not None and other.state != totals.state and bm25.frequency(store.db, common, other) == counted
