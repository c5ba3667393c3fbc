"""`vanban ask "QUESTION"`: the answers on the command line, as text or JSON."""

from __future__ import annotations

import argparse
import json
import re
import sys

from vanban.query.answer import Answer, Deadline, Result, Task, ask, read
from vanban.query.question import answer_words
from vanban.query.scope import Filters
from vanban.store.db import Store, StoreError

TASKS_SHOWN = 3  # tasks printed under an agency; the rest are counted
QUOTE_CHARS = 400


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask who must do what, in Vietnamese or keywords")
    p.add_argument("question", metavar="QUESTION", help="a Vietnamese question, or keywords")
    p.add_argument("--db", default="vanban.db", metavar="FILE", help="the store (default vanban.db)")
    p.add_argument("--json", action="store_true", help="print the reading and the answers as JSON")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="agencies to answer (default 10)")
    p.add_argument("--issuer", metavar="NAME", help="only documents whose issuer contains NAME")
    p.add_argument("--under", metavar="DOC", help="only documents in the lineage of DOC (e.g. 28-CT/TW)")
    p.add_argument("--since", metavar="DATE", help="only documents dated DATE (YYYY[-MM[-DD]]) or later")
    p.set_defaults(func=ask_command)


def ask_command(args: argparse.Namespace) -> int:
    """The `ask` command: 0 with the answers printed, 1 when the store cannot be read."""
    try:
        store = Store.reader(args.db)
    except StoreError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
        return 1
    try:
        result = ask(store, read(store, args.question), args.limit, Filters(args.issuer, args.under, args.since))
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(result))
    return 0


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit] + ("…" if len(text) > limit else "")


def render(result: Result) -> str:
    label = answer_words()["labels"]
    lines = [f"({result.reading.text})"]
    if result.reading.alternatives:
        lines.append(f"({label['alternatives']}: " + " · ".join(result.reading.alternatives) + ")")
    if not result.answers:
        lines.append(label["no_answer"])
    for i, a in enumerate(result.answers, 1):
        lines += render_answer(i, a)
    return "\n".join(lines)


def render_answer(i: int, a: Answer) -> list[str]:
    label = answer_words()["labels"]
    lines = [f"{i}. {a.agency or label['no_agency']}"]
    for t in a.tasks[:TASKS_SHOWN]:
        lines += ["   " + line for line in render_task(t)]
    if len(a.tasks) > TASKS_SHOWN:
        lines.append("   … " + label["more_tasks"].format(n=len(a.tasks) - TASKS_SHOWN))
    return lines


def render_task(t: Task) -> list[str]:
    label = answer_words()["labels"]
    roles = ", ".join(answer_words()["roles"].get(r, r) for r in t.roles)
    lines = []
    if t.task:
        lines.append(f"- [{roles}] {label['task']}: {_short(t.task, QUOTE_CHARS)}")
    if t.deadline:
        lines.append(f"  {label['deadline']}: {' '.join(t.deadline.text.split())}" + _as_days(t.deadline))  # as one line
    d = t.document
    # a document whose header was not read has no code: its title tells which it is
    title = _short(d.title, 60) if d.title and not d.code else None
    where = " · ".join(x for x in (d.doc_type, d.code, title, d.issuer, d.date) if x)
    section = f", {label['section']} {t.section}" if t.section else ""
    page = f", {label['page']} {t.page}" if t.page else ""
    lines.append(f"  {label['source']}: {where or d.id}{section}{page} [{t.quote.start}:{t.quote.end}]")
    lines.append(f"  «{_short(t.passage.text, QUOTE_CHARS)}»")
    if t.evidence:
        lines.append(f"  {label['evidence']} ({label['section']} {t.evidence.section}): «{_short(t.evidence.text, 300)}»")
    return lines


def _as_days(deadline: Deadline) -> str:
    """The deadline as a day or a span of days, after its printed words: " (2026-05-31)"."""
    if deadline.date:
        return f" ({deadline.date})"
    if deadline.interval:
        return f" ({deadline.interval[0]} – {deadline.interval[1]})"
    return ""
