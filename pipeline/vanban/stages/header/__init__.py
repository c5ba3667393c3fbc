"""The header (thể thức) and the signature block: type, number and symbol, issuer, place and
date, title, signer, recipients.

The header is read as two columns, whatever the input did with them: a reader may give them
one after the other (DOCX, markdown, pdfium) or on one line (text taken from a PDF with its
layout: "ĐẢNG BỘ TỈNH NINH THUẬN ĐẢNG CỘNG SẢN VIỆT NAM"), so lines are first split at the
anchors that open the right-hand column (Quốc hiệu, Party name, place-date).

Split by job: `lines` (lines, columns, patterns), `fields` (number, type, place and date, title),
`issuer`, `closing` (signature, recipients), `properties` (a web page's properties table)."""

from __future__ import annotations

import re

from vanban.model import Document
from vanban.stages.header.closing import parse_closing
from vanban.stages.header.fields import find_type_line, parse_number_line, parse_place_date, parse_title, type_from_symbol
from vanban.stages.header.issuer import group_bodies, left_column, proper_case, with_locality, words_in
from vanban.stages.header.lines import HEAD_LINES, LETTER, NAMED_TYPES, Line, header_lines, patterns, split_columns
from vanban.stages.header.properties import fill_from_page_properties, page_properties


def run(doc: Document) -> Document:
    lines = split_columns(header_lines(doc.text, 0, min(len(doc.text), 6000)))
    if not lines:
        return doc
    num_idx = parse_number_line(lines, doc)
    date_idx = parse_place_date(lines, doc)
    layout_left = (doc.layout or {}).get("left") if isinstance(doc.layout, dict) else None
    if layout_left and not words_in(layout_left, doc.text[:3000]):
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
    party = bool(patterns()["party_name"].search(doc.text[:3000])) or bool(doc.symbol and re.search(r"\w-\w+/", doc.code or "-" + doc.symbol))
    if doc.symbol and "/" in doc.symbol and not re.search(r"\d{4}/", doc.symbol) and not (doc.code or "").count("/") > 1:
        party = party or bool(re.match(r"^[A-Za-zĐđ]+/", doc.symbol))
    sym_type = type_from_symbol(doc.symbol, party)
    if doc.doc_type is None or (sym_type == LETTER and doc.doc_type not in (LETTER,) and t_idx is None):
        doc.doc_type = sym_type or doc.doc_type
    if (doc.layout or {}).get("subject") and doc.title is None:
        # a "V/v" subject under the number and no type line: a letter, whatever its symbol
        # says ("5363/CT-CS" is the Cục Thuế's, not a Chỉ thị)
        doc.doc_type = LETTER if t_idx is None else (doc.doc_type or LETTER)
        doc.title = doc.layout["subject"]
    if doc.doc_type is None or sym_type == LETTER or t_idx is None:
        subj = next((ln for ln in lines[: (t_idx or HEAD_LINES)] if patterns()["cong_van_subject"].match(ln.text)), None)
        if subj is not None:
            doc.doc_type = LETTER
            subject = patterns()["cong_van_subject"].match(subj.text)
            doc.title = subject.group("subject").strip() if subject else subj.text.strip()
            nxt = lines.index(subj) + 1
            # The subject wraps onto the next lines of the left column until "Kính gửi" or the body.
            rx = patterns()
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
    left = layout_left if layout_left else left_column(lines, stop)
    if layout_left:
        left = left_column([Line(t, 0) for t in layout_left], len(layout_left))
    bodies = [proper_case(b) for b in group_bodies(left)]
    if bodies:
        joint_lines = any(ln.rstrip().endswith(" -") for ln in left)  # "BỘ CÔNG AN - BỘ QUỐC PHÒNG -"
        if (len(bodies) >= 3 and (doc.doc_type == NAMED_TYPES["joint_circular"] or joint_lines)) or (
                len(bodies) > 2 and all(patterns()["joint_body"].search(b) for b in bodies)):
            doc.issuers = bodies
            doc.issuer = bodies[0]
        else:
            doc.issuer = with_locality(bodies[-1], bodies[-2] if len(bodies) > 1 else None)
            doc.parent_issuer = bodies[-2] if len(bodies) > 1 else None
    if body_idx < len(lines):
        doc.body_start = lines[body_idx].start if body_idx > 0 else 0
    parse_closing(doc, header_lines(doc.text, doc.body_start))
    fill_from_page_properties(doc)
    return doc


__all__ = [
    "HEAD_LINES",
    "Line",
    "header_lines",
    "page_properties",
    "parse_closing",
    "parse_number_line",
    "proper_case",
    "run",
    "with_locality",
]
