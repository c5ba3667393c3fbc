"""`vanban extract`: files and folders -> records, into JSON lines and the store."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click

from vanban.app.cli.common import DEFAULT_DB, Failure, OutputPath, note, output, quiet, verbose, verbosity
from vanban.app.cli.progress import Progress

# Failures named one by one in the summary; the rest are counted (their records say why).
SHOWN_FAILURES = 25


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--jsonl", type=OutputPath(), metavar="FILE",
              help="write one JSON record per line to FILE ('-': stdout), every record of the inputs, "
                   "those the store holds unchanged included")
@click.option("--db", type=OutputPath(dash=False), is_flag=False, flag_value=DEFAULT_DB, metavar="[FILE]",
              help=f"write the records into this SQLite store (--db alone: {DEFAULT_DB}); files it holds "
                   "unchanged are not read again")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="worker processes")
@click.option("--dask", metavar="ADDRESS",
              help="run on a Dask cluster: a scheduler address (tcp://HOST:PORT), or 'local' for this "
                   "machine's cores (needs the cluster extra; workers must see the files at the same paths)")
@click.option("--ocr", is_flag=True, help="read scanned PDF pages with Tesseract (tesseract-ocr-vie; about 1 page/s)")
@click.option("--assignments", type=click.Choice(["rules", "model", "both"]), metavar="rules|model|both",
              help="who finds the assignments: the rules (default), the trained model of models/ "
                   "(models/README.md), or both")
@click.option("--summary", is_flag=True, hidden=True, help="(the summary is always printed, unless --quiet)")
@verbosity
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], jsonl: str | None, db: str | None, jobs: int,
            dask: str | None, ocr: bool, assignments: str | None, summary: bool) -> None:
    """Extract records from files or folders (recursively); '-' reads one document from stdin.

    Reads .txt, .md, .pdf, .docx, .doc and JSON-lines bulk files (.jsonl, .jsonl.gz). With
    neither --jsonl nor --db, the records go to the store vanban.db (as `make demo` does).
    The JSON lines file is written whole at the end: a run that fails or is interrupted
    leaves the previous one as it was (the store keeps every document already done, and a
    re-run goes on from there). Exit status 1 when some file could not be read: each is named
    in the summary, and its record's warnings say why.
    """
    from vanban.extract import (
        BULK_CHUNK,
        extract_units,
        is_failure,
        process_stream,
        stage_failures,
        unit_documents,
        work_units,
    )

    if assignments:
        from vanban.learn import modes  # light: the model's code loads only when a stage needs it

        modes.set_mode(assignments)
    if jobs > 1 and dask:
        raise click.UsageError("--jobs and --dask are two ways of running in parallel: give one")
    if paths.count("-") > 1:
        raise click.UsageError("standard input ('-') can be given once")
    if jsonl is None and db is None:
        db = DEFAULT_DB
        note(f"no --jsonl or --db given: the records go to the store {db}")
    if jsonl and db and jsonl != "-" and Path(jsonl).resolve() == Path(db).resolve():
        raise click.UsageError("--jsonl and --db name the same file")
    with ExitStack() as stack:
        # The store first, then the inputs, then the outputs: nothing is written until all are
        # known good, so a bad --db leaves the JSON lines of the last run as they were.
        store = _open_store(db) if db else None
        if store is not None:
            stack.callback(store.close)
        reused: list[str] = []

        def skip(source: str, sha256: str) -> bool:
            if store is not None and store.unchanged(source, sha256):
                reused.append(source)
                return True
            return False

        files = [p for p in paths if p != "-"]
        stdin = sys.stdin.buffer.read() if "-" in paths else None
        units = work_units(files, skip if store else None, BULK_CHUNK if jobs > 1 or dask else None)
        out = stack.enter_context(output(jsonl)) if jsonl else None
        client = None
        if dask:
            from vanban.app import cluster

            client = cluster.client_for(dask)
            stack.callback(cluster.close, client)
            note(f"on Dask, dashboard at {client.dashboard_link}")
        total = sum(unit_documents(u) for u in units) + (stdin is not None)
        bar = stack.enter_context(Progress(total, len({u.path for u in units}) + (stdin is not None), not quiet()))
        counts: Counter[str] = Counter()
        failed: list[tuple[str, str]] = []
        started = time.perf_counter()

        def take(record: dict[str, Any], new: bool) -> None:
            if out is not None:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if not new:
                counts["reused"] += 1
                return
            if store is not None:
                store.put(record)
            bar.advance(record)
            counts["documents"] += 1
            counts["pages"] += record.get("pages") or 0
            for key in ("sections", "references", "assignments"):
                counts[key] += len(record[key])
            if is_failure(record):
                failed.append((record["source"], "; ".join(record["warnings"]) or "no text"))
            elif stage_failures(record):
                # read, but a stage failed: some of its fields are missing, and the exit status says so
                failed.append((record["source"], "; ".join(stage_failures(record))))
            elif verbose() and record["warnings"]:
                bar.echo(f"vanban: {record['source']}: " + "; ".join(record["warnings"]))

        if out is not None and store is not None:
            from vanban.store.records import stored_records

            for source in reused:
                for record in stored_records(store, source):
                    take(record, new=False)
        if stdin is not None:
            take(process_stream(stdin, ocr=ocr).to_record(), new=True)
        if client is not None:
            from vanban.app import cluster

            records = cluster.run_units_on(client, units, ocr)
        else:
            records = extract_units(units, jobs, ocr)
        for record in records:
            take(record, new=True)
    elapsed = time.perf_counter() - started
    _summary(counts, failed, elapsed, len(reused), store is not None, jsonl, db)
    ctx.exit(1 if failed else 0)


def _open_store(db: str) -> Any:
    import sqlite3

    from vanban.store.db import Store

    try:
        return Store(db)
    except sqlite3.Error as exc:
        raise Failure(f"{db} cannot be used as a store: {exc}") from None


def _summary(counts: Counter[str], failed: list[tuple[str, str]], elapsed: float, unchanged: int, stored: bool,
             jsonl: str | None, db: str | None) -> None:
    err: IO[str] = sys.stderr
    for source, reason in failed[:SHOWN_FAILURES]:
        click.echo(f"vanban: {source}: {reason}", err=True)
    if len(failed) > SHOWN_FAILURES:
        click.echo(f"vanban: … and {len(failed) - SHOWN_FAILURES} more that could not be read "
                   "(their records' warnings say why)", err=True)
    if quiet():
        return
    docs = counts["documents"]
    rate = f" ({docs / elapsed:.1f} documents/s" + (f", {counts['pages'] / elapsed:.1f} pages/s)" if counts["pages"] else ")")
    line = (f"{docs} document{'s' * (docs != 1)} in {elapsed:.1f}s{rate if docs and elapsed > 0 else ''}: "
            f"{counts['sections']} sections, {counts['references']} references, {counts['assignments']} assignments; "
            f"{len(failed)} unreadable or failed")
    if stored:
        line += f"; {unchanged} unchanged, skipped"
        if counts["reused"]:
            line += f" ({counts['reused']} records written from the store)"
    where = [w for w in (jsonl if jsonl != "-" else None, db) if w]
    if where:
        line += " -> " + ", ".join(where)
    click.echo(line, file=err)


COMMANDS = [extract]
