"""Every rule in pipeline/data matches its own examples and none of its counter-examples."""

from __future__ import annotations

import re

import pytest

from vanban.rules import flags_of, load_rules, rule_files

RULED = [(f, r) for f in rule_files() for r in load_rules(f).get("rules", []) if "pattern" in r]


def test_every_rule_file_has_a_description() -> None:
    for name in rule_files():
        assert load_rules(name).get("description"), name


@pytest.mark.parametrize("file,rule", RULED, ids=[f"{f}:{r['name']}" for f, r in RULED])
def test_rule_matches_its_examples(file: str, rule: dict) -> None:
    pattern = re.compile(rule["pattern"], flags_of(file))
    assert rule.get("examples"), f"{file}:{rule['name']} has no examples"
    for example in rule["examples"]:
        assert pattern.search(example), f"{file}:{rule['name']} does not match its example {example!r}"
    for counter in rule.get("counter_examples", []):
        assert not pattern.search(counter), f"{file}:{rule['name']} matches its counter-example {counter!r}"
