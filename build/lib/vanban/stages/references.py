"""References: every mention of another document, typed, dated, with its issuer and the
relation the citing document has to it, resolved to one identity key (`vanban.stages.identity`).

The grammar is data (`data/citations.json`), the relation cues too (`data/relation_cues.json`).
Mentions are found code-first: a "số và ký hiệu" is the most reliable thing in a citation, so
every code is found wherever it stands, then the words around it say what it is (type word,
name, "số", list of numbers on the left; date and issuer on the right). Short forms ("Chỉ thị
28", "Nghị định nêu trên") are resolved to a full mention of the same document; names without
a number ("Luật Đầu tư công", "Chương trình … giai đoạn 2021-2030") become mentions with `name`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from vanban.model import Document, Reference
from vanban.rules import load_rules
from vanban.stages import identity
from vanban.text.normalize import fold, fold_tones, match_key
from vanban.vocab import as_relation

# --- grammar ---------------------------------------------------------------------------------


@cache
def grammar() -> dict[str, re.Pattern[str]]:
    """The citation rules compiled, templates expanded from their fragments. Case-insensitive
    (titles are printed in capitals); fragments that must see case say (?-i:...)."""
    data = load_rules("citations")
    frags: dict[str, str] = {r["name"]: r["pattern"] for r in data["rules"] if "pattern" in r}
    words = sorted(data["type_words"], key=len, reverse=True)
    frags["type_word"] = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    lower = set(data["lowercase_types"])
    forms = []
    for w in words:
        forms += [re.escape(w), re.escape(w.upper())] + ([re.escape(w.lower())] if w in lower else [])
    frags["type_word_cap"] = "(?-i:" + "|".join(forms) + ")"
    out: dict[str, re.Pattern[str]] = {}
    for rule in data["rules"]:
        src = rule.get("pattern") or expand(rule["template"], frags)
        frags.setdefault(rule["name"], src)
        out[rule["name"]] = re.compile(src, re.I)
    return out


def expand(template: str, frags: dict[str, str]) -> str:
    """Replace {fragment} by the fragment's pattern (repeatedly: templates use templates)."""
    for _ in range(5):
        new = re.sub(r"\{([a-z_]+)\}", lambda m: "(?:" + frags[m.group(1)] + ")" if m.group(1) in frags else m.group(0), template)
        if new == template:
            break
        template = new
    return template


@cache
def _type_names() -> dict[str, str]:
    data = load_rules("citations")
    names = {fold(w): w for w in data["type_words"]}
    for k, v in data["type_names"].items():
        names[fold(k)] = v
    return names


@cache
def _symbol_types() -> tuple[dict[str, str], dict[str, str]]:
    """type code -> type name, for the state and the Party families."""
    state: dict[str, str] = {}
    party: dict[str, str] = {}
    for t in load_rules("doc_types")["types"]:
        for c in t["state"]:
            state.setdefault(c, t["name"])
        for c in t["party"]:
            party.setdefault(c, t["name"])
    party.setdefault("QĐi", "Quy định")
    return state, party


def normal_type(word: str | None) -> str | None:
    if not word:
        return None
    return _type_names().get(fold(word), word[:1].upper() + word[1:].lower())


def type_from_code(code: str) -> str | None:
    """The type a code's symbol names when the text gives no type word."""
    if code.startswith(("QCVN", "TCVN")):
        return "Quy chuẩn kỹ thuật quốc gia" if code.startswith("QCVN") else "Tiêu chuẩn"
    split = identity.split_code(code)
    if not split:
        return None
    sym = split[1]
    state, party = _symbol_types()
    if identity.is_party_symbol(sym):
        return party.get(sym.split("/", 1)[0])
    if identity.has_year(sym):
        sym = sym.split("/", 1)[1]
    first = re.split(r"[-/]", sym)[0]
    if re.fullmatch(r"QH\d+", first):
        return "Luật"
    if first in state:
        return state[first]
    return "Công văn" if "-" in sym or "/" not in sym else None


# --- the citing document's context ------------------------------------------------------------

_LEVELS = {"tỉnh": "province", "thành phố": "province", "tỉnh ủy": "province", "thành ủy": "province",
           "huyện": "district", "quận": "district", "thị xã": "district", "huyện ủy": "district",
           "quận ủy": "district", "thị ủy": "district", "xã": "commune", "phường": "commune",
           "thị trấn": "commune", "đặc khu": "commune"}
_PLACE = re.compile(
    r"(?<![\w])(tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)"
    r"\s+(?-i:(?!(?:Đảng|ĐẢNG|Cộng|CỘNG|Độc)\b)([A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+(?!(?:Đảng|ĐẢNG|Cộng|CỘNG|Độc)\b)[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ]*){0,3}))", re.I)
_UPPER_STOP = {"ĐẢNG", "CỘNG", "ĐỘC", "SỐ", "V/V"}


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
        level = _LEVELS[m.group(1).lower()]
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


# --- issuers ------------------------------------------------------------------------------------

