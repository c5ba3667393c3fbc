"""The full-text index keeps no copy of the passages (contentless FTS5): its forms are derived
from the stored text, when a document is replaced and when a question weighs a passage."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.test_store import PLANS
from vanban.app.cli import main
from vanban.store.db import Store, StoreError, index_forms
from vanban.store.forms import fts_values, kept_words, plain_form
from vanban.store.schema import SCHEMA_VERSION


def _vocabulary(db: Path) -> list[tuple[str, str, int, int]]:
    """Every (term, column, passages, occurrences) of a store's index."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'col')")
        return conn.execute("SELECT term, col, doc, cnt FROM temp.vocab ORDER BY term, col").fetchall()
    finally:
        conn.close()


def test_a_replaced_document_leaves_the_index_a_fresh_store_would_have(tmp_path: Path) -> None:
    """FTS5 forgets a passage only when told the exact values it indexed: derived again from
    the old text, they must be those, or stale terms stay in the index for ever."""
    path = tmp_path / "ke-hoach.txt"
    shutil.copy(SEED, path)
    db = tmp_path / "v.db"
    assert main(["extract", str(path), str(PLANS[0]), "--db", str(db), "-q"]) == 0
    before = _vocabulary(db)
    text = SEED.read_text(encoding="utf-8").replace("hạn chế tình trạng đuối nước", "hạn chế tình trạng tảo hôn")
    path.write_text(text, encoding="utf-8")
    assert main(["extract", str(path), "--db", str(db), "-q"]) == 0
    fresh = tmp_path / "fresh.db"
    assert main(["extract", str(path), str(PLANS[0]), "--db", str(fresh), "-q"]) == 0
    after = _vocabulary(db)
    assert after != before and after == _vocabulary(fresh)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
    conn.close()


def test_the_derived_forms_are_the_indexed_ones(store: Store) -> None:
    """On a real store: every passage's forms, derived from its text and the word form kept,
    are what `index_forms` made when it was stored; `passage_plain` gives the same plain form."""
    rows = store.db.execute('SELECT c.id, c.kind, c.start, c."end", c.words, c.doc_id, a.task FROM chunks c'
                            " LEFT JOIN assignments a ON a.id = c.assignment_id").fetchall()
    assert len(rows) > 100 and any(r["words"] for r in rows) and any(r["words"] is None for r in rows)
    plain = store.passage_plain(r["id"] for r in rows)
    for r in rows:
        text = r["task"] if r["kind"] == "task" else store.text(r["doc_id"], r["start"], r["end"])
        words, unmarked = index_forms(text, r["kind"] == "task")
        assert kept_words(text, words) == r["words"]
        assert fts_values(text, r["words"]) == (words.replace("_", " "), words, unmarked)
        assert plain[r["id"]] == unmarked == plain_form(text, r["words"])


@pytest.mark.parametrize("text", ["Ủy ban nhân dân tỉnh Hoà Bình, Thủ tướng Chính phủ; ĐẢNG ỦY", "İstanbul ﬁle Ωmega_x"])
def test_the_quick_plain_form_is_strip_diacritics_of_the_match_key(text: str) -> None:
    assert plain_form(text, None) == index_forms(text, False)[1]


def test_a_store_of_the_earlier_schema_is_refused_with_the_fix(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    for opening in (Store, Store.reader):
        with pytest.raises(StoreError, match=rf"schema {SCHEMA_VERSION - 1}, this is {SCHEMA_VERSION}.*extract again"):
            opening(db)
