"""The agency gazetteer (pipeline/data/agencies.json) and locality resolution, on real documents."""

from __future__ import annotations

import re

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.rules import load_rules
from vanban.stages.agencies import Locality, aliases_seen, canonical, find_mentions, gazetteer, locality_of
from vanban.text.normalize import fold

ENTRIES = load_rules("agencies")["entries"]
LAO_CAI = Locality(province="Lào Cai")
BAC_AI = Locality(province="Ninh Thuận", district="Bác Ái")


def _base(template: str) -> str:
    return re.sub(r"\s*\{[A-Z]+\}", "", template).strip()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_entry_matches_its_examples(entry: dict) -> None:
    assert entry["examples"], entry["name"]
    for example in entry["examples"]:
        found = find_mentions(example, BAC_AI)
        assert found, f"{entry['name']}: nothing found in {example!r}"
        assert found[0].start == 0, (example, found)
        base = fold(_base(entry["name"]))
        words = [w for w in base.split() if w not in ("tỉnh", "thành", "huyện", "ủy")]
        assert all(w in fold(found[0].agency) for w in words[:2]), (example, found[0].agency)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["scope"] != "unit"], ids=lambda e: e["name"])
def test_aliases_resolve_to_one_canonical_name(entry: dict) -> None:
    names = {canonical_at(alias) for alias in entry["aliases"]}
    names.discard(None)
    assert len(names) == 1, (entry["name"], names)


def canonical_at(alias: str) -> str | None:
    found = find_mentions(alias, LAO_CAI)
    return found[0].agency if found and found[0].end == len(alias) else None


def test_abbreviations_expand() -> None:
    assert canonical_at("UBND tỉnh") == "Ủy ban nhân dân tỉnh Lào Cai"
    assert canonical_at("Sở GD&ĐT") == "Sở Giáo dục và Đào tạo tỉnh Lào Cai"
    assert canonical_at("Sở LĐ-TB&XH") == "Sở Lao động - Thương binh và Xã hội tỉnh Lào Cai"
    assert canonical_at("BCH Quân sự tỉnh") == "Bộ Chỉ huy Quân sự tỉnh Lào Cai"
    assert canonical_at("MTTQ") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai"
    assert canonical_at("HĐND tỉnh") == "Hội đồng nhân dân tỉnh Lào Cai"


def test_tone_placement_and_case_do_not_matter() -> None:
    assert canonical_at("Uỷ ban nhân dân tỉnh") == canonical_at("Ủy ban nhân dân tỉnh")
    assert canonical_at("SỞ Y TẾ") == "Sở Y tế tỉnh Lào Cai"


def test_lowercase_words_are_not_names() -> None:
    # "cơ sở y tế" is a clinic, not the department
    assert all(m.agency != "Sở Y tế tỉnh Lào Cai" for m in find_mentions("các cơ sở y tế trên địa bàn", LAO_CAI)
               if m.text.startswith("sở"))


def test_organs_join_the_body_after_them() -> None:
    assert canonical("Ban Tuyên giáo Huyện ủy") is not None
    found = find_mentions("Giám đốc Sở Công Thương tỉnh Lào Cai", LAO_CAI)
    assert [m.agency for m in found] == ["Giám đốc Sở Công Thương tỉnh Lào Cai"]
    found = find_mentions("Thủ trưởng các sở, ban, ngành tỉnh", Locality(province="Đắk Lắk"))
    assert [m.agency for m in found] == ["Thủ trưởng các sở, ban, ngành tỉnh Đắk Lắk"]


def test_explicit_locality_wins() -> None:
    found = find_mentions("phối hợp với Ủy ban nhân dân xã Văn Bàn", LAO_CAI)
    assert [m.agency for m in found] == ["Ủy ban nhân dân xã Văn Bàn"]
    found = find_mentions("Sở Y tế tỉnh Bắc Ninh", LAO_CAI)
    assert [m.agency for m in found] == ["Sở Y tế tỉnh Bắc Ninh"]


