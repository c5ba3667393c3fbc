"""Whole thuvienphapluat pages (../shared/corpus/tvpl_whole_pages/): the document inside the page
is read as if it stood alone; the site's own text leaves nothing behind.

The golden file (tests/golden/web_pages/tvpl_whole_pages.json) was checked by reading each page:
type and code from its "Số:" line (or the properties table where the page has no header), the
issuer from the header's left column, the date from the date line, the signer's name under the
signature, the top-level parts from the body's own numbering.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT
from vanban.extract import process_file
from vanban.ingest.text import decode_bytes
from vanban.ingest.webpage import find_page
from vanban.model import Document

PAGES = sorted((CORPUS / "tvpl_whole_pages").glob("*.md"))
GOLDEN = json.loads((ROOT / "tests" / "golden" / "web_pages" / "tvpl_whole_pages.json").read_text(encoding="utf-8"))
# What only the site writes: banner, translation notice, properties labels, related documents,
# the privacy notice (which cites Nghị định 13/2023/NĐ-CP), the login notice.
SITE_TEXT = ("THƯ VIỆN PHÁP LUẬT", "Đang tải văn bản", "Số hiệu:", "Loại văn bản:", "Văn bản liên quan",
             "Văn bản này chưa cập nhật", "Bảo vệ dữ liệu cá nhân", "Đăng xuất", "FILE ĐƯỢC ĐÍNH")


@cache
def _doc(path: Path) -> Document:
    return process_file(path)


def test_the_corpus_has_the_27_pages(corpus: Path) -> None:
    assert len(PAGES) == 27 and set(GOLDEN) == {p.name for p in PAGES}


@pytest.mark.parametrize("path", PAGES, ids=[p.name[:24] for p in PAGES])
def test_page_record_matches_golden(path: Path) -> None:
    doc = _doc(path)
    want = GOLDEN[path.name]
    got = {"doc_type": doc.doc_type, "code": doc.code, "issuer": doc.issuer, "date": doc.date,
           "signer": doc.signer.name if doc.signer else None,
           "top_sections": [s.path for s in doc.sections if s.level <= 1 and s.path not in ("header", "closing")]}
    assert got == want


@pytest.mark.parametrize("path", PAGES, ids=[p.name[:24] for p in PAGES])
def test_no_site_text_reaches_the_record(path: Path) -> None:
    doc = _doc(path)
    for marker in SITE_TEXT:
        assert marker not in doc.text, marker
    raw, _ = decode_bytes(path.read_bytes())
    page = find_page(raw)
    assert page is not None
    body = raw[page.body_start:page.body_end]
    # the privacy notice's Nghị định 13/2023/NĐ-CP is cited only where the document itself cites it
    cited = [r for r in doc.references if r.code == "13/2023/NĐ-CP"]
    assert bool(cited) == ("13/2023/NĐ-CP" in body)
    # every section, reference and assignment lies in the document's own text
    for span in [*doc.sections, *doc.references, *doc.assignments]:
        assert 0 <= span.start <= span.end <= len(doc.text)
    assert not any(a.agency and "Thư viện Pháp luật" in a.agency for a in doc.assignments)


@pytest.mark.parametrize("path", PAGES, ids=[p.name[:24] for p in PAGES])
def test_body_offsets_lead_back_to_the_file(path: Path) -> None:
    raw, _ = decode_bytes(path.read_bytes())
    record = _doc(path).to_record()
    web = record["web_page"]
    body = raw[web["body_start"]:web["body_end"]]
    # the document's own number line is in the body, unless the page shows no header at all
    assert (record["code"] or "").split("/")[0] in body or "code" in web["filled"]
    assert "Đang tải văn bản" not in body and "Văn bản liên quan" not in body
    assert web["properties"]["code"]  # the properties table was read


def test_properties_fill_a_missing_header() -> None:
    # 171/CV-BCĐ: the page shows no header, the body opens at "Kính gửi"
    doc = _doc(CORPUS / "tvpl_whole_pages" / "CV-171-CV-BCD_65c9ecb9e2fa82c1.md")
    assert doc.text.startswith("Kính gửi:")
    assert (doc.doc_type, doc.code, doc.date) == ("Công văn", "171/CV-BCĐ", "2025-11-21")
    assert set(doc.layout["web_page"]["filled"]) >= {"doc_type", "code", "issuer", "date"}


def test_a_page_header_wins_over_the_site_properties() -> None:
    # the site says "Tỉnh Bắc Giang"; the document's own header says TỈNH BẮC NINH
    doc = _doc(CORPUS / "tvpl_whole_pages" / "QD-451-QD-UBND_e452177a27361c26.md")
    assert doc.layout["web_page"]["properties"]["issuer"] == "Tỉnh Bắc Giang"
    assert doc.issuer == "Ủy ban nhân dân tỉnh Bắc Ninh"


@pytest.mark.parametrize("name", ["QD-2536-QD-TTg_71ce6a1744e0ae6c.md", "NQ-58-2025-NQ-HDND_7650ecce3d20626b.md",
                                  "CV-171-CV-BCD_65c9ecb9e2fa82c1.md", "TB-637-TB-VPCP_75a0867a09525909.md"])
def test_saved_whole_and_saved_clean_give_one_record(name: str, tmp_path: Path) -> None:
    """The corpus holds no clean twin of these pages: the clean save is the document cut out
    of the page (what "save the document only" gives). Same record, but for the fields the
    site's properties table filled on the whole page."""
    path = CORPUS / "tvpl_whole_pages" / name
    whole = _doc(path)
    raw, _ = decode_bytes(path.read_bytes())
    page = find_page(raw)
    assert page is not None
    clean_path = tmp_path / name
    clean_path.write_text(raw[page.body_start:page.body_end], encoding="utf-8")
    clean = process_file(clean_path)
    a, b = whole.to_record(), clean.to_record()
    filled = set(whole.layout["web_page"]["filled"])
    if "code" in filled:
        filled |= {"number", "symbol", "key"}
    if "doc_type" in filled:
        # what a collective is told follows the document's type (a letter's or a dispatch's collectives
        # carry it out: assignment_cues.json collective_implements): the same entries, roles aside
        for record in (a, b):
            record["assignments"] = [{k: v for k, v in x.items() if k != "role"} for x in record["assignments"]]
    for key in set(a) - {"id", "source", "sha256", "web_page"} - filled:
        assert a[key] == b[key], key


