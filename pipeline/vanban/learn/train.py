"""`vanban train` (`make model`): train the agency-role model from scratch and write it to models/.

1. Silver records: the pipeline (rules only) runs over ../shared/corpus, or a JSONL of records
   already extracted is read (`--records`).
2. Examples (`vanban.learn.examples`): lines with the rules' mentions labelled by role,
   corrected by the gold development part; the test part's documents are left out.
3. A linear-chain CRF (underthesea's CRF trainer, underthesea_core, the library underthesea's
   own Vietnamese taggers are trained with) over syllable tokens (`vanban.learn.features`),
   from scratch: no pretrained weights, no word vectors. L-BFGS is deterministic, so the same
   data gives the same model.
4. One document in ten (by a hash of its source) is held out: the model's span scores against
   its silver labels go to `training.json` beside the model, with the data counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from vanban.learn.examples import LABELS, Example, load_split, training_examples
from vanban.learn.features import bio, decode, featurize, tokenize

ROOT = Path(__file__).resolve().parents[3]
MODEL_DIR = ROOT / "models" / "agency-roles"
GOLD_DIR = ROOT / "corpus" / "gold"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"

# L1 keeps the model small (most of the million candidate features get weight 0); the
# iterations bound the time: about 2 s each on one core for the whole corpus's lines.
PARAMS: dict[str, float] = {"c1": 0.05, "c2": 0.01, "max_iterations": 100}
MODEL_FILE = "model.crf"


def held_out(source: str) -> bool:
    return hashlib.sha256(source.encode("utf-8")).digest()[0] < 26  # about one document in ten


def sequences(examples: Iterable[Example]) -> tuple[list[list[list[str]]], list[list[str]]]:
    """CRF input: the features of each line's tokens, and their BIO tags."""
    xs, ys = [], []
    for ex in examples:
        spans = tokenize(ex.text)
        if spans:
            xs.append(featurize(ex.text, spans))
            ys.append(bio(spans, ex.spans))
    return xs, ys


def fit(examples: list[Example], out: Path, params: dict[str, float] | None = None, log: Any = sys.stderr) -> dict[str, Any]:
    """Train a CRF on `examples` and write it to `out`/model.crf; returns what the card needs."""
    from underthesea_core import CRFTrainer

    params = {**PARAMS, **(params or {})}
    started = time.perf_counter()
    xs, ys = sequences(examples)
    trainer = CRFTrainer()
    trainer.set_l1_penalty(params["c1"])
    trainer.set_l2_penalty(params["c2"])
    trainer.set_max_iterations(int(params["max_iterations"]))
    model = trainer.train(xs, ys)
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out / MODEL_FILE))
    seconds = round(time.perf_counter() - started, 1)
    print(f"CRF trained on {sum(map(len, xs))} tokens in {seconds}s", file=log)
    return {"params": params, "tokens": sum(map(len, xs)), "lines": len(xs), "seconds": seconds,
            "state_features": model.num_state_features(), "transition_features": model.num_transition_features()}


def span_scores(tagger: Any, examples: list[Example]) -> dict[str, Any]:
    """Precision, recall and F1 of the labelled spans (mention and role), and of the
    mentions alone, against `examples`."""
    counts = {k: [0, 0, 0] for k in ("spans", "mentions", *LABELS)}
    for ex in examples:
        spans = tokenize(ex.text)
        got = set(decode(spans, tagger.tag(featurize(ex.text, spans)))) if spans else set()
        want = set(ex.spans)
        _count(counts["spans"], want, got)
        _count(counts["mentions"], {(s, e) for s, e, _ in want}, {(s, e) for s, e, _ in got})
        for label in LABELS:
            _count(counts[label], {x for x in want if x[2] == label}, {x for x in got if x[2] == label})
    return {k: _prf(*v) for k, v in counts.items()} | {"lines": len(examples)}


def _count(c: list[int], want: set, got: set) -> None:
    c[0] += len(want & got)
    c[1] += len(got - want)
    c[2] += len(want - got)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(2 * p * r / (p + r), 4) if p + r else 0.0, "n": tp + fn}


def silver_records(corpus: Path, jobs: int) -> Iterator[dict[str, Any]]:
    """The rules' records of every document under `corpus` (the model stage kept off)."""
    from vanban.extract import extract_paths
    from vanban.learn import modes

    modes.set_mode("rules")
    yield from extract_paths([corpus], jobs=jobs)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def train(records: Iterable[dict[str, Any]], gold: Path = GOLD_DIR, out: Path = MODEL_DIR,
          extra_test: Iterable[Path] = (), params: dict[str, float] | None = None,
          log: Any = sys.stderr) -> dict[str, Any]:
    """The whole recipe: examples from `records`, a fit, held-out scores; written to `out`."""
    from underthesea_core import CRFTagger

    split = load_split(gold, extra_test)
    records = list(records)
    examples, stats = training_examples([r for r in records if not held_out(r.get("source", ""))], split)
    held, held_stats = training_examples([r for r in records if held_out(r.get("source", ""))], split, negatives=1.0)
    print(f"training on {stats['lines']} lines of {stats['documents']} documents "
          f"({stats['gold_dev_documents']} with gold, {stats['excluded_test_documents']} test documents left out)", file=log)
    fit_log = fit(examples, out, params, log)
    tagger = CRFTagger()
    tagger.load(str(out / MODEL_FILE))
    info: dict[str, Any] = {"model": "linear-chain CRF (underthesea_core)", "labels": list(LABELS), "data": stats,
            "held_out": {**held_stats, "scores": span_scores(tagger, held) if held else None}, "training": fit_log}
    (out / "training.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    scores = info["held_out"]["scores"]
    print(f"model written to {out}; held-out spans F1 {scores['spans']['f'] if scores else '-'}", file=log)
    return info


def run_cli(args: argparse.Namespace) -> int:
    """`vanban train` (app/cli/train.py reads the options into `args`)."""
    if args.records:
        records: Iterable[dict[str, Any]] = read_records(args.records)
    elif args.corpus.is_dir():
        records = silver_records(args.corpus, args.jobs)
    else:
        print(f"vanban train: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    train(records, args.gold, args.out, args.exclude, {"max_iterations": args.iterations})
    return 0
