"""The header (thể thức) and the signature block: type, number and symbol, issuer, place and
date, title, signer, recipients.

The header is read as two columns, whatever the input did with them: a reader may give them
one after the other (DOCX, markdown, pdfium) or on one line (text taken from a PDF with its
layout: "ĐẢNG BỘ TỈNH NINH THUẬN ĐẢNG CỘNG SẢN VIỆT NAM"), so lines are first split at the
anchors that open the right-hand column (Quốc hiệu, Party name, place-date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vanban.model import Document, Entity, Signer
from vanban.rules import compiled, load_rules
from vanban.text.normalize import fold_tones, strip_diacritics

HEAD_LINES = 45  # the header never runs longer than this many lines in the corpus


@dataclass
class Line:
    text: str
    start: int  # offset in doc.text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _rx() -> dict[str, re.Pattern[str]]:
    return compiled("header")


@cache
def _data() -> dict:
    return load_rules("header")


@cache
def _types() -> list[dict]:
    # Longest first so that "THÔNG TƯ LIÊN TỊCH" wins over "THÔNG TƯ".
    return sorted(load_rules("doc_types")["types"], key=lambda t: -len(t["name"]))


def _ascii_upper(s: str) -> str:
    return strip_diacritics(fold_tones(s)).upper()


# --- lines -------------------------------------------------------------------------------------


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    out = []
    pos = start
    end = len(text) if end is None else end
    for raw in text[start:end].split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            out.append(Line(stripped, pos + lead))
        pos += len(raw) + 1
    return out


def split_columns(lines: list[Line]) -> list[Line]:
    """Split lines that hold both header columns at the opening of the right-hand one.

    A place-date anchor only splits when what stands left of it is itself a header item (the
    number line, the Party asterisk, an upper-case issuer line): "Hà Nội, ngày …" stays whole."""
    rx = _rx()
    out: list[Line] = []
    for ln in lines:
        cut = None
        for m in rx["right_column_start"].finditer(ln.text):
            left = ln.text[: m.start()].strip()
            if not left:
                continue
            if ln.text[m.end():].startswith(("CỘNG", "ĐẢNG CỘNG", "Độc lập")) or left == "*" or left.isupper() or rx["number_line"].match(left):
                cut = m
                break
        if cut is None:
            out.append(ln)
            continue
        left = ln.text[: cut.start()].rstrip()
        right = ln.text[cut.end():].lstrip()
        out.append(Line(left, ln.start))
        out.extend(split_columns([Line(right, ln.start + len(ln.text) - len(right))]))
    return out


# --- number and symbol -----------------------------------------------------------------------------


def parse_number_line(lines: list[Line], doc: Document) -> int | None:
    """Fill number, symbol, code from the "Số" line; returns its index in `lines`."""
    rx = _rx()
    for i, ln in enumerate(lines[:HEAD_LINES]):
        text = ln.text
        if rx["number_label_alone"].match(text) and i + 1 < len(lines):
            text = "Số: " + lines[i + 1].text  # vbpl puts "Số:" and the number on two lines
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
        subj = re.match(r"^(?:V/[Vv]|[Vv]ề việc)\s*:?\s*(.+)$", rest)
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
        if _rx()["national_motto"].match(text):
            continue
        key = _ascii_upper(text)
        end = i
        if i + 1 < len(lines) and text.isupper() and any(_ascii_upper(t["name"]).startswith(key + " ") for t in _types()):
            # the type wrapped inside its table cell ("NGHỊ" / "ĐỊNH"): read the two lines as one
            text = f"{text} {lines[i + 1].text}"
            key, end = _ascii_upper(text), i + 1
        for t in _types():
            name = _ascii_upper(t["name"])
            glued = key.startswith(name) and len(key) > len(name) and text[len(name)].isupper() and text[len(name)].isalpha()
            if key == name or ((key.startswith(name + " ") or glued) and text[: len(name)].isupper()):
                rest = text[len(t["name"]):].strip()
                # "KẾT LUẬN CỦA BỘ CHÍNH TRỊ ..." keeps its rest; "LUẬT" inside a sentence does not count.
                if rest and not text[: len(t["name"])].isupper():
                    continue
                if rest.upper().startswith("HÀNH ĐỘNG"):
                    rest = rest[len("HÀNH ĐỘNG"):].strip()
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
    for t in _types():
        codes = t["party"] if party else t["state"]
        if head in codes or head.upper() in (c.upper() for c in codes):
            return t["name"]
    if re.fullmatch(r"QH\d+", head):
        return "Luật"
    return "Công văn"  # a state symbol that opens with an issuer code (UBND-XD, BTC-QLCS)


# --- issuer -----------------------------------------------------------------------------------------------


def _is_head(line: str) -> bool:
    u = fold_tones(line).upper()
    return any(u == h or u.startswith(h + " ") for h in (fold_tones(x).upper() for x in _data()["issuer_heads"]))


def _rejoin_heads(lines: list[str]) -> list[str]:
    """A head word wrapped inside its cell ("ỦY" / "BAN NHÂN DÂN", the thuvienphapluat header
    tables of the bulk files): joined back before the lines are grouped."""
    joined = {fold_tones(n).upper() for n in _data()["joined_heads"]["names"]}
    out: list[str] = []
    for ln in lines:
        if (out and fold_tones(f"{out[-1]} {ln}").upper() in joined) or (out and not _is_head(out[-1]) and _is_head(f"{out[-1]} {ln}") and (len(out) == 1 or _is_head(out[-2])
                                                                                  or not _is_head(ln))):
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
        if len(parts) > 1 and all(_is_head(p) for p in parts):
            bodies.extend(parts)  # joint issuers on one line
            continue
        if bodies and not _is_head(ln):
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


def _proper_case(name: str) -> str:
    table = {fold_tones(k): v for k, v in _data()["proper_case"].items()}
    levels = [fold_tones(x) for x in _data()["locality_levels"]]
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


_LOCALITY = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+([A-ZĐÀ-Ỹ][^\s,]*(?:\s+[A-ZĐÀ-Ỹ][^\s,]*)*)$")
_OWN_PLACE = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+[A-ZĐÀ-Ỹ]|(?:Tỉnh|Thành|Huyện|Quận|Thị) ủy\s+[A-ZĐÀ-Ỹ]|Trung ương|Chính phủ|Quốc hội|^Bộ\s|nước$")


def with_locality(issuer: str, parent: str | None) -> str:
    """Give a body its place from the line above when its own line leaves it out
    ("SỞ CÔNG THƯƠNG" under "UBND TỈNH LÀO CAI")."""
    if parent and parent.startswith("Ban Chấp hành Trung ương") and re.match(r"^(?:Văn phòng|Ban .*|Ủy ban Kiểm tra)$", issuer) \
            and "Trung ương" not in issuer:
        # the department's full name, cased by the table ("BAN TỔ CHỨC" -> "Ban Tổ chức Trung ương")
        return proper_case(f"{issuer} Trung ương Đảng" if issuer == "Văn phòng" else f"{issuer} Trung ương".upper())
    if not parent or _OWN_PLACE.search(issuer):
        return issuer
    m = _LOCALITY.search(parent)
    if m:
        level, place = m.groups()
        if re.search(rf"\b{level}$", issuer):
            return f"{issuer} {place}"
        if re.search(r"(?:Tỉnh|Thành|Huyện|Quận|Thị) ủy$", issuer):
            return f"{issuer} {place}"
        return f"{issuer} {level} {place}"
    m = re.search(r"^Đảng bộ (tỉnh|thành phố|huyện|xã|phường) (.+)$", parent)
    if m:
        return f"{issuer} {m.group(2)}"
    return issuer


# --- place and date ---------------------------------------------------------------------------------------


def parse_place_date(lines: list[Line], doc: Document) -> int | None:
    rx = _rx()["place_date"]
    for i, ln in enumerate(lines[:HEAD_LINES]):
        m = rx.search(ln.text)
        if not m:
            continue
        place = re.sub(r"^[\W_]+", "", m.group("place")).strip()
        # "Thành phố Hồ Chí" / "Minh, ngày 18 …": a place name wrapped over two lines.
        if i > 0 and m.start("place") <= 1 and re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\.?\s?|phố\s?){1,5}", lines[i - 1].text.strip("* ")):
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


def parse_title(lines: list[Line], start: int, first: str, doc: Document) -> int:
    """Join the trích yếu under the type line; returns the index of the first body line.

    The line right under the type line is always title, even when it opens with "Thực hiện";
    the title ends at a rule, a blank line, the body's opening words or an upper-case line that
    repeats the issuer after a lower-case title."""
    rx = _rx()
    parts = [first] if first else []
    i = start
    while i < len(lines) and i < start + 12:
        text = lines[i].text
        if rx["separator"].match(text):
            i += 1
            break
        if parts and i > start and "\n\n" in doc.text[lines[i - 1].end:lines[i].start] and not text[:1].islower():
            if not (text.isupper() and all(p.isupper() for p in parts) and not _is_head(text)):
                break
        if parts and (rx["body_opening"].match(text) or rx["place_date"].search(text) or rx["number_line"].match(text)):
            break
        if parts and text.isupper() and not any(p.isupper() for p in parts[-1:]):
            break
        if parts and text.isupper() and _is_head(text) and not parts[-1].rstrip().endswith((",", "VỀ", "CỦA")):
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


# --- signature and recipients ---------------------------------------------------------------------------


_NAME = re.compile(r"^(?:\(?[Đđ]ã ký\)?\s*)?(?:Đ/c\s+|Đồng chí\s+)?(?:(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá)\s+)?([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,5}(?:\s[a-zà-ỹđ])?)$")
_UPPER_NAME = re.compile(r"^([A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+){1,5})$")


_MID_AUTHORITY = re.compile(r"\s(?=(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\s*[./]?\s+[A-ZĐÀ-Ỹ]{2})")
_TRAILING_UPPER = re.compile(r"(?<=[;:.)])\s+(?=[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,]{3,}$|[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$)")


def split_closing(lines: list[Line]) -> list[Line]:
    """Text taken from a PDF with its layout puts "Nơi nhận" and the signature side by side
    ("Nơi nhận: KT. CHỦ TỊCH", "- Bộ … (để báo cáo); PHÓ CHỦ TỊCH"): cut them apart."""
    out: list[Line] = []
    for ln in lines:
        m = _MID_AUTHORITY.search(ln.text) or (_TRAILING_UPPER.search(ln.text) if ln.text.lstrip().startswith(("-", "+", "•")) else None)
        if m and ln.text[: m.start()].strip():
            right = ln.text[m.end():]
            out.append(Line(ln.text[: m.start()].rstrip(), ln.start))
            out.append(Line(right, ln.start + m.end()))
        else:
            out.append(ln)
    return out


def parse_closing(doc: Document, lines: list[Line]) -> None:
    """Signer(s) and recipients. The main signature is the first authority block with a name in
    the second part of the text: appendices after it may carry forms with their own
    "Nơi nhận" and signature placeholders, which are not the document's."""
    rx = _rx()
    lines = split_closing(lines)
    floor = len(doc.text) * 0.1
    signers: list[tuple[Signer, Line | None]] = []
    first_at: int | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.start >= floor and rx["authority"].match(ln.text) and ln.text.isupper():
            signer, name_line, j = _signer_block(lines, i)
            if signer is not None and signer.name:
                if first_at is None:
                    first_at = i
                # Joint documents sign side by side: further blocks right after the first.
                if i - (first_at or i) <= 40:
                    signers.append((signer, name_line))
            i = max(j, i + 1)
            continue
        i += 1
    if not signers:
        found = _signer_without_authority(lines[max(0, len(lines) - 90):])
        if found:
            signers = [found]
            first_at = lines.index(found[1])
    if signers:
        doc.signer = signers[0][0]
        if len(signers) > 1:
            doc.signers = [s for s, _ in signers]
        for s, name_at in signers:
            if s.name and name_at is not None:
                at = name_at.text.find(s.name)
                if at >= 0:
                    doc.entities.append(Entity("PER", s.name, name_at.start + at, name_at.start + at + len(s.name), "rule"))
    # "Nơi nhận" nearest to the signature (before it in most layouts, after it in some).
    labels = [k for k, ln in enumerate(lines) if rx["recipients_label"].match(ln.text) and ln.start >= floor]
    if labels:
        anchor = first_at if first_at is not None else labels[0]
        k = min(labels, key=lambda x: abs(x - anchor))
        if first_at is None or abs(k - first_at) <= 60:
            doc.recipients = _recipients(lines, k)
            starts = [lines[k].start] + ([lines[first_at].start] if first_at is not None else [])
            doc.body_end = min(starts)
    elif first_at is not None:
        doc.body_end = lines[first_at].start


