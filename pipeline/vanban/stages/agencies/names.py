"""A matched name -> its canonical form: the locality words after it ("tỉnh Lào Cai", "các xã,
phường"), the template of its gazetteer entry filled from them and from the document's
locality, collective names ("các sở, ban, ngành") in their canonical case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.rules import compiled, load_rules
from vanban.stages.agencies.gazetteer import SYLLABLE, Mention, gazetteer, province_of, title_case
from vanban.stages.agencies.locality import Locality
from vanban.text import units
from vanban.text.normalize import fold_tones, match_key

_NAME = re.compile(rf"{SYLLABLE}(?:[ \n]+(?:-[ ]+)?{SYLLABLE}){{0,4}}")


_DATA = load_rules("agency_mentions")
_FW = load_rules("agency_names")["function_words"]
_AND, _CAC, _CLASS = _FW["and"], _FW["group_prefix"], units.class_word()
_AND_RX, _CAC_RX, _CLASS_RX = re.escape(_AND), re.escape(_CAC), re.escape(_CLASS)
# the unit words a name's own locality starts with (data/units.json), a committee's level by its unit
_UNIT_WORDS = tuple(sorted([*units.words(named=True), *units.short_forms(undotted=True)], key=len, reverse=True))
_UNIT_RE = re.compile(rf"\s+({units.alternation(_UNIT_WORDS)})(?![\wÀ-ỹ])")
_COMMUNES = units.words("commune")   # in the order a collective of them is written
_COMMUNE_ALT = units.alternation(_COMMUNES)
_COLL_UNIT = f"(?:{units.alternation([*units.words(), _CLASS, *_DATA['collective_units']['words']])})"
_COLL_RE = re.compile(
    rf"\s+((?:{_CAC_RX}|{_CLASS_RX})\s+{_COLL_UNIT}(?:\s*(?:,|/|{_AND_RX})\s*{_COLL_UNIT}|[ ](?:{_COMMUNE_ALT}))*"
    rf"(?:\s+(?:{units.alternation(_DATA['collective_tails']['words'])}))?)(?![\wÀ-ỹ])")
_UNIT_LIST_RE = re.compile(rf"\s+((?:{_COMMUNE_ALT})(?:\s*(?:,|/|{_AND_RX})\s*(?:{_COMMUNE_ALT}))+)(?![\wÀ-ỹ])")
_COMMUNE_LIST = re.compile(rf"(?:{_COMMUNE_ALT})(?:(?:\s*(?:,|/|{_AND_RX})\s*|[ ])(?:{_COMMUNE_ALT}))*")

LEVEL_OF_UNIT = {w: units.LEVEL_CODE[units.level_map()[units.full_word(w)]] for w in _UNIT_WORDS}
_LEVEL_WORD = {units.LEVEL_CODE[level]: units.default_word(level) for level in units.LEVELS}
_COMMITTEES = {units.LEVEL_CODE[level]: {w: (units.committee_of(w) or "").capitalize() for w in units.words(level)}
               for level in units.LEVELS}
_COMMITTEE_LEVEL = {c: units.LEVEL_CODE[level] for level in units.LEVELS for c in units.committees(level)}
_COMMITTEE_WORD = units.committee_word()
_FULL_WORD = {s: units.full_word(s) for s in units.short_forms(undotted=True)}
_PLACE_STOPS = frozenset(_DATA["place_name_stops"]["words"])
_PROVINCIAL_HEADS = frozenset(_DATA["provincial_heads"]["words"])
_CENTRAL = _DATA["central_word"]["word"]
# "cấp tỉnh", "các tỉnh", "các cấp": a class of units, or every level
_PROVINCE_CLASS = f"{_CLASS} {_LEVEL_WORD['P']}"
_WIDE_COLLECTIVES = (_PROVINCE_CLASS, f"{_CAC} {_LEVEL_WORD['P']}", f"{_CAC} {_CLASS}")


@dataclass(slots=True)
class Suffix:
    end: int
    level: str | None = None        # P | D | C
    unit: str | None = None         # the unit word as the canonical name writes it
    name: str | None = None         # explicit place name
    collective: str | None = None   # "các xã, phường"


def _unit_order(listed: str) -> str:
    """"phường, xã, đặc khu" and "xã/phường" name the same collective as "xã, phường, đặc khu"."""
    found = [u for u in _COMMUNES if re.search(rf"(?<![\wÀ-ỹ]){u}(?![\wÀ-ỹ])", listed)]
    return ", ".join(found)


def name_after(text: str, pos: int, level: str) -> tuple[int, str | None]:
    m = _NAME.match(text, pos + 1) if pos < len(text) and text[pos] in " \n" else None
    if not m:
        return pos, None
    raw = m.group(0)
    if level == "P":
        hit = province_of(raw)
        if not hit:
            return pos, None
        n = len(hit[0].split())
        words = raw.split()
        taken = " ".join(words[:n])
        return pos + 1 + raw.index(words[n - 1]) + len(words[n - 1]) if taken else pos, hit[0]
    words = raw.split()[:3]
    # SYLLABLE's [À-Ỹ] also holds lower-case letters ("đã", "để"): a place name's words are capitalised
    stop = next((i for i, w in enumerate(words) if match_key(w) in _PLACE_STOPS or not w[:1].isupper()), len(words))
    words = words[:stop]
    if not words:
        return pos, None
    name = " ".join(words)
    if name.isupper():
        name = title_case(name)
    return pos + 1 + raw.index(words[-1]) + len(words[-1]), name


def suffix_after(text: str, key: str, end: int, alias_key: str) -> Suffix:
    """What follows a name: a collective ("các xã, phường"), a unit with or without its name
    ("tỉnh Lào Cai", "huyện"), or a bare place name after an alias that ends with its unit
    ("UBND tỉnh Lào Cai", "Huyện ủy Bác Ái")."""
    m = _COLL_RE.match(key, end)
    if m:
        coll = " ".join(text[m.start(1):m.end(1)].split()).lower()
        head, _, rest = coll.partition(" ")
        if _COMMUNE_LIST.fullmatch(rest) and (head == _CAC or "," in rest):
            coll = f"{_CAC} {_unit_order(rest)}"  # "cấp xã, phường" is the list "các xã, phường"
        return Suffix(m.end(), collective=coll)
    last = alias_key.split()[-1] if alias_key else ""
    tail_unit = next((u for u in _UNIT_WORDS if alias_key.endswith(" " + u) or alias_key == u), None)
    level = LEVEL_OF_UNIT.get(tail_unit or "")
    if last == _COMMITTEE_WORD:
        level = next((lv for c, lv in _COMMITTEE_LEVEL.items() if alias_key.endswith(c)), None)
    if level:
        new_end, name = name_after(text, end, level)
        return Suffix(new_end, level=level, unit=None, name=name)
    if tail_unit:
        return Suffix(end)
    if alias_key and alias_key.split()[0] in _PROVINCIAL_HEADS:
        # "Báo và Phát thanh, Truyền hình Lai Châu", "Tỉnh đoàn Lào Cai": the name right after
        new_end, name = name_after(text, end, "P")
        if name:
            return Suffix(new_end, level="P", name=name)
    m = _UNIT_LIST_RE.match(key, end)
    if m:
        # "UBND xã, phường" (no "các") is the collective "các xã, phường"
        return Suffix(m.end(), collective=f"{_CAC} {_unit_order(key[m.start(1):m.end()])}")
    m = _UNIT_RE.match(key, end)
    if m:
        unit = m.group(1)
        level = LEVEL_OF_UNIT[unit]
        unit_word = _FULL_WORD.get(unit, unit)
        new_end, name = name_after(text, m.end(), level)
        return Suffix(new_end, level=level, unit=unit_word, name=name)
    return Suffix(end)


def _fill(template: str, loc: Locality, suffix: Suffix, scope: str) -> str:
    """A name template with its placeholders filled from the mention's own locality words
    first, then the document's; a placeholder nobody can fill is dropped."""
    p_name, p_kind = loc.province, loc.province_kind
    d_name, d_kind = loc.district, loc.district_kind
    own = doc_own = loc.own()
    if suffix.level == "P" and suffix.name:
        hit = province_of(suffix.name)
        p_name, p_kind = hit if hit else (suffix.name, suffix.unit or p_kind)
        own = f"{p_kind} {p_name}"
    elif suffix.level == "D":
        d_name = suffix.name or d_name
        d_kind = suffix.unit or d_kind
        own = f"{d_kind} {d_name}" if d_name else None
    elif suffix.level == "C":
        own = f"{suffix.unit or _LEVEL_WORD['C']} {suffix.name}" if suffix.name else loc.full("C") or (suffix.unit or None)
    elif suffix.level == "P":
        own = loc.full("P") or suffix.unit
    values = {
        # a province nobody names, in a document that names no place at all (a decree): the class
        "{P}": f"{p_kind} {p_name}" if p_name else ("" if suffix.level != "P" else
                                                    (suffix.unit or _LEVEL_WORD["P"]) if doc_own else _PROVINCE_CLASS),
        "{PN}": p_name or "",
        "{PU}": _committee("P", p_kind),
        "{D}": f"{d_kind} {d_name}" if d_name else (d_kind if suffix.level == "D" else _LEVEL_WORD["D"]) if doc_own
        else f"{_CLASS} {_LEVEL_WORD['D']}",
        "{DN}": d_name or "",
        "{DU}": _committee("D", d_kind),
        "{L}": own or "",
    }
    if suffix.name and suffix.level in ("D", "C") and own and "{P}" in template and "{L}" not in template:
        # a provincial body's name followed by a commune or district of its own ("Trung tâm
        # Phục vụ hành chính công phường Cam Đường"): that unit's body, not the province's
        values["{P}"] = own
    out = template
    for ph, value in values.items():
        out = out.replace(ph, value)
    return " ".join(out.split())


