"""`vanban`: a thin shell over the importable functions of the package."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TextIO

from vanban.extract import extract_paths, is_failure


def _cmd_extract(args: argparse.Namespace) -> int:
    from vanban.app import cluster  # imports no Dask until a cluster is asked for

    client = None
    out: TextIO | None = None
    if args.jsonl == "-":
        out = sys.stdout
    elif args.jsonl:
        out = open(args.jsonl, "w", encoding="utf-8")  # noqa: SIM115 - closed after the batch
    store = None
    if args.db:
        from vanban.store.db import Store

        store = Store(args.db)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"vanban: no such file or folder: {p}", file=sys.stderr)
    paths = [p for p in args.paths if Path(p).exists()]
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    failed: list[tuple[str, str]] = []
    try:
        skip = store.unchanged if store else None
        if args.dask:
            client = cluster.client_for(args.dask)
            print(f"vanban: on Dask, dashboard at {client.dashboard_link}", file=sys.stderr)
            records = cluster.extract_on(client, paths, skip=skip, ocr=args.ocr)
        else:
            records = extract_paths(paths, jobs=args.jobs, skip=skip, ocr=args.ocr)
        for record in records:
            counts["documents"] += 1
            counts["assignments"] += len(record["assignments"])
            counts["references"] += len(record["references"])
            counts["sections"] += len(record["sections"])
            if is_failure(record):
                reason = "; ".join(record["warnings"]) or "no text"
                failed.append((record["source"], reason))
                print(f"vanban: {record['source']}: {reason}", file=sys.stderr)
            if out is not None:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if store is not None:
                store.put(record)
    except cluster.ClusterError as exc:
        print(f"vanban: {exc}", file=sys.stderr)
        return 1
    finally:
        if client is not None:
            cluster.close(client)
        if out is not None and out is not sys.stdout:
            out.close()
        if store is not None:
            counts["skipped (unchanged)"] = store.skipped
            store.close()
    if args.summary or out is not sys.stdout:
        elapsed = time.perf_counter() - started
        print(
            f"{counts['documents']} documents in {elapsed:.1f}s: {counts['sections']} sections, "
            f"{counts['references']} references, {counts['assignments']} assignments; "
            f"{len(failed)} unreadable" + (f"; {counts['skipped (unchanged)']} unchanged, skipped" if store else ""),
            file=sys.stderr,
        )
    return 1 if failed or missing else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vanban", description="Read Vietnamese administrative documents: who must do what, by when, on whose orders.")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract records from files or folders (recursively)")
    ex.add_argument("paths", nargs="+", metavar="PATH")
    ex.add_argument("--jsonl", metavar="FILE", help="write one JSON record per line to FILE ('-' for stdout)")
    ex.add_argument("--db", metavar="FILE", nargs="?", const="vanban.db",
                    help="also write the records into this SQLite store (--db alone: vanban.db)")
    ex.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    ex.add_argument("--dask", metavar="ADDRESS",
                    help="run on a Dask cluster: a scheduler address, or 'local' for this machine's cores"
                         " (needs the cluster extra; workers must see the files at the same paths)")
    ex.add_argument("--ocr", action="store_true",
                    help="read scanned PDF pages with Tesseract (tesseract-ocr-vie; about 1 page/s)")
    ex.add_argument("--summary", action="store_true", help="print a one-line summary on stderr")
    ex.set_defaults(func=_cmd_extract)
    # Each further command lives in its own module, which adds its sub-parser.
    from vanban.app import ask_cli, evaluate, web
    from vanban.query import graph, lineage

    for module in (evaluate, ask_cli, lineage, graph, web):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
