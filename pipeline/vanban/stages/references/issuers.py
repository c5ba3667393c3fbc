"""The issuer of a mention: read after the code, checked against the code, resolved in context."""

from __future__ import annotations

import re

from vanban.rules import load_rules
from vanban.stages import identity
from vanban.stages.references.context import LEVELS, Context
from vanban.stages.references.grammar import grammar, symbol_types
from vanban.text import units
from vanban.text.normalize import fold, fold_tones

# --- issuers ------------------------------------------------------------------------------------

_DATA = load_rules("citations")
_CODES = load_rules("issuer_codes")
_ABBREVIATIONS = _DATA["issuer_abbreviations"]
_ABBR = [(re.compile(rf"\b{re.escape(short)}\b"), name) for short, name in
         [*((c, _CODES["state"][c]) for c in _ABBREVIATIONS["state_codes"]), *_ABBREVIATIONS["words"].items()]]
_AND = load_rules("agency_names")["function_words"]["and"]

# Lower-case words that occur inside the names of bodies ("Ủy ban nhân dân tỉnh", "Bộ Nông
# nghiệp và Môi trường", "Ban thường vụ Tỉnh ủy"); any other lower-case word ends the name.
# The unit words of one syllable, of two, and the first syllables of their Party committees:
_PLACE_BIGRAMS = frozenset(w for w in units.words() if " " in w)
_NAME_BIGRAMS = _PLACE_BIGRAMS | frozenset(_DATA["issuer_name_words"]["words"])
_NAME_WORDS = frozenset(w for w in units.words() if " " not in w)
_COMMITTEE_WORDS = frozenset(units.committee_words())
_COMMITTEE_HEADS = frozenset(c.split()[0] for c in units.committees())
_LOCAL_COMMITTEE = re.compile(units.alternation(units.committees()))
_PARTY_COMMITTEE = units.party_committee()
_PARTY_LEVELS = _CODES["party_levels"]
_GRASSROOTS = _PARTY_LEVELS["grassroots"]
_PROVINCE = units.default_word("province")
_PEOPLES_COMMITTEE, _PEOPLES_COUNCIL = fold(_CODES["state"]["UBND"]), fold(_CODES["state"]["HĐND"])


def read_issuer(text: str, pos: int) -> tuple[str | None, int]:
    """The issuer named after 'của' at `pos`: (issuer as written, end offset)."""
    m = grammar()["issuer_head"].match(text, pos)
    if not m:
        return None, pos
    start = m.end()
    window = text[start:start + 160]
    stop = grammar()["issuer_stop"].search(window)
    raw = window[: stop.start()] if stop else window
    words = raw.split()
    kept: list[str] = []
    after_place = False  # past "tỉnh", "Tỉnh ủy", "huyện" …: only the place's proper name follows
    i = 0
    while i < len(words) and len(kept) < 14:
        w = words[i]
        low = w.lower()
        if w in _NAME_WORDS or (low in _COMMITTEE_WORDS and kept and kept[-1].lower() in _COMMITTEE_HEADS):
            after_place = True
        elif after_place and not w[:1].isupper():
            break
        pair = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair.lower() in _NAME_BIGRAMS:
            after_place = after_place or pair.lower() in _PLACE_BIGRAMS
            kept += [w, words[i + 1]]
            i += 2
            continue
        prev_upper = bool(kept) and kept[-1][:1].isupper()
        next_upper = i + 1 < len(words) and words[i + 1][:1].isupper()
        # Names are in sentence case: a lower-case syllable may follow a capitalised one
        # ("Bộ Tài chính", "Tỉnh ủy"), two lower-case words in a row end the name
        # ("Tỉnh ủy thành các chương trình").
        if w[:1].isupper() or w.lower() in _NAME_WORDS or (prev_upper and w[:1].isalpha() and w != _AND) or (
                w in (_AND, "-", "–") and next_upper and kept):
            kept.append(w)
            i += 1
            continue
        break
    while kept and kept[-1] in (_AND, "-", "–"):
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
            return bool(grammar()["central_party_issuer"].search(low))
        if iss.endswith(("TU", "HU", "QU")):
            return bool(_LOCAL_COMMITTEE.search(low))
        if iss.endswith(_GRASSROOTS):
            return _PARTY_COMMITTEE in low
        return True
    groups = set(re.split(r"[-/]", sym))
    if "UBND" in groups:
        return _PEOPLES_COMMITTEE in low or "ubnd" in low
    if "HĐND" in groups:
        return _PEOPLES_COUNCIL in low or "hđnd" in low
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
    name = grammar()["minister_of"].sub("", name)
    if name in _DATA["central_committee"]["names"]:
        name = _DATA["central_committee"]["name"]
    low = name.lower()
    for word, level in sorted(LEVELS.items(), key=lambda kv: -len(kv[0])):
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
    codes = _CODES
    if identity.is_party_symbol(sym):
        iss = sym.split("/", 1)[1].split("-")[0]
        body = codes["party"].get(iss)
        if not body:
            return None
        if iss in _PARTY_LEVELS["province"] and ctx.name("province"):
            return f"{body} {ctx.name('province')}"
        if iss in _PARTY_LEVELS["district"] and ctx.name("district"):
            return f"{body} {ctx.name('district')}"
        if iss == _GRASSROOTS and ctx.issuer and ctx.issuer.lower().startswith(_PARTY_COMMITTEE) and ctx.family == "party":
            return ctx.issuer
        return body
    if identity.has_year(sym):
        sym = sym.split("/", 1)[1]
    groups = re.split(r"[-/]", sym)
    types = symbol_types()[0]
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
            return f"{codes['state'][g]} {_PROVINCE} {ctx.name('province')}" if ctx.name("province") else codes["state"][g]
        if g in codes["state"]:
            return codes["state"][g]
    return None
