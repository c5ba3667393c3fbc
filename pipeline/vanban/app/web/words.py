"""The app's Vietnamese: roles, relations, levels and place names from `data/web_words.json`,
and dates as Vietnamese write them (20/02/2024; "tháng 3/2024" when the day is blank)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache
from typing import Any

from vanban.rules import compiled, load_rules
from vanban.text.normalize import fold, strip_diacritics

WORDS = "web_words"


@cache
def words() -> dict[str, Any]:
    return load_rules(WORDS)


def say(key: str, **values: object) -> str:
    """One of the app's sentences (`text` of the data file), its {placeholders} filled."""
    return str(words()["text"][key]).format(**values)


def role_name(role: str | None) -> str:
    return words()["roles"].get(role or "", role or "")


def role_order(role: str | None) -> int:
    roles = list(words()["roles"])
    return roles.index(role) if role in roles else len(roles)


def relation_name(relation: str | None, direction: str = "out") -> str:
    spec = words()["relations"].get(relation or "")
    return spec[direction] if spec else (relation or "")


def relation_colour(relation: str | None) -> str:
    spec = words()["relations"].get(relation or "")
    return spec["colour"] if spec else "#57606a"


def level_of(issuer: str | None) -> str:
    """centre | province | district | commune | unknown, by the most local word the issuer
    name holds ("Ủy ban nhân dân xã Văn Bàn" is a commune's even though it names no district)."""
    if not issuer:
        return "unknown"
    name = fold(issuer)
    for level, pattern in compiled(WORDS).items():
        if pattern.search(name):
            return level
    return "unknown"


def level_name(level: str) -> str:
    return words()["levels"].get(level, level)


# --- places ---------------------------------------------------------------------------------


@cache
def provinces() -> list[tuple[str, str]]:
    """(unit word, name) of every province and centrally-run city, longest name first."""
    table = load_rules("agencies")["provinces"]
    out = [(unit, name) for unit, names in table.items() for name in names]
    return sorted(out, key=lambda p: len(p[1]), reverse=True)


def plain(text: str) -> str:
    """Lower case, unmarked, single spaces: `strip_diacritics(fold(text))` without `fold`'s tone
    placement, which stripping the marks undoes anyway (and which cost most of the floor's time)."""
    return strip_diacritics(" ".join(unicodedata.normalize("NFC", text).lower().split()))


@cache
def _place_pattern() -> re.Pattern[str]:
    """A province in any written form: "Cần Thơ", "TP Cần Thơ", "tp. Cần Thơ", "thành phố Cần
    Thơ", "tỉnh Đắk Lắk", with or without marks (matched on the unmarked folded text)."""
    units = [u for unit, forms in words()["place_units"].items() if unit != "description" for u in forms]
    unit_re = "|".join(re.escape(plain(u)) for u in sorted(set(units), key=len, reverse=True))
    names = "|".join(re.escape(plain(n)) for _, n in provinces())
    return re.compile(rf"(?:(?<![\w.])(?:{unit_re})\s*)?(?<!\w)({names})(?!\w)")


def province_key(name: str) -> str:
    return plain(name)


@cache
def province_by_key() -> dict[str, str]:
    return {plain(n): n for _, n in provinces()}


def find_places(text: str) -> list[tuple[str, int, int]]:
    """(province name, start, end) of each place named in `text`, in any form. Offsets are of
    `text` itself: folding and unmarking keep the length of NFC Vietnamese."""
    text = unicodedata.normalize("NFC", text)
    key = plain(text)
    if len(key) != len(text):  # a character whose fold changes length: match without offsets
        return [(province_by_key()[m.group(1)], 0, 0) for m in _place_pattern().finditer(key)]
    return [(province_by_key()[m.group(1)], m.start(), m.end()) for m in _place_pattern().finditer(key)]


def province_of(*names: str | None) -> str | None:
    """The province the first of `names` that names one is in ("Sở Y tế tỉnh Đắk Lắk")."""
    for name in names:
        if name:
            found = find_places(name)
            if found:
                return found[0][0]
    return None


# --- dates ----------------------------------------------------------------------------------


def show_date(iso: str | None) -> str:
    """"2024-02-20" -> "20/02/2024"; "2024-03" -> "tháng 03/2024"; "" for none."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return say("month", month=parts[1], year=parts[0])
    return say("year", year=parts[0])


def long_date(iso: str | None) -> str:
    """"2024-02-20" -> "ngày 20 tháng 02 năm 2024", as a document's date line writes it."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        return say("long_date", day=parts[2], month=parts[1], year=parts[0])
    return show_date(iso)


_DMY = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")
_YMD = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_MY = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")
_Y = re.compile(r"\s*(\d{4})\s*")


class BadDate(ValueError):
    """A date the app cannot read; its message is the Vietnamese the page shows."""


def parse_date(text: str | None, end: bool = False) -> str | None:
    """A typed or picked date as ISO: "01/01/2025", "1/1/2025", "2025-01-01" (the date
    picker's), "3/2025", "2025". A month or a year alone is its first day, or its last when
    `end` (the upper bound of a range). None for an empty field; `BadDate` for anything else."""
    if text is None or not text.strip():
        return None
    text = text.strip()[:40]
    try:
        if m := _DMY.fullmatch(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _YMD.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _MY.fullmatch(text):
            month, year = int(m[1]), int(m[2])
            first = dt.date(year, month, 1)
            if not end:
                return first.isoformat()
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        if m := _Y.fullmatch(text):
            year = int(m[1])
            if not 1900 <= year <= 2100:
                raise ValueError(year)
            return f"{year}-12-31" if end else f"{year}-01-01"
    except ValueError:
        pass
    raise BadDate(say("bad_date", text=text))
