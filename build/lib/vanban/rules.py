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


def _flags(spec: str) -> int:
    return (re.I if "I" in spec else 0) | (re.M if "M" in spec else 0)


def flags_of(name: str, rule: dict[str, Any] | None = None) -> int:
    """A rules file matches case-insensitively unless it says otherwise ("flags": "M"), as the
    header's does: there capitals carry meaning (a place name is Title Case, an issuer UPPER).
    A rule may carry its own "flags", which then win over the file's."""
    if rule is not None and "flags" in rule:
        return _flags(rule["flags"])
    return _flags(load_rules(name).get("flags", "IM"))


@cache
def compiled(name: str, flags: int | None = None) -> dict[str, re.Pattern[str]]:
    """{rule name: compiled pattern} of a rules file whose rules carry a `pattern`; `flags`
    defaults to the file's own (see `flags_of`)."""
    return {r["name"]: re.compile(r["pattern"], flags_of(name, r) if flags is None else flags)
            for r in load_rules(name)["rules"] if "pattern" in r}


def rule_files() -> list[str]:
    return sorted(p.name[:-5] for p in DATA.iterdir() if p.name.endswith(".json"))
