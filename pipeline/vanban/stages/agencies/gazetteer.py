"""The gazetteer of agency names (vanban/data/agencies.json), built once per process.

Names are matched token by token (`phrases.PhraseIndex`) over `match_key(text)` (lower case,
one tone placement, same length as the text), so a match is a span of the original text
whatever case or tone placement the document prints. Vietnamese writes one syllable per
space-separated token and every gazetteer name is a sequence of syllables, so no word
segmentation is needed to match names, and the same tokenizer turns the patterns into tokens
("GD&ĐT", "LĐ-TB&XH" split alike on both sides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.stages.agencies.phrases import PhraseIndex
from vanban.text.normalize import match_key

SYLLABLE = r"[A-ZĐÀ-Ỹ][^\s,;.:()\[\]/|*\"“”]*"


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    agency: str
    kind: str = "entry"  # entry | organ | collective
    base: str = ""       # the name without its locality, for joining an organ to it


@dataclass(slots=True)
class Gazetteer:
    matcher: PhraseIndex
    entries: dict[str, dict[str, Any]]       # match key of an alias -> entry
    organs: dict[str, str]                   # match key of an alias -> organ name
    rules: list[tuple[re.Pattern[str], dict[str, Any]]]
    provinces: dict[str, tuple[str, str]]    # match key -> (name, kind)
    alias_of: dict[str, str] = field(default_factory=dict)  # match key of an alias -> template


@cache
def gazetteer() -> Gazetteer:
    """Built once per process."""
    data = load_rules("agencies")
    entries: dict[str, dict[str, Any]] = {}
    organs: dict[str, str] = {}
    alias_of: dict[str, str] = {}
    for entry in data["entries"]:
        for alias in entry["aliases"]:
            key = match_key(alias)
            entries.setdefault(key, entry)
            alias_of.setdefault(key, entry["name"])
    for organ in data["organs"]:
        for alias in organ["aliases"]:
            # an organ whose title the canonical name leaves out joins as "" ("Bộ trưởng Bộ Y tế" -> "Bộ Y tế")
            organs.setdefault(match_key(alias), "" if organ.get("title_dropped") else organ["name"])
    keys = sorted(set(entries) | set(organs))
    # a dot is blanked on both sides: "TP." and "TP" name the same city
    matcher = PhraseIndex(k.replace(".", " ") for k in keys)
    rules = [(re.compile(r["pattern"], re.I), r) for r in data.get("rules", [])]
    provinces = {match_key(name): (name, kind) for kind, names in data["provinces"].items() for name in names}
    return Gazetteer(matcher, entries, organs, rules, provinces, alias_of)


def title_case(words: str) -> str:
    return " ".join(w.capitalize() if w != "-" else w for w in words.split())


def province_of(name: str) -> tuple[str, str] | None:
    """(name, kind) when `name` starts with a province name (the longest one)."""
    gaz = gazetteer()
    words = name.split()
    for n in range(min(len(words), 5), 0, -1):
        hit = gaz.provinces.get(match_key(" ".join(words[:n])))
        if hit:
            return hit
    return None
