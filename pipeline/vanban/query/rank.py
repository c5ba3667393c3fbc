"""Scoring the assignments a question is about.

A topic is searched in the full-text index (task text and section text, with and without
diacritics, segmented into words); each passage found counts for the assignments it speaks for,
weighted by where it was found. Then what the question and the document say adjust the score:
the role asked for (or, for "who", the lead), the agency the question names, a deadline for
"when", a document's own assignment over one it quotes, and the newest document over one that
another document of the store replaces.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from vanban.query.question import Question, answer_words, names_its_subject, phrase_tokens, question_words, tokens
from vanban.query.scope import place_of, plain_words
from vanban.store import questions as sql
from vanban.store.db import Hit, Store
from vanban.text.normalize import match_key, strip_diacritics

# How much a passage counts, by where the topic was found: in the task itself it is the
# answer; in the surrounding section it is evidence that the assignment is about the topic.
TASK_WEIGHT = 1.0
SECTION_WEIGHT = 0.6
SIBLING_WEIGHT = 0.4
OWN_ITEM_WEIGHT = 0.7  # a section passage that is one body's own item (`own_items`): above the section, below its task
MORE_EVIDENCE = 0.1
PASSAGE_WEIGHT = 0.3  # a matching passage with no agency: shown, below answers that name one
ANY_WORD_WEIGHT = 0.1  # passages with only some of the topic's words rank below those with all, even a bare passage
ROLE_BONUS = 0.3  # the role asked for ("chủ trì")
SAID_ROLE_BONUS = 0.3  # ... said in the task's own words ("Sở Y tế: - Chủ trì triển khai kế hoạch")
LEAD_BONUS = 0.25  # "who" without a role: the lead (or the one who must act) above cooperating bodies
COOPERATE_MALUS = 0.15  # a cooperating body is not who is responsible, unless asked for
DEADLINE_BONUS = 0.3  # "when" questions: answers that have a deadline
SUPERSEDED = 0.7
RECIPIENT = 0.5  # an agency the question names as whom the task goes to ("gửi về Sở Tài chính")  # a document another document of the store replaces or repeals
PLACE_BONUS = 0.4  # the place the question names is the agency's or the issuer's
OTHER_PLACE = 0.5  # ... and another place is: another province's plan on the same topic
NO_PLACE = 0.8  # ... and neither names any (a ministry, a national body)
DUE_BONUS = 0.5  # a date the question names ("… trước 30/6/2026?"): a task due by then
DUE_RECURS = 0.25  # ... a task that recurs (a monthly report falls due before any date)
DUE_NONE = 0.7  # ... a task without a deadline
DUE_LATER = 0.4  # ... a task due after it
WHOLE_DOCUMENT_OVERLAP = 0.75  # share of the topic's syllables a document's title must hold for its lead to answer it
WHOLE_DOCUMENT_LEAD = 1.05  # ... and when the title holds all of them, the lead of the plan above any one item of it
SEARCH_LIMIT = 400
HEADING_CHARS = 80

# Roles that answer "who must do it" when the question names none: the lead first, then those
# that act on their own (implement, report, advise, supervise), the cooperating ones last.
ACTING = ("implement", "report", "advise", "supervise")


@dataclass
class Scores:
    """What the topic search found: a score per assignment, the passage that counted most for
    each assignment found through its section, and passages that speak for no assignment."""
    gains: dict[int, float]
    evidence: dict[int, Hit]
    passages: list[tuple[float, Hit]]


def topic_scores(store: Store, topic: str, allowed: set[str] | None) -> Scores:
    gains: dict[int, list[float]] = {}
    best: dict[int, tuple[float, Hit]] = {}
    passages: list[tuple[float, Hit]] = []
    hits = topic_hits(store, topic, allowed)
    want = set(plain_words(topic).split())
    partial = sql.chunk_plain(store, [h.chunk for w, h in hits if w < 1.0])
    titles: dict[str, set[str]] = {}
    spans = sql.DocumentAssignments(store, {h.doc_id for _, h in hits if h.kind == "section"})
    links = [assignments_of_hit(store, hit, spans) for _, hit in hits]
    own = own_items([(hit, linked) for (_, hit), linked in zip(hits, links)], store)
    for (weight, hit), linked in zip(hits, links):
        if weight < 1.0 and want:
            # a passage with some of the topic's words counts by how many it has, its document's
            # title lending the rest ("… Chỉ thị 28-CT/TW về bảo vệ trẻ em": the plan is about that)
            if hit.doc_id not in titles:
                titles[hit.doc_id] = set(plain_words(sql.document_title(store, hit.doc_id) or "").split())
            said = set(partial.get(hit.chunk, "").split()) | titles[hit.doc_id]
            weight = (len(want & said) / len(want)) ** 2
        if not linked:
            passages.append((weight * PASSAGE_WEIGHT * math.log1p(max(hit.score, 0.0)), hit))
        # bm25 grows with a passage's length and repeated words: its logarithm keeps a long
        # section from outweighing what the question says about role and place
        strength = math.log1p(max(hit.score, 0.0))
        for aid, w in linked:
            g = weight * (OWN_ITEM_WEIGHT if (hit.chunk, aid) in own else w) * strength
            gains.setdefault(aid, []).append(g)
            if hit.kind == "section" and g > best.get(aid, (0.0, hit))[0]:
                best[aid] = (g, hit)
    # The best piece of evidence decides; more of it helps a little. A plain sum would let an
    # assignment under a heading that shares one common word with the question outrank the
    # one whose own task is the topic.
    scores = {aid: max(g) + MORE_EVIDENCE * (sum(g) - max(g)) for aid, g in gains.items()}
    return Scores(scores, {a: h for a, (_, h) in best.items()}, passages)


def own_items(linked: list[tuple[Hit, list[tuple[int, float]]]], store: Store) -> set[tuple[int, int]]:
    """(passage, assignment) pairs where a section passage is the assignment's own item: every
    body that acts in it (cooperating ones aside) is that assignment's agency ("b) Giúp Bộ trưởng
    Bộ Quốc phòng tham mưu …; quản lý hoạt động nghiên cứu, sản xuất, cung cấp … sản phẩm mật mã",
    under "6. Ban Cơ yếu Chính phủ có trách nhiệm"): the item's words are its task, though the
    clause stored is cut at the first semicolon, so they count more than a section's."""
    inside = [(hit, [a for a, w in found if w == SECTION_WEIGHT]) for hit, found in linked if hit.kind == "section"]
    rows = {r["id"]: r for r in sql.assignment_rows(store, {a for _, ids in inside for a in ids})}
    out: set[tuple[int, int]] = set()
    for hit, ids in inside:
        acting = {rows[a]["agency"] for a in ids if a in rows and rows[a]["role"] != "cooperate"}
        if len(acting) == 1 and None not in acting:
            out.update((hit.chunk, a) for a in ids if a in rows and rows[a]["agency"] in acting
                       and rows[a]["role"] != "cooperate")
    return out