_ABBR = [(re.compile(p), r) for p, r in (
    (r"\bUBND\b", "Ủy ban nhân dân"), (r"\bHĐND\b", "Hội đồng nhân dân"), (r"\bBTV\b", "Ban Thường vụ"),
    (r"\bBCH\b", "Ban Chấp hành"), (r"\bTW\b", "Trung ương"), (r"\bTƯ\b", "Trung ương"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"), (r"\bVPCP\b", "Văn phòng Chính phủ"), (r"\bTTg\b", "Thủ tướng Chính phủ"),
)]
_ISSUER_STOP = re.compile(
    r"\s+(?:về|V/v|v/v|thực hiện|triển khai|ban hành|quy định|hướng dẫn|phê duyệt|sửa đổi|khóa|khoá|tại|đã|đến|"
    r"trong|theo|để|nhằm|cho|với|gửi|đối với|(?:và|,)\s+(?-i:(?=[a-zđà-ỹ]))|và\s+(?=(?:các\s+)?(?:"
    + "|".join(re.escape(w) for w in sorted(load_rules("citations")["type_words"], key=len, reverse=True))
    + r")\b))|\s*[,;.()\n:“”\"]|\s+\d", re.I)


# Lower-case words that occur inside the names of bodies ("Ủy ban nhân dân tỉnh", "Bộ Nông
# nghiệp và Môi trường", "Ban thường vụ Tỉnh ủy"); any other lower-case word ends the name.
_NAME_BIGRAMS = ("nhân dân", "thành phố", "thị xã", "thị trấn", "thường vụ", "chấp hành", "đặc khu")
_NAME_WORDS = {"tỉnh", "huyện", "quận", "xã", "phường"}


def read_issuer(text: str, pos: int) -> tuple[str | None, int]:
    """The issuer named after 'của' at `pos`: (issuer as written, end offset)."""
    m = grammar()["issuer_head"].match(text, pos)
    if not m:
        return None, pos
    start = m.end()
    window = text[start:start + 160]
    stop = _ISSUER_STOP.search(window)
    raw = window[: stop.start()] if stop else window
    words = raw.split()
    kept: list[str] = []
    after_place = False  # past "tỉnh", "Tỉnh ủy", "huyện" …: only the place's proper name follows
    i = 0
    while i < len(words) and len(kept) < 14:
        w = words[i]
        low = w.lower()
        if w in _NAME_WORDS or (low in ("ủy", "uỷ") and kept and kept[-1].lower() in ("tỉnh", "thành", "huyện", "quận", "thị")):
            after_place = True
        elif after_place and not w[:1].isupper():
            break
        pair = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair.lower() in _NAME_BIGRAMS:
            after_place = after_place or pair.lower() in ("thành phố", "thị xã", "thị trấn", "đặc khu")
            kept += [w, words[i + 1]]
            i += 2
            continue
        prev_upper = bool(kept) and kept[-1][:1].isupper()
        next_upper = i + 1 < len(words) and words[i + 1][:1].isupper()
        # Names are in sentence case: a lower-case syllable may follow a capitalised one
        # ("Bộ Tài chính", "Tỉnh ủy"), two lower-case words in a row end the name
        # ("Tỉnh ủy thành các chương trình").
        if w[:1].isupper() or w.lower() in _NAME_WORDS or (prev_upper and w[:1].isalpha() and w != "và") or (
                w in ("và", "-", "–") and next_upper and kept):
            kept.append(w)
            i += 1
            continue
        break
    while kept and kept[-1] in ("và", "-", "–"):
        kept.pop()
    if not kept or not kept[0][:1].isupper():
        return None, pos
    # End offset: the position right after the last kept word.
    off = 0
    for w in kept:
        off = window.index(w, off) + len(w)
    return " ".join(kept), start + off


def issuer_fits(code: str, issuer: str | None) -> bool:
    """Can `issuer` have issued `code`? A "của …" after a citation sometimes belongs to the
    citing phrase ("Kế hoạch thực hiện Chương trình số 104-CTr/TU của Ủy ban nhân dân tỉnh":
    the plan is the province's, the programme the Party committee's)."""
    if not issuer:
        return False
    split = identity.split_code(code)
    if not split:
        return True
    sym = identity.canonical_symbol(split[1])
    low = fold(issuer)
    if identity.is_party_symbol(sym):
        iss = sym.split("/", 1)[1].split("-")[0]
        if iss.endswith("TW"):
            return bool(re.search(r"trung ương|bộ chính trị|ban bí thư|ban chấp hành", low))
        if iss.endswith(("TU", "HU", "QU")):
            return bool(re.search(r"(?:tỉnh|thành|huyện|quận|thị) ủy", low))
        if iss.endswith("ĐU"):
            return "đảng ủy" in low
        return True
    groups = set(re.split(r"[-/]", sym))
    if "UBND" in groups:
        return "ủy ban nhân dân" in low or "ubnd" in low
    if "HĐND" in groups:
        return "hội đồng nhân dân" in low or "hđnd" in low
    return True


def resolve_issuer(raw: str | None, ctx: Context) -> str | None:
    """An issuer as the gold names it: abbreviations expanded, old tone placement, the
    locality added from the citing document when the mention leaves it implicit."""
    if not raw:
        return None
    name = re.sub(r"\s+", " ", raw).strip(" ,")
    for pat, rep in _ABBR:
        name = pat.sub(rep, name)
    name = fold_tones(name)
    name = re.sub(r"^Bộ trưởng\s+(?=Bộ\s)", "", name)
    name = re.sub(r"^(Ban Chấp hành Trung ương)(?: Đảng)?$", r"\1 Đảng", name) if name.startswith("Ban Chấp hành Trung ương") else name
    low = name.lower()
    for word, level in sorted(_LEVELS.items(), key=lambda kv: -len(kv[0])):
        if low.endswith(" " + word) or low == word:
            place = ctx.name(level)
            if place:
                name = f"{name} {place}"
            return name
        m = re.search(r"(?:^|\s)" + re.escape(word) + r"\s+(\S.*)$", low)
        if m:
            place = ctx.name(level)
            given = name[len(name) - len(m.group(1)):]
            # A truncated place name ("Tỉnh ủy Lào" for Lào Cai) is the context's place.
            if place and fold(place).startswith(fold(given)) and fold(place) != fold(given):
                name = name[: len(name) - len(given)] + place
            return name
    return name


def issuer_from_code(code: str, ctx: Context) -> str | None:
    """The issuer a code names ("/TU" -> "Tỉnh ủy <province>", "NĐ-CP" -> "Chính phủ")."""
    split = identity.split_code(code)
    if not split:
        return None
    sym = identity.canonical_symbol(split[1])
    codes = load_rules("issuer_codes")
    if identity.is_party_symbol(sym):
        iss = sym.split("/", 1)[1].split("-")[0]
        body = codes["party"].get(iss)
        if not body:
            return None
        if iss in ("TU", "BTCTU", "BTGTU", "BDVTU", "BTGDVTU", "BNCTU", "UBKTTU", "VPTU") and ctx.name("province"):
            return f"{body} {ctx.name('province')}"
        if iss in ("HU", "QU") and ctx.name("district"):
            return f"{body} {ctx.name('district')}"
        if iss == "ĐU" and ctx.issuer and ctx.issuer.lower().startswith("đảng ủy") and ctx.family == "party":
            return ctx.issuer
        return body
    if identity.has_year(sym):
        sym = sym.split("/", 1)[1]
    groups = re.split(r"[-/]", sym)
    types = _symbol_types()[0]
    own = set(re.split(r"[-/]", ctx.symbol.split("/", 1)[-1] if ctx.symbol and identity.has_year(ctx.symbol) else ctx.symbol or ""))
    for g in groups:
        # "văn bản số 5141/SNNMT-KS" in a letter of the same department (SNNMT-KS).
        if g in own and g not in types and re.fullmatch(r"S[A-ZĐ]{1,8}", g) and ctx.issuer:
            return ctx.issuer
    for i, g in enumerate(groups):
        g = re.sub(r"(?<=[A-Za-z])\d+$", "", g)  # QH15 -> QH
        if i == 0 and g in types and len(groups) > 1:
            continue
        if g in ("UBND", "HĐND"):
            if ctx.issuer and ctx.issuer.lower().startswith(codes["state"][g].lower()):
                return ctx.issuer
            return f"{codes['state'][g]} tỉnh {ctx.name('province')}" if ctx.name("province") else codes["state"][g]
        if g in codes["state"]:
            return codes["state"][g]
    return None


# --- finding mentions ---------------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    code: str | None
    doc_type: str | None
    date: str | None = None
    issuer_raw: str | None = None
    name: str | None = None
    code_start: int = 0  # where the code itself begins (for list grouping)
    kind: str = "code"  # code | list | short | anaphora | name
    relation: str = "cites"
    issuer: str | None = None
    target: str | None = None


def _date(m: re.Match[str]) -> str | None:
    d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def read_tail(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """Date and issuer after a code: ', ngày 25/12/2023 của Bộ Chính trị' (either order)."""
    g = grammar()
    date = issuer = None
    end = pos
    for _ in range(2):
        m = re.compile(r"\s*,?\s*(?:ban hành\s+)?").match(text, end)
        after = m.end() if m else end
        dm = g["date_numeric"].match(text, after) or g["date_words"].match(text, after)
        if dm and date is None:
            date = _date(dm)
            end = dm.end()
            continue
        if issuer is None:
            raw, iend = read_issuer(text, end)
            if raw:
                issuer, end = raw, iend
                term = re.match(r"\s+kh[oó]a\s+[IVXLC]+\b", text[end:end + 20])
                if term:
                    end += term.end()  # "… Trung ương Đảng khóa XIV": the term, part of the citation
                continue
        break
    return date, issuer, end


def _code_of(m: re.Match[str]) -> tuple[str, str, str] | None:
    """(code, number, symbol) of a code match, canonical."""
    if m.group("std"):
        std = re.sub(r":\s+", ":", re.sub(r"^(QCVN|TCVN)\s?", r"\1 ", m.group("std")))
        return std, std, ""
    if m.group("pnum"):
        number = m.group("pnum")
        symbol = f"{m.group('ptype')}/{m.group('piss')}"
        if not identity.is_party_symbol(identity.canonical_symbol(symbol)):
            return None
    else:
        number = m.group("num")
        symbol = (m.group("year") + "/" if m.group("year") else "") + m.group("sym")
    symbol = identity.canonical_symbol(symbol)
    return identity.canonical_code(number, symbol), number, symbol


def _repair(text: str, m: re.Match[str], code: str, number: str, symbol: str,
            left: str) -> tuple[str, str, int]:
    """OCR and layout slips around a code that the text itself makes unambiguous:
    "số 1 25/2025/NĐ-CP" (a digit split off), "13/2020/TT BTC" (space for the hyphen),
    "58/2024/QH1 5" (session number split)."""
    end = m.end()
    if not symbol:
        return code, symbol, end
    split_digit = re.search(r"(?:số|Số)\s+([1Il])\s$", left)
    if split_digit and not identity.is_party_symbol(symbol):
        number = "1" + number
    tail = text[end:end + 12]
    groups = re.split(r"[-/]", symbol)
    state_types = _symbol_types()[0]
    issuers = load_rules("issuer_codes")["state"]
    t = re.match(r" ([A-ZĐ]{2,})\b", tail)
    if t and groups[-1] in state_types and len(groups) <= 2 and t.group(1) in issuers:
        symbol, end = f"{symbol}-{t.group(1)}", end + t.end()
    q = re.match(r" (\d)\b", tail)
    if q and re.search(r"QH\d$", m.group(0)):
        symbol = re.sub(r"QH$", "QH" + m.group(0)[-1], symbol)
        symbol, end = symbol + q.group(1), end + q.end()
    symbol = identity.canonical_symbol(symbol)
    return identity.canonical_code(number, symbol), symbol, end


_NAMED_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")


def _plausible_lead(lead: re.Match[str]) -> bool:
    """Only a law's name runs long between its type word and its number ("Luật Quản lý, sử
    dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 42/2024/QH15"); other types carry a few
    words at most ("Quyết định của Bộ Chính trị số 31-QĐ/TW", "Kế hoạch kiểm tra số 1105"),
    so a long stretch of prose means the type word belongs to something else."""
    between = lead.group("between").split()
    if normal_type(lead.group("type")) in _NAMED_TYPES:
        return True
    return len(between) <= 6 and not any(w.endswith(",") for w in between)


def find_codes(text: str) -> list[Mention]:
    g = grammar()
    out: list[Mention] = []
    for m in g["code"].finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.-"):
            continue  # inside a longer token (a date, a path)
        left = text[max(0, m.start() - 220): m.start()]
        if g["form_prefix"].search(left[-30:]):
            continue
        if re.match(r"\s?/\s?\d", text[m.end():m.end() + 3]) or re.search(r"\d[ \t]*\n[ \t]*$", left[-6:]):
            continue  # a form number ("01-ĐĐN/SHTT/2020") or a code broken over lines
        parsed = _code_of(m)
        if not parsed:
            continue
        code, number, symbol = parsed
        code, symbol, code_end = _repair(text, m, code, number, symbol, left)
        lead = g["lead_in"].search(left)
        start = m.start()
        doc_type = None
        name = None
        if lead and not m.group("std") and _plausible_lead(lead):
            start = m.start() - (len(left) - lead.start())
            doc_type = normal_type(lead.group("type"))
            between = re.sub(r"\s+", " ", lead.group("between")).strip(" ,")
            if between and doc_type in ("Luật", "Bộ luật", "Pháp lệnh") and not between.lower().startswith("số"):
                name = f"{lead.group('type')} {between}"
            elif doc_type == "Công văn" and symbol and type_from_code(code) not in (None, "Công văn"):
                doc_type = type_from_code(code)
        date, issuer_raw, end = read_tail(text, code_end)
        mention = Mention(start=start, end=end, code=code, doc_type=doc_type or type_from_code(code), date=date,
                          issuer_raw=issuer_raw, name=name, code_start=m.start())
        # "các Nghị định số 24, 25 và 26/2026/NĐ-CP": the numbers before share the symbol.
        listed = g["list_numbers"].search(left[-120:])
        if listed and symbol:
            nums = re.split(r"\s*,\s*", listed.group("nums"))
            list_start = m.start() - (len(left[-120:]) - listed.start("nums"))
            lead_list = g["lead_in"].search(text[max(0, list_start - 200): list_start])
            ltype = normal_type(lead_list.group("type")) if lead_list else mention.doc_type
            for n in nums:
                out.append(Mention(start=list_start, end=end, code=identity.canonical_code(n, symbol),
                                   doc_type=ltype or type_from_code(code), date=date, issuer_raw=issuer_raw,
                                   code_start=list_start, kind="list"))
            if lead_list:
                mention.start = list_start - (list_start - max(0, list_start - 200) - lead_list.start())
                for x in out[-len(nums):]:
                    x.start = mention.start
        out.append(mention)
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, start))
    for j in (i - 1, i):
        if 0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1]:
            return True
    return False


