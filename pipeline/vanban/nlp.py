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
from collections.abc import Callable
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
    """underthesea's CRF NER: (word, POS, chunk, tag) for each word of the line.

    underthesea tags a line three times (POS, chunks, entities), each time building every
    word's features by rebuilding the columns of the whole line for every feature of every
    word: quadratic in the line, 11 s of CPU over the corpus's 224 person lines. The same
    three models are run here on the same features built once per word (`tagged_features`);
    tests/test_nlp.py checks the tags against underthesea's `ner` on real lines."""
    from underthesea import ner as recognise
    from underthesea import word_tokenize as tokenize

    with _LOCK:  # the models load on first use, in here
        models = _taggers()
        if models is None:
            return recognise(line)
        (pos, pos_tpl), (chunk, chunk_tpl), (ner_model, ner_tpl) = models
        words = tokenize(line)
        tags = pos.tag(tagged_features([(w, "X") for w in words], pos_tpl))
        chunks = chunk.tag(tagged_features([(w, t, "X") for w, t in zip(words, tags, strict=True)], chunk_tpl))
        rows = [(w, t, c) for w, t, c in zip(words, tags, chunks, strict=True)]
        names = ner_model.tag(tagged_features([(*r, "X") for r in rows], ner_tpl))
    return [(*r, n) for r, n in zip(rows, names, strict=True)]


# "T[-1,0][1].lower": the words from -1 to 0 around the current one, their column 1, a function
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?")
_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    # every syllable opens with a capital ("Hà Nội"); an empty syllable (two spaces) does not
    "istitle": lambda w: str(bool(w) and all(s[:1].istitle() for s in w.split(" "))),
    "isdigit": lambda w: str(w.isdigit()),
}
Template = tuple[str, int, int | None, int, Callable[[str], str] | None]


def parse_templates(templates: list[str]) -> list[Template]:
    """underthesea's feature templates, read once: (prefix, first, last, column, function).
    A template this reader does not know raises KeyError (the package's own tagger then)."""
    out: list[Template] = []
    for text in templates:
        m = _TEMPLATE.fullmatch(text)
        if m is None:
            raise KeyError(text)
        first, last, column, func = m.groups()
        out.append((f"{text}=", int(first), None if last is None else int(last), int(column or 0),
                    None if func is None else _FUNCTIONS[func]))
    return out


def tagged_features(rows: list[tuple[str, ...]], templates: list[Template]) -> list[list[str]]:
    """The features underthesea's `word2features` gives each row of a tagged line, in its
    order and spelling ("T[-1,0]=ca ngợi những", "T[0].istitle=True", "T[-2]=BOS")."""
    n = len(rows)
    out: list[list[str]] = []
    for i in range(n):
        feats: list[str] = []
        for prefix, first, last, column, func in templates:
            a = i + first
            if a < 0:
                feats.append(prefix + "BOS")
                continue
            if a >= n or (last is not None and i + last >= n):
                feats.append(prefix + "EOS")
                continue
            word = rows[a][column] if last is None else " ".join(r[column] for r in rows[a:i + last + 1])
            feats.append(prefix + (word if func is None else func(word)))
        out.append(feats)
    return out


@cache
def _taggers() -> tuple[tuple[Any, list[Template]], ...] | None:
    """underthesea's POS, chunking and NER models with their templates, or None when this
    version of the package keeps them elsewhere."""
    try:
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        predictors = (CRFPOSTagPredictor.Instance(), CRFChunkingPredictor.Instance(), CRFNERPredictor.Instance())
        return tuple((p.model, parse_templates(p.transformer.template)) for p in predictors)
    except Exception:  # noqa: BLE001 - another version's layout: the package's own `ner` then
        return None


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
    features, dictionary, tagger = model
    tokens = _TOKENS.findall(unicodedata.normalize("NFC", text))
    if not tokens:
        return ""
    # Only the text's own runs of one to three tokens are looked up in the dictionary (the
    # `is_in_dict` templates span at most three, lower-cased and joined by a space), so a
    # featurizer over those of the 72,547 words is the same featurizer for this text, and
    # building it costs nothing where the whole dictionary's took 45 ms of a fresh `ask`.
    from underthesea_core import CRFFeaturizer

    featurizer = CRFFeaturizer(features, _known_runs(tokens, dictionary))
    with _LOCK:
        tags = tagger.tag(featurizer.process([[[t] for t in tokens]])[0])
    words: list[str] = []
    for tag, token in zip(tags, tokens, strict=True):
        if tag == "I-W" and words:
            words[-1] += "_" + token
        else:
            words.append(token)
    return " ".join(words)


_DICT_SPAN = 3  # the longest run an `is_in_dict` template of the model looks up (T[-2,0], T[0,2])


def _known_runs(tokens: list[str], dictionary: set[str]) -> set[str]:
    """The dictionary's words among the text's runs of one to `_DICT_SPAN` tokens."""
    lower = [t.lower() for t in tokens]
    runs = {" ".join(lower[i:i + n]) for n in range(1, _DICT_SPAN + 1) for i in range(len(lower) - n + 1)}
    return runs & dictionary


def _span(template: str) -> int:
    """How many tokens a template such as 'T[-2,0].is_in_dict' looks at (3)."""
    ends = [int(n) for n in re.findall(r"-?\d+", template.split("]")[0])]
    return max(ends) - min(ends) + 1


@cache
def _segmenter() -> tuple[list[str], set[str], Any] | None:
    """underthesea's word-segmentation CRF (features, dictionary, weights), from the installed
    package's files."""
    spec = importlib.util.find_spec("underthesea")
    folders = [Path(f) for f in (spec.submodule_search_locations or [])] if spec else []
    found = sorted(m for f in folders for m in f.glob("pipeline/word_tokenize/models/*/models.bin"))
    if not found:
        return None
    folder = found[-1].parent
    try:
        from underthesea_core import CRFTagger

        # joblib wrote them, as plain pickles of a list and a set (no arrays): the files of an
        # installed package, not data from elsewhere
        features = pickle.loads((folder / "features.bin").read_bytes())
        dictionary = pickle.loads((folder / "dictionary.bin").read_bytes())
        if any(_span(f) > _DICT_SPAN for f in features if f.endswith(".is_in_dict")):
            return None  # another model's templates look further: the package's own function
        tagger = CRFTagger()
        tagger.load(str(folder / "models.bin"))
        return features, dictionary, tagger
    except Exception:  # noqa: BLE001 - another version's files: the package's own function then
        return None
