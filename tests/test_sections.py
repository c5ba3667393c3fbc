"""Section segmentation (pipeline/sections.py) on real documents and on the edge cases they show.

The golden trees in tests/golden/sections/<stem>.json were written by reading each document
(the seed plan, a vbpl decree, a TVPL plan, two Party documents one of them OCR, a DOCX amending
circular and a PDF decision): every section of the levels the gold annotations list, as
[path, heading prefix]. A test over the whole corpus checks that the leaves tile every text.
"""

from __future__ import annotations

import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT, doc_path
from vanban import ingest, process_file
from vanban.extract import discover, document_from_text
from vanban.model import Document, Section
from vanban.stages.sections import classify, run

GOLDEN = Path(__file__).resolve().parent / "golden" / "sections"
SOURCES = {
    "KH-HU-BacAi-2024-03_CT28": "seed/KH-HU-BacAi-2024-03_CT28.txt",
    "ND-27-2026-ND-CP_CSDL-CanBoCongChuc": "vbpl_vn/ND-27-2026-ND-CP_CSDL-CanBoCongChuc.txt",
    "Ke-hoach-141-KH-UBND-2025-nang-cao-nang-luc-can-bo-xay-dung-chinh-sach-phap-luat-Bac-Ninh":
        "tvpl_tai_lieu_noi_bo/Ke-hoach-141-KH-UBND-2025-nang-cao-nang-luc-can-bo-xay-dung-chinh-sach-phap-luat-Bac-Ninh.md",
    "CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW":
        "laocai_skill_sct/index_only/CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt",
    "KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR": "laocai_skill_sct/index_only/KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR.txt",
    "TT-67-2025-TT-BCT_SuaDoiTT43-2025": "laocai_skill_sct/TT-67-2025-TT-BCT_SuaDoiTT43-2025.docx",
    "QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT": "laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf",
}
_UNIT = re.compile(r"^(?:Phần|Chương|Mục|Tiểu mục|Điều|Phụ lục)\b")


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def tree_problems(doc: Document) -> list[str]:
    """What breaks the contract: leaves tiling the text, reading order, nesting."""
    secs, n = doc.sections, len(doc.text)
    if not doc.text.strip():
        return []
    if not secs:
        return ["no sections"]
    out = [f"empty or outside span {s.path} {s.start}-{s.end}" for s in secs if not 0 <= s.start < s.end <= n]
    if [s.start for s in secs] != sorted(s.start for s in secs):
        out.append("not in reading order")
    leaves = [s for k, s in enumerate(secs) if not (k + 1 < len(secs) and secs[k + 1].level > s.level)]
    if leaves[0].start != 0 or leaves[-1].end != n:
        out.append(f"leaves cover {leaves[0].start}-{leaves[-1].end} of 0-{n}")
    out += [f"gap or overlap {a.path} -> {b.path}" for a, b in zip(leaves, leaves[1:]) if a.end != b.start]
    stack: list[Section] = []
    for s in secs:
        while stack and stack[-1].level >= s.level:
            stack.pop()
        if stack:
            parent = stack[-1]
            if s.level != parent.level + 1 or not (parent.start <= s.start and s.end <= parent.end):
                out.append(f"{s.path} not nested in {parent.path}")
            if not s.path.startswith(parent.path + "."):
                out.append(f"path {s.path} not under {parent.path}")
        elif s.level != 1:
            out.append(f"{s.path} has no parent")
        stack.append(s)
    return out


def _text_doc(text: str) -> Document:
    return run(document_from_text(text))


def _paths(doc: Document) -> list[str]:
    return [s.path for s in doc.sections if s.kind == "body"]


# --- golden trees of real documents ----------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_golden_tree(stem: str, corpus: Path) -> None:
    golden = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    doc = process_file(doc_path(SOURCES[stem]))
    assert not tree_problems(doc)
    legal = any(_UNIT.match(p) and not p.startswith("Phụ lục") for p, _ in golden)
    depth = max(len(p.split(".")) for p, _ in golden)
    got = [(s.path, s.heading) for s in doc.sections if s.kind in ("body", "appendix")
           and (all(_UNIT.match(c) for c in s.path.split(".")) if legal else s.level <= depth)]
    assert [p for p, _ in got] == [p for p, _ in golden]
    for (path, heading), (_, prefix) in zip(got, golden):
        assert _fold(heading).startswith(_fold(prefix)), (path, heading, prefix)