def find_short_forms(text: str, full: list[Mention]) -> list[Mention]:
    """'Chỉ thị 28', 'Nghị định 24/2026', 'Chỉ thị nêu trên': the same document as a full
    mention of the same type and number (the latest one before, else the first after)."""
    g = grammar()
    spans = sorted((m.start, m.end) for m in full)
    by_type: dict[str, list[Mention]] = {}
    for m in sorted(full, key=lambda x: x.start):
        if m.doc_type and m.code:
            by_type.setdefault(m.doc_type, []).append(m)
    out: list[Mention] = []
    for sm in g["short_form"].finditer(text):
        if _overlaps(spans, sm.start(), sm.end()):
            continue
        dtype = normal_type(sm.group("type"))
        num = sm.group("num")
        year = sm.group("year")
        cands = [m for m in by_type.get(dtype or "", [])
                 if m.code and (parts := identity.split_code(m.code)) and
                 parts[0].lstrip("0") == num.lstrip("0") and (not year or year in m.code)]
        if not cands:
            continue
        before = [m for m in cands if m.start < sm.start()]
        ref = before[-1] if before else cands[0]
        out.append(Mention(start=sm.start(), end=sm.end(), code=ref.code, doc_type=dtype, date=ref.date,
                           issuer_raw=ref.issuer_raw, code_start=sm.start(), kind="short"))
    for am in g["anaphoric_form"].finditer(text):
        dtype = normal_type(am.group("type"))
        before = [m for m in by_type.get(dtype or "", []) if m.end <= am.start()]
        if not before:
            continue
        ref = before[-1]
        out.append(Mention(start=am.start(), end=am.end(), code=ref.code, doc_type=dtype, date=ref.date,
                           issuer_raw=ref.issuer_raw, code_start=am.start(), kind="anaphora"))
    return out