def collective_tail(coll: str, loc: Locality) -> str:
    """What a body's name takes after it for the collective of units it is followed by ("cấp
    xã", "các xã, phường"): the collective and the locality it belongs to."""
    if coll == f"{_CLASS} {_LEVEL_WORD['C']}" and loc.province and not loc.district:
        # in a province's document (two levels since 7/2025) the commune level is its
        # communes and wards, as the gold writes it
        coll = _DATA["province_communes"]["name"]
        if loc.special_zones:
            coll = ", ".join([coll, *_SPECIAL_ZONES])
    if _CENTRAL in coll or coll in _WIDE_COLLECTIVES or not loc.own():
        return coll if not loc.own() or _CENTRAL in coll or coll == _PROVINCE_CLASS else f"{coll} {loc.own()}"
    return f"{coll} {_above(coll, loc)}".strip()


def _committee(level: str, kind: str) -> str:
    """The Party committee of a unit of `level` written `kind` ("Thành ủy" of a "thành phố"); of
    the level's default unit for any other word."""
    committees = _COMMITTEES[level]
    return committees.get(kind) or committees[_LEVEL_WORD[level]]


def _resolve_entry(entry: dict[str, Any], alias_key: str, suffix: Suffix, loc: Locality, left_cac: bool) -> str | None:
    scope = entry["scope"]
    template = entry["name"]
    if scope == "central":
        return template
    if suffix.collective:
        base = re.sub(r"\s*\{[A-Z]+\}", "", template).strip()
        return f"{base} {collective_tail(suffix.collective, loc)}".strip()
    if scope == "unit":
        if suffix.level is None:
            # "Công an, Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh": may borrow the level
            # of the last body of its list (see _distribute)
            return "\x00" + template
        if left_cac and not suffix.name:
            # "Các Đảng ủy xã" is the collective "Đảng ủy các xã"
            unit = suffix.unit or ""
            return f"{template} {_CAC} {unit} {_above(f'{_CAC} {unit}', loc)}".strip()
        if not suffix.name and suffix.level in _LEVEL_WORD and not loc.own() and suffix.unit not in _CLASSLESS:
            # "Ủy ban nhân dân tỉnh" in a decree of the Government names no province: it is
            # each province's, the class "Ủy ban nhân dân cấp tỉnh"
            return f"{template} {_CLASS} {_LEVEL_WORD[suffix.level]}"
        place = _fill("{L}", loc, suffix, scope)
        return f"{template} {place}".strip()
    return _fill(template, loc, suffix, scope)


