"""`rules.finditer` skips a pattern where the text lacks a stretch every match holds, and finds
exactly what `pattern.finditer` finds everywhere else: on every rule of the data files, over
their own examples and real documents of the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vanban import rules
from vanban.rules import compiled, finditer, load_rules, required_part, rule_files
from vanban.stages.agencies.gazetteer import gazetteer
from vanban.text.normalize import match_key

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _patterns() -> list[re.Pattern[str]]:
    out = [p for p, _rule in gazetteer().rules]
    for name in rule_files():
        if any("pattern" in r for r in load_rules(name).get("rules", [])):
            try:
                out += compiled(name).values()
            except re.error:  # a template with {fragments}: expanded by its own stage
                continue
    return out


def _texts() -> list[str]:
    files = sorted(CORPUS.glob("*/*.txt"))[:8] + sorted(CORPUS.glob("*/*.md"))[:4]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return texts + [match_key(t) for t in texts]


def test_the_stretch_of_a_list_heading() -> None:
    ministries = compiled("agency_mentions")["ministries_list"]
    need = required_part(ministries)
    assert need is not None and need.flags == ministries.flags
    # what every "các Bộ: …" heading holds, whatever title stands before it
    assert need.search("Bộ trưởng các Bộ: Quốc phòng") and need.search("CÁC BỘ : Công an")
    assert not need.search("các Bộ, ngành")


def test_no_stretch_where_every_part_is_optional_or_short() -> None:
    assert required_part(re.compile(r"(?:các )?sở(?:, ban)?")) is None  # "sở": too short to pay
    assert required_part(re.compile(r"\b(?:chủ trì|phối hợp) cho")) is None  # the words after: 4 letters
    part = required_part(re.compile(r"[A-Z]+ chủ trì thực hiện"))
    assert part is not None and part.pattern == " chủ trì thực hiện"
    # a group with flags of its own (case kept) is not taken for the pattern's flags
    assert required_part(re.compile(r"x(?-i:Số hiệu)y", re.I)) is None


def test_a_missing_stretch_skips_the_pattern() -> None:
    pattern = re.compile(r"(?:Giao )?các\s+Sở\s*,\s*ngành\s+chủ trì", re.I)
    assert [m.span() for m in finditer(pattern, "Giao các Sở, ngành  chủ trì; các sở chủ trì")] == [(0, 27)]
    assert list(finditer(pattern, "các sở chủ trì")) == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_same_matches_as_the_pattern_on_every_rule() -> None:
    texts = _texts()
    checked = 0
    for pattern in _patterns():
        if required_part(pattern) is None:
            continue
        checked += 1
        for text in texts:
            for pos, end in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
                assert [m.span() for m in finditer(pattern, text, pos, end)] == \
                       [m.span() for m in pattern.finditer(text, pos, end)], pattern.pattern
    assert checked >= 8  # the agencies' rules and list headings at least


def test_the_check_above_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # a "required" stretch that is not in fact required hides real matches: the comparison sees it
    pattern = compiled("agency_mentions")["ministries_list"]
    monkeypatch.setattr(rules, "required_part", lambda p: re.compile("never written"))
    text = "Bộ trưởng các Bộ: Quốc phòng, Công an"
    assert [m.span() for m in finditer(pattern, text)] != [m.span() for m in pattern.finditer(text)]
