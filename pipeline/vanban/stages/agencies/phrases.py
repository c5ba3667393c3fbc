"""The matcher mechanics of the gazetteer: a tokenizer, a phrase index, overlap resolution.

Names are matched token by token over `match_key(text)`, with the tokens of spaCy's rule
tokenizer (`spacy.blank("xx")`), which the gazetteer's names were written against: it splits
the text at whitespace, then each piece by its affix rules ("(sở" -> "(", "sở"; "lđ-tb&xh"
-> "lđ", "-", "tb&xh"; but "46-ct" and "-sct" stay whole, so a document code names no
agency). Running it over the whole text was the most expensive step of the pipeline, so:
- a phrase can start only where one of the phrases' first words stands as a word of its own
  (no letter on either side: spaCy never splits between two letters); only there are tokens
  read;
- a piece of pure letters or digits is its own token; only a piece with other characters is
  given to spaCy's tokenizer, once per distinct piece (a cache).
tests/test_agency_matcher.py checks that this gives the same matches as spaCy's PhraseMatcher
over the whole text, on the corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

Span = tuple[int, int]
Token = tuple[str, int, int]  # text, start, end

_SIMPLE = re.compile(r"[^\W\d_]+|[0-9]+")
_CHUNK = re.compile(r"\S+")
_SPACE = re.compile(r"\s*")
# Letters, with "&" between letters ("gd&đt"): where a first word may stand as a token
_LETTER = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTER}+(?:&{_LETTER}+)*")


def _trie(words: list[str]) -> str:
    """An alternation of `words` that shares their prefixes ("s(?:ở|ban)"): `re` then reads a
    character once where an alternation tries every word at every position."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + pattern(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # a word may end here: the longer ones first, backtracking to it
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


@cache
def _spacy_tokenizer() -> Callable[[str], Any]:
    import spacy

    return spacy.blank("xx").tokenizer


_PIECES: dict[str, tuple[Token, ...]] = {}


def piece_tokens(piece: str) -> tuple[Token, ...]:
    """The tokens of a piece of text without whitespace, offsets within the piece."""
    got = _PIECES.get(piece)
    if got is None:
        if _SIMPLE.fullmatch(piece):
            got = ((piece, 0, len(piece)),)
        else:
            got = tuple((t.text, t.idx, t.idx + len(t.text)) for t in _spacy_tokenizer()(piece))
        if len(_PIECES) > 200_000:  # codes and numbers are endless: the cache stays bounded
            _PIECES.clear()
        _PIECES[piece] = got
    return got


def _stream(text: str, start: int) -> Iterator[Token]:
    """The tokens of `text` from `start` on, where a piece without whitespace begins or one
    ends. A run of whitespace after a piece is a token of all but its first space, as spaCy
    makes it."""
    n = len(text)
    pos = start
    while pos < n:
        if not text[pos].isspace():
            m = _CHUNK.match(text, pos)
            assert m is not None
            for tok, s, e in piece_tokens(m.group()):
                yield tok, pos + s, pos + e
            pos = m.end()
            continue
        w = _SPACE.match(text, pos)
        assert w is not None
        run, rs = w.group(), pos
        if run[:1] == " ":
            run, rs = run[1:], pos + 1
        if run:
            yield run, rs, w.end()
        pos = w.end()


def tokens(text: str) -> list[Token]:
    """Every token of `text` (whitespace the text opens with is one token)."""
    w = _SPACE.match(text)
    assert w is not None
    out: list[Token] = [(w.group(), 0, w.end())] if w.end() else []
    out.extend(_stream(text, w.end()))
    return out


class PhraseIndex:
    """Token sequences in a trie; `find` gives every match, overlapping ones included."""

    _END = ""  # no token is empty: the key marks the end of a phrase

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        self.root: dict[str, dict] = {}
        for phrase in phrases:
            node = self.root
            for tok, _s, _e in tokens(phrase):
                node = node.setdefault(tok, {})
            if node is not self.root:
                node[self._END] = {}
        self.depth = max((len(tokens(p)) for p in phrases), default=1)
        # a first token that is not a word of letters cannot be found by the word search
        self.scan_all = not all(_WORD.fullmatch(w) for w in self.root)
        # the words of `_WORD.finditer` that are first words, found by `re` without a Python
        # step per word of the text (8 million over the corpus, one in ten a first word)
        self.first_words = None if self.scan_all or not self.root else re.compile(
            rf"(?<!{_LETTER})(?<!{_LETTER}&){_trie(sorted(self.root))}(?!{_LETTER})(?!&{_LETTER})")

    def _walk(self, toks: Iterator[Token], first: Token, out: list[Span]) -> None:
        node = self.root.get(first[0])
        end = first[2]
        while node is not None:
            if self._END in node:
                out.append((first[1], end))
            nxt = next(toks, None)
            if nxt is None:
                return
            node = node.get(nxt[0])
            end = nxt[2]

    def find(self, text: str) -> list[Span]:
        """(start, end) of every phrase in `text`, in order of start, then end."""
        out: list[Span] = []
        if self.scan_all:
            every = tokens(text)
            for i, tok in enumerate(every):
                self._walk(iter(every[i + 1:i + 1 + self.depth]), tok, out)
            return sorted(out)
        if self.first_words is None:
            return out
        n = len(text)
        for m in self.first_words.finditer(text):
            word = m.group()
            p, q = m.start(), m.end()
            if (p == 0 or text[p - 1] == " ") and (q == n or text[q].isspace()) and "&" not in word:
                # the usual case: a word of letters between spaces is a token of its own
                self._walk(_stream(text, q), (word, p, q), out)
                continue
            cs = p
            while cs > 0 and not text[cs - 1].isspace():
                cs -= 1
            stream = _stream(text, cs)
            for tok in stream:
                if tok[1] >= p:
                    break
            else:
                continue
            if tok[1] == p:
                self._walk(stream, tok, out)
        return sorted(out)


def longest(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans that no longer span overlaps, longest first, the earlier one first among
    equals, in text order. A sorted list of the kept (non-overlapping) spans answers each
    overlap question with one bisection: n log n where a scan of the kept ones was n²."""
    starts: list[int] = []
    kept: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        i = bisect_left(starts, s)
        # the kept span starting at or after s must start at or after e; the one before must end by s
        if i < len(kept) and kept[i][0] < e:
            continue
        if i > 0 and kept[i - 1][1] > s:
            continue
        starts.insert(i, s)
        kept.insert(i, (s, e, kind))
    return kept
