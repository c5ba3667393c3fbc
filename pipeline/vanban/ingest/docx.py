"""DOCX: paragraphs and tables in body order.

The header (issuer | Quốc hiệu, number | place-date) and the signature / "Nơi nhận" block of
Word documents live in tables; the first such table is written column by column so that each
column's lines stay together, other two-column tables cell by cell, wider tables row by row
with " | " between cells.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from vanban.ingest.base import Ingested, IngestError
from vanban.limits import limits, megabytes
from vanban.rules import compiled

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
    return bool(compiled("header")["header_table"].search(flat))


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


def _check_parts(data: bytes) -> None:
    """Refuse a DOCX with a part that expands past the limit, before anything is expanded.
    The sizes are those of the zip's directory, which zipfile also holds the reading to."""
    limit = limits().docx_part_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.file_size > limit:
                raise IngestError(f"DOCX part {info.filename} expands to {megabytes(info.file_size)}, over the limit of "
                                  f"{megabytes(limit)} per part (VANBAN_MAX_DOCX_PART_BYTES): not read")


def read_docx(data: bytes) -> Ingested:
    import docx  # python-docx

    warnings: list[str] = []
    try:
        _check_parts(data)
        body = docx.Document(io.BytesIO(data)).element.body
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        salvaged = salvage_body(data)
        if salvaged is None:
            raise IngestError(f"corrupt DOCX (not a readable Word package): {exc}") from exc
        body, note = salvaged
        warnings.append(f"damaged DOCX ({exc}): {note}")
    out: list[str] = []
    seen_header = False
    for child in body.iterchildren():
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
    if warnings:
        warnings[0] += f"; recovered {len(text.strip())} characters: the rest of the document may be missing"
    if not text.strip():
        warnings.append("DOCX has no text")
    return Ingested(text, "docx", [], warnings)


def salvage_body(data: bytes) -> tuple[Any, str] | None:
    """The body of a Word package whose zip directory is gone (a file cut short: the directory
    is the last thing in a zip): word/document.xml read from its local entry, as far as its
    compressed bytes go, and parsed leniently. None when not even that entry is there."""
    from lxml import etree

    at = data.find(b"PK\x03\x04")
    while at >= 0 and at + 30 <= len(data):
        method, = struct.unpack("<H", data[at + 8:at + 10])
        name_len, extra_len = struct.unpack("<HH", data[at + 26:at + 30])
        name = data[at + 30:at + 30 + name_len]
        start = at + 30 + name_len + extra_len
        if name == b"word/document.xml":
            raw = data[start:]
            if method == 8:
                inflater = zlib.decompressobj(-15)
                try:
                    # held to the same limit as a whole package's parts (a cut zip bomb stays a bomb)
                    xml = inflater.decompress(raw, limits().docx_part_bytes)
                except zlib.error:
                    return None
            else:
                xml = raw
            root = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True))
            body = root.find(_W + "body") if root is not None else None
            if body is None:
                return None
            return body, f"the package's directory is missing; word/document.xml read as far as it goes ({len(xml)} bytes of XML)"
        at = data.find(b"PK\x03\x04", start)
    return None
