"""Task tables that pdftotext's layout gives as columns of spaces: cells cut at the runs of
spaces shared by the lines of a row, read top to bottom."""

from __future__ import annotations

import re

from vanban.rules import compiled
from vanban.stages import deadlines
from vanban.stages.agencies import Mention, find_mentions, locality_of
from vanban.stages.assignments.state import State, to_text
from vanban.text.lines import line_starts
from vanban.text.normalize import match_key

_LAYOUT_ROW = re.compile(r"^ {0,4}(\d{1,3})(?: +\S| *$)")


_LAYOUT_GROUP = re.compile(r"^ {0,4}(?:[IVX]{1,5}(?:\.\d{1,2})?|[A-Z])\.? +\S")


_LAYOUT_PAGE = re.compile(r"^ {8,}\d{1,3} *$")


_RX = compiled("assignment_grammar")
_LAYOUT_END = _RX["layout_table_end"]
# the column headings that name a role (as in markdown tables) and the time column
_LEAD, _COOPERATE = _RX["table_lead_column"], _RX["table_cooperate_column"]
_SUPERVISE, _DEADLINE = _RX["table_supervise_column"], _RX["table_deadline_column"]
_PERSON, _RANK_TAIL = _RX["person_title"], _RX["member_rank_tail"]


# a person written in a cell of the "cá nhân phụ trách" column: "Đồng chí X - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
_MEMBER_OF = _RX["member_rank"]


def read_layout_tables(state: State) -> None:
    """Task tables that the PDF's text layer gives as columns of spaces, each cell wrapped
    over several lines and the cells of a row interleaved line by line ("TT | Nhiệm vụ |
    Cơ quan chủ trì | Cá nhân phụ trách chỉ đạo, đôn đốc | Thời hạn"). A header line names
    the roles of the columns; each row (the lines nearest to its number) is cut into cells at
    the vertical runs of spaces shared by all its lines, and every cell read top to bottom."""
    doc = state.doc
    raw = doc.raw_text
    if "  " not in raw or len(doc.to_source) != len(doc.text) or "|" in raw:
        return
    lines = raw.split("\n")
    starts = line_starts(lines)
    i = 0
    columns: list[tuple[float, str]] | None = None
    rows: list[int] = []   # line indexes of the current stretch of rows
    while i < len(lines):
        line = lines[i]
        key = match_key(line)
        if _LEAD.search(key) and (columns is not None or _LAYOUT_HEAD_HINT.search(raw, max(0, starts[i] - 600), starts[i] + 600)):
            head = _layout_header_block(lines, i)
            found = _layout_columns([lines[j] for j in head])
            if found:
                _layout_rows(state, lines, starts, rows, columns)
                rows = []
                columns = found
                i = head[-1] + 1
                continue
        if columns is not None:
            if _LAYOUT_END.match(line):
                _layout_rows(state, lines, starts, rows, columns)
                rows, columns = [], None
            elif not line.strip() or _LAYOUT_GROUP.match(line) or _LAYOUT_PAGE.match(line):
                rows.append(-1)  # a boundary no row crosses
            else:
                rows.append(i)
        i += 1
    _layout_rows(state, lines, starts, rows, columns)


_LAYOUT_HEAD_HINT = re.compile(r"^\s*S?TT\s{2,}\S", re.M)


def _layout_header_block(lines: list[str], i: int) -> list[int]:
    lo = i
    while lo > 0 and i - lo < 4 and lines[lo - 1].strip() and not _LAYOUT_ROW.match(lines[lo - 1]) \
            and not lines[lo - 1].lstrip().startswith("("):
        lo -= 1
    hi = i
    # below the line naming the roles, only short lines of column names (a row's first line
    # may come before the line with its number)
    while hi + 1 < len(lines) and hi - i < 4 and lines[hi + 1].strip() and not _LAYOUT_ROW.match(lines[hi + 1]) \
            and not _LAYOUT_GROUP.match(lines[hi + 1]) and len(" ".join(lines[hi + 1].split())) <= 45:
        hi += 1
    return list(range(lo, hi + 1))


def _rivers(lines: list[str]) -> list[tuple[int, int]]:
    """Column spans of a block of lines: the runs of x positions some line writes on,
    separated by positions blank in every line."""
    width = max((len(x) for x in lines), default=0)
    used = [False] * width
    for line in lines:
        for x, ch in enumerate(line):
            if ch != " ":
                used[x] = True
    spans = []
    x = 0
    while x < width:
        if used[x]:
            s = x
            while x < width and used[x]:
                x += 1
            spans.append((s, x))
        x += 1
    return spans


