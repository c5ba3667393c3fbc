"""Document identity (vanban.stages.identity): one key for a document and every mention of it."""

from __future__ import annotations

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.extract import document_from_text
from vanban.stages import identity
from vanban.stages.references import run as references

CHAIN = "laocai_skill_sct/index_only/"
CTR_104 = CHAIN + "CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt"
CV_2449 = CHAIN + "CV-2449-CV-DU_2026-09-07_DangUyUBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU.txt"
CV_9387 = CHAIN + "CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt"


@pytest.mark.parametrize("number,symbol,code", [
    ("28", "CT/TW", "28-CT/TW"),
    ("104 ", "CTr/Tu", "104-CTr/TU"),          # CV 9387 writes "104-CTr/Tu"
    ("30", "2020/ND-CP", "30/2020/NĐ-CP"),      # ASCII D for Đ
    ("19", "CT-TTG", "19/CT-TTg"),              # a title in capitals
    ("42", "2024/QH151", "42/2024/QH15"),       # a footnote mark glued by pdftotext
    ("47", "2024/TT\ufffeBGTVT", "47/2024/TT-BGTVT"),  # broken hyphen in a PDF text layer
    ("2449", "CV/DU", "2449-CV/ĐU"),            # OCR lost the stroke of Đ
    ("866", "QĐ-Tg", "866/QĐ-TTg"),
    ("66.15", "2026/NQ-CP", "66.15/2026/NQ-CP"),
])
def test_canonical_code(number: str, symbol: str, code: str) -> None:
    assert identity.canonical_code(number, symbol) == code


def test_legal_normative_codes_are_keys_by_themselves() -> None:
    assert identity.document_key("Nghị định", "30", "2020/NĐ-CP", "Chính phủ", "2020-03-05") == "30/2020/NĐ-CP"
    assert identity.document_key("Luật", "69", "2025/QH15", None, None) == "69/2025/QH15"


def test_local_party_codes_need_their_committee() -> None:
    ninh_thuan = identity.document_key("Kế hoạch", "273", "KH/TU", "Tỉnh ủy Ninh Thuận", "2024-02-20")
    lam_dong = identity.document_key("Kế hoạch", "273", "KH/TU", "Tỉnh ủy Lâm Đồng", "2024-02-20")
    assert ninh_thuan != lam_dong
    # The standing committee issues in the committee's series.
    assert identity.document_key(None, "273", "KH/TU", "Ban Thường vụ Tỉnh uỷ Ninh Thuận", None) == ninh_thuan
    # Central Party codes are one series nationwide, and Party keys carry no year.
    assert identity.document_key("Chỉ thị", "28", "CT/TW", "Bộ Chính trị", "2023-12-25") == "28-CT/TW"
    assert identity.document_key("Chỉ thị", "28", "CT/TW", None, None) == "28-CT/TW"


def test_state_administrative_codes_restart_every_year() -> None:
    a = identity.document_key("Kế hoạch", "200", "KH-UBND", "Ủy ban nhân dân tỉnh Lào Cai", "2026-05-05")
    b = identity.document_key("Kế hoạch", "200", "KH-UBND", "Ủy ban nhân dân tỉnh Lào Cai", "2025-05-05")
    c = identity.document_key("Kế hoạch", "200", "KH-UBND", "Ủy ban nhân dân tỉnh Bắc Ninh", "2026-05-05")
    assert len({a, b, c}) == 3
    assert identity.base_key(a) == "200/KH-UBND|ủy ban nhân dân tỉnh lào cai"
    assert identity.document_key("Quyết định", "1074", "QĐ-BXD", "Bộ Xây dựng", "2026-06-29") == "1074/QĐ-BXD|2026"


def test_a_blank_number_has_no_key() -> None:
    assert identity.document_key("Kế hoạch", None, "KH/HU", "Huyện ủy Bác Ái", "2024-03") is None
    assert process_file(doc_path("seed/KH-HU-BacAi-2024-03_CT28.txt")).key is None


