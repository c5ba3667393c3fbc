"""The header's fields read from its lines: number and symbol, document type, place and date, title."""

from __future__ import annotations

import re

from vanban.model import Document
from vanban.stages.header.issuer import is_head
from vanban.stages.header.lines import (
    HEAD_LINES,
    LETTER,
    NAMED_TYPES,
    Line,
    ascii_upper,
    doc_types,
    header_data,
    patterns,
    type_keys,
)

# --- number and symbol -----------------------------------------------------------------------------


def parse_number_line(lines: list[Line], doc: Document) -> int | None:
    """Fill number, symbol, code from the "Số" line; returns its index in `lines`."""
    rx = patterns()
    for i, ln in enumerate(lines[:HEAD_LINES]):
        text = ln.text
        if rx["number_label_alone"].match(text) and i + 1 < len(lines):
            text = header_data()["number_label"]["text"] + lines[i + 1].text  # vbpl puts "Số:" and the number on two lines
        m = rx["number_line"].match(text)
        if not m:
            continue
        number = m.group("number")
        symbol = re.sub(r"\s+", "", m.group("symbol")).strip("-/")
        sep = m.group("sep")
        if m.group("unread"):
            doc.warn(f"number unreadable: printed as {m.group('unread')!r} (OCR of a stamp or handwriting?): left empty")
            number = None
        if number and re.fullmatch(r"[IVXl|]+", number):
            number = _ocr_number(number, sep, symbol, doc)
        rest = text[m.end():].strip()
        subj = rx["number_subject"].match(rest)
        if subj:
            doc.layout = dict(doc.layout or {}, subject=subj.group(1))
        doc.number = number or None
        doc.symbol = symbol or None
        doc.code = f"{number}{sep}{symbol}" if number and symbol else None
        return i
    return None


def _ocr_number(printed: str, sep: str, symbol: str, doc: Document) -> str:
    """OCR reads "11" as "II": use the digits only when the document itself cites its own code
    with them (an appendix "Kèm theo Quyết định số 11/2026/QĐ-UBND"); otherwise keep what is
    printed and say so."""
    if re.fullmatch(r"[Il|1]+", printed):
        candidate = "1" * len(printed)
        if re.search(rf"(?<!\d){candidate}\s*{re.escape(sep)}\s*{re.escape(symbol)}", doc.text):
            doc.warn(f"number printed as {printed!r} (OCR): read as {candidate}, as the text cites {candidate}{sep}{symbol}")
            return candidate
    doc.warn(f"number printed as {printed!r} (OCR?): kept as written")
    return printed


# --- document type ------------------------------------------------------------------------------------


def find_type_line(lines: list[Line], after: int) -> tuple[int, str, str] | None:
    """The line that names the type ("KẾ HOẠCH", OCR "QUYÉT ĐỊNH"): (index, type, rest of line)."""
    for i in range(after, min(len(lines), after + HEAD_LINES)):
        text = lines[i].text
        if patterns()["national_motto"].match(text):
            continue
        key = ascii_upper(text)
        end = i
        if i + 1 < len(lines) and text.isupper() and any(name.startswith(key + " ") for _, name in type_keys()):
            # the type wrapped inside its table cell ("NGHỊ" / "ĐỊNH"): read the two lines as one
            text = f"{text} {lines[i + 1].text}"
            key, end = ascii_upper(text), i + 1
        for t, name in type_keys():
            glued = key.startswith(name) and len(key) > len(name) and text[len(name)].isupper() and text[len(name)].isalpha()
            if key == name or ((key.startswith(name + " ") or glued) and text[: len(name)].isupper()):
                rest = text[len(t["name"]):].strip()
                # "KẾT LUẬN CỦA BỘ CHÍNH TRỊ ..." keeps its rest; "LUẬT" inside a sentence does not count.
                if rest and not text[: len(t["name"])].isupper():
                    continue
                for suffix in header_data()["type_suffixes"]["words"]:
                    if rest.upper().startswith(suffix):
                        rest = rest[len(suffix):].strip()
                        break
                return end, t["name"], rest
    return None


def type_from_symbol(symbol: str | None, party: bool) -> str | None:
    if not symbol:
        return None
    parts = re.split(r"[/-]", symbol)
    parts = [p for p in parts if p and not re.fullmatch(r"\d{4}", p)]
    if not parts:
        return None
    head = parts[0]
    for t in doc_types():
        codes = t["party"] if party else t["state"]
        if head in codes or head.upper() in (c.upper() for c in codes):
            return t["name"]
    if re.fullmatch(r"QH\d+", head):
        return NAMED_TYPES["law"]
    return LETTER  # a state symbol that opens with an issuer code (UBND-XD, BTC-QLCS)


