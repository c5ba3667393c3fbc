"""DOCX: paragraphs and tables in body order.

The header (issuer | Quốc hiệu, number | place-date) and the signature / "Nơi nhận" block of
Word documents live in tables; the first such table is written column by column so that each
column's lines stay together, other two-column tables cell by cell, wider tables row by row
with " | " between cells.
"""

from __future__ import annotations

import io
import zipfile

from vanban.ingest.base import Ingested, IngestError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_text(p) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == _W + "t" and node.text:
            parts.append(node.text)
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "tab":
            parts.append("\t")
    return "".join(parts)


def _cell_lines(tc) -> list[str]:
    lines: list[str] = []
    for p in tc.iter(_W + "p"):
        lines.extend(_para_text(p).split("\n"))
    return [ln for ln in lines if ln.strip()]


def _table_rows(tbl) -> list[list[list[str]]]:
    rows = []
    for tr in tbl.findall(_W + "tr"):
        cells: list[list[str]] = []
        for tc in tr.findall(_W + "tc"):
            # A vertically merged continuation cell repeats nothing; skip it.
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                cells.append([])
                continue
            cells.append(_cell_lines(tc))
        rows.append(cells)
    return rows


def is_header_table(rows: list[list[list[str]]]) -> bool:
    flat = " ".join(" ".join(" ".join(c) for c in r) for r in rows[:3]).upper()
    return "CỘNG HÒA" in flat or "CỘNG HOÀ" in flat or "ĐẢNG CỘNG SẢN" in flat


def render_table(rows: list[list[list[str]]], header: bool) -> list[str]:
    width = max((len(r) for r in rows), default=0)
    out: list[str] = []
    if header or width == 2:
        if header:
            for col in range(width):
                for r in rows:
                    if col < len(r):
                        out.extend(r[col])
                out.append("")
        else:
            for r in rows:
                for c in r:
                    if c:
                        out.extend(c)
                        out.append("")
        return out
    for r in rows:
        cells = [" ".join(c) for c in r]
        if any(cells):
            out.append(" | ".join(cells) if width > 1 else cells[0])
    out.append("")
    return out


def _footnotes(data: bytes) -> list[str]:
    """Footnotes live in word/footnotes.xml, outside the body; plans cite documents there
    (the Lào Cai draft's 10-NQ/TW, 35-NQ/TU …). They follow the body as "[n] text" lines, as
    they follow the page in print."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "word/footnotes.xml" not in zf.namelist():
                return []
            root = etree.fromstring(zf.read("word/footnotes.xml"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError):
        return []
    lines: list[str] = []
    for note in root.findall(_W + "footnote"):
        note_id = note.get(_W + "id")
        if note_id is None or int(note_id) < 1:  # -1 and 0 are the separator lines
            continue
        text = " ".join(_para_text(p).strip() for p in note.iter(_W + "p")).strip()
        if text:
            lines.append(f"[{note_id}] {text}")
    return ["", *lines] if lines else []


def read_docx(data: bytes) -> Ingested:
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"corrupt DOCX (not a readable Word package): {exc}") from exc
    out: list[str] = []
    seen_header = False
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            out.append(_para_text(child))
        elif child.tag == _W + "tbl":
            rows = _table_rows(child)
            header = not seen_header and is_header_table(rows)
            seen_header = seen_header or header
            out.append("")
            out.extend(render_table(rows, header))
    out.extend(_footnotes(data))
    text = "\n".join(out).replace("\t", " ")
    warnings = [] if text.strip() else ["DOCX has no text"]
    return Ingested(text, "docx", [], warnings)
