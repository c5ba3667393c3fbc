"""The citation grammar (data/citations.json) compiled, and document types from type words and codes."""

from __future__ import annotations

import re
from functools import cache

from vanban.rules import load_rules
from vanban.stages import identity
from vanban.text.normalize import fold

# the types the references single out (data/doc_types.json "named"): a letter, a law, standards
NAMED_TYPES: dict[str, str] = {k: v for k, v in load_rules("doc_types")["named"].items() if k != "description"}
# types whose name runs long before their number (Luật, Bộ luật, Pháp lệnh)
NAMED_ACTS: tuple[str, ...] = tuple(load_rules("doc_types")["named_acts"]["types"])


# --- grammar ---------------------------------------------------------------------------------


@cache
def grammar() -> dict[str, re.Pattern[str]]:
    """The citation rules compiled, templates expanded from their fragments. Case-insensitive
    (titles are printed in capitals); fragments that must see case say (?-i:...)."""
    data = load_rules("citations")
    frags: dict[str, str] = {r["name"]: r["pattern"] for r in data["rules"] if "pattern" in r}
    words = sorted(data["type_words"], key=len, reverse=True)
    frags["type_word"] = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    lower = set(data["lowercase_types"])
    forms = []
    for w in words:
        forms += [re.escape(w), re.escape(w.upper())] + ([re.escape(w.lower())] if w in lower else [])
    frags["type_word_cap"] = "(?-i:" + "|".join(forms) + ")"
    out: dict[str, re.Pattern[str]] = {}
    for rule in data["rules"]:
        src = rule.get("pattern") or expand(rule["template"], frags)
        frags.setdefault(rule["name"], src)
        out[rule["name"]] = re.compile(src, re.I)
    return out


def expand(template: str, frags: dict[str, str]) -> str:
    """Replace {fragment} by the fragment's pattern (repeatedly: templates use templates)."""
    for _ in range(5):
        new = re.sub(r"\{([a-z_]+)\}", lambda m: "(?:" + frags[m.group(1)] + ")" if m.group(1) in frags else m.group(0), template)
        if new == template:
            break
        template = new
    return template


@cache
def _type_names() -> dict[str, str]:
    data = load_rules("citations")
    names = {fold(w): w for w in data["type_words"]}
    for k, v in data["type_names"].items():
        names[fold(k)] = v
    return names


@cache
def symbol_types() -> tuple[dict[str, str], dict[str, str]]:
    """type code -> type name, for the state and the Party families."""
    state: dict[str, str] = {}
    party: dict[str, str] = {}
    for t in load_rules("doc_types")["types"]:
        for c in t["state"]:
            state.setdefault(c, t["name"])
        for c in t["party"]:
            party.setdefault(c, t["name"])
    for c, name in load_rules("citations")["party_symbol_types"]["map"].items():
        party.setdefault(c, name)
    return state, party


def normal_type(word: str | None) -> str | None:
    if not word:
        return None
    return _type_names().get(fold(word), word[:1].upper() + word[1:].lower())


def type_from_code(code: str) -> str | None:
    """The type a code's symbol names when the text gives no type word."""
    if code.startswith(("QCVN", "TCVN")):
        return NAMED_TYPES["technical_regulation"] if code.startswith("QCVN") else NAMED_TYPES["standard"]
    split = identity.split_code(code)
    if not split:
        return None
    sym = split[1]
    state, party = symbol_types()
    if identity.is_party_symbol(sym):
        return party.get(sym.split("/", 1)[0])
    if identity.has_year(sym):
        sym = sym.split("/", 1)[1]
    first = re.split(r"[-/]", sym)[0]
    if re.fullmatch(r"QH\d+", first):
        return NAMED_TYPES["law"]
    if first in state:
        return state[first]
    return NAMED_TYPES["letter"] if "-" in sym or "/" not in sym else None
