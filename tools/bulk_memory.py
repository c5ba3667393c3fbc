"""Peak memory of `vanban extract` on 1 and 2 copies of a bulk file: flat, since each record
goes to the JSON lines and the store as soon as it is made.

    python tools/bulk_memory.py ../shared/corpus/vbpl_vn/vbpl_all_999_extracted.jsonl.gz [--lines 200] [--db]

`--lines N` takes the file's first N lines as "one copy" (the whole file takes minutes);
two copies are those lines twice over, one file. Each run is its own process, started
fresh; its peak resident memory (ru_maxrss) is printed, then the ratio of the two. Exit 1
when two copies take more than 20 % above one.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT = 1.20


def _child(bulk: str, out: str, db: str | None) -> None:
    from vanban.app.cli import main

    args = ["extract", bulk, "--jsonl", out] + (["--db", db] if db else [])
    code = main(args)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{peak_kb} {code}")


def _lines(path: Path, n: int | None) -> list[bytes]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        out = []
        for raw in fh:
            out.append(raw)
            if n is not None and len(out) == n:
                break
    return out


def _measure(bulk: Path, folder: Path, db: bool) -> tuple[float, float]:
    started = time.perf_counter()
    cmd = [sys.executable, __file__, "--child", str(bulk), str(folder / f"{bulk.stem}.out.jsonl")]
    if db:
        cmd.append(str(folder / f"{bulk.stem}.db"))
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.exit(f"run failed: {proc.stderr[-2000:]}")
    peak_kb = int(proc.stdout.split()[-2])
    return peak_kb / 1024, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bulk", type=Path)
    ap.add_argument("--lines", type=int, help="the first N lines of the file as one copy")
    ap.add_argument("--db", action="store_true", help="write a store too")
    args = ap.parse_args(argv)
    lines = _lines(args.bulk, args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one, two = folder / "one.jsonl", folder / "two.jsonl"
        one.write_bytes(b"".join(lines))
        two.write_bytes(b"".join(lines) * 2)
        peaks = []
        for copies, bulk in ((1, one), (2, two)):
            peak, seconds = _measure(bulk, folder, args.db)
            peaks.append(peak)
            print(f"{copies} cop{'y' if copies == 1 else 'ies'} ({copies * len(lines)} lines): "
                  f"peak {peak:.0f} MB in {seconds:.0f} s", flush=True)
    ratio = peaks[1] / peaks[0]
    print(f"2 copies / 1 copy: {ratio:.2f} ({'flat' if ratio <= LIMIT else 'NOT flat'}, limit {LIMIT:.2f})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sys.exit(main())
