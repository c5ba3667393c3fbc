"""The store's places kept in a file beside it for the next process (`scope.stored_places`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from vanban.query.scope import known_places, places_file, stored_places, vocabulary
from vanban.store.db import Store, files_stamp


def copy_of(db: Path, folder: Path) -> Store:
    out = folder / "copy.db"
    with sqlite3.connect(db) as src, sqlite3.connect(out) as dst:
        src.backup(dst)
    return Store.reader(out)


def test_places_are_kept_beside_the_store_and_read_back(db: Path, tmp_path: Path) -> None:
    store = copy_of(db, tmp_path)
    try:
        want = known_places(store)
        assert len(want) > 3
        stamp = files_stamp(store.path)
        assert stored_places(store, stamp) == want
        kept = json.loads(places_file(store).read_text(encoding="utf-8"))
        assert set(kept["places"]) == want and kept["stamp"] == [list(s) for s in stamp]
        # the next reading takes the file's places, not the store's: the file is what is read
        places_file(store).write_text(json.dumps({**kept, "places": ["noi nao do"]}), encoding="utf-8")
        assert stored_places(store, stamp) == {"noi nao do"}
        assert vocabulary(store).places == {"noi nao do"}
        assert not list(tmp_path.glob("*.part"))
    finally:
        store.close()


def test_a_changed_store_or_a_broken_file_reads_them_again(db: Path, tmp_path: Path) -> None:
    store = copy_of(db, tmp_path)
    try:
        want = known_places(store)
        places_file(store).write_text(json.dumps({"stamp": [[1, 2]], "levels": [], "places": ["noi nao do"]}),
                                      encoding="utf-8")
        stamp = files_stamp(store.path)
        assert stored_places(store, stamp) == want
        assert json.loads(places_file(store).read_text(encoding="utf-8"))["stamp"] == [list(s) for s in stamp]
        places_file(store).write_text("{not json", encoding="utf-8")
        assert stored_places(store, stamp) == want
        places_file(store).unlink()
        (tmp_path / "copy.db-places.json").mkdir()  # a file that cannot be written: answered all the same
        assert stored_places(store, stamp) == want
        assert not list(tmp_path.glob("*.part"))
    finally:
        store.close()
