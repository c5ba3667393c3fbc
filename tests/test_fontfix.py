from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from vanban.ingest.fontfix import extract_page_text, looks_broken

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCT = CORPUS / "laocai_skill_sct"
REPAIR = json.loads((ROOT / "pipeline" / "vanban" / "data" / "pdf_font_repair.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not SCT.is_dir(), reason=f"shared corpus not found at {SCT}")

BROKEN = {
    "KH-1105": "KH-1105-DKT_2026_SoCongThuongLaoCai_ke-hoach-kiem-tra.pdf",
    "QD-1050": "QD-1050_2026_SoCongThuongLaoCai_kiem-tra-VLNCN.pdf",
    "TB-1894": "TB-1894_2026-04-09_SoCongThuongLaoCai_ket-qua-kiem-tra.pdf",
}
ORDINARY = [
    "QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf",
    "CV-3686-UBND-XD_2026_LaoCai_kien-nghi-BXD.pdf",
    "TT-37-BGTVT_BoGiaoThongVanTai.pdf",
    # OCR layer with a few Cyrillic look-alikes ("BYT-ВСТ"): takes the slow path, must stay as is.
    "HD-lien-nganh-24_N2O.pdf",
]

# Read off the pages rendered with pdfium (page.render(scale=2)), line by line as printed.
PHRASES = {
    ("QD-1050", 0): [
        "UBND TỈNH LÀO CAI",
        "SỞ CÔNG THƯƠNG",
        "Độc lập - Tự do - Hạnh phúc",
        "Lào Cai, ngày",
        "tháng 3 năm 2026",
        "QUYẾT ĐỊNH",
        "Kiểm tra việc chấp hành pháp luật trong sử dụng và bảo quản vật liệu nổ",
        "GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH LÀO CAI",
        "Căn cứ Luật số 42/2024/QH15 ngày 29/6/2024 về Quản lý, sử dụng vũ khí,",
        "Căn cứ Nghị định số 189/2025/NĐ-CP ngày 01/7/2025 của Chính phủ quy định",
    ],
    ("QD-1050", 1): [
        "Theo đề nghị của Trưởng phòng Quản lý Công nghiệp,",
        "QUYẾT ĐỊNH:",
        "Điều 1. Thành lập Đoàn kiểm tra (sau đây gọi là Đoàn kiểm tra) để kiểm",
        "1. Ông: Hoàng Văn Thuân - Phó Giám đốc Sở, Trưởng đoàn;",
        "4. Ông: Vũ Việt Linh - Chuyên viên phòng Quản lý Công nghiệp, Thành",
        "1. Đối tượng kiểm tra: Gồm 03 đơn vị (Theo phụ lục đính kèm)",
    ],
    ("KH-1105", 0): [
        "ĐOÀN KIỂM TRA",
        "THEO QUYẾT ĐỊNH",
        "SỐ 1050/QĐ-SCT",
        "Độc lập - Tự do - Hạnh Phúc",
        "KẾ HOẠCH",
        "Kiểm tra việc chấp hành Quy định pháp luật trong sử dụng và bảo quản vật",
        "Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở",
        "Trưởng đoàn kiểm tra lập kế hoạch tiến hành kiểm tra như sau:",
        "1. Mục tiêu",
        "- Đánh giá toàn diện, khách quan tình hình chấp hành các quy định của pháp",
    ],
    ("TB-1894", 0): [
        "THÔNG BÁO",
        "Kết quả kiểm tra việc chấp hành Quy định của pháp luật",
        # The page itself prints HÕA and "công ghiệp": kept as printed.
        "CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "trong sử dụng và bảo quản vật liệu nổ công ghiệp",
        "Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở",
        "trên địa bàn tỉnh Lào Cai và Kế hoạch kiểm tra số 1105/KH-ĐKT ngày 10/3/2026",
        "đã được Giám đốc Sở Công Thương phê duyệt tại Quyết định số 1268/QĐ-SCT",
        "1. Kết quả kiểm tra",
    ],
    ("TB-1894", 1): [
        "tốt hơn, Sở Công Thương yêu cầu đơn vị nêu trên thực hiện một số nội dung sau:",
        "- Tiếp tục thực hiện giám sát việc lập hộ chiếu nổ mìn khoa học, cẩn thận",
        "07/11/2024 của Bộ Công Thương.",
    ],
}


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[str, list[tuple[str, str, list[str]]]]]:
    """name -> [(pdfium text, repaired text, notes)] per page."""
    out: dict[str, list[tuple[str, str, list[str]]]] = {}
    docs = []
    for name, file in BROKEN.items():
        pdf = pdfium.PdfDocument(SCT / file)
        docs.append(pdf)
        out[name] = []
        for i in range(len(pdf)):
            page = pdf[i]
            raw = page.get_textpage().get_text_range()
            text, notes = extract_page_text(page)
            out[name].append((raw, text, notes))
    yield out
    for pdf in docs:
        pdf.close()


@pytest.mark.parametrize(("key", "phrases"), list(PHRASES.items()), ids=[f"{k[0]}-p{k[1]}" for k in PHRASES])
def test_phrases_read_on_the_page_image(pages, key, phrases) -> None:
    name, index = key
    raw, text, _ = pages[name][index]
    for phrase in phrases:
        assert phrase in text, phrase
    assert "Thực hiện Quyết định số 1050/QĐ-SCT" not in raw or name == "QD-1050"


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_before_clean_after(pages, name) -> None:
    for raw, text, notes in pages[name]:
        assert looks_broken(raw)
        assert not looks_broken(text)
        assert any(n.startswith("broken font mapping repaired") for n in notes)
        assert not any("could not be repaired" in n for n in notes), notes
        assert "\r" not in text


def test_first_line_of_kh_1105_example_from_the_brief(pages) -> None:
    raw, text, _ = pages["KH-1105"][0]
    assert "7KӵF KLӋQ 4X\\ӃW ÿӏQK Vӕ \x14\x13\x18\x13\x124Ĉ\x106&7" in raw
    assert "Thực hiện Quyết định số 1050/QĐ-SCT" in text


def test_cyrillic_letter_printed_in_qd_1050_is_kept(pages) -> None:
    # The author typed a Cyrillic "а" in "của" (glyph 602 of Times New Roman Italic); it looks
    # like a Latin a on the page, but the repair reports what the font holds.
    _, text, _ = pages["QD-1050"][0]
    assert "củа Chính phủ quy" in text


@pytest.mark.parametrize("file", ORDINARY)
def test_ordinary_pdf_unchanged(file) -> None:
    pdf = pdfium.PdfDocument(SCT / file)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            expected = textpage.get_text_range().replace("\r\n", "\n")
            textpage.close()
            assert extract_page_text(page) == (expected, [])
    finally:
        pdf.close()


def test_tounicode_errata_of_cv_1178() -> None:
    pdf = pdfium.PdfDocument(SCT / "CV-1178-DCK-CTT_huong-dan-CCN-dia-gioi-moi.pdf")
    try:
        raw = pdf[0].get_textpage().get_text_range()
        text, notes = extract_page_text(pdf[0])
    finally:
        pdf.close()
    assert "BỘ CÔNG THƢƠNG" in raw and "CỘNG HÕA" in raw
    assert "BỘ CÔNG THƯƠNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kính gửi: Sở Công Thương tỉnh Lào Cai" in text
    assert "- Lưu: VT, CTT. Phunt." in text
    assert "Ƣ" not in text and "ƣ" not in text
    assert len(notes) == 1 and notes[0].startswith("ToUnicode errata fixed")


def test_font_without_a_table_is_reported_not_guessed(monkeypatch) -> None:
    from vanban.ingest import fontfix

    bare = fontfix._tables()
    monkeypatch.setattr(fontfix, "_tables", lambda: dataclasses.replace(bare, glyph_orders={}, symbolic_families=()))
    pdf = pdfium.PdfDocument(SCT / BROKEN["QD-1050"])
    try:
        raw = pdf[1].get_textpage().get_text_range().replace("\r\n", "\n")
        text, notes = extract_page_text(pdf[1])
    finally:
        pdf.close()
    assert text == raw
    assert any(n.startswith("broken font mapping:") and "could not be repaired" in n and "PLFVGM+" in n for n in notes)


def test_glyph_tables_agree_with_the_macintosh_glyph_order() -> None:
    # Sanity of the data: in these builds of Times New Roman printable ASCII sits at code - 29.
    for order in REPAIR["glyph_orders"].values():
        table = order["gid_to_text"]
        for code in range(0x21, 0x7F):
            assert table[str(code - 29)] == chr(code)


def test_looks_broken_on_plain_text() -> None:
    assert not looks_broken("")
    assert not looks_broken("Cộng hòa xã hội chủ nghĩa Việt Nam. Số: 24/HDLN-BCA-BQP-BYT-ВСТ")
    assert looks_broken("7KӵF KLӋQ 4X\\ӃW ÿӏQK Vӕ \x14\x13\x18\x13\x124Ĉ\x106&7")
    assert looks_broken("L‡o Cai, ng‡y 06 th·ng 3 nÉm 2026")
