"""The command line: exit codes, messages, outputs that are never emptied, stdin/stdout, fast start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SEED
from vanban.app.cli import cli, main
from vanban.model import RECORD_KEYS

VANBAN = [sys.executable, "-m", "vanban"]


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seed.db"
    assert main(["extract", str(SEED), "--db", str(db), "-q"]) == 0
    return db


def test_extract_jsonl_and_exit_zero(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(SEED), "--jsonl", str(out)]) == 0
    records = _records(out)
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
    records = _records(out)
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.pdf", "c.txt"]
    assert records[0]["text"] and not records[1]["text"]
    err = capsys.readouterr().err
    # the summary names what failed, and why
    assert "b.pdf" in err and "corrupt" in err and "c.txt" in err and "empty file" in err
    assert "2 unreadable or failed" in err


def test_rerun_with_store_writes_every_record(tmp_path: Path, corpus: Path) -> None:
    """The second run reads nothing again, and its JSON lines hold every record of the first,
    the unchanged ones taken from the store, a bulk file's lines included."""
    import gzip

    bulk = tmp_path / "bulk.jsonl"
    with gzip.open(corpus / "tvpl_tai_lieu_noi_bo" / "tvpl_nghidinh_subset_all_vietnamese_docs.jsonl.gz", "rt",
                   encoding="utf-8") as fh:
        bulk.write_text("".join(next(fh) for _ in range(3)), encoding="utf-8")
    db, first, second = tmp_path / "v.db", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    inputs = [str(SEED), str(bulk)]
    assert main(["extract", *inputs, "--db", str(db), "--jsonl", str(first)]) == 0
    assert main(["extract", *inputs, "--db", str(db), "--jsonl", str(second)]) == 0
    a, b = _records(first), _records(second)
    assert len(a) == 4
    assert sorted(a, key=lambda r: r["source"]) == sorted(b, key=lambda r: r["source"])
    # the same file again: not emptied by a run that has nothing new to write
    assert main(["extract", *inputs, "--db", str(db), "--jsonl", str(first)]) == 0
    assert len(_records(first)) == 4


def test_failures_leave_no_output_and_keep_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    assert main(["extract", "nosuch.txt", "--jsonl", str(out)]) == 2
    assert not out.exists()
    out.write_text('{"old": 1}\n', encoding="utf-8")
    not_a_db = tmp_path / "not.db"
    not_a_db.write_text("this is not SQLite\n" * 100, encoding="utf-8")
    assert main(["extract", str(SEED), "--jsonl", str(out), "--db", str(not_a_db)]) == 1
    assert out.read_text(encoding="utf-8") == '{"old": 1}\n'
    assert main(["graph", "--db", str(not_a_db), "-o", str(tmp_path / "g.graphml")]) == 1
    assert not (tmp_path / "g.graphml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not.db", "x.jsonl"]  # no temporary file left


def test_no_output_chosen_writes_the_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(SEED)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vanban.db").is_file()
    assert "the records go to the store vanban.db" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["extract", str(SEED), "--jobs", "0"], "0 is not in the range x>=1"),
    (["extract", str(SEED), "--jobs", "-3"], "-3 is not in the range x>=1"),
    (["extract", str(SEED), "--jsonl", "/no/such/folder/x.jsonl"], "no folder /no/such/folder/"),
    (["extract", str(SEED), "--bogus"], "No such option '--bogus'"),
    (["extract"], "Missing argument 'PATHS...'"),
    (["ask", "Ai?", "--since", "yesterday"], "'yesterday' is not a date"),
    (["ask", "Ai?", "--since", "2025-02-30"], "'2025-02-30' is not a date"),
    (["ask", "Ai?", "--limit", "0"], "0 is not in the range x>=1"),
    (["serve", "--port", "70000"], "70000 is not in the range 0<=x<=65535"),
    (["graph", "-o", "/no/such/folder/g.graphml"], "no folder /no/such/folder/"),
    (["no-such-command"], "No such command 'no-such-command'"),
])
def test_usage_errors_exit_two_with_one_message(args: list[str], message: str, seed_store: Path) -> None:
    if args[0] in ("ask", "graph", "serve"):
        args = [*args, "--db", str(seed_store)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.count("Error:") == 1


def test_format_from_the_extension_and_stdout(tmp_path: Path, seed_store: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "g.gexf"
    assert runner.invoke(cli, ["graph", "--db", str(seed_store), "-o", str(out)]).exit_code == 0
    assert "<gexf" in out.read_text(encoding="utf-8")[:300]
    result = runner.invoke(cli, ["graph", "--db", str(seed_store), "-o", "-", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["directed"] is True
    assert not Path("-").exists()
    result = runner.invoke(cli, ["graph", "--db", str(seed_store), "-o", str(tmp_path / "g.txt")])
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr


def test_stdin_and_stdout_as_dash() -> None:
    result = CliRunner().invoke(cli, ["extract", "-", "--jsonl", "-", "-q"], input=SEED.read_bytes())
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    assert record["source"] == "<stdin>" and record["issuer"] == "Huyện ủy Bác Ái"
    assert len(record["assignments"]) == 19


def test_closed_pipe_is_no_traceback(tmp_path: Path) -> None:
    # four records of the seed, some 150 kB: more than a pipe holds, so the writer meets the closed end
    for i in range(4):
        (tmp_path / f"seed{i}.txt").write_bytes(SEED.read_bytes())
    proc = subprocess.run(f"{sys.executable} -m vanban extract {tmp_path} --jsonl - -q | head -c 10; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.startswith('{"id"') and proc.stderr == ""
    assert proc.returncode == 141  # as a tool killed by SIGPIPE


def test_version_and_completion() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("vanban ")
    script = runner.invoke(cli, ["completion", "bash"])
    assert script.exit_code == 0 and "_VANBAN_COMPLETE=bash_complete" in script.stdout
    env = {**os.environ, "_VANBAN_COMPLETE": "bash_complete", "COMP_WORDS": "vanban ex", "COMP_CWORD": "1"}
    proc = subprocess.run(VANBAN, env=env, capture_output=True, text=True, cwd=ROOT)
    assert "extract" in proc.stdout


def test_help_starts_without_the_heavy_libraries() -> None:
    code = ("import sys; from vanban.app.cli import main; rc = main(['--help']); "
            "heavy = [m for m in ('pandas', 'networkx', 'underthesea', 'pdfplumber', 'spacy', 'pypdfium2') if m in sys.modules]; "
            "print(heavy); sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("[]"), proc.stdout


def test_quiet_says_nothing_on_success(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(SEED), "--jsonl", str(tmp_path / "o.jsonl"), "--quiet"])
    assert result.exit_code == 0 and result.stderr == ""


def test_document_repr_is_short() -> None:
    from vanban import process_file

    text = repr(process_file(SEED))
    assert len(text) < 200 and "Kế hoạch" in text and "assignments=19" in text


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run([*VANBAN, "extract", str(SEED), "--jsonl", "-"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[0])["source"].endswith("KH-HU-BacAi-2024-03_CT28.txt")


def test_store_skips_unchanged_files(tmp_path: Path, capsys) -> None:
    db = tmp_path / "v.db"
    assert main(["extract", str(SEED), "--db", str(db)]) == 0
    assert main(["extract", str(SEED), "--db", str(db)]) == 0
    assert "1 unchanged, skipped" in capsys.readouterr().err
