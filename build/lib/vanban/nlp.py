"""underthesea, one call at a time.

Its models load on first use, and loading them from several threads at once fails (seen
here: 8 threads segmenting at once in a fresh process, 7 raised AttributeError). `vanban
serve` answers in threads and a Dask worker may run several, so every call goes through one
lock; the calls are short (a question, a line with a person's name), and processes, which
`--jobs` and `--dask local` use, each have their own.
"""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.Lock()


def word_tokenize(text: str) -> str:
    """Words with their syllables joined by "_" ("trẻ_em đuối_nước")."""
    from underthesea import word_tokenize as tokenize

    with _LOCK:
        return tokenize(text, format="text")


def ner(line: str) -> list[Any]:
    """underthesea's CRF NER: (word, POS, chunk, tag) for each word of the line."""
    from underthesea import ner as recognise

    with _LOCK:
        return recognise(line)
