"""The store refuses every file it did not make, before writing a byte, and names the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from vanban.extract import extract_paths
from vanban.store.db import Store, StoreError, open_store


def foreign_db(path: Path, table: str = "people") -> bytes:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute(f"INSERT INTO {table} (name) VALUES ('Nguyễn Văn A')")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("table", ["people", "documents"])
def test_a_foreign_sqlite_file_is_refused_and_left_byte_identical(tmp_path: Path, table: str) -> None:
    db = tmp_path / "theirs.db"
    before = foreign_db(db, table)
    for opener in (Store, Store.reader, open_store):
        with pytest.raises(StoreError) as err:
            opener(db)
        assert str(db) in str(err.value) and "not a vanban store" in str(err.value)
        assert err.value.path == str(db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]  # no -wal, no -shm


def test_extract_on_a_foreign_file_writes_nothing_to_it(tmp_path: Path) -> None:
    db = tmp_path / "theirs.db"
    before = foreign_db(db)
    proc = subprocess.run([sys.executable, "-m", "vanban", "extract", str(SEED), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert db.read_bytes() == before
    assert str(db) in proc.stderr


def test_not_sqlite_folder_and_unwritable_place_are_store_errors(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("Kế hoạch số 28-KH/HU\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite file"):
        Store(text)
    assert text.read_text(encoding="utf-8") == "Kế hoạch số 28-KH/HU\n"
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "v.db")
    # /proc takes no new files, even from root: the test holds whoever runs it.
    with pytest.raises(StoreError, match=r"cannot write the store /proc/vanban-test\.db"):
        Store("/proc/vanban-test.db")
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "missing.db")


def test_a_full_disk_is_a_store_error_naming_the_file_and_keeps_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    record = next(extract_paths([str(SEED)]))
    store = Store(db)
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    # A disk that is full after a few pages more: SQLite's own "database or disk is full".
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreError) as err:
        store.put(record)
    assert f"cannot write the store {db}" in str(err.value) and "full" in str(err.value)
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0  # nothing half-written
    conn.close()


def test_a_store_made_before_the_application_id_is_still_ours(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    Store(db).close()
    open_store(db).close()
