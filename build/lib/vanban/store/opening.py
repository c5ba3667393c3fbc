"""Opening a store file, and refusing every file that is not one of ours.

A store is written only after it is known to be a store this package made (or a new file):
a folder, a file that is not SQLite, another program's SQLite database, a store of another
schema version and a place that cannot be written are each a `StoreError` that names the
file and the fix, raised before a single byte is written. The foreign-file checks read the
file in read-only mode, since even `PRAGMA journal_mode = WAL` rewrites the file's header.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vanban.store.schema import APPLICATION_ID, OWN_TABLES, SCHEMA, SCHEMA_VERSION, StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


def _existing(path: Path, must_exist: bool) -> bool:
    """Whether `path` holds a database to check (False: a new store goes there)."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give a file name, e.g. --db {path / 'vanban.db'}", path)
    if not path.exists():
        if must_exist:
            raise StoreError(f"no store at {path}: run `vanban extract … --db {path}` first", path)
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the store {path}: its folder {path.parent} does not exist:"
                             " create it or choose another path", path)
        return False
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file (a device, FIFO or socket?): choose another path for the store", path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror or exc}: check its permissions", path) from exc
    if not head:
        if must_exist:
            raise StoreError(f"{path} is an empty file, not a store: run `vanban extract … --db {path}` first", path)
        return False  # an empty file is an empty database to SQLite: ours to fill
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a vanban store (not an SQLite file): choose another path for the store,"
                         " or move that file away", path)
    return True


def _check_ours(path: Path) -> None:
    """Raise unless the SQLite file at `path` is a store of this package and schema, or empty."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the store {path}: {exc}: is it a damaged file? choose another path for the store,"
                         " or delete it and extract again", path) from exc
    ours = app_id == APPLICATION_ID or (app_id == 0 and names >= OWN_TABLES)
    if not ours:
        if not names and app_id == 0 and version == 0:
            return  # an SQLite file with nothing in it
        kind = "another program's" if app_id != APPLICATION_ID else "a damaged"
        raise StoreError(f"{path} is {kind} SQLite database, not a vanban store (it holds "
                         f"{', '.join(sorted(names)[:5]) or 'no tables'}): it was left untouched;"
                         " choose another path for the store", path)
    if version != SCHEMA_VERSION:
        raise StoreError(f"{path} was written by another version of the store (schema {version}, "
                         f"this is {SCHEMA_VERSION}): delete it and extract again", path)


def open_store(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing store (the questions never write, and must not
    create an empty store by a typo in --db)."""
    path = Path(path)
    _existing(path, must_exist=True)
    _check_ours(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the store {path}: {exc}: check the permissions of the file and its folder", path) from exc
    return conn


def open_writable(path: str | Path) -> sqlite3.Connection:
    """A connection that may write the store at `path`, created with its schema when new."""
    path = Path(path)
    if _existing(path, must_exist=False):
        _check_ours(path)
    try:
        conn = sqlite3.connect(path)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL keeps every committed document across a crash of this process, which
        # is all a re-runnable batch needs, without an fsync per document.
        conn.execute("PRAGMA synchronous = NORMAL")
        # One transaction: a second `extract` opening the same new file meanwhile sees an
        # empty database or a whole store, never a half-made schema it would take for a stranger's.
        conn.executescript(f"BEGIN IMMEDIATE; {SCHEMA}; PRAGMA user_version = {SCHEMA_VERSION};"
                           f" PRAGMA application_id = {APPLICATION_ID}; COMMIT;")
    except sqlite3.Error as exc:
        raise write_error(path, exc) from exc
    return conn


def write_error(path: str | Path, exc: sqlite3.Error) -> StoreError:
    """The StoreError for a failed write: disk full, read-only place, locked."""
    text = str(exc)
    if "full" in text:
        fix = "free space on its disk (or choose a store on another disk), then run again: what is stored is kept"
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        fix = "the file or its folder cannot be written: check permissions, or choose another path for the store"
    elif "locked" in text or "busy" in text:
        fix = "another program holds it locked: wait for it to finish, or choose another path"
    else:
        fix = "check the file and its disk"
    return StoreError(f"cannot write the store {path}: {text}: {fix}", path)
