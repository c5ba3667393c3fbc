"""The SQLite store: schema, writing, and every SQL query the rest of the package uses."""

from vanban.store.db import Hit, Store, StoreError, code_key, files_stamp, has_diacritics, open_store

__all__ = ["Hit", "Store", "StoreError", "code_key", "files_stamp", "has_diacritics", "open_store"]
