"""Tokens and CRF features of a line, and the BIO tags of its labelled spans.

Tokens are syllables and punctuation marks (Vietnamese writes a word's syllables apart, and
an agency name is a run of them). A token's features are its own form and shape, the forms
of its neighbours up to four tokens away (the role cue sits after the name, "… chủ trì,",
or before it, "phối hợp với …", "giao …"), the pairs of words next to it, and where it stands
in the line (an item's subject opens the line after its label, "3. Ủy ban nhân dân huyện …").
No word list: what counts is learnt from the labelled lines.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+|[^\w\s]")
_LABEL = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])$")
WINDOW = 4


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of `text`."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _shape(tok: str) -> str:
    if tok.isdigit():
        return "d"
    if not tok[0].isalnum():
        return "p"
    if tok.isupper():
        return "U" if len(tok) > 1 else "C"
    if tok[0].isupper():
        return "C"
    return "l"


def featurize(text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    words = [text[s:e] for s, e in spans]
    low = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    n = len(words)
    # the item label that opens the line ("3", ".", "a", ")") is skipped for the position
    first = 0
    while first < n and first < 3 and (low[first] in ".)-–+*:" or _LABEL.match(words[first])):
        first += 1
    out = []
    for i in range(n):
        f = ["b", "w=" + low[i], "s=" + shapes[i], "suf=" + low[i][-2:]]
        pos = i - first
        f.append("pos=" + (str(pos) if 0 <= pos < 6 else ("pre" if pos < 0 else "late")))
        for d in range(1, WINDOW + 1):
            if i - d >= 0:
                f.append(f"w-{d}={low[i - d]}")
                f.append(f"s-{d}={shapes[i - d]}")
            else:
                f.append(f"w-{d}=<s>")
            if i + d < n:
                f.append(f"w+{d}={low[i + d]}")
                f.append(f"s+{d}={shapes[i + d]}")
            else:
                f.append(f"w+{d}=</s>")
        if i + 2 < n:
            f.append(f"w+1+2={low[i + 1]}|{low[i + 2]}")
        if i >= 2:
            f.append(f"w-2-1={low[i - 2]}|{low[i - 1]}")
        if i + 1 < n:
            f.append(f"w0+1={low[i]}|{low[i + 1]}")
        if i >= 1:
            f.append(f"w-1+0={low[i - 1]}|{low[i]}")
        out.append(f)
    return out


def bio(spans: list[tuple[int, int]], labelled: list[tuple[int, int, str]]) -> list[str]:
    """BIO tags of the tokens for char spans (start, end, label); a token half inside a span
    is outside it."""
    tags = ["O"] * len(spans)
    for s, e, label in labelled:
        inside = [i for i, (ts, te) in enumerate(spans) if ts >= s and te <= e]
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags


def decode(spans: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Char spans (start, end, label) of the BIO tags; an I- after another label opens a span."""
    out: list[tuple[int, int, str]] = []
    cur: tuple[int, int, str] | None = None
    for (s, e), tag in zip(spans, tags):
        if tag == "O":
            if cur:
                out.append(cur)
            cur = None
            continue
        kind, label = tag[:2], tag[2:]
        if kind == "B-" or cur is None or cur[2] != label:
            if cur:
                out.append(cur)
            cur = (s, e, label)
        else:
            cur = (cur[0], e, label)
    if cur:
        out.append(cur)
    return out
