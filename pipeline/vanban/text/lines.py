"""Lines of a text and where they start."""

from __future__ import annotations

from itertools import accumulate


def line_starts(lines: list[str]) -> list[int]:
    """The offset of each line in "\\n".join(lines) (the text the lines were split from)."""
    return list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0)) if lines else []
