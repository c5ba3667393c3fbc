"""The answers page's search: `vanban ask` (issue 13's reading and ranking) with the app's
filters, facets, sort, pages and a relevance floor.

* A place the question names in any form ("Cần Thơ", "TP Cần Thơ", "thành phố Cần Thơ") is a
  filter, not words of the topic: "Sở Y tế Cần Thơ phải làm gì?" asks about the Sở Y tế of
  Cần Thơ, not about "thơ" (poetry).
* The relevance floor: an answer is confident when its passage holds most of the topic's
  words; "nuôi khủng long trên sao Hỏa" matches passages that share one word with it ("nuôi")
  and those are shown apart, as what they are, under an honest "không tìm thấy".
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from vanban.app.web.filters import Form, facet_counts, in_range, issuer_matches, matching_issuers
from vanban.app.web.state import Snapshot, State
from vanban.app.web.words import find_places, plain, province_of, role_name, say, words
from vanban.query.ask import Filters, Question, answers, parse
from vanban.store.db import segment_question
from vanban.store.forms import TOKEN

RESULT_CAP = 300  # answers read per question; the pages and the exports are cut from these
# Agencies asked for: `ask` quotes, places and finds the evidence of up to eight tasks of each
# agency it returns, so asking for 300 agencies to keep 300 tasks quoted thousands and threw
# most away (nearly two thirds of a question's time on the corpus). Forty agencies give 300 tasks or more whenever
# the store has that many answers worth showing.
AGENCIES = 40
# Questions a worker computes at once: a question is Python work under one GIL, and twenty at
# once make each as slow as all of them together; the other pages (a document, a diagram,
# the list) are not held behind them.
AT_ONCE = threading.BoundedSemaphore(int(__import__("os").environ.get("VANBAN_AT_ONCE", "2")))
FLOOR = 0.6  # share of the topic's words an answer's passage must hold to be confident
WEAK_SHOWN = 5
FACETS = ("province", "issuer", "doc_type", "role_name")


@dataclass
class Search:
    form: Form
    question: Question | None = None
    reading: str = ""
    answers: list[dict[str, Any]] = field(default_factory=list)  # confident, filtered, sorted
    weak: list[dict[str, Any]] = field(default_factory=list)  # below the floor
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    topic: str = ""
    place: str | None = None  # the province the question named
    unknown_under: bool = False
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (text, query string)

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.form.per_page))

    def page(self) -> list[dict[str, Any]]:
        start = (self.form.page - 1) * self.form.per_page
        return self.answers[start:start + self.form.per_page]


def read_question(text: str, snap: Snapshot) -> tuple[Question, str | None]:
    """The question as `ask` reads it, with the province it names taken out of the topic."""
    q = parse(text, snap.agencies)
    places = find_places(text)
    if not places:
        return q, None
    province = places[0][0]
    key = plain(province)
    if q.agencies and all(key in plain(a) for a in q.agencies):
        return q, province  # the agency's own name held the place ("Sở Y tế tỉnh Đắk Lắk")
    rest = text
    for _, start, end in sorted(places, key=lambda p: -p[1]):
        if end > start:
            rest = rest[:start] + " " + rest[end:]
    return parse(rest, snap.agencies), province


def reading_vi(q: Question, document_unknown: bool) -> str:
    """How the question was read, in the words of the page (`ask.reading` is the CLI's)."""
    said = words()
    bits = [say("read_intent", intent=said["intents"].get(q.intent, q.intent))]
    if q.roles:
        bits.append(say("read_roles", roles=", ".join(role_name(r) for r in q.roles)))
    if q.agencies:
        shown = ", ".join(q.agencies[:3])
        if len(q.agencies) > 3:
            shown = say("read_more_agencies", shown=shown, more=len(q.agencies) - 3)
        bits.append(say("read_agencies", agencies=shown))
    if q.topic:
        bits.append(say("read_topic", topic=q.topic))
    if q.due:
        bits.append(say("read_due", text=q.due_text, date=q.due))
    if q.document and document_unknown:
        bits.append(say("read_unknown_document", code=q.document))
    elif q.document:
        bits.append(say("read_document", code=q.document))
    return "; ".join(bits)


def topic_words(topic: str) -> list[str]:
    """The topic's words, multi-syllable words kept whole ("khủng long")."""
    if not topic.strip():
        return []
    return [w.replace("_", " ") for w in TOKEN.findall(segment_question(topic))]


def said_of(answer: dict[str, Any]) -> str:
    """The answer's passage, task and evidence as " syllable syllable … ", unmarked."""
    return _said(answer.get("quote"), answer.get("task"), (answer.get("evidence") or {}).get("quote"))


@lru_cache(maxsize=50_000)
def _said(*parts: str | None) -> str:
    """`said_of`, kept per worker: the same tasks and quotes come back question after question."""
    text = " ".join(x for x in parts if x)
    return " " + " ".join(re.findall(r"\w+", plain(text))) + " "


def coverage(words: list[str], said: str, weights: dict[str, float] | None = None) -> float:
    """Share of the topic's words in `said` (`said_of` an answer), each word weighted by how
    rare it is in the store (`weights`; equal weights without)."""
    if not words:
        return 1.0
    weight = weights or {}
    total = sum(weight.get(w, 1.0) for w in words)
    return sum(weight.get(w, 1.0) for w in words if f" {_plain_word(w)} " in said) / total if total else 1.0


@lru_cache(maxsize=4096)
def _plain_word(word: str) -> str:
    return plain(word)


def word_weights(state: State, words: list[str]) -> dict[str, float]:
    """log(N / passages with the word): a word no passage has weighs most, so an answer
    without it cannot pass the floor on the strength of "trên" and "nuôi" alone."""
    out = {}
    for w in words:
        count = state.word_count(w)
        out[w] = math.log((state.passages() + 1) / (count + 0.5))
    return out


def search(state: State, form: Form) -> Search:
    result = Search(form)
    if not form.q:
        return result
    snap = state.snapshot()
    q, place = read_question(form.q, snap)
    result.question, result.place, result.topic = q, place, q.topic
    province = form.province or place or ""
    if province and q.agencies:
        # "Sở Y tế Cần Thơ": of the Sở Y tế the name fits, those of that province
        q.agencies = [a for a in q.agencies if plain(province) in plain(a)] or q.agencies
    if form.under and not state.resolve(form.under):
        result.unknown_under = True
        result.reading = reading_vi(q, False)
        result.suggestions = [(say("suggest_drop_under"), form.without("under"))]
        return result
    issuers = matching_issuers(form.issuer, snap.issuers) if form.issuer else []
    filters = Filters(issuer=issuers[0] if len(issuers) == 1 else None, under=form.under or None,
                      since=form.date_range[0])
    key = (q.text, tuple(q.agencies), filters.issuer, filters.under, filters.since)
    kept = state.remembered(key)
    if kept is None:
        with AT_ONCE, state.store() as store:
            found = answers(store, q, AGENCIES, filters).flat()[:RESULT_CAP]
        for a in found:
            _annotate(a, snap)
        # `ask` notes on q whether it knew a document named; the words said are kept for the floor
        kept = (found, reading_vi(q, q.document_unknown), [said_of(a) for a in found])
        state.remember(key, kept)
    result.reading = kept[1]
    words = topic_words(q.topic)
    weights = word_weights(state, words)
    confident: list[dict[str, Any]] = []
    weak: list[dict[str, Any]] = []
    for a, said in zip(kept[0], kept[2]):
        if not _passes(a, form, province, snap):
            continue
        (confident if coverage(words, said, weights) >= FLOOR else weak).append(dict(a))  # the page adds its own fields
    result.facets = facet_counts(confident, FACETS)
    result.answers = _sorted(confident, form.sort)
    result.weak = weak[:WEAK_SHOWN]
    if not confident:
        result.suggestions = _suggestions(form, words, weak)
    return result


def _annotate(a: dict[str, Any], snap: Snapshot) -> None:
    doc = a["document"]
    a["province"] = province_of(a.get("agency")) or snap.province.get(doc["id"])
    a["issuer"] = doc.get("issuer")
    a["doc_type"] = doc.get("doc_type")
    roles = a.get("roles") or ([a["role"]] if a.get("role") else [])
    a["role_name"] = [role_name(r) for r in roles]


def _passes(a: dict[str, Any], form: Form, province: str, snap: Snapshot) -> bool:
    doc = a["document"]
    row = snap.by_id.get(doc["id"])
    if province and province not in (a["province"], snap.province.get(doc["id"])):
        return False
    if form.issuer and not issuer_matches(form.issuer, [doc.get("issuer"), row.parent_issuer if row else None]):
        return False
    if form.doc_type and doc.get("doc_type") != form.doc_type:
        return False
    if form.role and form.role not in a["role_name"] and form.role not in (a.get("roles") or [a.get("role")]):
        return False
    return in_range(doc.get("date"), *form.date_range)


def _sorted(answers: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    if sort == "relevance":
        return answers
    # undated documents last either way
    dated = sorted((a for a in answers if a["document"].get("date")), key=lambda a: a["document"]["date"],
                   reverse=sort == "newest")
    return dated + [a for a in answers if not a["document"].get("date")]


def _suggestions(form: Form, words: list[str], weak: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if form.active():
        out.append((say("suggest_drop_filters"), Form(q=form.q).query()))
    found = [w for w in words if any(coverage([w], said_of(a)) for a in weak)]
    if len(words) > 1 and found:
        for w in found[:3]:
            out.append((say("suggest_only", word=w), Form(q=w).query()))
    for example in examples():
        out.append((example, Form(q=example).query()))
    return out


def examples() -> list[str]:
    return list(words()["examples"])
