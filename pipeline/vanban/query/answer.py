"""Answering a question: who must do what, by when, with the passage that says so.

* an agency and no topic ("Sở Y tế phải làm gì?"): that agency's tasks;
* a topic ("Ai chịu trách nhiệm dạy bơi cho trẻ em?"): the assignments whose task text, or
  whose section text, matches the topic (`rank.py`), so the agency responsible comes with the
  passage;
* both: the topic's assignments for that agency;
* a document's code and nothing else ("Ai chủ trì Kế hoạch 310/KH-UBND?"): the assignments of
  its lineage, the role asked first.

Answers are grouped by agency, best first, each agency with its tasks beneath, so an official
reads a list of bodies, not one body ten times. Every task quotes `text[start:end]` of its
document (the assignment's span) and carries the paragraph it stands in (`passage`), which is
what the browser marks in the whole document; a task found through its section rather than
its own words also carries `evidence`, the sentence that matched. Passages that match but name
no assignment the pipeline found come last, without an agency.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from vanban.query import rank
from vanban.query.question import Question, answer_words, parse, split_task, tokens
from vanban.query.scope import Filters, allowed_documents, under_ids, vocabulary
from vanban.store import questions as sql
from vanban.store.db import Hit, Store
from vanban.text.normalize import fold, strip_diacritics

PASSAGE_CHARS = 1500
TASKS_KEPT = 8  # tasks of an agency an answer carries (the page shows fewer)
PLACE_CHECKED = 3  # the first answers an official reads: none of them of the place asked about is said
FALLBACK = 0.1  # an agency's task that no passage of the topic matched, before what it shares with the topic
# From the most responsible role to the least: how an agency's roles in one clause are listed.
ROLE_ORDER = ("lead", "implement", "advise", "supervise", "report", "cooperate")  # a paragraph longer than this is shown as the clause itself


@dataclass
class DocumentRef:
    id: str
    code: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    title: str | None


@dataclass
class Deadline:
    text: str  # as printed
    date: str | None  # ISO, when it is one
    interval: list[str] | None = None  # [first, last] ISO days, when it is a span ("trong năm 2025")


@dataclass
class Quote:
    """A piece of a document's text, with where it is."""
    text: str
    start: int
    end: int
    section: str | None = None


@dataclass
class Task:
    agency: str | None  # canonical, with locality
    role: str | None  # OUTPUT.md's role (lead, cooperate …)
    role_name: str | None  # the same in Vietnamese, as the documents say it
    roles: list[str]  # all the roles of the agency in this clause
    task: str | None
    action: str  # the task's leading verbs ("" when none is known)
    object: str  # what they act on
    deadline: Deadline | None
    document: DocumentRef
    section: str | None
    page: int | None
    quote: Quote  # the assignment's own span
    passage: Quote  # the paragraph it stands in
    evidence: Quote | None = None  # the sentence of its section that matched the topic
    score: float = 0.0

    def texts(self) -> list[str]:
        """What is shown as proof: the clause, its paragraph and the evidence."""
        return [self.quote.text, self.passage.text] + ([self.evidence.text] if self.evidence else [])


@dataclass
class Answer:
    agency: str | None  # canonical, with locality; None for a passage that names none
    role: str | None  # of its best task
    role_name: str | None
    score: float
    tasks: list[Task] = field(default_factory=list)

    def passages(self) -> list[str]:
        """The proof shown with this answer: its first task's."""
        return self.tasks[0].texts() if self.tasks else []


@dataclass
class Reading:
    """How the question was read, for the person asking and for the page."""
    question: str
    intent: str
    roles: list[str]
    agencies: list[str]
    topic: str
    document: str | None
    document_unknown: bool
    unsure: bool
    alternatives: list[str]
    text: str
    due: str | None = None  # the last day a date the question names allows (ISO)
    places: list[str] = field(default_factory=list)  # the places it names, as it writes them ("Đắk Lắk")
    place_unanswered: bool = False  # no answer is of those places: the answers are another place's or national

    def describe(self) -> str:
        return self.text


@dataclass
class Result:
    reading: Reading
    answers: list[Answer]

    def to_json(self) -> dict[str, Any]:
        return {"question": self.reading.question, "reading": asdict(self.reading),
                "answers": [asdict(a) for a in self.answers]}

    def flat(self) -> list[dict[str, Any]]:
        """One record a task, in the order shown (agency by agency), in the flat shape the web
        app's filters, facets and exports read (`vanban.query.ask.ask`)."""
        return [flat_task(t, a.agency) for a in self.answers for t in a.tasks]