def test_golden_trees_cover_every_kind() -> None:
    kinds = {Path(p).suffix for p in SOURCES.values()}
    assert {".txt", ".md", ".docx", ".pdf"} <= kinds
    assert {p.stem for p in GOLDEN.glob("*.json")} == set(SOURCES)


def test_zones_of_the_seed(corpus: Path) -> None:
    doc = process_file(doc_path("seed/KH-HU-BacAi-2024-03_CT28.txt"))
    kinds = [(s.kind, s.path) for s in doc.sections if s.level == 1]
    assert kinds[0] == ("header", "header") and kinds[1] == ("preamble", "preamble") and kinds[-1] == ("closing", "closing")
    preamble = next(s for s in doc.sections if s.kind == "preamble")
    assert doc.text[preamble.start:preamble.end].lstrip().startswith("Thực hiện Kế hoạch số 273-KH/TU")
    closing = doc.sections[-1]
    assert "Nơi nhận" in doc.text[closing.start:closing.end]
    iii3 = next(s for s in doc.sections if s.path == "III.3")
    assert doc.section_at(iii3.start + 10) == "III.3"
    assert doc.text[iii3.start:iii3.end].startswith("3. Ủy ban nhân dân huyện")


def test_pdf_pages(corpus: Path) -> None:
    doc = process_file(doc_path("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"))
    pages = {s.path: s.page for s in doc.sections}
    assert pages["header"] == 1 and pages["Phụ lục"] == 3


def test_amending_circular_keeps_its_own_clauses_only(corpus: Path) -> None:
    doc = process_file(doc_path("laocai_skill_sct/TT-67-2025-TT-BCT_SuaDoiTT43-2025.docx"))
    assert _paths(doc) == ["Điều 1", "Điều 1.1", "Điều 1.2", "Điều 1.2.a", "Điều 1.2.b", "Điều 2"]


def test_ocr_roman_numbers_repaired_with_a_warning(corpus: Path) -> None:
    doc = process_file(doc_path("laocai_skill_sct/index_only/KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR.txt"))
    assert [s.path for s in doc.sections if s.level == 1 and s.kind == "body"] == ["I", "II", "III", "IV"]
    assert [s.label for s in doc.sections if s.path in ("II", "III")] == ["II", "III"]
    assert any("read as 'II'" in w for w in doc.warnings)
    assert "18" not in _paths(doc)  # "18.KLTW7S.DOC 2" is a page footer


def test_unclosed_quotation_ends_at_the_next_own_article(corpus: Path) -> None:
    # The quoted new Điều 6 of TT 06/2026 has no closing quote; Điều 2 and 3 are the circular's own.
    doc = process_file(doc_path("vbpl_vn/TT-06-2026-TT-BTC_CyrillicC-in-symbol.txt"))
    assert [p for p in _paths(doc) if "." not in p] == ["Điều 1", "Điều 2", "Điều 3"]


def test_decision_with_attached_regulation(corpus: Path) -> None:
    doc = process_file(doc_path("laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt"))
    tops = [(s.kind, s.path) for s in doc.sections if s.level == 1]
    assert ("body", "Điều 3") in tops and ("header", "header 2") in tops and ("body", "Chương III") in tops
    assert tops.index(("closing", "closing")) < tops.index(("header", "header 2")) < tops.index(("body", "Chương I"))


# --- edge cases ------------------------------------------------------------------------------------


def test_glued_numbers_and_page_footers() -> None:
    doc = _text_doc("I. TỔ CHỨC THỰC HIỆN\n1.Các cấp ủy triển khai.\n18.KLTW7S.DOC 2\n2.Thường trực Hội đồng nhân dân huyện.\n")
    assert _paths(doc) == ["I", "I.1", "I.2"]
    assert doc.sections[-1].heading == "Thường trực Hội đồng nhân dân huyện"