def test_collectives() -> None:
    names = [m.agency for m in find_mentions("UBND các xã, phường; các sở, ban, ngành thuộc tỉnh; Các bộ, ngành", LAO_CAI)]
    assert names == ["Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "Các sở, ban, ngành tỉnh Lào Cai", "Các bộ, ngành"]


def test_enumerated_ministries() -> None:
    names = [m.agency for m in find_mentions("6. Các Bộ: Giáo dục và Đào tạo, Y tế, Văn hóa, Thể thao và Du lịch theo chức năng")]
    assert names == ["Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Văn hóa, Thể thao và Du lịch"]


def test_seed_locality_and_names(corpus) -> None:
    doc = process_file(doc_path("seed/KH-HU-BacAi-2024-03_CT28.txt"))
    loc = locality_of(doc)
    assert (loc.province, loc.district) == ("Ninh Thuận", "Bác Ái")
    names = {m.agency for m in find_mentions(doc.text, loc)}
    assert {"Ủy ban nhân dân huyện Bác Ái", "Ban Tuyên giáo Huyện ủy Bác Ái", "Đảng ủy các xã huyện Bác Ái",
            "Thường trực Hội đồng nhân dân huyện Bác Ái", "Ban Thường vụ Huyện ủy Bác Ái"} <= names


def test_can_tho_plan(corpus) -> None:
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-159-KH-UBND-2025-truyen-thong-giam-ngheo-da-chieu-Can-Tho.md"))
    loc = locality_of(doc)
    assert (loc.province, loc.province_kind) == ("Cần Thơ", "thành phố")
    assert canonical("Sở Y tế", doc) == "Sở Y tế thành phố Cần Thơ"


def test_lao_cai_letter(corpus) -> None:
    doc = process_file(doc_path("laocai_skill_sct/index_only/CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt"))
    assert canonical("Tỉnh ủy", doc) == "Tỉnh ủy Lào Cai"
    seen = aliases_seen([doc])
    assert {"Chủ tịch UBND tỉnh", "CT UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"} <= seen["Chủ tịch Ủy ban nhân dân tỉnh Lào Cai"]


def test_commune_notice(corpus) -> None:
    doc = process_file(doc_path("laocai_skill_sct/index_only/TB-831-TB-UBND_2026-08-06_UBNDPhuongCamDuong_LaoCai.txt"))
    loc = locality_of(doc)
    assert loc.commune == "Cam Đường" and loc.commune_kind == "phường"


def test_matcher_is_built_once() -> None:
    assert gazetteer() is gazetteer()


def test_titles() -> None:
    # a minister is his office, as the dev gold writes it ("Bộ trưởng Bộ Tài chính", NQ 386/NQ-CP;
    # GUIDE.md Decisions: a body and its head are different entries); "Lực lượng" + a body is the body
    assert [m.agency for m in find_mentions("Bộ trưởng Bộ Tư pháp")] == ["Bộ trưởng Bộ Tư pháp"]
    assert canonical_at("Lực lượng Công an tỉnh") == "Công an tỉnh Lào Cai"
    assert canonical_at("Chánh Văn phòng UBND tỉnh") == "Chánh Văn phòng Ủy ban nhân dân tỉnh Lào Cai"


def test_unit_lists_in_one_order() -> None:
    a = find_mentions("UBND phường, xã, đặc khu", Locality(province="Hồ Chí Minh", province_kind="thành phố"))
    b = find_mentions("Ủy ban nhân dân các xã, phường, đặc khu", Locality(province="Hồ Chí Minh", province_kind="thành phố"))
    assert [m.agency for m in a] == [m.agency for m in b] == ["Ủy ban nhân dân các xã, phường, đặc khu thành phố Hồ Chí Minh"]


def test_lower_case_party_committee_joins_its_organ() -> None:
    # HD 40-HD/BTGDVTW III.1-2
    names = [m.agency for m in find_mentions("văn phòng đảng ủy các ban, bộ, ngành; Ban Xây dựng Đảng đảng ủy xã, phường")]
    assert names == ["Văn phòng đảng ủy các ban, bộ, ngành", "Ban Xây dựng Đảng đảng ủy các xã, phường"]
    # on its own, a lower-case "đảng ủy" is a common noun, not an agency
    assert find_mentions("chỉ đạo các đảng ủy trực thuộc") == []


def test_distributed_organ_and_level() -> None:
    # KL 155-KL/TW 3: "Các Đảng uỷ Bộ Tài chính, Bộ Nội vụ khẩn trương …"
    assert [m.agency for m in find_mentions("- Các Đảng uỷ Bộ Tài chính, Bộ Nội vụ khẩn trương")] == \
        ["Đảng ủy Bộ Tài chính", "Đảng ủy Bộ Nội vụ"]
    # TTLT 29/2025 Điều 11a: "… Công an, Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh"
    assert [m.agency for m in find_mentions("Sở Tài chính, Công an, Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh gửi")] == \
        ["Sở Tài chính", "Công an cấp tỉnh", "Tòa án nhân dân cấp tỉnh", "Viện kiểm sát nhân dân cấp tỉnh"]


def test_commune_level_in_a_province_document() -> None:
    # GUIDE.md Decisions (consistency review): "UBND cấp xã" in a local document is the collective
    # "Ủy ban nhân dân các xã, phường"; QĐ 11/2026/QĐ-UBND Lào Cai writes "Công an cấp xã"
    assert canonical_at("UBND cấp xã") == "Ủy ban nhân dân các xã, phường tỉnh Lào Cai"
    assert canonical_at("Công an cấp xã") == "Công an các xã, phường tỉnh Lào Cai"
    # a central document keeps the generic name
    assert [m.agency for m in find_mentions("Ủy ban nhân dân cấp xã")] == ["Ủy ban nhân dân cấp xã"]


def test_provincial_media_takes_the_unit_word(corpus) -> None:
    # "Báo và Phát thanh, Truyền hình Bắc Ninh" (KH 141 Bắc Ninh): name plus the usual locality
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-141-KH-UBND-2025-nang-cao-nang-luc-can-bo-xay-dung-chinh-sach-phap-luat-Bac-Ninh.md"))
    names = {m.agency for m in find_mentions(doc.text, locality_of(doc))}
    assert "Báo và Phát thanh, Truyền hình tỉnh Bắc Ninh" in names
    assert "Báo và Phát thanh, Truyền hình Bắc Ninh" not in names


def test_organisations_and_individuals_at_large_are_not_agencies() -> None:
    # GUIDE.md Decisions: "Tổ chức, cá nhân (có liên quan)" alone is not an agency
    assert find_mentions("các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành", LAO_CAI) == []
    assert [m.agency for m in find_mentions("Các Bộ, cơ quan liên quan nghiên cứu")] == ["Các bộ, cơ quan liên quan"]


def test_organs_in_a_list_with_a_level() -> None:
    # NQ 66.15/2026/NQ-CP Điều 4.5: the level at the end of the list is every member's; "Ban của" is the
    # collective of the committees (dev gold: Các Ban của Hội đồng nhân dân các cấp)
    names = [m.agency for m in find_mentions("Hội đồng nhân dân, Ban của Hội đồng nhân dân, đại biểu Hội đồng nhân dân, "
                                             "Mặt trận Tổ quốc Việt Nam các cấp trong phạm vi nhiệm vụ")]
    assert names == ["Hội đồng nhân dân các cấp", "Các Ban của Hội đồng nhân dân các cấp", "Đại biểu Hội đồng nhân dân các cấp",
                     "Mặt trận Tổ quốc Việt Nam các cấp"]


def test_proper_names_keep_their_capitals_in_collectives() -> None:
    from vanban.rules import load_rules
    from vanban.stages.agencies import proper_names
    from vanban.text.normalize import fold_tones

    for lower, expected in load_rules("agencies")["proper_names"]["examples"].items():
        got = proper_names(fold_tones(lower))
        assert fold_tones(got[:1].upper() + got[1:]) == fold_tones(expected)


def test_the_national_cooperative_alliance_is_not_a_provinces() -> None:
    # NQ 380/NQ-CP (bulk vbpl): "Liên minh Hợp tác xã Việt Nam và Liên minh Hợp tác xã cấp tỉnh rà soát …"
    from vanban.stages.agencies import canonical

    assert canonical("Liên minh Hợp tác xã Việt Nam") == "Liên minh Hợp tác xã Việt Nam"


# --- agencies the gazetteer does not list: the grammar of agency names (agency_names.json) -----

def _open_examples(kind: str) -> list[dict]:
    from vanban.rules import load_rules

    return load_rules("agency_names")[kind]


@pytest.mark.parametrize("example", _open_examples("examples"), ids=lambda e: e["text"][:40])
def test_open_agency_names_examples(example: dict) -> None:
    """Every example sentence of the grammar gives its canonical name, with the locality of a
    document of its province (or none)."""
    loc = Locality(province=example["province"], province_kind=example.get("province_kind", "tỉnh")) if example["province"] else Locality()
    assert example["agency"] in [m.agency for m in find_mentions(example["text"], loc)]


@pytest.mark.parametrize("example", _open_examples("counter_examples"), ids=lambda e: e["text"][:40])
def test_open_agency_names_counter_examples(example: dict) -> None:
    """A tax, a case, a report, a meeting: head nouns that start no agency name."""
    assert find_mentions(example["text"], Locality()) == []


def test_open_names_do_not_override_the_gazetteer() -> None:
    # the gazetteer's canonical name wins over the grammar's reading of the same words …
    assert [m.agency for m in find_mentions("Sở GD&ĐT chủ trì", Locality(province="Lào Cai"))] == ["Sở Giáo dục và Đào tạo tỉnh Lào Cai"]
    # … an organ stays joined to its body, and a list is two names
    got = [m.agency for m in find_mentions("Ban Tuyên giáo Tỉnh ủy và Sở Văn hóa, Thể thao và Du lịch phối hợp",
                                           Locality(province="Lào Cai"))]
    assert got == ["Ban Tuyên giáo Tỉnh ủy Lào Cai", "Sở Văn hóa, Thể thao và Du lịch tỉnh Lào Cai"]
    # a predicate after a name the gazetteer lacks ends it ("Cục Hải quan trả lời …", CV 37563/CHQ-GSQL)
    assert [m.agency for m in find_mentions("Cục Hải quan trả lời Công ty như sau")] == ["Cục Hải quan"]


def test_a_name_does_not_run_on_into_the_next_line_or_the_next_body() -> None:
    # vbpl.vn's properties panel (bulk file vbpl_all_999, #241): "Cơ quan ban hành\nBộ Xây
    # dựng\nChức danh\nThứ trưởng": the gazetteer's name, not "Bộ Xây dựng Chức danh Thứ trưởng Người"
    panel = "Cơ quan ban hành\nBộ Xây dựng\nChức danh\nThứ trưởng\nNgười ký\nNguyễn Xuân Sang"
    assert [m.agency for m in find_mentions(panel)] == ["Bộ Xây dựng"]
    # QCVN 99:2025/BNNMT (#398): a comma before another head is two bodies, though "và" follows
    got = [m.agency for m in find_mentions("QCVN 99:2025/BNNMT do Cục Môi trường biên soạn, Vụ Khoa học và Công nghệ trình duyệt")]
    assert not any("," in a for a in got), got


def test_two_open_names_joined_by_and_are_two() -> None:
    got = [m.agency for m in find_mentions("Chi cục Thủy lợi và Chi cục Kiểm lâm tỉnh phối hợp", Locality(province="Lào Cai"))]
    assert got == ["Chi cục Thủy lợi tỉnh Lào Cai", "Chi cục Kiểm lâm tỉnh Lào Cai"]


@pytest.mark.parametrize("formula", load_rules("agencies")["formulas"],
                         ids=lambda f: f["name"])
def test_formulas_name_each_of_their_bodies(formula: dict) -> None:
    """"Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ" names three bodies at once."""
    for example in formula["examples"]:
        names = [m.agency for m in find_mentions(example, Locality())]
        assert all(n in names for n in formula["agencies"]), (example, names)
    for counter in formula.get("counter_examples", []):
        names = [m.agency for m in find_mentions(counter, Locality())]
        assert not all(n in names for n in formula["agencies"]), (counter, names)
