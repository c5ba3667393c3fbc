"""Finding the files under the paths a user gives, without limits and without surprises.

The walk keeps its own stack (no recursion limit: a folder a thousand levels deep is walked
like any other) and opens a folder whose path is too long for the system relative to its
parent's open descriptor, so depth and path length never stop it. Nothing is ever opened
that could block: a FIFO, a socket or a device is only stat'ed, and named. Every path that
cannot be read (special files, dangling symbolic links, link loops, folders without
permission, paths too long to open) comes back with the reason, for a failure record;
files that are simply not documents (images, spreadsheets) are passed over in silence.
Order is stable: the names of each folder sorted, depth first (the order of sorted paths).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from vanban.ingest import SUPPORTED
from vanban.ingest.bulk import BULK_SUFFIXES

# A path longer than this cannot be opened by name (Linux PATH_MAX, NUL included).
PATH_MAX = 4096
_NOT_DOCUMENTS = ("readme.md", "sources.md", "manifest.jsonl")


def wanted(path: Path) -> bool:
    """Whether a file is a document by its name."""
    name = path.name.lower()
    if name.startswith(".") or name in _NOT_DOCUMENTS:
        return False
    return path.suffix.lower() in SUPPORTED or name.endswith(BULK_SUFFIXES)


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def _why(exc: OSError, what: str = "cannot read") -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: not read"
    if exc.errno == errno.ENAMETOOLONG:
        return f"path too long for the system (over {PATH_MAX} bytes): not read; move it closer to the root"
    return f"{what}: {exc.strerror or exc}"


def _too_long(path: Path) -> bool:
    return len(os.fsencode(path)) >= PATH_MAX


def walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for every document file under `paths`, (path, reason) for every path
    that cannot be read; given paths are reported even when their names are not documents'."""
    for p in paths:
        path = Path(p)
        try:
            st = path.stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT and os.path.lexists(path):
                yield path, f"broken symbolic link (to {path.readlink()}): not read"
            else:
                yield path, "no such file or folder" if exc.errno == errno.ENOENT else _why(exc)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(path, st)
        elif stat.S_ISREG(st.st_mode):
            yield path, None
        else:
            yield path, f"{kind(st.st_mode)}, not a file: not read"


class _Folder:
    """A folder on the walk's stack: its sorted entries, and an open descriptor when its
    children's paths may be too long to open by name (they are opened relative to it)."""

    def __init__(self, path: Path, parent: _Folder | None, ident: tuple[int, int]) -> None:
        self.path = path
        self.ident = ident
        self.fd: int | None = None
        flags = os.O_RDONLY | os.O_DIRECTORY
        if _too_long(path):
            # its parent holds a descriptor: a child of a path this long may be too long
            assert parent is not None and parent.fd is not None
            self.fd = os.open(path.name, flags, dir_fd=parent.fd)
        elif len(os.fsencode(path)) + 257 >= PATH_MAX:  # a child's name is at most 255 bytes
            self.fd = os.open(path, flags)
        try:
            with os.scandir(self.fd if self.fd is not None else path) as it:
                self.entries = sorted(it, key=lambda e: e.name)
        except OSError:
            self.close()
            raise
        self.next = 0

    def readlink(self, name: str) -> str:
        return os.readlink(name, dir_fd=self.fd) if self.fd is not None else str((self.path / name).readlink())

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _walk_folder(root: Path, st: os.stat_result) -> Iterator[tuple[Path, str | None]]:
    stack: list[_Folder] = []
    seen: set[tuple[int, int]] = set()

    def enter(path: Path, ident: tuple[int, int], parent: _Folder | None) -> str | None:
        for folder in stack:
            if folder.ident == ident:
                return f"symbolic link loop (back to {folder.path}): not followed"
        if ident in seen:
            return None  # a second link to a folder read already: its files come once
        seen.add(ident)
        try:
            stack.append(_Folder(path, parent, ident))
        except OSError as exc:
            return _why(exc, "cannot read folder")
        return None

    problem = enter(root, (st.st_dev, st.st_ino), None)
    if problem:
        yield root, problem
    while stack:
        folder = stack[-1]
        if folder.next >= len(folder.entries):
            folder.close()
            stack.pop()
            continue
        entry = folder.entries[folder.next]
        folder.next += 1
        path = folder.path / entry.name
        try:
            est = entry.stat(follow_symlinks=True)
        except OSError as exc:
            if exc.errno == errno.ENOENT and entry.is_symlink():
                yield path, f"broken symbolic link (to {folder.readlink(entry.name)}): not read"
            else:
                yield path, _why(exc)
            continue
        if stat.S_ISDIR(est.st_mode):
            problem = enter(path, (est.st_dev, est.st_ino), folder)
            if problem:
                yield path, problem
        elif not stat.S_ISREG(est.st_mode):
            yield path, f"{kind(est.st_mode)}, not a file: not read"
        elif wanted(path):
            yield path, (None if not _too_long(path) else _why(OSError(errno.ENAMETOOLONG, "")))
