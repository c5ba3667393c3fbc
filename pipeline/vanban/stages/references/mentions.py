"""Finding mentions: every code with the words around it, and the short forms that repeat one."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from vanban.rules import load_rules
from vanban.stages import identity
from vanban.stages.references.grammar import NAMED_ACTS, NAMED_TYPES, grammar, normal_type, symbol_types, type_from_code
from vanban.stages.references.issuers import read_issuer

# --- finding mentions ---------------------------------------------------------------------------


@dataclass
class Citation:
    """One mention of another document in the text (an agency's mention is `agencies.Mention`)."""

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
        m = g["tail_separator"].match(text, end)
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
    split_digit = grammar()["split_digit"].search(left)
    if split_digit and not identity.is_party_symbol(symbol):
        number = "1" + number
    tail = text[end:end + 12]
    groups = re.split(r"[-/]", symbol)
    state_types = symbol_types()[0]
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


_NAMED_TYPES = NAMED_ACTS


def _plausible_lead(lead: re.Match[str]) -> bool:
    """Only a law's name runs long between its type word and its number ("Luật Quản lý, sử
    dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 42/2024/QH15"); other types carry a few
    words at most ("Quyết định của Bộ Chính trị số 31-QĐ/TW", "Kế hoạch kiểm tra số 1105"),
    so a long stretch of prose means the type word belongs to something else."""
    between = lead.group("between").split()
    if normal_type(lead.group("type")) in _NAMED_TYPES:
        return True
    return len(between) <= 6 and not any(w.endswith(",") for w in between)


def find_codes(text: str) -> list[Citation]:
    g = grammar()
    out: list[Citation] = []
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
            if between and doc_type in NAMED_ACTS and not between.lower().startswith(load_rules("citations")["number_word"]["text"]):
                name = f"{lead.group('type')} {between}"
            elif doc_type == NAMED_TYPES["letter"] and symbol and type_from_code(code) not in (None, NAMED_TYPES["letter"]):
                doc_type = type_from_code(code)
        date, issuer_raw, end = read_tail(text, code_end)
        mention = Citation(start=start, end=end, code=code, doc_type=doc_type or type_from_code(code), date=date,
                          issuer_raw=issuer_raw, name=name, code_start=m.start())
        # "các Nghị định số 24, 25 và 26/2026/NĐ-CP": the numbers before share the symbol.
        listed = g["list_numbers"].search(left[-120:])
        if listed and symbol:
            nums = re.split(r"\s*,\s*", listed.group("nums"))
            list_start = m.start() - (len(left[-120:]) - listed.start("nums"))
            lead_list = g["lead_in"].search(text[max(0, list_start - 200): list_start])
            ltype = normal_type(lead_list.group("type")) if lead_list else mention.doc_type
            for n in nums:
                out.append(Citation(start=list_start, end=end, code=identity.canonical_code(n, symbol),
                                   doc_type=ltype or type_from_code(code), date=date, issuer_raw=issuer_raw,
                                   code_start=list_start, kind="list"))
            if lead_list:
                mention.start = list_start - (list_start - max(0, list_start - 200) - lead_list.start())
                for x in out[-len(nums):]:
                    x.start = mention.start
        out.append(mention)
    return out


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (start, start))
    for j in (i - 1, i):
        if 0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1]:
            return True
    return False


def find_short_forms(text: str, full: list[Citation]) -> list[Citation]:
    """'Chỉ thị 28', 'Nghị định 24/2026', 'Chỉ thị nêu trên': the same document as a full
    mention of the same type and number (the latest one before, else the first after)."""
    g = grammar()
    spans = sorted((m.start, m.end) for m in full)
    by_type: dict[str, list[Citation]] = {}
    for m in sorted(full, key=lambda x: x.start):
        if m.doc_type and m.code:
            by_type.setdefault(m.doc_type, []).append(m)
    out: list[Citation] = []
    for sm in g["short_form"].finditer(text):
        if overlaps(spans, sm.start(), sm.end()):
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
        out.append(Citation(start=sm.start(), end=sm.end(), code=ref.code, doc_type=dtype, date=ref.date,
                           issuer_raw=ref.issuer_raw, code_start=sm.start(), kind="short"))
    for am in g["anaphoric_form"].finditer(text):
        dtype = normal_type(am.group("type"))
        before = [m for m in by_type.get(dtype or "", []) if m.end <= am.start()]
        if not before:
            continue
        ref = before[-1]
        out.append(Citation(start=am.start(), end=am.end(), code=ref.code, doc_type=dtype, date=ref.date,
                           issuer_raw=ref.issuer_raw, code_start=am.start(), kind="anaphora"))
    return out
