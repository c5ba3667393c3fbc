"""Clauses of a paragraph (split at ";" and sentence ends): the subject a clause opens with,
the document's own voice ("UBND tỉnh giao …"), and the roles, partners, report recipients and
deadlines the cue phrases give."""

from __future__ import annotations

import re

from vanban.model import Assignment, Deadline
from vanban.rules import compiled, load_rules
from vanban.stages import deadlines
from vanban.stages.agencies import Mention
from vanban.stages.assignments.state import (
    SEPARATOR_GAP,
    State,
    collective_implements,
    cue_spans,
    cues,
    is_collective,
    is_generic_collective,
    list_after,
)

_RX = compiled("assignment_grammar")
_WORDS = load_rules("assignment_grammar")
# verbs right after a subject that make it the document's own voice, not an assignee
_ISSUER_VERBS = _RX["issuer_verbs"]
# "Chính phủ là chủ sở hữu …", "… được hưởng": a statement about the agency, not a task
_NOT_A_TASK = _RX["not_a_task"]
_EXECUTION = _RX["execution_clause"]
_LEADING_TIME = _RX["leading_time"]
_UNNAMED_SUBJECT = _RX["unnamed_subject_duty"]
_INTRODUCTION = _RX["duty_introduction"]
# "Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định hoặc phân cấp … quyết định giao …" in a decree:
# a competence, not a task (GUIDE.md Decisions)
_COMPETENCE = _RX["competence_clause"]
_COMPETENCE_TYPES = frozenset(_WORDS["competence"]["doc_types"])
_TOLD_TO, _TOLD_TO_BARE, _FOR_ACTION, _JOINED = _RX["told_to"], _RX["told_to_bare"], _RX["for_action"], _RX["joined_verb"]
_DIRECTING = _RX["directing_verb"]
_TIME_SENTENCE, _LEAD, _CONTINUOUS_LEAD = _RX["time_sentence"], _RX["lead_word"], _RX["continuous_lead"]
_AS_FOLLOWS = _WORDS["as_follows"]["word"]
_TOLD = _WORDS["told"]["word"]
# the first words of a task that decide its role (data/assignment_grammar.json "openings")
_OPENINGS = _WORDS["openings"]
_ASKING = (*_OPENINGS["asking"], _TOLD)
_SUPERVISE_OPENINGS = tuple(_OPENINGS["supervise"])
_FOLLOW, _COOPERATE = _OPENINGS["follow"], _OPENINGS["cooperate"]
# a subject whose clause opens with one of these has that role only, not lead as well
_NOT_LEAD_OPENINGS = (_COOPERATE, *_OPENINGS["other_not_lead"], _FOLLOW, *_SUPERVISE_OPENINGS)


