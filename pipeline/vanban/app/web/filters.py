"""The filters of the answers and of the documents' list, read from the query string with
limits, and the facet counts.

Every field is bounded (a question of 10,000 characters is cut, not read for seconds), a bad
date is said in Vietnamese rather than ignored, and an issuer is matched in any of its forms:
"UBND tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Đắk Lắk", "uy ban nhan dan dak lak" all name the
same issuer, the short forms being `question_words.json`'s abbreviations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any
from urllib.parse import urlencode

from vanban.app.web.words import BadDate, find_places, parse_date, plain, province_by_key, say
from vanban.rules import load_rules

MAX_QUESTION = 300  # characters read of a question; the box says so
MAX_FIELD = 120  # any other field
PER_PAGE = 10
MAX_PER_PAGE = 50
MAX_PAGE = 500
SORTS = ("relevance", "newest", "oldest")


@dataclass
class Form:
    q: str = ""
    province: str = ""
    issuer: str = ""
    doc_type: str = ""
    role: str = ""
    date_from: str = ""
    date_to: str = ""
    under: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    # what reading the form found wrong or changed, in Vietnamese, for the page to say
    notes: list[str] = field(default_factory=list)
    date_range: tuple[str | None, str | None] = (None, None)

    def query(self, **changes: Any) -> str:
        """The query string of this form with `changes` (page=1 unless a page is given)."""
        values = {name: getattr(self, name) for name in QUERY_FIELDS}
        values["page"] = 1
        values.update(changes)
        kept = {k: v for k, v in values.items()
                if v not in ("", None) and not (k == "sort" and v == "relevance") and not (k == "page" and v == 1)
                and not (k == "per_page" and v == PER_PAGE)}
        return urlencode(kept)

    def active(self) -> list[tuple[str, str]]:
        """(field, value) of the filters in force, for the "remove this filter" links."""
        return [(k, getattr(self, k)) for k in ("province", "issuer", "doc_type", "role", "date_from", "date_to", "under")
                if getattr(self, k)]

    def without(self, name: str) -> str:
        return self.query(**{name: ""})


QUERY_FIELDS = tuple(f.name for f in fields(Form) if f.name not in ("notes", "date_range"))


def _text(params: Mapping[str, str], name: str, limit: int = MAX_FIELD) -> str:
    value = params.get(name, "")
    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", value)  # control characters are no question
    return " ".join(value.split())[:limit]


def _int(value: str | None, default: int, low: int, high: int) -> int:
    if value and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        return min(high, max(low, int(value)))
    return default


def read_form(params: Mapping[str, str]) -> Form:
    raw_q = params.get("q", "")
    form = Form(q=_text(params, "q", MAX_QUESTION), province=_text(params, "province"), issuer=_text(params, "issuer"),
                doc_type=_text(params, "doc_type"), role=_text(params, "role"), date_from=_text(params, "date_from", 40),
                date_to=_text(params, "date_to", 40), under=_text(params, "under"),
                sort=params.get("sort", "relevance") if params.get("sort") in SORTS else "relevance",
                page=_int(params.get("page"), 1, 1, MAX_PAGE), per_page=_int(params.get("per_page"), PER_PAGE, 1, MAX_PER_PAGE))
    if len(" ".join(raw_q.split())) > MAX_QUESTION:
        form.notes.append(say("note_long_question", limit=MAX_QUESTION))
    if form.province:
        key = plain(form.province)
        places = find_places(form.province)
        form.province = province_by_key().get(key) or (places[0][0] if places else form.province)
    low = high = None
    try:
        low = parse_date(form.date_from)
    except BadDate as exc:
        form.notes.append(str(exc))
    try:
        high = parse_date(form.date_to, end=True)
    except BadDate as exc:
        form.notes.append(str(exc))
    if low and high and low > high:
        form.notes.append(say("note_dates_swapped"))
        low, high = high, low
    form.date_range = (low, high)
    return form


# --- issuers in any form -------------------------------------------------------------------


@cache
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    table = load_rules("question_words")["abbreviations"]["map"]
    out = [(re.compile(rf"(?<!\w){re.escape(plain(k))}(?!\w)"), plain(v)) for k, v in table.items()]
    return sorted(out, key=lambda p: len(p[0].pattern), reverse=True)


# unit words an official may leave out or abbreviate ("UBND Đắk Lắk", "TP Cần Thơ")
_UNIT_WORDS = {"tinh", "thanh", "pho", "tp", "t.p"}


def issuer_key(name: str) -> list[str]:
    """An issuer's name as unmarked folded syllables, short forms expanded, unit words out."""
    text = plain(name)
    for pattern, full in _abbreviations():
        text = pattern.sub(full, text)
    for p in (r"\btp\.?\s", r"\bt\.p\.?\s"):
        text = re.sub(p, "thanh pho ", text)
    return [t for t in re.findall(r"\w+", text) if t not in _UNIT_WORDS]


def issuer_matches(typed: str, names: Iterable[str | None]) -> bool:
    """Whether any of `names` (a document's issuer and parent issuer) is the issuer typed:
    every syllable typed is in the name, in order."""
    want = issuer_key(typed)
    if not want:
        return True
    for name in names:
        if not name:
            continue
        have = issuer_key(name)
        i = 0
        for tok in have:
            if i < len(want) and tok == want[i]:
                i += 1
        if i == len(want):
            return True
    return False


def matching_issuers(typed: str, issuers: Iterable[str]) -> list[str]:
    return [name for name in issuers if issuer_matches(typed, [name])]


# --- facets ---------------------------------------------------------------------------------


def facet_counts(items: Iterable[dict[str, Any]], names: Iterable[str], top: int = 12) -> dict[str, list[tuple[str, int]]]:
    """{facet: [(value, count)], most frequent first} over dictionaries holding the facets."""
    counters: dict[str, Counter[str]] = {n: Counter() for n in names}
    for item in items:
        for name, counter in counters.items():
            value = item.get(name)
            for v in value if isinstance(value, list) else [value]:
                if v:
                    counter[v] += 1
    return {n: c.most_common(top) for n, c in counters.items()}


def in_range(date: str | None, low: str | None, high: str | None) -> bool:
    """A document's date (ISO, possibly partial "2024-03") within [low, high]; an undated
    document is outside any range."""
    if not (low or high):
        return True
    if not date:
        return False
    return (not low or date >= low[:len(date)]) and (not high or date[:len(high)] <= high)
