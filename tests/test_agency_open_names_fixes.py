"""Agency names users found cut, run on or split on real documents outside the gold test part
(review-newuser-1400.md, review-answers-1420.md): each expected name read in the document."""

from __future__ import annotations

import gzip
import json

from tests.conftest import doc_path
from vanban import process_file
from vanban.stages.agencies import Locality, find_mentions, locality_of

KH_179 = "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md"
VBPL_BULK = "vbpl_vn/vbpl_all_999_extracted.jsonl.gz"


def _bulk_text(line: int) -> str:
    with gzip.open(doc_path(VBPL_BULK), "rt", encoding="utf-8") as fh:
        for i, row in enumerate(fh, 1):
            if i == line:
                return str(json.loads(row)["text"])
    raise AssertionError(f"no line {line}")


def _names_around(text: str, phrase: str, loc: Locality, width: int = 200) -> list[str]:
    at = text.index(phrase)
    return [m.agency for m in find_mentions(text, loc, at, min(len(text), at + width))]


def test_a_centre_named_for_information_technology_keeps_its_last_words(corpus) -> None:
    # TT 46/2025/TT-BKHCN (vbpl bulk line 413): "2. Trung tâm Công nghệ thông tin chủ trì, phối
    # hợp với Văn phòng Bộ …": 'thông tin' is the centre's, not the clause's
    text = _bulk_text(413)
    names = _names_around(text, "2. Trung tâm Công nghệ thông tin chủ trì", Locality(), 60)
    assert names[0] == "Trung tâm Công nghệ thông tin"


def test_a_department_name_does_not_run_into_the_verb_after_it(corpus) -> None:
    # vbpl bulk line 301 (Bộ NN&MT's rules on endangered species): "Cục Lâm nghiệp và Kiểm lâm
    # dịch, công bố trên Cổng thông tin điện tử …": 'dịch' (translates) is the verb
    text = _bulk_text(301)
    names = _names_around(text, "Cục Lâm nghiệp và Kiểm lâm dịch", Locality(), 40)
    assert names == ["Cục Lâm nghiệp và Kiểm lâm"]


def test_names_of_the_dong_nai_digital_economy_plan(corpus) -> None:
    doc = process_file(doc_path(KH_179))
    loc = locality_of(doc)
    # "**8. Ngân hàng nhà nước Việt\nNam - Chi nhánh Khu vực II:** Chủ trì …": one regional branch
    assert _names_around(doc.text, "8. Ngân hàng nhà nước Việt", loc, 60) == ["Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II"]
    # "gửi về Sở Khoa học Công nghệ để tổng hợp": the department without its "và"
    assert _names_around(doc.text, "Sở Khoa học Công nghệ để", loc, 30) == ["Sở Khoa học và Công nghệ tỉnh Đồng Nai"]
    # a table cell "Ban Quản lý các Khu công nghiệp khu kinh tế, Sở …": the board of both
    assert _names_around(doc.text, "Ban Quản lý các Khu công nghiệp khu kinh tế", loc, 45) == \
        ["Ban Quản lý các khu công nghiệp, khu kinh tế tỉnh Đồng Nai"]
    # "Các sở, ban, ngành; UBND các phường xã": the communes and wards without a comma
    names = _names_around(doc.text, "Các sở, ban, ngành; UBND các phường xã", loc, 40)
    assert "Ủy ban nhân dân các xã, phường tỉnh Đồng Nai" in names


def test_the_land_registration_office_and_its_branch(corpus) -> None:
    # QĐ 88/2025/QĐ-UBND Lai Châu (dev): the regulation on the cooperation "giữa Văn phòng đăng ký
    # đất đai, Chi nhánh Văn phòng đăng ký đất đai với Ủy ban nhân dân cấp xã"
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Quyet-dinh-88-2025-QD-UBND-quy-che-phoi-hop-Van-phong-Dang-ky-dat-dai-voi-Uy-ban-xa-Lai-Chau.md"))
    names = {m.agency for m in find_mentions(doc.text, locality_of(doc))}
    assert {"Văn phòng đăng ký đất đai tỉnh Lai Châu", "Chi nhánh Văn phòng đăng ký đất đai tỉnh Lai Châu"} <= names


def test_related_after_the_persons_belongs_to_the_bodies_too(corpus) -> None:
    # QĐ 11/2026/QĐ-UBND Lào Cai, closing article: "Thủ trưởng các cơ quan, đơn vị và các tổ
    # chức, cá nhân có liên quan chịu trách nhiệm thi hành" (GUIDE.md: only the heads of the
    # related bodies are an agency)
    doc = process_file(doc_path("laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt"))
    names = _names_around(doc.text, "Thủ trưởng các cơ quan, đơn vị và các tổ", locality_of(doc), 80)
    assert names == ["Thủ trưởng các cơ quan, đơn vị có liên quan tỉnh Lào Cai"]
