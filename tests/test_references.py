"""References (vanban.stages.references) on real documents; hand-made strings only for edge cases."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.extract import discover, document_from_text
from vanban.rules import load_rules
from vanban.stages.references import expand, grammar, run

PRIORITY = ("amends", "repeals", "replaces", "guides", "implements", "based_on", "cites")
SEED = "seed/KH-HU-BacAi-2024-03_CT28.txt"
CHAIN = "laocai_skill_sct/index_only/"


def strongest(refs) -> dict[str, str]:
    """code -> strongest relation, the way the gold counts references."""
    best: dict[str, str] = {}
    for r in refs:
        if r.code and (r.code not in best or PRIORITY.index(r.relation) < PRIORITY.index(best[r.code])):
            best[r.code] = r.relation
    return best


def refs_of(text: str, **meta: str):
    doc = document_from_text(text)
    for k, v in meta.items():
        setattr(doc, k, v)
    return run(doc).references


# --- the grammar is data that matches its own examples --------------------------------------------


@pytest.mark.parametrize("rule", [r for r in load_rules("citations")["rules"] if "template" in r], ids=lambda r: r["name"])
def test_template_rules_match_their_examples(rule: dict) -> None:
    pattern = grammar()[rule["name"]]
    for example in rule["examples"]:
        assert pattern.search(example), f"{rule['name']} misses {example!r}"
    for counter in rule.get("counter_examples", []):
        assert not pattern.search(counter), f"{rule['name']} matches {counter!r}"


def test_templates_name_only_known_fragments() -> None:
    frags = {r["name"]: r.get("pattern", "") for r in load_rules("citations")["rules"]}
    frags.update(type_word="x", type_word_cap="x")
    for r in load_rules("citations")["rules"]:
        if "template" in r:
            assert not re.search(r"\{[a-z_]+\}", expand(r["template"], frags)), r["name"]


# --- the seed ---------------------------------------------------------------------------------------


def test_seed_implements_two_documents_and_cites_six_programmes() -> None:
    doc = process_file(doc_path(SEED))
    assert strongest(doc.references) == {"28-CT/TW": "implements", "273-KH/TU": "implements"}
    named = {r.name for r in doc.references if r.code is None}
    assert {re.sub(r"\s*-\s*", "-", n) for n in named} == {
        "Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030",
        "Chiến lược quốc gia về dinh dưỡng giai đoạn 2021-2030 và tầm nhìn đến năm 2045",
        "Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021-2030",
        "Chương trình can thiệp giảm tử vong trẻ em dưới năm 5 tuổi đến năm 2030",
        "Chương trình phòng ngừa, giảm thiểu trẻ em lao động trái quy định của pháp luật giai đoạn 2021-2025, định hướng đến năm 2030",
        "Chương trình chăm sóc sức khỏe tâm thần trẻ em, chăm sóc trẻ em mồ côi giai đoạn 2023-2030",
    }
    assert all(r.relation == "cites" and r.target and r.target.startswith("name:") for r in doc.references if r.code is None)


def test_seed_mentions_are_typed_dated_and_resolved() -> None:
    doc = process_file(doc_path(SEED))
    ct = [r for r in doc.references if r.code == "28-CT/TW"]
    kh = [r for r in doc.references if r.code == "273-KH/TU"]
    assert len(ct) >= 4 and len(kh) >= 3  # one reference per mention
    first = kh[0]
    assert first.doc_type == "Kế hoạch" and first.date == "2024-02-20"
    assert first.issuer == "Ban Thường vụ Tỉnh ủy Ninh Thuận"  # "Tỉnh uỷ" of a Ninh Thuận plan
    assert {r.target for r in kh} == {"273-KH/TU|tỉnh ủy ninh thuận"}
    assert ct[0].issuer == "Bộ Chính trị" and ct[0].date == "2023-12-25"
    # "Kế hoạch số 273- KH/TU" (a space after the hyphen) is the same document.
    assert any(r.text.startswith("Kế hoạch số 273- KH/TU") for r in kh)
    for r in doc.references:
        assert doc.text[r.start:r.end] == r.text
        assert r.section == doc.section_at(r.start)
    # "Kế hoạch này" is the plan itself, never a reference.
    assert not any("này" in r.text for r in doc.references)


# --- state documents: Căn cứ lines, amendments, odd characters -----------------------------------------


def test_decree_basis_lines(corpus) -> None:
    doc = process_file(doc_path("vbpl_vn/ND-27-2026-ND-CP_CSDL-CanBoCongChuc.txt"))
    best = strongest(doc.references)
    for code in ("63/2025/QH15", "80/2025/QH15", "129/2025/QH15", "05/2011/QH13", "117/2025/QH15"):
        assert best[code] == "based_on"
    law = next(r for r in doc.references if r.code == "80/2025/QH15")
    assert law.name == "Luật Cán bộ, công chức" and law.doc_type == "Luật" and law.issuer == "Quốc hội"
    assert doc.key == "27/2026/NĐ-CP" and "27/2026/NĐ-CP" not in best


def test_amending_decree_and_circular(corpus) -> None:
    nd = strongest(process_file(doc_path("vbpl_vn/ND-359-2025-ND-CP_SuaDoiND181-2025.txt")).references)
    assert nd["181/2025/NĐ-CP"] == "amends" and nd["90/2025/QH15"] == "based_on"
    tt = strongest(process_file(doc_path("vbpl_vn/TT-156-2025-TT-BTC_SuaDoiTT199-2016.txt")).references)
    assert tt["199/2016/TT-BTC"] == "amends" and tt["36/2022/TT-BTC"] == "repeals"
    # "… được sửa đổi, bổ sung bởi Nghị định số 91/2022/NĐ-CP" inside a Căn cứ line is a basis too.
    assert tt["91/2022/NĐ-CP"] == "based_on"


def test_circulars_guide_the_decrees_of_the_chemicals_law(corpus) -> None:
    tt01 = strongest(process_file(doc_path("laocai_skill_sct/TT-01-2026-TT-BCT_HuongDanND26-2026.docx")).references)
    tt02 = strongest(process_file(doc_path("laocai_skill_sct/TT-02-2026-TT-BCT_BienPhapThiHanhND25-2026.docx")).references)
    assert tt01["26/2026/NĐ-CP"] == "guides" and tt02["25/2026/NĐ-CP"] == "guides"
    assert tt01["69/2025/QH15"] in ("based_on", "guides")


def test_odd_characters_in_codes(corpus) -> None:
    doc = process_file(doc_path("laocai_skill_sct/CV-3686-UBND-XD_2026_LaoCai_kien-nghi-BXD.pdf"))
    codes = {r.code for r in doc.references}
    # "Luật số 42/2024/QH151" (footnote 1 glued), "TT\ufffeBGTVT", "QCVN122:2024/BGTVT"
    assert {"42/2024/QH15", "47/2024/TT-BGTVT", "48/2024/TT-BGTVT", "105/2025/NĐ-CP", "787/C06-P3",
            "6686/ĐKVN-VAQ", "1570/ĐKVN-PTGTĐB"} <= codes
    assert any(c and c.replace(" ", "") == "QCVN122:2024/BGTVT" for c in codes)
    assert not any(c and re.search(r"QH15\d|CP\d$", c) for c in codes)


def test_forms_are_not_documents(corpus) -> None:
    doc = process_file(doc_path("vbpl_vn/TT-06-2026-TT-BTC_CyrillicC-in-symbol.txt"))
    assert not any(r.code and "SHTT" in r.code for r in doc.references)  # "Mẫu số 05-TT/SHTT/2020"
    best = strongest(doc.references)
    assert best["13/2015/TT-BTC"] == "amends" and best["13/2020/TT-BTC"] == "amends"


# --- the Lào Cai chain -------------------------------------------------------------------------------------


def test_lao_cai_letter_with_typos(corpus) -> None:
    doc = process_file(doc_path(CHAIN + "CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt"))
    assert strongest(doc.references) == {"104-CTr/TU": "implements", "2449-CV/ĐU": "implements"}
    ctr = next(r for r in doc.references if r.code == "104-CTr/TU")
    assert ctr.text.startswith("Chương trình hành độ số 104-CTr/Tu")  # as written
    assert ctr.doc_type == "Chương trình" and ctr.date == "2026-08-30" and ctr.issuer == "Tỉnh ủy Lào Cai"
    cv = next(r for r in doc.references if r.code == "2449-CV/ĐU")
    assert cv.issuer == "Đảng ủy Ủy ban nhân dân tỉnh Lào Cai" and cv.doc_type == "Công văn"


def test_party_letter_and_programme(corpus) -> None:
    cv = process_file(doc_path(CHAIN + "CV-2449-CV-DU_2026-09-07_DangUyUBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU.txt"))
    assert strongest(cv.references) == {"104-CTr/TU": "implements", "75-KL/TW": "implements", "31-CTr/TW": "implements"}
    ctr = process_file(doc_path(CHAIN + "CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt"))
    best = strongest(ctr.references)
    assert best["75-KL/TW"] == "implements" and best["31-CTr/TW"] == "implements"
    assert "104-CTr/TU" not in best  # its own "Số 104 -CTr/TU"


def test_party_list_of_numbers(corpus) -> None:
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Huong-dan-45-HD-BTCTW-2025-noi-dung-Quy-dinh-377-QD-TW-phan-cap-quan-ly-can-bo.md"))
    listed = [r for r in doc.references if r.text.startswith("Kết luận số 187, 188- KL/TW")]
    assert {r.code for r in listed} == {"187-KL/TW", "188-KL/TW"}
    assert all(r.date == "2025-08-29" and r.issuer == "Bộ Chính trị" for r in listed)


# --- edge cases (hand-made strings) -------------------------------------------------------------------------


def test_list_of_decrees_shares_the_symbol() -> None:
    refs = refs_of("Căn cứ các Nghị định số 24, 25 và 26/2026/NĐ-CP ngày 17/01/2026 của Chính phủ;\n")
    assert [r.code for r in refs] == ["24/2026/NĐ-CP", "25/2026/NĐ-CP", "26/2026/NĐ-CP"]
    assert {r.relation for r in refs} == {"based_on"} and {r.doc_type for r in refs} == {"Nghị định"}
    assert {r.date for r in refs} == {"2026-01-17"}


def test_short_forms_resolve_to_the_full_mention() -> None:
    text = ("Thực hiện Nghị định số 24/2026/NĐ-CP ngày 17 tháng 01 năm 2026 của Chính phủ.\n"
            "Các sở triển khai Nghị định 24 và báo cáo. Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị "
            "được quán triệt; Chỉ thị nêu trên và Chỉ thị 28 là căn cứ.\n")
    refs = refs_of(text)
    short = [r for r in refs if r.text in ("Nghị định 24", "Chỉ thị nêu trên", "Chỉ thị 28")]
    assert len(short) == 3
    assert {r.code for r in short} == {"24/2026/NĐ-CP", "28-CT/TW"}
    assert all(r.target == (r.code if r.code.endswith("CP") else "28-CT/TW") for r in short)
    assert next(r for r in short if r.text == "Nghị định 24").date == "2026-01-17"


def test_codes_written_with_spaces_and_colons() -> None:
    refs = refs_of("Căn cứ Công văn số: 7432 /UBND-XD ngày 05/3/2026 của UBND tỉnh; Công văn số 8388/BTC-QLCS "
                   "ngày 20/5/2026 của Bộ Tài chính.\n", issuer="Ủy ban nhân dân tỉnh Lào Cai")
    assert [r.code for r in refs] == ["7432/UBND-XD", "8388/BTC-QLCS"]
    assert refs[0].issuer == "Ủy ban nhân dân tỉnh Lào Cai" and refs[1].issuer == "Bộ Tài chính"
    assert refs[0].target == "7432/UBND-XD|ủy ban nhân dân tỉnh lào cai|2026"


def test_law_by_name_and_number_and_named_only() -> None:
    refs = refs_of("Căn cứ Luật Hóa chất số 69/2025/QH15;\nCăn cứ Luật số 90/2025/QH15;\n"
                   "Các dự án thực hiện theo Luật Đầu tư công và Luật Hóa chất.\n")
    by_code = {r.code: r for r in refs if r.code}
    assert by_code["69/2025/QH15"].name == "Luật Hóa chất" and by_code["90/2025/QH15"].doc_type == "Luật"
    named = [r for r in refs if r.code is None]
    assert [r.name for r in named] == ["Luật Đầu tư công"] and named[0].target == "name:luật đầu tư công"
    # The unnumbered "Luật Hóa chất" is the law cited with its number above.
    assert [r.code for r in refs if r.text == "Luật Hóa chất"] == ["69/2025/QH15"]


def test_dates_in_words_and_party_dashes() -> None:
    refs = refs_of("Thực hiện Quyết định của Bộ Chính trị số 31-QĐ/TW, ngày 01-10-1997 và Quyết định số "
                   "1074/QĐ-BXD ngày 29 tháng 6 năm 2026 của Bộ Xây dựng.\n")
    assert [(r.code, r.date) for r in refs] == [("31-QĐ/TW", "1997-10-01"), ("1074/QĐ-BXD", "2026-06-29")]
    assert refs[1].target == "1074/QĐ-BXD|2026"


def test_joint_circular_code() -> None:
    refs = refs_of("Sửa đổi, bổ sung một số điều của Thông tư liên tịch số 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC.\n")
    assert refs[0].code == "10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC" and refs[0].doc_type == "Thông tư liên tịch"


def test_the_document_itself_is_not_a_reference() -> None:
    doc = document_from_text("Số: 141/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số 14-KH/TU.\n"
                             "Kế hoạch này thay thế Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh.\n"
                             "PHỤ LỤC\n(Kèm theo Kế hoạch số 141/KH-UBND ngày 20/11/2025 của UBND tỉnh)\n")
    doc.doc_type, doc.number, doc.symbol = "Kế hoạch", "141", "KH-UBND"
    doc.issuer, doc.date = "Ủy ban nhân dân tỉnh Bắc Ninh", "2025-11-20"
    refs = run(doc).references
    assert doc.key == "141/KH-UBND|ủy ban nhân dân tỉnh bắc ninh|2025"
    assert strongest(refs) == {"14-KH/TU": "implements", "24/KH-UBND": "replaces"}


def test_a_proposal_to_amend_is_not_an_amendment() -> None:
    refs = refs_of("Đề nghị Bộ Xây dựng sớm sửa đổi, bổ sung Thông tư số 47/2024/TT-BGTVT cho phù hợp.\n")
    assert refs[0].relation == "cites"


# --- speed ---------------------------------------------------------------------------------------------------


def test_references_grow_linearly_with_the_text(corpus) -> None:
    # Not a timing of this machine (speed is the benchmark's job): a megabyte must cost about
    # six times what its sixth costs, never the 36 times a pass quadratic in the text would.
    doc = process_file(doc_path("laocai_skill_sct/TT-01-2026-TT-BCT_HuongDanND26-2026.docx"))
    base = (doc.text * 6)[:1_000_000]

    def cost(text: str) -> tuple[float, int]:
        best, found = float("inf"), 0
        for _ in range(2):
            d = document_from_text(text)
            started = time.perf_counter()
            run(d)
            best, found = min(best, time.perf_counter() - started), len(d.references)
        return best, found

    (small, _), (big, found) = cost(base[: len(base) // 6]), cost(base)
    assert big < 15 * small, (small, big)
    assert found > 500


# --- chains across the corpus -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(corpus: Path) -> dict[str, dict[str, set[str]]]:
    """citing key -> target key -> relations, over the chain documents of SOURCES.md."""
    wanted = ("index_only/", "LUAT-69-", "ND-24-2026", "ND-25-2026", "ND-26-2026", "TT-01-2026-TT-BCT", "TT-02-2026-TT-BCT")
    edges: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    keys: dict[str, str] = {}
    for f in discover([corpus / "laocai_skill_sct"]):
        if not any(w in str(f) for w in wanted):
            continue
        doc = process_file(f)
        keys[f.name] = doc.key or ""
        for r in doc.references:
            if doc.key and r.target:
                edges[doc.key][r.target].add(r.relation)
    edges["_keys"] = keys  # type: ignore[assignment]
    return edges


def test_party_chain(graph) -> None:
    kl, ctr = "75-KL/TW", "104-CTr/TU|tỉnh ủy lào cai"
    cv_party, cv_state = "2449-CV/ĐU|đảng ủy ủy ban nhân dân tỉnh lào cai", "9387/UBND-KT|ủy ban nhân dân tỉnh lào cai|2026"
    assert set(graph["_keys"].values()) >= {kl, ctr, cv_party, cv_state}
    assert "implements" in graph[ctr][kl]
    assert "implements" in graph[ctr]["31-CTr/TW"]  # not in the corpus: a stub node
    assert "implements" in graph[cv_party][ctr]
    assert "implements" in graph[cv_state][ctr] and "implements" in graph[cv_state][cv_party]


def test_law_decree_circular_chain(graph) -> None:
    for decree in ("24/2026/NĐ-CP", "25/2026/NĐ-CP", "26/2026/NĐ-CP"):
        assert graph[decree]["69/2025/QH15"] & {"based_on", "guides"}, decree
    assert "guides" in graph["01/2026/TT-BCT"]["26/2026/NĐ-CP"]
    assert "guides" in graph["02/2026/TT-BCT"]["25/2026/NĐ-CP"]


def test_nq57_provincial_chain(corpus) -> None:
    """NQ 57-NQ/TW -> the province's Party plan -> the province's UBND plan, as far as the texts say."""
    hn = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-310-KH-UBND-2025-phat-trien-ha-tang-5G-IoT-trong-cac-khu-cong-nghiep-Ha-Noi-den-2030.md"))
    assert strongest(hn.references)["57-NQ/TW"] == "implements"
    assert {r.target for r in hn.references if r.code == "18-NQ/TU"} == {"18-NQ/TU|thành ủy hà nội"}
    dn = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md"))
    assert {r.target for r in dn.references if r.code == "469-KH/TU"} == {"469-KH/TU|tỉnh ủy đồng nai"}
    assert strongest(dn.references)["57-NQ/TW"] == "based_on"
    # The same resolution is one node wherever it is cited.
    bn = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-144-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Bac-Ninh-2026-2030.md"))
    assert {r.target for d in (hn, dn, bn) for r in d.references if r.code == "57-NQ/TW"} == {"57-NQ/TW"}


def test_documents_cited_inside_another_ones_description_are_only_cited(corpus) -> None:
    """CV 5973: '… thực hiện các nhiệm vụ theo Kế hoạch số 200/KH-UBND … của UBND tỉnh thực hiện
    Chương trình hành động số 39-CTr/TU … thực hiện Nghị quyết số 10-NQ/TW …; Kế hoạch số 218 …'."""
    doc = process_file(doc_path("laocai_skill_sct/CV-5973-UBND-KT_2026-06-11_LaoCai_tang-cuong-thanh-kiem-tra-KS.txt"))
    best = strongest(doc.references)
    # The opening "Thực hiện Văn bản số 4250/BNNMT-ĐCKS … và Văn bản số 4643/VPCP-CN …" is what
    # the letter carries out; the plans named inside a task bullet ("- Tập trung lãnh đạo, chỉ
    # đạo thực hiện các nhiệm vụ theo Kế hoạch số 200/KH-UBND …") are cited (GUIDE.md decisions).
    for code in ("4250/BNNMT-ĐCKS", "4643/VPCP-CN"):
        assert best[code] == "implements", code
    for code in ("200/KH-UBND", "218/KH-UBND", "39-CTr/TU", "10-NQ/TW", "11-CT/TU", "334/QĐ-TTg", "88/NQ-CP"):
        assert best[code] == "cites", code
    issuer = next(r.issuer for r in doc.references if r.code == "4250/BNNMT-ĐCKS")
    assert issuer == "Bộ Nông nghiệp và Môi trường"


def test_following_a_provision_is_not_implementing_the_document(corpus) -> None:
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Quyet-dinh-84-2025-QD-UBND-phan-cong-nhiem-vu-thuc-hien-quan-ly-nha-nuoc-ve-gia-Bac-Ninh.md"))
    assert strongest(doc.references)["29/2024/TT-BTC"] == "based_on"
