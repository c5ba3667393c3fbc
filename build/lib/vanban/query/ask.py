"""`vanban ask "QUESTION"`: who must do what, by when, with the passage that says so.

A question is read with the data of `data/question_words.json` (no question word lives in
this code): what it asks (who / what / when), the role it names (chủ trì, phối hợp …), the
agency it names if any, and the topic, which is what remains. Then:

* an agency and no topic ("Sở Y tế phải làm gì?"): that agency's tasks;
* a topic ("Ai chịu trách nhiệm dạy bơi cho trẻ em?"): assignments whose task text, or whose
  section text, matches the topic in the full-text index, so the agency responsible comes
  with the passage;
* both: the topic's assignments for that agency.

Every answer quotes `text[start:end]` of its document (the assignment's span). An answer
found through its section rather than its own task text also carries `evidence`: the
sentence that matched, with its own offsets, because "Đơn vị chủ trì: Sở Khoa học và Công
nghệ" proves who but not what. One agency's assignments in one section under several roles
are one answer, with all the roles in `roles`. Passages that match but name no assignment the
pipeline found are given too, without an agency, below the answers that name one.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.stages.references import find_codes
from vanban.store.db import Hit, Store, StoreError, files_stamp, has_diacritics
from vanban.text.normalize import fold, match_key, strip_diacritics

# How much a passage counts, by where the topic was found: in the task itself it is the
# answer; in the surrounding section it is evidence that the assignment is about the topic.
TASK_WEIGHT = 1.0
SECTION_WEIGHT = 0.6
SIBLING_WEIGHT = 0.4
MORE_EVIDENCE = 0.1
PASSAGE_WEIGHT = 0.3  # a matching passage with no agency: shown, below answers that name one
ANY_WORD_WEIGHT = 0.1  # passages with only some of the topic's words rank below those with all, even a bare passage
ROLE_BONUS = 0.3  # the role asked for ("chủ trì")
LEAD_BONUS = 0.1  # "who is responsible" without a role: the lead agency first
DEADLINE_BONUS = 0.3  # "when" questions: answers that have a deadline
SEARCH_LIMIT = 400
HEADING_CHARS = 80


# --- reading the question -------------------------------------------------------------------


@dataclass
class Question:
    text: str
    intent: str  # "who" | "what" | "when"
    roles: list[str] = field(default_factory=list)
    agency: str | None = None  # the folded span naming an agency
    agencies: list[str] = field(default_factory=list)  # the stored agencies it names
    topic: str = ""
    document: str | None = None  # a document code it names ("Chỉ thị 28-CT/TW"): its lineage is the scope
    document_unknown: bool = False  # set by `ask` when the store has no document of that code


@cache
def question_words() -> dict[str, Any]:
    return load_rules("question_words")


_TOKEN = re.compile(r"\d+(?:[./\-–]\w+)+|[^\W_]+(?:&[^\W_]+)*", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Syllables (and codes such as 104-ctr/tu, whole) in match-key form."""
    text = unicodedata.normalize("NFC", text)
    return _TOKEN.findall(match_key(text))


def _phrase_tokens(phrases: Iterable[str], marked: bool) -> list[list[str]]:
    """Phrases as token lists, longest first, unmarked when the question is."""
    return [list(p) for p in _phrase_tuples(tuple(phrases), marked)]


@cache
def _phrase_tuples(phrases: tuple[str, ...], marked: bool) -> list[tuple[str, ...]]:
    out = [tuple(tokens(p if marked else strip_diacritics(p))) for p in phrases]
    return sorted((p for p in out if p), key=len, reverse=True)


def _expand_abbreviations(toks: list[str], marked: bool) -> list[str]:
    table = {tuple(tokens(k if marked else strip_diacritics(k))): tokens(v if marked else strip_diacritics(v))
             for k, v in question_words()["abbreviations"]["map"].items()}
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            key = tuple(toks[i:i + n])
            if len(key) == n and key in table:
                out.extend(table[key])
                i += n
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _find(toks: list[str], phrase: list[str], taken: list[bool]) -> list[int]:
    """Start positions of `phrase` in `toks` over tokens not yet taken."""
    n = len(phrase)
    return [i for i in range(len(toks) - n + 1) if toks[i:i + n] == phrase and not any(taken[i:i + n])]


