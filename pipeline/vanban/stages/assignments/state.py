"""What the reading of a document's body carries from line to line: the cue phrases of
vanban/data/assignment_cues.json, the stack of item levels and their subjects, and the
assignments found so far."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from vanban.model import Assignment, Deadline, Document
from vanban.rules import compiled, load_rules
from vanban.stages.agencies import Mention
from vanban.text.normalize import fold
from vanban.vocab import as_role

_GRAMMAR = compiled("assignment_grammar")
# words between an agency and its work: "chủ trì, phối hợp với", "có trách nhiệm"
TASK_LEAD_IN = _GRAMMAR["task_lead_in"]
# what stands between two agencies of one list: punctuation and conjunctions
SEPARATOR_GAP = _GRAMMAR["separator_gap"]
_COLLECTIVE_NAME = _GRAMMAR["collective_name"]


@dataclass(frozen=True, slots=True)
class Cue:
    name: str
    kind: str
    role: str | None
    pattern: re.Pattern[str]


@cache
def cues() -> dict[str, list[Cue]]:
    out: dict[str, list[Cue]] = {}
    for rule in load_rules("assignment_cues")["rules"]:
        cue = Cue(rule["name"], rule["kind"], rule.get("role"), re.compile(rule["pattern"], re.I | re.M))
        out.setdefault(cue.kind, []).append(cue)
    return out


@dataclass(slots=True)
class Level:
    depth: float
    subject: list[Mention] = field(default_factory=list)
    # the item names a subject that is no agency we know ("2. Ban Quản lý … (sau đây gọi tắt là
    # …) có trách nhiệm:"): the items below it are not the subject's of the level above
    unnamed: bool = False


@dataclass(slots=True)
class State:
    doc: Document
    key: str
    stack: list[Level] = field(default_factory=list)
    item: list[Assignment] = field(default_factory=list)   # assignments of the current item (for "Thời gian: …")
    opener: str = ""   # the directive word before the last subject found ("giao", "đề nghị")
    preface: str | None = None   # role of the preface before the last subject found ("Căn cứ văn bản này, …")
    item_has_lead: bool = False  # a "Cơ quan chủ trì:" line in the current item
    default_role: str = "lead"   # of a clause's subject when no cue says otherwise
    item_title: str = ""         # text of the current item, the task of its labelled lines
    # "Cơ quan thực hiện: X" read as lead until a "Cơ quan chủ trì:" line of the same item says otherwise
    executing: list[Assignment] = field(default_factory=list)
    out: list[Assignment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)   # the body's, in reading order
    starts: list[int] = field(default_factory=list)         # their starts
    # depth of a membership list's heading ("Ban Chỉ đạo gồm:"): its items name members, not assignees
    membership: float | None = None
    # the leads a heading "Điều 5. Trách nhiệm của Sở X" gives before its items are read, with
    # the heading's depth: the first item's own lead takes the place of the heading's (its task
    # is the item's words, not the heading's)
    heading_leads: list[tuple[float, Assignment]] = field(default_factory=list)

    def subject(self) -> list[Mention]:
        for level in reversed(self.stack):
            if level.subject:
                return level.subject
            if level.unnamed:
                return []
        return []

    def enter(self, depth: float, new_item: bool) -> None:
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        self.heading_leads = [(d, h) for d, h in self.heading_leads if d < depth]
        self.stack.append(Level(depth))
        # a labelled line ("b) Cơ quan thực hiện: …", "c) Thời gian: …") is a field of the
        # item above it, not an item of its own
        if depth <= 4 and new_item:
            self.item = []
            self.item_has_lead = False
            self.executing = []

    def work_start(self, pos: int, end: int) -> int:
        """Where the work of a task begins after an agency: past the rest of its agency list
        ("Sở X, Sở Y và Sở Z rà soát …"), and past "chủ trì, phối hợp với <list>" and "có
        trách nhiệm", so that the task is the action and its object."""
        while True:
            i = bisect.bisect_left(self.starts, pos)
            nxt = self.mentions[i] if i < len(self.mentions) and self.mentions[i].start < end and \
                SEPARATOR_GAP.match(self.doc.text[pos:self.mentions[i].start]) else None
            if nxt is not None:
                pos = max(pos, nxt.end)
                continue
            lead = TASK_LEAD_IN.match(self.key, pos, end)
            if lead is None or lead.end() == pos:
                return pos
            pos = lead.end()

    def emit(self, m: Mention, role: str, start: int, end: int, deadline: Deadline | None = None,
             report_to: str | None = None, task: str | None = None) -> None:
        text = self.doc.text
        if task is None:
            # an agency of the heading above ("**1. Sở Y tế**" then "a) Chủ trì …"): its task is this clause's
            at = self.work_start(m.end if m.end >= start else start + _label_length(text, start, end), end)
            task = " ".join(text[at:end].strip(" ,:;.-").split()) if at < end else " ".join(text[start:end].split())
        # an agency named above the clause (a heading's, "Điều 21. Trách nhiệm Sở Nội vụ" then
        # "2. Chủ trì …"): the assignment is the clause, in the clause's section, so each item
        # below the heading is a task of its own rather than one folded into the heading's
        at = start if m.start < start < end else m.start  # an empty clause keeps the mention's span
        a = Assignment(agency=m.agency, mention=" ".join(m.text.split()), role=as_role(role), task=task[:500], deadline=deadline,
                       section=self.doc.section_at(at), start=at, end=max(end, m.end), report_to=report_to,
                       page=self.doc.page_at(at))
        if role == "lead" and any(h.agency == a.agency for _d, h in self.heading_leads):
            stale = [h for _d, h in self.heading_leads if h.agency == a.agency]
            self.heading_leads = [(d, h) for d, h in self.heading_leads if h.agency != a.agency]
            self.out = [o for o in self.out if all(o is not h for h in stale)]
        self.out.append(a)
        self.item.append(a)


