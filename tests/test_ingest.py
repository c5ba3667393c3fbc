"""Ingestion on the real documents of ../shared/corpus, and on broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.ingest import read


def ingest(rel: str):
    path = doc_path(rel)
    return read(path, path.read_bytes())


def test_markdown_header_table_is_read_column_by_column(corpus) -> None:
    ing = ingest("tvpl_tai_lieu_noi_bo/Ke-hoach-141-KH-UBND-2025-nang-cao-nang-luc-can-bo-xay-dung-chinh-sach-phap-luat-Bac-Ninh.md")
    lines = [ln for ln in ing.text.split("\n") if ln.strip()]
    # Left column (issuer, number) before the right one (motto, place-date), as on the page.
    assert lines[:4] == ["UỶ BAN NHÂN DÂN", "TỈNH BẮC NINH", "-------", "Số: 141/KH-UBND"]
    assert "**" not in ing.text and "|" not in ing.text.split("KẾ HOẠCH")[0]
    # The signature table: "Nơi nhận" block and the signer both survive.
    assert "Nơi nhận:" in ing.text and "Phạm Văn Thịnh" in ing.text


def test_markdown_web_lines_are_dropped(corpus) -> None:
    ing = ingest("tvpl_tai_lieu_noi_bo/KL-155-KL-TW-2025_BoChinhTri_SapXepBoMay_fulltext-no-header.md")
    assert "Link bài viết gốc" not in ing.text
    assert "đăng bài viết gốc" not in ing.text
    assert "Bộ Chính trị, Ban Bí thư kết luận như sau" in ing.text


def test_markdown_bold_runs_without_their_line_break_are_two_lines(corpus) -> None:
    # The page's converter wrote "**KẾT LUẬN****CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ****về …**" and
    # "… kết luận như sau:**1. Cơ bản thống nhất …": the type line and item 1 are lines of their own.
    text = ingest("tvpl_tai_lieu_noi_bo/KL-155-KL-TW-2025_BoChinhTri_SapXepBoMay_fulltext-no-header.md").text
    assert text.startswith("KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ\nvề một số nhiệm vụ trọng tâm")
    assert "kết luận như sau:\n1. Cơ bản thống nhất với Báo cáo" in text
    # Bold toggled inside a word is no break: "CỤC HẢI Q****U****AN", "THU****Ế", "TRƯ****Ở****NG".
    text = ingest("tvpl_whole_pages/TB-37690-TB-CHQ_a1527cbfa00743d3.md").text
    assert "CỤC TRƯỞNG CỤC HẢI QUAN" in text and "TRƯỞNG BAN NGHIỆP VỤ THUẾ HQ" in text
    assert "được xác định trước mã số:" in text


def test_docx_header_and_signature_tables(corpus) -> None:
    ing = ingest("laocai_skill_sct/TT-67-2025-TT-BCT_SuaDoiTT43-2025.docx")
    lines = [ln for ln in ing.text.split("\n") if ln.strip()]
    assert lines[:3] == ["BỘ CÔNG THƯƠNG", "-------", "Số: 67/2025/TT-BCT"]
    assert "Hà Nội, ngày 31 tháng 12 năm 2025" in ing.text
    assert ing.page_starts == []


def test_doc_through_antiword(corpus) -> None:
    ing = ingest("laocai_skill_sct/ND-146-2025-ND-CP_PhanQuyenPhanCapCongThuong.doc")
    assert ing.warnings == [], ing.warnings
    lines = [ln for ln in ing.text.split("\n") if ln.strip()]
    assert lines[:3] == ["CHÍNH PHỦ", "-------", "Số: 146/2025/NĐ-CP"]
    assert "Điều 1. Phạm vi điều chỉnh" in ing.text


def test_pdf_text_layer_with_page_map(corpus) -> None:
    doc = process_file(doc_path("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"))
    assert len(doc.page_starts) == 3
    assert doc.text.startswith("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    i = doc.text.index("Căn cứ Nghị định số 146/2025/NĐ-CP")
    assert doc.page_at(i) == 1
    assert doc.page_at(len(doc.text) - 1) == 3


@pytest.mark.parametrize("name", [
    "CV-2265-BCT-ATMT_BoCongThuong_trien-khai_SCANNED.pdf",
    "CV-813-HC_CucHoaChat_SCANNED.pdf",
])
def test_scanned_pdf_is_reported(corpus, name: str) -> None:
    doc = process_file(doc_path(f"laocai_skill_sct/{name}"))
    assert doc.text.strip() == ""
    assert any("no text layer" in w and "OCR" in w for w in doc.warnings), doc.warnings


def test_corrupt_and_truncated_pdf(tmp_path: Path, corpus) -> None:
    good = doc_path("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf").read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(good[:2000])
    doc = process_file(bad)
    assert doc.warnings and doc.to_record()["text"] == ""
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nthis is not a pdf")
    assert any("corrupt" in w for w in process_file(junk).warnings)


def test_encrypted_pdf(tmp_path: Path, corpus) -> None:
    import pypdf  # a test extra: it writes the encrypted fixture
    reader = pypdf.PdfReader(str(doc_path("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf")))
    writer = pypdf.PdfWriter()
    writer.append_pages_from_reader(reader)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    doc = process_file(path)
    assert any("encrypted" in w for w in doc.warnings), doc.warnings


def test_empty_and_unsupported_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert process_file(empty).warnings == ["empty file"]
    odd = tmp_path / "table.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    assert "unsupported" in process_file(odd).warnings[0]
    fake_docx = tmp_path / "fake.docx"
    fake_docx.write_bytes(b"not a zip")
    assert "corrupt DOCX" in process_file(fake_docx).warnings[0]


def test_utf8_with_bom_and_utf16(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffKẾ HOẠCH\nThực hiện".encode("utf-8"))
    assert process_file(p).text.startswith("KẾ HOẠCH")
    q = tmp_path / "u16.txt"
    q.write_bytes("KẾ HOẠCH\nThực hiện".encode("utf-16"))
    assert process_file(q).text.startswith("KẾ HOẠCH")


def test_every_record_has_every_contract_key(corpus) -> None:
    from vanban.model import RECORD_KEYS

    for rel in ["seed/KH-HU-BacAi-2024-03_CT28.txt", "laocai_skill_sct/CV-813-HC_CucHoaChat_SCANNED.pdf"]:
        record = process_file(doc_path(rel)).to_record()
        assert all(k in record for k in RECORD_KEYS)


def test_english_translation_is_flagged(corpus) -> None:
    doc = process_file(doc_path("vbpl_vn/EN_vbpl-english-translation-sample1.txt"))
    assert any("not Vietnamese (en)" in w for w in doc.warnings)
    assert not any("not Vietnamese" in w for w in process_file(doc_path("vbpl_vn/ND-27-2026-ND-CP_CSDL-CanBoCongChuc.txt")).warnings)


def test_en_dash_motto_stays_apart_from_the_number_line(corpus) -> None:
    doc = process_file(doc_path("vbpl_vn/LUAT-109-2025-QH15_ThueThuNhapCaNhan.txt"))
    assert "Độc lập – Tự do – Hạnh phúc\nLuật số: 109/2025/QH15\n" in doc.text
    assert doc.code == "109/2025/QH15"


def test_docx_footnotes_follow_the_body(corpus) -> None:
    ing = ingest("laocai_skill_sct/KH-xxx-KH-UBND_2026_LaoCai_trien-khai-CT-11-CT-TU_DRAFT.docx")
    # The draft cites these Party and Government documents only in its footnotes.
    assert "Nghị quyết số 10-NQ/TW ngày 10/02/2022 của Bộ Chính trị" in ing.text
    assert "Nghị quyết số 88/NQ-CP ngày 22/7/2022" in ing.text
    assert ing.text.index("[1] ") > ing.text.index("Nơi nhận")


def test_a_pdf_cut_to_half_its_bytes_says_it_is_damaged(corpus: Path) -> None:
    """PDFium rebuilds a cut file without a word: the record must say so, with what survived."""
    path = doc_path("laocai_skill_sct/QD-1074-QD-BXD_2026-06-29_BoXayDung.pdf")
    data = path.read_bytes()
    whole = read(path, data)
    assert not any("damaged" in w for w in whole.warnings)
    half = read(path, data[: len(data) // 2])
    note = next(w for w in half.warnings if w.startswith("damaged PDF"))
    assert "truncated" in note and "of 2 page(s)" in note
    assert f"{len(half.text.strip())} characters" in note


def test_a_docx_cut_short_is_read_as_far_as_it_goes(corpus: Path) -> None:
    path = doc_path("laocai_skill_sct/KH-xxx-KH-UBND_2026_LaoCai_trien-khai-CT-11-CT-TU_DRAFT.docx")
    data = path.read_bytes()
    whole = read(path, data)
    half = read(path, data[: len(data) // 2])
    note = next(w for w in half.warnings if w.startswith("damaged DOCX"))
    assert f"recovered {len(half.text.strip())} characters" in note
    # what was recovered is the document's beginning, as the whole file gives it
    assert 0 < len(half.text) < len(whole.text)
    assert whole.text.startswith(half.text[:2000])