def test_points_in_vietnamese_order() -> None:
    doc = _text_doc("Điều 2. Đối tượng áp dụng\n1. Các cơ quan sau:\na) Văn phòng;\nb) Bộ;\nc) Tòa án;\n"
                    "d) Viện;\nđ) Hội đồng nhân dân;\ne) Đơn vị sự nghiệp.\n2. Khoản hai.\n")
    assert _paths(doc) == ["Điều 2", "Điều 2.1", "Điều 2.1.a", "Điều 2.1.b", "Điều 2.1.c", "Điều 2.1.d", "Điều 2.1.đ",
                           "Điều 2.1.e", "Điều 2.2"]


def test_points_without_dd_and_inserted_units() -> None:
    doc = _text_doc("Điều 10. Một\n1. Khoản.\na) A.\na1) Điểm chèn.\nb) B.\nd) D.\ne) E không có đ.\n"
                    "Điều 10a. Điều chèn\nNội dung.\nĐiều 11. Hai\nNội dung.\n")
    assert _paths(doc) == ["Điều 10", "Điều 10.1", "Điều 10.1.a", "Điều 10.1.a1", "Điều 10.1.b", "Điều 10a", "Điều 11"]
    # d) does not follow b): it stays text of b); e) then follows nothing either.


def test_quoted_units_are_not_headings() -> None:
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số 43/2025/TT-BCT\n"
            "1. Sửa đổi, bổ sung Điều 5 như sau:\n"
            "“Điều 5. Trách nhiệm của Sở\n1. Sở chủ trì.\n2. Sở báo cáo.”\n"
            "2. Bổ sung khoản 6 vào Điều 8 như sau:\n“6. Kiểm tra định kỳ.”\n"
            "Điều 2. Hiệu lực thi hành\nThông tư này có hiệu lực./.\n")
    doc = _text_doc(text)
    assert _paths(doc) == ["Điều 1", "Điều 1.1", "Điều 1.2", "Điều 2"]
    assert not tree_problems(doc)


def test_mentions_and_wrapped_lines_are_not_headings() -> None:
    doc = _text_doc("1. Theo quy định tại\nĐiều 5 được sửa đổi, bổ sung như sau.\n"
                    "2. Tiếp tục v.v.\nv.v. và các nội dung khác.\nPhụ lục 2 kèm theo Chương trình hành động.\n"
                    "- Dấu gạch không phải mục:\n+ Dấu cộng cũng không.\n")
    assert _paths(doc) == ["1", "2"]


def test_list_under_a_bullet_belongs_to_the_bullet() -> None:
    doc = _text_doc("1. Thống nhất.\n2. Giao Đảng ủy Chính phủ lãnh đạo:\n- Triển khai theo nguyên tắc sau:\n"
                    "(1) Trung ương quản lý.\n(2) Đẩy mạnh phân cấp.\n3. Giao Đảng ủy Quốc hội.\n")
    assert _paths(doc) == ["1", "2", "3"]


def test_party_numbering_and_split_headings() -> None:
    doc = _text_doc("KẾT LUẬN\nvề một việc\nI- TÌNH HÌNH\n1- Kết quả.\n2- Hạn chế.\nII- NHIỆM VỤ,\nGIẢI PHÁP\n1- Một.\n")
    assert _paths(doc) == ["I", "I.1", "I.2", "II", "II.1"]
    assert doc.sections[0].kind == "header"
    assert next(s for s in doc.sections if s.path == "II").heading == "NHIỆM VỤ, GIẢI PHÁP"


def test_chapter_label_on_its_own_line() -> None:
    doc = _text_doc("QUYẾT ĐỊNH\nCăn cứ Luật;\nChương\nI\n\nQUY ĐỊNH CHUNG\n\nĐiều 1.\nPhạm vi điều chỉnh\n\nNội dung.\n")
    assert _paths(doc) == ["Chương I", "Chương I.Điều 1"]
    assert [s.heading for s in doc.sections if s.kind == "body"] == ["QUY ĐỊNH CHUNG", "Phạm vi điều chỉnh"]


