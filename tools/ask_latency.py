"""Question latency: the dev questions of corpus/questions/ asked in process of a store, each
once to warm the caches and then timed; prints the median and the slowest per kind of question.

    python tools/ask_latency.py vanban.db

It only imports `vanban.query.ask.ask`, so two versions of the code can be timed side by side
on one store (run it with each checkout's interpreter)."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from vanban.query.ask import ask
from vanban.store.db import Store

QUESTIONS = Path(__file__).resolve().parents[1] / "corpus" / "questions" / "dev.jsonl"


def main(db: str, rounds: int = 3) -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    store = Store.reader(db)
    try:
        for q in questions:
            ask(store, q["question"])
        times: dict[str, list[float]] = defaultdict(list)
        for q in questions:
            best = min(_timed(store, q["question"]) for _ in range(rounds))
            times[q["kind"]].append(best)
            times["all"].append(best)
    finally:
        store.close()
    for kind, ms in sorted(times.items()):
        print(f"{kind:9} n={len(ms):3}  median {statistics.median(ms):7.0f} ms  max {max(ms):7.0f} ms")


def _timed(store: Store, question: str) -> float:
    start = time.perf_counter()
    ask(store, question)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "vanban.db")