def whole_document(scores: dict[int, float], rows: list[sqlite3.Row], topic: str) -> dict[int, float]:
    """Scores where a lead that carries out its own document ("Sở Y tế: - Chủ trì triển khai
    kế hoạch") counts as much as the best assignment of that document, when the document's
    title is about the topic: it leads every item, so it answers the plan's topic, though its
    own words hold none of it."""
    best: dict[str, float] = {}
    for r in rows:
        best[r["doc_id"]] = max(best.get(r["doc_id"], 0.0), scores[r["id"]])
    out = dict(scores)
    for r in rows:
        if r["role"] == "lead" and carries_out_document(r["task"] or "", r["doc_type"]):
            overlap = topic_overlap(topic, r["title"] or "")
            if overlap >= WHOLE_DOCUMENT_OVERLAP:
                # a question that is the plan's title asks who leads the plan: its items' bodies
                # each do a part of it ("Các đoàn thể: Huy động hội viên … tuyên truyền phòng
                # chống dịch bệnh" tied with "Sở Y tế: - Chủ trì triển khai kế hoạch")
                factor = WHOLE_DOCUMENT_LEAD if overlap >= 1.0 else overlap
                out[r["id"]] = max(out[r["id"]], best[r["doc_id"]] * factor)
    return out


def clause_leads(store: Store, scores: dict[int, float], rows: list[sqlite3.Row]) -> dict[int, float]:
    """Scores where the body a clause's heading names counts as much as the bodies that
    cooperate in the clause ("Điều 26. Trách nhiệm Liên đoàn Lao động tỉnh / 1. Chủ trì, phối
    hợp với các đơn vị có liên quan giải quyết các trường hợp đình công", QĐ 16/2026/QĐ-UBND Lào
    Cai): the clause's words are the cooperating bodies' task, while the lead's span is its name
    in the heading. Such leads are added to the scores; `bonus` then puts them first."""
    cooperating = [r for r in rows if r["role"] == "cooperate" and r["section"]]
    if not cooperating:
        return scores
    spans = sql.DocumentAssignments(store, {r["doc_id"] for r in cooperating})
    best: dict[tuple[str, str], float] = {}
    first_coop: dict[tuple[str, str], int] = {}  # where the clause's first cooperating body stands
    for r in cooperating:
        key = (r["doc_id"], r["section"])
        best[key] = max(best.get(key, 0.0), scores[r["id"]])
        first_coop[key] = min(first_coop.get(key, r["start"] or 0), r["start"] or 0)
    same = {a: key for key in best for a in spans.in_section(key[0], key[1], below=False)}
    leads: dict[tuple[str, str], list[sqlite3.Row]] = {}
    helping: set[tuple[str, str, str]] = set()
    for r in sql.assignment_rows(store, same):
        if r["role"] == "lead" and r["agency"]:
            leads.setdefault(same[r["id"]], []).append(r)
        elif r["role"] == "cooperate" and r["agency"]:
            helping.add((*same[r["id"]], r["agency"]))
    out = dict(scores)
    for key, found in leads.items():
        bounds = sql.section_bounds(store, *key)
        # one body, named on the section's heading line above the clause: a lead named in the
        # clause's own words may lead another sentence of it, and a section that gives several
        # bodies the lead ("5. … các ban đảng Trung ương, Đảng uỷ Chính phủ …") says nothing
        # of whom the others work with
        # ... and not itself told to cooperate there ("Điều 27. Trách nhiệm của Bộ Công an …
        # 4. a) Phối hợp với Bộ Nội vụ …": the Bộ Nội vụ leads that)
        if not bounds or len({r["agency"] for r in found}) != 1 or (*key, found[0]["agency"]) in helping:
            continue
        for r in found:
            start, end = r["start"], r["end"]
            if start is None or end is None or not bounds[0] <= start <= end <= first_coop[key]:
                continue
            if "\n" not in store.text(key[0], bounds[0], start) and "\n" in store.text(key[0], end, first_coop[key]):
                out[r["id"]] = max(out.get(r["id"], 0.0), best[key])
    return out


