"""The addressees of a letter ("Kính gửi") and the requests that name nobody, which are theirs."""

from __future__ import annotations

import re
from functools import cache

from vanban.model import Assignment, Document
from vanban.rules import compiled, load_rules
from vanban.stages import deadlines
from vanban.stages.agencies import Mention, find_mentions, locality_of
from vanban.stages.assignments.state import State, cues, issued_by
from vanban.text.normalize import fold
from vanban.vocab import as_role

_GRAMMAR = load_rules("assignment_grammar")
_ADDRESSEE_LINE = compiled("assignment_grammar")["addressee_line"]
# the doc types whose requests that name nobody are the addressees'
_LETTERS = frozenset(_GRAMMAR["letters"]["doc_types"])
# "yêu cầu Công ty cổ phần X …": the company word, and its comparison key
_COMPANY = _GRAMMAR["addressee_company"]["word"]
_COMPANY_KEY = fold(_COMPANY)
_ADDRESSEE_ITEM = re.compile(r"[ \t]*[-–+•][ \t]*(?P<name>[^\n]+?)[;.,]?[ \t]*$", re.M)  # "- Sở Y tế;" under it


def _addressees(doc: Document) -> list[Mention]:
    """The addressees of a letter's "Kính gửi" block: agencies of the gazetteer, or a company
    or school named whole on its line (its address in brackets left out)."""
    head = doc.text[: doc.body_start + 600 if doc.body_start else 3000]
    m = _ADDRESSEE_LINE.search(head)
    if not m:
        return []
    loc = locality_of(doc)
    # Normalisation may have joined the addressee with the lines after it (its address, the
    # first paragraph): the name ends at a bracket, a full stop or 200 characters.
    cut = re.search(r"\(|\.\s|$", doc.text[m.start("names"):m.end("names")][:200])
    lines = [(m.start("names"), m.start("names") + (cut.start() if cut else 200))]
    # "Kính gửi:" followed by "- Sở …;" lines: the block runs to the first line that is not an item
    pos = m.end() + 1
    while (line := _ADDRESSEE_ITEM.match(doc.text, pos)) is not None:
        lines.append(line.span("name"))
        pos = line.end() + 1
    heads = tuple(h.lower() for h in load_rules("assignment_cues")["addressee_heads"]["heads"])
    out: list[Mention] = []
    for s, e in lines:
        found = find_mentions(doc.text, loc, s, e)
        if found:
            out += found
            continue
        raw = re.sub(r"\s*\(.*$", "", doc.text[s:e]).rstrip(" -;.,")
        name = raw.lstrip(" -;.,")
        s += len(raw) - len(name)  # the mention's span is the name's own
        if name.lower().startswith(heads) and 3 <= len(name.split()) <= 20:
            out.append(Mention(s, s + len(name), name, " ".join(name.split()), "addressee"))
    return out


def requests_to_addressees(state: State, body: list[Mention], start: int, end: int) -> None:
    """A letter's request that names nobody ("đề nghị Công ty thực hiện …", "đề nghị nghiên
    cứu …") is for the addressees of "Kính gửi"; not a request somebody else made, nor one
    whose sentence already gave its task to an agency."""
    doc = state.doc
    if doc.doc_type not in _LETTERS:
        return
    addressees = _addressees(doc)
    if not addressees:
        return
    rule = next(c for c in cues()["addressee"])
    not_after, other = _request_words()
    given = [(a.start, a.end) for a in state.out if not issued_by(doc, a.agency)]
    for hit in rule.pattern.finditer(state.key, start, end):
        ts, te = hit.span("task")
        before = hit.group("before") or ""
        if not_after.search(before) or any(hit.start() <= m.start < ts and not issued_by(doc, m.agency) for m in body):
            continue  # "Doanh nghiệp đã có văn bản đề nghị …", "khu vực đề nghị …", another's request
        if other.match(state.key, ts) or any(ts <= m.start < ts + 3 for m in body):
            continue  # "đề nghị Chủ đầu tư …", "đề nghị Sở Y tế …": a subject of its own
        if any(s < te and ts < e for s, e in given):
            continue  # the sentence already gave this task to an agency
        past = _past_addressee_name(doc.text, hit, addressees)
        if past is None:
            continue  # "yêu cầu Công ty …" in a letter to no company: another subject
        ts = past
        # the span is the request: the addressee's name is in the header, far above
        task = " ".join(doc.text[ts:te].split()).strip(" :;.")
        for a in addressees:
            state.out.append(Assignment(agency=a.agency, mention=" ".join(a.text.split()), role=as_role(rule.role or "implement"),
                                        task=task[:500], deadline=deadlines.first_in(doc.text, ts, te, doc.date),
                                        section=doc.section_at(ts), start=ts, end=te, page=doc.page_at(ts)))


