"""`rules.finditer_openings` tries a pattern only where the literal words its matches open with
stand, and finds exactly what `pattern.finditer` finds: on every rule of the data files, over
real documents of the corpus and their match keys, and on texts with the characters a
case-insensitive pattern takes for others ("ſ" for "s")."""

from __future__ import annotations

import re

import pytest

from tests.test_required_part import CORPUS, _patterns, _texts
from vanban import rules
from vanban.rules import finditer_openings, opening_scan
from vanban.stages.agencies.gazetteer import gazetteer


def _spans(pattern: re.Pattern[str], text: str, pos: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [m.span() for m in finditer_openings(pattern, text, pos, end)]


def test_the_openings_of_an_agency_rule() -> None:
    # "\b(?<!cơ )(?:các )?sở(?:\s*,\s*(?:ban|ngành|…)|\s+(?:ngành|ban ngành))": the lookbehind and
    # the boundary are checked by the match; "các sở, ban" is found where "các sở" is
    departments = next(p for p, r in gazetteer().rules if r["name"] == "departments")
    openings = opening_scan(departments)
    assert openings is not None and openings.exact.pattern == r"các\ sở|sở"
    assert openings.folded.flags & re.I and openings.lower
    text = "các sở, ban, ngành; cơ sở, ngành; Các Sở, ngành; sở ngành"
    assert _spans(departments, text) == [m.span() for m in departments.finditer(text)]


def test_no_openings_where_a_match_may_open_otherwise() -> None:
    assert opening_scan(re.compile(r"[A-Z]+ chủ trì")) is None  # a class
    assert opening_scan(re.compile(r"(?:các )?\w+ sở")) is None
    assert opening_scan(re.compile(r"x(?:ab)?")) is None  # one character: no shortcut
    assert opening_scan(re.compile(r"(?i:các) sở")) is None  # a group with flags of its own
    lookbehinds = opening_scan(re.compile(r"(?:(?<=giám đốc )|(?<=lãnh đạo ))các sở"))
    assert lookbehinds is not None and lookbehinds.exact.pattern == r"các\ sở"


def test_a_match_tried_at_an_opening_sees_the_text_before_it() -> None:
    pattern = re.compile(r"\b(?<!cơ )sở\b", re.I)
    assert _spans(pattern, "cơ sở, trụsở, Sở Y tế") == [(14, 16)]
    assert _spans(pattern, "cơ sở, sở", 3) == [(7, 9)]  # the lookbehind reads before pos
    assert _spans(pattern, "sở sở sở", 0, 5) == [(0, 2), (3, 5)]


def test_case_twins_take_the_folded_scan() -> None:
    # "ſ" (long s) is "s" to a case-insensitive pattern; an upper-case text is not a match key
    pattern = re.compile(r"\bcác sở", re.I)
    for text in ("các ſở và các sở", "CÁC SỞ, các sở", "các Sở"):
        assert _spans(pattern, text) == [m.span() for m in pattern.finditer(text)], text
    openings = opening_scan(pattern)
    assert openings is not None and openings.scan("các ſở", 0, 6) is openings.folded
    assert openings.scan("các sở", 0, 6) is openings.exact


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_same_matches_as_the_pattern_on_every_rule() -> None:
    texts = _texts()
    checked = 0
    for pattern in _patterns():
        if opening_scan(pattern) is None:
            continue
        checked += 1
        for i, text in enumerate(texts):
            pos, end = (0, len(text)) if i % 2 else (len(text) // 3, 2 * len(text) // 3)
            assert _spans(pattern, text, pos, end) == [m.span() for m in pattern.finditer(text, pos, end)], pattern.pattern
    assert checked >= 13  # the agencies' rules at least


def test_the_check_above_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # openings that are not where every match opens hide real matches: the comparison sees it
    pattern = next(p for p, r in gazetteer().rules if r["name"] == "ministries")
    wrong = rules.Openings(re.compile("các bộ trưởng"), re.compile("các bộ trưởng", re.I), None, True)
    monkeypatch.setattr(rules, "opening_scan", lambda p: wrong)
    text = "các bộ, ngành liên quan"
    assert _spans(pattern, text) != [m.span() for m in pattern.finditer(text)]
