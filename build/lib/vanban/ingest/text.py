"""Plain text and the thuvienphapluat markdown.

The markdown pages put the header in a pipe table whose cells hold line breaks, mark bold and
italics, and sometimes carry web lines (page title, "Link bài viết gốc") around the document.
We turn them into the text a reader sees: the header table column by column (issuer block,
then Quốc hiệu block), other tables row by row, markup removed.
"""

from __future__ import annotations

import codecs
import re

from vanban.ingest.base import Ingested, IngestError
from vanban.rules import load_rules


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> str. UTF-8 (with or without BOM) and UTF-16 with BOM; anything else is read
    as cp1252 so that TCVN3/VNI bytes survive for the legacy decoder in normalisation."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad = sum(1 for _ in re.finditer(rb"[\x80-\xff]", data))
        # A few bad bytes in otherwise UTF-8 text: keep UTF-8, mark the damage.
        if data[: exc.start].count(b"\n") > 0 and bad < len(data) // 200:
            return data.decode("utf-8", errors="replace"), [f"text is not valid UTF-8 at byte {exc.start}: bad bytes replaced"]
        text = data.decode("cp1252", errors="replace")
        return text, ["text is not UTF-8: read as an 8-bit code page (legacy Vietnamese encoding?)"]


def read_txt(data: bytes) -> Ingested:
    text, warnings = decode_bytes(data)
    if "\x00" in text:
        raise IngestError("binary file with a .txt name (NUL bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Form feeds are the only page marks plain text can carry.
    if "\f" in text:
        pages = text.split("\f")
        from vanban.ingest.base import join_pages

        joined, starts = join_pages(pages)
        return Ingested(joined, "txt", starts, warnings)
    return Ingested(text, "txt", [], warnings)


_BOLD = re.compile(r"\*\*")
_ITALIC = re.compile(r"(?<=\S)\*(?=\s|$)|(?:(?<=\s)|^)\*(?=\S)", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^)]*)\)")


def _web_patterns() -> list[re.Pattern[str]]:
    return [re.compile(r["pattern"], re.I) for r in load_rules("web_noise")["rules"]]


def _clean_inline(line: str) -> str:
    line = _LINK.sub(r"\1", line)
    line = _BOLD.sub("", line)
    if line.strip() != "*":  # the Party header's asterisk under the issuer stays
        line = _ITALIC.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    if re.fullmatch(r"[\s*]*", line):
        return "" if "*" not in line or line.count("*") != 1 else line.strip()
    return line.rstrip()


def _split_table(lines: list[str]) -> list[list[list[str]]]:
    """A run of pipe-delimited lines -> rows -> cells -> lines.

    In these pages a line holding only "|" opens a cell; two in a row close a row."""
    rows: list[list[list[str]]] = []
    row: list[list[str]] = []
    cell: list[str] | None = None
    prev_pipe = False
    for line in lines:
        if line.strip() == "|":
            if prev_pipe and row:
                rows.append(row)
                row = []
                cell = None
            else:
                cell = []
                row.append(cell)
            prev_pipe = True
            continue
        prev_pipe = False
        if cell is None:
            cell = []
            row.append(cell)
        cell.append(line)
    if row:
        rows.append(row)
    return [[c for c in r if any(x.strip() for x in c)] or r for r in rows]


def _is_header_table(rows: list[list[list[str]]]) -> bool:
    flat = " ".join(" ".join(" ".join(c) for c in r) for r in rows[:3]).upper()
    return "CỘNG HÒA" in flat or "CỘNG HOÀ" in flat or "ĐẢNG CỘNG SẢN" in flat


def _render_table(rows: list[list[list[str]]], header: bool) -> list[str]:
    out: list[str] = []
    width = max((len(r) for r in rows), default=0)
    if header:
        # Column by column: the issuer block then the national-motto block, as a reader scans them.
        for col in range(width):
            for r in rows:
                if col < len(r):
                    out.extend(x for x in r[col] if x.strip())
            out.append("")
        return out
    for r in rows:
        cells = [[x for x in c if x.strip()] for c in r]
        if width <= 2:
            for c in cells:
                out.extend(c)
                out.append("")
        else:
            out.append(" | ".join(" ".join(x.strip() for x in c) for c in cells))
    out.append("")
    return out


def markdown_to_text(md: str) -> str:
    patterns = _web_patterns()
    lines = [_clean_inline(line) for line in md.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if not any(p.search(ln) for p in patterns)]
    out: list[str] = []
    i = 0
    seen_header = False
    while i < len(lines):
        if lines[i].strip() == "|":
            j = i
            block: list[str] = []
            # A table runs until a blank line that is not inside a cell (next line not a pipe run).
            while j < len(lines) and not (lines[j] == "" and (j + 1 >= len(lines) or lines[j + 1].strip() != "|") and block and block[-1].strip() == "|"):
                block.append(lines[j])
                j += 1
            rows = _split_table(block)
            header = not seen_header and _is_header_table(rows)
            seen_header = seen_header or header
            out.extend(_render_table(rows, header))
            i = j
            continue
        line = lines[i]
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        out.append(line)
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def read_markdown(data: bytes) -> Ingested:
    text, warnings = decode_bytes(data)
    return Ingested(markdown_to_text(text), "md", [], warnings)
