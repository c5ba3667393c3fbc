"""The unit words are held once (data/units.json): every list the stages used to keep of their
own is derived from it, and the derived lists still read the names they were written for."""

from __future__ import annotations

import pytest

from vanban.query.places import place_of_name
from vanban.rules import load_rules
from vanban.stages.references.context import LEVELS
from vanban.text import units


def test_each_level_has_its_default_word_first() -> None:
    assert [units.default_word(lv) for lv in units.LEVELS] == ["tỉnh", "huyện", "xã"]


def test_the_levels_of_units_and_committees() -> None:
    # the references' map (once citations.json "unit_levels"), in its order: a level's words, then its committees
    assert list(LEVELS.items()) == [
        ("tỉnh", "province"), ("thành phố", "province"), ("tỉnh ủy", "province"), ("thành ủy", "province"),
        ("huyện", "district"), ("quận", "district"), ("thị xã", "district"),
        ("huyện ủy", "district"), ("quận ủy", "district"), ("thị ủy", "district"),
        ("xã", "commune"), ("phường", "commune"), ("đặc khu", "commune"), ("thị trấn", "commune")]


def test_short_forms_and_spellings() -> None:
    assert units.short_forms() == ["tp."]
    assert units.short_forms(undotted=True) == ["tp.", "tp"]
    assert units.full_word("tp") == units.full_word("tp.") == "thành phố"
    assert units.spellings("tỉnh ủy") == ["tỉnh ủy", "tỉnh uỷ"]
    assert units.committee_of("thị xã") == "thị ủy" and units.unit_of_committee()["quận ủy"] == "quận"


def test_alternation_tries_the_longer_word_first() -> None:
    alt = units.alternation(["xã", "thị xã", "tỉnh", "tỉnh ủy"])
    assert alt.index("thị") < alt.index("|xã") and alt.index("tỉnh\\ ủy") < alt.index("|tỉnh")


def test_no_data_file_keeps_its_own_unit_list() -> None:
    # the lists that were copies of the units, gone from their files
    assert "unit_levels" not in load_rules("citations")
    assert "locality_levels" not in load_rules("header")
    assert not set(load_rules("agency_names")["locality_words"]["words"]) & set(units.words())
    assert "units" not in load_rules("agency_names")["function_words"]
    assert "words" not in load_rules("places")["city_units"]
    assert "place_levels" not in load_rules("question_words")
    assert not {r["name"] for r in load_rules("places")["rules"]} & {"province", "district", "commune"}


# the examples of places.json's unit rules, now derived from units.json (query.places._rules)
PLACES = [
    ("Sở Y tế tỉnh Lào Cai", "province"), ("Thành ủy Hà Nội", "province"), ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK", "province"),
    ("Đảng bộ tỉnh Ninh Thuận", "province"), ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "province"),
    ("Huyện ủy Bác Ái", "district"), ("Ủy ban nhân dân huyện Bác Ái", "district"), ("HUYỆN ỦY BÁC ÁI", "district"),
    ("Thị ủy Sa Pa", "district"),
    ("Ủy ban nhân dân xã Phước Đại", "commune"), ("Đảng ủy phường Cam Đường", "commune"), ("đặc khu Phú Quốc", "commune"),
    ("Ủy ban nhân dân cấp tỉnh", "province"), ("các sở, ngành cấp tỉnh", "province"),
    ("Ủy ban nhân dân cấp huyện", "district"), ("Ủy ban nhân dân cấp xã", "commune"),
    ("Chủ tịch Ủy ban nhân dân cấp xã", "commune"),
]


@pytest.mark.parametrize("name,level", [*PLACES, ("Thành phố Lào Cai", "district"), ("UBND TP. Hà Nội", "province")])
def test_places_reads_the_unit_words_of_units_json(name: str, level: str) -> None:
    # a city that is no province ("Thành phố Lào Cai") is a district-level unit: the city's
    # unit words are the centrally-run kind's, with its committee and short forms
    assert place_of_name(name).level == level
