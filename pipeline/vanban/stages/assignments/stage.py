"""The stage itself: the body read paragraph by paragraph, then the tables and the letter's
addressees; the issuer's own tasks left out and one entry per agency, role and section."""

from __future__ import annotations

import bisect

from vanban.model import Assignment, Deadline, Document, Entity
from vanban.rules import compiled, load_rules
from vanban.stages.agencies import Mention, find_mentions, locality_of
from vanban.stages.assignments.addressees import dispatch_addressees, requests_to_addressees
from vanban.stages.assignments.items import read_paragraph
from vanban.stages.assignments.layout import read_layout_tables
from vanban.stages.assignments.paragraphs import ATTACHED, RECIPIENTS, body_bounds, opens_task, paragraphs
from vanban.stages.assignments.recipients import recipient_tasks
from vanban.stages.assignments.state import State, issued_by
from vanban.stages.assignments.tables import read_tables
from vanban.text.normalize import fold, match_key


def run(doc: Document) -> Document:
    if not doc.text:
        return doc
    loc = locality_of(doc)
    mentions = _own_committee(doc, find_mentions(doc.text, loc))
    _add_entities(doc, mentions)
    start, end = body_bounds(doc)
    state = State(doc, match_key(doc.text))
    ranges = [(start, end), *attached_ranges(doc, end)]
    body = [m for m in mentions if any(s <= m.start < e for s, e in ranges)]
    starts = [m.start for m in body]
    state.mentions, state.starts = body, starts
    for s, e in ranges:
        # an attached plan starts afresh: no subject of the decision's last article carries over
        state.stack, state.item, state.membership = [], [], None
        recipients = False
        for ps, pe in _joined_over_names(paragraphs(doc.text, s, e), body):
            # "Nơi nhận" / "Kính gửi" lists name addressees, not tasks; a regulation attached
            # after the signature is body again
            if RECIPIENTS.match(doc.text, ps):
                recipients = True
                continue
            if recipients:
                if not ATTACHED.match(doc.text, ps) and not opens_task(doc.text, ps):
                    continue
                recipients = False
                if ATTACHED.match(doc.text, ps):
                    state.stack, state.item, state.membership = [], [], None  # the regulation starts afresh
            read_paragraph(state, ps, pe, body[bisect.bisect_left(starts, ps):bisect.bisect_left(starts, pe)])
    read_tables(state, mentions)  # appendix tables sit after the signature too
    read_layout_tables(state)
    requests_to_addressees(state, body, start, end)
    dispatch_addressees(state)
    recipient_tasks(state)
    doc.assignments = _dedupe([a for a in state.out if not _is_issuer(doc, a.agency)])
    return doc


def attached_ranges(doc: Document, body_end: int) -> list[tuple[int, int]]:
    """The documents a decision issues after its signature ("Ban hành kèm theo Quyết định này
    Kế hoạch …": the plan, the regulation), each from its own header to its own closing or the
    end of the text: their task sections are the decision's assignments too."""
    out: list[tuple[int, int]] = []
    secs = sorted(doc.sections, key=lambda s: s.start)
    for i, sec in enumerate(secs):
        if sec.kind != "header" or sec.start < body_end or sec.path == "header":
            continue
        stop = next((s.start for s in secs[i + 1:] if s.kind in ("closing", "header")), len(doc.text))
        out.append((sec.start, stop))
    return out


def _joined_over_names(paras: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[int, int]]:
    """A name cut by a line break the paragraph reader took for a new paragraph ("Điều 3.
    Chánh" + "Văn phòng Ủy ban nhân dân …") joins the two paragraphs: no name spans two."""
    out: list[tuple[int, int]] = []
    ends = sorted((m.start, m.end) for m in mentions)
    k = 0
    for ps, pe in paras:
        if out:
            prev_s, prev_e = out[-1]
            while k < len(ends) and ends[k][0] < prev_s:
                k += 1
            j = k
            while j < len(ends) and ends[j][0] < prev_e:
                if ends[j][1] > ps and ps - prev_e <= 1:
                    out[-1] = (prev_s, pe)
                    break
                j += 1
            else:
                out.append((ps, pe))
            continue
        out.append((ps, pe))
    return out


