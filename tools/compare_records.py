"""Compare two JSON-lines outputs of `vanban extract`, record by record.

    vanban extract corpus/seed ../shared/corpus --jsonl before.jsonl   # on the old tree
    vanban extract corpus/seed ../shared/corpus --jsonl after.jsonl    # on the new tree
    python tools/compare_records.py before.jsonl after.jsonl [--show 5]

Records are matched by `source` (a bulk line's source names its line), so the order of a
parallel run does not matter. Exit 0 when every record is byte-identical, 1 otherwise, with
the sources that differ and, for the first few, the top-level keys whose values differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _records(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            source = json.loads(line).get("source") or f"<line {n}>"
            # two records of one source (a failure record beside a partial one) keep their order
            key = source
            while key in out:
                key += "+"
            out[key] = line
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--show", type=int, default=5, help="records whose differing keys are listed")
    args = ap.parse_args(argv)
    a, b = _records(args.before), _records(args.after)
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    changed = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    for k in only_a:
        print(f"only before: {k}")
    for k in only_b:
        print(f"only after:  {k}")
    for k in changed[: args.show]:
        ra, rb = json.loads(a[k]), json.loads(b[k])
        keys = sorted(key for key in ra.keys() | rb.keys() if ra.get(key) != rb.get(key))
        print(f"changed: {k}: {', '.join(keys)}")
    if len(changed) > args.show:
        print(f"... and {len(changed) - args.show} more changed records")
    same = len(a.keys() & b.keys()) - len(changed)
    print(f"{same} identical, {len(changed)} changed, {len(only_a)} only before, {len(only_b)} only after")
    return 0 if not (changed or only_a or only_b) else 1


if __name__ == "__main__":
    sys.exit(main())
