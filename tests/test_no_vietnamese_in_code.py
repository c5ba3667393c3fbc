"""Vietnamese knowledge lives in `vanban/data/`, once, with its examples: no string literal of
the package's code (docstrings aside) holds a Vietnamese word.

A word here is a run of letters with a vowel in which at least one letter is Vietnamese-only
(ă, â, đ, ê, ô, ơ, ư or a tone mark); character classes such as `[A-ZĐÀ-Ỹ]` are the alphabet,
not knowledge, and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline" / "vanban"
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_WORD = re.compile(r"[^\W\d_]*[À-ỹĐđƠơƯư][^\W\d_]*")
_VOWEL = re.compile(r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)

# User-facing messages that quote what the text looked like (not patterns the code matches).
MESSAGES = {"ingest/fontfix.py"}
# Modules whose Vietnamese patterns are still in code, with the issue that moves them to data.
# This list only shrinks; a module leaves it in the change that empties it.
PENDING = {
}


def vietnamese_literals(path: Path) -> list[tuple[int, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            words = [w for w in _WORD.findall(_CLASS.sub(" ", node.value)) if len(w) >= 2 and _VOWEL.search(w)]
            if words:
                hits.append((node.lineno, words))
    return hits


MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", [m for m in MODULES if m not in PENDING and m not in MESSAGES])
def test_module_holds_no_vietnamese_words(module: str) -> None:
    hits = vietnamese_literals(PACKAGE / module)
    assert not hits, f"{module}: Vietnamese words in code, move them to vanban/data/: {hits[:5]}"


def test_the_scanner_sees_a_vietnamese_pattern() -> None:
    # The test above must be able to fail: a pattern with Vietnamese words is found, the
    # alphabet in a character class is not.
    sample = PACKAGE.parent.parent / "tests" / "_sample_module.py"
    try:
        sample.write_text('import re\nX = re.compile(r"chủ trì|phối hợp")\nY = re.compile(r"[A-ZĐÀ-Ỹ]\\w+")\n', encoding="utf-8")
        hits = vietnamese_literals(sample)
    finally:
        sample.unlink()
    assert hits == [(2, ["chủ", "trì", "phối", "hợp"])]


def test_pending_names_only_modules_that_still_need_it() -> None:
    # A module that is clean must leave PENDING, so the list cannot hide new Vietnamese code.
    stale = [m for m in PENDING if (PACKAGE / m).exists() and not vietnamese_literals(PACKAGE / m)]
    assert not stale, f"clean now, remove from PENDING: {stale}"
