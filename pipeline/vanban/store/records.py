"""Reading a store back: records as they were put, for a re-run that writes JSON lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vanban.ingest.bulk import BULK_SUFFIXES
from vanban.store.db import Store

# The order of a record's keys as `Document.to_record` writes them, so that a record taken
# from the store reads like the one the first run wrote.
RECORD_ORDER = ("id", "source", "sha256", "doc_type", "number", "symbol", "code", "issuer", "parent_issuer",
                "place", "date", "title", "signer", "recipients", "text", "sections", "references",
                "assignments", "entities", "warnings", "key", "format", "pages", "issuers", "signers")


def stored_records(store: Store, source: str) -> Iterator[dict[str, Any]]:
    """The records a source gave when it was stored: one for a file, one per line of a bulk
    file, in line order. Each carries `source` as given here: two files with the same bytes
    share one stored document, which keeps the first one's name."""
    if source.endswith(BULK_SUFFIXES):
        rows = store.db.execute(
            "SELECT source, doc_id FROM files WHERE substr(source, 1, ?) = ? AND doc_id IS NOT NULL AND doc_id != ''",
            (len(source) + 1, source + "#")).fetchall()
        tail = len(source) + 1
        rows = sorted((r for r in rows if r["source"][tail:].isdigit()), key=lambda r: int(r["source"][tail:]))
    else:
        rows = store.db.execute("SELECT source, doc_id FROM files WHERE source = ? AND doc_id IS NOT NULL", (source,)).fetchall()
    for row in rows:
        record = store.record(row["doc_id"])
        if record is None:
            continue
        record["source"] = row["source"]
        yield {k: record[k] for k in (*RECORD_ORDER, *sorted(set(record) - set(RECORD_ORDER))) if k in record}
