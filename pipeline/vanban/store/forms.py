"""The index forms of a passage and the FTS5 queries over them (the store itself is
`vanban.store.db`).

Full-text search (FTS5) runs over assignment task text and section text. Each indexed passage
is stored in three forms, because Vietnamese users type all three:

* `text`: the syllables as written (lower case, one tone placement);
* `words`: underthesea word segmentation, syllables of a word joined by "_" ("trẻ_em"), so a
  query for the word "trẻ em" does not match "trẻ" and "em" in unrelated places;
* `plain`: the syllables without diacritics, đ -> d ("tre em"), for questions typed without
  marks. Segmentation is not reliable on unmarked text, so this form stays syllable-level.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from vanban.nlp import question_words, word_tokenize
from vanban.text.normalize import match_key, strip_diacritics

# A passage longer than this is split at line breaks: a section-level hit should point the
# reader to a paragraph, not to a whole Điều.
CHUNK_CHARS = 1200
FTS_WEIGHTS = (1.0, 1.5, 0.7)  # text, words, plain: a whole-word match is the best evidence


# --- the index forms ----------------------------------------------------------------------


def segment(text: str, cut: Callable[[str], str] = word_tokenize) -> str:
    """Word-segmented text: "trẻ em đuối nước" -> "trẻ_em đuối_nước" (lower case)."""
    if not text.strip():
        return ""
    try:
        words = cut(text)
    except Exception:  # noqa: BLE001 - a failure must not lose the document; a question is then searched by syllables
        words = text
    return match_key(words)


_MARKED = re.compile("[À-ỹĐđ]")


def looks_vietnamese(text: str) -> bool:
    """Whether a passage has the marks of Vietnamese. About a quarter of the vbpl pages are
    English translations: segmenting them costs a third of the store's time and adds nothing,
    the word form of an English passage being its syllables anyway."""
    letters = sum(ch.isalpha() for ch in text[:2000])
    return letters > 0 and len(_MARKED.findall(text[:2000])) / letters > 0.05


def index_forms(text: str, segmented: bool = True) -> tuple[str, str]:
    """(words, plain) as indexed; see the module docstring. Unsegmented, the word form is the
    syllables, so the syllable form (words with "_" undone) is still right."""
    words = segment(text) if segmented and looks_vietnamese(text) else match_key(text)
    return words, strip_diacritics(words.replace("_", " "))


# The index forms are not stored (the FTS index is contentless): they are derived again from
# the passage's text when a document is replaced (FTS5 forgets a row only when told what it
# indexed) and when a question weighs a passage by its words. Only a word form segmentation
# made is kept (`chunks.words`): the segmenter is too slow to run again, and a new version of
# it might cut differently. Section passages, most of the index, keep nothing: their forms
# are their match key.


def kept_words(text: str, words: str) -> str | None:
    """What `chunks.words` keeps of a passage's word form: None when it is the match key."""
    return None if words == match_key(text) else words


def fts_values(text: str, kept: str | None) -> tuple[str, str, str]:
    """(text, words, plain): the values a passage was indexed with, from its text and the
    word form kept for it (`kept_words`)."""
    words = kept if kept is not None else match_key(text)
    syllables = words.replace("_", " ")
    return syllables, words, strip_diacritics(syllables)


class _Unmarked(dict[int, str]):
    """str.translate table of `strip_diacritics`, filled one character at a time (that function
    maps each character on its own): the same result at the speed of `translate`."""

    def __missing__(self, code: int) -> str:
        out = self[code] = strip_diacritics(chr(code))
        return out


_UNMARKED = _Unmarked()


def plain_form(text: str, kept: str | None) -> str:
    """The `plain` value of a passage (`fts_values`), quickly: the tone placement `match_key`
    folds moves a mark within a syllable, which stripping the marks undoes anyway, so the
    unmarked lower-case text is the same string."""
    source = kept if kept is not None else text.lower()
    return source.replace("_", " ").translate(_UNMARKED)


# --- passages to index ----------------------------------------------------------------------