def _recipients(tail: list[Line], idx: int) -> list[str]:
    rx = _rx()
    first = re.sub(r"^\W*Nơi nhận\s*:?\s*", "", tail[idx].text)
    items = [first] if first else []
    for ln in tail[idx + 1:]:
        t = ln.text
        if not re.match(r"^\s*[-+•·*]", t):
            if t.isupper() or rx["authority"].match(t) or rx["signed_stamp"].match(t):
                continue  # the signature column interleaved with the list
            # A wrapped item continues: lower-case start, or the item has no closing ; . yet.
            if items and (t[:1].islower() or not re.search(r"[;.]$", items[-1])) and not _NAME.match(t):
                items[-1] += " " + t
                continue
            break
        items.append(t)
    out = []
    for it in items:
        it = re.sub(r"^[\s\-+•·*]+", "", it).strip()
        it = re.sub(r"[;.,]+$", "", it).strip()
        if it:
            out.append(it)
    return out


def _signer_block(tail: list[Line], i: int) -> tuple[Signer | None, Line | None, int]:
    """From an authority line: the authority lines, the position and the name below them.
    Recipient lines met on the way (layout text interleaves the two) are passed over."""
    rx = _rx()
    auth: list[str] = []
    uppers: list[str] = []
    name: str | None = None
    name_line: Line | None = None
    k = i
    while k < len(tail) and k < i + 25:
        t = tail[k].text.strip()
        if rx["authority"].match(t) and t.isupper():
            if name:
                break
            auth.append(t)
        elif (m := _NAME.match(t)) and not t.startswith(("-", "+", "•")):
            # vbpl splits words across HTML spans ("Võ Minh Lươn g"): glue a stray last letter back.
            name, name_line = re.sub(r"\s([a-zà-ỹđ])$", r"\1", m.group(1)), tail[k]
            k += 1
            break
        elif t.startswith(("-", "+", "•")) or rx["signed_stamp"].match(t) or rx["separator"].match(t) or rx["recipients_label"].match(t):
            pass
        elif t.isupper():
            if uppers or not auth or _POSITIONS.match(fold_tones(t)):
                uppers.append(t)
            else:
                auth[-1] = f"{auth[-1]} {t}"  # "TM. ỦY BAN NHÂN" + "DÂN"
        elif len(t) > 160:
            break  # back in running prose: no signature here
        k += 1
    title = uppers[-1] if uppers else None
    if title is None and auth and not auth[-1].upper().startswith(("TM", "T/M", "T.M")):
        title = re.sub(r"^\s*\S+?[./]\s*", "", auth[-1])
    if not name and not title:
        return None, None, k
    authority = ", ".join(_case_authority(a) for a in auth) or None
    return Signer(name=name, title=proper_case(title) if title else None, authority=authority), name_line, k


