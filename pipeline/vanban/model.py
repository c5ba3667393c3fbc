"""The data model: one `Document` travels through every stage, each stage adding to it.

`Document.to_record()` gives exactly the JSON of `../shared/spec/OUTPUT.md`; every key of the
contract is always present, `None` or `[]` when the document does not have it.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
from dataclasses import dataclass, field, fields
from typing import Any

from vanban.vocab import Recurrence, Relation, Role, SectionKind


@dataclass(slots=True)
class Signer:
    name: str | None = None
    title: str | None = None
    authority: str | None = None


@dataclass(slots=True)
class Section:
    path: str
    label: str
    heading: str
    level: int
    start: int
    end: int
    page: int | None = None
    kind: SectionKind = "body"


@dataclass(slots=True)
class Reference:
    text: str
    doc_type: str | None
    code: str | None
    date: str | None
    issuer: str | None
    relation: Relation
    target: str | None
    section: str | None
    start: int
    end: int
    name: str | None = None
    page: int | None = None


@dataclass(slots=True)
class Deadline:
    text: str
    date: str | None = None
    interval: list[str] | None = None
    recurrence: Recurrence | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        for key in ("date", "interval", "recurrence"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass(slots=True)
class Assignment:
    agency: str
    mention: str
    role: Role
    task: str
    deadline: Deadline | None
    section: str | None
    start: int
    end: int
    report_to: str | None = None
    page: int | None = None


@dataclass(slots=True)
class Entity:
    label: str
    text: str
    start: int
    end: int
    source: str  # "ner" | "rule"


@dataclass(repr=False)
class Document:
    """A document on its way through the stages.

    `text` is the normalised text (NFC); every offset in the record points into it.
    `page_starts[i]` is the offset in `text` where page i+1 begins (empty for plain text).
    `to_source[i]` is the offset in `raw_text` (what ingestion read) of `text[i]`.
    """

    source: str
    sha256: str = ""
    fmt: str = ""
    raw_text: str = ""
    text: str = ""
    page_starts: list[int] = field(default_factory=list)
    to_source: array = field(default_factory=lambda: array("l"))
    id: str = ""
    # Identity of the document as other documents cite it (vanban.stages.identity), shared by every
    # file of the same document and by the references that name it.
    key: str | None = None
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    code: str | None = None
    issuer: str | None = None
    issuers: list[str] = field(default_factory=list)
    parent_issuer: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    signer: Signer | None = None
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where the header (thể thức) ends and the signature block begins; set by the header stage
    # and used by the later stages to know what is body.
    body_start: int = 0
    body_end: int | None = None
    layout: dict[str, Any] = field(default_factory=dict)
    # `section_at`'s answers by stretch of text, with the list (and its length) they were made
    # from: the stages ask it tens of thousands of times, after the sections stage has made them
    _section_index: tuple[list[Section], int, list[int], list[str | None]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        # Short: the text of a plan is 100,000 characters, and a notebook prints the repr.
        what = " ".join(x for x in (self.doc_type, self.code) if x) or "?"
        return (f"<Document {what!r} {self.source!r} id={self.id or '?'} chars={len(self.text)} "
                f"sections={len(self.sections)} references={len(self.references)} "
                f"assignments={len(self.assignments)} warnings={len(self.warnings)}>")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def page_at(self, offset: int) -> int | None:
        """1-based page of a text offset, None for input without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    def section_at(self, offset: int) -> str | None:
        """Path of the innermost section that contains `offset`: of the sections with
        start <= offset < end, the deepest level, the last listed of equal levels."""
        index = self._section_index
        if index is None or index[0] is not self.sections or index[1] != len(self.sections):
            index = self._section_index = (self.sections, len(self.sections), *_section_stretches(self.sections))
        i = bisect.bisect_right(index[2], offset) - 1
        return index[3][i] if i >= 0 else None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "sha256": self.sha256,
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "code": self.code,
            "issuer": self.issuer,
            "parent_issuer": self.parent_issuer,
            "place": self.place,
            "date": self.date,
            "title": self.title,
            "signer": _plain(self.signer) if self.signer else None,
            "recipients": list(self.recipients),
            "text": self.text,
            "sections": [_plain(s) for s in self.sections],
            "references": [_plain(r) for r in self.references],
            "assignments": [_assignment_record(a) for a in self.assignments],
            "entities": [_plain(e) for e in self.entities],
            "warnings": list(self.warnings),
        }
        # Extra fields the contract welcomes.
        record["key"] = self.key
        record["format"] = self.fmt
        record["pages"] = len(self.page_starts) or None
        if self.issuers:
            record["issuers"] = list(self.issuers)
        if self.signers:
            record["signers"] = [_plain(s) for s in self.signers]
        if (self.layout or {}).get("web_page"):
            # a site's page saved whole: where the document stands in the file, the site's
            # properties table, and which fields came from it
            record["web_page"] = dict(self.layout["web_page"])
        return record


def _section_stretches(sections: list[Section]) -> tuple[list[int], list[str | None]]:
    """The sections' starts and ends in order, and the innermost section's path from each to
    the next: the sections holding an offset change only at these, so one bisect answers
    `section_at` (a scan of every section was a call's cost, 52,000 calls on the corpus)."""
    bounds = sorted({s.start for s in sections} | {s.end for s in sections})
    by_start = sorted(range(len(sections)), key=lambda i: sections[i].start)
    held: list[tuple[int, int, int]] = []  # (-level, -index, end): the deepest, then the last listed, first
    paths: list[str | None] = []
    k = 0
    for b in bounds:
        while k < len(by_start) and sections[by_start[k]].start <= b:
            i = by_start[k]
            heapq.heappush(held, (-sections[i].level, -i, sections[i].end))
            k += 1
        while held and held[0][2] <= b:
            heapq.heappop(held)
        # the ended ones below the top are dropped when they reach it
        paths.append(sections[-held[0][1]].path if held else None)
    return bounds, paths


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(obj: Any) -> dict[str, Any]:
    """The fields of a record part in order, as `dataclasses.asdict` gives them: the parts hold
    only strings, numbers and None (a Deadline is turned by its own `to_dict`), so no deep copy
    is needed, and asdict's recursion was a tenth of the time spent making a record."""
    names = _FIELDS.get(type(obj))
    if names is None:
        names = _FIELDS[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


def _assignment_record(a: Assignment) -> dict[str, Any]:
    out = _plain(a)
    out["deadline"] = a.deadline.to_dict() if a.deadline else None
    if a.report_to is None:
        out.pop("report_to")
    return out


RECORD_KEYS = (
    "id", "source", "sha256", "doc_type", "number", "symbol", "code", "issuer",
    "parent_issuer", "place", "date", "title", "signer", "recipients", "text", "sections",
    "references", "assignments", "entities", "warnings",
)
