"""Plain text and the thuvienphapluat markdown.

The markdown pages put the header in a pipe table whose cells hold line breaks, mark bold and
italics, and sometimes carry web lines (page title, "Link bài viết gốc") around the document.
We turn them into the text a reader sees: the header table column by column (issuer block,
then Quốc hiệu block), other tables row by row, markup removed.
"""

from __future__ import annotations

import re

from vanban.ingest.base import Ingested, IngestError
from vanban.ingest.docx import is_header_table
from vanban.ingest.webpage import find_page
from vanban.rules import load_rules
from vanban.text.encoding import decode
from vanban.text.legacy import is_syllable


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> str and warnings, the encoding decided on evidence (`vanban.text.encoding`)."""
    decoded = decode(data)
    return decoded.text, decoded.warnings


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
# Where a page's converter lost the line break between two bold runs: "**KẾT LUẬN****CỦA BỘ …"
# (capitals closed against the next word) or "… như sau:**1. Cơ bản …" (a list label opened
# right after ":" or "."). Bold also toggles inside a word ("Hàng h****ó****a", "HẢI Q****U****AN").
_BOLD_SEAM = re.compile(r"(?P<left>[^\W\d_]+)\*\*\*\*(?P<right>[^\W\d_]+(?:\*\*\*\*[^\W\d_]+)*)"
                        r"|(?<=[:.])\*\*(?=(?:\d+|[IVX]+)\.\s)")


def _split_bold_seams(md: str) -> str:
    """The two lines of a lost break split; a word that bold toggles inside stays one word:
    the join is a break only where the capitals before it and the letters after it are no
    Vietnamese syllable together ("LUẬNCỦA", "THƯvề"; not "QUAN", "THUẾ", "TRƯỞNG")."""

    def seam(m: re.Match[str]) -> str:
        left = m.group("left")
        if left is None:
            return "\n**"
        right = m.group("right")
        if len(left) < 2 or not left.isupper() or is_syllable(left + right.replace("*", "")):
            return m.group(0)
        return left + "\n" + right

    return _BOLD_SEAM.sub(seam, md)


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


def _dense_table_end(lines: list[str], i: int) -> int:
    """End of a table that starts at `lines[i]` in a page saved without blank lines (a
    crawler's whole page): there no blank line closes a table, so it ends at the cell mark
    that would open one cell more than its first row has, when no row mark follows."""
    width: int | None = None
    row: list[list[str]] = []
    prev_pipe = False
    j = i
    while j < len(lines):
        if lines[j].strip() == "|":
            filled = sum(1 for c in row if any(x.strip() for x in c))
            if prev_pipe and row:
                width = width or filled
                row = []
            elif width and filled >= width and (j + 1 >= len(lines) or lines[j + 1].strip() != "|"):
                return j + 1
            else:
                row.append([])
            prev_pipe = True
        else:
            prev_pipe = False
            if not row:
                row.append([])
            row[-1].append(lines[j])
        j += 1
    return j


def markdown_to_text(md: str, dense: bool = False) -> str:
    """`dense`: the page has lost its blank lines (a site's page saved whole), so tables end
    by their shape, not at a blank line."""
    patterns = _web_patterns()
    lines = [_clean_inline(line) for line in _split_bold_seams(md.replace("\r\n", "\n")).split("\n")]
    lines = [ln for ln in lines if not any(p.search(ln) for p in patterns)]
    out: list[str] = []
    i = 0
    seen_header = False
    while i < len(lines):
        if lines[i].strip() == "|":
            j = i
            block: list[str] = []
            # A table runs until a blank line that is not inside a cell (next line not a pipe run).
            if dense:
                j = _dense_table_end(lines, i)
                block = lines[i:j]
            while not dense and j < len(lines) and not (lines[j] == "" and (j + 1 >= len(lines) or lines[j + 1].strip() != "|") and block and block[-1].strip() == "|"):
                block.append(lines[j])
                j += 1
            rows = _split_table(block)
            header = not seen_header and is_header_table(rows)
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
    page = find_page(text)
    if page is None:
        # a page saved without a single blank line (the body of a whole page saved alone)
        dense = "\n\n" not in text.strip() and text.count("\n") > 50
        return Ingested(markdown_to_text(text, dense=dense), "md", [], warnings)
    # A site's page saved whole: only the document inside it is read.
    body_md = text[page.body_start:page.body_end]
    body = markdown_to_text(body_md, dense="\n\n" not in body_md.strip())
    return Ingested(body, "md", [], warnings, layout={"web_page": page.to_layout()})
