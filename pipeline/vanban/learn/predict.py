"""The model's assignments for a Document, and the pipeline stage that puts them beside the rules.

Modes (`vanban.learn.modes`: `set_mode`, or the environment variable VANBAN_ASSIGNMENTS,
which worker processes inherit; `vanban extract --assignments`, `vanban evaluate --assignments`):

- `rules` (default): the rules' assignments only; the model is not even loaded.
- `model`: the model's only. It reads the body lines that may name an agency and marks each
  mention with its role; the mention is named by the gazetteer in its context (the locality
  after it, the document's own), else kept as written.
- `both`: the rules' assignments, plus the roles the model gives, with a confidence of at least
  ADD, to agencies the rules found in the document but not in that role. Agencies the rules did
  not find are not added: on the gold's development part they cost more precision than they
  gain recall (models/README.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vanban.learn.examples import units
from vanban.learn.features import decode, featurize, tokenize
from vanban.learn.modes import mode
from vanban.learn.train import MODEL_DIR, MODEL_FILE
from vanban.model import Assignment, Document
from vanban.rules import load_rules
from vanban.stages import deadlines
from vanban.stages.agencies import find_mentions, locality_of
from vanban.text.normalize import fold
from vanban.vocab import as_role


def model_dir() -> Path:
    return Path(os.environ.get("VANBAN_MODEL") or MODEL_DIR)


@dataclass(frozen=True)
class Tagger:
    """The trained CRF and where it came from."""

    crf: Any
    path: Path

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Labelled char spans (start, end, LABEL) of one line."""
        return [(s, e, label) for s, e, label, _ in self.scored_spans(text)]

    def scored_spans(self, text: str) -> list[tuple[int, int, str, float]]:
        """Labelled char spans of one line with the model's confidence in each: the lowest,
        over the span's tokens, of the marginal probability of the tag it was given. The
        marginals are computed only for lines with a span (most lines have none)."""
        tokens = tokenize(text)
        if not tokens:
            return []
        feats = featurize(text, tokens)
        tags = self.crf.tag(feats)
        spans = decode(tokens, tags)
        if not spans:
            return []
        marginals = self.crf.marginals(feats)
        column = {label: i for i, label in enumerate(self.crf.labels())}
        out = []
        for s, e, label in spans:
            probs = [marginals[i][column[tags[i]]] for i, (ts, te) in enumerate(tokens) if ts >= s and te <= e]
            out.append((s, e, label, min(probs) if probs else 0.0))
        return out


@cache
def load(path: Path | None = None) -> Tagger:
    """The trained model (models/agency-roles unless VANBAN_MODEL names another folder)."""
    from underthesea_core import CRFTagger

    where = path or model_dir()
    if not (where / MODEL_FILE).is_file():
        raise FileNotFoundError(f"no trained model in {where} (train one with `vanban train`)")
    crf = CRFTagger()
    crf.load(str(where / MODEL_FILE))
    return Tagger(crf, where)


# A clause ends at ";" or a sentence end; the task is the clause after the mention.
_CLAUSE_END = re.compile(r";|\.(?=\s+[A-ZĐÀ-Ỹ])|\.\s*$")
_TASK_TRIM = re.compile(r"^[\s,:;)\-–]+|[\s,;:.]+$")


@cache
def _collegial() -> tuple[str, ...]:
    # A People's Committee or the Government issuing a document gives its tasks (GUIDE.md):
    # the rules' check, kept as data so that the model alone follows the guide too.
    return tuple(load_rules("model")["collegial_issuers"]["names"])


def _names(doc: Document, line: tuple[int, int], spans: list[tuple[int, int]]) -> list[str]:
    """The canonical name of each mention text[start:end] of one line: the gazetteer's, read
    in the line (the locality after the name, the document's own), else the gazetteer's for
    the mention written alone, else the mention as written. The gazetteer reads only the
    lines the model marked something in: the rules have read the whole text already."""
    loc = locality_of(doc)
    ls = line[0]
    known = find_mentions(doc.text[ls:line[1]], loc)
    out = []
    for s, e in spans:
        hit = next((m.agency for m in known if m.start + ls < e and s < m.end + ls), None)
        if hit is None:
            written = " ".join(doc.text[s:e].split())
            alone = find_mentions(written, loc)
            hit = alone[0].agency if alone else written[:1].upper() + written[1:]
        out.append(hit)
    return out