_FIELDS: dict[type, tuple[str, ...]] = {kind: tuple(f.name for f in fields(kind)) for kind in (Deadline, DocumentRef, Quote)}


def _shallow(obj: Deadline | DocumentRef | Quote) -> dict[str, Any]:
    """`asdict` of a dataclass of plain values, without its deep copy (a twentieth of a web
    question's time went to copying the strings of a hundred tasks)."""
    return {name: getattr(obj, name) for name in _FIELDS[type(obj)]}


def flat_task(t: Task, agency: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "agency": agency, "role": t.role, "role_name": t.role_name, "task": t.task, "action": t.action,
        "object": t.object, "deadline": _shallow(t.deadline) if t.deadline else None, "document": _shallow(t.document),
        "section": t.section, "page": t.page, "quote": t.quote.text, "start": t.quote.start, "end": t.quote.end,
        "passage": _shallow(t.passage), "score": t.score}
    if len(t.roles) > 1:
        out["roles"] = list(t.roles)
    if t.evidence:
        out["evidence"] = {"section": t.evidence.section, "quote": t.evidence.text, "start": t.evidence.start,
                           "end": t.evidence.end}
    return out


def reading_of(q: Question) -> Reading:
    return Reading(q.text, q.intent, list(q.roles), list(q.agencies), q.topic, q.document, q.document_unknown,
                   q.unsure, q.alternatives, q.describe(), q.due, list(q.place_words), q.place_unanswered)


def read(store: Store, question: str) -> Question:
    """A question read with what the store knows: its agencies, places and words."""
    known = vocabulary(store)
    return parse(question, known.agencies, known.places, store.plain_compounds)


def ask(store: Store, question: str | Question, limit: int = 10, filters: Filters | None = None) -> Result:
    """The answers to a question (text, or as `parse` read it), best agency first; `limit`
    counts agencies."""
    q = question if isinstance(question, Question) else read(store, question)
    filters = filters or Filters()
    allowed = allowed_documents(store, filters)
    if q.document and not filters.under:
        # "… thực hiện Chỉ thị 28-CT/TW?": the documents of its lineage. A code the store does
        # not know scopes nothing: the question is answered as if it named no document, and
        # its reading says so.
        scope = under_ids(store, q.document, q.text) or uncoded_documents(store, q.document)
        if scope:
            allowed = scope if allowed is None else allowed & scope
            q.topic = _without_title(store, q.topic, q.document, scope)
        else:
            q.document_unknown = True
    searched = allowed
    if q.agencies and q.topic:
        # "Sở Dân tộc và Tôn giáo Phú Thọ báo cáo … trước ngày nào?": only the documents that
        # give that agency tasks can answer, so the topic is searched there; searched across the
        # store, passages of other documents fill the search and push its own out.
        mine = sql.documents_of_agencies(store, q.agencies)
        searched = mine if allowed is None else allowed & mine
    found = rank.topic_scores(store, q.topic, searched) if q.topic else rank.Scores({}, {}, [])
    scores, passages = found.gains, found.passages
    if q.agencies:
        agency_ids = sql.assignments_of_agencies(store, q.agencies)
        topical = {a: s for a, s in scores.items() if a in agency_ids}
        # A topic that matches none of the agency's tasks is likely a leftover of the name
        # ("Đắk Lắk"): the agency's tasks are still the answer.
        if not topical and q.topic:
            # how much of the topic each task's paragraph and its document's title say: the
            # plan about the topic first, though no passage of it matched the topic whole
            topical = {r["id"]: FALLBACK + rank.topic_overlap(q.topic, f"{r['task'] or ''} {r['title'] or ''}")
                       for r in sql.assignment_rows(store, agency_ids)}
        scores = topical or {a: 1.0 for a in agency_ids}
        passages = []
    elif not q.topic and q.document and not q.document_unknown and allowed:
        scores = {a: 1.0 for a in sql.assignments_of_documents(store, allowed)}
    def rows_of(ids: Iterable[int]) -> list[sqlite3.Row]:
        return [r for r in sql.assignment_rows(store, ids) if allowed is None or r["doc_id"] in allowed]

    fetched = rows_of(scores)
    if q.topic and not q.agencies:
        scores = rank.clause_leads(store, scores, fetched)
        fetched += rows_of(set(scores) - {r["id"] for r in fetched})
        scores = rank.whole_document(scores, fetched, q.topic)
    superseded = sql.superseded_among(store, (r["key"] for r in fetched if r["key"]))
    said = _unclaimed_sentences(store, found.evidence, q.topic, fetched) if q.roles else {}
    rows = [(scores[r["id"]] * rank.bonus(q, r, superseded, said.get(r["id"], "")), r) for r in fetched]
    # Ties (an agency's tasks, no topic): the newest document first, the fuller clause first,
    # then reading order. Stable sorts, least important key first.
    rows.sort(key=lambda x: x[1]["start"] or 0)
    rows.sort(key=lambda x: (x[1]["start"] or 0) - (x[1]["end"] or 0))
    rows.sort(key=lambda x: x[1]["date"] or "", reverse=True)
    rows.sort(key=lambda x: -x[0])
    tasks = []
    bounds = SectionBounds(store)
    for score, row in _shown(rows, limit):
        task = _task(store, row, score, bounds)
        if row["id"] in found.evidence:
            task.evidence = _evidence(store, found.evidence[row["id"]], q.topic)
        tasks.append(task)
    answers = group(merge_roles(tasks))
    if q.places and answers:
        # "Ở Cần Thơ, sau lũ ai lo xử lý xác động vật …?" answered by Đắk Lắk's plan: say so
        q.place_unanswered = not any(rank.place_factor(q.places, t.agency, t.document.issuer) > 1.0
                                     for a in answers[:PLACE_CHECKED] for t in a.tasks)
    if q.topic:
        for answer in answers:
            # under an agency, its tasks in the order of their scores, which already weigh how
            # much of the topic the task and its section say: a second weighing by the words of
            # the quote alone put "UBND xã, phường thực hiện trực ban …" above the item whose
            # dash list holds the report asked for
            answer.tasks.sort(key=lambda t: -t.score)
    if len(answers) < limit:
        best = sorted((p for p in passages if p[1].kind == "section"), key=lambda p: -p[0])
        answers += [_passage_answer(store, hit, score, q.topic, bounds) for score, hit in best[:2 * (limit - len(answers))]]
    return Result(reading_of(q), _unique_passages(answers)[:limit])