def _case_authority(a: str) -> str:
    m = re.match(r"^\s*(T/M|K/T|T/L|\S+?[./])\s*(.*)$", a)
    if not m:
        return a
    mark, rest = m.groups()
    return f"{mark} {proper_case(rest)}" if rest else mark


_POSITIONS = re.compile(r"^(?:PHÓ\s+)?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH|BÍ THƯ|GIÁM ĐỐC|THỦ TƯỚNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|CHỦ NHIỆM|CỤC TRƯỞNG|TỔNG BÍ THƯ|VIỆN TRƯỞNG|CHÁNH ÁN|TỔNG KIỂM TOÁN)\b")


def _signer_without_authority(tail: list[Line]) -> tuple[Signer, Line] | None:
    """"BỘ TRƯỞNG / Nguyễn Văn A" or "CHỦ TỊCH QUỐC HỘI / Trần Thanh Mẫn" with no TM./KT. line."""
    for k in range(len(tail) - 1, 0, -1):
        m = _NAME.match(tail[k].text)
        if not m:
            continue
        for back in (1, 2):
            if k - back >= 0 and _POSITIONS.match(fold_tones(tail[k - back].text)) and tail[k - back].text.isupper():
                return Signer(name=m.group(1), title=proper_case(tail[k - back].text), authority=None), tail[k]
    return None


