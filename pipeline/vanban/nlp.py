"""underthesea, one call at a time.

Its models load on first use, and loading them from several threads at once fails (seen
here: 8 threads segmenting at once in a fresh process, 7 raised AttributeError). `vanban
serve` answers in threads and a Dask worker may run several, so every call goes through one
lock; the calls are short (a question, a line with a person's name), and processes, which
`--jobs` and `--dask local` use, each have their own.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
import threading
import unicodedata
from functools import cache
from pathlib import Path
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


# A question's tokens: runs of word characters, a code such as "KH-UBND" or "42/2026" kept whole
# as underthesea's tokenizer keeps it, and each other mark on its own.
_TOKENS = re.compile(r"\w+(?:[-/.&'’]\w+)*|[^\w\s]")


def question_words(text: str) -> str:
    """`word_tokenize` for a short text (a question, a topic) at a fraction of its start-up:
    underthesea's own segmentation model, called through underthesea_core without importing
    underthesea, whose package and tokenizer take about a second to load in a fresh process
    (most of an `ask`). The tokens are cut by `_TOKENS` instead of underthesea's tokenizer; the
    words a question is searched by come out the same (tests/test_nlp.py: the marked dev
    questions and a real plan's lines). Without the model files, `word_tokenize` does it."""
    model = _segmenter()
    if model is None:
        return word_tokenize(text)
    featurizer, tagger = model
    tokens = _TOKENS.findall(unicodedata.normalize("NFC", text))
    if not tokens:
        return ""
    with _LOCK:
        tags = tagger.tag(featurizer.process([[[t] for t in tokens]])[0])
    words: list[str] = []
    for tag, token in zip(tags, tokens, strict=True):
        if tag == "I-W" and words:
            words[-1] += "_" + token
        else:
            words.append(token)
    return " ".join(words)


@cache
def _segmenter() -> tuple[Any, Any] | None:
    """underthesea's word-segmentation CRF (features, dictionary, weights), from the installed
    package's files."""
    spec = importlib.util.find_spec("underthesea")
    folders = [Path(f) for f in (spec.submodule_search_locations or [])] if spec else []
    found = sorted(m for f in folders for m in f.glob("pipeline/word_tokenize/models/*/models.bin"))
    if not found:
        return None
    folder = found[-1].parent
    try:
        from underthesea_core import CRFFeaturizer, CRFTagger

        # joblib wrote them, as plain pickles of a list and a set (no arrays): the files of an
        # installed package, not data from elsewhere
        features = pickle.loads((folder / "features.bin").read_bytes())
        dictionary = pickle.loads((folder / "dictionary.bin").read_bytes())
        tagger = CRFTagger()
        tagger.load(str(folder / "models.bin"))
        return CRFFeaturizer(features, dictionary), tagger
    except Exception:  # noqa: BLE001 - another version's files: the package's own function then
        return None