def _unclaimed_sentences(store: Store, evidence: dict[int, Hit], topic: str,
                         rows: list[sqlite3.Row]) -> dict[int, str]:
    """The sentence of its section that matched the topic, by assignment found there, when no
    other body's assignment covers it: "e) Chủ trì … kiểm tra, đôn đốc …. Định kỳ 6 tháng và
    hằng năm cập nhật, công khai báo cáo …" (QĐ 51/2025/QĐ-TTg) gives the UBND the lead of its
    first sentence only, yet the report the second asks for is its own; the sentence a report
    of the Bộ Giáo dục và Đào tạo is not the UBND's whose closing line shares its item."""
    agency = {r["id"]: r["agency"] for r in rows}
    spans = sql.DocumentAssignments(store, {h.doc_id for h in evidence.values()})
    found = {aid: (hit, rank.sentence(store, hit, topic)) for aid, hit in evidence.items() if aid in agency}
    covering = {aid: spans.overlapping(hit.doc_id, *span) for aid, (hit, span) in found.items()}
    # a body told to cooperate in the sentence does not make it its own
    others = {r["id"]: r["agency"] for r in sql.assignment_rows(store, {o for ids in covering.values() for o in ids})
              if r["role"] != "cooperate"}
    return {aid: store.text(hit.doc_id, *span) for aid, (hit, span) in found.items()
            if all(others.get(o, agency[aid]) == agency[aid] for o in covering[aid])}


TITLE_RUN = 2  # title words in a row at an end of the topic that are taken as the document's name


def _without_title(store: Store, topic: str, code: str, scope: set[str]) -> str:
    """The topic without the words of the named document's title: "Ai chịu trách nhiệm về nội
    dung Kế hoạch 172/KH-UBND triển khai thi hành Luật Việc làm?" names the plan by its code and
    its name, so "triển khai thi hành Luật Việc làm" says which plan, not what is asked, and every
    item of the plan has those words. The topic stays whole when nothing else is left."""
    words = tokens(topic)
    if not words:
        return topic
    title: frozenset[str] = frozenset()
    for doc_id in scope:
        row = sql.document_row(store, doc_id)
        if row is not None and (row["code"] or "").upper() == code.upper():
            title |= rank.syllables(row["title"] or "")
    # only the run of title words the topic ends or starts with: where the question writes the
    # name beside the code; a title word inside the topic may be what is asked ("tuyên truyền")
    said = [strip_diacritics(w) in title for w in words]
    lo, hi = 0, len(words)
    while hi > lo and said[hi - 1]:
        hi -= 1
    if len(words) - hi < TITLE_RUN:
        hi = len(words)
    while lo < hi and said[lo]:
        lo += 1
    if lo < TITLE_RUN:
        lo = 0
    return " ".join(words[lo:hi]) if 0 < hi - lo < len(words) else topic


