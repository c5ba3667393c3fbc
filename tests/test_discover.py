"""Discovery: no depth or path-length limit, every path that cannot be read named, nothing
that can block on a FIFO."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEED
from vanban.extract import extract_paths, work_units
from vanban.ingest.discover import walk


def _chain(root: Path, names: list[str]) -> Path:
    """Folders nested along `names` (made through descriptors: the path may be too long to
    name), the seed copied at the bottom; its path."""
    fd = os.open(root, os.O_RDONLY)
    for name in names:
        os.mkdir(name, dir_fd=fd)
        nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
    out = os.open("plan.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
    os.write(out, SEED.read_bytes())
    os.close(out)
    os.close(fd)
    return root.joinpath(*names, "plan.txt")


def _unchain(root: Path, names: list[str]) -> None:
    """Remove what `_chain` made, bottom up, without recursion: shutil.rmtree (and pytest's
    clean-up of old temporary folders, which uses it) recurses, and dies on such a tree."""
    fds = [os.open(root, os.O_RDONLY)]
    for name in names:
        fds.append(os.open(name, os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("plan.txt", dir_fd=fds[-1])
    for name, fd in zip(reversed(names), reversed(fds[:-1])):
        os.close(fds.pop())
        os.rmdir(name, dir_fd=fd)
    os.close(fds.pop())


def test_a_folder_a_thousand_levels_deep_is_read(tmp_path: Path) -> None:
    names = ["d"] * 1000
    deep = _chain(tmp_path, names)
    try:
        assert list(walk([tmp_path])) == [(deep, None)]
        records = list(extract_paths([tmp_path]))
        assert [r["source"] for r in records] == [str(deep)]
        assert len(records[0]["assignments"]) == 19
    finally:
        _unchain(tmp_path, names)


def test_a_path_over_4096_bytes_is_named_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    names = [f"{i:02d}" + "x" * 240 for i in range(20)]
    long = _chain(tmp_path / "a", names)
    try:
        assert len(os.fsencode(long)) > 4096
        (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
        units = work_units([tmp_path])
        assert [(u.path, u.problem is not None) for u in units] == [(long, True), (tmp_path / "b.txt", False)]
        assert "path too long" in (units[0].problem or "")
    finally:
        _unchain(tmp_path / "a", names)  # rmtree cannot name its files either


def test_special_files_and_bad_links_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    found = dict(walk([tmp_path]))
    assert found.pop(tmp_path / "a.txt") is None
    assert "FIFO" in found[tmp_path / "pipe.txt"]
    assert "broken symbolic link" in found[tmp_path / "dangling.txt"] and "gone.txt" in found[tmp_path / "dangling.txt"]
    assert "loop" in found[tmp_path / "self.txt"] and "loop" in found[tmp_path / "loop"]
    assert len(found) == 4
    records = list(extract_paths([tmp_path]))
    assert sorted(Path(r["source"]).name for r in records if not r["text"]) == ["dangling.txt", "loop", "pipe.txt", "self.txt"]


def test_a_fifo_as_path_returns_within_a_second(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    records = list(extract_paths([fifo]))
    assert time.monotonic() - started < 1
    assert records[0]["warnings"] == ["a FIFO, not a file: not read"]
    # and through the command, which must neither hang nor print a traceback
    proc = subprocess.run([sys.executable, "-m", "vanban", "extract", str(fifo), "--jsonl", "-"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "FIFO" in proc.stderr and "Traceback" not in proc.stderr