def test_decimal_outline_and_lower_roman() -> None:
    doc = _text_doc("II. MỤC TIÊU\n1. Mục tiêu chung\n2. Chỉ tiêu\n2.1. Về ngân sách.\n2.2. Về chất thải.\n"
                    "3. Kiến nghị: đề nghị Bộ:\n(i). Chỉ đạo Cục.\n(ii). Sửa đổi quy chuẩn.\n")
    assert _paths(doc) == ["II", "II.1", "II.2", "II.2.1", "II.2.2", "II.3", "II.3.i", "II.3.ii"]


def test_party_regulation_groups_articles_under_roman_headings() -> None:
    doc = _text_doc("QUY ĐỊNH\nvề phông lưu trữ\nI- QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\n"
                    "Nội dung.\nII- TỔ CHỨC THỰC HIỆN\nĐiều 3. Hiệu lực\nNội dung.\n")
    assert _paths(doc) == ["I", "I.Điều 1", "I.Điều 2", "II", "II.Điều 3"]


def test_markdown_bold_of_web_renderings() -> None:
    doc = _text_doc("QUYẾT ĐỊNH:\n**Điều\n\n1.** Thông qua phương án.\n**Điều 2. **Tổ chức thực hiện\n"
                    "1. Giao Sở Khoa học và Công nghệ.\n")
    assert _paths(doc) == ["Điều 1", "Điều 2", "Điều 2.1"]
    assert doc.sections[1].heading.startswith("Thông qua phương án")


def test_form_templates_are_not_appendices(corpus: Path) -> None:
    # TTLT 29/2025: the "PHỤ LỤC BÁO CÁO SỐ LIỆU NĂM" belongs to the report form Mẫu số 06B.
    doc = process_file(doc_path("vbpl_vn/TTLT-29-2025-TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC.txt"))
    assert not [s.path for s in doc.sections if s.kind == "appendix"]
    assert [s.path for s in doc.sections if s.level == 1 and s.kind == "body"] == ["Điều 1", "Điều 2", "Điều 3"]


def test_classify_labels() -> None:
    assert classify("Điều 10a. Trách nhiệm").label == "Điều 10a"
    assert classify("PHẦN THỨ NHẤT").label == "Phần thứ nhất"
    assert classify("Chương trình hành động quốc gia") is None
    assert classify("24-NQ/TW còn nguyên giá trị") is None
    assert classify("V/v đề xuất sớm tháo gỡ") is None
    assert classify("V/V CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ") is None
    assert classify("đ) Hội đồng nhân dân").label == "đ"


def test_sections_grow_linearly_with_the_text(corpus: Path) -> None:
    # Not a timing of this machine (speed is the benchmark's job): a megabyte must cost about
    # six times what its sixth costs, never the 36 times a pass quadratic in the text would.
    path = doc_path("laocai_skill_sct/ND-193-2025-ND-CP_DiaChatKhoangSan_excerpt.docx")
    text = document_from_text(ingest.read(path, path.read_bytes()).text).text
    body = text[: text.find("Nơi nhận")] if "Nơi nhận" in text else text
    copies = 1_000_000 // len(body) + 1

    def cost(n: int) -> tuple[float, Document]:
        best, doc = float("inf"), None
        for _ in range(2):
            doc = document_from_text("\n".join([body] * n))
            started = time.perf_counter()
            run(doc)
            best = min(best, time.perf_counter() - started)
        assert doc is not None
        return best, doc

    (small, _), (big, doc) = cost(max(1, copies // 6)), cost(copies)
    assert big < 15 * small, (small, big)
    assert not tree_problems(doc)


# --- the whole corpus ------------------------------------------------------------------------------


def _file_problems(path: Path) -> tuple[str, list[str]]:
    doc = process_file(path)
    # Any stage that failed on a real document is a bug, not an input problem.
    problems = tree_problems(doc) + [w for w in doc.warnings if "stage failed" in w]
    return str(path.relative_to(path.parents[1])), problems[:3]


def test_every_document_of_the_corpus_is_tiled(corpus: Path) -> None:
    files = [f for f in discover([corpus, ROOT / "corpus" / "seed"]) if not f.name.endswith((".gz", ".jsonl"))]
    assert len(files) > 100
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        failures = {name: problems for name, problems in pool.map(_file_problems, files) if problems}
    assert not failures