# the issuing Party committee's organs named without it, its cells and staff offices
# (data/assignment_grammar.json)
_BARE_COMMITTEE = compiled("assignment_grammar")["bare_committee"]
_UNDER_COMMITTEE = compiled("assignment_grammar")["under_committee"]
_OWN = load_rules("assignment_grammar")["own_committee"]
_COMMITTEE_HEAD, _STAFF_TAIL, _UNDER = _OWN["issuer_head"] + " ", _OWN["staff_tail"], _OWN["under"]


def _own_committee(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """In a document of a Party committee ("Đảng ủy Ủy ban nhân dân tỉnh Lào Cai"), "Ban Xây
    dựng Đảng Đảng ủy" and "các chi bộ, đảng bộ cơ sở (trực thuộc)" are the issuer's own: the
    organ takes the issuer's name, the collective is "… trực thuộc <issuer>"."""
    issuer = doc.issuer or ""
    if not issuer.startswith(_COMMITTEE_HEAD):
        return mentions
    out = []
    for m in mentions:
        agency = m.agency
        bare = _BARE_COMMITTEE.match(agency)
        under = _UNDER_COMMITTEE.match(agency)
        if under:
            coll = under.group("coll")
            agency = f"{coll} {issuer}" if coll.endswith(_STAFF_TAIL) else f"{coll} {_UNDER} {issuer}"
        elif bare:
            agency = f"{bare.group('organ')} {issuer}"
        out.append(m if agency == m.agency else Mention(m.start, m.end, m.text, agency, m.kind, m.base))
    return out


def _add_entities(doc: Document, mentions: list[Mention]) -> None:
    have = {(e.start, e.end, e.label) for e in doc.entities}
    for m in mentions:
        if (m.start, m.end, "ORG") not in have:
            doc.entities.append(Entity("ORG", doc.text[m.start:m.end], m.start, m.end, "rule"))
    doc.entities.sort(key=lambda e: (e.start, e.end))


def _is_issuer(doc: Document, agency: str) -> bool:
    """A People's Committee, the National Assembly or the Government issuing the document gives
    the tasks and is not assigned one (GUIDE.md); a ministry or a Party office issuing a plan
    often keeps tasks for itself, so those stay."""
    return fold(agency).startswith(_COLLEGIAL) and issued_by(doc, agency)


_COLLEGIAL = tuple(load_rules("assignment_grammar")["collegial_issuers"]["heads"])


def _dedupe(items: list[Assignment]) -> list[Assignment]:
    """One assignment per (agency, role) in each section, the first in reading order, with the
    first deadline any of its tasks there names when the first names none, and one more entry
    for each further deadline (GUIDE.md Decisions: "one entry per deadline"). GUIDE.md keeps
    one entry per agency and role for the whole document; keeping one per section as well lets
    a question about a task ("ask") find the agency of that task."""
    first: dict[tuple[str, str, str], Assignment] = {}
    seen: dict[tuple[str, str, str], set[str]] = {}
    extra: list[Assignment] = []
    for a in sorted(items, key=lambda a: a.start):
        k = (fold(a.agency), a.role, a.section or "")
        kept = first.get(k)
        if kept is None:
            first[k] = a
            seen[k] = {_deadline_value(a.deadline)} if a.deadline else set()
        elif a.deadline is not None and _deadline_value(a.deadline) not in seen[k]:
            if kept.deadline is None:
                kept.deadline = a.deadline
            else:
                extra.append(a)
            seen[k].add(_deadline_value(a.deadline))
    return sorted([*first.values(), *extra], key=lambda a: a.start)


def _deadline_value(d: Deadline) -> str:
    return d.date or ("/".join(d.interval) if d.interval else "") or (d.recurrence or "") or d.text
