"""Zones of a text: header, body, the closing block, appendices and documents issued with it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.stages.sections.lines import classify, is_caps, is_closing
from vanban.stages.sections.numbers import NAMED_RANK, PLACEHOLDER, UNIT_ONLY, Lines, is_first, patterns

# --- zones -----------------------------------------------------------------------------------


def _appendix(t: str, loose: bool = False) -> tuple[str, str] | None:
    """(label, title) of an appendix heading line. After the signature (`loose`), OCR junk
    before the word is tolerated: '„ Sa „ Phụ lục' (KL 75)."""
    m = patterns()["appendix"].match(t)
    if m is None and loose and (j := patterns()["junk_appendix"].search(t)) and not re.search(r"[^\W\d_]{4}", t[:j.start()]):
        return j.group("label") or "", ""
    if not m or not m.group("unit")[0].isupper():
        return None
    title = m.group("title").strip()
    if title and not (title[0].isupper() or title[0] == "("):
        return None
    if len(title.split()) > 40 or title.endswith((";", ",")):
        return None
    return (m.group("label") or ""), title


def _continues(lines: Lines, i: int) -> bool:
    """Does line i continue the sentence of the line before it ('… (Có' / 'Phụ lục Bảng …')?"""
    prev = lines.texts[i - 1] if i > 0 else ""
    return bool(prev) and not prev.endswith((".", ":", ";", "!", "?", ")", "”", '"')) and not is_caps(prev)


def _template_note(lines: Lines, i: int, doc_type: str | None) -> bool:
    """Is the '(Kèm theo …)' note under line i that of a form template: blanks to fill in
    ('Giấy phép nhập khẩu số:... ngày...') in a note naming another type of document than
    this one? The appendix or the 'DANH MỤC' of a form is part of the form."""
    rx = patterns()
    for j in range(i, min(len(lines), i + 6)):
        if m := rx["attached_note"].search(lines.texts[j]):
            note = lines.texts[j][m.start():]
            note = note[: note.find(")") + 1] if ")" in note else note
            if not PLACEHOLDER.search(note):
                return False
            named = rx["attached_prefix"].sub("", note)
            return not (doc_type and named.lower().startswith(doc_type.lower()))
    return False


def _attachment_at(lines: Lines, i: int, doc_type: str | None) -> int | None:
    """If line i opens a document issued with the decision (QUY CHẾ … (Ban hành kèm theo …)),
    the index of its '(kèm theo …)' line."""
    t = lines.texts[i]
    rx = patterns()
    if not rx["attachment_title"].match(t) or not is_caps(t):
        return None
    for j in range(i + 1, min(len(lines), i + 10)):
        if rx["attached_note"].search(lines.texts[j]):
            return None if _template_note(lines, j, doc_type) else j
    return None


def find_body_start(lines: Lines) -> int:
    """Line index where the body starts, when the header stage did not say: after the type
    line and its title, at the first căn cứ / thực hiện line or numbered unit."""
    rx = patterns()
    n = min(len(lines), 80)
    type_idx = None
    for i in range(n):
        t = lines.texts[i]
        if rx["doc_type_line"].match(t):
            type_idx = i
            break
    start = type_idx + 1 if type_idx is not None else 0
    for i in range(start, len(lines)):
        t = lines.texts[i]
        if not t:
            continue
        if rx["preamble_start"].match(t) and t[0].isupper():  # not "thực hiện …" of a title
            if rx["addressee_label"].match(t):
                return _after_addressees(lines, i)
            return i
        if UNIT_ONLY.match(t):  # "Điều" / "1. …" on two lines
            t = t + " " + next((u for u in lines.texts[i + 1:i + 3] if u), "")
        c = classify(t)
        if c is not None and (c.style in NAMED_RANK or is_first(c.key) or (c.style == "R" and c.strong)):
            return i
        if type_idx is None and i > 120:
            break
    return type_idx + 1 if type_idx is not None else 0


def _after_addressees(lines: Lines, i: int) -> int:
    """The line after a 'Kính gửi:' block (its dash items and wrapped lines)."""
    j = i + 1
    while j < len(lines):
        t = lines.texts[j]
        prev = lines.texts[j - 1]
        if not t or t[0] in "-+•" or (prev.endswith((";", ",", ":")) and len(t) < 120):
            j += 1
            continue
        break
    return j


@dataclass
class Zone:
    kind: str   # header | body | closing | appendix | attached (title block of an attached document)
    first: int  # line index
    last: int   # exclusive
    label: str = ""
    title: str = ""


def find_zones(lines: Lines, body_line: int, doc_type: str | None = None) -> list[Zone]:
    zones: list[Zone] = []
    if body_line > 0:
        zones.append(Zone("header", 0, body_line))
    state = "body"
    cur = Zone("body", body_line, len(lines))
    seen_closing = False
    seen_unit = False
    in_form = False  # a form template after the signature: its own "PHỤ LỤC" is not an appendix
    i = body_line
    while i < len(lines):
        t = lines.texts[i]
        if not t or lines.quoted[i]:
            i += 1
            continue
        if state == "closing" and patterns()["form"].match(t):
            in_form = True
        appendix = _appendix(t, loose=state != "body") if (seen_unit or seen_closing or state != "body") and not in_form else None
        if appendix is not None and (_template_note(lines, i, doc_type) or (state == "body" and _continues(lines, i))):
            appendix = None
        if appendix is not None:
            cur.last = i
            zones.append(cur)
            cur = Zone("appendix", i, len(lines), appendix[0], appendix[1])
            state = "appendix"
        elif (state == "body" and is_closing(t)) or (state == "appendix" and not seen_closing and is_closing(t)):
            cur.last = i
            zones.append(cur)
            cur = Zone("closing", i, len(lines))
            state, seen_closing = "closing", True
        elif (state == "closing" or (state == "appendix" and i > cur.first + 6)) and not in_form \
                and (note := _attachment_at(lines, i, doc_type)) is not None:
            # (An appendix's own title block, "PHỤ LỤC III / HƯỚNG DẪN … / (Kèm theo …)", is not
            # a new attached document.)
            cur.last = i
            zones.append(cur)
            zones.append(Zone("attached", i, note + 1, title=t))
            cur = Zone("body", note + 1, len(lines))
            state, in_form = "body", False
            i = note + 1
            continue
        elif state == "body" and not seen_unit and classify(t) is not None:
            seen_unit = True
        i += 1
    cur.last = len(lines)
    zones.append(cur)
    return [z for z in zones if z.last > z.first]