_LABEL = re.compile(r"[\s*#_]*(?:[a-zđ]\d?\)|\d{1,2}(?:\.\d{1,2})*\s*[.)]|[IVXLC]{1,6}\s*[.)]|[-+•▪●–])?[\s*_]*")


def _label_length(text: str, start: int, end: int) -> int:
    m = _LABEL.match(text, start, end)
    return m.end() - start if m else 0


def issued_by(doc: Document, agency: str) -> bool:
    return any(name and fold(name) == fold(agency) for name in (doc.issuer, *doc.issuers))


def list_after(mentions: list[Mention], text: str, pos: int, limit: int) -> list[Mention]:
    """The agencies listed from `pos` on: consecutive mentions separated only by commas and
    conjunctions."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.start == out[-1].start:
            out.append(m)  # one span standing for several agencies
            continue
        if m.start < pos:
            continue
        if m.start >= limit or not SEPARATOR_GAP.match(text[pos:m.start]):
            break
        out.append(m)
        pos = m.end
    return out


def cue_spans(kind: str, key: str, s: int, e: int) -> list[tuple[Cue, int, int]]:
    out = []
    for cue in cues()[kind]:
        for m in cue.pattern.finditer(key, s, e):
            out.append((cue, m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return out


def to_text(doc: Document, raw_offset: int) -> int:
    return bisect.bisect_left(doc.to_source, raw_offset)


def is_collective(m: Mention) -> bool:
    """A mention of many bodies at once ("Các bộ, ngành", "Chủ tịch Ủy ban nhân dân các tỉnh …")."""
    return m.kind == "collective" or _COLLECTIVE_NAME.search(m.agency) is not None


@cache
def collective_implements() -> frozenset[str]:
    """Document types whose instructions to a collective are to carry out (assignment_cues.json)."""
    return frozenset(load_rules("assignment_cues")["collective_implements"]["doc_types"])


@cache
def _generic_heads() -> tuple[str, ...]:
    return tuple(load_rules("assignment_cues")["generic_collectives"]["heads"])


def is_generic_collective(m: Mention) -> bool:
    """A collective that names no kind of body ("Các cơ quan, đơn vị, địa phương liên quan")."""
    return fold(m.agency).startswith(_generic_heads())