# --- the stage ----------------------------------------------------------------------------------------------------


_MOTTO = " cộng hòa xã hội chủ nghĩa việt nam "


def _motto_fragment(line: str) -> bool:
    """A piece of the national motto wrapped inside its table cell ("CỘNG HÒA XÃ" / "HỘI CHỦ
    NGHĨA VIỆT NAM"): whole words of it, nothing else."""
    words = " ".join(fold_tones(line.lower()).split())
    return bool(words) and f" {words} " in fold_tones(_MOTTO)


_NAME_LIKE = re.compile(r"[^\W\d_]{2,}")
_SIGNATURE_TIME = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?")


def _left_column(lines: list[Line], stop: int) -> list[str]:
    """Upper-case lines of the issuer block above `stop`; notes before the header (a
    "[Bản trích chữ tự động …]" line) are passed over."""
    rx = _rx()
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


def _words_in(lines: list[str], text: str) -> bool:
    """Whether every word of the layout's lines is a word of the text too."""
    words = set(fold_tones(text.upper()).split())
    return all(w in words for ln in lines for w in fold_tones(ln.upper()).split() if w.isalpha())


def run(doc: Document) -> Document:
    lines = split_columns(split_lines(doc.text, 0, min(len(doc.text), 6000)))
    if not lines:
        return doc
    num_idx = parse_number_line(lines, doc)
    date_idx = parse_place_date(lines, doc)
    layout_left = (doc.layout or {}).get("left") if isinstance(doc.layout, dict) else None
    if layout_left and not _words_in(layout_left, doc.text[:3000]):
        layout_left = None  # pdfplumber's column merged two lines' characters ("QUỐCPHÒNG"): the text is right
    anchors = [i for i in (num_idx, date_idx) if i is not None]
    type_search_from = max(anchors) + 1 if anchors else 0
    found = find_type_line(lines, type_search_from) or (find_type_line(lines, 0) if anchors else None)
    if found:
        t_idx, doc_type, rest = found
        doc.doc_type = doc_type
        body_idx = parse_title(lines, t_idx + 1, rest, doc)
    else:
        t_idx = None
        body_idx = (max(anchors) + 1) if anchors else 0
    party = bool(re.search(r"ĐẢNG CỘNG SẢN", doc.text[:3000])) or bool(doc.symbol and re.search(r"\w-\w+/", doc.code or "-" + doc.symbol))
    if doc.symbol and "/" in doc.symbol and not re.search(r"\d{4}/", doc.symbol) and not (doc.code or "").count("/") > 1:
        party = party or bool(re.match(r"^[A-Za-zĐđ]+/", doc.symbol))
    sym_type = type_from_symbol(doc.symbol, party)
    if doc.doc_type is None or (sym_type == "Công văn" and doc.doc_type not in ("Công văn",) and t_idx is None):
        doc.doc_type = sym_type or doc.doc_type
    if (doc.layout or {}).get("subject") and doc.title is None:
        doc.doc_type = doc.doc_type or "Công văn"
        doc.title = doc.layout["subject"]
    if doc.doc_type is None or sym_type == "Công văn":
        subj = next((ln for ln in lines[: (t_idx or HEAD_LINES)] if _rx()["cong_van_subject"].match(ln.text)), None)
        if subj is not None:
            doc.doc_type = "Công văn"
            subject = _rx()["cong_van_subject"].match(subj.text)
            doc.title = subject.group("subject").strip() if subject else subj.text.strip()
            nxt = lines.index(subj) + 1
            # The subject wraps onto the next lines of the left column until "Kính gửi" or the body.
            rx = _rx()
            while nxt < len(lines) and len(doc.title) < 300:
                t = lines[nxt].text
                if (rx["body_opening"].match(t) or rx["place_date"].search(t) or rx["national_motto"].match(t)
                        or rx["separator"].match(t) or rx["number_line"].match(t) or t.isupper()):
                    break
                if not t[:1].islower() and re.search(r"[.;:]$", doc.title):
                    break
                doc.title += " " + t
                nxt += 1
            body_idx = max(body_idx, nxt)
    # Issuer: the left column above the number line (or above the type line when there is none).
    stop = num_idx if num_idx is not None else (t_idx if t_idx is not None else 0)
    left = layout_left if layout_left else _left_column(lines, stop)
    if layout_left:
        left = _left_column([Line(t, 0) for t in layout_left], len(layout_left))
    bodies = [proper_case(b) for b in group_bodies(left)]
    if bodies:
        joint_lines = any(ln.rstrip().endswith(" -") for ln in left)  # "BỘ CÔNG AN - BỘ QUỐC PHÒNG -"
        if (len(bodies) >= 3 and (doc.doc_type == "Thông tư liên tịch" or joint_lines)) or (
                len(bodies) > 2 and all(b.startswith("Bộ") or "tối cao" in b for b in bodies)):
            doc.issuers = bodies
            doc.issuer = bodies[0]
        else:
            doc.issuer = with_locality(bodies[-1], bodies[-2] if len(bodies) > 1 else None)
            doc.parent_issuer = bodies[-2] if len(bodies) > 1 else None
    if body_idx < len(lines):
        doc.body_start = lines[body_idx].start if body_idx > 0 else 0
    parse_closing(doc, split_lines(doc.text, doc.body_start))
    _fill_from_page_properties(doc)
    return doc


