"""Lines of the header's text with their offsets, the two header columns cut apart, and the header's
patterns (data/header.json)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vanban.rules import compiled, load_rules
from vanban.text.normalize import fold_tones, strip_diacritics

HEAD_LINES = 45  # the header never runs longer than this many lines in the corpus


@dataclass
class Line:
    text: str
    start: int  # offset in doc.text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def patterns() -> dict[str, re.Pattern[str]]:
    return compiled("header")


@cache
def header_data() -> dict:
    return load_rules("header")


# the types the header singles out (data/doc_types.json "named"): a letter, a joint circular, a law
NAMED_TYPES: dict[str, str] = {k: v for k, v in load_rules("doc_types")["named"].items() if k != "description"}
LETTER = NAMED_TYPES["letter"]


@cache
def doc_types() -> list[dict]:
    # Longest first so that "THÔNG TƯ LIÊN TỊCH" wins over "THÔNG TƯ".
    return sorted(load_rules("doc_types")["types"], key=lambda t: -len(t["name"]))


@cache
def type_keys() -> list[tuple[dict, str]]:
    """Each type with its name in `ascii_upper` form, computed once (the type line is looked
    for on every header line)."""
    return [(t, ascii_upper(t["name"])) for t in doc_types()]


def ascii_upper(s: str) -> str:
    return strip_diacritics(fold_tones(s)).upper()


# --- lines -------------------------------------------------------------------------------------


def header_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    out = []
    pos = start
    end = len(text) if end is None else end
    for raw in text[start:end].split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        if stripped:
            out.append(Line(stripped, pos + lead))
        pos += len(raw) + 1
    return out


def split_columns(lines: list[Line]) -> list[Line]:
    """Split lines that hold both header columns at the opening of the right-hand one.

    A place-date anchor only splits when what stands left of it is itself a header item (the
    number line, the Party asterisk, an upper-case issuer line): "Hà Nội, ngày …" stays whole."""
    rx = patterns()
    out: list[Line] = []
    for ln in lines:
        cut = None
        for m in rx["right_column_start"].finditer(ln.text):
            left = ln.text[: m.start()].strip()
            if not left:
                continue
            if ln.text[m.end():].startswith(tuple(header_data()["right_column_words"]["words"])) or left == "*" or left.isupper() or rx["number_line"].match(left):
                cut = m
                break
        if cut is None:
            out.append(ln)
            continue
        left = ln.text[: cut.start()].rstrip()
        right = ln.text[cut.end():].lstrip()
        out.append(Line(left, ln.start))
        out.extend(split_columns([Line(right, ln.start + len(ln.text) - len(right))]))
    return out
