"""Which stored agencies the words of a question name: the longest span that starts a stored
name ("sở y tế" of "Sở Y tế tỉnh Đắk Lắk"), the place after it that narrows it, the other ways
a name is written (`name_variants`), and a bare head that names none (`bare_head`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from functools import cache

from vanban.query.words import phrase_tokens, question_words, tokens
from vanban.text import units
from vanban.text.normalize import strip_diacritics


def bare_head(toks: list[str], span: tuple[int, int], marked: bool, known: list[tuple[str, str, str]],
               places: Iterable[str]) -> bool:
    """Whether a span is only an agency head ("văn phòng") that is no name of its own, followed
    by words that go on naming a body the store does not know ("Văn phòng đăng ký đất đai Nghệ
    An …" read as "Văn phòng Ủy ban nhân dân tỉnh Nghệ An"). A head followed by a place, a
    question word or nothing ("Công an Đắk Lắk phải làm gì?", "Thủ tướng phải làm gì?") names
    the body that head starts."""
    i, j = span
    heads = {tuple(h) for h in phrase_tokens(question_words()["agency_heads"]["phrases"], marked)}
    if tuple(toks[i:j]) not in heads or " ".join(toks[i:j]) in name_forms(tuple(known), marked) or j >= len(toks):
        return False
    data = question_words()
    words = [*data["stopwords"], *data["intents"]["who"]["phrases"], *data["intents"]["what"]["phrases"],
             *data["intents"]["when"]["phrases"], *units.words(named=True)]
    words += [p for spec in data["roles"].values() if isinstance(spec, dict) for p in spec["phrases"]]
    nxt = strip_diacritics(toks[j])
    starts = {p.split()[0] for p in places if p} | {strip_diacritics(w[0]) for w in phrase_tokens(words, marked) if w}
    return nxt not in starts


def narrow_by_place(toks: list[str], taken: list[bool], after: int, agencies: list[str], marked: bool,
                     wider: Callable[[], list[str]] | None = None) -> list[str]:
    """"Sở Y tế Đắk Lắk": the words right after the agency that the names of some of the
    matched agencies contain ("Sở Y tế tỉnh Đắk Lắk") narrow the match and leave the topic.
    When none of them has those words, the names that hold the agency's words anywhere
    (`wider`: "Mặt trận Tổ quốc huyện Bác Ái" is the Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bác Ái)."""
    run = after
    while run < len(toks) and not taken[run]:
        run += 1
    for pool in (agencies, None):
        if pool is None:
            if wider is None:
                break
            pool = wider()
        for end in range(run, after, -1):
            words = " ".join(toks[after:end])
            narrowed = [a for a in pool if f" {words} " in f" {name_form(a, marked)} "]
            if narrowed and (pool is agencies or len(words.split()) >= 2):
                for i in range(after, end):
                    taken[i] = True
                return narrowed
    return agencies


def name_form(name: str, marked: bool) -> str:
    """A name as a question is compared with it: its tokens ("các xã, phường" -> "các xã phường"),
    unmarked when the question is."""
    key = " ".join(tokens(name))
    return key if marked else strip_diacritics(key)


def agency_span(toks: list[str], marked: bool, known: list[tuple[str, str, str]],
                 bounds: tuple[set[int], set[int]] | None = None,
                 asking: list[bool] | None = None) -> tuple[int, int] | None:
    """The longest span starting with an agency head that is a stored agency or the start of
    one ("sở y tế" of "Sở Y tế tỉnh Đắk Lắk"), at least two syllables unless it is a whole name,
    starting and ending where words do when `bounds` are known."""
    heads = phrase_tokens(question_words()["agency_heads"]["phrases"], marked)
    names = sorted(name_forms(tuple(known), marked))
    exact = set(names)

    def starts_a_name(span: str) -> bool:
        i = bisect.bisect_left(names, span + " ")
        return span in exact or (i < len(names) and names[i].startswith(span + " "))

    best: tuple[int, int] | None = None
    for head in heads:
        for i in range(len(toks) - len(head) + 1):
            if toks[i:i + len(head)] != head or (bounds and i not in bounds[0]):
                continue
            for j in range(min(len(toks), i + 12), i, -1):
                span = " ".join(toks[i:j])
                if (bounds and j not in bounds[1]) or (asking and any(asking[i:j])):
                    continue
                if (j - i >= 2 or span in exact) and starts_a_name(span):
                    if best is None or j - i > best[1] - best[0]:
                        best = (i, j)
                    break
    # "Mặt trận Tổ quốc huyện Bác Ái có nhiệm vụ gì …?": no stored name starts so, the store
    # writes "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bác Ái"; the place after the span then
    # picks the names that hold it (`question.parse`)
    return best or _inner_span(toks, heads, _joined(tuple(names)), bounds, asking)


INNER_SYLLABLES = 3  # a span found only inside stored names: long enough to be a name's own words


def _inner_span(toks: list[str], heads: list[list[str]], joined: str, bounds: tuple[set[int], set[int]] | None,
                asking: list[bool] | None) -> tuple[int, int] | None:
    """The longest span starting with an agency head, of INNER_SYLLABLES or more, that stored
    names hold inside them (`joined`: all of them, each between spaces)."""
    inner: tuple[int, int] | None = None
    for head in heads:
        for i in range(len(toks) - len(head) + 1):
            if toks[i:i + len(head)] != head or (bounds and i not in bounds[0]):
                continue
            for j in range(min(len(toks), i + 12), i + INNER_SYLLABLES - 1, -1):
                if (bounds and j not in bounds[1]) or (asking and any(asking[i:j])):
                    continue
                if f" {' '.join(toks[i:j])} " in joined:
                    if inner is None or j - i > inner[1] - inner[0]:
                        inner = (i, j)
                    break
    return inner


@cache
def _joined(names: tuple[str, ...]) -> str:
    return " | ".join(f" {n} " for n in names)


def variant_names(span: str, marked: bool, known: list[tuple[str, str, str]], key: str = "name_variants") -> list[str]:
    """The agencies a span names once a part of it is written the other way a body's name is
    written (`name_variants` of question_words.json: "cấp xã" / "các xã, phường"; `same_bodies`:
    "sở ngành" / "sở, ban, ngành")."""
    out: list[str] = []
    for said, stored in question_words()[key]["map"].items():
        a, b = (" ".join(tokens(w if marked else strip_diacritics(w))) for w in (said, stored))
        if f" {a} " in f" {span} ":
            out += agencies_named(f" {span} ".replace(f" {a} ", f" {b} ").strip(), marked, known)
    return out


def agencies_named(span: str, marked: bool, known: list[tuple[str, str, str]]) -> list[str]:
    return [name for name, _, _ in known
            if any(n == span or n.startswith(span + " ") for n in forms_of(name, marked))]


def agencies_containing(span: str, marked: bool, known: list[tuple[str, str, str]]) -> list[str]:
    return [name for name, _, _ in known if any(f" {span} " in f" {n} " for n in forms_of(name, marked))]


@cache
def forms_of(name: str, marked: bool) -> tuple[str, ...]:
    """A name as a question may type it: whole, and without its optional words ("các")."""
    whole = name_form(name, marked)
    optional = {w for p in phrase_tokens(question_words()["optional_in_names"]["phrases"], marked) for w in p}
    short = " ".join(w for w in whole.split() if w not in optional)
    return (whole, short) if short != whole else (whole,)


@cache
def name_forms(known: tuple[tuple[str, str, str], ...], marked: bool) -> set[str]:
    return {f for name, _, _ in known for f in forms_of(name, marked)}
