"""The benchmark's PDF rows run on a real PDF (its numbers are for the notes, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.app.bench import bench_pdf

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDF = CORPUS / "laocai_skill_sct" / "VB-giao-tham-gia-phoi-hop_LaoCai.pdf"


@pytest.mark.skipif(not PDF.is_file(), reason=f"shared corpus not found at {PDF}")
def test_bench_prints_the_pipeline_beside_raw_pdfium_and_pdfplumber(capsys: pytest.CaptureFixture[str]) -> None:
    ratios = bench_pdf([PDF], repeat=2)
    out = capsys.readouterr().out
    for row in ("raw pypdfium2", "pdfplumber extract_text", "vanban pipeline (all stages)"):
        line = next(ln for ln in out.splitlines() if ln.startswith(row))
        assert " pages/s" in line
    assert "median of 2" in out
    assert set(ratios) == {"pdfplumber", "raw"} and all(r > 0 for r in ratios.values())


def test_bench_skips_scanned_pdfs(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_pdf([Path("x_SCANNED.pdf")], repeat=1) == {}
    assert "no text-layer PDFs" in capsys.readouterr().out