def _issuer(doc: Document, agency: str) -> bool:
    key = fold(agency)
    return key.startswith(_collegial()) and any(key == fold(n) for n in (doc.issuer, *doc.issuers) if n)


def predict(doc: Document, tagger: Tagger | None = None) -> list[Assignment]:
    """The model's assignments in the body of `doc`, one per (agency, role), in reading order."""
    return [a for a, _ in predict_scored(doc, tagger)]


def predict_scored(doc: Document, tagger: Tagger | None = None) -> list[tuple[Assignment, float]]:
    """`predict`'s assignments, each with the model's confidence: the highest of its mentions'
    (`Tagger.scored_spans`)."""
    if not doc.text:
        return []
    tagger = tagger or load()
    start = doc.body_start or 0
    end = doc.body_end if doc.body_end and doc.body_end > start else len(doc.text)
    found: list[tuple[int, int, str, float, str]] = []  # mention start, end, label, confidence, agency
    ends: dict[int, int] = {}                            # mention start -> end of its line
    for s, e in units(doc.text, start, end):
        marked = [(s + ls, s + le, label, p) for ls, le, label, p in tagger.scored_spans(doc.text[s:e])]
        if marked:
            names = _names(doc, (s, e), [(ms, me) for ms, me, _, _ in marked])
            found += [(*m, name) for m, name in zip(marked, names)]
            ends.update({m[0]: e for m in marked})
    out: list[Assignment] = []
    confidence: dict[tuple[str, str], float] = {}
    for ms, me, label, p, agency in found:
        e = ends[ms]
        role = as_role(label.lower())
        key = (fold(agency), role)
        if key in confidence:
            confidence[key] = max(confidence[key], p)
            continue
        if _issuer(doc, agency):
            continue
        confidence[key] = p
        m = _CLAUSE_END.search(doc.text, me, e)
        ce = m.start() if m else e
        task = _TASK_TRIM.sub("", doc.text[me:ce])
        out.append(Assignment(agency=agency, mention=doc.text[ms:me], role=role, task=task,
                              deadline=deadlines.first_in(doc.text, me, ce, doc.date), section=doc.section_at(ms),
                              start=ms, end=ce, page=doc.page_at(ms)))
    return [(a, confidence[(fold(a.agency), a.role)]) for a in out]


# `both` adds the model's role for an agency the rules found only when the model is at least
# this sure of it (`Tagger.scored_spans`). Chosen on the gold's development part by a two-fold
# cross-validation (each fold scored by a model trained without its documents and its gold;
# models/README.md): agency+role F1 0.739 with every such role added, 0.744 at 0.95, the rules
# alone 0.747. Dropping the rules' assignments the model doubts, and adding agencies only the
# model finds, lowered F1 at every threshold tried.
ADD = 0.95


def combine(rules: list[Assignment], scored: list[tuple[Assignment, float]], how: str) -> list[Assignment]:
    """The assignments of mode `how` from the rules' and the model's (`predict_scored`)."""
    if how == "rules":
        return list(rules)
    if how == "model":
        return [a for a, _ in scored]
    agencies = {fold(a.agency) for a in rules}
    pairs = {(fold(a.agency), a.role) for a in rules}
    extra = [a for a, p in scored if fold(a.agency) in agencies and (fold(a.agency), a.role) not in pairs and p >= ADD]
    return sorted([*rules, *extra], key=lambda a: a.start)


def run(doc: Document) -> Document:
    """Pipeline stage, after the rules' assignments: apply the mode (a no-op for `rules`)."""
    how = mode()
    if how != "rules":
        doc.assignments = combine(doc.assignments, predict_scored(doc), how)
    return doc
