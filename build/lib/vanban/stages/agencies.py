"""Agency mentions -> one canonical name per agency, with the locality resolved from the document.

The gazetteer is data (vanban/data/agencies.json): canonical name templates with aliases,
organs ("Ban Tuyên giáo", "Giám đốc") that name a body only together with the body written
after them, and patterns for collective mentions ("các sở, ban, ngành"). Names are matched
with a spaCy PhraseMatcher over `match_key(text)` (lower case, one tone placement, same
length as the text), so a match is a span of the original text whatever case or tone
placement the document prints.

Tokenizer: `spacy.blank("xx")`, the language-neutral rule tokenizer: it splits on spaces and
punctuation. Vietnamese writes one syllable per space-separated token, and every gazetteer
name is a sequence of syllables, so no word segmentation (pyvi, underthesea) is needed to
match names; the same tokenizer turns the patterns into tokens, so "GD&ĐT" or "LĐ-TB&XH" are
split the same way on both sides. It loads no model, which keeps it fast over 1,300 files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vanban.model import Document
from vanban.rules import load_rules
from vanban.text.normalize import fold, fold_tones, match_key

_SYL = r"[A-ZĐÀ-Ỹ][^\s,;.:()\[\]/|*\"“”]*"
_NAME = re.compile(rf"{_SYL}(?:[ \n]+(?:-[ ]+)?{_SYL}){{0,4}}")
_UNIT_WORDS = ("thành phố", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "phường", "xã", "tp.", "tp")
_UNIT_RE = re.compile(r"\s+(thành phố|thị xã|đặc khu|tỉnh|huyện|quận|phường|xã|tp\.?)(?![\wÀ-ỹ])")
_COLL_UNIT = r"(?:xã|phường|đặc khu|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|cấp|bộ|ban|ngành|cơ quan ngang bộ)"
_COLL_RE = re.compile(
    rf"\s+((?:các|cấp)\s+{_COLL_UNIT}(?:\s*(?:,|và)\s*{_COLL_UNIT})*(?:\s+trực thuộc (?:trung ương|tỉnh))?)(?![\wÀ-ỹ])")
_UNIT_LIST_RE = re.compile(r"\s+((?:xã|phường|đặc khu|thị trấn)(?:\s*(?:,|/|và)\s*(?:xã|phường|đặc khu|thị trấn))+)(?![\wÀ-ỹ])")
_LEVEL_OF_UNIT = {"tỉnh": "P", "thành phố": "P", "tp": "P", "tp.": "P", "huyện": "D", "quận": "D", "thị xã": "D",
                  "xã": "C", "phường": "C", "đặc khu": "C"}


@dataclass(slots=True)
class Locality:
    """Where a document sits: its province (or centrally-run city), district and commune."""

    province: str | None = None      # "Lào Cai"
    province_kind: str = "tỉnh"      # "tỉnh" | "thành phố"
    district: str | None = None      # "Bác Ái"
    district_kind: str = "huyện"
    commune: str | None = None       # "Cam Đường"
    commune_kind: str = "xã"

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


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    agency: str
    kind: str = "entry"  # entry | organ | collective
    base: str = ""       # the name without its locality, for joining an organ to it


@dataclass(slots=True)
class _Gazetteer:
    nlp: Any
    matcher: Any
    entries: dict[str, dict[str, Any]]       # match key of an alias -> entry
    organs: dict[str, str]                   # match key of an alias -> organ name
    rules: list[tuple[re.Pattern[str], dict[str, Any]]]
    provinces: dict[str, tuple[str, str]]    # match key -> (name, kind)
    alias_of: dict[str, str] = field(default_factory=dict)  # match key of an alias -> template


@cache
def gazetteer() -> _Gazetteer:
    """Built once per process: the spaCy pipeline and matcher are the slow part."""
    import spacy
    from spacy.matcher import PhraseMatcher

    data = load_rules("agencies")
    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
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
    matcher.add("AGENCY", [nlp.make_doc(k.replace(".", " ")) for k in keys])
    rules = [(re.compile(r["pattern"], re.I), r) for r in data.get("rules", [])]
    provinces = {match_key(name): (name, kind) for kind, names in data["provinces"].items() for name in names}
    return _Gazetteer(nlp, matcher, entries, organs, rules, provinces, alias_of)


# --- the document's locality -------------------------------------------------------------

_HEADER_UNIT = re.compile(
    r"(?<![A-ZĐÀ-Ỹ])(TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|QUẬN ỦY|QUẬN UỶ|THỊ ỦY|THỊ UỶ|ĐẢNG ỦY|ĐẢNG UỶ|"
    r"THÀNH PHỐ|TP\.|TỈNH|HUYỆN|QUẬN|THỊ XÃ|PHƯỜNG|XÃ|ĐẶC KHU)\s+((?:[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*\s*-?\s*){1,5})")
_HEADER_STOP = {"ĐẢNG", "CỘNG", "ĐỘC", "SỐ", "ỦY", "UỶ", "BAN", "KẾ", "CHỈ", "THÔNG", "QUYẾT", "NGHỊ", "CÔNG", "HƯỚNG", "BÁO"}


def _title(words: str) -> str:
    return " ".join(w.capitalize() if w != "-" else w for w in words.split())


def _province(name: str) -> tuple[str, str] | None:
    """(name, kind) when `name` starts with a province name (the longest one)."""
    gaz = gazetteer()
    words = name.split()
    for n in range(min(len(words), 5), 0, -1):
        hit = gaz.provinces.get(match_key(" ".join(words[:n])))
        if hit:
            return hit
    return None


def _local_name(raw: str) -> str:
    words: list[str] = []
    for w in raw.split():
        if w.upper() in _HEADER_STOP and words:
            break
        words.append(w)
    return _title(" ".join(words[:3]))


def _read_header(text: str, loc: Locality) -> None:
    for m in _HEADER_UNIT.finditer(text):
        unit, raw = m.group(1), " ".join(m.group(2).split())
        unit_key = match_key(unit)
        if unit_key in ("thành phố", "tp.", "tỉnh", "tỉnh ủy", "thành ủy"):
            hit = _province(raw)
            if hit and not loc.province:
                loc.province, loc.province_kind = hit[0], hit[1]
        elif unit_key in ("huyện", "quận", "thị xã", "huyện ủy", "quận ủy", "thị ủy") and not loc.district:
            loc.district = _local_name(raw)
            loc.district_kind = {"huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã"}.get(unit_key, unit_key)
        elif unit_key in ("xã", "phường", "đặc khu") and not loc.commune:
            loc.commune, loc.commune_kind = _local_name(raw), unit_key


_BODY_PROVINCE = re.compile(r"(?:trên địa bàn|của|tại)\s+(tỉnh|thành phố|Thành phố)\s+(" + _SYL + r"(?:\s+" + _SYL + r"){0,3})")


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
            hit = _province(m.group(2))
            if hit:
                loc.province, loc.province_kind = hit
                break
    doc._locality = loc  # type: ignore[attr-defined]
    return loc


def _upper_header(name: str) -> str:
    # "Ủy ban nhân dân tỉnh Bắc Ninh" -> the header's "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    return name.upper()


_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", re.I)


def _strip_markup(text: str) -> str:
    # the national motto's "XÃ HỘI" is not a commune
    return _MOTTO.sub(" ", re.sub(r"[*_|#]+", " ", text))


def _header_end(text: str) -> int:
    """Offset of the document type line or the first 'Căn cứ'/'Thực hiện' line: the header is above."""
    m = re.search(r"^\W*(?:KẾ HOẠCH|CHỈ THỊ|THÔNG BÁO|QUYẾT ĐỊNH|NGHỊ ĐỊNH|NGHỊ QUYẾT|HƯỚNG DẪN|CHƯƠNG TRÌNH|KẾT LUẬN|"
                  r"THÔNG TƯ|CÔNG ĐIỆN|BÁO CÁO|Kính gửi|Căn cứ|Thực hiện)", text[:6000], re.M)
    return m.start() if m and m.start() > 0 else min(len(text), 1500)


# --- matching ------------------------------------------------------------------------------


def _raw_matches(text: str, key: str) -> list[tuple[int, int]]:
    gaz = gazetteer()
    # a name wrapped over two lines is still one name; same length, so offsets hold
    # and "2.Thường trực" (no space after the label) must give the token "thường"
    tokens = gaz.nlp.make_doc(key.replace("\n", " ").replace(".", " "))
    spans = []
    for _, s, e in gaz.matcher(tokens):
        cs, ce = tokens[s].idx, tokens[e - 1].idx + len(tokens[e - 1])
        first = text[cs]
        # a name starts with a capital ("Sở Y tế", not "cơ sở y tế"); Party texts write the
        # committee a body belongs to in lower case ("Văn phòng đảng ủy các ban, bộ, ngành"):
        # those are kept only to be joined to the organ before them
        if not (first.isupper() or first.isdigit()) and key[cs:ce] not in _LOWER_PARENTS and key[cs:ce] not in gaz.organs:
            continue
        spans.append((cs, ce))
    return spans


def _longest(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(e <= os or s >= oe for os, oe, _ in out):
            out.append((s, e, kind))
    return sorted(out)


@dataclass(slots=True)
class _Suffix:
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


def _name_after(text: str, pos: int, level: str) -> tuple[int, str | None]:
    m = _NAME.match(text, pos + 1) if pos < len(text) and text[pos] in " \n" else None
    if not m:
        return pos, None
    raw = m.group(0)
    if level == "P":
        hit = _province(raw)
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
        name = _title(name)
    return pos + 1 + raw.index(words[-1]) + len(words[-1]), name


def _suffix(text: str, key: str, end: int, alias_key: str) -> _Suffix:
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
        return _Suffix(m.end(), collective=coll)
    last = alias_key.split()[-1] if alias_key else ""
    tail_unit = next((u for u in _UNIT_WORDS if alias_key.endswith(" " + u) or alias_key == u), None)
    level = _LEVEL_OF_UNIT.get(tail_unit or "")
    if last == "ủy":
        level = "P" if alias_key.endswith(("tỉnh ủy", "thành ủy")) else "D" if alias_key.endswith(("huyện ủy", "quận ủy", "thị ủy")) else None
    if level:
        new_end, name = _name_after(text, end, level)
        return _Suffix(new_end, level=level, unit=None, name=name)
    if tail_unit:
        return _Suffix(end)
    if alias_key and alias_key.split()[0] in ("báo", "tỉnh", "thành"):
        # "Báo và Phát thanh, Truyền hình Lai Châu", "Tỉnh đoàn Lào Cai": the name right after
        new_end, name = _name_after(text, end, "P")
        if name:
            return _Suffix(new_end, level="P", name=name)
    m = _UNIT_LIST_RE.match(key, end)
    if m:
        # "UBND xã, phường" (no "các") is the collective "các xã, phường"
        return _Suffix(m.end(), collective="các " + _unit_order(key[m.start(1):m.end()]))
    m = _UNIT_RE.match(key, end)
    if m:
        unit = m.group(1)
        level = _LEVEL_OF_UNIT[unit]
        unit_word = "thành phố" if unit.startswith("tp") else unit
        new_end, name = _name_after(text, m.end(), level)
        return _Suffix(new_end, level=level, unit=unit_word, name=name)
    return _Suffix(end)


def _fill(template: str, loc: Locality, suffix: _Suffix, scope: str) -> str:
    """A name template with its placeholders filled from the mention's own locality words
    first, then the document's; a placeholder nobody can fill is dropped."""
    p_name, p_kind = loc.province, loc.province_kind
    d_name, d_kind = loc.district, loc.district_kind
    own = doc_own = loc.own()
    if suffix.level == "P" and suffix.name:
        hit = _province(suffix.name)
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


