"""Limits: documented (`vanban.limits`), configurable, and said in the record and on stderr."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, doc_path
from vanban.extract import process_file, run_stages, stage_failures
from vanban.limits import LimitError, limits, text_pieces
from vanban.stages.agencies import find_mentions

DOCX = "laocai_skill_sct/TT-67-2025-TT-BCT_SuaDoiTT43-2025.docx"


def test_a_file_over_the_byte_limit_is_not_read_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_MAX_FILE_BYTES", "10K")
    doc = process_file(SEED)
    assert not doc.text
    assert doc.warnings == ["file is 0.0 MB, over the limit of 0.0 MB per file (VANBAN_MAX_FILE_BYTES): not read"]
    monkeypatch.setenv("VANBAN_MAX_FILE_BYTES", "lots")
    with pytest.raises(LimitError, match="VANBAN_MAX_FILE_BYTES"):
        limits()


def _inflated_docx(path: Path, expanded: int) -> None:
    """The real DOCX with its body's paragraphs repeated until word/document.xml expands to
    `expanded` bytes (a zip bomb's shape: about 1 MB on disk)."""
    with zipfile.ZipFile(doc_path(DOCX)) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    xml = parts["word/document.xml"]
    body_start = xml.index(b"<w:body>") + len(b"<w:body>")
    first_p, end_p = xml.index(b"<w:p", body_start), xml.index(b"</w:p>", body_start) + len(b"</w:p>")
    para = xml[first_p:end_p]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in parts.items():
            if name != "word/document.xml":
                out.writestr(name, data)
        with out.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(xml[:body_start])
            block = para * max(1, (1 << 20) // len(para))
            written = body_start
            while written < expanded:
                fh.write(block)
                written += len(block)
            fh.write(xml[body_start:])


def test_a_docx_expanding_to_200_mb_stays_under_1_gb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _inflated_docx(bomb, 200 << 20)
    assert bomb.stat().st_size < 5 << 20
    code = ("import resource, sys; from vanban.extract import process_file; d = process_file(sys.argv[1]);"
            " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); print(d.warnings[0])")
    proc = subprocess.run([sys.executable, "-c", code, str(bomb)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    peak_kb, warning = proc.stdout.splitlines()[:2]
    assert int(peak_kb) < 1 << 20  # KB: under 1 GB
    assert "word/document.xml expands to" in warning and "VANBAN_MAX_DOCX_PART_BYTES" in warning


def test_the_docx_limit_is_configurable_and_a_real_docx_is_read_under_it(monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    assert process_file(doc_path(DOCX)).text
    monkeypatch.setenv("VANBAN_MAX_DOCX_PART_BYTES", "1K")
    assert "over the limit" in process_file(doc_path(DOCX)).warnings[0]


def test_a_long_text_is_matched_in_pieces_with_the_same_assignments(monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    whole = process_file(SEED).to_record()
    monkeypatch.setenv("VANBAN_MAX_PIECE_CHARS", "4000")
    pieced = process_file(SEED).to_record()
    assert pieced["assignments"] == whole["assignments"] and len(whole["assignments"]) == 19
    note = next(w for w in pieced["warnings"] if "pieces" in w)
    assert "VANBAN_MAX_PIECE_CHARS" in note
    assert note in capsys.readouterr().err


def test_a_text_past_spacys_max_length_is_matched_to_its_end() -> None:
    text = SEED.read_text(encoding="utf-8") * 120  # about 1.2 million characters: spaCy's E088 beyond 1,000,000
    assert len(text) > 1_000_000
    mentions = find_mentions(text)
    last_copy = len(text) - len(SEED.read_text(encoding="utf-8"))
    assert any(m.start > last_copy for m in mentions)
    assert all(hi - lo <= limits().piece_chars for lo, hi in text_pieces(text, limits().piece_chars))


def test_a_failed_stage_is_said_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.extract import document_from_text

    def broken(doc):  # a stage with a bug
        raise RuntimeError("boom")

    doc = run_stages(document_from_text(SEED.read_text(encoding="utf-8"), "seed.txt"), [("assignments", broken)])
    assert doc.warnings[-1] == "assignments stage failed: RuntimeError: boom"
    assert stage_failures(doc.to_record()) == [doc.warnings[-1]]
    assert "vanban: seed.txt: assignments stage failed: RuntimeError: boom" in capsys.readouterr().err


def test_limits_are_documented() -> None:
    import vanban.limits

    doc = vanban.limits.__doc__ or ""
    for name in ("VANBAN_MAX_FILE_BYTES", "VANBAN_MAX_DOCX_PART_BYTES", "VANBAN_MAX_PIECE_CHARS"):
        assert name in doc
