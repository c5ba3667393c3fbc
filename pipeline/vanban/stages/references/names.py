"""Mentions by name without a number: laws by their name, named programmes and strategies."""

from __future__ import annotations

import re
from functools import cache

from vanban.rules import load_rules
from vanban.stages.references.grammar import NAMED_TYPES, grammar, normal_type
from vanban.stages.references.mentions import Citation, overlaps
from vanban.text.normalize import fold, match_key

# types whose name opens with a generic word (data/citations.json "programme_types")
_PROGRAMME_TYPES: tuple[str, ...] = tuple(load_rules("citations")["programme_types"]["types"])


@cache
def _name_stop() -> re.Pattern[str]:
    stops = sorted(load_rules("citations")["name_stops"], key=len, reverse=True)
    return re.compile(r"\s+(?:" + "|".join(re.escape(s) for s in stops) + r")\b")


def _trim_law_name(name: str) -> str:
    """A law's name ends where prose starts: at a stop word, before the next 'Luật', at a
    comma followed by a capital or a stop word ('Luật Cán bộ, công chức' keeps its comma)."""
    g = grammar()
    m = g["amended_law_head"].match(name)
    head = m.group(1) if m else ""
    rest = name[len(head):]
    stop = _name_stop().search(" " + rest)
    if stop:
        rest = rest[: stop.start()]
    cut = g["law_list_cut"].search(rest)
    if cut:
        rest = rest[: cut.start()]
    comma = re.search(r",\s+(?=[A-ZĐÀ-Ỹ]|(?:" + "|".join(re.escape(s) for s in load_rules("citations")["name_stops"]) + r")\b)", rest)
    if comma:
        rest = rest[: comma.start()]
    cap = g["name_capital_stop"].search(rest)
    if cap:
        rest = rest[: cap.start()]
    rest = g["name_tail_words"].sub("", rest)
    rest = re.sub(r"(?<=[^\W\d])\d$", "", rest)  # a footnote mark
    rest = g["name_tail_year_word"].sub("", rest)
    year = g["name_with_year"].match(rest)
    if year:
        rest = f"{year.group(1)} {year.group(2)}"
    return (head + rest).strip(" ,")


@cache
def _law_lexicon() -> list[str]:
    """Known law names as matching keys, longest first."""
    return sorted({match_key(n) for n in load_rules("citations")["law_names"]}, key=len, reverse=True)


def law_name_at(text: str, start: int) -> str | None:
    """The longest known law name written at `start`, as written, with a year that follows
    it ("Luật Đất đai 2024", "Luật Địa chất và Khoáng sản năm 2024")."""
    key = match_key(text[start:start + 160])
    for k in _law_lexicon():
        nxt = key[len(k):len(k) + 2]
        # The name ends there, or only a footnote mark is glued to it ("khoáng sản3").
        if key.startswith(k) and (not nxt or not nxt[0].isalnum() or re.fullmatch(r"\d\W?", nxt)):
            end = start + len(k)
            year = grammar()["law_year_after"].match(text[end:end + 12])
            if year:
                end += year.end()
            return text[start:end]
    return None


def _overlapping(rx: re.Pattern[str], text: str):
    """Matches that may start inside an earlier one ("Luật A và Luật B": both laws)."""
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        yield m
        pos = m.start() + 1


def find_names(text: str, taken: list[tuple[int, int]], own_title: str | None,
               own_type: str | None = None) -> list[Citation]:
    """Documents cited by name only."""
    g = grammar()
    spans = sorted(taken)
    out: list[Citation] = []
    own = fold(own_title or "")

    def add(start: int, name: str, dtype: str) -> None:
        name = re.sub(r"\s+", " ", name).strip(" ,")
        end = start + len(name)
        if len(name.split()) < 2 or overlaps(spans, start, end):
            return
        if g["table_row_words"].search(name):
            return  # words of a flattened table row, not a name
        bare = fold(name.split(" ", 2)[-1] if dtype in _PROGRAMME_TYPES else name)
        if own and dtype == own_type and len(bare) > 25 and (bare in own or fold(name) in own):
            return  # the document's own title
        out.append(Citation(start=start, end=end, code=None, doc_type=dtype, name=name, code_start=start, kind="name"))
        spans.append((start, end))
        spans.sort()

    for m in _overlapping(g["named_law"], text):
        raw = m.group("name")
        if g["number_first"].match(raw):
            continue
        known = law_name_at(text, m.start())
        amending = g["amending_of"].match(raw)
        if amending and not known:
            inner = law_name_at(text, m.start("name") + amending.end())
            if inner:
                known = text[m.start():m.start("name") + amending.end() + len(inner)]
        if known:
            full = known
        else:
            name = _trim_law_name(raw)
            if not name or len(name) < 3 or g["number_in_name"].search(name):
                continue
            full = f"{m.group('type')} {name}"
        # A numbered law is found by its code; the name here would only repeat it.
        after = text[m.start() + len(full): m.start() + len(full) + 12]
        if g["number_after"].match(after):
            continue
        add(m.start(), full, normal_type(m.group("type")) or NAMED_TYPES["law"])
    for key in ("named_constitution", "named_party_resolution", "named_programme"):
        for m in g[key].finditer(text):
            if key == "named_programme" and not text[m.start()].isupper():
                continue
            add(m.start(), m.group(0), normal_type(m.group("type")) or m.group("type"))
    return out