def parse(question: str, known_agencies: list[tuple[str, str, str]]) -> Question:
    """Read a question. `known_agencies`: (name, fold, plain) of the agencies in the store."""
    data = question_words()
    marked = has_diacritics(question)
    # A document named by its code is where to look, not what to look for.
    # Codes are upper case; a question typed in lower case ("chi thi 28-ct/tw") names one too.
    upper = question.upper()
    cited = next(iter(find_codes(upper if len(upper) == len(question) else question)), None)
    if cited is not None:
        before = question[:cited.start]
        # the type written before the code without its marks ("chi thi 28-ct/tw") goes with it
        for name in _type_words():
            if strip_diacritics(fold(before)).rstrip().endswith(name):
                before = before.rstrip()[: -len(name)]
                break
        question_words_only = before + " " + question[cited.end:]
    else:
        question_words_only = question
    toks = _expand_abbreviations(tokens(question_words_only), marked)
    taken = [False] * len(toks)
    agency_span = _agency_span(toks, marked, known_agencies)
    if agency_span:
        for i in range(*agency_span):
            taken[i] = True

    def mark(phrases: Iterable[str]) -> bool:
        hit = False
        for p in _phrase_tokens(phrases, marked):
            for i in _find(toks, p, taken):
                for j in range(i, i + len(p)):
                    taken[j] = True
                hit = True
        return hit

    intents = [name for name in ("when", "what", "who") if mark(data["intents"][name]["phrases"])]
    roles = []
    for role, spec in data["roles"].items():
        if not isinstance(spec, dict):
            continue  # the description
        phrases = _phrase_tokens(spec["phrases"], marked)
        if any(_find(toks, p, taken) for p in phrases):
            roles.append(role)
            if spec["strip"]:
                mark(spec["phrases"])
    mark(data["stopwords"])
    agencies: list[str] = []
    if agency_span:
        agencies = _agencies_named(" ".join(toks[agency_span[0]:agency_span[1]]), marked, known_agencies)
        agencies = _narrow_by_place(toks, taken, agency_span[1], agencies, marked)
    topic = " ".join(t for t, used in zip(toks, taken) if not used)
    intent = intents[0] if intents else ("what" if agency_span and not topic else "who")
    q = Question(question, intent, roles, topic=topic, agencies=agencies, document=cited.code if cited else None)
    if agency_span:
        q.agency = " ".join(toks[agency_span[0]:agency_span[1]])
    return q


@cache
def _type_words() -> list[str]:
    """Document type names, unmarked and folded, longest first ("chuong trinh hanh dong")."""
    names = [strip_diacritics(fold(t["name"])) for t in load_rules("doc_types")["types"]]
    return sorted(set(names), key=len, reverse=True)


def _narrow_by_place(toks: list[str], taken: list[bool], after: int, agencies: list[str], marked: bool) -> list[str]:
    """"Sở Y tế Đắk Lắk": the words right after the agency that the names of some of the
    matched agencies contain ("Sở Y tế tỉnh Đắk Lắk") narrow the match and leave the topic."""
    run = after
    while run < len(toks) and not taken[run]:
        run += 1
    for end in range(run, after, -1):
        words = " ".join(toks[after:end])
        narrowed = [a for a in agencies if f" {words} " in f" {_form(a, marked)} "]
        if narrowed:
            for i in range(after, end):
                taken[i] = True
            return narrowed
    return agencies


def _form(name: str, marked: bool) -> str:
    key = fold(name)
    return key if marked else strip_diacritics(key)


