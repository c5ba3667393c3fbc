"""The web app under load, on loopback: requests/s, p50 and p99 for 1 and 20 clients.

    python -m vanban.app.web.bench --db vanban.db            # starts `vanban serve` itself
    python -m vanban.app.web.bench --url http://127.0.0.1:8000 [--old]

Each client is a thread with its own keep-alive connection, asking in turn what an official
would: questions (HTML answer pages), documents' pages, lineage diagrams and the documents'
list, in a shuffled order. By default every question is one the server was never asked
(a topic of `web_words.json`'s `bench_topics` in one of its `bench_forms`, or an agency of the
store in one of `bench_agency_forms`, each asked once in the whole run): the honest workload,
since the app keeps the answers of recent questions and a repeated question costs it nothing.
`--repeat` asks the twelve `bench_questions` again and again instead (after a warm-up round,
every answer comes from the app's memory). The warm-up only starts the workers (their first
pages and two questions of their own). `--old` uses the paths of the standard-library server
this app replaced (/lineage, /doc/…), to measure it the same way. Bounded: at most `--requests`
per run and `--seconds` of load, and only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from vanban.app.web.words import words

LINEAGES = ("75-KL/TW", "57-NQ/TW", "28-CT/TW", "104-CTr/TU")


def _loopback(host: str) -> bool:
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return False


QUESTION = "?"  # a workload's slot for the next question never asked


class Questions:
    """Questions never asked before, each handed out once (thread-safe)."""

    def __init__(self, db: Path, seed: int = 14) -> None:
        said = words()
        conn = sqlite3.connect(f"file:{db.resolve()}?mode=ro", uri=True)
        agencies = [r[0] for r in conn.execute(
            "SELECT agency FROM assignments WHERE agency IS NOT NULL GROUP BY agency ORDER BY count(*) DESC, agency LIMIT 300")]
        conn.close()
        pool = [f.format(topic=t) for t in said["bench_topics"] for f in said["bench_forms"]]
        pool += [f.format(agency=a) for a in agencies for f in said["bench_agency_forms"]]
        pool = list(dict.fromkeys(q for q in pool if q not in said["bench_questions"]))
        random.Random(seed).shuffle(pool)
        self.pool = pool
        self._next = iter(pool)
        self._lock = threading.Lock()
        self.used = 0

    def take(self) -> str | None:
        with self._lock:
            q = next(self._next, None)
            self.used += q is not None
            return q


def workload(db: Path, old: bool, repeat: bool = False, seed: int = 14) -> list[str]:
    """The paths a client asks, once each per round; `QUESTION` slots take fresh questions."""
    conn = sqlite3.connect(f"file:{db.resolve()}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute("SELECT id FROM documents WHERE id IN (SELECT doc_id FROM assignments)"
                                      " ORDER BY id LIMIT 400")]
    conn.close()
    rng = random.Random(seed)
    docs = rng.sample(ids, min(6, len(ids)))
    asked = words()["bench_questions"]
    paths = [f"/?q={quote(q)}" for q in asked] if repeat else [QUESTION] * len(asked)
    paths += [(f"/lineage?doc={quote(c)}" if old else f"/luoc-do?doc={quote(c, safe='')}") for c in LINEAGES]
    paths += [(f"/doc/{quote(i)}" if old else f"/van-ban/{quote(i, safe='')}") for i in docs]
    if not old:
        paths.append("/van-ban")
    return paths


def run(url: str, paths: list[str], clients: int, requests: int, seconds: float,
        fresh: Questions | None = None) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[float] = []
    asked: list[float] = []  # of the questions only
    slowest: list[tuple[float, str]] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        order = paths[:]
        rng.shuffle(order)
        conn = http.client.HTTPConnection(host, port, timeout=60)
        i = 0
        while time.monotonic() < deadline:
            try:
                next(counter)
            except StopIteration:
                break
            path = order[i % len(order)]
            i += 1
            if path == QUESTION:
                q = fresh.take() if fresh else None
                if q is None:
                    continue  # every question of the pool asked: the run ends with the pages
                path = f"/?q={quote(q)}"
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status < 500
                if resp.getheader("connection", "").lower() == "close" or resp.version == 10:
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=60)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if path.startswith("/?q="):
                    asked.append(elapsed)
                slowest.append((elapsed, path))
                errors += not ok
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    slowest.sort(reverse=True)
    return {"slowest": slowest[:3], "clients": clients, "requests": len(latencies), "errors": errors, "seconds": wall,
            "rps": len(latencies) / wall if wall else 0.0, "p50": _quantile(latencies, 0.5),
            "p99": _quantile(latencies, 0.99), "questions": len(asked), "q_p50": _quantile(asked, 0.5),
            "q_p99": _quantile(asked, 0.99)}


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if q == 0.5:
        return statistics.median(values)
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by a process and its children that are still
    running (the server and its workers), from /proc; None where there is no /proc. What a
    request costs the server, whatever else the machine runs: wall-clock latencies on a shared
    machine measure the neighbours too."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        pids, i = [pid], 0
        while i < len(pids):  # the server, its workers, theirs
            pids += [int(c) for c in Path(f"/proc/{pids[i]}/task/{pids[i]}/children").read_text().split()]
            i += 1
        total = 0
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks
    except (OSError, ValueError, IndexError):
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path, workers: int | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    cmd = [sys.executable, "-m", "vanban", "serve", "--db", str(db), "--port", str(port), "--quiet"]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/van-ban", timeout=30).close()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("vanban: the server did not start")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m vanban.app.web.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="vanban.db", help="the store (its documents make the workload; served when no --url)")
    p.add_argument("--url", help="a server already running on loopback")
    p.add_argument("--old", action="store_true", help="the paths of the standard-library server (before)")
    p.add_argument("--workers", type=int, help="worker processes of the server started here")
    p.add_argument("--clients", default="1,20", help="concurrent clients, comma-separated (default 1,20)")
    p.add_argument("--requests", type=int, default=300, help="requests per run, at most (default 300)")
    p.add_argument("--seconds", type=float, default=60.0, help="seconds of load per run, at most (default 60)")
    p.add_argument("--repeat", action="store_true",
                   help="the twelve bench_questions again and again (answered from the app's memory after the warm-up)"
                        " instead of questions never asked")
    p.add_argument("--warm", type=int, default=1, help="rounds of the workload by each of 4 clients before measuring"
                   " (default 1; without --repeat their question slots are pages and two questions of their own)")
    args = p.parse_args(argv)
    db = Path(args.db)
    if args.requests > 5000 or args.seconds > 600:
        p.error("bounded: at most 5000 requests and 600 seconds a run")
    proc = None
    if args.url:
        if not _loopback(urlsplit(args.url).hostname or ""):
            p.error("loopback only: the URL must be 127.0.0.1, ::1 or localhost")
        url = args.url
    else:
        proc, url = _start(db, args.workers)
    try:
        paths = workload(db, args.old, args.repeat)
        fresh = None if args.repeat else Questions(db)
        if args.warm:
            # several connections, so that every worker process has seen the pages once; the
            # questions asked here are not asked again
            warm = paths if args.repeat else [p for p in paths if p != QUESTION] + [QUESTION]
            run(url, warm, 4, len(warm) * args.warm * 4, args.seconds, fresh)
        kind = "the same 12 questions again and again" if args.repeat else \
            f"questions never asked before (a pool of {len(fresh.pool) if fresh else 0})"
        print(f"{url} · {len(paths)} paths a round · {kind}")
        print(f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
              f" {'questions':>9} {'q p50':>7} {'q p99':>7} {'cpu ms/req':>10}")
        for clients in (int(c) for c in args.clients.split(",")):
            before = cpu_seconds(proc.pid) if proc else None
            r = run(url, paths, clients, args.requests, args.seconds, fresh)
            after = cpu_seconds(proc.pid) if proc else None
            cpu = f"{(after - before) / r['requests'] * 1000:.0f}" if before is not None and after is not None and r["requests"] else "-"
            print(f"{clients:>7} {r['requests']:>8} {r['errors']:>6} {r['rps']:>7.1f} {r['p50'] * 1000:>7.0f} {r['p99'] * 1000:>7.0f}"
                  f" {r['questions']:>9} {r['q_p50'] * 1000:>7.0f} {r['q_p99'] * 1000:>7.0f} {cpu:>10}"
                  f"   slowest: {', '.join(f'{t * 1000:.0f} ms {unquote(p)[:40]}' for t, p in r['slowest'])}")
        print(f"load average of the machine: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
              f" on {os.cpu_count()} cores (cpu ms/req: the server's own CPU time per request, when it started here)")
        if fresh and fresh.used >= len(fresh.pool):
            print("note: the pool of questions ran out; the runs ended with pages only (fewer --requests)")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
