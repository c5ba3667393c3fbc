"""Document identity: one key shared by a document and by every mention of it.

A key is the canonical code, qualified only where the code alone is ambiguous:

* legal normative documents carry a year and a nationally unique issuer code
  ("30/2020/NĐ-CP", "69/2025/QH15"): the code is the key;
* central Party codes (".../TW", ".../BTCTW") and central state codes ("1074/QĐ-BXD") are
  one series per issuer nationwide: the code, plus the year for state codes without a year
  in them, because state numbering restarts every 1 January (NĐ 30 Điều 15);
* local codes (Party /TU, /HU, /ĐU …; state UBND, HĐND, Sở …) are reused by every province,
  district and commune, so the issuing body with its locality is part of the key
  ("273-KH/TU|tỉnh ủy ninh thuận"). Party numbering runs over a term, not a year, so Party
  keys carry no year: documents are routinely cited without their date.

Names of unnumbered documents ("Luật Đầu tư công") get a "name:" key so that two mentions of
the same name in different files meet at one stub node.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from vanban.rules import compiled, load_rules
from vanban.text.normalize import fold, fold_tones

# Separators a code may be printed with: hyphen variants, and U+FFFE left by a broken PDF.
HYPHENS = "-‐‑‒–—\ufffe"
_HYPHEN_RE = re.compile(f"[{HYPHENS}]")

# National Assembly session suffixes: QH15, UBTVQH15 (2 digits; a digit after them is a
# footnote mark glued to the code by pdftotext: "42/2024/QH151").
_SESSION = re.compile(r"^((?:UBTV)?QH)(\d{2})\d*$", re.I)


@cache
def known_codes() -> dict[str, str]:
    """Every type and issuer abbreviation we know, keyed by its upper-case form: the
    printed case of a symbol is unreliable ("TTG", "CTr/Tu"), the known spelling is not."""
    table: dict[str, str] = {}
    for t in load_rules("doc_types")["types"]:
        for code in t["state"] + t["party"]:
            table[code.upper()] = code
    issuers = load_rules("issuer_codes")
    for family in ("state", "party"):
        for code in issuers[family]:
            table[code.upper()] = code
    for code in load_rules("citations").get("extra_codes", {}):
        table[code.upper()] = code
    return table


@cache
def _party_types() -> set[str]:
    out: set[str] = set()
    for t in load_rules("doc_types")["types"]:
        out.update(c.upper() for c in t["party"])
    out.update(c.upper() for c in load_rules("citations").get("extra_party_types", []))
    return out


@cache
def _state_types() -> set[str]:
    return {c.upper() for t in load_rules("doc_types")["types"] for c in t["state"]}


def _dless(s: str) -> str:
    return s.upper().replace("Đ", "D").replace("Ư", "U")


@cache
def _dless_codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for up, code in known_codes().items():
        out.setdefault(_dless(up), code)
    return out


@cache
def canonical_group(group: str) -> str:
    """One group of a symbol in its known spelling: "TTG" -> "TTg", "Tu" -> "TU", "DU" -> "ĐU",
    "ND" -> "NĐ", "CP2" (footnote glued) -> "CP". Unknown groups stay as printed."""
    if not group:
        return group
    m = _SESSION.match(group)
    if m:
        return m.group(1).upper() + m.group(2)
    table = known_codes()
    up = group.upper()
    aliases = load_rules("citations").get("aliases", {})
    if up in aliases:
        return aliases[up]
    if up in table:
        return table[up]
    if _dless(up) in _dless_codes():
        return _dless_codes()[_dless(up)]
    # Type and issuer written without their hyphen ("QĐTTg"): the caller splits on "-".
    for cut in range(2, len(group) - 1):
        head, tail = group[:cut].upper(), group[cut:].upper()
        if head in _state_types() and tail in table and tail not in _state_types():
            return f"{table[head]}-{table[tail]}"
    # A footnote digit glued to a known code ("BGTVT3", "NĐ-CP2").
    stripped = group.rstrip("0123456789")
    if stripped != group and stripped.upper() in table and not re.search(r"\d", stripped):
        return table[stripped.upper()]
    return group


@cache
def canonical_symbol(symbol: str) -> str:
    """A symbol with its groups spelled canonically and its separators cleaned."""
    symbol = _HYPHEN_RE.sub("-", re.sub(r"\s+", "", unicodedata.normalize("NFC", symbol)))
    parts = re.split(r"([-/])", symbol)
    return "".join(p if p in "-/" else canonical_group(p) for p in parts)


def is_party_symbol(symbol: str) -> bool:
    """Party symbols are TYPE/ISSUER ("CT/TW", "CTr/TU"); state ones put the issuer after a
    hyphen ("QĐ-BXD") or carry a year ("2020/NĐ-CP")."""
    m = re.match(r"^([A-Za-zĐđ]+)/([A-Za-zĐđƯư0-9-]+)$", symbol)
    return m is not None and m.group(1).upper() in _party_types()


@cache
def _issuer_families() -> tuple[frozenset[str], frozenset[str]]:
    codes = load_rules("issuer_codes")
    party = frozenset(k.upper() for k in codes["party"])
    return party, frozenset(k.upper() for k in codes["state"]) - party


def family_form(symbol: str) -> str:
    """A TYPE+ISSUER symbol written with the other family's separator takes its own family's:
    "NQ-TW" (from "27/NQ- TW") is Party, "NQ/TW"; "CT/TTg" (from "38-CT/TTg") is State, "CT-TTg"."""
    m = re.match(r"^([A-Za-zĐđ]+)([-/])([A-Za-zĐđƯư]+)$", symbol)
    if not m:
        return symbol
    typ, sep, issuer = m.groups()
    party, state = _issuer_families()
    if sep == "-" and typ.upper() in _party_types() and issuer.upper() in party:
        return f"{typ}/{issuer}"
    if sep == "/" and issuer.upper() in state:
        return f"{typ}-{issuer}"
    return symbol


def canonical_code(number: str, symbol: str) -> str:
    """number + separator + symbol ("28-CT/TW", "30/2020/NĐ-CP", "7432/UBND-XD")."""
    number = re.sub(r"\s+", "", number)
    symbol = family_form(canonical_symbol(symbol))
    return f"{number}{'-' if is_party_symbol(symbol) else '/'}{symbol}"


def split_code(code: str) -> tuple[str, str] | None:
    """"28-CT/TW" -> ("28", "CT/TW"); "30/2020/NĐ-CP" -> ("30", "2020/NĐ-CP")."""
    m = re.match(r"^\s*(\d[\d.]*[a-zđ]?)\s*[-/" + HYPHENS + r"]\s*(.+?)\s*$", code)
    if not m:
        return None
    return m.group(1), m.group(2)


def has_year(symbol: str) -> bool:
    return bool(re.match(r"^(?:19|20)\d{2}/", symbol))


# --- which codes are local ---------------------------------------------------------------------

_LOCAL_STATE = frozenset(load_rules("identity")["local_state_codes"])


def _issuer_groups(symbol: str) -> list[str]:
    """The groups of a symbol that name bodies (not the type)."""
    if has_year(symbol):
        symbol = symbol.split("/", 1)[1]
    if is_party_symbol(symbol):
        return symbol.split("/", 1)[1].split("-")
    return [g for g in re.split(r"[-/]", symbol) if g]


def is_local(symbol: str) -> bool:
    """Does this symbol's series belong to a local body (so that the same code recurs in
    every province)? Party: any issuer code not ending in TW. State: UBND/HĐND, or a
    department (Sở: "SCT", "SNNMT") code, in any group."""
    symbol = canonical_symbol(symbol)
    if is_party_symbol(symbol):
        issuer = symbol.split("/", 1)[1]
        return not issuer.upper().endswith("TW")
    state = load_rules("issuer_codes")["state"]
    for g in _issuer_groups(symbol):
        if g in _LOCAL_STATE or (re.fullmatch(r"S[A-ZĐ]{1,8}", g) and g not in state):
            return True
    return False


# --- issuing bodies ------------------------------------------------------------------------------

_BODY_PREFIX = compiled("identity")["body_prefix"]
_PARTY_EXECUTIVE = compiled("identity")["party_executive"]


def issuing_body(issuer: str) -> str:
    """The body whose number series a document belongs to: the standing committee, the
    standing board and the chairman issue in the name of their committee ("Ban Thường vụ
    Tỉnh ủy Lào Cai" -> "Tỉnh ủy Lào Cai", "Chủ tịch Ủy ban nhân dân tỉnh X" -> "Ủy ban
    nhân dân tỉnh X")."""
    body = fold_tones(re.sub(r"\s+", " ", issuer).strip())
    m = _PARTY_EXECUTIVE.match(body)
    if m:
        return f"{load_rules('identity')['party_committee'][m.group('unit').lower()]} {m.group('place')}"
    prev = None
    while prev != body:
        prev = body
        body = _BODY_PREFIX.sub("", body)
    return body


def document_key(doc_type: str | None, number: str | None, symbol: str | None,
                 issuer: str | None, date: str | None) -> str | None:
    """The identity key of a document, or None when it has no number (a draft, a blank "Số")."""
    del doc_type  # the code carries the type; kept in the signature for callers' clarity
    if not number or not symbol or not re.search(r"\d", number):
        return None
    sym = _family_fixed(canonical_symbol(symbol))
    code = canonical_code(number, sym)
    if has_year(sym):
        return code
    parts = [code]
    if is_local(sym) and issuer:
        parts.append(fold(issuing_body(issuer)))
    if not is_party_symbol(sym) and date and re.match(r"^\d{4}", date):
        parts.append(date[:4])
    return "|".join(parts)


def _family_fixed(sym: str) -> str:
    """A symbol printed in the other family's form, for the key only (the record keeps the
    code as printed): "27/NQ-TW" is the Party's 27-NQ/TW, "38-CT/TTg" the state's 38/CT-TTg."""
    issuers = load_rules("issuer_codes")
    m = re.fullmatch(r"([A-Za-zĐđ]+)-([A-Za-zĐđ]+)", sym)
    if m and m.group(1).upper() in _party_types() and m.group(2) in issuers["party"] and m.group(2) not in issuers["state"]:
        return f"{m.group(1)}/{m.group(2)}"
    m = re.fullmatch(r"([A-Za-zĐđ]+)/([A-Za-zĐđ]+)", sym)
    if m and m.group(2) in issuers["state"] and m.group(2) not in issuers["party"]:
        return f"{m.group(1)}-{m.group(2)}"
    return sym


def key_of_code(code: str, issuer: str | None, date: str | None) -> str | None:
    split = split_code(code)
    if not split:
        return None
    return document_key(None, split[0], split[1], issuer, date)


def name_key(name: str) -> str:
    """Key of a document known only by its name."""
    return "name:" + fold(re.sub(r"\s*-\s*", "-", name)).rstrip(" .;,")


def base_key(key: str) -> str:
    """A key without its year: for a store that wants to match a mention that did not give
    the date of a state document to the document itself."""
    parts = key.split("|")
    if len(parts) > 1 and re.fullmatch(r"\d{4}", parts[-1]):
        parts = parts[:-1]
    return "|".join(parts)
