"""Deadlines and frequencies of task clauses: phrase -> `Deadline` (date, interval or recurrence).

The phrases are data (vanban/data/deadlines.json). They run on `match_key(text)`, which has
the length of the text, so every match is also a span of the original text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from vanban.model import Deadline
from vanban.rules import load_rules, required_part
from vanban.text.normalize import match_key
from vanban.vocab import as_recurrence

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_UNIT: dict[str, str] = load_rules("deadlines")["recurrence_units"]["units"]
# A later rule only fills what an earlier one left: dates before months before years, and a
# recurrence ("trước ngày 15 hằng tháng") before the date inside it.
_ORDER = ("recurrence_specific", "range", "date", "until", "month", "quarter", "span", "year", "recurrence")
# "định kỳ" (periodic) followed this closely in its sentence by what the period is ("định kỳ
# trước ngày 15 tháng 02 hằng năm", "định kỳ (hằng quý)"): the specific phrase is the deadline.
_PERIOD_SAID_WITHIN = 60
_SENTENCE_END = re.compile(r"[.;\n]")


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    deadline: Deadline


@cache
def _rules() -> list[tuple[str, re.Pattern[str], dict]]:
    out = []
    for rule in load_rules("deadlines")["rules"]:
        out.append((rule["kind"], re.compile(rule["pattern"], re.I | re.M), rule))
    def rank(item: tuple[str, re.Pattern[str], dict]) -> int:
        kind, _, rule = item
        if kind == "recurrence" and "value" in rule and rule["value"] in ("monthly", "yearly"):
            return 0
        return _ORDER.index(kind) if kind in _ORDER else len(_ORDER)
    return sorted(out, key=rank)


@cache
def _required_parts() -> tuple[re.Pattern[str] | None, ...]:
    """Of each of `_rules()`, the part every match holds (`rules.required_part`): a literal
    stretch ("trước ngày"), or a digit for rules of dates and quarters without one."""
    return tuple(required_part(pattern) for _, pattern, _ in _rules())


def _valid_date(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] and 1990 <= y <= 2100


def _month_interval(y: int, m: int) -> list[str] | None:
    if not (1 <= m <= 12 and 1990 <= y <= 2100):
        return None
    return [f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"]


def _interpret(kind: str, rule: dict, m: re.Match[str], text: str, since: str | None = None) -> Deadline | None:
    g = m.groupdict()
    if kind == "until":
        # "từ nay đến tháng 6/2027" runs from the month the document is dated
        if not since or len(since) < 7:
            return None
        if g.get("m"):
            end = _month_interval(int(g["y"]), int(g["m"]))
            last = end[1] if end else None
        else:
            last = f"{int(g['y2']):04d}-12-31"
        return Deadline(text, interval=[since[:7] + "-01", last]) if last and since[:7] + "-01" <= last else None
    if kind == "range":
        # "từ ngày 08 đến ngày 10 tháng 12 năm 2025": the first day takes what it leaves out from the last
        y2, m2, d2 = int(g["y2"]), int(g["m2"]), int(g["d2"])
        y1, m1, d1 = int(g["y1"] or y2), int(g["m1"] or m2), int(g["d1"])
        if not (_valid_date(y1, m1, d1) and _valid_date(y2, m2, d2)):
            return None
        first, last = f"{y1:04d}-{m1:02d}-{d1:02d}", f"{y2:04d}-{m2:02d}-{d2:02d}"
        # a range over before the document was written tells what happened ("mưa lũ từ ngày …")
        if first > last or (since and len(since) == 10 and last < since):
            return None
        return Deadline(text, interval=[first, last])
    if kind == "date":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        return Deadline(text, date=f"{y:04d}-{mo:02d}-{d:02d}") if _valid_date(y, mo, d) else None
    if kind == "month":
        iv = _month_interval(int(g["y"]), int(g["m"]))
        return Deadline(text, interval=iv) if iv else None
    if kind == "quarter":
        q, y = _ROMAN[g["q"].lower()], int(g["y"])
        first_month = 3 * q - 2
        quarter_end = _month_interval(y, 3 * q)
        return Deadline(text, interval=[f"{y:04d}-{first_month:02d}-01", quarter_end[1]]) if quarter_end else None
    if kind == "span":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return Deadline(text, interval=[f"{y1}-01-01", f"{y2}-12-31"]) if y1 <= y2 else None
    if kind == "year":
        y = int(g["y"])
        return Deadline(text, interval=[f"{y}-01-01", f"{y}-12-31"]) if 1990 <= y <= 2100 else None
    if kind == "recurrence":
        value = rule.get("value") or _UNIT.get((g.get("unit") or "").lower())
        return Deadline(text, recurrence=as_recurrence(value)) if value else None
    return None


def find(text: str, start: int = 0, end: int | None = None, since: str | None = None) -> list[Found]:
    """Deadline phrases in text[start:end], in reading order, without overlaps. `since` is the
    document's date (ISO), the start of "từ nay đến …"."""
    end = len(text) if end is None else end
    chunk = match_key(text[start:end])
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    held: dict[re.Pattern[str], bool] = {}  # each part every match of a rule holds, searched once
    for (kind, pattern, rule), need in zip(_rules(), _required_parts(), strict=True):
        if need is not None:
            if need not in held:
                held[need] = need.search(chunk) is not None
            if not held[need]:
                continue  # the rule cannot match here: most clauses have no digit
        for m in pattern.finditer(chunk):
            s, e = m.start(), m.end()
            # the optional cue in front ("| ", line start) is not part of the phrase
            while s < e and chunk[s] in " |\t":
                s += 1
            if s >= e or any(s < te and ts < e for ts, te in taken):
                continue
            # a line break inside the phrase ("Năm\n2026") is a space of the text it stands for
            deadline = _interpret(kind, rule, m, " ".join(text[start + s:start + e].split()), since)
            if deadline is None:
                continue
            taken.append((s, e))
            found.append(Found(start + s, start + e, deadline))
    found.sort(key=lambda f: f.start)
    return [f for i, f in enumerate(found) if not (i + 1 < len(found) and _period_said_after(text, f, found[i + 1]))]