def own_spans(sections: list[dict[str, Any]], length: int) -> list[tuple[str | None, int, int]]:
    """(section path, start, end) of the text each section holds itself, children excluded,
    plus what precedes the first section (title, preamble). Sections nest, so indexing every
    section's whole span would index the text of a deep clause once per ancestor."""
    starts = sorted({s["start"] for s in sections if s.get("start") is not None} | {length})
    spans: list[tuple[str | None, int, int]] = []
    first = starts[0] if sections else length
    if first > 0:
        spans.append((None, 0, first))
    # A parent and its first child may start at the same offset (the sections stage puts
    # "III. TỔ CHỨC THỰC HIỆN" inside III.1): the deepest one holds that text.
    deepest: dict[int, int] = {}
    for i, sec in enumerate(sections):
        start = sec.get("start")
        if start is not None and (start not in deepest or (sec.get("level") or 0) >= (sections[deepest[start]].get("level") or 0)):
            deepest[start] = i
    for i, sec in enumerate(sections):
        start, end = sec.get("start"), sec.get("end")
        if start is None or end is None or end <= start or deepest.get(start) != i:
            continue
        nxt = next(s for s in starts if s > start) if start < length else length
        spans.append((sec.get("path"), start, min(end, nxt)))
    last = max((s["end"] for s in sections if s.get("end") is not None), default=length)
    if sections and last < length:
        spans.append((None, last, length))  # what follows the last section (signature, Nơi nhận)
    return spans


def split_span(text: str, start: int, end: int, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Pieces of text[start:end] of at most about `limit` characters, cut at line breaks."""
    pos = start
    while pos < end:
        stop = min(end, pos + limit)
        if stop < end:
            cut = text.rfind("\n", pos + limit // 3, stop)
            stop = cut + 1 if cut > pos else stop
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop



# --- queries --------------------------------------------------------------------------------

TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)*", re.UNICODE)


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


def query_terms(query: str, compounds: Callable[[list[str]], list[str]] | None = None) -> list[tuple[str, str]]:
    """(column, phrase) pairs for the words of a query.

    Marked text is segmented the way the index was (`segment_question`), and each word
    matches either as a whole word ("words" column) or as its syllables in sequence ("text"
    column), because the segmenter does not always cut a phrase the same way in a question and
    in a document.
    Unmarked text matches the unmarked syllables."""
    if not query.strip():
        return []
    if not has_diacritics(query):
        syllables = TOKEN.findall(query.lower().replace("_", " "))
        return [("plain", tok) for tok in (compounds(syllables) if compounds else syllables)]
    return [("words" if "_" in tok else "text", tok) for tok in TOKEN.findall(segment_question(query))]


def segment_question(text: str) -> str:
    """`segment` for a question or a topic: the same cut, without loading underthesea
    (`nlp.question_words`)."""
    return segment(text, question_words)


Group = tuple[tuple[str, str], ...]  # one word of a query: its (column, phrase) alternatives


def query_groups(query: str, compounds: Callable[[list[str]], list[str]] | None = None) -> list[Group]:
    """The phrases of a query, word by word: a segmented word matches as a whole word or as
    its syllables in sequence (`query_terms`)."""
    out: list[Group] = []
    for column, tok in query_terms(query, compounds):
        phrase = tok.replace('"', "")
        if column == "words":
            out.append((("words", phrase), ("text", phrase.replace("_", " "))))
        else:
            out.append(((column, phrase.replace("_", " ") if column == "plain" else phrase),))
    return out


def match_expression(groups: list[Group], mode: str = "any") -> str:
    """The FTS5 query of phrase groups: every word ("all") or any of them."""
    clauses = []
    for group in groups:
        phrases = [f'{column} : "{phrase}"' for column, phrase in group]
        clauses.append(phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})")
    return (" AND " if mode == "all" else " OR ").join(clauses)


def fts_query(query: str, mode: str = "any", compounds: Callable[[list[str]], list[str]] | None = None) -> str:
    return match_expression(query_groups(query, compounds), mode)
