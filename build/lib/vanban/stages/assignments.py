"""Stage: who must do what, in which role, by when (`doc.assignments`), and ORG entities.

The body is read paragraph by paragraph (the normaliser keeps list items and headings on
their own lines). A paragraph's subject is the agency list it opens with ("3. Ủy ban nhân
dân huyện xây dựng …", "Giao Sở X chủ trì …"), or the agency of the item heading above it
("1. Sở Nội vụ:" then "- Chủ trì …"), or of a heading "Trách nhiệm của …". Inside each
clause (split at ";" and sentence ends) the cue phrases of vanban/data/assignment_cues.json
give the subject's roles, and lists after "phối hợp với" / "báo cáo" name the cooperating
bodies and the report's recipient. Labelled lines ("Cơ quan chủ trì: …", "Thời gian thực
hiện: …") and table rows with "chủ trì"/"phối hợp" columns are read as such, both markdown
tables ("|") and the space-aligned tables of pdftotext's layout (`_layout_tables`: cells cut at
the runs of spaces shared by the lines of a row, read top to bottom).

Following GUIDE.md's Decisions, a task's deadline goes on every body the task names (partners
too), and each further deadline of the same agency and role is an entry of its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from vanban.model import Assignment, Deadline, Document, Entity
from vanban.rules import load_rules
from vanban.stages import deadlines
from vanban.stages.agencies import Mention, find_mentions, locality_of
from vanban.text.normalize import fold, match_key
from vanban.vocab import as_role

_ROMAN = re.compile(r"^(?:[IVXLC]{1,6})\s*[.\-–:)]\s*")
_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*[.)\-–]?\s+(?=\S)|^\d{1,2}[.)]\s*(?=[A-ZĐÀ-Ỹa-zđ])")
_LETTER = re.compile(r"^[a-zđ]\d?\)\s*")
_DASH = re.compile(r"^[-+•▪●◦∙–]\s*")
_ARTICLE = re.compile(r"^(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG)\s+[0-9IVXLC]+[a-z]?\s*[.:]?\s*", re.I)
_MARKUP = re.compile(r"[\s*#_>“\"]+")  # used with match(text, pos): no "^"; quotes open amended text
_SEPARATOR_GAP = re.compile(r"^(?:[\s,;:/()*\-–]|\b(?:và|với|cùng|hoặc|cho|về|đến|tới|lên|là|gồm)\b)*$", re.I)
# verbs right after a subject that make it the document's own voice, not an assignee
_ISSUER_VERBS = re.compile(r"\s*(?:có ý kiến chỉ đạo như sau|có ý kiến chỉ đạo|chỉ đạo như sau|yêu cầu|điện|đề nghị|giao(?: cho)?|chỉ đạo|"
                           r"ban hành|quyết định|thông báo|kết luận|hướng dẫn như sau)(?![\wÀ-ỹ])\s*:?", re.I)
# "Chính phủ là chủ sở hữu …", "… được hưởng": a statement about the agency, not a task
_NOT_A_TASK = re.compile(r"\s*(?:là(?!\s+(?:cơ quan|đơn vị)\s+(?:chủ trì|đầu mối|thường trực))|có quyền|được|không được|gồm|bao gồm|"
                         r"thuộc|trực thuộc|đã|đang|ban hành|về việc)(?![\wÀ-ỹ])", re.I)
_EXECUTION = re.compile(r"chịu trách nhiệm (?:tổ chức )?thi hành|chịu trách nhiệm triển khai thực hiện (?:quyết định|nghị định|thông tư) này")
# a subject whose clause opens with one of these has that role only, not lead as well
_NOT_LEAD_OPENINGS = ("phối hợp", "tham mưu", "cùng", "báo cáo", "theo dõi", "đôn đốc", "giám sát", "kiểm tra, giám sát")
_LEADING_TIME = re.compile(r"(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)\s*,\s*|thường xuyên\s*,\s*")
_CLAUSE_END = re.compile(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|\.\s*$|:\s*$")


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    kind: str
    role: str | None
    pattern: re.Pattern[str]


@cache
def _cues() -> dict[str, list[_Cue]]:
    out: dict[str, list[_Cue]] = {}
    for rule in load_rules("assignment_cues")["rules"]:
        cue = _Cue(rule["name"], rule["kind"], rule.get("role"), re.compile(rule["pattern"], re.I | re.M))
        out.setdefault(cue.kind, []).append(cue)
    return out


@dataclass(slots=True)
class _Level:
    depth: float
    subject: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class _State:
    doc: Document
    key: str
    stack: list[_Level] = field(default_factory=list)
    item: list[Assignment] = field(default_factory=list)   # assignments of the current item (for "Thời gian: …")
    opener: str = ""   # the directive word before the last subject found ("giao", "đề nghị")
    item_has_lead: bool = False  # a "Cơ quan chủ trì:" line in the current item
    default_role: str = "lead"   # of a clause's subject when no cue says otherwise
    item_title: str = ""         # text of the current item, the task of its labelled lines
    # "Cơ quan thực hiện: X" read as lead until a "Cơ quan chủ trì:" line of the same item says otherwise
    executing: list[Assignment] = field(default_factory=list)
    out: list[Assignment] = field(default_factory=list)

    def subject(self) -> list[Mention]:
        for level in reversed(self.stack):
            if level.subject:
                return level.subject
        return []

    def enter(self, depth: float, new_item: bool) -> None:
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        self.stack.append(_Level(depth))
        # a labelled line ("b) Cơ quan thực hiện: …", "c) Thời gian: …") is a field of the
        # item above it, not an item of its own
        if depth <= 4 and new_item:
            self.item = []
            self.item_has_lead = False
            self.executing = []

    def emit(self, m: Mention, role: str, start: int, end: int, deadline: Deadline | None = None,
             report_to: str | None = None, task: str | None = None) -> None:
        text = self.doc.text
        if task is None:
            task = " ".join(text[m.end:end].strip(" ,:;.-").split()) if m.end < end else " ".join(text[start:end].split())
        a = Assignment(agency=m.agency, mention=" ".join(m.text.split()), role=as_role(role), task=task[:500], deadline=deadline,
                       section=self.doc.section_at(m.start), start=m.start, end=max(end, m.end), report_to=report_to,
                       page=self.doc.page_at(m.start))
        self.out.append(a)
        self.item.append(a)


def run(doc: Document) -> Document:
    if not doc.text:
        return doc
    loc = locality_of(doc)
    mentions = _own_committee(doc, find_mentions(doc.text, loc))
    _add_entities(doc, mentions)
    start, end = _body_bounds(doc)
    state = _State(doc, match_key(doc.text))
    body = [m for m in mentions if start <= m.start < end]
    starts = [m.start for m in body]
    recipients = False
    for ps, pe in _paragraphs(doc.text, start, end):
        # "Nơi nhận" / "Kính gửi" lists name addressees, not tasks; a regulation attached
        # after the signature is body again
        if _RECIPIENTS.match(doc.text, ps):
            recipients = True
            continue
        if recipients:
            if not _ATTACHED.match(doc.text, ps) and not _opens_task(doc.text, ps):
                continue
            recipients = False
        _paragraph(state, ps, pe, body[bisect.bisect_left(starts, ps):bisect.bisect_left(starts, pe)])
    _tables(state, mentions)  # appendix tables sit after the signature too
    _layout_tables(state)
    _requests_to_addressees(state, body, start, end)
    doc.assignments = _dedupe([a for a in state.out if not _is_issuer(doc, a.agency)])
    return doc


_ADDRESSEE_LINE = re.compile(r"^[\W_]*Kính gửi[\s_*]*:?[\s_*]*(?P<names>.+?)\s*$", re.M)
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


def _requests_to_addressees(state: _State, body: list[Mention], start: int, end: int) -> None:
    """A letter's request that names nobody ("đề nghị Công ty thực hiện …", "đề nghị nghiên
    cứu …") is for the addressees of "Kính gửi"; not a request somebody else made, nor one
    whose sentence already gave its task to an agency."""
    doc = state.doc
    if doc.doc_type != "Công văn":
        return
    addressees = _addressees(doc)
    if not addressees:
        return
    rule = next(c for c in _cues()["addressee"])
    not_after, other = _request_words()
    given = [(a.start, a.end) for a in state.out if not _issued_by(doc, a.agency)]
    for hit in rule.pattern.finditer(state.key, start, end):
        ts, te = hit.span("task")
        before = hit.group("before") or ""
        if not_after.search(before) or any(hit.start() <= m.start < ts and not _issued_by(doc, m.agency) for m in body):
            continue  # "Doanh nghiệp đã có văn bản đề nghị …", "khu vực đề nghị …", another's request
        if other.match(state.key, ts) or any(ts <= m.start < ts + 3 for m in body):
            continue  # "đề nghị Chủ đầu tư …", "đề nghị Sở Y tế …": a subject of its own
        if any(s < te and ts < e for s, e in given):
            continue  # the sentence already gave this task to an agency
        named_at = _past_addressee_name(doc.text, hit, addressees)
        if named_at is None:
            continue  # "yêu cầu Công ty …" in a letter to no company: another subject
        ts = named_at
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


def _issued_by(doc: Document, agency: str) -> bool:
    return any(name and fold(name) == fold(agency) for name in (doc.issuer, *doc.issuers))


def _past_addressee_name(text: str, hit: re.Match[str], addressees: list[Mention]) -> int | None:
    """Where the task starts: after the name in "yêu cầu Công ty cổ phần X nghiêm túc thực
    hiện"; None when "Công ty" names no addressee (the letter asks some other company)."""
    ts = hit.start("task")
    ref = fold(hit.group("ref") or "").strip()
    if not ref.endswith("công ty"):
        return ts
    companies = [a for a in addressees if fold(a.agency).startswith("công ty")]
    for a in companies:
        rest = a.agency[len("Công ty"):].strip()
        if rest and fold(text[ts:ts + len(rest)]) == fold(rest):
            return ts + len(rest) + 1
    return ts if companies else None


