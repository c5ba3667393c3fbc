"""Rules are data: JSON files in `vanban/data/`, each rule with the real examples it must match.

A rules file looks like::

    {"description": "...", "source": "where the examples come from",
     "rules": [{"name": "...", "pattern": "regex", "examples": ["..."], "counter_examples": ["..."]}]}

`tests/test_rules.py` checks every pattern against its examples, so a rule cannot drift away
from the documents it was written for, and that the code uses every rule. Each file has a JSON
Schema (draft 2020-12) in `vanban/data/schemas/<name>.schema.json` saying what the code relies on;
`tests/test_data_schemas.py` holds every file to it. With `VALIDATE` on (`VANBAN_VALIDATE_DATA=1`
in the environment, or set by the test suite's conftest) `load_rules` validates each file it
loads, once per process (it caches); off, nothing is validated and `jsonschema` is never imported:
startup speed matters, and validating every file costs about a second.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA = resources.files("vanban") / "data"
SCHEMAS = DATA / "schemas"
# on in tests only (see the module's docstring)
VALIDATE = os.environ.get("VANBAN_VALIDATE_DATA") == "1"


class DataFileError(ValueError):
    """A data file that does not match its schema: a bug in the data, named with its place."""


@cache
def load_rules(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    if VALIDATE:
        validate(name, data)
    return data


def schema_errors(name: str, data: Any = None) -> list[str]:
    """What is wrong with data file `name` (its content on disk unless `data` is given) by its
    schema, one message per error, each starting with its place ("rules/3/examples: ...").
    Needs `jsonschema` (the test extra)."""
    if data is None:
        with (DATA / f"{name}.json").open(encoding="utf-8") as fh:
            data = json.load(fh)
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors]


def validate(name: str, data: Any = None) -> None:
    """Raise DataFileError listing every schema error of data file `name`."""
    errors = schema_errors(name, data)
    if errors:
        raise DataFileError(f"data/{name}.json does not match data/schemas/{name}.schema.json:\n  " + "\n  ".join(errors))


def schema_files() -> list[str]:
    """The data files that have a schema (`<name>.schema.json`)."""
    return sorted(p.name[: -len(".schema.json")] for p in SCHEMAS.iterdir() if p.name.endswith(".schema.json"))


@cache
def _validator(name: str) -> Any:
    # imported here: only tests validate, and production startup must not pay for jsonschema
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.iterdir() if p.name.endswith(".json")]
    registry: Registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    path = SCHEMAS / f"{name}.schema.json"
    if not path.is_file():
        raise DataFileError(f"data/{name}.json has no schema: write data/schemas/{name}.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


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


# --- the part every match holds ------------------------------------------------------------------
# Python's regex engine tries a pattern that opens with a boundary, a lookbehind or an optional
# group at every position of the text, and most rules fail on most texts. A stretch of literal
# words every match must contain ("các\s+Bộ\s*:") is scanned for far faster; where the text lacks
# it the rule cannot match at all, and `finditer` skips the rule there: the same matches, sooner.

_MIN_LETTERS = 5  # shorter stretches are in nearly every text: scanning for them only costs time


def _stretch(items: Any, flags: int) -> tuple[int, str]:
    """(literal characters, pattern) of the longest run of top-level items that every match of
    the parsed sequence `items` holds side by side: literal characters and runs of white space
    (\\s, \\s+, \\s*), starting with a literal. Anything else ends a run."""
    from re import _constants as sre  # type: ignore[attr-defined]

    best: tuple[int, str] = (0, "")
    letters, parts = 0, list[str]()
    for code, arg in [*items, (None, None)]:
        if code is sre.LITERAL:
            # a bare space keeps the literal scan fast; VERBOSE would ignore it
            ch = chr(arg)
            letters, parts = letters + 1, [*parts, ch if ch == " " and not flags & re.X else re.escape(ch)]
            continue
        spaces = (code in (sre.MAX_REPEAT, sre.MIN_REPEAT) and len(arg[2]) == 1
                  and arg[2][0] == (sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)]))
        if spaces and parts:
            lo, hi = arg[0], arg[1]
            parts = [*parts, rf"\s{{{lo},{'' if hi is sre.MAXREPEAT else hi}}}"]
            continue
        if letters > best[0]:
            best = (letters, "".join(parts))
        letters, parts = 0, []
    return best


def _needs_digit(items: Any) -> bool:
    """Whether every match of the parsed sequence `items` holds a digit: one of its items is
    `\\d`, a digit, a class of digits only, or a group, a repeat at least once or an alternation
    of such. Lookarounds, anchors and anything else make no digit sure."""
    from re import _constants as sre  # type: ignore[attr-defined]

    for code, arg in items:
        if code is sre.LITERAL and chr(arg).isdigit() and chr(arg).isascii():
            return True
        if code is sre.IN and arg and all((c is sre.CATEGORY and a is sre.CATEGORY_DIGIT)
                                          or (c is sre.LITERAL and 48 <= a <= 57)
                                          or (c is sre.RANGE and a[0] >= 48 and a[1] <= 57) for c, a in arg):
            return True
        if code in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1 and _needs_digit(arg[2]):
            return True
        if (code is sre.SUBPATTERN and _needs_digit(arg[-1])) or (code is sre.ATOMIC_GROUP and _needs_digit(arg)):
            return True
        if code is sre.BRANCH and all(_needs_digit(alt) for alt in arg[1]):
            return True
    return False


_DIGIT = re.compile(r"\d")


@cache
def required_part(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern, with `pattern`'s flags, for a stretch that every match of `pattern` contains
    (see `_stretch`), or for a digit where every match holds one (a date, "quý III/2026") and no
    stretch of `_MIN_LETTERS` literal characters is found; None when it has neither, or when
    `re`'s parser (a private module) cannot read it."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        items = _parser.parse(pattern.pattern, pattern.flags).data
        letters, part = _stretch(items, pattern.flags)
        if letters >= _MIN_LETTERS:
            return re.compile(part, pattern.flags)
        return _DIGIT if _needs_digit(items) else None
    except Exception:  # noqa: BLE001 - without the parser there is simply no shortcut
        return None


def finditer(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)`, at once empty where `text[pos:endpos]` lacks the
    stretch every match holds (`required_part`): the same matches, found sooner."""
    end = len(text) if endpos is None else endpos
    need = required_part(pattern)
    if need is not None and need.search(text, pos, end) is None:
        return iter(())
    return pattern.finditer(text, pos, end)