# --- place and date ---------------------------------------------------------------------------------------


def parse_place_date(lines: list[Line], doc: Document) -> int | None:
    rx = patterns()["place_date"]
    for i, ln in enumerate(lines[:HEAD_LINES]):
        m = rx.search(ln.text)
        if not m:
            continue
        place = re.sub(r"^[\W_]+", "", m.group("place")).strip()
        # "Thành phố Hồ Chí" / "Minh, ngày 18 …": a place name wrapped over two lines.
        if i > 0 and m.start("place") <= 1 and patterns()["wrapped_place"].fullmatch(lines[i - 1].text.strip("* ")):
            place = f"{lines[i - 1].text.strip('* ')} {place}"
        doc.place = place or None
        day, month, year = (m.group(g).strip(" ._…") for g in ("day", "month", "year"))
        # What OCR made of a handwritten day or month: the rest of the date still holds.
        if day and not day.isdigit():
            doc.warn(f"issue date: day printed as {day!r} (OCR?): left out")
            day = ""
        if month and not month.isdigit():
            doc.warn(f"issue date: month printed as {month!r} (OCR?): left out, the date is the year")
            month, day = "", ""
        doc.date = make_date(year, month, day, doc)
        return i
    return None


_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def make_date(year: str, month: str, day: str, doc: Document | None = None) -> str | None:
    if not month:
        return year
    m = int(month)
    if not 1 <= m <= 12:
        if doc:
            doc.warn(f"invalid issue date: month {m} (day {day or '?'}, year {year}): date left empty")
        return None
    if not day:
        return f"{year}-{m:02d}"
    d = int(day)
    if not 1 <= d <= _DAYS[m - 1]:
        if doc:
            doc.warn(f"invalid issue date: day {d} of month {m}: date left empty")
        return None
    return f"{year}-{m:02d}-{d:02d}"


# --- title ----------------------------------------------------------------------------------------------------


def _closes(line: str) -> bool:
    """A capital line that is no title's: an issuing body ("QUỐC HỘI …") or a signing authority
    that is none ("TRƯỞNG BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH" under a decision's title)."""
    return is_head(line) or line.startswith(tuple(w + " " for w in header_data()["title_closers"]["words"]))


def _open_end(line: str, below: str) -> bool:
    """A title line that cannot be the title's last ("… ĐÃ ĐƯỢC", "… HƯU TRÍ XÃ", "… VỚI ỦY"):
    the capital line below it goes on with the title though it opens with an issuer's head word
    ("QUỐC HỘI …", "HỘI …", "BAN NHÂN DÂN …")."""
    data = header_data()["title_open_ends"]
    tokens, next_tokens = line.split(), below.split()
    if not tokens:
        return False
    if tokens[-1] in data["words"] or tokens[-1].endswith(tuple(w for w in data["words"] if not w.isalpha())):
        return True
    return bool(next_tokens) and f"{tokens[-1]} {next_tokens[0]}" in data["compounds"]


def parse_title(lines: list[Line], start: int, first: str, doc: Document) -> int:
    """Join the trích yếu under the type line; returns the index of the first body line.

    The line right under the type line is always title, even when it opens with "Thực hiện";
    the title ends at a rule, a blank line, the body's opening words or an upper-case line that
    repeats the issuer after a lower-case title."""
    rx = patterns()
    parts = [first] if first else []
    i = start
    while i < len(lines) and i < start + 12:
        text = lines[i].text
        if rx["separator"].match(text):
            i += 1
            break
        if parts and i > start and "\n\n" in doc.text[lines[i - 1].end:lines[i].start] and not text[:1].islower():
            if not (text.isupper() and all(p.isupper() for p in parts) and not _closes(text)):
                break
        if parts and (rx["body_opening"].match(text) or rx["place_date"].search(text) or rx["number_line"].match(text)):
            break
        if parts and text.isupper() and not any(p.isupper() for p in parts[-1:]):
            break
        if parts and text.isupper() and _closes(text) and not _open_end(parts[-1], text):
            break
        if parts and len(" ".join(parts)) > 400:
            break
        parts.append(text)
        i += 1
    title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    m = rx["cong_van_subject"].match(title)
    if m:
        title = m.group("subject").strip()
    doc.title = title or None
    return i
