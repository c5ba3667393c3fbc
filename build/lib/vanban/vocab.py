"""The closed vocabularies of the output contract (../shared/spec/OUTPUT.md), as types.

Roles, relations, recurrences, section kinds and entity labels are words of the contract, not
free strings: annotating with these `Literal`s lets mypy catch a misspelt role, and `ROLES` and
friends give the same words to code that must list or check them (the evaluation, the store,
the web page's translations in `data/`).
"""

from __future__ import annotations

from typing import Literal, cast, get_args

Role = Literal["lead", "cooperate", "implement", "advise", "supervise", "report"]
Relation = Literal["implements", "based_on", "guides", "amends", "replaces", "repeals", "cites"]
Recurrence = Literal["daily", "weekly", "monthly", "quarterly", "semiannual", "yearly", "continuous", "periodic"]
SectionKind = Literal["header", "preamble", "body", "appendix", "closing"]
EntityLabel = Literal["ORG", "PER", "LOC"]

ROLES: tuple[Role, ...] = get_args(Role)
RELATIONS: tuple[Relation, ...] = get_args(Relation)
RECURRENCES: tuple[Recurrence, ...] = get_args(Recurrence)
SECTION_KINDS: tuple[SectionKind, ...] = get_args(SectionKind)
ENTITY_LABELS: tuple[EntityLabel, ...] = get_args(EntityLabel)
# Strongest first: a document cited with several relations keeps the strongest (GUIDE.md).
RELATION_PRIORITY: tuple[Relation, ...] = ("amends", "repeals", "replaces", "guides", "implements", "based_on", "cites")


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not a {what} of OUTPUT.md ({', '.join(allowed)})")
    return value


def as_role(value: str) -> Role:
    """`value` as a Role; a word the contract does not know is a bug in a rule, so it raises."""
    return cast(Role, _check(value, ROLES, "role"))


def as_relation(value: str) -> Relation:
    return cast(Relation, _check(value, RELATIONS, "relation"))


def as_recurrence(value: str | None) -> Recurrence | None:
    return None if value is None else cast(Recurrence, _check(value, RECURRENCES, "recurrence"))


def as_section_kind(value: str) -> SectionKind:
    return cast(SectionKind, _check(value, SECTION_KINDS, "section kind"))
