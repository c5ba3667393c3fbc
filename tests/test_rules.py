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
    pattern = re.compile(rule["pattern"], flags_of(file, rule))
    assert rule.get("examples"), f"{file}:{rule['name']} has no examples"
    for example in rule["examples"]:
        assert pattern.search(example), f"{file}:{rule['name']} does not match its example {example!r}"
    for counter in rule.get("counter_examples", []):
        assert not pattern.search(counter), f"{file}:{rule['name']} matches its counter-example {counter!r}"


def test_data_speaks_the_contract_words() -> None:
    """Roles, relations and recurrences named in data are OUTPUT.md's words (vanban.vocab)."""
    from vanban.vocab import RECURRENCES, RELATIONS, ROLES

    markers = {"deadline", "none"}  # assignment cues that set a deadline or stop a clause, not roles
    for name in rule_files():
        for rule in load_rules(name).get("rules", []):
            if "role" in rule:
                assert rule["role"] in ROLES or rule["role"] in markers, (name, rule["name"], rule["role"])
            if "relation" in rule:
                assert rule["relation"] in RELATIONS, (name, rule["name"], rule["relation"])
            if name == "deadlines" and rule.get("kind") == "recurrence" and "value" in rule:
                assert rule["value"] in RECURRENCES, (name, rule["name"], rule["value"])
    assert set(load_rules("deadlines")["recurrence_units"]["units"].values()) <= set(RECURRENCES)
