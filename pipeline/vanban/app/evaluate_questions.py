"""`vanban evaluate --questions`: ask the questions of `corpus/questions/` and score the answers.

An official acts on the first answers, so what is measured is where the right agency comes
(top-1, top-3, the reciprocal rank of the first right one) and whether the passage shown with
the first answer holds the words of the document that prove it (`evidence`). The questions
were written by reading the documents (`corpus/questions/README.md`); `test.jsonl` is reported,
never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vanban.extract import discover, extract_paths
from vanban.ingest.bulk import is_bulk
from vanban.query.answer import Result, ask
from vanban.store.db import Store
from vanban.text.normalize import fold, strip_diacritics

ROOT = Path(__file__).resolve().parents[3]
QUESTIONS_DIR = ROOT / "corpus" / "questions"
SEED_DIR = ROOT / "corpus"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
BASELINE = QUESTIONS_DIR / "baseline.json"
SPLITS = ("dev", "test")
RANKS = 10  # answers looked at for the reciprocal rank
SAMPLE: int | None = None  # other files in a store built for the questions (None: all but the bulk dumps)
FIGURES = ("top1", "top3", "mrr", "passage", "evidence_in_store")


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    agencies: tuple[str, ...]
    role: str
    source: str
    evidence: tuple[str, ...]  # each proves the answer alone (a document may say it in several places)
    kind: str
    diacritics: bool


@dataclass(frozen=True)
class Scored:
    question: GoldQuestion
    rank: int | None  # of the first right agency among the distinct agencies answered, from 1
    agencies: tuple[str, ...]  # the distinct agencies answered, in order
    passage: bool  # the first answer's passage holds the evidence
    in_store: bool  # the evidence is in the stored text of its document
    reading: str


@dataclass(frozen=True)
class SplitScore:
    split: str
    items: tuple[Scored, ...]

    def figure(self, name: str) -> float:
        n = len(self.items) or 1
        if name == "top1":
            return sum(s.rank == 1 for s in self.items) / n
        if name == "top3":
            return sum(s.rank is not None and s.rank <= 3 for s in self.items) / n
        if name == "mrr":
            return sum(1 / s.rank for s in self.items if s.rank) / n
        if name == "passage":
            return sum(s.passage for s in self.items) / n
        if name == "evidence_in_store":
            return sum(s.in_store for s in self.items) / n
        raise KeyError(name)

    def figures(self) -> dict[str, float]:
        return {name: round(self.figure(name), 4) for name in FIGURES}


def load_questions(split: str, folder: Path = QUESTIONS_DIR) -> list[GoldQuestion]:
    out = []
    with open(folder / f"{split}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                evidence = d["evidence"]
                out.append(GoldQuestion(d["id"], d["question"], tuple(d["agencies"]), d["role"], d["source"],
                                        (evidence,) if isinstance(evidence, str) else tuple(evidence),
                                        d["kind"], bool(d["diacritics"])))
    return out


def source_path(source: str, corpus: Path = CORPUS_DIR) -> Path:
    return SEED_DIR / source if source.startswith("seed/") else corpus / source


# --- comparing ----------------------------------------------------------------------------------

_MARKUP = re.compile(r"[*#|`]+|(?<!\w)_+|_+(?!\w)")


def text_key(text: str) -> str:
    """Evidence and passages compared without case, tone placement, markdown marks or the
    file's own line breaks: the store joins hard-wrapped lines, the annotator copied the file."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", fold(text))).strip()


def agency_key(name: str) -> str:
    return strip_diacritics(fold(name))


def _rank(answered: Iterable[str], gold: tuple[str, ...]) -> int | None:
    want = {agency_key(g) for g in gold}
    for i, name in enumerate(answered, 1):
        if i > RANKS:
            break
        if agency_key(name) in want:
            return i
    return None


def score_question(store: Store, q: GoldQuestion, doc_text: str | None) -> Scored:
    result: Result = ask(store, q.question, limit=RANKS)
    agencies = tuple(a.agency for a in result.answers if a.agency)
    # the annotator's selection may end on the sentence's full stop, the clause the pipeline
    # cut not: the words are the evidence, not the punctuation around them
    evidence = [text_key(e).strip(" .,;:-–") for e in q.evidence]
    shown = [text_key(p) for p in (result.answers[0].passages() if result.answers else [])]
    stored = text_key(doc_text) if doc_text is not None else None
    return Scored(q, _rank(agencies, q.agencies), agencies,
                  any(e in p for e in evidence for p in shown),
                  stored is not None and all(e in stored for e in evidence), result.reading.describe())


def _doc_texts(store: Store, questions: list[GoldQuestion]) -> dict[str, str | None]:
    """The stored text of each question's source document, found by its path."""
    by_source: dict[str, str | None] = {}
    docs = [(r["id"], r["source"]) for r in store.documents()]
    for q in questions:
        if q.source in by_source:
            continue
        name = Path(q.source).name
        hit = next((i for i, s in docs if s and (s.endswith("/" + q.source) or Path(s).name == name)), None)
        record = store.record(hit) if hit else None
        by_source[q.source] = record["text"] if record else None
    return by_source


