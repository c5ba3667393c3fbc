"""Task tables in markdown ("STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian")."""

from __future__ import annotations

from vanban.rules import compiled
from vanban.stages import deadlines
from vanban.stages.agencies import Mention
from vanban.stages.assignments.state import State, to_text
from vanban.text.normalize import match_key

# the column headings of a task table, on their match keys (data/assignment_grammar.json)
_RX = compiled("assignment_grammar")
_LEAD, _COOPERATE = _RX["table_lead_column"], _RX["table_cooperate_column"]
_SUPERVISE, _DEADLINE = _RX["table_supervise_column"], _RX["table_deadline_column"]
_EXECUTING, _TASK = _RX["table_executing_column"], _RX["table_task_column"]
# the first cell of a row of tasks, its number ("1", "2.3", "5.1.2"), and the heading of that
# column ("stt", "tt")
_ROW_NUMBER, _NUMBER_COLUMN = _RX["table_row_number"], _RX["table_number_column"]

_HEADING_LENGTH = 80


def column_roles(header: list[str]) -> list[str | None] | None:
    """The role each column of a task table gives the bodies written in it ("lead",
    "cooperate", "supervise", "implement"), "deadline" for the time column, "task" for the work;
    None when the header names no column of bodies. A column of the bodies that carry a row out
    ("Đơn vị thực hiện") leads it, beside "Đơn vị phối hợp" or a column of tasks, unless a
    "chủ trì" column leads (then its bodies implement); alone in a list of procedures
    ("Tên thủ tục hành chính | Lĩnh vực | Cơ quan thực hiện") it names no task."""
    roles: list[str | None] = []
    for h in header:
        roles.append("lead" if _LEAD.search(h) else "cooperate" if _COOPERATE.search(h) else
                     "supervise" if _SUPERVISE.search(h) else "deadline" if _DEADLINE.search(h) else
                     "executing" if _EXECUTING.search(h) else "task" if _TASK.search(h) else None)
    if "executing" in roles:
        tasks = "cooperate" in roles or "task" in roles or "lead" in roles
        executing = ("implement" if "lead" in roles else "lead") if tasks else None
        roles = [executing if r == "executing" else r for r in roles]
    # a row whose task says "phối hợp" or "đôn đốc" is no header: headings are short, and
    # a supervising column ("Cá nhân phụ trách") comes beside a lead or partner one
    if not any(r in ("lead", "cooperate", "implement") for r in roles) or max(map(len, header)) > _HEADING_LENGTH:
        return None
    return roles


def read_tables(state: State, mentions: list[Mention]) -> None:
    """Task tables ("STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | …").
    Read from the ingested text, where each row is still one line (normalisation may join the
    rows of a table into one paragraph), and mapped back into `text` with `to_source`."""
    doc = state.doc
    raw = doc.raw_text
    if "|" not in raw or len(doc.to_source) != len(doc.text):
        return
    columns: list[str | None] = []
    numbered = False   # the header has the number column
    before = len(state.out)
    rows: list[tuple[int, int]] = []   # the rows read as tasks, in `text`
    pos = 0
    for line in raw.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.count("|") < 2:
            continue  # a wrapped cell or a group's heading ("II | Phát triển hạ tầng") keeps the table open
        cells = _raw_cells(line, start)
        header = [match_key(line[s - start:e - start]) for s, e in cells]
        # a numbered row is no header, whatever its task says ("7.6 | Chủ trì tham mưu triển khai …")
        roles = None if _ROW_NUMBER.match(header[0]) else column_roles(header)
        if roles is not None:
            columns, numbered = roles, _NUMBER_COLUMN.match(header[0]) is not None
            continue
        if columns:
            if not numbered and len(cells) == len(columns) + 1 and \
                    _ROW_NUMBER.match(line[cells[0][0] - start:cells[0][1] - start]):
                # a sub-table's header without the number column over rows that keep it
                # ("Nội dung | Đơn vị thực hiện | …" over "1.1 | … | Sở Nông nghiệp và Môi trường | …")
                columns, numbered = [None, *columns], True
            row = [(to_text(doc, s), to_text(doc, e)) for s, e in cells]
            if _table_row(state, row, columns, mentions):
                rows.append((row[0][0], row[-1][1]))
    if rows:
        # the paragraph reader saw these rows as running text and took names in the task cell
        # ("… đôn đốc các doanh nghiệp chậm chuyển đổi số") for its subjects: the columns say who does what
        state.out[:before] = [a for a in state.out[:before] if not any(s <= a.start < e for s, e in rows)]


def _raw_cells(line: str, start: int) -> list[tuple[int, int]]:
    out = []
    offset = 0
    parts = line.split("|")
    for i, part in enumerate(parts):
        ps = start + offset
        offset += len(part) + 1
        if (i == 0 or i == len(parts) - 1) and not part.strip() and line.strip().startswith("|"):
            continue  # markdown's outer pipes
        out.append((ps, ps + len(part)))
    return out


def _table_row(state: State, cells: list[tuple[int, int]], columns: list[str | None], mentions: list[Mention]) -> bool:
    """Emit the bodies of one row; False when the row does not fit the header."""
    text = state.doc.text
    if len(cells) != len(columns):
        return False
    deadline = None
    task = None
    for (s, e), role in zip(cells, columns, strict=True):
        if role == "deadline" and e > s:
            deadline = deadlines.parse(text[s:e].strip(), state.doc.date)
        elif role == "task" and text[s:e].strip() and task is None:
            task = " ".join(text[s:e].split())
    if task is None:
        # no column says "Nhiệm vụ": the widest cell of the others that is not the number
        rest = [(e - s, s, e) for (s, e), role in zip(cells, columns, strict=True)
                if role is None and not _ROW_NUMBER.match(text[s:e])]
        if rest:
            _, s, e = max(rest)
            task = " ".join(text[s:e].split()) or None
    row_start, row_end = cells[0][0], cells[-1][1]
    for (s, e), role in zip(cells, columns, strict=True):
        if role in ("lead", "cooperate", "supervise", "implement"):
            for m in mentions:
                if s <= m.start < e:
                    # the row's time is every body's of the row, partners included
                    state.emit(m, role, s, e, deadline, task=task)
                    # the clause of a row is the row: its span holds the task it is shown with
                    state.out[-1].start, state.out[-1].end = row_start, row_end
    return True