def _agency_span(toks: list[str], marked: bool, known: list[tuple[str, str, str]]) -> tuple[int, int] | None:
    """The longest span starting with an agency head that is a stored agency or the start of
    one ("sở y tế" of "Sở Y tế tỉnh Đắk Lắk"), at least two syllables unless it is a whole name."""
    heads = _phrase_tokens(question_words()["agency_heads"]["phrases"], marked)
    names = sorted({(k if marked else p) for _, k, p in known})
    exact = set(names)

    def starts_a_name(span: str) -> bool:
        i = bisect.bisect_left(names, span + " ")
        return span in exact or (i < len(names) and names[i].startswith(span + " "))

    best: tuple[int, int] | None = None
    for head in heads:
        for i in range(len(toks) - len(head) + 1):
            if toks[i:i + len(head)] != head:
                continue
            for j in range(min(len(toks), i + 12), i, -1):
                span = " ".join(toks[i:j])
                if (j - i >= 2 or span in exact) and starts_a_name(span):
                    if best is None or j - i > best[1] - best[0]:
                        best = (i, j)
                    break
    return best


def _agencies_named(span: str, marked: bool, known: list[tuple[str, str, str]]) -> list[str]:
    return [name for name, k, p in known if (n := (k if marked else p)) == span or n.startswith(span + " ")]


# --- answering ------------------------------------------------------------------------------


@dataclass
class Filters:
    issuer: str | None = None
    under: str | None = None
    since: str | None = None


