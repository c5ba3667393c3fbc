"""The recipients' list ("Nơi nhận") read for the lines that give a task in brackets: "- Các
Chi cục Hải quan khu vực (để t/hiện);" carries the document out, "- UBND xã Văn Bàn (p/h);"
cooperates (GUIDE.md Decisions: a recipient line with an explicit task is `implement`);
"(để b/c)", "(để biết)" and the other lines assign nothing."""

from __future__ import annotations

from vanban.model import Assignment
from vanban.rules import compiled
from vanban.stages.agencies import find_mentions, locality_of
from vanban.stages.assignments.state import State
from vanban.vocab import as_role

_RX = compiled("assignment_grammar")
_RECIPIENTS, _ITEM = _RX["recipients_line"], _RX["recipient_item"]
_MARKS = (("implement", _RX["recipient_implement"]), ("cooperate", _RX["recipient_cooperate"]))
_BEFORE_END = 50  # the body's end may fall just after "Nơi nhận" ("./.\nNơi nhận")
_BLOCK = 2500  # characters after "Nơi nhận:": the list, with the signature lines beside it


def recipient_tasks(state: State) -> None:
    doc = state.doc
    loc = locality_of(doc)
    task = " ".join((doc.title or "").split())
    # from the body's end on (its start when the end is unknown): the "Kính gửi" line above the
    # body names addressees, and the forms an attached regulation holds have their own
    since = max(0, doc.body_end - _BEFORE_END) if doc.body_end else doc.body_start or 0
    for head in _RECIPIENTS.finditer(doc.text, since):
        end = min(len(doc.text), head.end() + _BLOCK)
        for item in _ITEM.finditer(doc.text, head.end(), end):
            mark = item.group("mark")
            role = next((r for r, rx in _MARKS if rx.match(mark)), None)
            if role is None:
                continue
            s, e = item.span("name")
            for m in find_mentions(doc.text, loc, s, e):
                state.out.append(Assignment(agency=m.agency, mention=" ".join(m.text.split()), role=as_role(role),
                                            task=task[:500], deadline=None, section=None, start=m.start, end=m.end,
                                            page=doc.page_at(m.start)))