def evaluate_split(store: Store, split: str, folder: Path = QUESTIONS_DIR) -> SplitScore:
    questions = load_questions(split, folder)
    texts = _doc_texts(store, questions)
    return SplitScore(split, tuple(score_question(store, q, texts[q.source]) for q in questions))


# --- a store for the questions --------------------------------------------------------------------


def sample_paths(corpus: Path, exclude: set[Path], n: int | None = SAMPLE) -> list[Path]:
    """The corpus's other files, or a fixed sample of `n` of them (every k-th in path order);
    never the bulk dumps, whose thousand documents make the store slow to build for a test
    (the whole-corpus figure is measured with `--db` on the store of `make demo`)."""
    files = sorted(f for f in discover([corpus]) if f.resolve() not in exclude
                   and not is_bulk(f))
    if n is None:
        return files
    if n <= 0 or not files:
        return []
    step = max(1, len(files) // n)
    return files[::step][:n]


def build_store(db: Path, corpus: Path = CORPUS_DIR, sample: int | None = SAMPLE,
                splits: Iterable[str] = SPLITS, folder: Path = QUESTIONS_DIR) -> Path:
    """A store of the documents the questions cite and the corpus's other files (`sample_paths`)."""
    cited = {source_path(q.source, corpus).resolve() for s in splits for q in load_questions(s, folder)}
    paths = sorted(cited) + sample_paths(corpus, cited, sample)
    store = Store(db)
    try:
        for record in extract_paths([str(p) for p in paths], skip=store.unchanged):
            store.put(record)
    finally:
        store.close()
    return db


def evaluate(db: Path | None = None, splits: Iterable[str] = SPLITS, corpus: Path = CORPUS_DIR,
             sample: int | None = SAMPLE, folder: Path = QUESTIONS_DIR) -> list[SplitScore]:
    splits = list(splits)
    with tempfile.TemporaryDirectory(prefix="vanban-questions-") as tmp:
        path = db if db is not None else build_store(Path(tmp) / "questions.db", corpus, sample, SPLITS, folder)
        store = Store.reader(path)
        try:
            return [evaluate_split(store, s, folder) for s in splits]
        finally:
            store.close()


# --- reporting ----------------------------------------------------------------------------------

HEADS = {"top1": "agency top-1", "top3": "agency top-3", "mrr": "agency MRR",
         "passage": "passage has evidence (top-1)", "evidence_in_store": "evidence in the stored text"}


def format_table(scores: list[SplitScore], markdown: bool = False) -> str:
    cols = [f"{s.split} ({len(s.items)})" for s in scores]
    rows = [(HEADS[f], [f"{s.figure(f):.3f}" for s in scores]) for f in FIGURES]
    if markdown:
        out = ["| figure | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
        out += [f"| {name} | " + " | ".join(vals) + " |" for name, vals in rows]
        return "\n".join(out) + "\n"
    width = max(len(h) for h in HEADS.values())
    out = [f"{'':{width}}  " + "  ".join(f"{c:>10}" for c in cols)]
    out += [f"{name:{width}}  " + "  ".join(f"{v:>10}" for v in vals) for name, vals in rows]
    return "\n".join(out)


def format_details(score: SplitScore) -> str:
    """One line a question: for reading the tuning part only (the test part is blind)."""
    out = []
    for s in score.items:
        mark = "ok " if s.rank == 1 else (f"#{s.rank} " if s.rank else "-- ")
        out.append(f"{mark}{s.question.id} {'P' if s.passage else 'p'} {s.question.question}")
        out.append(f"      want {list(s.question.agencies)}; got {list(s.agencies[:3])}")
        out.append(f"      ({s.reading})")
    return "\n".join(out)


def write_baseline(scores: list[SplitScore], sample: int | None, path: Path = BASELINE) -> None:
    """The figures a change must not drop below, with the store they were measured on
    (`sample`: the other files of the corpus in the store built for the questions)."""
    data: dict[str, object] = {"store": {"sample": sample}, **{s.split: s.figures() for s in scores}}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def run_cli(args: argparse.Namespace) -> int:
    if args.db is not None and not Path(args.db).exists():
        print(f"vanban evaluate: no store at {args.db}", file=sys.stderr)
        return 2
    if args.db is None and not args.corpus.is_dir():
        print(f"vanban evaluate: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    splits = [args.split] if args.split in SPLITS else list(SPLITS)  # --split dev|test|all, as for the gold
    scores = evaluate(args.db, splits, args.corpus, args.sample)
    if args.json:
        print(json.dumps({s.split: s.figures() for s in scores}, indent=2))
    else:
        print(format_table(scores, markdown=args.markdown), end="" if args.markdown else "\n")
    if args.details:
        # the test part is blind: its questions are reported in aggregate only, like the gold's
        for s in scores:
            if s.split == "dev":
                print(f"\n[{s.split}]\n" + format_details(s))
            else:
                print(f"\n[{s.split}] blind: aggregate figures only", file=sys.stderr)
    if args.write_baseline:
        if len(scores) != len(SPLITS):
            print("vanban evaluate: --write-baseline records both parts; leave out --split", file=sys.stderr)
            return 2
        if args.db is not None:
            print("vanban evaluate: the baseline is measured on the store the test builds; leave out --db", file=sys.stderr)
            return 2
        write_baseline(scores, args.sample)
        print(f"baseline written to {BASELINE}", file=sys.stderr)
    return 0