# --- where a match can open ----------------------------------------------------------------------
# A rule that opens with a boundary or a lookbehind ("\bcác (?:cơ quan|đơn vị)") is tried at
# every position of the text. The literal words every match opens with ("các cơ quan", "các đơn
# vị") are scanned for instead, and the rule is tried only where one of them stands.

_OPENING_CHARS = 12   # an opening this long is selective enough
_MOST_OPENINGS = 64   # more alternatives than this: the plain scan


def _openings(items: Any) -> set[tuple[str, bool]] | None:
    """The literal strings a match of the parsed sequence `items` can open with, each with
    whether it is the whole match of `items` so far (more may follow), or None when a match
    may open with something else (a class, any character): (text, open) pairs."""
    from re import _constants as sre  # type: ignore[attr-defined]

    heads: set[tuple[str, bool]] = {("", True)}
    for code, arg in items:
        if not any(o for _t, o in heads):
            break
        if code in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the match itself checks it
        if code is sre.LITERAL:
            sub: set[tuple[str, bool]] | None = {(chr(arg), True)}
        elif code is sre.IN and all(c is sre.LITERAL for c, _a in arg):
            sub = {(chr(a), True) for _c, a in arg}
        elif code is sre.SUBPATTERN and not arg[1] and not arg[2]:  # a group without its own flags
            sub = _openings(arg[3].data)
        elif code is sre.BRANCH:
            subs = [_openings(alt.data) for alt in arg[1]]
            sub = None if any(s is None for s in subs) else set().union(*subs)  # type: ignore[arg-type]
        elif code in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, body = arg
            sub = _openings(body.data)
            if sub is not None and not (lo == 1 and hi == 1):
                sub = {(t, o and hi == 1) for t, o in sub}
                if lo == 0:
                    sub.add(("", True))
        else:
            sub = None
        if sub is None:
            heads = {(t, False) for t, _o in heads}
            break
        heads = {(t, False) for t, o in heads if not o} | {
            ((t + s)[:_OPENING_CHARS], so and len(t + s) < _OPENING_CHARS) for t, o in heads if o for s, so in sub}
        if len(heads) > _MOST_OPENINGS:
            return None
    return heads


