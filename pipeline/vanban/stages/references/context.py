"""The citing document's context: its own places and level, which resolve a mention's short issuer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.model import Document
from vanban.rules import load_rules
from vanban.stages import identity
from vanban.text.normalize import fold_tones
from vanban.text.units import level_map

# --- the citing document's context ------------------------------------------------------------

_DATA = load_rules("citations")
# unit word (or its Party committee) -> the level it names (data/units.json)
LEVELS: dict[str, str] = level_map()
# longest first: a committee ("tỉnh ủy") before its unit word ("tỉnh")
_UNIT_WORDS = "|".join(re.escape(w) for w in sorted(LEVELS, key=len, reverse=True))
_NOT_PLACE = "|".join(re.escape(w) for w in _DATA["not_place_words"]["words"])
_PLACE = re.compile(
    rf"(?<![\w])({_UNIT_WORDS})"
    rf"\s+(?-i:(?!(?:{_NOT_PLACE})\b)([A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+(?!(?:{_NOT_PLACE})\b)[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*){{0,3}}))", re.I)
_UPPER_STOP = frozenset(load_rules("units")["upper_place_stops"]["words"])


@dataclass
class Context:
    """Where the citing document stands: the places of its issuer, by level."""

    places: dict[str, str] = field(default_factory=dict)  # level -> proper name
    issuer: str | None = None
    family: str | None = None  # "party" | "state"
    symbol: str | None = None  # its own symbol: a code sharing its issuer group is its issuer's

    def name(self, level: str) -> str | None:
        return self.places.get(level)


def _proper(name: str) -> str:
    words = name.split()
    if all(w.isupper() for w in words if any(c.isalpha() for c in w)):
        words = [w.capitalize() for w in words]
    return " ".join(words)


def _places_in(text: str, upper_only: bool = False) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _PLACE.finditer(fold_tones(text)):
        level = LEVELS[m.group(1).lower()]
        words = m.group(2).split()
        if upper_only:
            kept = []
            for w in words:
                if not w.isupper() or w in _UPPER_STOP:
                    break
                kept.append(w)
            words = kept
        if words:
            found.setdefault(level, _proper(" ".join(words)))
    return found


def context_of(doc: Document) -> Context:
    ctx = Context(issuer=doc.issuer)
    for source in (doc.issuer, doc.parent_issuer):
        for level, name in _places_in(source or "").items():
            ctx.places.setdefault(level, name)
    if not ctx.places:
        # No header stage result: the header lines name the places in capitals.
        head = doc.text[: doc.body_start or 800]
        for level, name in _places_in(head, upper_only=True).items():
            ctx.places.setdefault(level, name)
    if doc.symbol:
        ctx.symbol = identity.canonical_symbol(doc.symbol)
        ctx.family = "party" if identity.is_party_symbol(ctx.symbol) else "state"
    return ctx