@cache
def _name_stop() -> re.Pattern[str]:
    stops = sorted(load_rules("citations")["name_stops"], key=len, reverse=True)
    return re.compile(r"\s+(?:" + "|".join(re.escape(s) for s in stops) + r")\b")


def _trim_law_name(name: str) -> str:
    """A law's name ends where prose starts: at a stop word, before the next 'Luật', at a
    comma followed by a capital or a stop word ('Luật Cán bộ, công chức' keeps its comma)."""
    m = re.match(r"(sửa đổi, bổ sung (?:một số điều )?của (?:Luật|Bộ luật|Pháp lệnh) )", name)
    head = m.group(1) if m else ""
    rest = name[len(head):]
    stop = _name_stop().search(" " + rest)
    if stop:
        rest = rest[: stop.start()]
    cut = re.search(r"\s+và\s+(?:các\s+)?(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Pháp lệnh)\b", rest)
    if cut:
        rest = rest[: cut.start()]
    comma = re.search(r",\s+(?=[A-ZĐÀ-Ỹ]|(?:" + "|".join(re.escape(s) for s in load_rules("citations")["name_stops"]) + r")\b)", rest)
    if comma:
        rest = rest[: comma.start()]
    cap = re.search(r"\s+(?:Quy định|Hướng dẫn|Trường hợp|Điều|Khoản)\b", rest)
    if cap:
        rest = rest[: cap.start()]
    rest = re.sub(r"(?:\s+(?:và|hoặc|năm|,))+\s*$", "", rest)
    rest = re.sub(r"(?<=[^\W\d])\d$", "", rest)  # a footnote mark
    rest = re.sub(r"\s+(?:năm)?\s*$", "", rest)
    year = re.match(r"^(.*?\S)\s+((?:năm\s+)?\d{4})\b", rest)
    if year:
        rest = f"{year.group(1)} {year.group(2)}"
    return (head + rest).strip(" ,")


