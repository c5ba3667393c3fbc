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


def read_tables(state: State, mentions: list[Mention]) -> None:
    """Task tables ("STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | …").
    Read from the ingested text, where each row is still one line (normalisation may join the
    rows of a table into one paragraph), and mapped back into `text` with `to_source`."""
    doc = state.doc
    raw = doc.raw_text
    if "|" not in raw or len(doc.to_source) != len(doc.text):
        return
    columns: list[str] = []
    pos = 0
    for line in raw.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.count("|") < 2:
            if line.strip():
                columns = [] if not columns else columns  # a wrapped cell keeps the table open
            continue
        cells = _raw_cells(line, start)
        header = [match_key(line[s - start:e - start]) for s, e in cells]
        if any(_LEAD.search(h) or _COOPERATE.search(h) for h in header):
            columns = header
            continue
        if columns:
            _table_row(state, [(to_text(doc, s), to_text(doc, e)) for s, e in cells], columns, mentions)


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


def _table_row(state: State, cells: list[tuple[int, int]], columns: list[str], mentions: list[Mention]) -> None:
    text = state.doc.text
    if len(cells) != len(columns):
        return
    deadline = None
    for (s, e), h in zip(cells, columns, strict=True):
        if _DEADLINE.search(h) and e > s:
            deadline = deadlines.parse(text[s:e].strip(), state.doc.date)
    for (s, e), h in zip(cells, columns, strict=True):
        role = "lead" if _LEAD.search(h) else "cooperate" if _COOPERATE.search(h) else \
            "supervise" if _SUPERVISE.search(h) else None
        if role:
            for m in mentions:
                if s <= m.start < e:
                    # the row's time is every body's of the row, partners included
                    state.emit(m, role, s, e, deadline)