def _period_said_after(text: str, generic: Found, nxt: Found) -> bool:
    """Whether a bare "định kỳ" is followed, in its sentence and within a few words, by the
    period it means (a date, or a recurrence other than periodic/continuous)."""
    if generic.deadline.recurrence != "periodic":
        return False
    said = nxt.deadline
    if not (said.date or said.interval or (said.recurrence and said.recurrence not in ("periodic", "continuous"))):
        return False
    return nxt.start - generic.end <= _PERIOD_SAID_WITHIN and not _SENTENCE_END.search(text, generic.end, nxt.start)


def parse(phrase: str, since: str | None = None) -> Deadline | None:
    """The deadline a whole phrase (a table cell, a 'Thời gian' line) states, or None."""
    hits = find(phrase, since=since)
    if not hits:
        return None
    # "hằng năm (trước ngày 15 tháng 11)": the recurrence rules the date it qualifies
    for hit in hits:
        if hit.deadline.recurrence and hit.deadline.recurrence not in ("continuous", "periodic"):
            return Deadline(" ".join(phrase.split()), recurrence=hit.deadline.recurrence)
    best = hits[0].deadline
    return Deadline(" ".join(phrase.split()), date=best.date, interval=best.interval, recurrence=best.recurrence)


def first_in(text: str, start: int, end: int, since: str | None = None) -> Deadline | None:
    """The deadline of a clause text[start:end]: its first phrase, the recurrence if that
    phrase is a date it qualifies ("trước ngày 15/12 hằng năm" is matched whole)."""
    hits = find(text, start, end, since)
    return hits[0].deadline if hits else None
