"""`vanban evaluate`: score the pipeline against the gold annotations of `corpus/gold/`.

The gold is split once into a development part (`corpus/gold/dev/`, the documents rules may be
written from) and a test part (`corpus/gold/test/`, documents chosen where the development gold
was thin, annotated by people who never saw the rules, and read by nobody who writes them);
each part is scored and reported on its own, and the figure that counts is the test part's.
The test part is blind: its per-document breakdowns and diffs are not printed.

The scorer (metadata as accuracy, sets as precision / recall / F1) is `app/scoring.py`; this
module finds the gold, runs the pipeline on its documents and prints the reports.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.app.scoring import META_FIELDS, SET_FIELDS, SPLITS, Counts, Report, score_document

if TYPE_CHECKING:
    from vanban.model import Document

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "corpus" / "gold"
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
BASELINE = GOLD_DIR / "baseline.json"
# per-document output would show what the rules miss on documents nobody may tune on
BLIND_SPLITS = ("test",)


# --- running ------------------------------------------------------------------------------------


def load_gold(gold_dir: Path, split: str = "all") -> list[tuple[str, dict[str, Any]]]:
    """(name, gold) of the annotations of one part ("dev", "test") or of both ("all"), each
    with its part in `gold["split"]`. A folder without dev/ and test/ (agreement/, an older
    checkout) is one part: its files count as dev."""
    parts = [s for s in SPLITS if (gold_dir / s).is_dir()]
    folders = [(s, gold_dir / s) for s in parts if split in ("all", s)] if parts else \
        ([("dev", gold_dir)] if split in ("all", "dev") else [])
    out = []
    for part, folder in folders:
        for path in sorted(folder.glob("*.json")):
            if path.name == BASELINE.name:
                continue
            gold = json.loads(path.read_text(encoding="utf-8"))
            gold["split"] = part  # the folder decides, whatever the file says
            out.append((path.stem, gold))
    return out


def source_path(gold: dict[str, Any], corpus: Path) -> Path:
    rel = gold["source"].partition("#")[0]
    if rel.startswith("seed/"):
        return ROOT / "corpus" / rel
    return corpus / rel


def gold_document(gold: dict[str, Any], corpus: Path) -> Document:
    """The gold's document through the pipeline; a source "<bulk file>#N" is line N of that
    bulk file, named as `vanban extract` names its records."""
    from vanban.extract import iter_bulk, process_file

    line = gold["source"].partition("#")[2]
    if line:
        return next(iter_bulk(source_path(gold, corpus), (int(line), int(line))))
    return process_file(source_path(gold, corpus))


def evaluate(gold_dir: Path = GOLD_DIR, corpus: Path = CORPUS_DIR, only: str | None = None,
             split: str = "all") -> Report:
    docs = []
    for name, gold in load_gold(gold_dir, split):
        if only and only not in name:
            continue
        record = gold_document(gold, corpus).to_record()
        score = score_document(name, gold, record)
        score.split = gold["split"]
        docs.append(score)
    return Report(docs)


def agreement(gold_dir: Path = GOLD_DIR) -> Report:
    """Score each second annotation (gold/agreement/) against the first, with the same scorer."""
    docs = []
    first = dict(load_gold(gold_dir))
    for name, second in load_gold(gold_dir / "agreement"):
        if name in first:
            score = score_document(name, first[name], second)
            score.split = first[name]["split"]
            docs.append(score)
    return Report(docs)


def format_table(report: Report) -> str:
    lines = [f"documents: {len(report.docs)}", "", f"{'metadata':<22}{'accuracy':>9}{'n':>5}"]
    for f in META_FIELDS:
        acc, n = report.meta_accuracy(f)
        lines.append(f"{f:<22}{acc:>9.3f}{n:>5}")
    lines += ["", f"{'set field':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for f in SET_FIELDS:
        c = report.counts(f)
        lines.append(f"{f:<22}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    return "\n".join(lines)


def format_markdown(report: Report, split: str = "all") -> str:
    """The table for docs/accuracy.md."""
    where = f"`corpus/gold/{split}/`" if split in SPLITS else "`corpus/gold/`"
    lines = [f"Scored on {len(report.docs)} gold documents of {where} by `vanban evaluate`.", "",
             "| metadata field | accuracy |", "|---|---|"]
    for f in META_FIELDS:
        lines.append(f"| {f} | {report.meta_accuracy(f)[0]:.3f} |")
    lines += ["", "| set field | precision | recall | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    for f in SET_FIELDS:
        c = report.counts(f)
        lines.append(f"| {f} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} |")
    return "\n".join(lines) + "\n"


def format_docs(report: Report) -> str:
    head = f"{'document':<60}" + "".join(f"{f[:9]:>10}" for f in SET_FIELDS) + "  metadata wrong"
    lines = [head]
    for d in report.docs:
        cells = []
        for f in SET_FIELDS:
            c = Counts()
            c.add(*d.sets[f])
            cells.append(f"{c.f1:>10.2f}" if (c.tp + c.fp + c.fn) else f"{'-':>10}")
        wrong = [f for f, (g, p) in d.meta.items() if g != p]
        lines.append(f"{d.name[:59]:<60}" + "".join(cells) + "  " + ",".join(wrong))
    return "\n".join(lines)


def format_diff(report: Report, what: str) -> str:
    lines = []
    for d in report.docs:
        if what in META_FIELDS:
            g, p = d.meta[what]
            if g != p:
                lines.append(f"{d.name}\n  gold: {g}\n  pred: {p}")
            continue
        gold_set, pred_set = d.sets[what]
        missed, extra = sorted(map(str, gold_set - pred_set)), sorted(map(str, pred_set - gold_set))
        if missed or extra:
            lines.append(d.name)
            lines += [f"  - missed {m}" for m in missed]
            lines += [f"  + extra  {e}" for e in extra]
    return "\n".join(lines) or f"no differences in {what}"


def run_cli(args: argparse.Namespace) -> int:
    """`vanban evaluate` (app/cli/evaluate.py reads the options into `args`)."""
    if args.questions:
        from vanban.app import evaluate_questions

        return evaluate_questions.run_cli(args)
    if args.agreement:
        report = agreement(args.gold)
    else:
        if not args.corpus.is_dir():
            print(f"vanban evaluate: corpus folder not found: {args.corpus}", file=sys.stderr)
            return 2
        if args.assignments == "rules":
            report = evaluate(args.gold, args.corpus, args.only, args.split or "all")
        else:
            from vanban.learn import scores  # the trained model's rows: vanban/learn

            reports = scores.evaluate_modes(args.gold, args.corpus, args.only, args.split or "all")
            if args.assignments == "all":
                print(scores.format_modes(reports, [args.split] if args.split else None))
                return 0
            report = reports[args.assignments]
    # each part on its own unless one was asked for ("all" scores both as one set)
    parts = [args.split] if args.split else (report.splits() if not args.agreement else ["all"]) or ["all"]
    if args.json:
        data = {p: report.part(p).to_json(per_doc=args.docs and p not in BLIND_SPLITS) for p in parts}
        print(json.dumps(data if len(parts) > 1 or args.split else data[parts[0]], ensure_ascii=False, indent=2))
    elif args.markdown:
        print("\n".join((f"### {p}\n\n" if len(parts) > 1 else "") + format_markdown(report.part(p), p) for p in parts), end="")
    else:
        for i, p in enumerate(parts):
            if len(parts) > 1:
                print(("\n" if i else "") + f"== {p} ==")
            print(format_table(report.part(p)))
        if args.docs or args.diff:
            # the test part is blind: nobody writing rules may see its documents one by one
            shown = Report([d for d in report.part(args.split or "all").docs if d.split not in BLIND_SPLITS])
            hidden = len(report.part(args.split or "all").docs) - len(shown.docs)
            if hidden:
                print(f"\n({hidden} documents of the blind test part left out of the per-document output)")
            if args.docs:
                print()
                print(format_docs(shown))
            if args.diff:
                print()
                print(format_diff(shown, args.diff))
    if args.write_baseline and not args.agreement and not args.only and args.split in (None, "all") \
            and args.assignments == "rules":
        baseline = {p: report.part(p).headline() for p in report.splits()}
        target = Path(args.gold) / BASELINE.name
        target.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"baseline written to {target}", file=sys.stderr)
    return 0
