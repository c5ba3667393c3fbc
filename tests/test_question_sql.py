"""The batched reads a topic question makes (issue 18: the per-passage SQL of ranking) give
what the one-query-per-passage SQL they replace gives, on the real documents of the test store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import store_of
from vanban.query.scope import known_places, place_of
from vanban.store import questions as sql
from vanban.store.db import Store


def _sections(store: Store) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in store.db.execute("SELECT doc_id, path FROM sections WHERE path IS NOT NULL")]


def test_document_assignments_are_the_sql_of_each_section(store: Store) -> None:
    index = sql.DocumentAssignments(store, [r[0] for r in store.db.execute("SELECT id FROM documents")])
    sections = _sections(store)
    assert len(sections) > 200
    found = 0
    for doc_id, path in sections:
        for below in (True, False):
            want = [r[0] for r in store.db.execute(
                "SELECT id FROM assignments WHERE doc_id = ? AND (section = ? OR (? AND section LIKE ?))",
                (doc_id, path, below, path.replace("%", "") + ".%"))]
            assert index.in_section(doc_id, path, below) == want, (doc_id, path, below)
            found += bool(want)
    assert found > 20  # sections that hold assignments, not only empty answers


def test_document_assignments_overlap_as_the_sql_does(store: Store) -> None:
    spans = store.db.execute('SELECT doc_id, start, "end" FROM chunks').fetchall()
    index = sql.DocumentAssignments(store, {r[0] for r in spans})
    hits = 0
    for doc_id, start, end in spans:
        want = [r[0] for r in store.db.execute(
            'SELECT id FROM assignments WHERE doc_id = ? AND start < ? AND "end" > ?', (doc_id, end, start))]
        assert index.overlapping(doc_id, start, end) == want
        hits += bool(want)
    assert hits > 20


@pytest.mark.parametrize("prefix,text,matches", [
    ("II.1.", "II.1.a", True),
    ("II.1.", "ii.1.b", True),  # LIKE folds ASCII letters
    ("II.1.", "II.10", False),
    ("II.1.", "II.1", False),
    ("Đ.1.", "đ.1.a", False),  # ... and only those
    ("a_c.", "abc.1", True),  # _ is any one character
    ("a_c.", "ac.1", False),
])
def test_like_prefix_is_sqlites_like(prefix: str, text: str, matches: bool) -> None:
    conn = sqlite3.connect(":memory:")
    assert bool(conn.execute("SELECT ? LIKE ?", (text, prefix + "%")).fetchone()[0]) is matches
    assert sql.like_prefix(prefix, text) is matches


def test_superseded_among_is_every_replaced_or_repealed_target(tmp_path: Path) -> None:
    # a circular that repeals an older one (the test store has no such reference)
    store = store_of(tmp_path, ["vbpl_vn/TT-153-2025-TT-BTC_PhiLePhiVanHoa.txt", "seed/KH-HU-BacAi-2024-03_CT28.txt"])
    try:
        every = {r[0] for r in store.db.execute(
            "SELECT DISTINCT target FROM doc_references WHERE relation IN ('replaces', 'repeals') AND target IS NOT NULL")}
        others = {r[0] for r in store.db.execute("SELECT DISTINCT target FROM doc_references WHERE target IS NOT NULL")} - every
        keys = {r[0] for r in store.db.execute("SELECT key FROM documents WHERE key IS NOT NULL")}
        assert every and others  # something repealed, and references that repeal nothing
        assert sql.superseded_among(store, keys | every | others) == every
        assert sql.superseded_among(store, keys | others) == set()
    finally:
        store.close()


def test_passage_plain_is_the_passage_cut_from_its_text(store: Store) -> None:
    from vanban.store.forms import plain_form

    rows = store.db.execute(
        "SELECT c.id, c.words, CASE WHEN c.words IS NOT NULL THEN NULL WHEN c.kind = 'task' THEN a.task"
        ' ELSE substr(d.text, c.start + 1, c."end" - c.start) END AS passage FROM chunks c'
        " LEFT JOIN assignments a ON a.id = c.assignment_id LEFT JOIN documents d ON d.id = c.doc_id").fetchall()
    want = {r["id"]: plain_form(r["passage"] or "", r["words"]) for r in rows}
    assert len(want) > 200
    assert store.passage_plain(list(want)) == want


def test_known_places_name_each_issuer_once(store: Store) -> None:
    names = [n for n, _, _ in sql.known_agencies(store.db)] + [i for _, i in sql.document_issuers(store)]
    assert known_places(store) == {p for n in names if (p := place_of(n))}
    assert sql.issuers(store) == {i for _, i in sql.document_issuers(store)}


def test_known_agencies_are_those_with_tasks_in_id_order(store: Store) -> None:
    rows = store.db.execute("SELECT name, fold, plain FROM agencies WHERE id IN (SELECT agency_id FROM assignments)"
                            " ORDER BY id").fetchall()
    assert len(rows) > 20 and sql.known_agencies(store.db) == [tuple(r) for r in rows]
    assert store.db.execute("SELECT count(*) FROM agencies").fetchone()[0] > len(rows)  # some have no task
