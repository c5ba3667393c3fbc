"""The agency matcher's mechanics (`stages/agencies/phrases.py`) against what they replaced:
spaCy's PhraseMatcher over the whole text's tokens, and the quadratic overlap resolution.

The matcher reads tokens only where a name's first word stands; these tests run the old
matcher over every token of real documents of the corpus and ask for the same matches.
"""

from __future__ import annotations

import json
import random
from functools import cache
from typing import Any

import pytest

from tests.conftest import CORPUS
from vanban import ingest
from vanban.extract import discover
from vanban.ingest.bulk import read_lines
from vanban.stages.agencies import gazetteer
from vanban.stages.agencies.phrases import PhraseIndex, longest, tokens
from vanban.text.normalize import match_key, normalize

BULK_EVERY = 8  # every 8th line of the bulk files: their 1,200 lines would take minutes


@cache
def _spacy_matcher() -> tuple[Any, Any]:
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("xx")
    nlp.max_length = 10**8
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    gaz = gazetteer()
    matcher.add("AGENCY", [nlp.make_doc(k.replace(".", " ")) for k in sorted(set(gaz.entries) | set(gaz.organs))])
    return nlp, matcher


def _old_matches(key: str) -> list[tuple[int, int]]:
    nlp, matcher = _spacy_matcher()
    doc = nlp.make_doc(key)
    return sorted((doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for _, s, e in matcher(doc))


def _corpus_texts() -> list[tuple[str, str]]:
    out = []
    for f in discover([CORPUS]):
        if f.name.endswith((".jsonl", ".jsonl.gz")):
            for lineno, raw in read_lines(f, 1, None):
                if lineno % BULK_EVERY == 1:
                    try:
                        out.append((f"{f.name}#{lineno}", json.loads(raw).get("text") or ""))
                    except ValueError:
                        continue
            continue
        try:
            out.append((f.name, ingest.read(f, f.read_bytes()).text))
        except Exception:  # noqa: BLE001 - unreadable files have no text to match
            continue
    return out


def test_same_matches_as_spacys_phrase_matcher_on_the_corpus() -> None:
    matcher = gazetteer().matcher
    texts = _corpus_texts()
    assert len(texts) > 300
    differ = []
    total = 0
    for name, raw in texts:
        key = match_key(normalize(raw)[0]).replace("\n", " ").replace(".", " ")
        old = _old_matches(key)
        total += len(old)
        if matcher.find(key) != old:
            differ.append(name)
    assert total > 10_000
    assert differ == []


@pytest.mark.parametrize("text", [
    "sở y tế", "  sở y tế", " sở  y tế ", "(sở y tế)", "ubnd tỉnh[1], là", "chỉ thị số 46-ct/tw ngày 16/",
    "1856/ttr -sct  ngày", "bộ lđ-tb&xh", "sở gd&đt; bộ gd&đt.", "tp  hồ chí minh", "\u2028sở\u2028 y", "",
])
def test_tokens_are_spacys(text: str) -> None:
    nlp, _ = _spacy_matcher()
    assert [t for t, _s, _e in tokens(text)] == [t.text for t in nlp.make_doc(text)]
    assert [s for _t, s, _e in tokens(text)] == [t.idx for t in nlp.make_doc(text)]


def test_overlapping_and_nested_phrases_are_all_found() -> None:
    index = PhraseIndex(["sở y tế", "y tế", "sở y tế tỉnh", "tế tỉnh"])
    text = "giao sở y tế tỉnh (sở y tế)"
    assert index.find(text) == sorted(_spans(text, ["sở y tế", "y tế", "sở y tế tỉnh", "tế tỉnh"]))


def _spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    out = []
    for p in phrases:
        i = text.find(p)
        while i >= 0:
            out.append((i, i + len(p)))
            i = text.find(p, i + 1)
    return out


def _longest_quadratic(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(e <= os or s >= oe for os, oe, _ in out):
            out.append((s, e, kind))
    return sorted(out)


def test_overlap_resolution_keeps_what_the_quadratic_one_kept() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 60)):
            s = rng.randint(0, 200)
            spans.append((s, s + rng.randint(1, 30), rng.choice(["gaz", "rule:x", "open"])))
        assert longest(spans) == _longest_quadratic(spans)