@lru_cache(maxsize=50_000)  # kept: the next question weighs the same tasks
def carries_out_document(task: str, doc_type: str | None) -> bool:
    """Whether a task is only to carry out its own document: verbs of `answer_words.json`'s
    whole_document, the document's type word, its ending word optional, nothing more."""
    if not doc_type:
        return False
    spec = answer_words()["whole_document"]
    toks = tokens(task)
    verbs = phrase_tokens(spec["phrases"], True)
    i = 0
    while True:
        verb = next((v for v in verbs if toks[i:i + len(v)] == v), None)
        if verb is None:
            break
        i += len(verb)
    own = tokens(doc_type)
    if i == 0 or toks[i:i + len(own)] != own:
        return False
    rest = toks[i + len(own):]
    return not rest or rest in phrase_tokens(spec["ending"], True)


def topic_hits(store: Store, topic: str, allowed: set[str] | None = None) -> list[tuple[float, Hit]]:
    """Passages with all the topic's words, then those with some of them, weighted lower; of
    the allowed documents only, when there is a filter."""
    hits = [(1.0, h) for h in store.search(topic, mode="all", limit=SEARCH_LIMIT, doc_ids=allowed)]
    seen = {h.chunk for _, h in hits}
    if len(hits) < SEARCH_LIMIT // 4:
        hits += [(ANY_WORD_WEIGHT, h) for h in store.search(topic, mode="any", limit=SEARCH_LIMIT, doc_ids=allowed)
                 if h.chunk not in seen]
    return hits


