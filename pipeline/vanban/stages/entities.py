"""People and places: PER and LOC entities with character spans.

Rules first ("Đ/c Nguyễn Long Biên", "đồng chí …", the place of the date line); then
underthesea's CRF NER (it runs offline) on the few lines where people and places are named:
lines with a person cue. underthesea returns words, not offsets, so each word
is found again in its line to give the span. NER over every line of every document would cost
about a second per page on this machine for little gain: agencies (ORG) come from the
gazetteer of the assignments stage, not from NER.
"""

from __future__ import annotations

import re

from vanban import nlp
from vanban.model import Document, Entity
from vanban.rules import compiled

_CUES = compiled("entities")
_CUE_PERSON = _CUES["cue_person"]
_CUE_LINE = _CUES["cue_line"]
MAX_NER_LINES = 40


def _overlaps(ents: list[Entity], start: int, end: int) -> bool:
    return any(e.start < end and start < e.end for e in ents)


def rule_entities(doc: Document) -> list[Entity]:
    out: list[Entity] = []
    for m in _CUE_PERSON.finditer(doc.text):
        out.append(Entity("PER", m.group(1), m.start(1), m.end(1), "rule"))
    if doc.place:
        i = doc.text.find(doc.place, 0, max(doc.body_start, 4000))
        if i >= 0:
            out.append(Entity("LOC", doc.place, i, i + len(doc.place), "rule"))
    return out


def ner_spans(line: str, offset: int) -> list[Entity]:
    """underthesea NER on one line, its words mapped back to offsets in the document."""
    out: list[Entity] = []
    cursor = 0
    current: list = []  # [label, start, end]
    for word, _pos, _chunk, tag in nlp.ner(line):
        at = line.find(word, cursor)
        if at < 0:
            continue
        cursor = at + len(word)
        if tag.startswith("B-") or (tag.startswith("I-") and not current):
            if current:
                out.append(_entity(line, offset, current))
            current = [tag[2:], at, cursor]
        elif tag.startswith("I-") and current and current[0] == tag[2:]:
            current[2] = cursor
        else:
            if current:
                out.append(_entity(line, offset, current))
            current = []
    if current:
        out.append(_entity(line, offset, current))
    # A name or a place starts with a capital letter; "/TW" and the like are tagging noise.
    return [e for e in out if e.label in ("PER", "LOC") and re.match(r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]", e.text)]


def _entity(line: str, offset: int, cur: list) -> Entity:
    label, start, end = cur
    text = line[start:end]
    # "Nguyễn Long Biên-UVTV": the name ends before a hyphenated abbreviation of an office.
    m = re.search(r"-[A-ZĐ]{2,}.*$", text)
    if m:
        text = text[: m.start()]
    return Entity(label, text, offset + start, offset + start + len(text), "ner")


def cue_lines(text: str, most: int) -> list[tuple[str, int]]:
    """The first `most` lines with a person cue, with their offsets: one search over the text
    from line to line (a search per line cost 430,000 calls over the corpus). The line where a
    match starts is searched again on its own (a match may run on into the next line: "Ông" at
    a line's end), and the search goes on from the next line, where a per-line search would
    look too."""
    out: list[tuple[str, int]] = []
    pos = 0
    while len(out) < most:
        m = _CUE_LINE.search(text, pos)
        if m is None:
            break
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        if _CUE_LINE.search(line):
            out.append((line, start))
        pos = end + 1
    return out


def run(doc: Document) -> Document:
    ents = [e for e in doc.entities]
    for e in rule_entities(doc):
        if not _overlaps(ents, e.start, e.end):
            ents.append(e)
    for line, offset in cue_lines(doc.text, MAX_NER_LINES):
        for e in ner_spans(line, offset):
            if not _overlaps(ents, e.start, e.end):
                ents.append(e)
    doc.entities = sorted(ents, key=lambda e: (e.start, e.end))
    return doc
