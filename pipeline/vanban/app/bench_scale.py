"""Scale benchmark: `python -m vanban.app.bench_scale --records FILE` (or `--db STORE`; `make
bench-scale`).

Prints, for the records of a corpus (`vanban extract … --jsonl FILE`) and for a store of ten
times as many documents (`store.replicate`: the corpus copied with fresh ids and keys):
* seconds per 1,000 documents put into a new store (the store's own work: index forms,
  segmentation of the tasks, SQLite), and the store's bytes per document;
* the latency of `vanban ask` and `vanban lineage` from a fresh process (medians, wall time
  and the process's CPU time), on a few questions of corpus/questions/dev.jsonl and a few codes;
* the latency of topic questions in one process (the second asking: what a server pays).
`--stores --work DIR` measures the stores a previous run left in DIR without making them again.
Numbers go to the issue notes, not to a timed test.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
QUESTIONS = ROOT / "corpus" / "questions" / "dev.jsonl"
LINEAGES = ("75-KL/TW", "57-NQ/TW", "28-CT/TW")


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _stored_records(db: Path) -> Iterator[dict[str, Any]]:
    from vanban.store.db import Store

    store = Store.reader(db)
    try:
        for row in store.db.execute("SELECT id FROM documents ORDER BY source").fetchall():
            record = store.record(row["id"])
            if record is not None:
                yield record
    finally:
        store.close()


def store_records(records: Iterator[dict[str, Any]], out: Path) -> tuple[int, float]:
    """Put the records into a new store at `out`: (documents, seconds in `put`)."""
    from vanban.store.db import Store

    store = Store(out)
    n, spent = 0, 0.0
    try:
        for record in records:
            start = time.perf_counter()
            store.put(record)
            spent += time.perf_counter() - start
            n += 1
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return n, spent


def size(db: Path) -> tuple[int, int]:
    """(bytes of the store's files, documents)."""
    import sqlite3

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        docs = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()
    files = [db, Path(f"{db}-wal")]
    return sum(f.stat().st_size for f in files if f.exists()), docs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh_process(args: list[str], runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `vanban ARGS` in a new Python process each time: on a
    shared machine the CPU time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "vanban", *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def in_process(db: Path, questions: list[str], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of a topic question asked again in one process (reading
    included)."""
    from vanban.query.answer import ask, read
    from vanban.store.db import Store

    store = Store.reader(db)
    try:
        walls, cpus = [], []
        for q in questions:
            ask(store, read(store, q))  # the store's vocabulary and pages are read once per process
            for _ in range(repeat):
                start, cpu = time.perf_counter(), time.process_time()
                ask(store, read(store, q))
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - cpu)
    finally:
        store.close()
    return statistics.median(walls), statistics.median(cpus)


def latency(db: Path, asked: list[str], topics: list[str], runs: int) -> None:
    for q in asked:
        wall, cpu = fresh_process(["ask", q, "--db", str(db)], runs)
        print(f"    ask      {wall:6.2f} s ({cpu:.2f} s CPU)   {q[:70]}")
    for code in LINEAGES:
        wall, cpu = fresh_process(["lineage", code, "--db", str(db)], runs)
        print(f"    lineage  {wall:6.2f} s ({cpu:.2f} s CPU)   {code}")
    wall, cpu = in_process(db, topics, runs)
    print(f"    topic questions in process: {1000 * wall:.0f} ms ({1000 * cpu:.0f} ms CPU; median of {len(topics)})")


def make_stores(args: argparse.Namespace, one: Path, big: Path) -> None:
    from vanban.store.replicate import replicate

    for f in (one, big, Path(f"{one}-wal"), Path(f"{one}-shm")):
        f.unlink(missing_ok=True)
    docs, spent = store_records(_records(args.records) if args.records else _stored_records(args.db), one)
    print(f"store: {docs} documents put in {spent:.1f} s: {1000 * spent / max(docs, 1):.1f} s per 1,000 documents")
    start = time.perf_counter()
    replicate(one, big, args.times)
    print(f"replicated {args.times}x in {time.perf_counter() - start:.1f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m vanban.app.bench_scale", description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--records", type=Path, help="records of a corpus (vanban extract … --jsonl FILE)")
    src.add_argument("--db", type=Path, help="a store: its records are put again")
    src.add_argument("--stores", action="store_true",
                     help="measure the stores a previous run left in --work (1x.db and its copy), without making them")
    p.add_argument("--times", type=int, default=10, help="copies in the large store (default 10)")
    p.add_argument("--work", type=Path, help="folder for the stores made (default: a temporary one)")
    p.add_argument("--runs", type=int, default=3, help="runs per latency (default 3; the median is printed)")
    args = p.parse_args(argv)
    if args.stores and not args.work:
        p.error("--stores needs --work, the folder of the stores")
    work = args.work or Path(tempfile.mkdtemp(prefix="vanban-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    one, big = work / "1x.db", work / f"{args.times}x.db"
    if args.stores:
        missing = [str(f) for f in (one, big) if not f.is_file()]
        if missing:
            p.error(f"no store {', '.join(missing)}: run with --records first")
    else:
        make_stores(args, one, big)
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    topics = [q["question"] for q in questions if q["kind"] == "topic"]
    asked = [next(q["question"] for q in questions if q["kind"] == kind) for kind in ("topic", "agency", "document", "place")]
    for db in (one, big):
        total, n = size(db)
        print(f"{db.name}: {n} documents, {total / 1e6:.1f} MB, {total / max(n, 1) / 1e3:.1f} kB per document")
        latency(db, asked, topics, args.runs)
    print(f"stores in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