@dataclass(frozen=True, slots=True)
class Openings:
    """The words every match of a pattern opens with, as two scans: `exact` (those very
    characters) and `folded` (with the pattern's flags, as a case-insensitive pattern reads
    them); `twins`, the lower-case characters `re` folds onto theirs ("ſ" for "s", "ı" for "i")."""

    exact: re.Pattern[str]
    folded: re.Pattern[str]
    twins: re.Pattern[str] | None
    lower: bool  # the openings are lower case

    def scan(self, text: str, pos: int, end: int) -> re.Pattern[str]:
        """`exact` where it finds what `folded` finds, ten times faster: the pattern is not
        case-insensitive, or the openings and the text are lower case (a match key) and the
        text holds none of their twins; `folded` otherwise."""
        if not self.folded.flags & re.I:
            return self.exact
        if self.lower and _is_lower(text) and (self.twins is None or self.twins.search(text, pos, end) is None):
            return self.exact
        return self.folded


_last_lower: tuple[str, bool] = ("", True)


def _is_lower(text: str) -> bool:
    """Every character of `text` is its own lower case (the rules of one text ask in turn)."""
    global _last_lower
    last, answer = _last_lower
    if last is not text:
        answer = text.lower() == text
        _last_lower = (text, answer)  # one tuple: threads see the old pair or the new one
    return answer


def _twins(chars: set[str]) -> re.Pattern[str] | None:
    """The other lower-case characters `re` matches for `chars` when it ignores case: its own
    table of them (a private module; without it, no character is taken for plain)."""
    try:
        from re import _casefix  # type: ignore[attr-defined]

        extra: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
    except Exception:  # noqa: BLE001
        return re.compile(r"[\s\S]")
    others = sorted({chr(t) for c in chars for t in extra.get(ord(c), ())} - chars)
    return re.compile("[" + "".join(re.escape(c) for c in others) + "]") if others else None


@cache
def opening_scan(pattern: re.Pattern[str]) -> Openings | None:
    """The scans for the literal words every match of `pattern` opens with; None when a match
    may open otherwise, with a single character, or when `re`'s parser (a private module)
    cannot read the pattern."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        heads = _openings(_parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # noqa: BLE001 - without the parser there is simply no shortcut
        return None
    if not heads or any(len(t) < 2 for t, _o in heads):
        return None
    # "các sở" covers "các sở, ban": a position is found once
    texts = sorted(t for t in {t for t, _o in heads} if not any(u != t and t.startswith(u) for u, _o in heads))
    alternatives = "|".join(re.escape(t) for t in texts)
    chars = set("".join(texts))
    return Openings(re.compile(alternatives), re.compile(alternatives, pattern.flags & ~re.X), _twins(chars),
                    all(t.lower() == t for t in texts))


def finditer_openings(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, pos, endpos)` tried only where one of the words every match
    opens with stands (`opening_scan`): the same matches, as a match tried at a position sees
    the text before it as a search does (lookbehinds, \\b)."""
    end = len(text) if endpos is None else endpos
    openings = opening_scan(pattern)
    if openings is None:
        yield from finditer(pattern, text, pos, end)
        return
    scan = openings.scan(text, pos, end)
    at = pos
    while True:
        hit = scan.search(text, at, end)
        if hit is None:
            return
        m = pattern.match(text, hit.start(), end)
        if m is None:
            at = hit.start() + 1
            continue
        yield m  # an opening is not empty: neither is the match
        at = m.end()