def _layout_columns(header: list[str]) -> list[tuple[float, str]] | None:
    """(centre x, role) of the header's role columns, or None when it names no agency column."""
    out = []
    for s, e in _rivers(header):
        words = match_key(" ".join(line[s:e].strip() for line in header))
        role = "lead" if _LEAD.search(words) else "cooperate" if _COOPERATE.search(words) else \
            "supervise" if _SUPERVISE.search(words) else "deadline" if _DEADLINE.search(words) else None
        if role:
            out.append(((s + e) / 2, role))
    return out if any(r in ("lead", "cooperate", "supervise") for _, r in out) and len(_rivers(header)) >= 3 else None


def _layout_rows(state: State, lines: list[str], starts: list[int], stretch: list[int],
                 columns: list[tuple[float, str]] | None) -> None:
    if not columns or not stretch:
        return
    # stretches between boundaries; in each, a line belongs to the row whose number is nearest
    groups: list[list[int]] = [[]]
    for j in stretch:
        if j < 0:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(j)
    for group in groups:
        numbered = [j for j in group if _LAYOUT_ROW.match(lines[j])]
        if not numbered:
            continue
        rows: dict[int, list[int]] = {n: [] for n in numbered}
        for j in group:
            # a line halfway between two numbers opens the later row when it opens its cells
            # with a capital ("Đảng ủy   Đồng chí …"), else it ends the earlier one
            later = lines[j].lstrip()[:1].isupper()
            nearest = min(numbered, key=lambda n: (abs(n - j), -n if later else n))
            rows[nearest].append(j)
        for n in numbered:
            _layout_row(state, lines, starts, rows[n], columns)


_LAYOUT_DEADLINE = _RX["layout_deadline"]


def _join_words(block: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans one space apart are one cell when a word of some line goes on across the space
    in lower case ("Đảng" + "ủy UBND"); a capital after the space may open the next cell
    ("… cấp tỉnh giai" + "Đảng ủy UBND")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s - out[-1][1] == 1:
            gap = out[-1][1]
            if any(len(line) > gap + 1 and line[gap - 1] != " " and line[gap + 1] != " " and
                   not line[gap + 1].isupper() for line in block):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def _layout_row(state: State, lines: list[str], starts: list[int], idx: list[int],
                columns: list[tuple[float, str]]) -> None:
    doc = state.doc
    block = [lines[j] for j in idx]
    agency_roles = [r for _, r in sorted(columns) if r != "deadline"]
    first_agency = min(x for x, r in columns if r != "deadline")
    deadline = None
    if columns[-1][1] == "deadline" or any(r == "deadline" for _, r in columns):
        # the time column is the last: its words end the lines they sit on
        width = max(len(line.rstrip()) for line in block)
        times = []
        for k, line in enumerate(block):
            m = _LAYOUT_DEADLINE.search(line)
            if m and m.start(1) > width * 0.55:
                times.append(m.group(1))
                block[k] = line[:m.start(1)] + " " * (len(line) - m.start(1))
        if times:
            deadline = deadlines.parse(" ".join(times), doc.date)
    cells = []
    task = ""
    for s, e in _join_words(block, _rivers(block)):
        text = ""
        where: list[tuple[int, int]] = []   # (offset in the cell text, offset in raw)
        for j, line in zip(idx, block, strict=True):
            piece = line[s:e]
            if not piece.strip():
                continue
            if text:
                text += " "
            where.append((len(text), starts[j] + s + len(piece) - len(piece.lstrip())))
            text += piece.strip()
        if text and s >= first_agency - 30:
            cells.append((s, text, where))
        elif len(text) > len(task):
            task = text  # the row's task: its widest cell left of the agency columns
    loc = locality_of(doc)
    rank = 0
    for _s, text, where in cells:
        found = find_mentions(text, loc)
        if not found:
            continue
        person = _PERSON.search(match_key(text)) is not None
        if person and "supervise" in agency_roles:
            role = "supervise"
        else:
            role = agency_roles[min(rank, len(agency_roles) - 1)]
            rank += 1
        for fm in found:
            if person and (_MEMBER_OF.search(text[:fm.start]) or _RANK_TAIL.match(text, fm.end)):
                continue  # "Tỉnh ủy viên", "Ủy viên Ban Thường vụ Tỉnh ủy": the person's rank
            raw_at = next(r + (fm.start - c) for c, r in reversed(where) if c <= fm.start)
            at = min(to_text(doc, raw_at), len(doc.text) - 1)
            state.emit(Mention(at, at + 1, fm.text, fm.agency, fm.kind, fm.base), role, at, at + 1,
                       deadline, task=" ".join(re.sub(r"^\d{1,3}\s+", "", task).split())[:500] or None)
