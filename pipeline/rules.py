"""Rules are data: JSON files in `pipeline/data/`, each rule with the real examples it must match.

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

DATA = resources.files("pipeline") / "data"


@cache
def load_rules(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def compiled(name: str, flags: int = re.I | re.M) -> dict[str, re.Pattern[str]]:
    """{rule name: compiled pattern} of a rules file whose rules carry a `pattern`."""
    return {r["name"]: re.compile(r["pattern"], flags) for r in load_rules(name)["rules"] if "pattern" in r}


def rule_files() -> list[str]:
    return sorted(p.name[:-5] for p in DATA.iterdir() if p.name.endswith(".json"))
