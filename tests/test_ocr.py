"""OCR of scanned PDFs (`vanban extract --ocr`): Tesseract's Vietnamese reading of the corpus's
scans, checked against the page images and against the DOCX twin of the scanned Thông tư."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.app.bench import word_accuracy
from vanban.ingest import ocr
from vanban.store.db import Store

LAOCAI = "laocai_skill_sct"
CV813 = f"{LAOCAI}/CV-813-HC_CucHoaChat_SCANNED.pdf"
CV2265 = f"{LAOCAI}/CV-2265-BCT-ATMT_BoCongThuong_trien-khai_SCANNED.pdf"


def test_tesseract_with_vietnamese_is_installed() -> None:
    # `make setup` installs it (Debian tesseract-ocr, tesseract-ocr-vie); the rest of this
    # file needs it, and says why when it is missing.
    assert ocr.unavailable() is None, ocr.unavailable()


@pytest.fixture(scope="module")
def cv813(corpus: Path):
    return process_file(doc_path(CV813), ocr=True)


def test_scanned_letter_reads_with_its_header(cv813) -> None:
    # Read off the page image: "BỘ CÔNG THƯƠNG / CỤC HÓA CHẤT", "Số: 813 /HC-CNHC" with 813
    # handwritten, "Hà Nội, ngày 22 tháng 4 năm 2026" with 22 handwritten.
    assert cv813.doc_type == "Công văn"
    assert cv813.symbol == "HC-CNHC" and cv813.parent_issuer == "Bộ Công Thương"
    assert cv813.place == "Hà Nội"
    assert cv813.date in ("2026-04", "2026-04-22")  # the handwritten day may or may not be read
    if cv813.number != "813":  # the handwritten number is left empty and said, never guessed
        assert cv813.number is None and any("number unreadable" in w for w in cv813.warnings)
    assert any("text read by OCR" in w and "confidence" in w for w in cv813.warnings), cv813.warnings


def test_scanned_letter_cites_the_customs_letter_and_the_decree(cv813) -> None:
    # Its first paragraph: "Công văn số 13821/CHQ-GSQL ngày 16 tháng 3 năm 2026 và Công văn số
    # 15464/CHQ-GSQL ngày 20 tháng 4 năm 2026 của Cục Hải quan"; then "Nghị định số 26/2026/NĐ-CP".
    codes = {r.code for r in cv813.references}
    assert {"15464/CHQ-GSQL", "26/2026/NĐ-CP"} <= codes
    assert all(0 <= r.start < r.end <= len(cv813.text) for r in cv813.references)
    assert cv813.page_at(cv813.text.index("15464/CHQ-GSQL")) == 1


def test_ocr_of_the_scanned_circular_matches_its_docx_twin(corpus: Path) -> None:
    # SOURCES.md: TT 23/2024/TT-BCT is in the corpus as a scan and as DOCX.
    scan = doc_path(f"{LAOCAI}/TT-23-2024-TT-BCT_BoCongThuong_SCANNED.pdf").read_bytes()
    page = ocr.read_pages(scan, [1])[1]
    twin = process_file(doc_path(f"{LAOCAI}/TT-23-2024-TT-BCT_VLNCN.docx")).text
    assert page.confidence is not None and page.confidence > 80
    assert word_accuracy(page.text, twin) > 0.85
    assert "Bộ Công Thương" in page.text and "Căn cứ Nghị định số 96/2022/NĐ-CP" in page.text


def test_without_tesseract_the_scan_is_reported(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> None:
    monkeypatch.setattr(ocr, "unavailable", lambda: "tesseract is not installed: install it")
    doc = process_file(doc_path(CV2265), ocr=True)
    assert doc.text.strip() == ""
    assert "OCR not run: tesseract is not installed: install it" in doc.warnings
    assert any("no text layer" in w for w in doc.warnings)


def test_a_scan_stored_unread_is_read_again(tmp_path: Path, corpus: Path) -> None:
    # Stored without --ocr, the scan is not "done": a later run (with --ocr) reads it again.
    record = process_file(doc_path(CV2265)).to_record()
    store = Store(tmp_path / "v.db", segmented=False)
    try:
        store.put(record)
        assert not store.unchanged(record["source"], record["sha256"])
    finally:
        store.close()


def test_tsv_becomes_lines_and_paragraphs() -> None:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = [(1, 1, 0, 0, 0, -1, ""), (5, 1, 1, 1, 1, 90, "Số:"), (5, 1, 1, 1, 2, 80, "813/HC-CNHC"),
            (5, 1, 1, 1, 3, -1, " "), (5, 1, 1, 2, 1, 70, "V/v"), (5, 1, 2, 1, 1, 60, "Kính")]
    tsv = head + "".join(f"{lv}\t1\t{b}\t{p}\t{ln}\t{w}\t0\t0\t1\t1\t{c}\t{t}\n" for lv, b, p, ln, w, c, t in rows)
    page = ocr.from_tsv(tsv)
    assert page.text == "Số: 813/HC-CNHC\nV/v\n\nKính"
    assert page.confidence == pytest.approx(75.0)


def test_a_page_that_cannot_be_rendered_costs_only_that_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            corpus: Path) -> None:
    real = ocr._render

    def render(pdf, number: int) -> bytes:
        if number == 2:
            raise RuntimeError("broken page")
        return real(pdf, number)

    monkeypatch.setattr(ocr, "_render", render)
    doc = process_file(doc_path(CV813), ocr=True)
    assert "15464/CHQ-GSQL" in doc.text  # page 1
    assert any(w.startswith("pdf page 2: no text layer, and OCR failed") and "broken page" in w for w in doc.warnings)
    # Not done: a later run reads the file again.
    store = Store(tmp_path / "v.db", segmented=False)
    try:
        store.put(doc.to_record())
        assert not store.unchanged(doc.source, doc.sha256)
    finally:
        store.close()
