"""What every reader returns: the document's text with its page map and what went wrong."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class IngestError(Exception):
    """The file cannot be read at all (the message says why, for the record's warnings)."""


@dataclass
class Ingested:
    text: str
    fmt: str
    # Offset in `text` where each page begins; empty for formats without pages.
    page_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Reader-specific hints for later stages (e.g. the PDF header's two columns).
    layout: dict[str, Any] = field(default_factory=dict)


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Concatenate page texts with a blank line between them, remembering where each starts."""
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for page in pages:
        starts.append(pos)
        chunk = page.rstrip("\n") + "\n\n"
        parts.append(chunk)
        pos += len(chunk)
    return "".join(parts), starts


def count_lines(path: Path) -> int:
    """Lines of a (possibly gzipped) bulk file; 0 when it cannot be read."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            return sum(1 for _ in fh)
    except (OSError, EOFError):
        return 0
