"""Where a document or an agency sits: its level (centre, province, district, commune) and
its province, read from names ("Sở Y tế tỉnh Lào Cai", "Huyện ủy Bác Ái") and, for a
document whose issuer does not say, from its header ("ĐẢNG BỘ TỈNH NINH THUẬN").

The unit words and class words are data (`data/units.json`), the central bodies too
(`data/places.json`); a province must
be one of the gazetteer's (`data/agencies.json`), and a place name is the capitalised words
after the unit word. `place` (where a document was signed) is not used: a central decree is
signed in Hà Nội and concerns no province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vanban.rules import load_rules
from vanban.text import units
from vanban.text.normalize import match_key

LEVELS = ("centre", "province", "district", "commune")
_RANK = {level: i for i, level in enumerate(LEVELS)}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?|-")


@dataclass(frozen=True, slots=True)
class Place:
    level: str | None = None        # one of LEVELS, None when nothing says
    province: str | None = None     # "Lào Cai", "Hà Nội"
    district: str | None = None     # "Bác Ái"
    commune: str | None = None


@cache
def _rules() -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, level, pattern): a unit word or its Party committee before a place name, by level
    ("tỉnh ", "Huyện ủy "); the class of a level ("cấp tỉnh"); then places.json's own rules."""
    out = []
    for level in units.LEVELS:
        written = [s for c in units.committees(level) for s in units.spellings(c)] + units.words(level) + units.short_forms(level)
        out.append((level, level, re.compile(rf"(?<![\wÀ-ỹ])(?:{units.alternation(written)})\s+", re.I | re.M)))
    for level in units.LEVELS:
        out.append((f"{level}_class", level, re.compile(
            rf"(?<![\wÀ-ỹ]){re.escape(units.class_word())} {re.escape(units.default_word(level))}(?![\wÀ-ỹ])", re.I | re.M)))
    return out + [(r["name"], r["level"], re.compile(r["pattern"], re.I | re.M)) for r in load_rules("places")["rules"]]


@cache
def _motto() -> re.Pattern[str]:
    """The national motto of the header, which is no commune ("XÃ HỘI")."""
    return re.compile(load_rules("places")["motto"]["pattern"], re.I)


@cache
def _city_units() -> frozenset[str]:
    """A city's unit word, its Party committee and short forms ("thành phố", "thành ủy", "tp.")."""
    city = load_rules("places")["city_units"]["centrally_run"]
    unit = next(u for u in units.units() if u.word == city)
    return frozenset([city, *(units.spellings(unit.committee) if unit.committee else []), *unit.short])


@cache
def _provinces() -> dict[str, tuple[str, str]]:
    """match key -> (the province's name, its kind: "tỉnh" or "thành phố")."""
    return {match_key(n): (n, kind) for kind, names in load_rules("agencies")["provinces"].items() for n in names}


def _name_after(text: str, pos: int, upper: bool) -> str | None:
    """The place name starting at `pos`: capitalised words (all capitals in a header)."""
    words: list[str] = []
    for m in _WORD.finditer(text, pos):
        if (m.start() != pos and text[pos:m.start()].strip(" ")) or "\n" in text[pos:m.start()]:
            break  # a comma, a line break: the name has ended
        w = m.group()
        if w != "-" and not (w.isupper() if upper else w[0].isupper()):
            break
        words.append(w)
        pos = m.end()
        if len(words) == 5:
            break
    while words and words[-1] == "-":
        words.pop()
    return " ".join(words).replace(" - ", " - ") or None


def _province_in(name: str | None) -> tuple[str, str] | None:
    """(name, kind) of the longest gazetteer province at the start of `name`."""
    if not name:
        return None
    words = name.split()
    table = _provinces()
    for n in range(len(words), 0, -1):
        hit = table.get(match_key(" ".join(words[:n])))
        if hit:
            return hit
    return None


def place_of_name(name: str | None, upper: bool = False) -> Place:
    """The place an agency's name (or a header, `upper`) says: its most local unit, the
    province if one is named, else the class ("cấp tỉnh") or a central body."""
    if not name:
        return Place()
    text = _motto().sub(" ", name)
    province = district = commune = None
    level: str | None = None
    for rule, rule_level, pattern in _rules():
        if rule.endswith("_class") or rule == "centre":
            continue
        for m in pattern.finditer(text):
            after = _name_after(text, m.end(), upper)
            if not after:
                continue
            found_level = rule_level
            if rule_level == "province":
                hit = _province_in(after)
                city = m.group().strip().lower() in _city_units()
                if hit and (not city or hit[1] == load_rules("places")["city_units"]["centrally_run"]):
                    province = province or hit[0]
                elif city:
                    # a city under a province: "Thành phố Lào Cai" of the province Lào Cai
                    found_level = "district"
                    district = district or (after.title() if upper else after)
                    province = province or (hit[0] if hit else None)
                else:
                    continue
            elif rule_level == "district":
                district = district or (after.title() if upper else after)
            else:
                commune = commune or (after.title() if upper else after)
            if level is None or _RANK[found_level] > _RANK[level]:
                level = found_level
    if level is None:
        for rule, rule_level, pattern in _rules():
            if (rule.endswith("_class") or rule == "centre") and pattern.search(text):
                level = rule_level
                break
    return Place(level, province, district, commune)


def place_of_document(issuer: str | None, parent_issuer: str | None = None, issuers: list[str] | None = None,
                      head: str | None = None) -> Place:
    """A document's place: its issuer's, with the province of the body above it ("Huyện ủy
    Bác Ái" under "Đảng bộ tỉnh Ninh Thuận") or of its header when the issuer names none. A
    central issuer has no province, whatever its text mentions."""
    own = place_of_name(issuer)
    if own.level == "centre":
        return own
    others = [place_of_name(n) for n in (parent_issuer, *(issuers or []))]
    if head:
        others.append(place_of_name(head[:600], upper=True))
    level, province = own.level, own.province
    district, commune = own.district, own.commune
    for p in others:
        province = province or p.province
        district = district or (p.district if level in (None, "district", "commune") else None)
        if level is None and p.level is not None:
            level = p.level
    return Place(level, province, district, commune)


def level_of_code(code: str | None) -> str | None:
    """The level of a document known only by its code (cited, not stored), from the issuer
    code after its slash or hyphen: Party codes end in TW (centre), TU (province), HU / QU
    (district) as DOMAIN.md §3.6 says; the Government's and the ministries' codes
    (`data/issuer_codes.json`, state) are central, but UBND and HĐND are of any level."""
    if not code:
        return None
    tail = re.split(r"[/-]", code.strip())[-1].upper().replace("Ư", "U")
    if tail.endswith("TW"):
        return "centre"
    if tail.endswith("TU"):
        return "province"
    if tail in ("HU", "QU", "TXU"):
        return "district"
    state = {k.upper() for k in load_rules("issuer_codes")["state"]} - {"UBND", "HĐND"}
    return "centre" if tail in state else None
