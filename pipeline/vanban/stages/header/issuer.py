"""The issuing body from the header's left column: lines grouped into bodies, cased, given their place."""

from __future__ import annotations

import re
from functools import cache

from vanban.rules import load_rules
from vanban.stages.header.lines import Line, header_data, patterns
from vanban.text.normalize import fold_tones
from vanban.text.units import words as unit_words

# --- issuer -----------------------------------------------------------------------------------------------


def is_head(line: str) -> bool:
    u = fold_tones(line).upper()
    return any(u == h or u.startswith(h + " ") for h in (fold_tones(x).upper() for x in header_data()["issuer_heads"]))


def _rejoin_heads(lines: list[str]) -> list[str]:
    """A head word wrapped inside its cell ("ỦY" / "BAN NHÂN DÂN", the thuvienphapluat header
    tables of the bulk files): joined back before the lines are grouped."""
    joined = {fold_tones(n).upper() for n in header_data()["joined_heads"]["names"]}
    out: list[str] = []
    for ln in lines:
        if (out and fold_tones(f"{out[-1]} {ln}").upper() in joined) or (out and not is_head(out[-1]) and is_head(f"{out[-1]} {ln}") and (len(out) == 1 or is_head(out[-2])
                                                                                  or not is_head(ln))):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


def group_bodies(lines: list[str]) -> list[str]:
    """Left-column lines -> bodies: a line that does not open with an issuing-body word
    continues the previous one ("ỦY BAN NHÂN DÂN" + "TỈNH LÀO CAI")."""
    bodies: list[str] = []
    if any(ln.rstrip().endswith(" -") for ln in lines):
        # joint issuers run over several lines, " - " between them ("BỘ CÔNG AN - BỘ QUỐC PHÒNG -"
        # / "BỘ Y TẾ - …"): one line, split below
        lines = [" ".join(ln.strip() for ln in lines)]
    lines = _rejoin_heads(lines)
    for ln in lines:
        parts = [p.strip() for p in re.split(r"\s+-\s+", ln)] if " - " in ln else [ln]
        if len(parts) > 1 and all(is_head(p) for p in parts):
            bodies.extend(parts)  # joint issuers on one line
            continue
        if bodies and not is_head(ln):
            bodies[-1] = f"{bodies[-1]} {ln}"
        else:
            bodies.append(ln)
    return [re.sub(r"\s+", " ", b).strip(" ,") for b in bodies]


def proper_case(name: str) -> str:
    """An upper-case body name in the sentence case of NĐ 30 Phụ lục II, old tone placement.
    Codes inside it ("SỐ 1050/QĐ-SCT") keep their capitals."""
    name = fold_tones(re.sub(r"\s+", " ", name.strip()))
    if not name.isupper():
        return name
    cased = _proper_case(name)
    for tok in name.split():
        if re.search(r"[\d/]", tok):
            cased = cased.replace(tok.lower(), tok).replace(tok.title(), tok)
    return cased


@cache
def _case_table() -> dict[str, str]:
    """Upper-case names and codes of bodies -> as the name is written (data/header.json
    "proper_case"; the codes' names from issuer_codes.json "state")."""
    state = load_rules("issuer_codes")["state"]
    table = {fold_tones(k): v for k, v in header_data()["proper_case"].items()}
    table.update((code, state[code]) for code in header_data()["proper_case_codes"]["codes"])
    return table


def _proper_case(name: str) -> str:
    table = _case_table()
    levels = [fold_tones(x.upper()) for x in unit_words()]
    for key in sorted(table, key=len, reverse=True):
        if name == key:
            return table[key]
        if name.startswith(key + " "):
            rest = name[len(key) + 1:]
            return f"{table[key]} {_case_rest(rest, levels, table)}"
    return _case_rest(name, levels, table, first=True)