@cache
def _request_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(words before "đề nghị" that make it no request of the letter's, words after it that
    name another subject), from assignment_cues.json `addressee_requests`."""
    words = load_rules("assignment_cues")["addressee_requests"]
    not_after = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, words["not_after"])) + r")\s*$")
    other = re.compile(r"(?:" + "|".join(map(re.escape, words["other_subjects"])) + r")\b")
    return not_after, other


def _past_addressee_name(text: str, hit: re.Match[str], addressees: list[Mention]) -> int | None:
    """Where the task starts: after the name in "yêu cầu Công ty cổ phần X nghiêm túc thực
    hiện"; None when "Công ty" names no addressee (the letter asks some other company)."""
    ts = hit.start("task")
    ref = fold(hit.group("ref") or "").strip()
    if not ref.endswith(_COMPANY_KEY):
        return ts
    companies = [a for a in addressees if fold(a.agency).startswith(_COMPANY_KEY)]
    for a in companies:
        rest = a.agency[len(_COMPANY):].strip()
        if rest and fold(text[ts:ts + len(rest)]) == fold(rest):
            return ts + len(rest) + 1
    return ts if companies else None


@cache
def _dispatch_words() -> tuple[re.Pattern[str], frozenset[str]]:
    data = load_rules("assignment_cues")["dispatch_addressees"]
    return re.compile(data["pattern"], re.M), frozenset(data["doc_types"])


def dispatch_addressees(state: State) -> None:
    """The addressees of a Công điện ("THỦ TƯỚNG CHÍNH PHỦ điện:" then "- Bộ trưởng …;", "- Chủ
    tịch Ủy ban nhân dân các tỉnh …;"): every body the dispatch is sent to is told to carry it out
    (GUIDE.md: addressees of a Công điện told to do something implement). The entry's span is
    the addressee's own line; its task is the dispatch's subject (its title)."""
    doc = state.doc
    pattern, types = _dispatch_words()
    if doc.doc_type not in types:
        return
    head = pattern.search(doc.text, 0, min(len(doc.text), (doc.body_start or 0) + 4000))
    if head is None:
        return
    pos, items = head.end(), False
    block_end = pos
    for line in doc.text[pos:pos + 3000].split("\n"):
        bare = line.strip(" |*_")
        if not bare:
            if items and "|" in line:
                break  # the table cell of the addressees ends
            block_end += len(line) + 1
            continue
        if bare[:1] in "-+•–":
            items = True
        elif not items or (bare[:1].isupper() and not block_end - pos < 3):
            if items or len(bare) > 60:
                break
        block_end += len(line) + 1
    loc = locality_of(doc)
    task = " ".join((doc.title or "").split())
    for m in find_mentions(doc.text, loc, pos, block_end):
        state.out.append(Assignment(agency=m.agency, mention=" ".join(m.text.split()), role="implement", task=task[:500],
                                    deadline=None, section=doc.section_at(m.start), start=m.start, end=m.end,
                                    page=doc.page_at(m.start)))
