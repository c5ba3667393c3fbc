"""The words questions are read with and answers told in (`data/question_words.json`,
`data/answer_words.json`), and a text's syllables in the form phrases are matched in: shared by
the reading of a question (`question.py`), the names it gives (`naming.py`) and the ranking.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.text.normalize import match_key, strip_diacritics


@cache
def question_words() -> dict[str, Any]:
    return load_rules("question_words")


@cache
def answer_words() -> dict[str, Any]:
    return load_rules("answer_words")


_TOKEN = re.compile(r"\d+(?:[./\-–]\w+)+|[^\W_]+(?:&[^\W_]+)*", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Syllables (and codes such as 104-ctr/tu, whole) in match-key form."""
    text = unicodedata.normalize("NFC", text)
    return _TOKEN.findall(match_key(text))


def phrase_tokens(phrases: Iterable[str], marked: bool) -> list[list[str]]:
    """Phrases as token lists, longest first, unmarked when the question is."""
    return [list(p) for p in _phrase_tuples(tuple(phrases), marked)]


@cache
def _phrase_tuples(phrases: tuple[str, ...], marked: bool) -> list[tuple[str, ...]]:
    out = [tuple(tokens(p if marked else strip_diacritics(p))) for p in phrases]
    return sorted((p for p in out if p), key=len, reverse=True)
