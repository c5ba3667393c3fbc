"""A legal-document site's page saved whole (thuvienphapluat.vn as a crawler stores it).

Around the document the page carries the site's own text: a banner, the translation copyright
notice, the "Thuộc tính" properties table, "Văn bản liên quan", a privacy notice that cites
Nghị định 13/2023/NĐ-CP. None of it is the document's: the reader finds the document's own
body between the site's marks (data/web_pages.json) and reads only that, as if it had been
saved alone. The properties table is kept beside it: it fills the header where the document's
own header is missing or unreadable. The body's place in the file (character offsets of the
decoded file) travels with the text, so every span can be traced back to the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vanban.rules import compiled, load_rules


@dataclass
class WebPage:
    site: str
    # Offsets in the decoded file text: the document is text[body_start:body_end].
    body_start: int
    body_end: int
    properties: dict[str, str] = field(default_factory=dict)

    def to_layout(self) -> dict[str, Any]:
        return {"site": self.site, "body_start": self.body_start, "body_end": self.body_end,
                "properties": dict(self.properties)}


def patterns() -> dict[str, re.Pattern[str]]:
    return compiled("web_pages")


@cache
def _labels() -> dict[str, str]:
    return load_rules("web_pages")["properties"]


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of every line of `text`."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _plain(line: str) -> str:
    return re.sub(r"\s+", " ", line.replace("*", "")).strip()


def find_page(text: str) -> WebPage | None:
    """The document inside a saved page, or None when `text` is not such a page."""
    rx = patterns()
    if not rx["site"].search(text[:5000]):
        return None
    area = rx["document_area"].search(text)
    if area is None:
        return None
    lines = _lines(text)
    first = next(k for k, (pos, _) in enumerate(lines) if pos >= area.end())
    props: dict[str, str] = {}
    unknown = set(load_rules("web_pages")["unknown_values"])
    label: str | None = None
    body_line = first
    last_label = list(_labels())[-1]
    for k in range(first, min(len(lines), first + 120)):
        line = lines[k][1]
        m = rx["property_label"].match(line)
        if m:
            label = m.group("label")
            body_line = k + 1
            continue
        if line.strip() in ("|", "", "#", "**"):
            continue
        if label is None:
            break  # the document begins where the table does not
        value = _plain(line)
        if value and value not in unknown:
            props.setdefault(_labels()[label], value)
        body_line = k + 1
        if label == last_label:
            break
        label = None
    # The properties table's closing cell marks are the site's; the document's own header
    # table keeps the mark that opens it.
    k = body_line
    while k < len(lines) and lines[k][1].strip() in ("|", ""):
        k += 1
    if k < len(lines) and k > body_line and _plain(lines[k][1]).isupper():
        k -= 1
    body_line = k
    start = lines[body_line][0] if body_line < len(lines) else len(text)
    end = len(text)
    for k in range(body_line, len(lines)):
        if rx["document_end"].match(lines[k][1]):
            end = lines[k][0]
            # the page's own title line ("Quyết định 2536/QĐ-TTg năm 2025 … ban hành") stands
            # right above the mark
            prev = next((j for j in range(k - 1, body_line, -1) if lines[j][1].strip()), None)
            if prev is not None and rx["page_title"].match(lines[prev][1]):
                end = lines[prev][0]
            break
    return WebPage("thuvienphapluat.vn", start, end, props)
