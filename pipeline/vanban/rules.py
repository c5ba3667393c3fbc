"""Rules are data: JSON files in `vanban/data/`, each rule with the real examples it must match.

A rules file looks like::

    {"description": "...", "source": "where the examples come from",
     "rules": [{"name": "...", "pattern": "regex", "examples": ["..."], "counter_examples": ["..."]}]}

`tests/test_rules.py` checks every pattern against its examples, so a rule cannot drift away
from the documents it was written for.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

DATA = resources.files("vanban") / "data"


@cache
def load_rules(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def flags_of(name: str) -> int:
    """A rules file matches case-insensitively unless it says otherwise ("flags": "M"), as the
    header's does: there capitals carry meaning (a place name is Title Case, an issuer UPPER)."""
    spec = load_rules(name).get("flags", "IM")
    return (re.I if "I" in spec else 0) | (re.M if "M" in spec else 0)


@cache
def compiled(name: str, flags: int | None = None) -> dict[str, re.Pattern[str]]:
    """{rule name: compiled pattern} of a rules file whose rules carry a `pattern`; `flags`
    defaults to the file's own (see `flags_of`)."""
    f = flags_of(name) if flags is None else flags
    return {r["name"]: re.compile(r["pattern"], f) for r in load_rules(name)["rules"] if "pattern" in r}


def rule_files() -> list[str]:
    return sorted(p.name[:-5] for p in DATA.iterdir() if p.name.endswith(".json"))
