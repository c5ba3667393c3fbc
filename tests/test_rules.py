"""Every rule in vanban/data matches its own examples and none of its counter-examples, and every
rule is used by the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

import vanban
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


# --- every rule is used by the code -------------------------------------------------------------

PACKAGE = Path(vanban.__file__).resolve().parent

# Files whose code runs every rule of the list, sorted by one field: (field, values looked up by
# name instead). A rule there is used when the code names its field's value (a misspelt kind
# would never run); with no field, every rule runs alike.
GENERIC: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "agencies": (None, ()),  # stages.agencies.gazetteer(): every rule over every text
    "web_noise": (None, ()),  # ingest.text: every rule drops lines
    "assignment_cues": ("kind", ()),  # stages.assignments: cues indexed by kind
    "deadlines": ("kind", ()),  # stages.deadlines: read by kind
    "relation_cues": ("scope", ("helper",)),  # stages.references: cues by scope, helpers by name
    "web_words": (None, ()),  # app.web.words.level_of: every rule, its name the level
    "places": (None, ()),  # query.places: every rule over every name, its level the level
    "lineage": (None, ()),  # query.graph: every rule between two citations, its relation the relation
    "model": (None, ()),  # learn.examples.may_name_agency: every rule picks the lines the model reads
}


def names_in_code(root: Path) -> set[str]:
    """The string constants of the code under `root` that can look a rule up: subscripts
    (`g["code"]`), arguments, members of literal tuples (`for key in ("a", "b")`), comparisons.
    Docstrings and comments say nothing about use, and a keyword's value labels a result
    (`kind="anaphora"` is a mention's kind, no lookup): neither counts."""
    out: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ignored: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
                first = node.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    ignored.add(id(first.value))
            elif isinstance(node, ast.keyword):
                ignored.add(id(node.value))
        out.update(n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in ignored)
    return out


def dead_rules(files: dict[str, dict[str, Any]], names: set[str]) -> list[str]:
    """"file:rule" of every rule the code never uses: not named in the code, not a {fragment}
    of a used rule's template, not in a list the code runs whole (GENERIC)."""
    dead: list[str] = []
    for file, data in sorted(files.items()):
        rules = data.get("rules", [])
        used: set[str] = set()
        for r in rules:
            if file not in GENERIC:
                named = r["name"] in names
            else:
                field, by_name = GENERIC[file]
                if field is None:
                    named = True
                elif r.get(field) in by_name:
                    named = r["name"] in names
                else:
                    named = r.get(field) in names
            if named:
                used.add(r["name"])
        # templates use fragments ("{num}"), and templates of templates (references.expand)
        templates = {r["name"]: set(re.findall(r"\{([a-z_]+)\}", r.get("template", ""))) for r in rules}
        while more := set().union(*(templates.get(n, set()) for n in used)) - used:
            used |= more
        dead += [f"{file}:{r['name']}" for r in rules if r["name"] not in used]
    return dead


def test_every_rule_is_used_by_the_code() -> None:
    files = {f: load_rules(f) for f in rule_files()}
    assert dead_rules(files, names_in_code(PACKAGE)) == []


def test_a_dead_rule_is_found(tmp_path: Path) -> None:
    """The check can fail: a rule nobody looks up, a fragment only a dead template uses, a cue
    of a kind the code does not run, a name said only in a docstring, a comment or as a label."""
    (tmp_path / "stage.py").write_text(
        '"""Reads ghost_doc."""\n'
        "# ghost_comment\n"
        "def run(g, emit):\n"
        '    """ghost_func_doc"""\n'
        '    emit(kind="ghost_label")\n'
        '    return g["live"], g["live_template"]\n', encoding="utf-8")
    names = names_in_code(tmp_path)
    assert "live" in names and not {"ghost_doc", "ghost_comment", "ghost_func_doc", "ghost_label"} & names

    def rule(name: str, **kw: Any) -> dict[str, Any]:
        return {"name": name, "pattern": "x", "examples": ["x"], **kw}

    citations = {"rules": [rule("live"), rule("frag"), rule("live_template", template="{frag}"),
                           rule("ghost_doc"), rule("ghost_comment"), rule("ghost_label"), rule("lone_frag"),
                           rule("dead_template", template="{lone_frag}")]}
    cues = {"rules": [rule("a", kind="live"), rule("b", kind="ghost_kind")]}
    relations = {"rules": [rule("c", scope="helper"), rule("live", scope="helper"), rule("d", scope="live")]}
    assert dead_rules({"citations": citations, "assignment_cues": cues, "relation_cues": relations}, names) == [
        "assignment_cues:b",
        "citations:ghost_doc", "citations:ghost_comment", "citations:ghost_label", "citations:lone_frag",
        "citations:dead_template",
        "relation_cues:c",
    ]
    # the real code and data: a rule added to citations.json that nothing uses is found
    real = {f: load_rules(f) for f in rule_files()}
    real["citations"] = dict(real["citations"], rules=[*real["citations"]["rules"], rule("never_looked_up")])
    assert dead_rules(real, names_in_code(PACKAGE)) == ["citations:never_looked_up"]


def test_templates_expand_fully() -> None:
    """A {fragment} that names no rule is left in the pattern as literal text (references.expand
    keeps what it cannot fill), so a misspelt fragment would silently match nothing."""
    from vanban.stages.references.grammar import grammar

    left = {name: p.pattern for name, p in grammar().items() if re.search(r"\{[a-z_]+\}", p.pattern)}
    assert not left


def test_lowercase_types_are_type_words() -> None:
    """references.grammar writes a type in lower case only if it is a type word."""
    data = load_rules("citations")
    assert set(data["lowercase_types"]) <= set(data["type_words"])