def known_agencies(db: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Agencies that have tasks: those are the ones a question can be about."""
    return [(r[0], r[1], r[2]) for r in db.execute(
        "SELECT name, fold, plain FROM agencies WHERE id IN (SELECT agency_id FROM assignments)")]


def allowed_documents(store: Store, filters: Filters) -> set[str] | None:
    """Document ids the filters leave, None when there is no filter."""
    if not (filters.issuer or filters.under or filters.since):
        return None
    ids = {r[0] for r in store.db.execute("SELECT id FROM documents")}
    if filters.issuer:
        want = strip_diacritics(fold(filters.issuer))
        ids &= {r[0] for r in store.db.execute("SELECT id, issuer, parent_issuer FROM documents")
                if want in strip_diacritics(fold(f"{r[1] or ''} {r[2] or ''}"))}
    if filters.since:
        # Dates are ISO, possibly partial ("2024-03"): string order is date order.
        ids &= {r[0] for r in store.db.execute("SELECT id FROM documents WHERE date >= ?", (filters.since,))}
    if filters.under:
        ids &= under_ids(store, filters.under)
    return ids


def under_ids(store: Store, doc: str, context: str = "") -> set[str]:
    """Ids of the corpus documents in the down lineage of `doc`, itself included. A local code
    names one document per province ("310/KH-UBND"): when `context` (the question) names the
    place of some of them, only those."""
    from vanban.query.lineage import lineage, resolve

    graph = document_graph(store)
    starts = resolve(graph, doc)
    if len(starts) > 1 and context:
        said = strip_diacritics(fold(context))
        named = [n for n in starts if (place := _place_of(graph.nodes[n].get("issuer"))) and place in said]
        starts = named or starts
    sub = lineage(graph, starts, "down")
    return {i for n in sub.nodes for i in sub.nodes[n].get("ids", [])}


def _place_of(issuer: str | None) -> str | None:
    """"Ủy ban nhân dân tỉnh Đồng Tháp" -> "dong thap" (folded, unmarked), or None."""
    m = re.search(r"(?:tỉnh|thành phố|huyện|xã|phường) (.+)$", issuer or "")
    return strip_diacritics(fold(m.group(1))) if m else None


# The documents' graph of the last store asked, while its files stay as they were: building
# it is most of a scoped question's time (a second on the whole corpus), and a server asks
# many questions of one store.
_GRAPH_CACHE: dict[str, tuple[tuple[tuple[int, int], ...], Any]] = {}
_GRAPH_LOCK = threading.Lock()


def document_graph(store: Store) -> Any:
    from vanban.query.graph import build_graph

    stamp = files_stamp(store.path)
    key = str(store.path.resolve())
    with _GRAPH_LOCK:  # threads of `vanban serve` asking at once build it once
        cached = _GRAPH_CACHE.get(key)
        if cached is None or cached[0] != stamp:
            _GRAPH_CACHE.clear()
            cached = _GRAPH_CACHE[key] = (stamp, build_graph(store.db, agencies=False))
        return cached[1]


def ask(store: Store, question: str | Question, limit: int = 10, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Answers to a question (text, or as `parse` read it), best first."""
    q = question if isinstance(question, Question) else parse(question, known_agencies(store.db))
    filters = filters or Filters()
    allowed = allowed_documents(store, filters)
    if q.document and not filters.under:
        # "… thực hiện Chỉ thị 28-CT/TW?": the documents of its lineage. A code the store does
        # not know scopes nothing: the question is answered as if it named no document, and
        # its reading says so (`reading`).
        scope = under_ids(store, q.document, q.text)
        if scope:
            allowed = scope if allowed is None else allowed & scope
        else:
            q.document_unknown = True
    gains: dict[int, list[float]] = {}
    evidence: dict[int, tuple[float, Hit]] = {}  # the passage that counted most for an assignment
    passages: list[tuple[float, Hit]] = []  # passages that speak for no assignment
    if q.topic:
        for weight, hit in _topic_hits(store, q.topic, allowed):
            linked = _assignments_of_hit(store, hit)
            if not linked:
                passages.append((weight * PASSAGE_WEIGHT * hit.score, hit))
            for aid, w in linked:
                gains.setdefault(aid, []).append(weight * w * hit.score)
                if hit.kind == "section" and gains[aid][-1] > evidence.get(aid, (0.0, hit))[0]:
                    evidence[aid] = (gains[aid][-1], hit)
    # The best piece of evidence decides; more of it helps a little. A plain sum would let an
    # assignment under a heading that shares one common word with the question outrank the
    # one whose own task is the topic.
    scores = {aid: max(g) + MORE_EVIDENCE * (sum(g) - max(g)) for aid, g in gains.items()}
    if q.agencies:
        agency_ids = _agency_assignment_ids(store, q.agencies)
        topical = {a: s for a, s in scores.items() if a in agency_ids}
        # A topic that matches none of the agency's tasks is likely a leftover of the name
        # ("Đắk Lắk"): the agency's tasks are still the answer.
        scores = topical or {a: 1.0 for a in agency_ids}
        passages = []
    elif not q.topic and q.document and not q.document_unknown and allowed:
        # "Ai chủ trì Kế hoạch 310/KH-UBND?": every assignment of that lineage, the role asked first
        marks = ",".join("?" * len(allowed))
        scores = {r[0]: 1.0 for r in store.db.execute(f"SELECT id FROM assignments WHERE doc_id IN ({marks})",
                                                       sorted(allowed))}
    answers = []
    for row in _assignment_rows(store, scores):
        if allowed is not None and row["doc_id"] not in allowed:
            continue
        answer = _answer(store, row, scores[row["id"]] * _bonus(q, row))
        if row["id"] in evidence:
            answer["evidence"] = _evidence(store, evidence[row["id"]][1], q.topic)
        answers.append(answer)
    answers += [_passage_answer(store, hit, score, q.topic) for score, hit in passages if hit.kind == "section"]
    # Ties (an agency's tasks, no topic): the newest document first, the fuller clause first,
    # then reading order. Stable sorts, least important key first.
    answers.sort(key=lambda a: a["start"])
    answers.sort(key=lambda a: a["start"] - a["end"])
    answers.sort(key=lambda a: a["document"]["date"] or "", reverse=True)
    answers.sort(key=lambda a: -a["score"])
    return _dedupe(answers)[:limit]


def _topic_hits(store: Store, topic: str, allowed: set[str] | None = None) -> list[tuple[float, Hit]]:
    """Passages with all the topic's words, then those with some of them, weighted lower; of
    the allowed documents only, when there is a filter."""
    hits = [(1.0, h) for h in store.search(topic, mode="all", limit=SEARCH_LIMIT, doc_ids=allowed)]
    seen = {h.chunk for _, h in hits}
    if len(hits) < SEARCH_LIMIT // 4:
        hits += [(ANY_WORD_WEIGHT, h) for h in store.search(topic, mode="any", limit=SEARCH_LIMIT, doc_ids=allowed)
                 if h.chunk not in seen]
    return hits


def _assignments_of_hit(store: Store, hit: Hit) -> list[tuple[int, float]]:
    """The assignments a passage speaks for. A task hit is its assignment. A section passage
    counts for the assignments inside it, else for those of its section and subsections, else
    for those of its sibling sections, weighted lower: plans written as tables put the task
    ("a) Nhiệm vụ: …") and the agency ("b) Đơn vị chủ trì: …") in sibling items."""
    if hit.kind == "task":
        return [(hit.assignment_id, TASK_WEIGHT)] if hit.assignment_id is not None else []
    rows = store.db.execute(
        'SELECT id FROM assignments WHERE doc_id = ? AND start < ? AND "end" > ?', (hit.doc_id, hit.end, hit.start)).fetchall()
    if rows:
        return [(r[0], SECTION_WEIGHT) for r in rows]
    if not hit.section:
        return []
    passage = store.text(hit.doc_id, hit.start, hit.end)
    if len(passage.strip()) < HEADING_CHARS:
        # A bare heading ("III. TỔ CHỨC THỰC HIỆN") says nothing of its subsections' tasks.
        rows = store.db.execute("SELECT id FROM assignments WHERE doc_id = ? AND section = ?",
                                (hit.doc_id, hit.section)).fetchall()
        return [(r[0], SECTION_WEIGHT) for r in rows]
    levels: list[tuple[str | None, float]] = [(hit.section, SECTION_WEIGHT)]
    if not _names_its_subject(passage):
        levels.append((_parent(hit.section), SIBLING_WEIGHT))
    for path, weight in levels:
        if not path:
            break
        rows = store.db.execute("SELECT id FROM assignments WHERE doc_id = ? AND (section = ? OR section LIKE ?)",
                                (hit.doc_id, path, path.replace("%", "") + ".%")).fetchall()
        if rows:
            return [(r[0], weight) for r in rows]
    return []


_LABEL = re.compile(r"^\W*(?:[0-9IVXLC]+(?:\.[0-9]+)*|[a-zđ])?\s*[.)\-–:]?\s*", re.I)


def _names_its_subject(passage: str) -> bool:
    """Whether a passage opens with an agency ("5. Ban Tuyên giáo Huyện ủy hướng dẫn …"): its
    task is that agency's, so the agencies of neighbouring items must not be credited with it."""
    toks = tokens(_LABEL.sub("", passage.lstrip(), count=1))[:4]
    return any(toks[:len(h)] == h for h in _phrase_tokens(question_words()["agency_heads"]["phrases"], True))


def _parent(path: str) -> str | None:
    return path.rsplit(".", 1)[0] if "." in path else None


def _evidence(store: Store, hit: Hit, topic: str) -> dict[str, Any]:
    start, end = _sentence(store, hit, topic)
    return {"section": hit.section, "quote": store.text(hit.doc_id, start, end), "start": start, "end": end}


_SENTENCE_END = re.compile(r"(?<=[.;!?:])\s+|\n\s*\n|\n(?=\s*[-+•]|\s*[a-zđ0-9]{1,3}[.)])")


def _sentence(store: Store, hit: Hit, topic: str) -> tuple[int, int]:
    """The sentence of a passage with most of the topic's syllables (the passage when it has
    one sentence): the quote should be the words that prove the answer, not a page."""
    passage = store.text(hit.doc_id, hit.start, hit.end)
    wanted = set(strip_diacritics(match_key(topic)).split())
    best, best_span = -1, (0, len(passage))
    pos = 0
    for m in [*_SENTENCE_END.finditer(passage), None]:
        end = m.start() if m else len(passage)
        words = set(strip_diacritics(match_key(passage[pos:end])).split())
        if passage[pos:end].strip() and len(words & wanted) > best:
            best, best_span = len(words & wanted), (pos, end)
        pos = m.end() if m else end
    piece = passage[best_span[0]:best_span[1]]
    lead = len(piece) - len(piece.lstrip())
    return hit.start + best_span[0] + lead, hit.start + best_span[0] + len(piece.rstrip())


def _agency_assignment_ids(store: Store, names: list[str]) -> set[int]:
    if not names:
        return set()
    marks = ",".join("?" * len(names))
    return {r[0] for r in store.db.execute(f"SELECT id FROM assignments WHERE agency IN ({marks})", names)}


def _assignment_rows(store: Store, scores: dict[int, float]) -> list[sqlite3.Row]:
    ids = list(scores)
    rows: list[sqlite3.Row] = []
    for i in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[i:i + 500]
        rows += store.db.execute(
            'SELECT a.id, a.doc_id, a.agency, a.role, a.task, a.deadline, a.section, a.start, a."end", a.page,'
            " d.code, d.doc_type, d.issuer, d.date, d.title FROM assignments a JOIN documents d ON d.id = a.doc_id"
            f" WHERE a.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows


def _bonus(q: Question, row: sqlite3.Row) -> float:
    bonus = 1.0
    if q.roles and row["role"] in q.roles:
        bonus += ROLE_BONUS
    elif not q.roles and q.intent == "who" and row["role"] == "lead":
        bonus += LEAD_BONUS
    if q.intent == "when" and row["deadline"]:
        bonus += DEADLINE_BONUS
    return bonus


def _document(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["doc_id"], "code": row["code"], "doc_type": row["doc_type"], "issuer": row["issuer"],
            "date": row["date"], "title": row["title"]}


def _answer(store: Store, row: sqlite3.Row, score: float) -> dict[str, Any]:
    start, end = row["start"] or 0, row["end"] or 0
    return {"agency": row["agency"], "role": row["role"], "task": row["task"],
            "deadline": json.loads(row["deadline"]) if row["deadline"] else None,
            "document": _document(row), "section": row["section"], "page": row["page"],
            "quote": store.text(row["doc_id"], start, end), "start": start, "end": end, "score": round(score, 3)}


def _passage_answer(store: Store, hit: Hit, score: float, topic: str) -> dict[str, Any]:
    doc = store.db.execute("SELECT id AS doc_id, code, doc_type, issuer, date, title FROM documents WHERE id = ?",
                           (hit.doc_id,)).fetchone()
    start, end = _sentence(store, hit, topic)
    return {"agency": None, "role": None, "task": None, "deadline": None, "document": _document(doc),
            "section": hit.section, "page": _page_of(store, hit.doc_id, start), "quote": store.text(hit.doc_id, start, end),
            "start": start, "end": end, "score": round(score, 3)}


def _page_of(store: Store, doc_id: str, offset: int) -> int | None:
    """The page of an offset, as far as the sections tell it: the store keeps the page where
    each section starts, so an offset between a section on page p and the next section also
    on page p is on p; between pages p and p + 1 it is not known, and None says so."""
    before = store.db.execute("SELECT page FROM sections WHERE doc_id = ? AND start <= ? AND page IS NOT NULL"
                              " ORDER BY start DESC LIMIT 1", (doc_id, offset)).fetchone()
    after = store.db.execute("SELECT page FROM sections WHERE doc_id = ? AND start > ? AND page IS NOT NULL"
                             " ORDER BY start LIMIT 1", (doc_id, offset)).fetchone()
    if before is None:
        return None
    page = before["page"]
    if after is not None:
        return page if after["page"] == page else None
    return page if _pages(store, doc_id) == page else None  # the last section, on the last page


def _pages(store: Store, doc_id: str) -> int | None:
    row = store.db.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return json.loads(row["meta"]).get("pages") if row else None


def _dedupe(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One answer per agency and section of a document: the assignments stage gives an agency
    one assignment per role over overlapping spans ("xây dựng kế hoạch …" as lead, the same
    clause with "Theo dõi, đôn đốc …" as supervise); the best-scored stays, with all the roles."""
    best: dict[tuple[Any, ...], dict[str, Any]] = {}
    seen_quotes: set[tuple[Any, ...]] = set()
    out = []
    for a in answers:  # best first
        # The same document read twice (a file and its copy in a bulk dump) gives the same
        # passage under two ids: show it once.
        same_text = (a["document"].get("code") or a["document"]["id"], a["agency"], a["quote"])
        if same_text in seen_quotes:
            continue
        seen_quotes.add(same_text)
        key = (a["document"]["id"], a["agency"], a["section"]) if a["agency"] else (a["document"]["id"], a["start"])
        if key in best:
            roles = best[key].setdefault("roles", [best[key]["role"]])
            if a["role"] not in roles:
                roles.append(a["role"])
            continue
        best[key] = a
        out.append(a)
    return out


# --- command ----------------------------------------------------------------------------------


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask who must do what, in Vietnamese or keywords")
    p.add_argument("question", metavar="QUESTION", help="a Vietnamese question, or keywords")
    p.add_argument("--db", default="vanban.db", metavar="FILE", help="the store (default vanban.db)")
    p.add_argument("--json", action="store_true", help="print the answers as JSON")
    p.add_argument("--limit", type=int, default=10, metavar="N")
    p.add_argument("--issuer", metavar="NAME", help="only documents whose issuer contains NAME")
    p.add_argument("--under", metavar="DOC", help="only documents in the lineage of DOC (e.g. 28-CT/TW)")
    p.add_argument("--since", metavar="DATE", help="only documents dated DATE (YYYY[-MM[-DD]]) or later")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = Store.reader(args.db)
    except StoreError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
        return 1
    try:
        question = parse(args.question, known_agencies(store.db))
        answers = ask(store, question, args.limit, Filters(args.issuer, args.under, args.since))
    finally:
        store.close()
    if args.json:
        print(json.dumps(answers, ensure_ascii=False, indent=2))
    else:
        print(f"({reading(question)})", file=sys.stderr)
        print(render(answers) if answers else "Không tìm thấy câu trả lời. (no answer found)")
    return 0


def reading(q: Question) -> str:
    """How the question was read, for the person asking."""
    bits = [f"hỏi: {q.intent}"]
    if q.roles:
        bits.append("vai trò: " + ", ".join(q.roles))
    if q.agencies:
        shown = ", ".join(q.agencies[:3]) + (f" (+{len(q.agencies) - 3})" if len(q.agencies) > 3 else "")
        bits.append(f"cơ quan: {shown}")
    if q.topic:
        bits.append(f"chủ đề: {q.topic}")
    if q.document and q.document_unknown:
        bits.append(f"không có văn bản {q.document} trong kho: trả lời trên mọi văn bản")
    elif q.document:
        bits.append(f"trong dòng văn bản của: {q.document}")
    return "; ".join(bits)


def render(answers: list[dict[str, Any]]) -> str:
    lines = []
    for i, a in enumerate(answers, 1):
        who = a["agency"] or "(không rõ cơ quan)"
        role = f" [{a['role']}]" if a["role"] else ""
        lines.append(f"{i}. {who}{role}")
        if a["task"]:
            lines.append(f"   Nhiệm vụ: {a['task']}")
        if a["deadline"]:
            lines.append(f"   Thời hạn: {a['deadline'].get('text')}")
        d = a["document"]
        where = " · ".join(x for x in (d["doc_type"], d["code"], d["issuer"], d["date"]) if x)
        section = f", mục {a['section']}" if a["section"] else ""
        page = f", trang {a['page']}" if a.get("page") else ""
        lines.append(f"   Nguồn: {where or d['id']}{section}{page} [{a['start']}:{a['end']}]")
        quote = re.sub(r"\s+", " ", a["quote"]).strip()
        lines.append(f"   «{quote[:400]}{'…' if len(quote) > 400 else ''}»")
        if a.get("evidence"):
            ev = re.sub(r"\s+", " ", a["evidence"]["quote"]).strip()
            lines.append(f"   Căn cứ (mục {a['evidence']['section']}): «{ev[:300]}{'…' if len(ev) > 300 else ''}»")
    return "\n".join(lines)

