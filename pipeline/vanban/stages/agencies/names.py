"""A matched name -> its canonical form: the locality words after it ("tỉnh Lào Cai", "các xã,
phường"), the template of its gazetteer entry filled from them and from the document's
locality, collective names ("các sở, ban, ngành") in their canonical case."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.stages.agencies.gazetteer import SYLLABLE, Mention, gazetteer, province_of, title_case
from vanban.stages.agencies.locality import Locality
from vanban.text.normalize import fold_tones, match_key

_NAME = re.compile(rf"{SYLLABLE}(?:[ \n]+(?:-[ ]+)?{SYLLABLE}){{0,4}}")


_UNIT_WORDS = ("thành phố", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "phường", "xã", "tp.", "tp")


_UNIT_RE = re.compile(r"\s+(thành phố|thị xã|đặc khu|tỉnh|huyện|quận|phường|xã|tp\.?)(?![\wÀ-ỹ])")


_COLL_UNIT = r"(?:xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|cấp|bộ|ban|ngành|cơ quan ngang bộ)"


_COLL_RE = re.compile(
    rf"\s+((?:các|cấp)\s+{_COLL_UNIT}(?:\s*(?:,|và)\s*{_COLL_UNIT})*(?:\s+trực thuộc (?:trung ương|tỉnh))?)(?![\wÀ-ỹ])")


_UNIT_LIST_RE = re.compile(r"\s+((?:xã|phường|đặc khu|thị trấn)(?:\s*(?:,|/|và)\s*(?:xã|phường|đặc khu|thị trấn))+)(?![\wÀ-ỹ])")


LEVEL_OF_UNIT = {"tỉnh": "P", "thành phố": "P", "tp": "P", "tp.": "P", "huyện": "D", "quận": "D", "thị xã": "D",
                  "xã": "C", "phường": "C", "đặc khu": "C"}


@dataclass(slots=True)
class Suffix:
    end: int
    level: str | None = None        # P | D | C
    unit: str | None = None         # the unit word as the canonical name writes it
    name: str | None = None         # explicit place name
    collective: str | None = None   # "các xã, phường"


_UNIT_ORDER = ("xã", "phường", "đặc khu", "thị trấn")


def _unit_order(units: str) -> str:
    """"phường, xã, đặc khu" and "xã/phường" name the same collective as "xã, phường, đặc khu"."""
    found = [u for u in _UNIT_ORDER if re.search(rf"(?<![\wÀ-ỹ]){u}(?![\wÀ-ỹ])", units)]
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
    stop = next((i for i, w in enumerate(words) if match_key(w) in ("chủ", "phối", "có", "thực", "tổ", "giao", "ubnd")), len(words))
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
        if re.fullmatch(r"(?:xã|phường|đặc khu|thị trấn)(?:\s*(?:,|/|và)\s*(?:xã|phường|đặc khu|thị trấn))*", rest) and \
                (head == "các" or "," in rest):
            coll = "các " + _unit_order(rest)  # "cấp xã, phường" is the list "các xã, phường"
        return Suffix(m.end(), collective=coll)
    last = alias_key.split()[-1] if alias_key else ""
    tail_unit = next((u for u in _UNIT_WORDS if alias_key.endswith(" " + u) or alias_key == u), None)
    level = LEVEL_OF_UNIT.get(tail_unit or "")
    if last == "ủy":
        level = "P" if alias_key.endswith(("tỉnh ủy", "thành ủy")) else "D" if alias_key.endswith(("huyện ủy", "quận ủy", "thị ủy")) else None
    if level:
        new_end, name = name_after(text, end, level)
        return Suffix(new_end, level=level, unit=None, name=name)
    if tail_unit:
        return Suffix(end)
    if alias_key and alias_key.split()[0] in ("báo", "tỉnh", "thành"):
        # "Báo và Phát thanh, Truyền hình Lai Châu", "Tỉnh đoàn Lào Cai": the name right after
        new_end, name = name_after(text, end, "P")
        if name:
            return Suffix(new_end, level="P", name=name)
    m = _UNIT_LIST_RE.match(key, end)
    if m:
        # "UBND xã, phường" (no "các") is the collective "các xã, phường"
        return Suffix(m.end(), collective="các " + _unit_order(key[m.start(1):m.end()]))
    m = _UNIT_RE.match(key, end)
    if m:
        unit = m.group(1)
        level = LEVEL_OF_UNIT[unit]
        unit_word = "thành phố" if unit.startswith("tp") else unit
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
        own = f"{suffix.unit or 'xã'} {suffix.name}" if suffix.name else loc.full("C") or (suffix.unit or None)
    elif suffix.level == "P":
        own = loc.full("P") or suffix.unit
    values = {
        # a province nobody names, in a document that names no place at all (a decree): the class
        "{P}": f"{p_kind} {p_name}" if p_name else ("" if suffix.level != "P" else
                                                    (suffix.unit or "tỉnh") if doc_own else "cấp tỉnh"),
        "{PN}": p_name or "",
        "{PU}": "Thành ủy" if p_kind == "thành phố" else "Tỉnh ủy",
        "{D}": f"{d_kind} {d_name}" if d_name else (d_kind if suffix.level == "D" else "huyện") if doc_own else "cấp huyện",
        "{DN}": d_name or "",
        "{DU}": {"quận": "Quận ủy", "thị xã": "Thị ủy"}.get(d_kind, "Huyện ủy"),
        "{L}": own or "",
    }
    out = template
    for ph, value in values.items():
        out = out.replace(ph, value)
    return " ".join(out.split())


def _resolve_entry(entry: dict[str, Any], alias_key: str, suffix: Suffix, loc: Locality, left_cac: bool) -> str | None:
    scope = entry["scope"]
    template = entry["name"]
    if scope == "central":
        return template
    if suffix.collective:
        base = re.sub(r"\s*\{[A-Z]+\}", "", template).strip()
        coll = suffix.collective
        if coll == "cấp xã" and loc.province and not loc.district:
            # in a province's document (two levels since 7/2025) the commune level is its
            # communes and wards, as the gold writes it
            coll = "các xã, phường"
        if "trung ương" in coll or coll in ("cấp tỉnh", "các tỉnh", "các cấp") or not loc.own():
            return f"{base} {coll}" if not loc.own() or "trung ương" in coll or coll == "cấp tỉnh" else f"{base} {coll} {loc.own()}"
        return f"{base} {coll} {_above(coll, loc)}".strip()
    if scope == "unit":
        if suffix.level is None:
            # "Công an, Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh": may borrow the level
            # of the last body of its list (see _distribute)
            return "\x00" + template
        if left_cac and not suffix.name:
            # "Các Đảng ủy xã" is the collective "Đảng ủy các xã"
            unit = suffix.unit or ""
            return f"{template} các {unit} {_above('các ' + unit, loc)}".strip()
        if not suffix.name and suffix.level in _LEVEL_WORD and not loc.own() and suffix.unit != "đặc khu":
            # "Ủy ban nhân dân tỉnh" in a decree of the Government names no province: it is
            # each province's, the class "Ủy ban nhân dân cấp tỉnh"
            return f"{template} cấp {_LEVEL_WORD[suffix.level]}"
        place = _fill("{L}", loc, suffix, scope)
        return f"{template} {place}".strip()
    return _fill(template, loc, suffix, scope)


_LEVEL_WORD = {"P": "tỉnh", "D": "huyện", "C": "xã"}


def _above(coll: str, loc: Locality) -> str:
    """The locality a collective of lower units belongs to: "các xã" of the district in a
    district document, of the province otherwise."""
    if any(u in coll for u in ("xã", "phường", "đặc khu", "thị trấn")):
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


def _collective_name(phrase: str, scope: str, loc: Locality) -> str:
    core = " ".join(phrase.split()).lower()
    core = re.sub(r"\s*[-–]\s*", " - ", core)
    if not core.startswith("các "):
        core = "các " + core  # "Sở, ban, ngành thuộc UBND Thành phố có trách nhiệm …"
    core = proper_names(fold_tones(core))
    if scope == "central" or not loc.own() or loc.from_body:
        # "các cơ quan liên quan" of a central notice about a province are not that province's
        return sentence_case(core)
    return sentence_case(f"{core} {loc.own()}")


_TOO_GENERIC = {"các cơ quan", "các đơn vị", "các tổ chức", "các cơ quan, tổ chức", "các cơ quan, đơn vị, tổ chức"}


# "các tổ chức, cá nhân (có liên quan)" is not an agency (GUIDE.md Decisions, consistency review)
_PERSONS_AT_LARGE = re.compile(r"(?:các )?tổ chức,\s*cá nhân(?:\s+(?:có\s+)?liên quan)?")


_TRAILING_LOCAL = re.compile(
    r"\s+(?:thuộc\s+)?(?:(?:ủy ban nhân dân|ubnd)\s+)?(?:cấp\s+)?(tỉnh|thành phố|huyện)(?![\wÀ-ỹ])|\s+trên địa bàn(?:\s+(tỉnh|thành phố))?")


def resolve_span(text: str, key: str, s: int, e: int, kind: str, loc: Locality) -> Mention | None:
    gaz = gazetteer()
    if kind.startswith("rule:"):
        rule = next(r for _, r in gaz.rules if r["name"] == kind[5:])
        # "các sở, ban, ngành thuộc tỉnh (Lào Cai)" names the same collective as "các sở, ban, ngành"
        m = _TRAILING_LOCAL.match(key, e)
        new_end = e
        if m:
            unit = m.group(1) or m.group(2)
            new_end = name_after(text, m.end(), LEVEL_OF_UNIT[unit])[0] if unit else m.end()
        phrase = rule.get("canonical") or text[s:e]
        if match_key(" ".join(phrase.split())) in _TOO_GENERIC or _PERSONS_AT_LARGE.fullmatch(match_key(" ".join(phrase.split()))):
            # "các cơ quan" alone names nobody in particular ("… của các cơ quan chuyên trách")
            return None
        return Mention(s, new_end, text[s:new_end], _collective_name(phrase, rule.get("scope", "local"), loc), "collective")
    alias_key = key[s:e]
    entry = gaz.entries.get(alias_key)
    organ = gaz.organs.get(alias_key)
    left_cac = key[max(0, s - 4):s] == "các "
    if entry is not None:
        suffix = suffix_after(text, key, e, alias_key) if entry["scope"] != "central" else Suffix(e)
        name = _resolve_entry(entry, alias_key, suffix, loc, left_cac)
        if name:
            ms = s - 4 if left_cac and entry["scope"] == "unit" and not suffix.name else s
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