def test_markdown_emphasis_on_real_pages() -> None:
    # "*Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*": an italic preamble line is based_on
    nq = _doc(CORPUS / "tvpl_whole_pages" / "NQ-58-2025-NQ-HDND_7650ecce3d20626b.md")
    assert any(r.code == "72/2025/QH15" and r.relation == "based_on" for r in nq.references)
    # "**1. Về tổ chức thực hiện chức năng …**" wrapped over two lines: a section with its heading
    cv = _doc(CORPUS / "tvpl_whole_pages" / "CV-171-CV-BCD_65c9ecb9e2fa82c1.md")
    first = next(s for s in cv.sections if s.path == "1")
    assert first.heading.startswith("Về tổ chức thực hiện chức năng")
    # "**Điều 2. **Đại học …": the bold label with its space inside the emphasis
    qd = _doc(CORPUS / "tvpl_whole_pages" / "QD-2536-QD-TTg_71ce6a1744e0ae6c.md")
    assert any(s.label == "Điều 2" for s in qd.sections)


def test_a_name_wrapped_in_its_signature_cell() -> None:
    # "PHÓ CHỦ TỊCH" / "**Trần" / "Chí Hùng**"
    doc = _doc(CORPUS / "tvpl_whole_pages" / "QD-2533-QD-UBND_fe1e8de161e04a1e.md")
    assert doc.signer is not None and doc.signer.name == "Trần Chí Hùng"
