"""Bulk files on the real vbpl file: read line by line, damage reported with what was kept,
re-runs resumed after the last stored line, workers that die with their parent."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, doc_path
from vanban.extract import BULK_CHUNK, extract_paths, work_units
from vanban.ingest.bulk import read_lines, scan
from vanban.store.db import Store

VBPL = "vbpl_vn/vbpl_all_999_extracted.jsonl.gz"


def half_of(path: Path, out: Path) -> Path:
    data = path.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def small_lines(n: int, under: int = 12_000) -> list[bytes]:
    """The first `n` lines of the vbpl file shorter than `under` bytes (quick to extract)."""
    out = []
    with gzip.open(doc_path(VBPL), "rb") as fh:
        for raw in fh:
            if len(raw) < under:
                out.append(raw)
                if len(out) == n:
                    return out
    raise AssertionError("not enough short lines")


def test_the_vbpl_file_cut_at_half_keeps_its_498_complete_lines(tmp_path: Path, corpus: Path) -> None:
    half = half_of(doc_path(VBPL), tmp_path / "half.jsonl.gz")
    found = scan(half)
    assert found.lines == 498 and found.todo == [(1, 498)]
    assert found.damage and "after line 498" in found.damage and "EOFError" in found.damage
    # The lines are the file's own first 498 lines, each complete.
    with gzip.open(doc_path(VBPL), "rb") as fh:
        whole = [next(fh) for _ in range(498)]
    kept = [raw for _, raw in read_lines(half, 1, 498)]
    assert kept == whole
    units = work_units([half], bulk_chunk=40)
    assert sum(u.lines[1] - u.lines[0] + 1 for u in units if u.lines) == 498
    assert [u.problem for u in units if u.problem] == [found.damage]


def test_a_damaged_bulk_file_gives_its_documents_then_one_failure_and_resumes(tmp_path: Path, corpus: Path) -> None:
    # Eight complete lines, then a gzip stream cut inside the ninth.
    lines = small_lines(9)
    whole = gzip.compress(b"".join(lines))
    cut = tmp_path / "cut.jsonl.gz"
    for size in range(len(whole) - 8, 0, -64):
        cut.write_bytes(whole[:size])
        if scan(cut).lines == 8:
            break
    db = tmp_path / "v.db"
    store = Store(db)
    records = list(extract_paths([cut], skip=store.unchanged))
    for r in records:
        store.put(r)
    store.close()
    assert [r["source"] for r in records] == [f"{cut}#{i}" for i in range(1, 9)] + [str(cut)]
    assert all(r["text"] for r in records[:8])
    assert "bulk file damaged after line 8" in records[-1]["warnings"][0]
    # A re-run reads no stored line again and reports the damage again.
    store = Store(db)
    again = list(extract_paths([cut], skip=store.unchanged))
    assert [r["source"] for r in again] == [str(cut)] and store.resumed == 8
    store.close()


def test_a_bulk_line_with_a_few_bad_bytes_keeps_its_text(tmp_path: Path, corpus: Path) -> None:
    raw = small_lines(1)[0]
    cut = raw.index("Điều".encode()) if "Điều".encode() in raw else len(raw) // 2
    damaged = raw[:cut] + b"\xff\xfe" + raw[cut:]
    bulk = tmp_path / "b.jsonl"
    bulk.write_bytes(damaged)
    record = next(extract_paths([bulk]))
    clean = json.loads(raw)["text"]
    assert record["text"] and "\ufffd\ufffd" in record["text"]
    assert len(record["text"]) > len(clean) // 2
    assert any(w.startswith("bulk line 1: text is UTF-8 with 2 invalid byte(s)") for w in record["warnings"])


def _check_whole(db: Path) -> None:
    """integrity_check, the FTS index's own check, and no half-written document: every
    document reached from a file row, every child row of a stored document."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
        assert not conn.execute("SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM files"
                                " WHERE doc_id IS NOT NULL)").fetchall()
        for table in ("sections", "doc_references", "assignments", "entities", "chunks"):
            assert not conn.execute(f"SELECT 1 FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)").fetchall()
        assert not conn.execute("SELECT 1 FROM files WHERE doc_id IS NOT NULL AND doc_id NOT IN"
                                " (SELECT id FROM documents)").fetchall()
    finally:
        conn.close()


def _stored_lines(db: Path, bulk: Path) -> set[str]:
    if not db.exists():
        return set()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT source FROM files WHERE source LIKE ?", (f"{bulk}#%",))}
    except sqlite3.OperationalError:
        return set()  # not made yet
    finally:
        conn.close()


def _children(pid: int) -> set[int]:
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_kill_inside_a_bulk_file_then_a_rerun_stores_every_line_once(tmp_path: Path, corpus: Path, jobs: int) -> None:
    # With workers a bulk file goes in chunks of BULK_CHUNK lines, each stored when its worker
    # returns: three chunks, so that the kill can fall between two of them while both workers run.
    n = 30 if jobs == 1 else 3 * BULK_CHUNK
    lines = small_lines(n)
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_bytes(b"".join(lines))
    db = tmp_path / "v.db"
    cmd = [sys.executable, "-m", "vanban", "extract", str(bulk), "--db", str(db), "--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(_stored_lines(db, bulk)) < 6:
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
        time.sleep(0.2)
    workers = _children(proc.pid)
    assert len(workers) >= (jobs if jobs > 1 else 0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # No worker outlives its parent.
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # a failing test must not leave them running either
        os.kill(w, signal.SIGKILL)
    assert not survivors, "a worker survived the kill of its parent"
    stored = _stored_lines(db, bulk)
    assert 6 <= len(stored) < n
    _check_whole(db)
    out = tmp_path / "rerun.jsonl"
    rerun = subprocess.run([*cmd, "--jsonl", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    written = [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()]
    # Only the lines the killed run had not stored are read again (the summary counts what was
    # read), and the JSON lines hold every line's record all the same, the stored ones from the store.
    every = {f"{bulk}#{i}" for i in range(1, n + 1)}
    read_again = re.search(r"^(\d+) documents? in ", rerun.stderr, re.M)
    assert read_again and int(read_again.group(1)) == len(every - stored), rerun.stderr
    assert sorted(written) == sorted(every)
    conn = sqlite3.connect(db)
    sources = [r[0] for r in conn.execute("SELECT source FROM files WHERE source LIKE ?", (f"{bulk}%",))]
    assert sorted(sources) == sorted([str(bulk)] + [f"{bulk}#{i}" for i in range(1, n + 1)])  # each once, file done
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(set(lines))
    conn.close()
    _check_whole(db)
