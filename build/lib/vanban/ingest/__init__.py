"""Ingestion: any supported file -> text + page map + warnings.

Each format has its own module; `read()` picks one by extension and never raises for a bad
file: a file that cannot be read comes back as empty text with the reason in `warnings`.
"""

from __future__ import annotations

from pathlib import Path

from vanban.ingest import doc as _doc
from vanban.ingest import docx as _docx
from vanban.ingest import pdf as _pdf
from vanban.ingest import text as _text
from vanban.ingest.base import Ingested, IngestError

READERS = {
    ".txt": _text.read_txt,
    ".md": _text.read_markdown,
    ".pdf": _pdf.read_pdf,
    ".docx": _docx.read_docx,
    ".doc": _doc.read_doc,
}

SUPPORTED = tuple(READERS)


def read(path: Path, data: bytes, ocr: bool = False) -> Ingested:
    """`ocr`: read the pages of a PDF that have no text layer with Tesseract (slow)."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=[f"unsupported file type {path.suffix!r}"])
    if not data:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=["empty file"])
    try:
        return _pdf.read_pdf(data, ocr=True) if ocr and reader is _pdf.read_pdf else reader(data)
    except IngestError as exc:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=[str(exc)])


__all__ = ["SUPPORTED", "IngestError", "Ingested", "read"]
