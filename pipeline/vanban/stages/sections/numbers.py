"""The sections' patterns (data/sections.json), the units a tree is built of, and numbering:
Roman numerals, letters in Vietnamese order, which number follows which."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.rules import compiled, load_rules

_DATA = load_rules("sections")
# The named units by their English key (part, chapter, section, subsection, article, appendix).
UNITS: dict[str, str] = {k: v for k, v in _DATA["units"].items() if k != "description"}
PART, CHAPTER, SECTION, SUBSECTION, ARTICLE, APPENDIX = (
    UNITS[k] for k in ("part", "chapter", "section", "subsection", "article", "appendix"))
ARTICLE_STARTS = (ARTICLE, ARTICLE.upper())  # how an article's line opens: "Điều 5." / "ĐIỀU 5."
# Vietnamese alphabet order of the điểm letters (no f, j, w, z; đ after d).
VN_LETTERS: str = _DATA["letters"]["order"]
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Rank of the named units: a unit closes every open unit of the same or a lower rank.
NAMED_RANK = {PART: 0, CHAPTER: 1, SECTION: 2, SUBSECTION: 3, ARTICLE: 4,
              "Part": 0, "Chapter": 1, "Section": 2, "Article": 4}  # English translations
# Named units numbered through the whole document (Mục restarts in every Chương).
GLOBAL_NUMBERING = (PART, CHAPTER, ARTICLE, "Part", "Chapter", "Article")
HEADING_WORDS = 12
ORDINAL_PREFIX: str = _DATA["ordinals"]["prefix"]
WORD_ORDINALS: dict[str, int] = _DATA["ordinals"]["words"]
UNIT_ONLY = re.compile(r"^(?:" + "|".join(f"{re.escape(u)}|{re.escape(u.upper())}" for u in (PART, CHAPTER, SECTION, SUBSECTION, ARTICLE)) + r")$")
# "… kết luận như sau:1. Cơ bản thống nhất …": a web rendering lost the line break.
GLUED_FIRST = re.compile(r":\s*(?=(?:1|I)\.\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])")
OPEN_QUOTES = "“\""
AGENCY_HEADS = frozenset(_DATA["agency_heads"]["words"])
PLACEHOLDER = re.compile(r"\.{3}|…")  # "số ... ngày ... tháng"


def patterns() -> dict[str, re.Pattern[str]]:
    # Case matters (Roman "I." against the point "i)"), so no re.I here: the patterns say
    # (?i:...) where case does not matter.
    return compiled("sections", re.M)


@dataclass(slots=True)
class Cand:
    """A line that may open a unit."""

    style: str          # "Chương", "Điều", …, or "R" (I.), "N." (1.), "N)", "dec2" (1.1), "L)" (a)), "(N)", "(r)"
    label: str          # as printed, without punctuation: "II", "2.1", "a", "10a"
    key: tuple[int, int]  # (number, insertion): Điều 10a -> (10, 1)
    title: str
    strong: bool = False  # title in capitals: a heading, not a sentence


@dataclass(slots=True)
class Node:
    line: int
    depth: int
    path: str
    label: str
    heading: str
    start: int = 0
    end: int = 0


@dataclass
class Frame:
    style: str
    key: tuple[int, int]
    label: str
    node: Node
    rank: int  # NAMED_RANK for named units, 10 for plain numbering


@dataclass
class Lines:
    starts: list[int]
    texts: list[str]  # stripped
    quoted: list[bool] = field(default_factory=list)
    glued: set[int] = field(default_factory=set)  # lines cut out of a longer line at ":1."

    def __len__(self) -> int:
        return len(self.texts)


# --- numbers ---------------------------------------------------------------------------------


def roman_value(s: str) -> int | None:
    if not s or any(c not in _ROMAN for c in s):
        return None
    total, prev = 0, 0
    for c in reversed(s):
        v = _ROMAN[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = []
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def arabic_key(label: str) -> tuple[int, int]:
    m = re.match(r"(\d+)([a-zđ]?)", label)
    assert m
    return int(m.group(1)), (VN_LETTERS.index(m.group(2)) + 1 if m.group(2) else 0)


def letter_key(label: str) -> tuple[int, int] | None:
    ch, rest = label[0], label[1:]
    if ch not in VN_LETTERS and ch != "f":
        return None
    # f is not Vietnamese, but sloppy documents run e) f) g): order it just after e.
    pos = VN_LETTERS.index(ch) + 1 if ch != "f" else VN_LETTERS.index("e") + 1
    return pos, int(rest) if rest else 0


def follows(style: str, prev: tuple[int, int], key: tuple[int, int]) -> bool:
    """Does `key` come right after `prev` in a list of this style?"""
    if key[0] == prev[0]:
        return key[1] == prev[1] + 1  # inserted unit: Điều 10a after Điều 10, a1) after a)
    if key[1] != 0:
        return False
    if key[0] == prev[0] + 1:
        return True
    # Lists that skip đ (a b c d e …) or run e f g.
    return style.startswith("L") and prev[0] == VN_LETTERS.index("d") + 1 and key[0] == prev[0] + 2


def is_first(key: tuple[int, int]) -> bool:
    return key == (1, 0)