def assignments_of_hit(store: Store, hit: Hit, spans: sql.DocumentAssignments) -> list[tuple[int, float]]:
    """The assignments a passage speaks for. A task hit is its assignment. A section passage
    counts for the assignments inside it, else for those of its section and subsections, else
    for those of its sibling sections, weighted lower: plans written as tables put the task
    ("a) Nhiệm vụ: …") and the agency ("b) Đơn vị chủ trì: …") in sibling items."""
    if hit.kind == "task":
        return [(hit.assignment_id, TASK_WEIGHT)] if hit.assignment_id is not None else []
    inside = spans.overlapping(hit.doc_id, hit.start, hit.end)
    if inside:
        return [(a, SECTION_WEIGHT) for a in inside]
    if not hit.section:
        return []
    passage = store.text(hit.doc_id, hit.start, hit.end)
    if len(passage.strip()) < HEADING_CHARS:
        # A bare heading ("III. TỔ CHỨC THỰC HIỆN") says nothing of its subsections' tasks.
        return [(a, SECTION_WEIGHT) for a in spans.in_section(hit.doc_id, hit.section, below=False)]
    levels: list[tuple[str | None, float]] = [(hit.section, SECTION_WEIGHT)]
    if not names_its_subject(passage):
        levels.append((parent(hit.section), SIBLING_WEIGHT))
    for path, weight in levels:
        if not path:
            break
        found = spans.in_section(hit.doc_id, path)
        if found:
            return [(a, weight) for a in found]
    return []


def parent(path: str) -> str | None:
    return path.rsplit(".", 1)[0] if "." in path else None


def bonus(q: Question, row: sqlite3.Row, superseded: set[str], evidence: str = "") -> float:
    """What the question and the document say about an assignment, as a factor of its score.
    `evidence`: the sentence of its section that matched the topic, when it was found there."""
    factor = 1.0
    role = row["role"]
    if q.roles:
        if role in q.roles:
            factor += ROLE_BONUS
        if says_role(q.roles, row["task"] or "") or (evidence and says_role(q.roles, evidence)):
            factor += SAID_ROLE_BONUS
    elif q.intent in ("who", "when") or q.agencies:
        # "Sở Nội vụ phải làm gì?": its own duties before the items it only cooperates on
        if role == "lead":
            factor += LEAD_BONUS
        elif role == "cooperate":
            factor -= COOPERATE_MALUS
    if q.intent == "when" and row["deadline"]:
        factor += DEADLINE_BONUS
    if row["key"] in superseded:
        factor *= SUPERSEDED
    if q.places:
        factor *= place_factor(q.places, row["agency"], row["issuer"])
    if q.due:
        factor *= due_factor(q.due, row["deadline"])
    if row["agency"] in q.recipients:
        factor *= RECIPIENT  # it receives the report; the answer is who sends it
    return factor