@cache
def _law_lexicon() -> list[str]:
    """Known law names as matching keys, longest first."""
    return sorted({match_key(n) for n in load_rules("citations")["law_names"]}, key=len, reverse=True)


def law_name_at(text: str, start: int) -> str | None:
    """The longest known law name written at `start`, as written, with a year that follows
    it ("Luật Đất đai 2024", "Luật Địa chất và Khoáng sản năm 2024")."""
    key = match_key(text[start:start + 160])
    for k in _law_lexicon():
        nxt = key[len(k):len(k) + 2]
        # The name ends there, or only a footnote mark is glued to it ("khoáng sản3").
        if key.startswith(k) and (not nxt or not nxt[0].isalnum() or re.fullmatch(r"\d\W?", nxt)):
            end = start + len(k)
            year = re.match(r"\s+(?:năm\s+)?(?:19|20)\d{2}\b(?!\s?[/-])", text[end:end + 12])
            if year:
                end += year.end()
            return text[start:end]
    return None


def _overlapping(rx: re.Pattern[str], text: str):
    """Matches that may start inside an earlier one ("Luật A và Luật B": both laws)."""
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def find_names(text: str, taken: list[tuple[int, int]], own_title: str | None,
               own_type: str | None = None) -> list[Mention]:
    """Documents cited by name only."""
    g = grammar()
    spans = sorted(taken)
    out: list[Mention] = []
    own = fold(own_title or "")

    def add(start: int, name: str, dtype: str) -> None:
        name = re.sub(r"\s+", " ", name).strip(" ,")
        end = start + len(name)
        if len(name.split()) < 2 or _overlaps(spans, start, end):
            return
        if re.search(r"\bgiai\s+(?!đoạn)|ủy viên|\bUBND\b", name):
            return  # words of a flattened table row, not a name
        bare = fold(name.split(" ", 2)[-1] if dtype in ("Chương trình", "Chiến lược", "Đề án", "Quy hoạch") else name)
        if own and dtype == own_type and len(bare) > 25 and (bare in own or fold(name) in own):
            return  # the document's own title
        out.append(Mention(start=start, end=end, code=None, doc_type=dtype, name=name, code_start=start, kind="name"))
        spans.append((start, end))
        spans.sort()

    for m in _overlapping(g["named_law"], text):
        raw = m.group("name")
        if re.match(r"\s*(?:số|Số)\b", raw):
            continue
        known = law_name_at(text, m.start())
        amending = re.match(r"sửa đổi, bổ sung (?:một số điều )?của ", raw)
        if amending and not known:
            inner = law_name_at(text, m.start("name") + amending.end())
            if inner:
                known = text[m.start():m.start("name") + amending.end() + len(inner)]
        if known:
            full = known
        else:
            name = _trim_law_name(raw)
            if not name or len(name) < 3 or re.search(r"\bsố\s*\d", name):
                continue
            full = f"{m.group('type')} {name}"
        # A numbered law is found by its code; the name here would only repeat it.
        after = text[m.start() + len(full): m.start() + len(full) + 12]
        if re.match(r"\s*,?\s*(?:số|Số)\s*:?\s*\d", after):
            continue
        add(m.start(), full, normal_type(m.group("type")) or "Luật")
    for key in ("named_constitution", "named_party_resolution", "named_programme"):
        for m in g[key].finditer(text):
            if key == "named_programme" and not text[m.start()].isupper():
                continue
            add(m.start(), m.group(0), normal_type(m.group("type")) or m.group("type"))
    return out


# --- own identity -----------------------------------------------------------------------------


def own_key(doc: Document) -> str | None:
    return identity.document_key(doc.doc_type, doc.number, doc.symbol, doc.issuer, doc.date)


def _is_self(doc: Document, m: Mention, text: str) -> bool:
    if m.code and doc.number and doc.symbol and m.code == identity.canonical_code(doc.number, doc.symbol):
        return True
    if m.kind == "code" and grammar()["self_number_line"].search(text[max(0, m.code_start - 40): m.code_start]):
        return True
    if not doc.number and m.doc_type and doc.doc_type and fold(m.doc_type) == fold(doc.doc_type):
        # No number in the header (a page that lost it): the document names itself in its
        # title line ("TOÀN VĂN: KẾT LUẬN 155-KL/TW …") and in its appendix captions
        # ("(Kèm theo Hướng dẫn số 40-HD/BTGDVTW …)").
        before = text[max(0, m.start - 20): m.start]
        if re.search(r"\(\s*(?:Ban hành )?[Kk]èm theo\s*$", before) and not re.search(r"ban hành kèm", before):
            return True
        if m.start < 400 and text[m.start:m.code_start].isupper():
            return True
    return False