def _resolve_entry(entry: dict[str, Any], alias_key: str, suffix: _Suffix, loc: Locality, left_cac: bool) -> str | None:
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


def _sentence_case(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


@cache
def _proper_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names = load_rules("agencies")["proper_names"]["names"]
    by_lower = {fold_tones(n.lower()): n for n in names}
    alternatives = "|".join(re.escape(n) for n in sorted(by_lower, key=len, reverse=True))
    return re.compile(rf"(?<![\wÀ-ỹ])(?:{alternatives})(?![\wÀ-ỹ])"), by_lower


def _proper_names(core: str) -> str:
    """Capitals back on the proper names inside a lower-cased collective name."""
    pattern, by_lower = _proper_pattern()
    return pattern.sub(lambda m: by_lower[m.group(0)], core)


def _collective_name(phrase: str, scope: str, loc: Locality) -> str:
    core = " ".join(phrase.split()).lower()
    core = re.sub(r"\s*[-–]\s*", " - ", core)
    if not core.startswith("các "):
        core = "các " + core  # "Sở, ban, ngành thuộc UBND Thành phố có trách nhiệm …"
    core = _proper_names(fold_tones(core))
    if scope == "central" or not loc.own():
        return _sentence_case(core)
    return _sentence_case(f"{core} {loc.own()}")


_LOWER_PARENTS = {"đảng ủy", "tỉnh ủy", "thành ủy"}
_TOO_GENERIC = {"các cơ quan", "các đơn vị", "các tổ chức", "các cơ quan, tổ chức", "các cơ quan, đơn vị, tổ chức"}
# "các tổ chức, cá nhân (có liên quan)" is not an agency (GUIDE.md Decisions, consistency review)
_PERSONS_AT_LARGE = re.compile(r"(?:các )?tổ chức,\s*cá nhân(?:\s+(?:có\s+)?liên quan)?")
_TRAILING_LOCAL = re.compile(
    r"\s+(?:thuộc\s+)?(?:(?:ủy ban nhân dân|ubnd)\s+)?(?:cấp\s+)?(tỉnh|thành phố|huyện)(?![\wÀ-ỹ])|\s+trên địa bàn(?:\s+(tỉnh|thành phố))?")


def find_mentions(text: str, loc: Locality | None = None, start: int = 0, end: int | None = None) -> list[Mention]:
    """Agency mentions in text[start:end] with canonical names, organs joined to the body
    they belong to ("Giám đốc" + "Sở Công Thương" -> one mention)."""
    loc = loc or Locality()
    end = len(text) if end is None else end
    gaz = gazetteer()
    # newline as space: a name wrapped over two lines is still one name (same length)
    key_full = match_key(text).replace("\n", " ")
    chunk_key = key_full[start:end]
    chunk = text[start:end]
    spans: list[tuple[int, int, str]] = [(s + start, e + start, "gaz") for s, e in _raw_matches(chunk, chunk_key)]
    for pattern, rule in gaz.rules:
        for m in pattern.finditer(chunk_key):
            spans.append((m.start() + start, m.end() + start, "rule:" + rule["name"]))
    enumerated = _enumerations(text, start, end)
    spans = [sp for sp in spans if not any(es <= sp[0] < ee for es, ee, _ in enumerated)]
    spans = _longest(spans)
    resolved: list[Mention | None] = []
    reach = -1
    for s, e, kind in spans:
        found_m = _resolve(text, key_full, s, e, kind, loc)
        if found_m is not None and found_m.start < reach:
            continue  # inside the locality or collective words of the name before it
        if found_m is not None:
            reach = found_m.end
        resolved.append(found_m)
    found = _join_organs(text, _distribute(text, resolved))
    expand: dict[str, list[str]] = {}
    for _es, _ee, items in enumerated:
        found.extend(items)
        if items[0].base and "tỉnh" not in items[0].base:
            expand[fold(items[0].base + " các tỉnh, thành phố")] = [i.agency for i in items]
    if expand:
        # "Chủ tịch UBND các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa" after the list of them
        found = [Mention(m.start, m.end, m.text, name, m.kind, m.base) for m in found
                 for name in expand.get(fold(m.agency), [m.agency])]
    found.sort(key=lambda m: m.start)
    return found


_ENUM_RE = re.compile(r"(?:(?P<title>Bộ trưởng|Lãnh đạo|Thủ trưởng)\s+)?các\s+Bộ\s*:\s*", re.I)
_ENUM_PROV = re.compile(r"(?P<head>(?:(?:Chủ tịch|Phó Chủ tịch)\s+)?(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND))\s+các\s+tỉnh,\s*thành phố\s*:\s*", re.I)


def _enumerations(text: str, start: int, end: int) -> list[tuple[int, int, list[Mention]]]:
    """ "Các Bộ: Quốc phòng, Công an, Văn hóa, Thể thao và Du lịch" -> one mention per ministry
    (the first one's span opens at "Các Bộ" so that the list still opens its clause)."""
    gaz = gazetteer()
    out = []
    for m in _ENUM_RE.finditer(text, start, end):
        pieces = re.split(r"\s*,\s*", text[m.end():min(end, m.end() + 400)].split(";")[0].split("\n")[0])
        items: list[Mention] = []
        pos = m.end()
        i = 0
        while i < len(pieces):
            hit = None
            for n in (3, 2, 1):
                if i + n > len(pieces):
                    continue
                joined = ", ".join(pieces[i:i + n])
                words = joined.split()
                # the last piece may run on into the task ("Công an chủ động chỉ đạo …")
                for w in range(len(words), 0, -1):
                    cand = "Bộ " + " ".join(words[:w])
                    entry = gaz.entries.get(match_key(cand))
                    if entry is not None and entry["scope"] == "central":
                        hit = (n, " ".join(words[:w]), entry["name"])
                        break
                if hit:
                    break
            if not hit:
                break
            n, written, name = hit
            s = text.find(written, pos)
            title = m.group("title")
            agency = f"{title} {name}" if title and title.lower() == "bộ trưởng" else name
            items.append(Mention(m.start() if not items else s, s + len(written), text[s:s + len(written)], agency, "entry", agency))
            pos = s + len(written)
            i += n
        if items:
            out.append((m.start(), items[-1].end, items))
    for m in _ENUM_PROV.finditer(text, start, end):
        head = fold_tones(" ".join(m.group("head").split())).replace("UBND", "Ủy ban nhân dân")
        items = []
        pos = m.end()
        for piece in re.split(r"\s*,\s*", text[m.end():min(end, m.end() + 300)].split(";")[0].split("\n")[0]):
            prov = _province(piece.strip(" ."))
            if not prov:
                break
            s = text.find(prov[0].split()[0], pos)
            items.append(Mention(m.start() if not items else s, s + len(prov[0]), text[s:s + len(prov[0])],
                                 f"{head} {prov[1]} {prov[0]}", "entry", head))
            pos = s + len(prov[0])
        if items:
            out.append((m.start(), items[-1].end, items))
    return out


def _resolve(text: str, key: str, s: int, e: int, kind: str, loc: Locality) -> Mention | None:
    gaz = gazetteer()
    if kind.startswith("rule:"):
        rule = next(r for _, r in gaz.rules if r["name"] == kind[5:])
        # "các sở, ban, ngành thuộc tỉnh (Lào Cai)" names the same collective as "các sở, ban, ngành"
        m = _TRAILING_LOCAL.match(key, e)
        new_end = e
        if m:
            unit = m.group(1) or m.group(2)
            new_end = _name_after(text, m.end(), _LEVEL_OF_UNIT[unit])[0] if unit else m.end()
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
        suffix = _suffix(text, key, e, alias_key) if entry["scope"] != "central" else _Suffix(e)
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
            return Mention(ms, suffix.end, text[ms:suffix.end], fold_tones(name) if kind == "parent" else _sentence_case(fold_tones(name)), kind, base)
    if organ is not None:
        return Mention(s, e, text[s:e], organ, "organ", organ)
    return None


_LEVEL_TAIL = re.compile(r" (cấp (?:tỉnh|huyện|xã)|các cấp)$")


def _distribute(text: str, items: list[Mention | None]) -> list[Mention | None]:
    """A body written without its level takes the level of the list it stands in ("Công an,
    Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh" -> "Công an cấp tỉnh", …); alone it
    names nobody."""
    out: list[Mention | None] = list(items)
    for i, m in enumerate(out):
        if m is None or not m.agency.startswith("\x00"):
            continue
        name = m.agency[1:]
        organ = gazetteer().organs.get(match_key(" ".join(m.text.split())))
        # no level in its list: an organ after all ("Đảng ủy" + "Bộ Tài chính"), or nobody
        out[i] = Mention(m.start, m.end, m.text, organ, "organ", organ) if organ else None
        j, prev = i + 1, m
        while j < len(out) and out[j] is not None:
            nxt = out[j]
            assert nxt is not None
            # "…, Ban của Hội đồng nhân dân, …": an organ stands right before its body
            if not re.fullmatch(r"\s*(?:,|và|;)\s*", text[prev.end:nxt.start]) and \
                    not (prev.kind == "organ" and not text[prev.end:nxt.start].strip()):
                break
            tail = _LEVEL_TAIL.search(nxt.agency)
            if tail and not nxt.agency.startswith("\x00"):
                out[i] = Mention(m.start, m.end, m.text, f"{name} {tail.group(1)}", "entry", name)
                break
            prev, j = nxt, j + 1
    return out


def _join_organs(text: str, items: list[Mention | None]) -> list[Mention]:
    """Right to left, an organ directly followed by a body becomes part of that body's name:
    "Ban Tuyên giáo" + "Huyện ủy Bác Ái", "Thủ trưởng" + "các sở, ban, ngành tỉnh Đắk Lắk"."""
    out: list[Mention] = []
    nxt: Mention | None = None
    for m in reversed(items):
        if m is None:
            nxt = None
            continue
        if nxt is not None and m.kind in ("organ", "entry") and _adjacent(text, m, nxt) and _can_join(m, nxt):
            parent = nxt.agency
            if parent.startswith("Các "):
                parent = "c" + parent[1:]
            title = _sentence_case(m.base if m.kind == "organ" else (m.base or m.agency))
            joined = Mention(m.start, nxt.end, text[m.start:nxt.end], f"{title} {parent}".strip(),
                             "entry" if nxt.kind == "parent" else nxt.kind, f"{title} {nxt.base}".strip())
            if out and out[-1] is nxt:
                out.pop()
            out.append(joined)
            if m.kind == "organ" and text[max(0, m.start - 4):m.start].lower() == "các ":
                # "Các Đảng uỷ Bộ Tài chính, Bộ Nội vụ": the organ of each body of the list
                for k in range(len(out) - 2, -1, -1):
                    body = out[k]
                    if not re.fullmatch(r"\s*(?:,|và)\s*", text[out[k + 1].end if k + 1 < len(out) - 1 else nxt.end:body.start]) \
                            or body.kind != "entry" or body.agency.lower().startswith(title.lower()):
                        break
                    out[k] = Mention(body.start, body.end, body.text, f"{title} {body.agency}", "entry", f"{title} {body.base}")
            nxt = joined
            continue
        if m.kind not in ("organ", "parent"):
            out.append(m)
        nxt = m
    out.reverse()
    return out


def _adjacent(text: str, left: Mention, right: Mention) -> bool:
    gap = text[left.end:right.start]
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 2


def _can_join(left: Mention, right: Mention) -> bool:
    if left.kind == "organ":
        return True
    # an entry followed by the body it belongs to: "Ban Xây dựng Đảng" + "Đảng ủy UBND tỉnh";
    # two full names side by side in a list are separate agencies
    return left.agency.startswith(("Ban ", "Văn phòng", "Đảng ủy", "Thường trực", "Ủy ban Kiểm tra")) and \
        right.agency.lower().startswith(("đảng ủy", "tỉnh ủy", "thành ủy", "huyện ủy", "ủy ban nhân dân", "hội đồng nhân dân",
                                         "bộ ", "chính phủ", "quốc hội"))


# --- reporting -------------------------------------------------------------------------------


def canonical(mention: str, doc: Document | None = None) -> str | None:
    """The canonical name of one mention written on its own ("UBND tỉnh", "Sở GD&ĐT")."""
    loc = locality_of(doc) if doc is not None else Locality()
    found = find_mentions(mention, loc)
    return found[0].agency if found else None


def aliases_seen(docs: Iterable[Document]) -> dict[str, set[str]]:
    """{canonical agency: the mentions written for it} over documents already run (their ORG
    entities and assignments)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        loc = locality_of(doc)
        for m in find_mentions(doc.text, loc):
            seen[m.agency].add(" ".join(m.text.split()))
    return dict(seen)


def same_agency(a: str, b: str) -> bool:
    return fold(a) == fold(b)