def _case_rest(rest: str, levels: list[str], table: dict[str, str], first: bool = False) -> str:
    for lv in sorted(levels, key=len, reverse=True):
        if rest == lv:
            return lv.lower()
        if rest.startswith(lv + " "):
            place = rest[len(lv) + 1:]
            return f"{lv.lower()} {place.title()}"
    for key in sorted(table, key=len, reverse=True):
        if rest.startswith(key):
            tail = rest[len(key):].strip()
            return table[key] + (" " + _case_rest(tail, levels, table) if tail else "")
    text = rest.lower()
    return text[:1].upper() + text[1:] if first else text.title() if len(rest.split()) <= 3 else text


# the unit words of a locality (data/units.json)
_UNITS = "|".join(re.escape(w) for w in unit_words())
_LOCALITY = re.compile(rf"\b({_UNITS})\s+([A-ZĐÀ-Ỹ][^\s,]*(?:\s+[A-ZĐÀ-Ỹ][^\s,]*)*)$")
_OWN_PLACE = re.compile(rf"\b(?:{_UNITS})\s+[A-ZĐÀ-Ỹ]|" + patterns()["own_place"].pattern)


def with_locality(issuer: str, parent: str | None) -> str:
    """Give a body its place from the line above when its own line leaves it out
    ("SỞ CÔNG THƯƠNG" under "UBND TỈNH LÀO CAI")."""
    central = header_data()["central_departments"]
    if parent and parent.startswith(central["parent"]) and patterns()["central_department"].match(issuer) \
            and central["suffix"] not in issuer:
        # the department's full name, cased by the table ("BAN TỔ CHỨC" -> "Ban Tổ chức Trung ương")
        return proper_case(f"{issuer} {central['office_suffix']}" if issuer == central["office"] else f"{issuer} {central['suffix']}".upper())
    if not parent or _OWN_PLACE.search(issuer):
        return issuer
    m = _LOCALITY.search(parent)
    if m:
        level, place = m.groups()
        if re.search(rf"\b{level}$", issuer):
            return f"{issuer} {place}"
        if patterns()["local_party_committee"].search(issuer):
            return f"{issuer} {place}"
        return f"{issuer} {level} {place}"
    m = patterns()["party_organisation"].search(parent)
    if m:
        return f"{issuer} {m.group(2)}"
    return issuer


# --- the stage ----------------------------------------------------------------------------------------------------


_MOTTO = " " + header_data()["motto_words"]["text"] + " "


def _motto_fragment(line: str) -> bool:
    """A piece of the national motto wrapped inside its table cell ("CỘNG HÒA XÃ" / "HỘI CHỦ
    NGHĨA VIỆT NAM"): whole words of it, nothing else."""
    words = " ".join(fold_tones(line.lower()).split())
    return bool(words) and f" {words} " in fold_tones(_MOTTO)


_NAME_LIKE = re.compile(r"[^\W\d_]{2,}")
_SIGNATURE_TIME = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?")


def left_column(lines: list[Line], stop: int) -> list[str]:
    """Upper-case lines of the issuer block above `stop`; notes before the header (a
    "[Bản trích chữ tự động …]" line) are passed over."""
    rx = patterns()
    out: list[str] = []
    for ln in lines[:stop]:
        t = re.sub(r"[_*]+", " ", ln.text).strip()
        if not t or rx["national_motto"].match(t) or _motto_fragment(t) or rx["separator"].match(ln.text) \
                or rx["place_date"].search(t) or rx["site_navigation"].match(t):
            continue
        if rx["number_line"].match(t) or rx["number_label_alone"].match(t):
            break
        if _SIGNATURE_TIME.match(t):
            out.clear()  # what came before was the digital signature's stamp, not the header
            continue
        if not _NAME_LIKE.search(t):
            continue  # OCR of a stamp or a logo ("L⁄0)"): no word of the issuer's name
        if not t.isupper():
            if out:
                break
            continue
        out.append(re.sub(r"\s+", " ", t))
    return out


def words_in(lines: list[str], text: str) -> bool:
    """Whether every word of the layout's lines is a word of the text too."""
    words = set(fold_tones(text.upper()).split())
    return all(w in words for ln in lines for w in fold_tones(ln.upper()).split() if w.isalpha())