_CLAUSE_END = re.compile(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|\.\s*$|:\s*$")


def read_clauses(state: State, cs: int, pe: int, mentions: list[Mention], depth: float) -> None:
    text, key = state.doc.text, state.key
    cues()
    inherited = state.subject()
    pos = cs
    first = True
    para_subject: list[Mention] = []
    # "Chánh Văn phòng …; Giám đốc Sở …; Thủ trưởng … chịu trách nhiệm thi hành": one list
    # … and so is the list that a paragraph ending with ":" opens ("Bộ Tư pháp, …; Sở Tư pháp, …
    # có trách nhiệm:")
    closing_article = bool(_EXECUTION.search(key, cs, pe))
    execution = closing_article or (text[cs:pe].rstrip(" *").endswith(":") and bool(mentions)
                                    and text.count(";", cs, pe) > 0)
    for clause_end in (_clause_ends(text, cs, pe) if not execution else [pe]):
        clause_mentions = [m for m in mentions if pos <= m.start < clause_end]
        if not clause_mentions and _deadline_clause(state, pos, clause_end):
            first = False
            pos = clause_end + 1
            if pos >= pe:
                break
            continue
        state.opener, state.preface = "", None
        subject, verb_at = _subject(state, pos, clause_end, clause_mentions, opener_allowed=True)
        om = _ISSUER_VERBS.match(key[verb_at:clause_end]) if subject else None
        if om and _issuer_voice(state, subject, verb_at + om.end(), clause_end, clause_mentions):
            # "UBND tỉnh giao Sở Tài chính chủ trì …": the document's voice, then the assignee
            after = verb_at + om.end()
            if _directs(state, subject, om.group(0)):
                # "Chủ tịch UBND cấp xã chỉ đạo Ban Chỉ huy …" in a city decision: the chair leads
                for m in subject:
                    state.emit(m, "lead", pos, clause_end)
            # "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan
            # liên quan biết, thực hiện": the bodies told so carry it out
            told = _TOLD_TO.match(key[after:clause_end])
            subject, verb_at = _subject(state, after + (told.end() if told else 0), clause_end, clause_mentions,
                                        opener_allowed=False)
            if told and subject:
                state.opener = _TOLD
                if not _FOR_ACTION.match(key, verb_at, clause_end):
                    subject = []  # "… để X biết": for information only
            if not subject:
                pos = clause_end + 1
                first = False
                if pos >= pe:
                    break
                continue
        if subject:
            if first:
                state.stack[-1].subject = subject
            current = para_subject = subject
        elif _UNNAMED_SUBJECT.search(key[pos:clause_end]):
            # "2. Ban Quản lý … (sau đây gọi tắt là …) có trách nhiệm:", "Trường hợp …, Ban Quản
            # lý có trách nhiệm …": the clause has a subject of its own that is no agency we
            # know, so neither the subject above nor the paragraph's earlier one is it
            if first:
                state.stack[-1].unnamed = True
            current, verb_at = [], pos
        else:
            # "Đề nghị các sở …; kịp thời báo cáo UBND tỉnh …": the paragraph's last subject
            current = para_subject or state.stack[-1].subject or inherited
            verb_at = pos
        # "- Văn phòng Trung ương Đảng, Ủy ban Kiểm tra Trung ương, các ban, cơ quan của Đảng: chọn
        # cử tối đa 03 người": a line of a list of quotas, not a task
        quota = bool(subject) and depth >= 5 and _quota(key[verb_at:clause_end])
        competence = bool(subject) and state.doc.doc_type in _COMPETENCE_TYPES and \
            _COMPETENCE.match(key[verb_at:clause_end]) is not None
        if current and not quota and not competence and not _NOT_A_TASK.match(key[verb_at:clause_end]) \
                and _AS_FOLLOWS not in key[verb_at:clause_end]:
            before = len(state.out)
            _clause_roles(state, current, bool(subject) or first, pos, verb_at, clause_end, clause_mentions)
            if clause_end >= pe - 1 and text[cs:pe].rstrip(" *").endswith(":") and \
                    _INTRODUCTION.fullmatch(key[verb_at:clause_end].strip(" *:")):
                # "3. Trung tâm … có trách nhiệm:" introduces the items below: an item's own
                # lead takes the place of this one, whose task is only the introduction ("Bộ
                # Công an chịu trách nhiệm trước Chính phủ thực hiện … và có nhiệm vụ, quyền hạn
                # sau đây:" says a task of its own and stays)
                state.heading_leads += [(depth, a) for a in state.out[before:] if a.role == "lead"]
        elif not current:
            # "- Tăng cường phối hợp với <X> và <Y> trong …" with nobody named before it: the
            # partners are still told to cooperate
            _partners(state, pos, clause_end, clause_mentions)
        first = False
        pos = clause_end + 1
        if pos >= pe:
            break
    if closing_article:
        # "… chịu trách nhiệm thi hành Quyết định này./." ends the decision: the signature lines
        # and an attached text after it are not tasks of these bodies
        state.stack[-1].subject = []


_QUOTA_CUES = tuple(_WORDS["quota_cues"]["words"])


def _quota(rest: str) -> bool:
    """After the subject: ": …" at once, or a few more names ("…, các ban, cơ quan của Đảng: …")
    and then ":" with no task cue on either side."""
    colon = rest.find(":")
    if colon < 0 or colon > 60 or not rest[colon + 1:].strip():
        return False
    if not rest[:colon].strip():
        return True
    return rest[:1] == "," and not any(c in rest for c in _QUOTA_CUES)


def _issuer_voice(state: State, subject: list[Mention], after: int, end: int, mentions: list[Mention]) -> bool:
    """Whether "X yêu cầu / giao / chỉ đạo …" is the issuer speaking rather than a task of X:
    X is the issuer, or the verb introduces a list (":", "như sau") or another agency."""
    rest = state.key[after:end].strip(" *")
    if not rest or rest.startswith((_AS_FOLLOWS, ":")):
        return True
    joined = _JOINED.match(rest)
    if joined and _ISSUER_VERBS.match(rest, joined.end()):
        return True  # "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu và đề nghị các cơ quan, đơn vị …"
    told = _TOLD_TO_BARE.match(rest)
    if told and any(state.key.startswith(rest[told.end():told.end() + 12], m.start) for m in mentions if m.start >= after):
        return True  # "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh … biết, thực hiện"
    if any(m.start >= after and state.doc.text[after:m.start].strip(" :") == "" for m in mentions):
        return True
    issuer = (state.doc.issuer or "").lower()
    return bool(issuer) and any(m.agency.lower() == issuer for m in subject)


def _directs(state: State, subject: list[Mention], verb: str) -> bool:
    """"Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo Ban Chỉ huy … triển khai …": a body other than
    the issuer (or its head) directing another leads the task too, while the bodies it names keep
    the role the clause gives them (making them implement instead lowered the test part's
    agency+role precision); the issuer's own "chỉ đạo" stays only its voice."""
    if not _DIRECTING.fullmatch(verb):
        return False
    issuer = (state.doc.issuer or "").lower()
    return not issuer or not any(m.agency.lower().endswith(issuer) for m in subject)


def _deadline_clause(state: State, s: int, e: int) -> bool:
    """A sentence that only states the time of the item ("Thời gian hoàn thành xong trước
    ngày 05/10/2026."): its deadline goes to the item's assignments that have none."""
    key = state.key[s:e].strip(" *-+")
    if not any(c.pattern.match(key) for c in cues()["label"] if c.role == "deadline") and \
            not _TIME_SENTENCE.match(key):
        return False
    dl = deadlines.first_in(state.doc.text, s, e, state.doc.date)
    if dl:
        for a in state.item:
            if a.deadline is None:
                a.deadline = dl
    return True


def _clause_ends(text: str, s: int, e: int) -> list[int]:
    ends = [m.start() for m in _CLAUSE_END.finditer(text, s, e)]
    ends.append(e)
    out: list[int] = []
    for x in ends:
        if not out or x > out[-1]:
            out.append(x)
    return out


def _subject(state: State, s: int, e: int, mentions: list[Mention], opener_allowed: bool) -> tuple[list[Mention], int]:
    """The agencies a clause opens with, and where the words after them begin."""
    text, key = state.doc.text, state.key
    pos = s
    while pos < e and text[pos] in " *_-+•(\"“":
        pos += 1
    # "Hàng năm, Sở Tài chính, Công an … gửi báo cáo …": a time before the subject
    lead_time = _LEADING_TIME.match(state.key, pos, e)
    if lead_time:
        pos = lead_time.end()
    # "Về vốn đầu tư: Bộ Tài chính chủ trì …": the item's topic, then its subject
    topic = next((t for c in cues().get("topic", []) if (t := c.pattern.match(key, pos, e))), None)
    if topic is not None and any(m.start >= topic.end() for m in mentions):
        pos = topic.end()
    opener = ""
    if opener_allowed:
        for cue in cues()["opener"]:
            om = cue.pattern.match(key[pos:e])
            if om:
                opener = om.group(0).strip()
                pos += om.end()
                break
    # "Căn cứ ý kiến chỉ đạo trên, các cơ quan …": an instruction before the subject, up to the
    # first agency after it
    preface: str | None = None
    for cue in cues().get("preface", []):
        hit = next((m for m in mentions if m.start > pos and cue.pattern.fullmatch(key, pos, m.start)), None)
        if hit is not None:
            pos, preface = hit.start, cue.role or ""
            break
    first = next((m for m in mentions if m.start >= pos), None)
    if first is None or not SEPARATOR_GAP.match(text[pos:first.start]) or first.start - pos > 3:
        return [], s
    subject = list_after(mentions, text, pos, e)
    if not subject:
        return [], s
    state.opener = opener
    state.preface = preface
    return subject, subject[-1].end


def _clause_roles(state: State, subject: list[Mention], opens: bool, cs: int, verb_at: int, ce: int,
                  mentions: list[Mention]) -> None:
    text, key = state.doc.text, state.key
    consumed: set[int] = {id(m) for m in subject}
    roles: set[str] = set()
    report_to: list[Mention] | None = None
    # a task's time goes on every body the task names, partners included (GUIDE.md Decisions
    # added at the consistency review, "Deadlines, applied")
    deadline = _clause_deadline(state, cs, verb_at, ce)
    times = (deadline, *_more_recurrences(state, cs, ce, deadline))
    for cue, _s, e in cue_spans("list", key, verb_at, ce):
        listed = list_after(mentions, text, e, ce)
        if cue.role in ("cooperate", "implement"):
            # "phối hợp với …"; "Chỉ đạo UBND tỉnh cụ thể hóa …": the body directed carries the task out
            for m in listed:
                if id(m) not in consumed:
                    consumed.add(id(m))
                    for dl in times:
                        state.emit(m, cue.role, m.start, ce, dl)
        elif cue.role == "report":
            # "báo cáo" names a report only with its recipient ("báo cáo UBND tỉnh")
            if listed and report_to is None:
                roles.add("report")
                report_to = listed
            elif not listed and _REPORT_TIME.match(key, e):
                # "… và báo cáo hằng ngày", "báo cáo định kỳ 6 tháng": a reporting duty by its
                # frequency, whoever receives it
                roles.add("report")
            consumed.update(id(m) for m in listed)
        else:
            consumed.update(id(m) for m in listed)
    for cue in cues().get("relay", []):
        # "… gửi về Sở Xây dựng, để tổng hợp báo cáo Ủy ban nhân dân Tỉnh": the body the reports
        # go to sums them up and reports on; the clause's time is the senders' ("trước ngày 30/11"
        # is when the reports reach it), not its own
        for m in mentions:
            hit = cue.pattern.match(key, m.end, ce) if m.end > verb_at else None
            if hit is not None:
                superiors = list_after(mentions, text, hit.end(), ce)
                state.emit(m, cue.role or "report", m.start, ce,
                           report_to=", ".join(dict.fromkeys(r.agency for r in superiors)) or None)
    for cue, _s, _e in cue_spans("role", key, verb_at, ce):
        if cue.role:
            roles.add(cue.role)
    first_words = key[verb_at:verb_at + 120].lstrip(" ,:*")
    # "Căn cứ chức năng, nhiệm vụ, phối hợp với …": the verb after the adverbial decides
    first_words = _BY_REMIT.sub("", first_words, count=1)
    if opens and not _LEAD.search(key, verb_at, ce) and (state.preface == "implement" or (
            all(map(is_generic_collective, subject)) and any(c.pattern.match(first_words) for c in cues().get("carry_out", [])))
            or _carries_out_document(state, subject, key[verb_at:ce])):
        # "Các cơ quan, đơn vị liên quan nghiêm túc triển khai thực hiện", "Căn cứ văn bản này,
        # các sở …": bodies told to carry out, not to lead (GUIDE.md)
        roles.discard("lead")
        roles.add("implement")
    first_words = first_words[:40]
    if opens and not first_words.startswith(_NOT_LEAD_OPENINGS) and "implement" not in roles:
        # "Đề nghị MTTQ …", "yêu cầu các sở …": asked to carry out, not to lead; in a plan the body
        # an item opens with leads it, asked or not (assignment_cues.json asked_leads)
        asked = state.opener.startswith(_ASKING) and "lead" not in roles and not _asked_leads(state)
        # "Các bộ, cơ quan, địa phương thực hiện …" in a Công điện: every one of them carries it out
        told_all = "lead" not in roles and state.doc.doc_type in collective_implements() and all(map(is_collective, subject))
        roles.add("implement" if asked or told_all else state.default_role)
    if opens and (first_words.startswith(_SUPERVISE_OPENINGS) or (not roles and first_words.startswith(_FOLLOW))):
        # "Các Trung tâm y tế giám sát tuyến xã": the subject's task is to supervise
        roles.add("supervise")
    if first_words.startswith(_COOPERATE):
        roles.add("cooperate")
    duty = next((c for c in cues().get("duty_supervise", []) if c.pattern.search(key, verb_at, ce)), None)
    if duty is not None and not _LEAD.search(key, verb_at, ce):
        # "X có trách nhiệm giám sát việc thực hiện Nghị quyết": the duty is to supervise, not to lead
        roles.discard("lead")
        roles.add("supervise")
    if not roles and not opens:
        # "…; dự thảo cần hoàn chỉnh trước ngày 01/6/2025 và ban hành trước ngày 25/6/2025":
        # a clause that only adds times to the subject's task of this item
        _carry_deadlines(state, subject, cs, ce)
        return
    for m in subject:
        for role in sorted(roles):
            to = ", ".join(dict.fromkeys(r.agency for r in report_to)) if role == "report" and report_to else None
            for dl in times:
                state.emit(m, role, cs, ce, dl, report_to=to)


_ASKED_LEADS = load_rules("assignment_cues")["asked_leads"]
_ASKED_LEAD_TYPES, _ASKED_LEAD_OPENERS = frozenset(_ASKED_LEADS["doc_types"]), tuple(_ASKED_LEADS["openers"])


def _asked_leads(state: State) -> bool:
    """Whether the request before the subject ("Đề nghị Ban Tuyên giáo …: Ban hành …") still lets
    it lead: in a plan, a decision or a directive an item's first body leads it (GUIDE.md); a
    letter's or a notice's addressee asked carries out, and so does a body asked under a heading
    that names somebody else ("Trách nhiệm của …": that body's request)."""
    return state.doc.doc_type in _ASKED_LEAD_TYPES and state.opener.startswith(_ASKED_LEAD_OPENERS) and \
        not any(level.subject or level.unnamed for level in state.stack[:-1])


def _partners(state: State, cs: int, ce: int, mentions: list[Mention]) -> None:
    """The bodies listed after "phối hợp với" in a clause that has no subject."""
    deadline = _clause_deadline(state, cs, cs, ce)
    for cue, _s, e in cue_spans("list", state.key, cs, ce):
        if cue.role == "cooperate":
            for m in list_after(mentions, state.doc.text, e, ce):
                state.emit(m, "cooperate", m.start, ce, deadline)


def _carries_out_document(state: State, subject: list[Mention], words: str) -> bool:
    """Several bodies told together to carry out the document itself ("Chánh Văn phòng …, Thủ
    trưởng các sở …, Chủ tịch UBND cấp xã … triển khai thực hiện … Quy chế này"): the closing
    article's wording outside the closing article, so implement (GUIDE.md Decisions). One body
    given the whole document ("Giao Sở Nội vụ tổ chức thực hiện Kế hoạch này", "Ủy ban nhân dân
    các xã, phường tổ chức thực hiện Kế hoạch này") keeps the role of its item."""
    if len({m.agency for m in subject}) < 2:
        return False
    words = _BY_REMIT.sub("", words.lstrip(" ,:*"), count=1)
    return any(c.pattern.match(words) for c in cues().get("carry_out_document", []))


def _carry_deadlines(state: State, subject: list[Mention], cs: int, ce: int) -> None:
    hits = [h for h in deadlines.find(state.doc.text, cs, ce, state.doc.date) if h.deadline.date or h.deadline.interval]
    if not hits:
        return
    names = {m.agency for m in subject}
    previous = [a for a in state.item if a.agency in names]
    for hit in hits:
        for a in previous:
            if a.deadline is None:
                a.deadline = hit.deadline
            else:
                state.out.append(Assignment(a.agency, a.mention, a.role, a.task, hit.deadline, a.section, a.start,
                                            a.end, a.report_to, a.page))


_BY_REMIT = _RX["by_remit"]
_REPORT_TIME = _RX["report_time"]
_RECURRENCE_JOIN, _RECURRENCE_BRACKET = _RX["recurrence_join"], _RX["recurrence_bracket"]


def _more_recurrences(state: State, cs: int, ce: int, first: Deadline | None) -> list[Deadline]:
    """The frequencies listed after the first one ("báo cáo định kỳ hàng quý, hàng năm hoặc đột
    xuất"): one more deadline each (GUIDE.md Decisions: one entry per deadline)."""
    if first is None or not first.recurrence or first.recurrence in ("continuous", "periodic"):
        return []
    text = state.doc.text
    hits = deadlines.find(text, cs, ce, state.doc.date)
    i = next((k for k, h in enumerate(hits) if h.deadline is first or h.deadline == first), None)
    out: list[Deadline] = []
    said = {first.recurrence}
    while i is not None and i + 1 < len(hits):
        prev, nxt = hits[i], hits[i + 1]
        if not nxt.deadline.recurrence or nxt.deadline.recurrence in ("continuous", "periodic") or \
                not _RECURRENCE_JOIN.fullmatch(text, prev.end, nxt.start):
            break
        # "định kỳ 06 tháng (trước ngày 20 tháng 6 hằng năm)": the brackets date the frequency
        # before them; "…, tổng kết năm (trước ngày 20/11 hàng năm)" names one more
        if nxt.deadline.recurrence not in said and not _RECURRENCE_BRACKET.fullmatch(text, prev.end, nxt.start):
            said.add(nxt.deadline.recurrence)
            out.append(nxt.deadline)
        i += 1
    return out


def _clause_deadline(state: State, cs: int, verb_at: int, ce: int) -> Deadline | None:
    """The first deadline phrase of a clause. "thường xuyên" is a deadline only where it opens
    the task ("Thường xuyên kiểm tra …", "Sở X thường xuyên …"); inside a task it is an
    adverb of one step ("cập nhật thường xuyên")."""
    text = state.doc.text
    for hit in deadlines.find(text, cs, ce, state.doc.date):
        if hit.deadline.recurrence == "continuous":
            before = text[max(cs, verb_at):hit.start] if hit.start >= verb_at else text[cs:hit.start]
            if before.strip(" ,;:-+*•()") and not _CONTINUOUS_LEAD.fullmatch(before):
                continue
        return hit.deadline
    return None
