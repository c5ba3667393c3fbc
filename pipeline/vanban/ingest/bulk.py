"""Bulk files: JSON lines, optionally gzipped, one document a line, read line by line.

A bulk file can be damaged part of the way through (a download cut short, a bad block): every
complete line before the damage is still a document. `read_lines` yields the lines and raises
`BulkDamage` where the stream breaks, saying how many lines came before; `scan` reads a file
once to find its complete lines, which of them a store already holds, and where it breaks.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

BULK_SUFFIXES = (".jsonl", ".jsonl.gz")


class BulkDamage(Exception):
    """The stream of a bulk file breaks after `lines` complete lines."""

    def __init__(self, path: Path, lines: int, cause: BaseException) -> None:
        reason = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        super().__init__(f"bulk file damaged after line {lines} ({reason}): its {lines} complete line(s) before "
                         "the damage were read, the rest is lost")
        self.path = path
        self.lines = lines


def is_bulk(path: Path) -> bool:
    return path.name.lower().endswith(BULK_SUFFIXES)


def read_lines(path: Path, first: int = 1, last: int | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes with their newline) of lines `first`..`last` (1-based, inclusive).
    Raises OSError when the file cannot be opened, `BulkDamage` where its stream breaks."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    fh = opener(path, "rb")
    lineno = 0
    try:
        with fh:
            for lineno, raw in enumerate(fh, 1):
                if lineno >= first:
                    yield lineno, raw
                if last is not None and lineno >= last:
                    return  # before reading on: the damage past `last` is another unit's to report
    except (EOFError, zlib.error, OSError) as exc:
        # gzip.BadGzipFile is an OSError: a CRC or a header that does not check out.
        raise BulkDamage(path, lineno, exc) from exc


def line_sha256(raw: bytes) -> str:
    """The sha256 a bulk line's record carries (of its raw bytes, newline included)."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Scan:
    """What one pass over a bulk file found."""

    lines: int = 0  # complete lines
    todo: list[tuple[int, int]] = field(default_factory=list)  # ranges of lines to read, inclusive
    skipped: int = 0  # lines the store holds unchanged
    damage: str | None = None  # why the stream breaks after `lines`, when it does


def scan(path: Path, skip: Callable[[str, str], bool] | None = None, chunk: int | None = None) -> Scan:
    """One pass over a bulk file: its complete lines, the ranges (at most `chunk` lines each)
    of those `skip(f"{path}#{n}", sha256)` does not pass over, and its damage. Raises OSError
    when the file cannot be opened."""
    out = Scan()
    start: int | None = None

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            out.todo.append((start, end))
            start = None

    try:
        for lineno, raw in read_lines(path):
            out.lines = lineno
            if skip is not None and skip(f"{path}#{lineno}", line_sha256(raw)):
                out.skipped += 1
                close(lineno - 1)
                continue
            if start is None:
                start = lineno
            elif chunk and lineno - start >= chunk:
                close(lineno - 1)
                start = lineno
    except BulkDamage as exc:
        out.damage = str(exc)
    close(out.lines)
    return out


def count_lines(path: Path) -> int | None:
    """Complete lines of a bulk file; None when it cannot be read to its end (damaged)."""
    try:
        return scan(path).lines
    except OSError:
        return None