def due_factor(due: str, deadline: str | None) -> float:
    """How well an assignment's deadline (stored JSON) fits the last day a question allows."""
    if not deadline:
        return DUE_NONE
    said = json.loads(deadline)
    if said.get("date"):
        return 1.0 + DUE_BONUS if said["date"] <= due else DUE_LATER
    if said.get("interval"):
        first, last = said["interval"]
        # "trong năm 2026" asked by 30/6/2026: it may be done by then, but need not be
        return 1.0 + DUE_BONUS if last <= due else (1.0 if first <= due else DUE_LATER)
    recurrence = said.get("recurrence")
    if recurrence == "continuous":
        return 1.0  # ongoing work ("thường xuyên") is part of what is done by any day
    return 1.0 + DUE_RECURS if recurrence else DUE_NONE


def place_factor(places: list[str], agency: str | None, issuer: str | None) -> float:
    """How well an assignment fits the places a question names, by its agency's and issuer's names."""
    said = [f" {p} " for p in places]
    names = [f" {plain_words(n)} " for n in (agency, issuer) if n]
    if any(p in n for p in said for n in names):
        return 1.0 + PLACE_BONUS
    if any(place_of(n) for n in (agency, issuer) if n):
        return OTHER_PLACE
    return NO_PLACE


_SENTENCE_END = re.compile(r"(?<=[.;!?:])\s+|\n\s*\n|\n(?=\s*[-+•]|\s*[a-zđ0-9]{1,3}[.)])")


def sentence(store: Store, hit: Hit, topic: str) -> tuple[int, int]:
    """The sentence of a passage with most of the topic's syllables (the passage when it has
    one sentence): the quote should be the words that prove the answer, not a page."""
    passage = store.text(hit.doc_id, hit.start, hit.end)
    wanted = _unmarked_syllables(topic)
    best, best_span = -1, (0, len(passage))
    for pos, end, words in _sentences(passage):
        if len(words & wanted) > best:
            best, best_span = len(words & wanted), (pos, end)
    piece = passage[best_span[0]:best_span[1]]
    lead = len(piece) - len(piece.lstrip())
    return hit.start + best_span[0] + lead, hit.start + best_span[0] + len(piece.rstrip())


@lru_cache(maxsize=20_000)
def _sentences(passage: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """(start, end, unmarked syllables) of a passage's sentences that are not blank. Kept: the
    next question quotes the same sections (a web worker's evidence was a tenth of a question)."""
    out = []
    pos = 0
    for m in [*_SENTENCE_END.finditer(passage), None]:
        end = m.start() if m else len(passage)
        if passage[pos:end].strip():
            out.append((pos, end, _unmarked_syllables(passage[pos:end])))
        pos = m.end() if m else end
    return tuple(out)


def _unmarked_syllables(text: str) -> frozenset[str]:
    return frozenset(strip_diacritics(match_key(text)).split())


def topic_overlap(topic: str, text: str) -> float:
    """The share of the topic's syllables (unmarked) a text has."""
    want = syllables(topic)
    if not want:
        return 0.0
    return len(want & syllables(text)) / len(want)


@lru_cache(maxsize=8192)
def syllables(text: str) -> frozenset[str]:
    """A text's syllables, unmarked. Kept: a question weighs the topic against hundreds of
    passages and titles, and the next question weighs the same plans' passages again."""
    return frozenset(strip_diacritics(" ".join(tokens(text))).split())


def says_role(roles: list[str], text: str) -> bool:
    """Whether a text says one of the roles in the words a question asks it with (`question_words.json`)."""
    return _says_role(tuple(roles), text)


@lru_cache(maxsize=50_000)  # kept: the next question weighs the same tasks
def _says_role(roles: tuple[str, ...], text: str) -> bool:
    toks = tokens(text)
    for role in roles:
        spec = question_words()["roles"].get(role)
        if isinstance(spec, dict) and any(_has(toks, p) for p in phrase_tokens(spec["phrases"], True)):
            return True
    return False


def _has(toks: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(toks[i:i + n] == phrase for i in range(len(toks) - n + 1))