OPENING_CHARS = 3000  # the header of a document: where it prints its own code


def uncoded_documents(store: Store, code: str) -> set[str]:
    """The documents whose header the pipeline could not read (no code stored) that are the
    one a code names: their opening prints it, or their file's name does ("KL-155-KL-TW-2025_…
    _fulltext-no-header.md", a page saved without its header): "… theo Kết luận 155-KL/TW" then
    asks within it rather than saying the store has no such document."""
    parts = [p for p in re.split(r"[^0-9A-Za-zĐđ]+", code.upper()) if p]
    if not parts:
        return set()
    out = set()
    for doc_id, source, opening in store.db.execute(
            "SELECT id, source, substr(text, 1, ?) FROM documents WHERE code IS NULL OR code = ''", (OPENING_CHARS,)):
        name = [p for p in re.split(r"[^0-9A-Za-zĐđ]+", (source or "").rsplit("/", 1)[-1].upper()) if p]
        in_name = any(name[i:i + len(parts)] == parts for i in range(len(name) - len(parts) + 1))
        if in_name or code.upper() in (opening or "").upper():
            out.add(doc_id)
    return out


def _shown(rows: list[tuple[float, sqlite3.Row]], limit: int) -> list[tuple[float, sqlite3.Row]]:
    """The scored assignments (best first) that will be shown: those of the first `limit`
    agencies, TASKS_KEPT of each, and every role of a clause kept. Only these become answers:
    quoting and placing every match would cost more than the rest of the question."""
    agencies: dict[str | None, int] = {}
    clauses: set[tuple[Any, ...]] = set()
    out = []
    for score, row in rows:
        clause = (row["doc_id"], row["agency"], row["section"])
        count = agencies.get(row["agency"])
        if clause in clauses or (count is None and len(agencies) < limit) or (count is not None and count < TASKS_KEPT):
            agencies[row["agency"]] = (count or 0) + 1
            clauses.add(clause)
            out.append((score, row))
    return out


def merge_roles(tasks: list[Task]) -> list[Task]:
    """One task per agency and section of a document: the assignments stage gives an agency
    one assignment per role over overlapping spans ("xây dựng kế hoạch …" as lead, the same
    clause with "Theo dõi, đôn đốc …" as supervise); the best-scored stays, with all the roles.
    The same document read twice (a file and its copy in a bulk dump) gives the same passage
    under two ids: it is shown once."""
    best: dict[tuple[Any, ...], Task] = {}
    seen_quotes: set[tuple[Any, ...]] = set()
    out = []
    for t in tasks:  # best first
        agency = t.agency
        same_text = (t.document.code or t.document.id, agency, t.quote.text)
        if same_text in seen_quotes:
            continue
        seen_quotes.add(same_text)
        key = (t.document.id, agency, t.section)
        if key in best:
            if t.role and t.role not in best[key].roles:
                best[key].roles.append(t.role)
            continue
        best[key] = t
        out.append(t)
    for t in out:
        # the role an agency is named by is its most responsible one in the clause
        t.roles.sort(key=lambda r: ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER))
        if t.roles and t.roles[0] != t.role:
            t.role, t.role_name = t.roles[0], answer_words()["roles"].get(t.roles[0], t.roles[0])
    return out


def group(tasks: list[Task]) -> list[Answer]:
    """Tasks (best first) grouped by agency, in the order of each agency's best task."""
    answers: dict[str, Answer] = {}
    for t in tasks:
        key = t.agency or ""
        if key not in answers:
            answers[key] = Answer(t.agency, t.role, t.role_name, t.score)
        answers[key].tasks.append(t)
    return list(answers.values())


def _unique_passages(answers: list[Answer]) -> list[Answer]:
    """A passage answer (no agency) for a paragraph an agency's task already shows is dropped."""
    shown = {(t.document.id, t.passage.start) for a in answers if a.agency for t in a.tasks}
    return [a for a in answers if a.agency or (a.tasks[0].document.id, a.tasks[0].passage.start) not in shown]


def _document(row: sqlite3.Row) -> DocumentRef:
    return DocumentRef(row["doc_id"], row["code"], row["doc_type"], row["issuer"], row["date"], row["title"])


