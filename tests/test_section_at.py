"""`Document.section_at` (one bisect over the sections' bounds) against its definition: of
the sections holding an offset, the deepest, the last listed of equal levels."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import doc_path
from vanban import process_file
from vanban.model import Document, Section


def scanned(doc: Document, offset: int) -> str | None:
    """The definition, as a scan of every section (what `section_at` did before)."""
    best: Section | None = None
    for sec in doc.sections:
        if sec.start <= offset < sec.end and (best is None or sec.level >= best.level):
            best = sec
    return best.path if best else None


def test_every_offset_of_real_documents(corpus: Path) -> None:
    for name in ("seed/KH-HU-BacAi-2024-03_CT28.txt",
                 "laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"):
        doc = process_file(doc_path(name))
        assert len({s.level for s in doc.sections}) >= 2  # nested sections, a real test
        for offset in range(-2, len(doc.text) + 3):
            assert doc.section_at(offset) == scanned(doc, offset), (name, offset)


def sec(path: str, level: int, start: int, end: int) -> Section:
    return Section(path=path, label=path, heading="", level=level, start=start, end=end)


def test_overlaps_ties_and_empty_sections() -> None:
    doc = Document(source="x", text="x" * 60)
    doc.sections = [sec("a", 1, 0, 50), sec("b", 2, 10, 30), sec("c", 2, 20, 40), sec("d", 3, 25, 25),
                    sec("e", 1, 5, 45), sec("f", 3, 35, 32)]
    for offset in range(-1, 62):
        assert doc.section_at(offset) == scanned(doc, offset), offset
    assert doc.section_at(22) == "c" and doc.section_at(6) == "e"


def test_sections_added_after_asking() -> None:
    doc = Document(source="x", text="x" * 20)
    doc.sections = [sec("a", 1, 0, 20)]
    assert doc.section_at(5) == "a"
    doc.sections.append(sec("a.1", 2, 4, 8))
    assert doc.section_at(5) == "a.1"
    doc.sections = [sec("b", 1, 0, 3)]
    assert doc.section_at(5) is None and doc.section_at(1) == "b"
