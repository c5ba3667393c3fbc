"""The scorer of `vanban evaluate`: a gold annotation against a record, field by field.

Metadata fields are scored as accuracy per document; references, assignments, deadlines and
sections as precision / recall / F1 over sets, micro-averaged over the documents. Everything
is compared after `fold` (case, spacing, tone placement), the way `corpus/gold/GUIDE.md` says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vanban.stages.sections.numbers import UNITS
from vanban.text.normalize import fold
from vanban.vocab import RELATION_PRIORITY

SPLITS = ("dev", "test")
META_FIELDS = ("doc_type", "number", "symbol", "code", "issuer", "parent_issuer", "place", "date", "title", "signer")
SET_FIELDS = ("references", "references+relation", "agencies", "agency+role", "deadlines", "sections")
# the named units a legal text's paths are made of (Chương II.Mục 1.Điều 4): data/sections.json
_UNIT = re.compile(r"^(?:" + "|".join(re.escape(UNITS[u]) for u in ("part", "chapter", "section", "subsection", "article", "appendix")) + r")\b", re.I)
_LEGAL_UNIT = re.compile(r"\b(?:" + re.escape(UNITS["article"]) + "|" + re.escape(UNITS["chapter"]) + r")\b")


# --- normalising values for comparison ---------------------------------------------------------


def _code(value: str | None) -> str | None:
    if not value:
        return None
    return fold(re.sub(r"\s+", "", value))


def _title(value: str | None) -> str | None:
    if not value:
        return None
    return fold(re.sub(r"[\s.;:,]+$", "", value))


def meta_value(record: dict[str, Any], name: str) -> str | None:
    if name == "signer":
        signer = record.get("signer") or {}
        return fold(signer.get("name") or "") or None
    value = record.get(name)
    if name in ("code", "symbol", "number"):
        return _code(value)
    if name == "title":
        return _title(value)
    return fold(value) if value else None


def reference_sets(refs: Iterable[dict[str, Any]]) -> tuple[set[str], set[tuple[str, str]]]:
    """The codes, and (code, strongest relation) pairs, of a list of references or mentions."""
    best: dict[str, str] = {}
    for ref in refs:
        code = _code(ref.get("code"))
        if not code:
            continue
        rel = ref.get("relation") or "cites"
        if code not in best or _rank(rel) < _rank(best[code]):
            best[code] = rel
    return set(best), set(best.items())


def _rank(relation: str) -> int:
    return RELATION_PRIORITY.index(relation) if relation in RELATION_PRIORITY else len(RELATION_PRIORITY)


def deadline_value(deadline: dict[str, Any] | None) -> str | None:
    if not deadline:
        return None
    if deadline.get("date"):
        return "date:" + deadline["date"]
    if deadline.get("interval"):
        return "interval:" + "/".join(deadline["interval"])
    if deadline.get("recurrence"):
        return "recurrence:" + deadline["recurrence"]
    return "text:" + fold(deadline.get("text") or "")


def assignment_sets(items: Iterable[dict[str, Any]]) -> tuple[set[str], set[tuple[str, str]], set[tuple[str, str]]]:
    agencies: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    deadlines: set[tuple[str, str]] = set()
    for a in items:
        agency = fold(a.get("agency") or "")
        if not agency:
            continue
        agencies.add(agency)
        pairs.add((agency, a.get("role") or ""))
        value = deadline_value(a.get("deadline"))
        if value:
            deadlines.add((agency, value))
    return agencies, pairs, deadlines


def section_paths(sections: Iterable[dict[str, Any]], legal: bool) -> set[str]:
    """The paths the gold annotates: two top levels of a plan, the named units of a legal text."""
    out: set[str] = set()
    for s in sections:
        if s.get("kind", "body") not in ("body", "appendix"):
            continue
        path = s["path"]
        parts = path.split(".") if not legal else _split_legal(path)
        if legal:
            if all(_UNIT.match(p) for p in parts):
                out.add(fold(path))
        elif len(parts) <= 2 or _UNIT.match(parts[0]):
            if not (_UNIT.match(parts[0]) and len(parts) > 1 and parts[0].lower().startswith(UNITS["appendix"].lower())):
                out.add(fold(path))
    return out


def _split_legal(path: str) -> list[str]:
    # "Chương II.Mục 1.Điều 4.2.a": unit names start a component; bare labels are khoản/điểm.
    return path.split(".")


def gold_is_legal(gold: dict[str, Any]) -> bool:
    return any(_LEGAL_UNIT.search(s.get("path", "")) for s in gold.get("sections", []))


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    name: str
    split: str = "dev"
    meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    sets: dict[str, tuple[set, set]] = field(default_factory=dict)


def score_document(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> DocScore:
    score = DocScore(name)
    for f in META_FIELDS:
        score.meta[f] = (meta_value(gold, f), meta_value(pred, f))
    g_codes, g_rel = reference_sets(gold.get("references", []))
    p_codes, p_rel = reference_sets(pred.get("references", []))
    score.sets["references"] = (g_codes, p_codes)
    score.sets["references+relation"] = (g_rel, p_rel)
    g_ag, g_pairs, g_dl = assignment_sets(gold.get("assignments", []))
    p_ag, p_pairs, p_dl = assignment_sets(pred.get("assignments", []))
    score.sets["agencies"] = (g_ag, p_ag)
    score.sets["agency+role"] = (g_pairs, p_pairs)
    score.sets["deadlines"] = (g_dl, p_dl)
    legal = gold_is_legal(gold)
    gold_sections = {fold(s["path"]) for s in gold.get("sections", [])}
    score.sets["sections"] = (gold_sections, section_paths(pred.get("sections", []), legal))
    return score


@dataclass
class Report:
    docs: list[DocScore]

    def part(self, split: str) -> Report:
        """The documents of one part of the gold ("dev", "test"); "all" is everything."""
        return self if split == "all" else Report([d for d in self.docs if d.split == split])

    def splits(self) -> list[str]:
        return [s for s in SPLITS if any(d.split == s for d in self.docs)]

    def meta_accuracy(self, f: str) -> tuple[float, int]:
        n = len(self.docs)
        ok = sum(1 for d in self.docs if d.meta[f][0] == d.meta[f][1])
        return (ok / n if n else 0.0), n

    def counts(self, f: str) -> Counts:
        c = Counts()
        for d in self.docs:
            c.add(*d.sets[f])
        return c

    def headline(self) -> dict[str, float]:
        out = {f: round(self.meta_accuracy(f)[0], 4) for f in META_FIELDS}
        out.update({f: round(self.counts(f).f1, 4) for f in SET_FIELDS})
        return out

    def to_json(self, per_doc: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"documents": len(self.docs), "metadata": {}, "sets": {}}
        for f in META_FIELDS:
            acc, n = self.meta_accuracy(f)
            data["metadata"][f] = {"accuracy": round(acc, 4), "n": n}
        for f in SET_FIELDS:
            c = self.counts(f)
            data["sets"][f] = {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                               "tp": c.tp, "fp": c.fp, "fn": c.fn}
        if per_doc:
            data["per_document"] = {
                d.name: {
                    "metadata_wrong": {f: {"gold": g, "pred": p} for f, (g, p) in d.meta.items() if g != p},
                    "sets": {f: {"missed": sorted(map(str, g - p)), "extra": sorted(map(str, p - g))} for f, (g, p) in d.sets.items()},
                }
                for d in self.docs
            }
        return data
