"""Where a document sits (its province, district and commune), read from its header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.model import Document
from vanban.rules import compiled, load_rules
from vanban.stages.agencies.gazetteer import SYLLABLE, province_of, title_case
from vanban.text import units
from vanban.text.normalize import match_key


@dataclass(slots=True)
class Locality:
    """Where a document sits: its province (or centrally-run city), district and commune."""

    province: str | None = None      # "Lào Cai"
    province_kind: str = units.default_word("province")      # "tỉnh" | "thành phố"
    district: str | None = None      # "Bác Ái"
    district_kind: str = units.default_word("district")
    commune: str | None = None       # "Cam Đường"
    commune_kind: str = units.default_word("commune")
    # the province was read from the body ("… tỉnh Đắk Lắk" in a Government Office notice), not
    # from a header: the document speaks about the place without belonging to it
    from_body: bool = False
    # the document names special zones ("đặc khu Cát Hải"): the collective of its communes keeps
    # them ("các xã, phường, đặc khu", GUIDE.md's consistency review)
    special_zones: bool = False

    def full(self, level: str) -> str | None:
        if level == "P" and self.province:
            return f"{self.province_kind} {self.province}"
        if level == "D" and self.district:
            return f"{self.district_kind} {self.district}"
        if level == "C" and self.commune:
            return f"{self.commune_kind} {self.commune}"
        return None

    def own(self) -> str | None:
        """The document's own unit: the most local one it names."""
        return self.full("C") or self.full("D") or self.full("P")


# the header's unit words in capitals ("TỈNH", "HUYỆN ỦY"; a Party committee is read whole, so
# that "ĐẢNG ỦY XÃ …" is no commune's header); data/units.json
_PROVINCE_KEYS = frozenset(match_key(w) for w in (*units.words("province", named=True), *units.short_forms("province"), *units.committees("province")))
_DISTRICT_KEYS = frozenset(match_key(w) for w in (*units.words("district", named=True), *units.committees("district")))
_COMMUNE_KEYS = frozenset(match_key(w) for w in units.words("commune", named=True))
_HEADER_WORDS = [s for c in (*units.committees(), units.party_committee()) for s in units.spellings(c)] + units.words(named=True) + units.short_forms()
_HEADER_UNIT = re.compile(
    rf"(?<![A-ZĐÀ-Ỹ])({units.alternation(w.upper() for w in _HEADER_WORDS)})\s+((?:[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*\s*-?\s*){{1,5}})")
# where a place name in the header's capitals ends
_HEADER_STOP = frozenset(load_rules("units")["upper_place_stops"]["words"] + load_rules("units")["header_name_stops"]["words"]
                         + [w.upper() for w in units.committee_words()])


def _local_name(raw: str) -> str:
    kept: list[str] = []
    for w in raw.split():
        if w.upper() in _HEADER_STOP and kept:
            break
        kept.append(w)
    return title_case(" ".join(kept[:3]))


_UNIT_OF_COMMITTEE = units.unit_of_committee()
_PARTY = match_key(units.party_committee())


def _read_header(text: str, loc: Locality) -> None:
    for m in _HEADER_UNIT.finditer(text):
        unit, raw = m.group(1), " ".join(m.group(2).split())
        unit_key = match_key(unit)
        if unit_key in _PROVINCE_KEYS:
            hit = province_of(raw)
            if hit and not loc.province:
                loc.province, loc.province_kind = hit[0], hit[1]
        elif unit_key in _DISTRICT_KEYS and not loc.district:
            loc.district = _local_name(raw)
            loc.district_kind = _UNIT_OF_COMMITTEE.get(unit_key, unit_key)
        elif unit_key in _COMMUNE_KEYS and not loc.commune:
            loc.commune, loc.commune_kind = _local_name(raw), unit_key
        elif unit_key == _PARTY and not loc.commune:
            # "ĐẢNG ỦY XÃ BẢO HÀ": the Party committee of a commune sits in that commune (that of a
            # body, "ĐẢNG ỦY BỘ TÀI CHÍNH", or of the bodies of a province, names no unit)
            key = match_key(raw)
            unit = next((w for w in _COMMUNE_KEYS if key.startswith(w + " ")), None)
            if unit:
                loc.commune, loc.commune_kind = _local_name(raw[len(unit) + 1:]), unit


# a province the body speaks about: the cue of data/units.json, then its capitalised name
_BODY_PROVINCE = re.compile(compiled("units")["body_province"].pattern + "(" + SYLLABLE + r"(?:\s+" + SYLLABLE + r"){0,3})")


# a special zone named ("đặc khu Cát Hải"), not the class a law's wording cites ("xã, phường, đặc khu")
_SPECIAL_ZONE = re.compile(rf"(?<![\wÀ-ỹ])(?:{units.alternation(units.classless())})[ ]+(\w)", re.I)


def _names_a_special_zone(text: str) -> bool:
    return any(m.group(1).isupper() for m in _SPECIAL_ZONE.finditer(text))


def locality_of(doc: Document) -> Locality:
    """The document's locality, from the header stage's fields when it has run, else from the
    header lines at the top of the text ("ỦY BAN NHÂN DÂN\\nTỈNH BẮC NINH"), else from the body
    ("trên địa bàn tỉnh Đắk Lắk")."""
    # computed once per document (assignments and aliases_seen both ask), kept off the record
    cached = getattr(doc, "_locality", None)
    if isinstance(cached, Locality):
        return cached
    loc = Locality()
    for name in (doc.issuer, doc.parent_issuer, *doc.issuers):
        if name:
            _read_header(_upper_header(name), loc)
    # the issuing body stands above the type line; the title below it may say "XÃ HỘI"
    head_end = min(doc.body_start or len(doc.text), _header_end(doc.text))
    _read_header(_strip_markup(doc.text[:head_end]), loc)
    if not loc.province:
        for m in _BODY_PROVINCE.finditer(doc.text):
            hit = province_of(m.group(2))
            if hit:
                loc.province, loc.province_kind = hit
                loc.from_body = True
                break
    loc.special_zones = _names_a_special_zone(doc.text)
    doc._locality = loc  # type: ignore[attr-defined]
    return loc


def _upper_header(name: str) -> str:
    # "Ủy ban nhân dân tỉnh Bắc Ninh" -> the header's "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    return name.upper()


def _strip_markup(text: str) -> str:
    # the national motto's "XÃ HỘI" is not a commune
    return compiled("units")["header_motto"].sub(" ", re.sub(r"[*_|#]+", " ", text))


def _header_end(text: str) -> int:
    """Offset of the document type line or the first 'Căn cứ'/'Thực hiện' line: the header is above."""
    m = compiled("units")["header_end"].search(text[:6000])
    return m.start() if m and m.start() > 0 else min(len(text), 1500)