def test_chain_documents_and_their_mentions_share_one_key(corpus) -> None:
    ctr = process_file(doc_path(CTR_104))
    cv_party = process_file(doc_path(CV_2449))
    cv_state = process_file(doc_path(CV_9387))
    assert ctr.key == "104-CTr/TU|tỉnh ủy lào cai"
    assert cv_party.key == "2449-CV/ĐU|đảng ủy ủy ban nhân dân tỉnh lào cai"
    targets_2449 = {r.target for r in cv_party.references if r.code == "104-CTr/TU"}
    targets_9387 = {r.target for r in cv_state.references if r.code == "104-CTr/TU"}
    assert targets_2449 == targets_9387 == {ctr.key}
    assert {r.target for r in cv_state.references if r.code == "2449-CV/ĐU"} == {cv_party.key}
    # KL 75 is in the corpus as an OCR text whose header gives its number.
    kl = process_file(doc_path(CHAIN + "KL-75-KL-TW_2026-07-28_BCHTW_BVMT-BDKH_OCR.txt"))
    assert {r.target for r in ctr.references if r.code == "75-KL/TW"} == {kl.key} == {"75-KL/TW"}


def test_same_code_other_province_is_another_document() -> None:
    """'Kế hoạch số 273-KH/TU … của Ban Thường vụ Tỉnh ủy' means the province of the citing text."""
    mention = "Thực hiện Kế hoạch số 273-KH/TU ngày 20/02/2024 của Ban Thường vụ Tỉnh ủy về trẻ em.\n"
    targets = []
    for province in ("Ninh Thuận", "Lâm Đồng"):
        doc = document_from_text(mention)
        doc.issuer, doc.parent_issuer = "Huyện ủy X", f"Đảng bộ tỉnh {province}"
        targets.append(references(doc).references[0].target)
    assert targets == ["273-KH/TU|tỉnh ủy ninh thuận", "273-KH/TU|tỉnh ủy lâm đồng"]


def test_a_code_printed_in_the_other_familys_form_keys_to_the_right_document() -> None:
    # KH 141 Bắc Ninh prints "Nghị quyết số 27/NQ- TW"; a Lào Cai draft prints "38-CT/TTg".
    assert identity.document_key(None, "27", "NQ-TW", None, "2022-11-09") == "27-NQ/TW"
    assert identity.document_key(None, "38", "CT/TTg", None, "2020-09-29") == identity.document_key(
        None, "38", "CT-TTg", None, "2020-09-29") == "38/CT-TTg|2020"


def test_a_department_letter_cited_by_the_same_department(corpus) -> None:
    cited = process_file(doc_path("laocai_skill_sct/CV-5141-SNNMT-KS_2025-12-29_LaoCai.txt"))
    citing = process_file(doc_path("laocai_skill_sct/CV-6795-SNNMT-KS_2026-07-17_LaoCai.txt"))
    assert cited.key == "5141/SNNMT-KS|sở nông nghiệp và môi trường tỉnh lào cai|2025"
    assert {r.target for r in citing.references if r.code == "5141/SNNMT-KS"} == {cited.key}


def test_misprinted_codes_take_their_familys_form() -> None:
    from vanban.stages.identity import canonical_code

    # "Nghị quyết số 27/NQ- TW" (KH 141/KH-UBND of Bắc Ninh) is the Party's 27-NQ/TW.
    assert canonical_code("27", "NQ- TW") == "27-NQ/TW"
    # "Chỉ thị số 38-CT/TTg" (the Lào Cai draft plan) is the Prime Minister's 38/CT-TTg.
    assert canonical_code("38", "CT/TTg") == "38/CT-TTg"
    assert canonical_code("273", "KH/TU") == "273-KH/TU"
    assert canonical_code("1074", "QĐ-BXD") == "1074/QĐ-BXD"
