"""What the model reads (body lines that may name an agency) and its training examples.

A training example is one such line with the agency mentions of the rules (ORG entities of a
pipeline record) labelled by the role the rules' assignments give them there; a mention the
rules assign nothing is left unlabelled, so the model learns that being named is not being
made responsible. Where the gold development part covers the document, the labels are
corrected by it: a role the gold does not give the agency becomes the gold's role, an agency
the gold does not list loses its label.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from vanban.rules import compiled
from vanban.text.normalize import fold

# Most specific first: one label per mention, and "lead" over the "report" the same subject
# often also has ("Sở X chủ trì …, báo cáo UBND tỉnh").
ROLES = ("lead", "cooperate", "advise", "supervise", "implement", "report")
LABELS = tuple(r.upper() for r in ROLES)
MAX_CHARS = 700  # a longer line is cut at clause ends: the model's window, and its cost


@cache
def _candidates() -> tuple[re.Pattern[str], ...]:
    return tuple(compiled("model").values())


def may_name_agency(line: str) -> bool:
    return any(p.search(line) for p in _candidates())


def units(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the lines in text[start:end] that may name an agency, cut to MAX_CHARS at
    clause ends ("; ", ". ") when longer."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        for s, e in _cut(text, pos, line_end):
            if e - s > 3 and may_name_agency(text[s:e]):
                out.append((s, e))
        pos = line_end + 1
    return out


_CUT = re.compile(r"[;.]\s")


def _cut(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while e - s > MAX_CHARS:
        cut = None
        for m in _CUT.finditer(text, s, s + MAX_CHARS):
            cut = m.end()
        if cut is None or cut <= s + 40:
            cut = text.rfind(" ", s, s + MAX_CHARS)
            cut = s + MAX_CHARS if cut <= s else cut + 1
        yield s, cut
        s = cut
    yield s, e


@dataclass(slots=True)
class Example:
    text: str
    spans: list[tuple[int, int, str]]  # offsets into `text`, label one of LABELS
    doc: str = ""                      # the record's source, to split by document


@dataclass(slots=True)
class Gold:
    """The (agency, role) pairs a gold file gives, folded as the scorer folds them."""

    roles: dict[str, set[str]] = field(default_factory=dict)


def gold_of(data: dict[str, Any]) -> Gold:
    g = Gold()
    for a in data.get("assignments", []):
        if a.get("agency") and a.get("role"):
            g.roles.setdefault(fold(a["agency"]), set()).add(a["role"])
    return g


def _mention_roles(record: dict[str, Any], gold: Gold | None) -> dict[tuple[int, int], str]:
    """{(start, end) of an ORG mention: the one role label it gets}."""
    orgs = {e["start"]: e["end"] for e in record.get("entities", []) if e.get("label") == "ORG"}
    roles: dict[tuple[int, int], set[str]] = {}
    agency_at: dict[tuple[int, int], str] = {}
    for a in record.get("assignments", []):
        end = orgs.get(a["start"])
        if end is None or a.get("role") not in ROLES:
            continue  # an addressee's request: its mention is in "Kính gửi", not in the clause
        roles.setdefault((a["start"], end), set()).add(a["role"])
        agency_at[(a["start"], end)] = fold(a.get("agency") or "")
    out: dict[tuple[int, int], str] = {}
    for span, rs in roles.items():
        if gold is not None:
            wanted = gold.roles.get(agency_at[span])
            if not wanted:
                continue  # the rules' agency is not one the gold makes responsible
            rs = (rs & wanted) or wanted
        out[span] = next(r for r in ROLES if r in rs).upper()
    return out


def record_examples(record: dict[str, Any], gold: Gold | None = None) -> list[Example]:
    """Every line of the record that may name an agency, labelled from its assignments."""
    text = record.get("text") or ""
    if not text.strip():
        return []
    labels = _mention_roles(record, gold)
    orgs = sorted((e["start"], e["end"]) for e in record.get("entities", []) if e.get("label") == "ORG")
    out = []
    i = 0
    for s, e in units(text):
        while i < len(orgs) and orgs[i][0] < s:
            i += 1
        spans = []
        j = i
        while j < len(orgs) and orgs[j][0] < e:
            ms, me = orgs[j]
            if me <= e and (ms, me) in labels:
                spans.append((ms - s, me - s, labels[(ms, me)]))
            j += 1
        out.append(Example(text[s:e], _no_overlap(spans), record.get("source", "")))
    return out


def _no_overlap(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for sp in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if not out or sp[0] >= out[-1][1]:
            out.append(sp)
    return out


# --- which documents may be learnt from ----------------------------------------------------------


@dataclass(slots=True)
class Split:
    """Gold development files by source, and what identifies the blind test documents."""

    dev: dict[str, Gold] = field(default_factory=dict)
    test_sources: set[str] = field(default_factory=set)
    test_codes: set[str] = field(default_factory=set)

    def excluded(self, record: dict[str, Any]) -> bool:
        """A record of a test document: by its file, or by its code (the same document kept
        twice, as a web page and as text, or inside a bulk file)."""
        source = record.get("source") or ""
        if any(source.endswith(s) for s in self.test_sources):
            return True
        code = record.get("code") or ""
        return bool(code) and fold(re.sub(r"\s+", "", code)) in self.test_codes


def load_split(gold_dir: Path, extra_test: Iterable[Path] = ()) -> Split:
    """`gold_dir/dev` (or, before the gold was split, the files of `gold_dir` itself) is
    learnt from; `gold_dir/test` and `extra_test` folders only say what must be left out:
    of those files only `source` and `code` are read, never their answers."""
    split = Split()
    dev_dir = gold_dir / "dev" if (gold_dir / "dev").is_dir() else gold_dir
    for path in sorted(dev_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "source" in data:
            split.dev[data["source"]] = gold_of(data)
    for folder in (gold_dir / "test", *extra_test):
        for path in sorted(Path(folder).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("source"):
                split.test_sources.add(data["source"])
            if data.get("code"):
                split.test_codes.add(fold(re.sub(r"\s+", "", data["code"])))
    for source in list(split.dev):
        if source in split.test_sources:
            del split.dev[source]
    return split


def gold_for(split: Split, record: dict[str, Any]) -> Gold | None:
    source = record.get("source") or ""
    for s, g in split.dev.items():
        if source.endswith(s):
            return g
    return None


def training_examples(records: Iterable[dict[str, Any]], split: Split, negatives: float = 0.5,
                      seed: int = 12) -> tuple[list[Example], dict[str, int]]:
    """Examples of every record not in the test part: all lines with a labelled mention, and
    `negatives` as many lines without one (a seeded sample); gold-corrected lines all count
    twice. Returns them with counts for the model card."""
    rng = random.Random(seed)
    pos: list[Example] = []
    neg: list[Example] = []
    stats = {"documents": 0, "excluded_test_documents": 0, "gold_dev_documents": 0}
    for record in records:
        if split.excluded(record):
            stats["excluded_test_documents"] += 1
            continue
        if not (record.get("text") or "").strip():
            continue
        stats["documents"] += 1
        gold = gold_for(split, record)
        if gold is not None:
            stats["gold_dev_documents"] += 1
        for ex in record_examples(record, gold):
            if gold is not None:
                pos += [ex, ex]
            elif ex.spans:
                pos.append(ex)
            else:
                neg.append(ex)
    rng.shuffle(neg)
    examples = pos + neg[: int(len(pos) * negatives)]
    rng.shuffle(examples)
    stats["lines"] = len(examples)
    stats["labelled_mentions"] = sum(len(e.spans) for e in examples)
    return examples, stats
