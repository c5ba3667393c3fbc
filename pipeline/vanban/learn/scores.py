"""What the rules, the model and both give on the gold: `vanban evaluate --assignments all`.

Each gold document runs through the pipeline once (rules); the model then reads the same
Document, and the assignments of each mode replace the record's before it is scored, so the
three rows differ in their assignments only. Each part of the gold (dev, test) is its own
table: the test part is the figure that counts, the dev part is what the model learnt from.
"""

from __future__ import annotations

from pathlib import Path

from vanban.app.evaluate import Report, gold_document, load_gold, score_document
from vanban.learn import modes, predict

ASSIGNMENT_FIELDS = ("agencies", "agency+role", "deadlines")


def evaluate_modes(gold_dir: Path, corpus: Path, only: str | None = None, split: str = "all",
                   which: tuple[str, ...] = modes.MODES) -> dict[str, Report]:
    previous = modes.mode()
    modes.set_mode("rules")
    try:
        reports: dict[str, Report] = {m: Report([]) for m in which}
        for name, gold in load_gold(gold_dir, split):
            if only and only not in name:
                continue
            doc = gold_document(gold, corpus)  # a bulk file's line too ("<file>#N")
            rules = list(doc.assignments)
            model = predict.predict_scored(doc) if any(m != "rules" for m in which) and doc.text else []
            for m in which:
                doc.assignments = predict.combine(rules, model, m)
                score = score_document(name, gold, doc.to_record())
                score.split = gold["split"]
                reports[m].docs.append(score)
            doc.assignments = rules
    finally:
        modes.set_mode(previous if previous != "rules" else None)
    return reports


def format_modes(reports: dict[str, Report], parts: list[str] | None = None) -> str:
    """One table per part of the gold: P, R, F1 of the assignment fields for each mode."""
    first = next(iter(reports.values()))
    lines: list[str] = []
    for part in parts or first.splits() or ["all"]:
        docs = len(first.part(part).docs)
        lines += [f"== {part} ({docs} documents) ==",
                  f"{'assignments':<13}" + "".join(f"{f + ' P / R / F1':>27}" for f in ASSIGNMENT_FIELDS)]
        for m, report in reports.items():
            cells = []
            for f in ASSIGNMENT_FIELDS:
                c = report.part(part).counts(f)
                cells.append(f"{c.precision:>9.3f}{c.recall:>9.3f}{c.f1:>9.3f}")
            lines.append(f"{m:<13}" + "".join(cells))
        lines.append("")
    return "\n".join(lines).rstrip()
