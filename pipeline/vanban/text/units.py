"""The administrative unit words (data/units.json), held once; every list of them the stages use
is derived here: by level, with their Party committees, their short forms, in capitals.

Levels are named "province", "district", "commune"; the agency stage writes them "P", "D", "C".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from vanban.rules import load_rules

LEVELS = ("province", "district", "commune")
# the agency stage's one-letter levels
LEVEL_CODE = {"province": "P", "district": "D", "commune": "C"}


@dataclass(frozen=True, slots=True)
class Unit:
    word: str                    # "thị xã"
    level: str                   # "province" | "district" | "commune"
    committee: str | None        # its Party committee, "thị ủy"
    short: tuple[str, ...]       # "tp."
    named: bool                  # read after an agency's name (see data/units.json)
    classed: bool                # a level's class too ("cấp xã"); a special zone is one of a kind


@cache
def units() -> tuple[Unit, ...]:
    return tuple(Unit(u["word"], u["level"], u.get("committee"), tuple(u.get("short", ())), u.get("named", True),
                      u.get("class", True))
                 for u in load_rules("units")["units"])


def words(level: str | None = None, named: bool | None = None) -> list[str]:
    """The unit words, in data order (the first of a level is its default word)."""
    return [u.word for u in units() if level in (None, u.level) and named in (None, u.named)]


def classless() -> list[str]:
    """The units that are never a class of their level ("đặc khu")."""
    return [u.word for u in units() if not u.classed]


def committee_of(word: str) -> str | None:
    """The Party committee of a unit word ("thị xã" -> "thị ủy")."""
    return next((u.committee for u in units() if u.word == word), None)


def full_word(short: str) -> str:
    """The unit word a short form stands for ("tp." and "tp" -> "thành phố"); any other word is itself."""
    return next((u.word for u in units() if short in u.short or short in (s.rstrip(".") for s in u.short)), short)


def default_word(level: str) -> str:
    """The word a level's unit is written with when nothing says otherwise ("tỉnh", "huyện", "xã")."""
    return words(level)[0]


def committees(level: str | None = None) -> list[str]:
    """The Party committees of the units ("tỉnh ủy" …), in data order."""
    return [u.committee for u in units() if u.committee and level in (None, u.level)]


def short_forms(level: str | None = None, undotted: bool = False) -> list[str]:
    """Short forms of the unit words ("tp."); with `undotted`, each also without its dot
    ("tp"): the gazetteer blanks dots, so a match may end before one."""
    out: list[str] = []
    for u in units():
        if level in (None, u.level):
            for s in u.short:
                out += [s, s.rstrip(".")] if undotted and s.endswith(".") else [s]
    return out


def unit_of_committee() -> dict[str, str]:
    """A committee -> the unit word it is the committee of ("thị ủy" -> "thị xã")."""
    return {u.committee: u.word for u in units() if u.committee}


def level_map() -> dict[str, str]:
    """Every unit word and committee -> its level, by level: the words, then the committees."""
    out: dict[str, str] = {}
    for level in LEVELS:
        out.update((w, level) for w in words(level))
        out.update((c, level) for c in committees(level))
    return out


def spellings(word: str) -> list[str]:
    """A committee in both tone placements of its committee word ("tỉnh ủy", "tỉnh uỷ")."""
    first, *others = load_rules("units")["committee_spellings"]["words"]
    if not word.endswith(" " + first):
        return [word]
    return [word, *(word[: -len(first)] + o for o in others)]


def committee_word() -> str:
    """The committee word the units' committees end with ("ủy")."""
    return str(load_rules("units")["committee_spellings"]["words"][0])


def committee_words() -> list[str]:
    """Both spellings of the committee word ("ủy", "uỷ")."""
    return list(load_rules("units")["committee_spellings"]["words"])


def party_committee() -> str:
    return str(load_rules("units")["party_committee"]["word"])


def class_word() -> str:
    return str(load_rules("units")["class_word"]["word"])


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first: a committee ("tỉnh ủy") is tried
    before its unit word ("tỉnh"), "thị xã" before "xã"."""
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))