_CLASSLESS = frozenset(units.classless())
_SPECIAL_ZONES = units.classless()


def _above(coll: str, loc: Locality) -> str:
    """The locality a collective of lower units belongs to: "các xã" of the district in a
    district document, of the province otherwise."""
    if any(u in coll for u in _COMMUNES):
        return loc.full("D") or loc.full("P") or ""
    return loc.full("P") or ""


def sentence_case(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


@cache
def _proper_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names = load_rules("agencies")["proper_names"]["names"]
    by_lower = {fold_tones(n.lower()): n for n in names}
    alternatives = "|".join(re.escape(n) for n in sorted(by_lower, key=len, reverse=True))
    return re.compile(rf"(?<![\wÀ-ỹ])(?:{alternatives})(?![\wÀ-ỹ])"), by_lower


def proper_names(core: str) -> str:
    """Capitals back on the proper names inside a lower-cased collective name."""
    pattern, by_lower = _proper_pattern()
    return pattern.sub(lambda m: by_lower[m.group(0)], core)


# list members printed without their comma ("ban ngành"): the canonical list has it
_LIST_COMMAS = [(re.compile(rf"(?<![\wÀ-ỹ]){re.escape(a)}(?![\wÀ-ỹ])"), b) for a, b in _DATA["list_commas"]["pairs"]]


def _collective_name(phrase: str, scope: str, loc: Locality, place: str | None = None) -> str:
    core = " ".join(phrase.split()).lower()
    for printed, canonical in _LIST_COMMAS:
        core = printed.sub(canonical, core)
    core = re.sub(r"\s+,", ",", core)  # "đơn vị , doanh nghiệp" after "và" became a comma
    core = re.sub(r"\s*[-–]\s*", " - ", core)
    if not core.startswith(_CAC + " "):
        core = f"{_CAC} {core}"  # "Sở, ban, ngành thuộc UBND Thành phố có trách nhiệm …"
    core = proper_names(fold_tones(core))
    if place and scope != "central":
        return sentence_case(f"{core} {place}")
    if scope == "central" or not loc.own() or loc.from_body:
        # "các cơ quan liên quan" of a central notice about a province are not that province's
        return sentence_case(core)
    return sentence_case(f"{core} {loc.own()}")


def collective_core(phrase: str, loc: Locality) -> str:
    """A collective's canonical name without its place ("Các bộ, ngành" of "các Bộ, ngành")."""
    return _collective_name(phrase, "central", loc)


_TOO_GENERIC = frozenset(_DATA["too_generic"]["words"])
_RELATED = compiled("agency_mentions")["related"]


def resolve_span(text: str, key: str, s: int, e: int, kind: str, loc: Locality) -> Mention | None:
    gaz = gazetteer()
    if kind.startswith("rule:"):
        rule = next(r for _, r in gaz.rules if r["name"] == kind[5:])
        # "các sở, ban, ngành thuộc tỉnh (Lào Cai)" names the same collective as "các sở, ban, ngành"
        m = compiled("agency_mentions")["trailing_locality"].match(key, e)
        new_end, place = e, None
        if m:
            unit = m.group(1) or m.group(2)
            new_end, named = name_after(text, m.end(), LEVEL_OF_UNIT[unit]) if unit else (m.end(), None)
            if unit and named:
                # "các cơ quan liên quan của thành phố Huế": the place it names, even in a letter
                # that only speaks about that place
                hit = province_of(named) if LEVEL_OF_UNIT[unit] == "P" else None
                place = f"{hit[1]} {hit[0]}" if hit else f"{_FULL_WORD.get(unit, unit)} {named}"
        phrase = rule.get("canonical") or text[s:e]
        shared = compiled("agency_mentions")["related_persons_after"].match(key, e) if not m else None
        if shared and not compiled("agency_mentions")["related"].search(key, s, e):
            # "Thủ trưởng các cơ quan, đơn vị và các tổ chức, cá nhân có liên quan": the bodies
            # that are related (GUIDE.md); the persons are nobody's name
            phrase = f"{phrase} {' '.join(text[shared.start(1):shared.end(1)].split())}"
        if match_key(" ".join(phrase.split())) in _TOO_GENERIC or \
                compiled("agency_mentions")["persons_at_large"].fullmatch(match_key(" ".join(phrase.split()))):
            # "các cơ quan" alone names nobody in particular ("… của các cơ quan chuyên trách")
            return None
        scope = rule.get("scope", "local")
        if m and scope == "central" and _CENTRAL not in match_key(phrase):
            # "các cơ quan thông tấn, báo chí trên địa bàn Thành phố": the press of that place
            scope = "local"
        return Mention(s, new_end, text[s:new_end], _collective_name(phrase, scope, loc, place), "collective")
    alias_key = key[s:e]
    entry = gaz.entries.get(alias_key)
    organ = gaz.organs.get(alias_key)
    left_cac = key[max(0, s - len(_CAC) - 1):s] == _CAC + " "
    if entry is not None:
        suffix = suffix_after(text, key, e, alias_key) if entry["scope"] != "central" else Suffix(e)
        related = _RELATED.match(key, suffix.end) if suffix.collective else None
        if related:
            # "Ủy ban nhân dân cấp tỉnh có liên quan": the collective keeps it, as printed (GUIDE.md)
            suffix.collective = f"{suffix.collective} {' '.join(text[related.start(1):related.end()].split()).lower()}"
            suffix.end = related.end()
        name = _resolve_entry(entry, alias_key, suffix, loc, left_cac)
        if name:
            ms = s - len(_CAC) - 1 if left_cac and entry["scope"] == "unit" and not suffix.name else s
            base = re.sub(r"\s*\{[A-Z]+\}", "", entry["name"]).strip()
            if name.startswith("\x00"):
                return Mention(s, e, text[s:e], name, "entry", base)
            kind = "entry" if text[ms].isupper() or text[ms].isdigit() or ms != s else "parent"
            if kind == "parent":
                name = name[:1].lower() + name[1:]
                base = base[:1].lower() + base[1:]
            return Mention(ms, suffix.end, text[ms:suffix.end], fold_tones(name) if kind == "parent" else sentence_case(fold_tones(name)), kind, base)
    if organ is not None:
        return Mention(s, e, text[s:e], organ, "organ", organ)
    return None
