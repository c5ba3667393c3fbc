"""Ingestion: any supported file -> text + page map + warnings.

Each format has its own module; `read()` picks one by extension and never raises for a bad
file: a file that cannot be read comes back as empty text with the reason in `warnings`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from vanban.ingest.base import Ingested, IngestError

# Extension -> (module, reader). Modules load on first use: `vanban --help`, `ask` and `serve`
# never need pypdfium2, pdfplumber, python-docx or lxml.
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("vanban.ingest.text", "read_txt"),
    ".md": ("vanban.ingest.text", "read_markdown"),
    ".pdf": ("vanban.ingest.pdf", "read_pdf"),
    ".docx": ("vanban.ingest.docx", "read_docx"),
    ".doc": ("vanban.ingest.doc", "read_doc"),
}


def reader_for(suffix: str) -> Callable[..., Ingested] | None:
    spec = READERS.get(suffix.lower())
    if spec is None:
        return None
    reader: Callable[..., Ingested] = getattr(import_module(spec[0]), spec[1])
    return reader


SUPPORTED = tuple(READERS)


def read(path: Path, data: bytes, ocr: bool = False) -> Ingested:
    """`ocr`: read the pages of a PDF that have no text layer with Tesseract (slow)."""
    reader = reader_for(path.suffix)
    if reader is None:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=[f"unsupported file type {path.suffix!r}"])
    if not data:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=["empty file"])
    try:
        return reader(data, ocr=True) if ocr and path.suffix.lower() == ".pdf" else reader(data)
    except IngestError as exc:
        return Ingested("", path.suffix.lstrip(".").lower(), warnings=[str(exc)])


__all__ = ["SUPPORTED", "IngestError", "Ingested", "read"]