# --- relations ----------------------------------------------------------------------------------

# Sentence starts: a full stop, a blank line, the end of a line that ends a clause, a list item,
# an article heading, or a line that opens with a clause-start formula ("Căn cứ", "Thực hiện").
_BOUNDARY = re.compile(
    r"\.(?=\s)|\n\s*\n|(?<=[.;:])[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|Điều\s+\d+[a-zđ]?\.\s"
    r"|(?:Căn cứ|CĂN CỨ|Thực hiện|Theo đề nghị|Xét đề nghị|Triển khai)\b))")
_ITEM = re.compile(r"\s*(?:[-+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s)")
_LEAD = re.compile(r"[\s\-+•*]*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*|[IVX]+\.\s*)?")


@cache
def cue_data() -> dict:
    data = dict(load_rules("relation_cues"))
    data["compiled"] = [dict(r, rx=re.compile(r["pattern"], re.I | re.M)) for r in data["rules"]]
    helpers = {r["name"]: r["pattern"] for r in data["rules"] if r["scope"] == "helper"}
    for key in ("fillers", "mid_fillers", "same_level", "amended_by", "descriptive_gap", "proposal", "subject_tail"):
        data[key + "_rx"] = re.compile(helpers[key], re.I)
    data["type_rx"] = re.compile(r"(?<![\w])(?:" + "|".join(
        re.escape(w) for w in sorted(load_rules("citations")["type_words"], key=len, reverse=True)) + r")(?![\w])")
    return data


def _stronger(a: str, b: str) -> bool:
    prio = load_rules("relation_cues")["priority"]
    return prio.index(a) < prio.index(b)


def _set(m: Mention, relation: str) -> None:
    if _stronger(relation, m.relation):
        m.relation = relation


def _sentences(text: str) -> list[int]:
    """Offsets where sentences start."""
    return [0] + [m.end() for m in _BOUNDARY.finditer(text)]


def _scope_end(doc: Document) -> int:
    m = re.search(r"\n\s*Điều\s+2\b", doc.text)
    if m:
        return m.start()
    return max(doc.body_start, 0) or min(len(doc.text), 1500)


def _levels(text: str, items: list[Mention], cue: dict | None) -> list[int]:
    """Depth of each mention in the list a cue (or a Căn cứ) introduces: 0 for the first and
    those listed with it; one deeper for a mention cited inside another's description
    ("Kế hoạch số 200 … thực hiện Chương trình số 39"); a ';' goes back to the top."""
    d = cue_data()
    levels: list[int] = []
    for i, m in enumerate(items):
        if i == 0:
            levels.append(0)
            continue
        last = items[i - 1]
        gap = text[last.end:m.start]
        if (m.kind == "list" and last.kind == "list" and m.code_start == last.code_start) or last.end > m.start:
            levels.append(levels[-1])
        elif ";" in gap:
            levels.append(0)
        elif cue is None and d["amended_by_rx"].search(gap):
            levels.append(0)  # "Căn cứ Nghị định … được sửa đổi, bổ sung bởi Nghị định …": both
        elif d["same_level_rx"].match(gap) or (d["subject_tail_rx"].match(gap) and not d["type_rx"].search(gap)):
            levels.append(levels[-1])
        else:
            levels.append(levels[-1] + 1)
    return levels


def _descriptive(text: str, cs: int, s_start: int, items: list[Mention], own_type: str | None) -> bool:
    """Is the cue at `cs` part of another document's description (so it governs nothing)?
    It is when it follows a mention ("Kế hoạch số 200 … của UBND tỉnh thực hiện …") or a
    document named by its type ("Chương trình hành động của Chính phủ thực hiện …")."""
    d = cue_data()
    prev = [m for m in items if m.end <= cs]
    if prev and d["descriptive_gap_rx"].match(text[prev[-1].end:cs]):
        return True
    window_start = max(s_start, prev[-1].end if prev else s_start, cs - 70)
    window = text[window_start:cs]
    for t in d["type_rx"].finditer(window):
        word = t.group(0)
        if word.isupper():
            continue  # the document's own type line ("CHƯƠNG TRÌNH HÀNH ĐỘNG thực hiện …")
        before = window[: t.start()].rstrip()
        follows = window[t.end():].lstrip()
        if own_type and fold(normal_type(word) or "") == fold(own_type) and (
                re.search(r"ban hành$", before, re.I) or follows.startswith("này")):
            continue  # "… ban hành Thông tư sửa đổi …", "Hướng dẫn này thay thế …": this document
        return True
    return False


