"""Every data file in vanban/data matches its JSON Schema (vanban/data/schemas/<name>.schema.json),
and every data file has one: a new file without a schema fails here."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from vanban.rules import SCHEMAS, DataFileError, load_rules, rule_files, schema_errors, schema_files, validate

FILES = rule_files()


def test_every_data_file_has_a_schema() -> None:
    missing = sorted(set(FILES) - set(schema_files()))
    assert not missing, f"data files without a schema in vanban/data/schemas/: {missing}"


def test_every_schema_has_its_data_file() -> None:
    stale = sorted(set(schema_files()) - set(FILES))
    assert not stale, f"schemas of no data file (renamed or removed?): {stale}"


def test_schemas_are_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    ids = []
    for path in sorted(SCHEMAS.iterdir()):
        if not path.name.endswith(".json"):
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", path.name
        Draft202012Validator.check_schema(schema)
        ids.append(schema["$id"])
        if path.name.endswith(".schema.json"):
            assert schema["$id"] == "urn:vanban:schema:" + path.name[: -len(".schema.json")], path.name
    assert len(ids) == len(set(ids)), "two schemas share an $id"


@pytest.mark.parametrize("name", FILES)
def test_data_file_matches_its_schema(name: str) -> None:
    errors = schema_errors(name)
    assert not errors, f"data/{name}.json:\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("name", [f for f in FILES if "rules" in load_rules(f)])
def test_rule_names_are_unique(name: str) -> None:
    """The code looks rules up by name ({name: pattern}): a second rule of the same name would
    silently replace the first."""
    names = [r["name"] for r in load_rules(name)["rules"]]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


def _broken(name: str, edit: Any) -> list[str]:
    data = copy.deepcopy(load_rules(name))
    edit(data)
    return schema_errors(name, data)


# The schemas must catch the typos that would otherwise break behaviour silently.
TYPOS = [
    ("misspelt counter_examples key", "sections", lambda d: d["rules"][0].update(counter_example=["x"]),
     "rules/0"),
    ("empty examples", "citations", lambda d: d["rules"][0].update(examples=[]), "rules/0/examples"),
    ("example that is no string", "deadlines", lambda d: d["rules"][0]["examples"].append(3), "rules/0/examples/"),
    ("pattern that is a list", "header", lambda d: d["rules"][0].update(pattern=["a", "b"]), "rules/0/pattern"),
    ("rule without a name", "web_noise", lambda d: d["rules"][0].pop("name"), "rules/0"),
    ("unknown cue kind", "assignment_cues", lambda d: d["rules"][0].update(kind="lable"), "rules/0/kind"),
    ("role outside the contract", "assignment_cues", lambda d: d["rules"][0].update(role="leader"), "rules/0/role"),
    ("relation outside the contract", "relation_cues", lambda d: d["rules"][0].update(relation="implement"),
     "rules/0/relation"),
    ("citation rule with neither pattern nor template", "citations", lambda d: d["rules"][0].pop("pattern"), "rules/0"),
    ("misspelt placeholder in a gazetteer name", "agencies",
     lambda d: next(e for e in d["entries"] if "{P}" in e["name"]).update(name="Sở Y tế {PP}"), "entries/"),
    ("unknown entry scope", "agencies", lambda d: d["entries"][0].update(scope="centre"), "entries/0/scope"),
    ("alias list as a string", "agencies", lambda d: d["entries"][0].update(aliases="Bộ Y tế"), "entries/0/aliases"),
    ("missing gazetteer section", "agencies", lambda d: d.pop("organs"), "(top)"),
    ("empty word in a word list", "citations", lambda d: d["type_words"].append(""), "type_words/"),
    ("flags the loader ignores", "header", lambda d: d.update(flags="im"), "flags"),
    ("two-character homoglyph key", "homoglyphs", lambda d: d["map"].update(AB="A"), "map"),
    ("question role outside the contract", "question_words", lambda d: d["roles"].update(chair={"strip": True, "phrases": ["x"]}),
     "roles"),
    ("glyph id that is no number", "pdf_font_repair",
     lambda d: next(iter(d["glyph_orders"].values()))["gid_to_text"].update(x1="a"), "glyph_orders/"),
    ("head level the grammar does not place", "agency_names", lambda d: d["heads"][0].update(level="province"),
     "heads/0/level"),
    ("place rule without its level", "places", lambda d: d["rules"][0].pop("level"), "rules/0"),
    ("lineage relation outside the contract", "lineage", lambda d: d["rules"][0].update(relation="implement"),
     "rules/0/relation"),
    ("drawing without a relation's name", "display", lambda d: d["relations"].pop("cites"), "relations"),
    ("table with no columns", "columns", lambda d: d["tables"].update(agencies={}), "tables/agencies"),
]


@pytest.mark.parametrize("what,name,edit,where", TYPOS, ids=[t[0] for t in TYPOS])
def test_schema_rejects(what: str, name: str, edit: Any, where: str) -> None:
    errors = _broken(name, edit)
    assert errors, f"{name}: the schema accepts a {what}"
    assert any(e.startswith(where) for e in errors), errors


def test_a_new_top_level_section_is_allowed() -> None:
    """Colleagues add sections to data files; the schemas must not block them."""
    for name in FILES:
        assert not _broken(name, lambda d: d.update(new_section={"phrases": ["một"]})), name


def test_validate_names_the_file_and_the_place() -> None:
    data = copy.deepcopy(load_rules("sections"))
    data["rules"][2]["examples"] = []
    with pytest.raises(DataFileError, match=r"data/sections\.json does not match .*\n  rules/2/examples: \[\] should be non-empty"):
        validate("sections", data)


def test_a_file_without_schema_is_refused() -> None:
    with pytest.raises(DataFileError, match="has no schema"):
        validate("no_such_file", {})
