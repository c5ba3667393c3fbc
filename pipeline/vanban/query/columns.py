"""What every column of the tables of `vanban.query.tables.load()` holds (and of the Parquet
files of `vanban export`), from `data/columns.json`. `tests/test_tables.py` checks that the
tables have exactly these columns, so the list cannot drift from them; `docs/tables.md` is
written from it."""

from __future__ import annotations

from vanban.rules import load_rules

COLUMNS: dict[str, dict[str, str]] = load_rules("columns")["tables"]


def markdown() -> str:
    """The column reference as Markdown (docs/tables.md)."""
    out = ["# The tables of `vanban.query.tables.load()`", "",
           "Written from `pipeline/vanban/query/columns.py`; `vanban export` writes the same tables.", ""]
    for table, columns in COLUMNS.items():
        out += [f"## {table}", "", "| column | what |", "|---|---|"]
        out += [f"| `{c}` | {what.replace('|', chr(92) + '|')} |" for c, what in columns.items()]
        out.append("")
    return "\n".join(out)