def assign_relations(doc: Document, mentions: list[Mention]) -> None:
    text = doc.text
    d = cue_data()
    starts = _sentences(text)
    scope_end = _scope_end(doc)
    basis_end = doc.body_end if doc.body_end else len(text)
    form = re.search(r"\n\s*Mẫu số\s*\d+[^\n]{0,80}\n", text)
    if form:
        basis_end = min(basis_end, form.start())  # the Căn cứ of a blank form are not this document's
    legal = bool(re.search(r"(?m)^\s*Điều\s+1\s*[.:]", text))
    ordered = sorted(mentions, key=lambda x: (x.start, x.code_start))
    groups: dict[int, list[Mention]] = {}
    for m in ordered:
        s = starts[bisect.bisect_right(starts, m.start) - 1]
        groups.setdefault(s, []).append(m)
    rules = d["compiled"]
    based = next(r for r in rules if r["scope"] == "sentence")
    prev_basis = False
    intro: str | None = None  # relation a "…sau đây hết hiệu lực:" line gives the items below it
    sent_index = {s: i for i, s in enumerate(starts)}
    last_sentence = -2
    for s_start in sorted(groups):
        items = groups[s_start]
        idx = sent_index[s_start]
        sentence_head = text[s_start:s_start + 200]
        # Sentences without mentions between two groups end a list or a basis block.
        if idx != last_sentence + 1:
            between = [text[starts[k]:starts[k + 1]] for k in range(last_sentence + 1, idx) if k + 1 < len(starts)]
            if intro and not all(_ITEM.match(b) or not b.strip() for b in between):
                intro = None
            intro = _intro_from(text, starts, last_sentence + 1, idx, rules, legal) or intro
            if any(b.strip() for b in between):
                prev_basis = False
        last_sentence = idx
        lead = _LEAD.match(sentence_head)
        head = sentence_head[lead.end():] if lead else sentence_head
        is_basis = bool(based["rx"].match("\n" + head)) and s_start < basis_end
        starts_with_mention = items[0].start - s_start <= len(sentence_head) - len(head) + 1
        if is_basis or (prev_basis and starts_with_mention and sentence_head[:1] != " " and not _ITEM.match(sentence_head)):
            for m, lv in zip(items, _levels(text, items, None)):
                _set(m, "based_on" if lv == 0 else "cites")
            prev_basis = True
            continue
        prev_basis = False
        if intro and _ITEM.match(sentence_head):
            _set(items[0], intro)
        elif intro:
            intro = None  # the list has ended
        _governed(doc, s_start, items, legal, scope_end)
        # "… hết hiệu lực": the documents the sentence lists (not those cited in their titles).
        levels = _levels(text, items, {})
        for m, lv in zip(items, levels):
            for r in rules:
                if r["scope"] == "after" and r["rx"].match(text, m.end):
                    if not (legal or re.search(r"\bnày\b", text[s_start:m.end + 80])):
                        continue
                    targets = [m] if lv == 0 else [x for x, lx in zip(items, levels) if lx == 0 and x.end <= m.end]
                    for x in targets:
                        _set(x, r["relation"])


def _intro_from(text: str, starts: list[int], first: int, last: int, rules: list[dict], legal: bool) -> str | None:
    """A sentence without mentions that ends with ':' and carries a cue introduces a list."""
    for k in range(last - 1, first - 1, -1):
        if k + 1 >= len(starts):
            continue
        sent = text[starts[k]:starts[k + 1]].strip()
        if _ITEM.match(sent + " ") and not sent.endswith(":"):
            continue
        if not sent.endswith(":"):
            return None
        found = None
        lead = _LEAD.match(sent)
        head = sent[lead.end() if lead else 0:]
        for r in rules:
            if r["scope"] in ("governs", "after") and r["relation"] != "guides" and re.search(r["pattern"].lstrip("^"), sent, re.I):
                if r["relation"] in ("amends", "repeals", "replaces") and not legal:
                    continue
                if r["relation"] == "implements" and not r["rx"].match(head):
                    continue  # "Tần suất thực hiện …:" is no order to carry the items out
                if found is None or _stronger(r["relation"], found):
                    found = r["relation"]
        return found
    return None


def _governed(doc: Document, s_start: int, items: list[Mention], legal: bool, scope_end: int) -> None:
    """Each governing cue of the sentence reaches the first mention after it and those listed
    with that one, up to the next governing cue."""
    text = doc.text
    d = cue_data()
    s_end = items[-1].start
    segment = text[s_start:s_end]
    lead = _LEAD.match(segment)
    lead_end = s_start + (lead.end() if lead else 0)
    cues: list[tuple[int, int, dict]] = []
    for r in d["compiled"]:
        if r["scope"] != "governs":
            continue
        for c in r["rx"].finditer(segment):
            cs, ce = s_start + c.start(), s_start + c.end()
            if any(m.start <= cs < m.end for m in items):
                continue  # inside a mention
            if r.get("region") == "scope" and cs > scope_end:
                continue
            at_start = cs <= lead_end or text[cs - 1] == "\n" or bool(re.search(r"(?:V/v|về việc|Về việc)\s*$", text[max(0, cs - 12):cs]))
            if _descriptive(text, cs, s_start, items, doc.doc_type) and not (at_start and not [m for m in items if m.end <= cs]):
                continue
            after = [m for m in items if m.start >= ce]
            if not after:
                continue
            gap = text[ce:after[0].start]
            if r["relation"] == "implements":
                if at_start:
                    # "Thực hiện theo quy định tại điểm a khoản 2 Điều 16 Thông tư số …" follows
                    # a provision; it does not carry the document out.
                    ok = len(gap) <= 60 and not re.search(r"[.;]", gap) and not d["type_rx"].search(gap) and \
                        not re.search(r"quy định|Điều\s+\d|khoản\s+\d|điểm\s+[a-zđ]\b", gap, re.I)
                else:
                    ok = bool(d["mid_fillers_rx"].match(gap))
            else:
                if d["proposal_rx"].search(text[max(s_start, cs - 40):cs]):
                    continue
                if not legal and not re.search(r"\bnày\b", text[s_start:cs]) and cs > scope_end:
                    continue
                ok = bool(d["fillers_rx"].match(gap)) or (len(gap) <= r.get("reach", 60) and not re.search(r"[.;]", gap))
            if ok:
                cues.append((cs, ce, r))
    cues.sort(key=lambda c: c[0])
    for i, (_cs, ce, r) in enumerate(cues):
        stop = cues[i + 1][0] if i + 1 < len(cues) else len(text)
        after = [m for m in items if ce <= m.start < stop]
        for m, lv in zip(after, _levels(text, after, r)):
            if lv == 0:
                _set(m, r["relation"])


# --- the stage ------------------------------------------------------------------------------------


