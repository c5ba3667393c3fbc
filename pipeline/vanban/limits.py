"""Resource limits: each documented here, configurable, and said when it applies.

Every limit is read from the environment when it is used, so a run (and its worker
processes, which inherit the environment) can set it:

    VANBAN_MAX_FILE_BYTES=300M vanban extract big/ --jsonl out.jsonl

Sizes take a K, M or G suffix (powers of 1024). What each limit does:

* `VANBAN_MAX_FILE_BYTES` (default 100M): a file larger than this is not read; its record
  says so. A 60 MB text took 1.4 GB and four minutes: past this size, split the file. Bulk
  files are exempt: they are read a line at a time.
* `VANBAN_MAX_DOCX_PART_BYTES` (default 32M): a DOCX whose parts (word/document.xml, …)
  expand past this is not read: parsed, XML takes about 20 times its size in memory (a
  190 MB document.xml took 3.9 GB). The largest part in the corpus is 10 MB.
* `VANBAN_MAX_PIECE_CHARS` (default 500000): the most characters handed to spaCy at once;
  a longer text is matched in pieces cut at line breaks (spaCy refuses texts over its
  `max_length`, error E088), so a long document loses no stage: it is processed in pieces,
  and its record says in how many.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

MB = 1 << 20
_SIZE = re.compile(r"\s*(\d+)\s*([KMG]?)B?\s*", re.I)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


class LimitError(ValueError):
    """A limit set to something that is not a size."""


def _size(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    m = _SIZE.fullmatch(raw)
    if not m:
        raise LimitError(f"{name}={raw!r} is not a size: give a number of bytes, with K, M or G if you like (300M)")
    return int(m.group(1)) * _UNITS[m.group(2).upper()]


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 100 * MB
    docx_part_bytes: int = 32 * MB
    piece_chars: int = 500_000


def limits() -> Limits:
    """The limits in force (the environment's, else the defaults)."""
    d = Limits()
    return Limits(file_bytes=_size("VANBAN_MAX_FILE_BYTES", d.file_bytes),
                  docx_part_bytes=_size("VANBAN_MAX_DOCX_PART_BYTES", d.docx_part_bytes),
                  piece_chars=_size("VANBAN_MAX_PIECE_CHARS", d.piece_chars))


def megabytes(n: int) -> str:
    return f"{n / MB:.1f} MB" if n < 10 * MB else f"{n / MB:.0f} MB"


def report(source: str, message: str) -> None:
    """Say on stderr what happened to a document that still gives a record with text (a
    stage failed, a limit applied): records without text are reported by the command."""
    print(f"vanban: {source}: {message}", file=sys.stderr, flush=True)


def text_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of `text` of at most `limit` characters, cut at a blank line
    where there is one in the piece's second half (no name runs over a blank line), else at a
    line break, else anywhere: spaCy takes no text over its `max_length` (E088), and a long
    document must still be matched whole (VANBAN_MAX_PIECE_CHARS)."""
    out, pos = [], 0
    while len(text) - pos > limit:
        cut = text.rfind("\n\n", pos + limit // 2, pos + limit)
        cut = cut + 2 if cut >= 0 else text.rfind("\n", pos + limit // 2, pos + limit) + 1
        cut = cut if cut > pos else pos + limit
        out.append((pos, cut))
        pos = cut
    out.append((pos, len(text)))
    return out