class SectionBounds:
    """(start, end) of a document's section, each read once per question: the tasks of one
    clause and their items' parents ask for the same sections (half of a question's lookups)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._kept: dict[tuple[str, str], tuple[int, int] | None] = {}

    def __call__(self, doc_id: str, path: str) -> tuple[int, int] | None:
        key = (doc_id, path)
        if key not in self._kept:
            self._kept[key] = sql.section_bounds(self.store, doc_id, path)
        return self._kept[key]


def _paragraph(store: Store, doc_id: str, section: str | None, start: int, end: int,
               sections: SectionBounds | None = None, mention: str | None = None) -> Quote:
    """The section leaf an assignment stands in (its item label included), or the clause when
    the section is long: the paragraph an official reads to check the answer. A leaf that does
    not name the agency (`mention`, as the document writes it) is shown with the item above it
    whose first line does ("4. Văn phòng UBND tỉnh: a) …; b) …", "Điều 27. Trách nhiệm của Bộ
    Công an / 1. … 5. …"), when that item is short enough to read: the proof names who must act."""
    sections = sections or SectionBounds(store)
    bounds = sections(doc_id, section) if section else None
    while bounds and section and not (bounds[0] <= start and end <= bounds[1]) and (section := rank.parent(section)):
        # a clause that runs on past its leaf ("Ban Cơ yếu Chính phủ có trách nhiệm sau đây: a) …;
        # b) …" stored under a)): the item that holds all of it, not the clause cut at a line
        bounds = sections(doc_id, section)
    if bounds and bounds[0] <= start and end <= bounds[1] and bounds[1] - bounds[0] <= PASSAGE_CHARS:
        lo, hi = bounds
        # A leaf that opens where its parent does holds the parent's lead-in ("1. Sở Tài chính
        # chủ trì, phối hợp …: a) …"): the lead-in governs the parent's other items too, so
        # the agency's whole item is the paragraph, when it is short enough to read.
        path = section
        while path and (up := rank.parent(path)) and (wider := sections(doc_id, up)) \
                and wider[0] == lo and wider[1] - wider[0] <= PASSAGE_CHARS:
            path, hi = up, wider[1]
    else:
        lo, hi = start, end
    if mention and section and bounds and lo >= bounds[0] and hi <= bounds[1]:
        lo, hi = _naming(store, doc_id, section, (lo, hi), end, mention, sections)
    text = store.text(doc_id, lo, hi)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Quote(text, lo + lead, lo + lead + len(text), section)


def _naming(store: Store, doc_id: str, section: str, span: tuple[int, int], end: int, mention: str,
            sections: SectionBounds) -> tuple[int, int]:
    """`span`, or the nearest item above it whose first line names the agency, up to PASSAGE_CHARS,
    when the paragraph up to the clause's `end` does not name it."""
    said = fold(mention).strip()
    if not said or said in fold(store.text(doc_id, span[0], max(end, span[0]))):
        return span
    path: str | None = section
    while path and (path := rank.parent(path)):
        wider = sections(doc_id, path)
        if not wider or wider[1] - wider[0] > PASSAGE_CHARS:
            break
        text = store.text(doc_id, *wider).strip()
        if said in fold(text.split("\n", 1)[0]):
            return wider
    return span


def _task(store: Store, row: sqlite3.Row, score: float, bounds: SectionBounds | None = None) -> Task:
    start, end = row["start"] or 0, row["end"] or 0
    deadline = json.loads(row["deadline"]) if row["deadline"] else None
    action, obj = split_task(row["task"] or "")
    role = row["role"]
    task = Task(row["agency"], role, answer_words()["roles"].get(role, role) if role else None, [role] if role else [], row["task"],
                action, obj, Deadline(deadline.get("text") or "", deadline.get("date"), deadline.get("interval"))
                if deadline else None,
                _document(row), row["section"], row["page"], Quote(store.text(row["doc_id"], start, end), start, end,
                                                                   row["section"]),
                _paragraph(store, row["doc_id"], row["section"], start, end, bounds, row["mention"]),
                score=round(score, 3))
    return task


def _evidence(store: Store, hit: Hit, topic: str) -> Quote:
    start, end = rank.sentence(store, hit, topic)
    return Quote(store.text(hit.doc_id, start, end), start, end, hit.section)


def _passage_answer(store: Store, hit: Hit, score: float, topic: str, bounds: SectionBounds | None = None) -> Answer:
    doc = sql.document_row(store, hit.doc_id)
    assert doc is not None  # the hit is of a stored document
    start, end = rank.sentence(store, hit, topic)
    quote = Quote(store.text(hit.doc_id, start, end), start, end, hit.section)
    task = Task(None, None, None, [], None, "", "", None, _document(doc), hit.section, sql.page_of(store, hit.doc_id, start),
                quote, _paragraph(store, hit.doc_id, hit.section, start, end, bounds), score=round(score, 3))
    return Answer(None, None, None, round(score, 3), [task])