def page_properties(text: str) -> dict[str, str]:
    """The label / value lines of a vbpl.vn properties table ("Số hiệu" / "8376 /VBHN-BTP"),
    as {field: value}; empty for a document without one."""
    labels: dict[str, str] = _data()["page_properties"]["labels"]
    if "Số hiệu\n" not in text[:8000]:
        return {}
    out: dict[str, str] = {}
    lines = [ln.strip() for ln in text[:8000].split("\n")]
    for i, ln in enumerate(lines[:-1]):
        field = labels.get(ln)
        value = lines[i + 1]
        if field and field not in out and value and value != "--" and value not in labels:
            out[field] = value
    return out


def _fill_from_page_properties(doc: Document) -> None:
    """Fields the header left empty, or filled implausibly (a code as the issuer), from the web
    page's own properties table."""
    props = page_properties(doc.text)
    if not props:
        return
    if doc.issuer and re.search(r"\d|/", doc.issuer):
        doc.issuer, doc.parent_issuer = None, None
    if not doc.issuer and props.get("issuer"):
        doc.issuer = props["issuer"]
    if not doc.code and props.get("code"):
        parse_number_line([Line(f"Số: {props['code']}", 0)], doc)  # the header's own grammar
    if not doc.doc_type and props.get("doc_type"):
        doc.doc_type = props["doc_type"]
    day = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", props.get("date", ""))
    if not doc.date and day:
        doc.date = make_date(day.group(3), day.group(2), day.group(1), doc)
    if doc.signer is None and props.get("signer"):
        doc.signer = Signer(name=props["signer"], title=props.get("signer_title"), authority=None)