_BARE_COMMITTEE = re.compile(r"^(?P<organ>.+?) (?:đảng ủy|Đảng ủy)$")
_UNDER_COMMITTEE = re.compile(r"^(?P<coll>Các (?:chi bộ, đảng bộ cơ sở|tổ chức cơ sở đảng|cơ quan chuyên trách tham mưu, giúp việc))"
                              r"(?: trực thuộc)?(?: (?:đảng ủy|Đảng ủy))?(?: (?:tỉnh|thành phố|huyện|xã|phường) .+)?$")


def _own_committee(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """In a document of a Party committee ("Đảng ủy Ủy ban nhân dân tỉnh Lào Cai"), "Ban Xây
    dựng Đảng Đảng ủy" and "các chi bộ, đảng bộ cơ sở (trực thuộc)" are the issuer's own: the
    organ takes the issuer's name, the collective is "… trực thuộc <issuer>"."""
    issuer = doc.issuer or ""
    if not issuer.startswith("Đảng ủy "):
        return mentions
    out = []
    for m in mentions:
        agency = m.agency
        bare = _BARE_COMMITTEE.match(agency)
        under = _UNDER_COMMITTEE.match(agency)
        if under:
            coll = under.group("coll")
            agency = f"{coll} {issuer}" if coll.endswith("giúp việc") else f"{coll} trực thuộc {issuer}"
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


def _body_bounds(doc: Document) -> tuple[int, int]:
    end = doc.body_end if doc.body_end and doc.body_end > (doc.body_start or 0) else len(doc.text)
    return doc.body_start or 0, end


_RECIPIENTS = re.compile(r"[\W_]*(?:Nơi nhận|Kính gửi)[\s_*]*:")  # "__Nơi nhận__:" in markdown
# what follows a signature block in a decision: the regulation it issues, an appendix
_ATTACHED = re.compile(r"\s*(?:QUY ĐỊNH|QUY CHẾ|CHƯƠNG\s|Chương\s+[IVXLC\d]|Điều\s+\d|PHỤ LỤC|Phụ lục\s+[IVXLC\d])")


_OPENS_ITEM = re.compile(r"^\s*(?:[*#_>]+\s*)?(?:[IVXLC]{1,6}\s*[.\-–:)]|\d{1,2}(?:\.\d{1,2})*\s*[.)\-–]|[a-zđ]\d?\)|[-+•▪●◦∙–]|"
                        r"(?:Điều|Chương|Mục|Phần|Phụ lục|Nơi nhận|Kính gửi|Căn cứ)\b)", re.I)


_ARTICLE_LINE = re.compile(r"\s*[*“\"]*\s*(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[a-z]?\s*[.:]")
_BARE_LABEL = re.compile(r"^\s*[*#_]*\s*(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)\-–:]?\s*[*_]*\s*$")


def _opens_task(text: str, ps: int) -> bool:
    """After "Kính gửi", the letter's own text starts with a numbered item or a sentence."""
    line = text[ps:text.find("\n", ps) if "\n" in text[ps:] else len(text)].strip()
    return bool(re.match(r"(?:\d{1,2}\s*[.)]|[IVXLC]{1,5}\.|Thực hiện|Căn cứ|Để|Theo|Ngày|Trong|Trên|Thời gian|Qua|Sau)\s", line)) \
        or (len(line) > 80 and not line.startswith(("-", "+", "•")))


_PAGE_NUMBER = re.compile(r"^ {12,}\d{1,3} *$")


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines, with a line that does not end a sentence joined to the next when that one opens
    no list item (the normaliser leaves some wrapped lines: "Đài Tiếng nói Việt\nNam"), and a
    label alone on its line ("1.") joined to the text after it."""
    out: list[tuple[int, int]] = []
    pos = start
    joinable = False
    bare = False
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            joinable = False
            continue
        if _PAGE_NUMBER.match(line):
            # a page number of pdftotext's layout (far right of a line of its own) is not a
            # label: a sentence cut by the page break goes on after it
            bare = False
            continue
        if out and (bare or (joinable and not _OPENS_ITEM.match(line) and not line.strip().isupper())):
            out[-1] = (out[-1][0], le)
        else:
            out.append((ls, le))
        bare = bool(_BARE_LABEL.match(line))
        tail = line.rstrip(" *")
        # a long line cut mid-sentence, or a labelled line cut after its label ("Thời gian thực hiện: Quý")
        # … or a dash item cut in a list of names ("- Mặt trận Tổ quốc, Đoàn" + "Thanh niên, Hội Phụ nữ hỗ trợ …")
        joinable = bool(tail) and tail[-1] not in ".;:!?" and not tail.isupper() and \
            (len(tail) > 30 or ":" in tail or bool(re.match(r"\s*[-+•]\s+\S.*\s\S", tail))) \
            and not _ARTICLE_LINE.match(line)  # an article's title is a line of its own
    return out


def _strip_label(text: str, s: int) -> tuple[int, float]:
    """(offset after the list label, depth of the label): roman 1, article 1, number 2 (2.x 3),
    letter 4, dash 5, none 6."""
    m = _MARKUP.match(text, s)
    pos = m.end() if m else s
    line = text[pos:pos + 40]
    for pattern, depth in ((_ARTICLE, 1), (_ROMAN, 1), (_NUMBER, 2), (_LETTER, 4), (_DASH, 5)):
        lm = pattern.match(line)
        if lm:
            if depth == 2 and re.match(r"^\d{1,2}\.\d", line):
                depth = 3
            after = pos + lm.end()
            mm = _MARKUP.match(text, after)
            return (mm.end() if mm else after), depth
    return pos, 6


def _list_after(mentions: list[Mention], text: str, pos: int, limit: int) -> list[Mention]:
    """The agencies listed from `pos` on: consecutive mentions separated only by commas and
    conjunctions."""
    out: list[Mention] = []
    for m in mentions:
        if out and m.start == out[-1].start:
            out.append(m)  # one span standing for several agencies
            continue
        if m.start < pos:
            continue
        if m.start >= limit or not _SEPARATOR_GAP.match(text[pos:m.start]):
            break
        out.append(m)
        pos = m.end
    return out


def _paragraph(state: _State, ps: int, pe: int, mentions: list[Mention]) -> None:
    text, key = state.doc.text, state.key
    cs, depth = _strip_label(text, ps)
    line_key = key[cs:pe]
    cues = _cues()
    if any(c.pattern.match(line_key) for c in cues["skip"]):
        return
    if text.count("|", ps, pe) >= 2:
        return  # a table: read row by row by _tables
    if depth == 6 and text[cs:pe].rstrip(" *").endswith(":") and mentions:
        # "Bộ Tư pháp, Bộ Công an … có trách nhiệm:" heads the numbered items below it
        depth = 1.5
    label = next((c for c in cues["label"] if c.pattern.match(key[ps:pe].lstrip(" *-+•")) or c.pattern.match(line_key)), None)
    state.enter(depth, new_item=label is None)
    title = re.sub(r"^(?:nhiệm vụ|nội dung(?: thực hiện)?)\s*:\s*", "", " ".join(text[cs:pe].split()), flags=re.I)
    if label is None and depth <= 4 and len(title) > 3:
        # the item's own words ("1.2. Triển khai, phát triển dữ liệu"; "a) Nhiệm vụ: Tham mưu …"):
        # the task of the "Cơ quan chủ trì: …" lines below it
        state.item_title = title
    if label is not None:
        _label(state, label, cs, pe, mentions)
        return
    for cue in cues["heading"]:
        hm = cue.pattern.match(line_key)
        if hm:
            subject = _list_after(mentions, text, cs + hm.end(), pe)
            if subject:
                state.stack[-1].subject = subject
                for m in subject:
                    state.emit(m, "lead", ps, pe)
            return
    if mentions and _only_agencies(text, cs, pe, mentions):
        # "1. Sở Nội vụ:" heads the items below it; a bare line of agencies ("- Công an tỉnh;"
        # under "Kính gửi") assigns nothing by itself
        state.stack[-1].subject = _list_after(mentions, text, cs, pe)
        return
    _clauses(state, cs, pe, mentions, depth)


def _only_agencies(text: str, cs: int, pe: int, mentions: list[Mention]) -> bool:
    rest = text[cs:pe]
    for m in reversed(mentions):
        rest = rest[:m.start - cs] + rest[m.end - cs:]
    return not re.sub(r"[\s,;:.*()\-–]|\b(?:và|các)\b", "", rest)


def _label(state: _State, cue: _Cue, cs: int, pe: int, mentions: list[Mention]) -> None:
    text = state.doc.text
    colon = text.find(":", cs, pe)
    after = colon + 1 if colon >= 0 else cs
    if cue.role == "deadline":
        dl = deadlines.parse(text[after:pe].strip(" .;"), state.doc.date)
        if dl:
            for a in list(state.item):
                if a.deadline is None:
                    a.deadline = dl
        return
    role = cue.role or "lead"
    if role == "lead" and cue.name == "label_lead":
        # "Cơ quan thực hiện: …" beside "Cơ quan chủ trì: …" carries out; alone it leads
        for a in state.executing:
            a.role = "implement"
        state.executing = []
        state.item_has_lead = True
    if role == "implement" and not state.item_has_lead:
        role = "lead"
    listed = [m for m in mentions if m.start >= after]
    if cue.name == "label_implement" and listed and not _only_agencies(text, after, pe, listed):
        # "Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp và các sở … chủ động
        # tổ chức triển khai …": clauses of their own, whose subjects carry the task out
        # … unless nobody in the item leads, then they do (Lai Châu 7360 II.2)
        has_lead = state.item_has_lead or "chủ trì" in state.key[after:pe]
        state.default_role = "implement" if has_lead else "lead"
        _clauses(state, after, pe, listed, 6)
        state.default_role = "lead"
        return
    # "Đơn vị chủ trì tham mưu thực hiện: …" leads and advises
    advises = cue.name == "label_lead" and "tham mưu" in state.key[cs:after]
    for m in listed:
        state.emit(m, role, cs, pe, task=state.item_title or None)
        if advises:
            state.emit(m, "advise", cs, pe, task=state.item_title or None)
        if cue.name == "label_implement" and role == "lead":
            state.executing.append(state.item[-1])


def _clauses(state: _State, cs: int, pe: int, mentions: list[Mention], depth: float) -> None:
    text, key = state.doc.text, state.key
    _cues()
    inherited = state.subject()
    pos = cs
    first = True
    para_subject: list[Mention] = []
    # "Chánh Văn phòng …; Giám đốc Sở …; Thủ trưởng … chịu trách nhiệm thi hành": one list
    # … and so is the list that a paragraph ending with ":" opens ("Bộ Tư pháp, …; Sở Tư pháp, …
    # có trách nhiệm:")
    execution = bool(_EXECUTION.search(key, cs, pe)) or (text[cs:pe].rstrip(" *").endswith(":") and bool(mentions)
                                                          and text.count(";", cs, pe) > 0)
    for clause_end in (_clause_ends(text, cs, pe) if not execution else [pe]):
        clause_mentions = [m for m in mentions if pos <= m.start < clause_end]
        if not clause_mentions and _deadline_clause(state, pos, clause_end):
            first = False
            pos = clause_end + 1
            if pos >= pe:
                break
            continue
        state.opener = ""
        subject, verb_at = _subject(state, pos, clause_end, clause_mentions, opener_allowed=True)
        om = _ISSUER_VERBS.match(key[verb_at:clause_end]) if subject else None
        if om and _issuer_voice(state, subject, verb_at + om.end(), clause_end, clause_mentions):
            # "UBND tỉnh giao Sở Tài chính chủ trì …": the document's voice, then the assignee
            after = verb_at + om.end()
            # "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan
            # liên quan biết, thực hiện": the bodies told so carry it out
            told = re.match(r"\s*để\s+", key[after:clause_end])
            subject, verb_at = _subject(state, after + (told.end() if told else 0), clause_end, clause_mentions,
                                        opener_allowed=False)
            if told and subject:
                state.opener = "để"
                if not re.match(r"[\s,]*biết\s*(?:,|và)\s*(?:thực hiện|triển khai)", key[verb_at:clause_end]):
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
        else:
            # "Đề nghị các sở …; kịp thời báo cáo UBND tỉnh …": the paragraph's last subject
            current = para_subject or state.stack[-1].subject or inherited
            verb_at = pos
        # "- Văn phòng Trung ương Đảng, Ủy ban Kiểm tra Trung ương, các ban, cơ quan của Đảng: chọn
        # cử tối đa 03 người": a line of a list of quotas, not a task
        quota = bool(subject) and depth >= 5 and _quota(key[verb_at:clause_end])
        if current and not quota and not _NOT_A_TASK.match(key[verb_at:clause_end]) and "như sau" not in key[verb_at:clause_end]:
            _clause_roles(state, current, bool(subject) or first, pos, verb_at, clause_end, clause_mentions)
        first = False
        pos = clause_end + 1
        if pos >= pe:
            break


_QUOTA_CUES = ("chủ trì", "phối hợp", "tham mưu", "trách nhiệm", "thực hiện", "triển khai")


def _quota(rest: str) -> bool:
    """After the subject: ": …" at once, or a few more names ("…, các ban, cơ quan của Đảng: …")
    and then ":" with no task cue on either side."""
    colon = rest.find(":")
    if colon < 0 or colon > 60 or not rest[colon + 1:].strip():
        return False
    if not rest[:colon].strip():
        return True
    return rest[:1] == "," and not any(c in rest for c in _QUOTA_CUES)


def _issuer_voice(state: _State, subject: list[Mention], after: int, end: int, mentions: list[Mention]) -> bool:
    """Whether "X yêu cầu / giao / chỉ đạo …" is the issuer speaking rather than a task of X:
    X is the issuer, or the verb introduces a list (":", "như sau") or another agency."""
    rest = state.key[after:end].strip(" *")
    if not rest or rest.startswith(("như sau", ":")):
        return True
    if any(m.start >= after and state.doc.text[after:m.start].strip(" :") == "" for m in mentions):
        return True
    issuer = (state.doc.issuer or "").lower()
    return bool(issuer) and any(m.agency.lower() == issuer for m in subject)


def _deadline_clause(state: _State, s: int, e: int) -> bool:
    """A sentence that only states the time of the item ("Thời gian hoàn thành xong trước
    ngày 05/10/2026."): its deadline goes to the item's assignments that have none."""
    key = state.key[s:e].strip(" *-+")
    if not any(c.pattern.match(key) for c in _cues()["label"] if c.role == "deadline") and \
            not re.match(r"(?:hoàn thành|thời gian|thời hạn)\b", key):
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


def _subject(state: _State, s: int, e: int, mentions: list[Mention], opener_allowed: bool) -> tuple[list[Mention], int]:
    """The agencies a clause opens with, and where the words after them begin."""
    text, key = state.doc.text, state.key
    pos = s
    while pos < e and text[pos] in " *_-+•(\"“":
        pos += 1
    # "Hàng năm, Sở Tài chính, Công an … gửi báo cáo …": a time before the subject
    lead_time = _LEADING_TIME.match(state.key, pos, e)
    if lead_time:
        pos = lead_time.end()
    opener = ""
    if opener_allowed:
        for cue in _cues()["opener"]:
            om = cue.pattern.match(key[pos:e])
            if om:
                opener = om.group(0).strip()
                pos += om.end()
                break
    if not mentions or not _SEPARATOR_GAP.match(text[pos:mentions[0].start]) or mentions[0].start - pos > 3:
        return [], s
    subject = _list_after(mentions, text, pos, e)
    if not subject:
        return [], s
    state.opener = opener
    return subject, subject[-1].end


def _cue_spans(kind: str, key: str, s: int, e: int) -> list[tuple[_Cue, int, int]]:
    out = []
    for cue in _cues()[kind]:
        for m in cue.pattern.finditer(key, s, e):
            out.append((cue, m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return out


def _clause_roles(state: _State, subject: list[Mention], opens: bool, cs: int, verb_at: int, ce: int,
                  mentions: list[Mention]) -> None:
    text, key = state.doc.text, state.key
    consumed: set[int] = {id(m) for m in subject}
    roles: set[str] = set()
    report_to: list[Mention] | None = None
    # a task's time goes on every body the task names, partners included (GUIDE.md Decisions
    # added at the consistency review, "Deadlines, applied")
    deadline = _clause_deadline(state, cs, verb_at, ce)
    times = (deadline, *_more_recurrences(state, cs, ce, deadline))
    for cue, _s, e in _cue_spans("list", key, verb_at, ce):
        listed = _list_after(mentions, text, e, ce)
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
    for cue, _s, _e in _cue_spans("role", key, verb_at, ce):
        if cue.role:
            roles.add(cue.role)
    first_words = key[verb_at:verb_at + 120].lstrip(" ,:")
    # "Căn cứ chức năng, nhiệm vụ, phối hợp với …": the verb after the adverbial decides
    first_words = _BY_REMIT.sub("", first_words, count=1)[:40]
    if opens and not first_words.startswith(_NOT_LEAD_OPENINGS) and "implement" not in roles:
        # "Đề nghị MTTQ …", "yêu cầu các sở …": asked to carry out, not to lead
        asked = state.opener.startswith(("đề nghị", "yêu cầu", "chỉ đạo", "để")) and "lead" not in roles
        roles.add("implement" if asked else state.default_role)
    if opens and (first_words.startswith(("đôn đốc", "giám sát", "kiểm tra, giám sát")) or
                  (not roles and first_words.startswith("theo dõi"))):
        # "Các Trung tâm y tế giám sát tuyến xã": the subject's task is to supervise
        roles.add("supervise")
    if first_words.startswith("phối hợp"):
        roles.add("cooperate")
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


def _carry_deadlines(state: _State, subject: list[Mention], cs: int, ce: int) -> None:
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


def _tables(state: _State, mentions: list[Mention]) -> None:
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
        if any("chủ trì" in h or "phối hợp" in h for h in header):
            columns = header
            continue
        if columns:
            _table_row(state, [(_to_text(doc, s), _to_text(doc, e)) for s, e in cells], columns, mentions)


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


def _to_text(doc: Document, raw_offset: int) -> int:
    return bisect.bisect_left(doc.to_source, raw_offset)


_BY_REMIT = re.compile(r"^căn cứ (?:vào )?chức năng,? nhiệm vụ(?: được giao| của mình)?\s*,\s*")
_REPORT_TIME = re.compile(r"\s*(?:định kỳ\s+)?(?:(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)|(?:06|6)\s+tháng)\b")
_RECURRENCE_JOIN = re.compile(r"[\s,;]*(?:\([^()]{0,60}\)[\s,;]*)?(?:và|hoặc)?\s*")


def _more_recurrences(state: _State, cs: int, ce: int, first: Deadline | None) -> list[Deadline]:
    """The frequencies listed after the first one ("báo cáo định kỳ hàng quý, hàng năm hoặc đột
    xuất"): one more deadline each (GUIDE.md Decisions: one entry per deadline)."""
    if first is None or not first.recurrence or first.recurrence in ("continuous", "periodic"):
        return []
    text = state.doc.text
    hits = deadlines.find(text, cs, ce, state.doc.date)
    i = next((k for k, h in enumerate(hits) if h.deadline is first or h.deadline == first), None)
    out: list[Deadline] = []
    while i is not None and i + 1 < len(hits):
        prev, nxt = hits[i], hits[i + 1]
        if not nxt.deadline.recurrence or nxt.deadline.recurrence in ("continuous", "periodic") or \
                not _RECURRENCE_JOIN.fullmatch(text, prev.end, nxt.start):
            break
        out.append(nxt.deadline)
        i += 1
    return out


def _clause_deadline(state: _State, cs: int, verb_at: int, ce: int) -> Deadline | None:
    """The first deadline phrase of a clause. "thường xuyên" is a deadline only where it opens
    the task ("Thường xuyên kiểm tra …", "Sở X thường xuyên …"); inside a task it is an
    adverb of one step ("cập nhật thường xuyên")."""
    text = state.doc.text
    for hit in deadlines.find(text, cs, ce, state.doc.date):
        if hit.deadline.recurrence == "continuous":
            before = text[max(cs, verb_at):hit.start] if hit.start >= verb_at else text[cs:hit.start]
            if before.strip(" ,;:-+*•()") and not re.fullmatch(r"\s*(?:[-+•]\s*)?(?:thực hiện|tổ chức|được)?\s*", before, re.I):
                continue
        return hit.deadline
    return None


def _table_row(state: _State, cells: list[tuple[int, int]], columns: list[str], mentions: list[Mention]) -> None:
    text = state.doc.text
    if len(cells) != len(columns):
        return
    deadline = None
    for (s, e), h in zip(cells, columns, strict=True):
        if ("thời gian" in h or "thời hạn" in h or "tiến độ" in h) and e > s:
            deadline = deadlines.parse(text[s:e].strip(), state.doc.date)
    for (s, e), h in zip(cells, columns, strict=True):
        role = "lead" if "chủ trì" in h else "cooperate" if "phối hợp" in h else \
            "supervise" if ("chỉ đạo" in h or "đôn đốc" in h or "phụ trách" in h) else None
        if role:
            for m in mentions:
                if s <= m.start < e:
                    # the row's time is every body's of the row, partners included
                    state.emit(m, role, s, e, deadline)


# --- tables laid out with spaces (pdftotext -layout) ----------------------------------------

_LAYOUT_ROW = re.compile(r"^ {0,4}(\d{1,3})(?: +\S| *$)")
_LAYOUT_GROUP = re.compile(r"^ {0,4}(?:[IVX]{1,5}(?:\.\d{1,2})?|[A-Z])\.? +\S")
_LAYOUT_PAGE = re.compile(r"^ {8,}\d{1,3} *$")
_LAYOUT_END = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục\s+[IVX\d]|Nơi nhận)")
# a person written in a cell of the "cá nhân phụ trách" column: "Đồng chí X - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
_MEMBER_OF = re.compile(r"(?:ủy|uỷ) viên(?: ban thường vụ| ban chấp hành)?\s*$|^\s*thường vụ\s*$", re.I)


def _layout_tables(state: _State) -> None:
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
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    columns: list[tuple[float, str]] | None = None
    rows: list[int] = []   # line indexes of the current stretch of rows
    while i < len(lines):
        line = lines[i]
        key = match_key(line)
        if "chủ trì" in key and (columns is not None or _LAYOUT_HEAD_HINT.search(raw, max(0, starts[i] - 600), starts[i] + 600)):
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
        role = "lead" if "chủ trì" in words else "cooperate" if "phối hợp" in words else \
            "supervise" if any(w in words for w in ("phụ trách", "đôn đốc", "chỉ đạo")) else \
            "deadline" if any(w in words for w in ("thời hạn", "thời gian", "tiến độ")) else None
        if role:
            out.append(((s + e) / 2, role))
    return out if any(r in ("lead", "cooperate", "supervise") for _, r in out) and len(_rivers(header)) >= 3 else None


def _layout_rows(state: _State, lines: list[str], starts: list[int], stretch: list[int],
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


_LAYOUT_DEADLINE = re.compile(
    r"(?<=\S)(?<!năm)(?<!đoạn)(?<!đến) +((?:(?:Trước|Chậm nhất|Hoàn thành)(?: ngày)?\s*)?(?:\d{1,2}/\d{1,2}/\d{4}|(?:Quý [IV]{1,3}/)?20\d\d(?:\s*[-–]\s*20\d\d)?)|"
    r"Trước(?: ngày)?|Thường xuyên|Hằng năm|Hàng năm|Hằng quý|Định kỳ)\s*$", re.I)


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


def _layout_row(state: _State, lines: list[str], starts: list[int], idx: list[int],
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
        person = "đồng chí" in match_key(text)
        if person and "supervise" in agency_roles:
            role = "supervise"
        else:
            role = agency_roles[min(rank, len(agency_roles) - 1)]
            rank += 1
        for men in found:
            if person and (_MEMBER_OF.search(text[:men.start]) or re.match(r"\s*viên\b", text[men.end:])):
                continue  # "Tỉnh ủy viên", "Ủy viên Ban Thường vụ Tỉnh ủy": the person's rank
            raw_at = next(r + (men.start - c) for c, r in reversed(where) if c <= men.start)
            at = min(_to_text(doc, raw_at), len(doc.text) - 1)
            state.emit(Mention(at, at + 1, men.text, men.agency, men.kind, men.base), role, at, at + 1,
                       deadline, task=" ".join(re.sub(r"^\d{1,3}\s+", "", task).split())[:500] or None)


def _is_issuer(doc: Document, agency: str) -> bool:
    """A People's Committee, the National Assembly or the Government issuing the document gives
    the tasks and is not assigned one (GUIDE.md); a ministry or a Party office issuing a plan
    often keeps tasks for itself, so those stay."""
    return fold(agency).startswith(_COLLEGIAL) and _issued_by(doc, agency)


_COLLEGIAL = ("ủy ban nhân dân", "ủy ban thường vụ quốc hội", "quốc hội", "chính phủ", "thủ tướng")


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