def _resolve(doc: Document, ctx: Context, m: Mention) -> None:
    m.issuer = resolve_issuer(m.issuer_raw, ctx)
    if m.code and not m.code.startswith(("QCVN", "TCVN")) and not issuer_fits(m.code, m.issuer):
        m.issuer = None
    if m.code:
        issuer_for_key = m.issuer or issuer_from_code(m.code, ctx)
        if m.issuer is None:
            m.issuer = issuer_for_key
        if m.code.startswith(("QCVN", "TCVN")):
            m.target = m.code
        else:
            m.target = identity.key_of_code(m.code, issuer_for_key, m.date)
    elif m.name:
        m.target = identity.name_key(m.name)


def run(doc: Document) -> Document:
    text = doc.text
    doc.key = own_key(doc)
    ctx = context_of(doc)
    codes = find_codes(text)
    kept = [m for m in codes if not _is_self(doc, m, text)]
    shorts = find_short_forms(text, kept)
    names = find_names(text, [(m.start, m.end) for m in codes + shorts], doc.title, doc.doc_type)
    own_name = fold(f"{doc.doc_type} {doc.title}") if doc.doc_type and doc.title else None
    names = [n for n in names if not (own_name and fold(re.sub(r"\s+(?:năm\s+)?\d{4}$", "", n.name or "")) == own_name)]
    _name_codes(text, kept, names)
    mentions = kept + shorts + names
    for m in mentions:
        _resolve(doc, ctx, m)
    # Mentions of the same code share what any of them says (date, issuer): short forms and
    # later bare mentions inherit it, so all of them get the same target.
    _share(doc, ctx, mentions)
    mentions = [m for m in mentions if not (doc.key and m.target == doc.key)]
    assign_relations(doc, mentions)
    _implements_only_at_document_level(doc, mentions)
    doc.references = [
        Reference(text=text[m.start:m.end], doc_type=m.doc_type, code=m.code, date=m.date, issuer=m.issuer,
                  relation=as_relation(m.relation), target=m.target, section=doc.section_at(m.start), start=m.start, end=m.end,
                  name=m.name, page=doc.page_at(m.start))
        for m in sorted(mentions, key=lambda x: (x.start, x.code_start))
    ]
    return doc


def _opening_end(doc: Document) -> int:
    """Where the part that says what the document carries out ends: the title (header) and the
    preamble ("Thực hiện …", "Căn cứ …"); without a preamble section, the first paragraph of
    the body."""
    preamble_ends = [s.end for s in doc.sections if s.kind in ("header", "preamble")]
    if any(s.kind == "preamble" for s in doc.sections):
        return max(preamble_ends)
    start = doc.body_start
    m = re.search(r"\n\s*\n|\n(?=\s*(?:[IVX]+|\d+)\s*[.\-)])", doc.text[start:start + 3000])
    return start + (m.start() if m else min(len(doc.text) - start, 1500))


def _implements_only_at_document_level(doc: Document, mentions: list[Mention]) -> None:
    """`implements` is what the document as a whole carries out, said by its title and its
    opening (GUIDE.md, "Implements vs cites"); "thực hiện các nhiệm vụ theo Kế hoạch số X" inside
    a task cites X. A code implemented in the opening stays implemented wherever it recurs."""
    end = _opening_end(doc)
    # The opening sentence "Thực hiện A … thực hiện B của …" carries out the whole chain it names.
    for cue in re.finditer(r"(?:Thực hiện|Triển khai(?: thực hiện)?)\s[^.:;]*", doc.text[doc.body_start:end]):
        lo, hi = doc.body_start + cue.start(), doc.body_start + cue.end()
        for m in mentions:
            if lo <= m.start < hi and m.relation == "cites" and m.code:
                m.relation = "implements"
    opening = {m.code for m in mentions if m.relation == "implements" and m.start < end and m.code}
    for m in mentions:
        if m.relation == "implements" and m.start >= end and not (m.code and m.code in opening):
            m.relation = "cites"


def _name_codes(text: str, coded: list[Mention], named: list[Mention]) -> None:
    """A law named without its number in a text that also cites it with its number ("Luật
    Hóa chất" after "Luật Hóa chất số 69/2025/QH15") is that law, except inside another
    document's description: "Nghị định số 113/2017/NĐ-CP … quy định chi tiết … Luật Hóa
    chất" names the law that 69/2025/QH15 replaced, so there the name stays a name."""
    by_name: dict[str, Mention] = {}
    for m in coded:
        if m.name and m.code:
            by_name.setdefault(fold(m.name), m)
    ends = sorted(m.end for m in coded)
    for n in named:
        base = fold(re.sub(r"\s+(?:năm\s+)?(?:19|20)\d{2}$", "", n.name or ""))
        ref = by_name.get(base)
        if not ref:
            continue
        i = bisect.bisect_right(ends, n.start) - 1
        if i >= 0 and n.start - ends[i] <= 200 and not re.search(r"[.;\n]", text[ends[i]:n.start]):
            continue
        n.code, n.date, n.issuer_raw = ref.code, ref.date, ref.issuer_raw


def _share(doc: Document, ctx: Context, mentions: list[Mention]) -> None:
    best: dict[str, Mention] = {}
    for m in mentions:
        if not m.code:
            continue
        b = best.get(m.code)
        if b is None or (m.date and not b.date) or (m.issuer_raw and not b.issuer_raw and m.date == b.date):
            best[m.code] = m
    for m in mentions:
        if not m.code:
            continue
        b = best[m.code]
        if b is m:
            continue
        changed = False
        if not m.date and b.date:
            m.date, changed = b.date, True
        if not m.issuer_raw and b.issuer_raw:
            m.issuer_raw, changed = b.issuer_raw, True
        if changed:
            _resolve(doc, ctx, m)
        if m.name is None and b.name and m.kind == "code":
            m.name = b.name
