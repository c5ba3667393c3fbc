"""The header and signature block on real documents of every input form.

Expected values were read off the documents themselves (the raw files in ../shared/corpus;
the seed's from OUTPUT.md's worked example)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.conftest import doc_path
from vanban import process_file, process_text
from vanban.stages.header import proper_case, with_locality


@cache
def rec(rel: str) -> dict:
    return process_file(doc_path(rel)).to_record()


def test_seed_worked_example() -> None:
    r = rec("seed/KH-HU-BacAi-2024-03_CT28.txt")
    assert (r["doc_type"], r["number"], r["symbol"], r["code"]) == ("Kế hoạch", None, "KH/HU", None)
    assert r["issuer"] == "Huyện ủy Bác Ái"
    assert r["parent_issuer"] == "Đảng bộ tỉnh Ninh Thuận"  # the header misprints "ĐẢNG CÔNG SẢN" beside it
    assert (r["place"], r["date"]) == ("Bác Ái", "2024-03")
    assert r["title"].startswith("Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị")
    assert r["title"].endswith("phát triển đất nước phồn vinh, hạnh phúc") and "\n" not in r["title"]
    assert r["signer"] == {"name": "Mẫu Thái Phương", "title": "Bí thư", "authority": "T/M Ban Thường vụ"}
    assert len(r["recipients"]) == 8
    assert r["recipients"][1] == "Đ/c Nguyễn Long Biên-UVTV, Phó chủ tịch UBND tỉnh"  # wrapped over two lines
    assert r["recipients"][-1] == "Lưu Văn phòng huyện ủy"
    assert any(e["label"] == "PER" and e["text"] == "Mẫu Thái Phương" for e in r["entities"])


def test_pdf_layout_text_with_columns_on_one_line(corpus) -> None:
    # "Số: 5973 /UBND-KT        Lào Cai, ngày 11 tháng 6 năm 2026" and the signature beside "Nơi nhận".
    r = rec("laocai_skill_sct/CV-5973-UBND-KT_2026-06-11_LaoCai_tang-cuong-thanh-kiem-tra-KS.txt")
    assert (r["doc_type"], r["number"], r["symbol"], r["code"]) == ("Công văn", "5973", "UBND-KT", "5973/UBND-KT")
    assert (r["issuer"], r["place"], r["date"]) == ("Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", "2026-06-11")
    assert r["title"] == "tăng cường công tác quản lý, thanh tra, kiểm tra hoạt động khoáng sản trên địa bàn tỉnh Lào Cai"
    assert r["signer"] == {"name": "Nguyễn Thành Sinh", "title": "Phó Chủ tịch", "authority": "KT. Chủ tịch"}
    assert r["recipients"][:2] == ["Như trên", "Bộ Nông nghiệp và Môi trường (để báo cáo)"]
    assert r["recipients"][-1] == "Lưu: VT, KT(Thủy, Nho)"


def test_party_letter_with_subject_on_the_number_line(corpus) -> None:
    r = rec("laocai_skill_sct/index_only/CV-2449-CV-DU_2026-09-07_DangUyUBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU.txt")
    assert (r["doc_type"], r["number"], r["symbol"], r["code"]) == ("Công văn", "2449", "CV/ĐU", "2449-CV/ĐU")
    assert r["issuer"] == "Đảng ủy Ủy ban nhân dân tỉnh Lào Cai"
    assert r["parent_issuer"] == "Đảng bộ tỉnh Lào Cai"
    assert r["title"].startswith("triển khai thực hiện Chương trình hành động số 104-CTr/TU")
    assert r["signer"]["name"] == "Nguyễn Hữu Long" and r["signer"]["authority"] == "T/M Ban Thường vụ"


def test_markdown_header_table(corpus) -> None:
    r = rec("tvpl_tai_lieu_noi_bo/Ke-hoach-141-KH-UBND-2025-nang-cao-nang-luc-can-bo-xay-dung-chinh-sach-phap-luat-Bac-Ninh.md")
    assert (r["doc_type"], r["code"], r["issuer"]) == ("Kế hoạch", "141/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh")
    assert (r["place"], r["date"]) == ("Bắc Ninh", "2025-11-20")
    assert r["title"] == ("NÂNG CAO NĂNG LỰC CHO ĐỘI NGŨ CÁN BỘ, CÔNG CHỨC XÂY DỰNG CHÍNH SÁCH, PHÁP LUẬT "
                          "TRÊN ĐỊA BÀN TỈNH GIAI ĐOẠN 2026 - 2030")
    assert r["signer"] == {"name": "Phạm Văn Thịnh", "title": "Phó Chủ tịch", "authority": "TM. Ủy ban nhân dân, KT. Chủ tịch"}
    assert len(r["recipients"]) == 8 and r["recipients"][0] == "Bộ Tư pháp (b/c)"


def test_cong_dien_markdown_subject(corpus) -> None:
    r = rec("tvpl_tai_lieu_noi_bo/Cong-dien-217-CD-TTg-2025-phong-tranh-ung-pho-mua-lu-tai-khu-vuc-Trung-Bo.md")
    assert (r["doc_type"], r["code"], r["issuer"]) == ("Công điện", "217/CĐ-TTg", "Thủ tướng Chính phủ")
    assert r["title"] == "CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ"
    assert r["signer"] == {"name": "Trần Hồng Hà", "title": "Phó Thủ tướng", "authority": "KT. Thủ tướng"}


def test_vbpl_decree_and_signed_stamp(corpus) -> None:
    r = rec("vbpl_vn/ND-27-2026-ND-CP_CSDL-CanBoCongChuc.txt")
    assert (r["doc_type"], r["number"], r["symbol"]) == ("Nghị định", "27", "2026/NĐ-CP")
    assert (r["issuer"], r["place"], r["date"]) == ("Chính phủ", "Hà Nội", "2026-01-19")
    assert r["title"] == "Quy định về Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức"
    # "(Đã ký) Phạm Thị Thanh Trà" on one line under "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG"
    assert r["signer"] == {"name": "Phạm Thị Thanh Trà", "title": "Phó Thủ tướng", "authority": "TM. Chính phủ, KT. Thủ tướng"}


def test_joint_circular_issuers_and_signers(corpus) -> None:
    r = rec("vbpl_vn/TTLT-29-2025-TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC.txt")
    assert r["doc_type"] == "Thông tư liên tịch"
    assert r["code"] == "29/2025/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC"
    assert r["issuers"] == ["Bộ Tư pháp", "Bộ Công an", "Bộ Quốc phòng", "Bộ Tài chính",
                            "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"]
    assert r["issuer"] == "Bộ Tư pháp"
    # Six signature blocks before the appendix; the first is "Thượng tướng Lê Quốc Hùng" (rank left out).
    assert r["signer"]["name"] == "Lê Quốc Hùng"
    assert [s["name"] for s in r["signers"]][:2] == ["Lê Quốc Hùng", "Nguyễn Thanh Ngọc"]
    assert len(r["signers"]) == 6


def test_cyrillic_letter_in_the_symbol_is_latin_in_the_code(corpus) -> None:
    r = rec("vbpl_vn/TT-06-2026-TT-BTC_CyrillicC-in-symbol.txt")
    assert r["code"] == "06/2026/TT-BTC"
    assert all(ord(c) < 0x400 for c in r["code"])
    assert r["signer"]["name"] == "Nguyễn Đức Chi"


def test_docx_and_doc_headers(corpus) -> None:
    r = rec("laocai_skill_sct/TT-67-2025-TT-BCT_SuaDoiTT43-2025.docx")
    assert (r["doc_type"], r["code"], r["issuer"], r["date"]) == ("Thông tư", "67/2025/TT-BCT", "Bộ Công Thương", "2025-12-31")
    r = rec("laocai_skill_sct/ND-146-2025-ND-CP_PhanQuyenPhanCapCongThuong.doc")
    assert (r["doc_type"], r["code"], r["issuer"], r["date"]) == ("Nghị định", "146/2025/NĐ-CP", "Chính phủ", "2025-06-12")


def test_unnumbered_draft(corpus) -> None:
    r = rec("laocai_skill_sct/CV-xxx-UBND-KT_2026_LaoCai_bao-ve-khoang-san_DRAFT.docx")
    assert (r["number"], r["code"], r["symbol"], r["date"]) == (None, None, "UBND-KT", "2026")
    assert r["doc_type"] == "Công văn"
    assert r["title"].startswith("tăng cường công tác quản lý bảo vệ khoáng sản chưa khai thác")


def test_pdf_number_and_date_stamped_by_the_signature(corpus) -> None:
    r = rec("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf")
    # The text layer prints "Số: /QĐ-UBND" and "ngày tháng 4 năm 2026"; the signature stamps
    # 1696, 15 and 5 over them (seen on the page rendered with its form widgets).
    assert (r["doc_type"], r["number"], r["code"], r["place"]) == ("Quyết định", "1696", "1696/QĐ-UBND", "Lào Cai")
    assert r["date"] == "2026-05-15"
    assert any("read from the signature stamp" in w and "stamped over the printed 4" in w for w in r["warnings"])
    assert r["title"].startswith("Về việc ủy quyền cho Giám đốc Sở Công Thương")
    assert r["signer"]["name"] == "Nguyễn Tuấn Anh"


def test_stamp_drawn_as_page_content_at_the_end_of_the_page(corpus) -> None:
    # pdfium gives "1050 06" as the last line of page 1: the stamped number and day.
    r = rec("laocai_skill_sct/QD-1050_2026_SoCongThuongLaoCai_kiem-tra-VLNCN.pdf")
    assert (r["code"], r["date"]) == ("1050/QĐ-SCT", "2026-03-06")
    assert "Số: 1050/QĐ-SCT" in r["text"][:600]


def test_ocr_number_read_only_when_the_text_proves_it(corpus) -> None:
    r = rec("laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt")
    # "Số: II /2026/QĐ-UBND" in the header; the regulation's caption cites "Quyết định số 11 /2026/QĐ-UBND".
    assert r["number"] == "11" and r["code"] == "11/2026/QĐ-UBND"
    assert any("'II'" in w and "11" in w for w in r["warnings"])
    doc = process_text("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: II /2026/QĐ-UBND\nLào Cai, ngày 29 tháng 01 năm 2026\nQUYẾT ĐỊNH\nVề việc thử\n")
    assert doc.number == "II" and any("kept as written" in w for w in doc.warnings)


def test_invalid_issue_date_is_null_with_a_warning() -> None:
    doc = process_text("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 1696/QĐ-UBND\nLào Cai, ngày15 tháng 54 năm 2026\nQUYẾT ĐỊNH\nVề việc ủy quyền\n")
    assert doc.date is None and doc.place == "Lào Cai"
    assert any("invalid issue date" in w for w in doc.warnings)


@pytest.mark.parametrize("upper,expected", [
    ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("UỶ BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ("HUYỆN ỦY BÁC ÁI", "Huyện ủy Bác Ái"),
    ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Sở Nông nghiệp và Môi trường"),
])
def test_proper_case(upper: str, expected: str) -> None:
    assert proper_case(upper) == expected


def test_locality_from_the_line_above() -> None:
    assert with_locality("Sở Công Thương", "Ủy ban nhân dân tỉnh Lào Cai") == "Sở Công Thương tỉnh Lào Cai"
    assert with_locality("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng bộ tỉnh Lào Cai") == "Đảng ủy Ủy ban nhân dân tỉnh Lào Cai"
    assert with_locality("Cục Hóa chất", "Bộ Công Thương") == "Cục Hóa chất"


def test_ocr_party_header_after_a_signature_stamp(corpus) -> None:
    # Tesseract text: the signature stamp "BẠN CHẬP HÀNH TRUNG ƯƠNG ĐẢNG … 28-07-2026 09:58:36 +07:00"
    # comes first; then "BAN CHẤP HÀNH TRUNG ƯƠNG ĐÁNG CỘNG SẢN VIỆT NAM" (ĐẢNG read as ĐÁNG), "KÉT LUẬN".
    r = rec("laocai_skill_sct/index_only/KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR.txt")
    assert (r["doc_type"], r["code"], r["date"], r["place"]) == ("Kết luận", "75-KL/TW", "2026-07-28", "Hà Nội")
    assert r["issuer"] == "Ban Chấp hành Trung ương"


def test_signature_stamp_above_the_header_is_not_the_parent() -> None:
    # The shape of the Lào Cai OCR texts: a signed PDF's stamp (signer's unit, time) printed
    # above the issuer. The stamp's time line has no word in it: it still ends the stamp.
    text = ("SỞ TÀI CHÍNH TỈNH LÀO CAI\nSỞ TÀI CHÍNH\n28-07-2026 09:58:36\nỦY BAN NHÂN DÂN\nXÃ BẢO YÊN\n"
            "Số: 12/QĐ-UBND Bảo Yên, ngày 2 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc giao nhiệm vụ\n")
    doc = process_text(text)
    assert (doc.issuer, doc.parent_issuer) == ("Ủy ban nhân dân xã Bảo Yên", None)


@pytest.mark.parametrize("line,number,symbol,warned", [
    ("Số: …/QĐ-UBND", None, "QĐ-UBND", False),      # a draft's blank, not OCR
    ("Số: ..../QĐ-UBND", None, "QĐ-UBND", False),
    ("Số: 12A/QĐ-UBND", "12A", "QĐ-UBND", False),
    ("Số: 4 46 /QĐ-UBND", None, "QĐ-UBND", True),   # Tesseract on QĐ 2336's handwritten number
    ("Số: Éđã /HC-CNHC", None, "HC-CNHC", True),    # and on CV 813's
])
def test_blank_and_unreadable_numbers(line: str, number: str | None, symbol: str, warned: bool) -> None:
    doc = process_text(f"ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n{line} Lào Cai, ngày 2 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc x\n")
    assert (doc.number, doc.symbol) == (number, symbol)
    assert any("number unreadable" in w for w in doc.warnings) == warned


TVPL_BULK = "tvpl_tai_lieu_noi_bo/tvpl_nghidinh_subset_all_vietnamese_docs.jsonl.gz"
VBPL_BULK = "vbpl_vn/vbpl_all_999_extracted.jsonl.gz"


@pytest.mark.parametrize("bulk,line,expected", [
    # thuvienphapluat pages: the header is a markdown table whose cells wrap mid-name
    # ("**ỦY BAN NHÂN" / "DÂN **", "**CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM**", "**NGHỊ" / "ĐỊNH**")
    (TVPL_BULK, 10, ("Nghị định", "308/2025/NĐ-CP", "Chính phủ", "2025-11-28")),
    (TVPL_BULK, 11, ("Quyết định", "86/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "2025-12-03")),
    (TVPL_BULK, 138, ("Quyết định", "96/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Quảng Ninh", "2025-11-19")),
    # a vbpl.vn page: the site's menu ("TRANG CHỦ", "VĂN BẢN PHÁP LUẬT TRUNG ƯƠNG") is not the
    # issuer; its properties table ("Số hiệu / 8376 /VBHN-BTP", "Cơ quan ban hành / Bộ Tư pháp") is read
    (VBPL_BULK, 8, ("Văn bản hợp nhất", "8376/VBHN-BTP", "Bộ Tư pháp", "2025-12-18")),
])
def test_header_of_bulk_pages(bulk: str, line: int, expected: tuple[str, str, str, str], corpus) -> None:
    from vanban.extract import iter_bulk

    doc = next(iter_bulk(doc_path(bulk), (line, line)))
    assert (doc.doc_type, doc.code, doc.issuer, doc.date) == expected
    assert "cộng hòa" not in (doc.issuer or "").lower()


def test_joint_guidance_of_seven_bodies_over_five_lines(corpus) -> None:
    # HD 24/HDLN (PDF): "BỘ CÔNG AN - BỘ QUỐC PHÒNG -" / "BỘ Y TẾ - BỘ CÔNG THƯƠNG -" / "BỘ TÀI CHÍNH -
    # VIỆN KIỂM SÁT" / "NHÂN DÂN TÓI CAO - TÒA ÁN" / "NHÂN DÂN TÓI CAO" ("TÓI" as printed), and a
    # symbol whose hyphen the PDF gives as U+FFFE ("BYT\ufffeBCT").
    doc = process_file(doc_path("laocai_skill_sct/HD-lien-nganh-24_N2O.pdf"))
    assert doc.issuers == ["Bộ Công an", "Bộ Quốc phòng", "Bộ Y tế", "Bộ Công Thương", "Bộ Tài chính",
                           "Viện kiểm sát nhân dân tói cao", "Tòa án nhân dân tói cao"]
    assert doc.code == "24/HDLN-BCA-BQP-BYT-BCT-BTC-VKSNDTC-TANDTC"


def test_prime_minister_wrapped_in_the_header_table(corpus) -> None:
    # QĐ 2623/QĐ-TTg (thuvienphapluat markdown): "THỦ TƯỚNG" / "CHÍNH PHỦ" in one cell
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Quyet-dinh-2623-QD-TTg-2025-trien-khai-thi-hanh-Luat-Bao-ve-du-lieu-ca-nhan.md"))
    assert (doc.issuer, doc.parent_issuer, doc.code) == ("Thủ tướng Chính phủ", None, "2623/QĐ-TTg")


def test_central_party_department_takes_trung_uong(corpus) -> None:
    # HD 45-HD/BTCTW: "BAN CHẤP HÀNH" / "TRUNG ƯƠNG" / "BAN TỔ CHỨC" -> the department's full name
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Huong-dan-45-HD-BTCTW-2025-noi-dung-Quy-dinh-377-QD-TW-phan-cap-quan-ly-can-bo.md"))
    assert (doc.issuer, doc.parent_issuer, doc.code) == ("Ban Tổ chức Trung ương", "Ban Chấp hành Trung ương", "45-HD/BTCTW")


def test_a_secretariat_signature_on_a_real_page(corpus: Path) -> None:
    # Quy định 383-QĐ/TW: "T/M BAN BÍ THƯ" then the name, no position line; the header's
    # committee stays the issuer (corpus/gold/GUIDE.md)
    doc = process_file(corpus / "tvpl_tai_lieu_noi_bo" / "Quy-dinh-383-QD-TW-2025-Phong-luu-tru-Dang-cong-san-Viet-Nam.md")
    assert doc.issuer == "Ban Chấp hành Trung ương"
    assert doc.signer is not None
    assert (doc.signer.name, doc.signer.title, doc.signer.authority) == ("Trần Cẩm Tú", None, "T/M Ban Bí thư")


_POLITBURO = ("BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố: 155-KL/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 11 tháng 6 năm 2025\n\n"
              "KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ VỀ CÔNG TÁC CÁN BỘ\n\n"
              + "\n".join(["Các cấp ủy, tổ chức đảng quán triệt và tổ chức thực hiện nghiêm túc Kết luận này."] * 8)
              + "\n\nNơi nhận:\n- Các tỉnh ủy, thành ủy,\n- Lưu Văn phòng Trung ương Đảng.\n\n{sig}\n")


@pytest.mark.parametrize(("sig", "want"), [
    ("T/M BỘ CHÍNH TRỊ\nTỔNG BÍ THƯ\nTô Lâm", ("Tô Lâm", "Tổng Bí thư", "T/M Bộ Chính trị")),
    ("T/M BỘ CHÍNH TRỊ\nTHƯỜNG TRỰC BAN BÍ THƯ\nTrần Cẩm Tú", ("Trần Cẩm Tú", "Thường trực Ban Bí thư", "T/M Bộ Chính trị")),
    ("T/M BAN BÍ THƯ\nTrần\nCẩm Tú", ("Trần Cẩm Tú", None, "T/M Ban Bí thư")),  # the name wrapped in its cell
])
def test_party_signature_blocks(sig: str, want: tuple) -> None:
    doc = process_text(_POLITBURO.format(sig=sig))
    assert doc.signer is not None
    assert (doc.signer.name, doc.signer.title, doc.signer.authority) == want
    assert doc.issuer == "Ban Chấp hành Trung ương"


@pytest.mark.parametrize(("rel", "end"), [
    # "… ĐÃ ĐƯỢC" / "QUỐC HỘI QUYẾT ĐỊNH …": the National Assembly is the title's, not an issuer line
    ("tvpl_tai_lieu_noi_bo/Nghi-quyet-66-8-2025-NQ-CP-tach-noi-dung-boi-thuong-du-an-dien-hat-nhan-thanh-du-an-doc-lap.md",
     "ĐIỆN HẠT NHÂN ĐÃ ĐƯỢC QUỐC HỘI QUYẾT ĐỊNH CHỦ TRƯƠNG ĐẦU TƯ THÀNH DỰ ÁN ĐỘC LẬP"),
    # "… HƯU TRÍ XÃ" / "HỘI KHÔNG DÙNG TIỀN MẶT …": "xã hội" split over the lines
    ("tvpl_tai_lieu_noi_bo/Ke-hoach-157-KH-UBND-2025-phong-trao-thi-dua-chi-tra-tro-giup-xa-hoi-khong-dung-tien-mat-Can-Tho.md",
     "HƯU TRÍ XÃ HỘI KHÔNG DÙNG TIỀN MẶT TRÊN ĐỊA BÀN THÀNH PHỐ CẦN THƠ"),
    # "… VỚI ỦY" / "BAN NHÂN DÂN CẤP XÃ, …": the head "Ủy ban" split over the lines
    ("tvpl_tai_lieu_noi_bo/Quyet-dinh-88-2025-QD-UBND-quy-che-phoi-hop-Van-phong-Dang-ky-dat-dai-voi-Uy-ban-xa-Lai-Chau.md",
     "VỚI ỦY BAN NHÂN DÂN CẤP XÃ, CƠ QUAN TÀI CHÍNH, CƠ QUAN XÂY DỰNG, CƠ QUAN CÓ CHỨC NĂNG QUẢN LÝ ĐẤT ĐAI CẤP XÃ, "
     "CƠ QUAN THUẾ VÀ CÁC CƠ QUAN, ĐƠN VỊ KHÁC CÓ LIÊN QUAN TRÊN ĐỊA BÀN TỈNH LAI CHÂU"),
])
def test_capital_title_goes_on_past_a_line_opening_like_an_issuer(corpus, rel: str, end: str) -> None:
    assert rec(rel)["title"].endswith(end)


def test_capital_title_still_ends_before_the_authority_line() -> None:
    # hand-made: a title ending "… CẤP XÃ" before the chair's line of a decision; "XÃ" opens the
    # title only before "HỘI" (the pair is "xã hội"), so the chair's line stays out of the title
    doc = process_text("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 12/QĐ-UBND\nLai Châu, ngày 2 tháng 3 năm 2026\n"
                       "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC CƠ QUAN CẤP TỈNH VÀ ỦY BAN NHÂN DÂN CẤP XÃ\n"
                       "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nCăn cứ Luật Tổ chức chính quyền địa phương;\n")
    assert doc.title == "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC CƠ QUAN CẤP TỈNH VÀ ỦY BAN NHÂN DÂN CẤP XÃ"


def test_title_ends_above_a_signing_authority_that_is_no_issuer(corpus) -> None:
    # QĐ 170/QĐ-BCĐNNDL: the title, a blank line, then "**TRƯỞNG BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH**"
    from vanban.extract import iter_bulk

    doc = next(iter_bulk(doc_path(TVPL_BULK), (89, 89)))
    assert doc.title == "BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH"
