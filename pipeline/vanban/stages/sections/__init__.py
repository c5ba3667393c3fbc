"""Section segmentation: the document's own structure as a flat list of nested spans.

The text is cut into zones (the header, the body, the closing block from the signature or
"Nơi nhận" on, appendices, and documents issued with a decision such as a Quy chế) and the
body is read line by line into a tree of numbered units:

* legal units with their names (Phần, Chương, Mục, Tiểu mục, Điều) nest by rank;
* plain numbering (I. / 1. / 1.1 / a) / (1) / (i)) nests by the order in which each numbering
  style first appears under its parent, the way an outline is read;
* a unit is only taken when its number follows the one before it (or starts a new list), so a
  stray "18." of a page footer or a quoted "Điều 26." of an amended text does not open a unit.

Every character of the text lies in exactly one leaf: the leaves tile the text. A parent's own
heading and intro text are the start of its first child's span (the parent still spans all of
it), so `Document.section_at` gives the innermost unit.

The heading patterns are data: `vanban/data/sections.json`.

Split by job: `numbers` (units, numbering), `lines` (classifying a line), `zones`, `tree`; the
stage and the spans here."""

from __future__ import annotations

import bisect

from vanban.model import Document, Section
from vanban.stages.sections.lines import classify, is_caps, is_closing, split_lines
from vanban.stages.sections.numbers import APPENDIX, ARTICLE_STARTS, Lines, Node, patterns
from vanban.stages.sections.tree import TreeBuilder, short_heading
from vanban.stages.sections.zones import Zone, find_body_start, find_zones
from vanban.vocab import as_section_kind

# --- spans -----------------------------------------------------------------------------------


def _place(nodes: list[Node], end: int) -> None:
    """Each node runs to the next node at its depth or above (one backwards pass)."""
    next_at: dict[int, int] = {}
    for node in reversed(nodes):
        node.end = min((v for d, v in next_at.items() if d <= node.depth), default=end)
        next_at[node.depth] = node.start
        for d in [d for d in next_at if d > node.depth]:
            del next_at[d]


def run(doc: Document) -> Document:
    text = doc.text
    doc.sections = []
    if not text:
        return doc
    lines = split_lines(text)
    body_line = _body_line(doc, lines)
    zones = find_zones(lines, body_line, doc.doc_type)
    if doc.body_end is not None and not any(z.kind == "closing" for z in zones):
        zones = _closing_from_header(zones, _signature_top(lines, bisect.bisect_right(lines.starts, doc.body_end) - 1))
    counts: dict[str, int] = {}
    for z in zones:
        start = 0 if z is zones[0] else lines.starts[z.first]
        end = lines.starts[z.last] if z.last < len(lines) else len(text)
        if end <= start:
            continue
        if z.kind == "body":
            _body(doc, lines, z, start, end, counts)
        elif z.kind == "appendix":
            label = path = APPENDIX + (f" {z.label}" if z.label else "")
            if path in counts:  # a second unnumbered PHỤ LỤC is not "Phụ lục 2"
                counts[path] += 1
                path = f"{path} ({counts[path]})"
            counts.setdefault(path, 1)
            heading = z.title or _next_title(lines, z.first + 1, z.last)
            _add(doc, path, label, short_heading(heading, True), 1, start, end, "appendix")
        elif z.kind == "attached":
            _add(doc, _unique("header", counts), "", short_heading(z.title, True), 1, start, end, "header")
        else:
            _add(doc, _unique(z.kind, counts), "", "", 1, start, end, z.kind)
    return doc


def _closing_from_header(zones: list[Zone], line: int) -> list[Zone]:
    """Without a 'Nơi nhận' or an authority line of its own, the closing starts where the
    header stage found the signer (a name under a bare title)."""
    out: list[Zone] = []
    for z in zones:
        if z.kind == "body" and z.first < line < z.last:
            out += [Zone("body", z.first, line), Zone("closing", line, z.last)]
        else:
            out.append(z)
    return out


def _signature_top(lines: Lines, line: int) -> int:
    """The signer's title lines in capitals above the name ('CHỦ TỊCH QUỐC HỘI') are part of
    the signature block."""
    top = line
    for k in range(line - 1, max(-1, line - 5), -1):
        t = lines.texts[k]
        if not t:
            continue
        if len(t) > 80 or not is_caps(t) or classify(t) is not None:
            break
        top = k
    return top


def _body_line(doc: Document, lines: Lines) -> int:
    """Line index of the body start: the header stage's, unless it is clearly too late."""
    mine = find_body_start(lines)
    if doc.body_start and doc.body_start > 0:
        i = max(0, bisect.bisect_right(lines.starts, doc.body_start) - 1)
        # A header that ran past the articles and the signature (a rendering without line
        # structure in its header) is not followed.
        if mine < i and any(is_closing(lines.texts[k]) or (lines.texts[k].startswith(ARTICLE_STARTS) and classify(lines.texts[k]))
                            for k in range(mine, i)):
            return mine
        # The header may end inside a line that lost its break before the first unit.
        for g in sorted(lines.glued):
            if i - 3 <= g < i and classify(lines.texts[g]) is not None:
                return g
        return i
    return mine


def _body(doc: Document, lines: Lines, z: Zone, start: int, end: int, counts: dict[str, int]) -> None:
    nodes = TreeBuilder(doc, lines, z.first, z.last).build()
    if not nodes:
        _add(doc, _unique("preamble", counts), "", "", 1, start, end, "preamble")
        return
    for node in nodes:
        node.start = lines.starts[node.line]
    first = nodes[0].start
    if first > start:
        _add(doc, _unique("preamble", counts), "", "", 1, start, first, "preamble")
    else:
        nodes[0].start = start
    for k in range(1, len(nodes)):
        if nodes[k - 1].depth == nodes[k].depth - 1:
            nodes[k].start = nodes[k - 1].start
    _place(nodes, end)
    for node in nodes:
        _add(doc, node.path, node.label, node.heading, node.depth, node.start, node.end, "body")


def _next_title(lines: Lines, first: int, last: int) -> str:
    parts: list[str] = []
    for j in range(first, min(last, first + 4)):
        t = lines.texts[j]
        if not t:
            if parts:
                break
            continue
        if patterns()["attached_note"].search(t) or not is_caps(t):
            break
        parts.append(t)
    return " ".join(parts)


def _unique(path: str, counts: dict[str, int]) -> str:
    counts[path] = counts.get(path, 0) + 1
    return path if counts[path] == 1 else f"{path} {counts[path]}"


def _add(doc: Document, path: str, label: str, heading: str, level: int, start: int, end: int, kind: str) -> None:
    doc.sections.append(Section(path=path, label=label, heading=heading, level=level, start=start, end=end,
                                page=doc.page_at(start), kind=as_section_kind(kind)))


__all__ = ["classify", "run", "split_lines"]
