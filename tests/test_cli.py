from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEED
from vanban.app.cli import main
from vanban.model import RECORD_KEYS


def test_extract_jsonl_and_exit_zero(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(SEED), "--jsonl", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    assert set(RECORD_KEYS) <= set(records[0])


def test_extract_folder_with_a_bad_file_goes_on_and_exits_one(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "c.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "--jsonl", str(out)]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.pdf", "c.txt"]
    assert records[0]["text"] and not records[1]["text"]
    err = capsys.readouterr().err
    assert "b.pdf" in err and "corrupt" in err and "c.txt" in err and "empty file" in err


def test_usage_error_exits_two() -> None:
    assert main(["extract"]) == 2
    assert main(["no-such-command"]) == 2


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "vanban", "extract", str(SEED), "--jsonl", "-"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["source"].endswith("KH-HU-BacAi-2024-03_CT28.txt")


def test_store_skips_unchanged_files(tmp_path: Path, capsys) -> None:
    db = tmp_path / "v.db"
    assert main(["extract", str(SEED), "--db", str(db), "--summary"]) == 0
    assert main(["extract", str(SEED), "--db", str(db), "--summary"]) == 0
    assert "1 unchanged, skipped" in capsys.readouterr().err
