"""The pipeline: a file (or a text) -> one `Document` through every stage -> its record.

Stages are plain functions `Document -> Document`, run in order. A stage that fails on one
document leaves a warning and the results of the stages before it; a batch never stops on one
file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from vanban import ingest
from vanban.ingest.base import count_lines
from vanban.ingest.text import markdown_to_text
from vanban.model import Document
from vanban.text.normalize import language, normalize

Stage = Callable[[Document], Document]

BULK_SUFFIXES = (".jsonl", ".jsonl.gz")
# Lines of a bulk file per unit of parallel work: about 10 s of one core.
BULK_CHUNK = 100


def _stages() -> list[tuple[str, Stage]]:
    """The stages, in order. Imported here, not at module top, so that `ingest` and
    `normalize` stay usable without loading spaCy and underthesea."""
    from vanban.stages import assignments, entities, header, references, sections

    return [
        ("header", header.run),
        ("sections", sections.run),
        ("references", references.run),
        ("assignments", assignments.run),
        ("entities", entities.run),
    ]


def run_stages(doc: Document, stages: list[tuple[str, Stage]] | None = None) -> Document:
    for name, stage in stages if stages is not None else _stages():
        try:
            doc = stage(doc)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not lose the document
            doc.warn(f"{name} stage failed: {type(exc).__name__}: {exc}")
            if os.environ.get("VANBAN_DEBUG"):
                traceback.print_exc()
    return doc


def document_from_text(text: str, source: str = "<text>", fmt: str = "txt", page_starts: list[int] | None = None,
                       sha256: str | None = None) -> Document:
    """Normalise a text and wrap it in a Document (no stages run yet)."""
    doc = Document(source=source, fmt=fmt, raw_text=text)
    doc.sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.id = doc.sha256[:16]
    doc.text, doc.to_source, warnings = normalize(text, join_lines=fmt not in ("docx", "doc"))
    for w in warnings:
        doc.warn(w)
    lang = language(doc.text)
    if lang and lang != "vi":
        doc.warn(f"text is not Vietnamese ({lang}): a translation? its fields are left empty")
    if page_starts:
        doc.page_starts = _map_page_starts(page_starts, doc.to_source)
    return doc


def _map_page_starts(raw_starts: list[int], to_source) -> list[int]:
    """Page starts in raw offsets -> offsets in the normalised text (first char at or after)."""
    import bisect

    return [bisect.bisect_left(to_source, s) for s in raw_starts]


def process_text(text: str, source: str = "<text>") -> Document:
    return run_stages(document_from_text(text, source))


def process_file(path: str | Path, ocr: bool = False) -> Document:
    """One file through every stage; `ocr` reads scanned PDF pages with Tesseract."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        doc = Document(source=str(path))
        doc.warn(f"cannot read file: {exc.strerror or exc}")
        return doc
    ing = ingest.read(path, data, ocr=ocr)
    doc = document_from_text(ing.text, str(path), ing.fmt, ing.page_starts, hashlib.sha256(data).hexdigest())
    doc.layout = ing.layout
    for w in ing.warnings:
        doc.warn(w)
    if not doc.text.strip():
        if not ing.warnings:
            doc.warn("no text could be extracted")
        return doc
    return run_stages(doc)


def iter_bulk(path: Path, lines: tuple[int, int] | None = None) -> Iterator[Document]:
    """A JSON-lines file (optionally gzipped) of documents with a `text` field: one Document
    each; `lines` = (first, last), 1-based and inclusive, reads only those lines. A line that
    is not UTF-8, not JSON, or fails is a Document that says so; the next line goes on."""
    first, last = lines or (1, None)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if lineno < first:
                continue
            if last is not None and lineno > last:
                break
            source = f"{path}#{lineno}"
            try:
                yield _bulk_document(raw, source, lineno)
            except Exception as exc:  # noqa: BLE001 - one line must not cost the rest
                doc = Document(source=source)
                doc.warn(f"bulk line {lineno}: failed: {type(exc).__name__}: {exc}")
                yield doc


# The bulk pages of thuvienphapluat open with the header as a markdown table: a "|" line,
# then the issuer in bold ("|\n**CHÍNH PHỦ**\n-------\n|\n**CỘNG HÒA…").
_TVPL_MARKDOWN = re.compile(r"\s*\|\s*\n\s*\*\*")


def _bulk_document(raw: bytes, source: str, lineno: int) -> Document:
    try:
        line = raw.decode("utf-8")
        item = json.loads(line)
    except UnicodeDecodeError as exc:
        doc = Document(source=source)
        doc.warn(f"bulk line {lineno}: not UTF-8 (byte {exc.start})")
        return doc
    except json.JSONDecodeError as exc:
        doc = Document(source=source)
        doc.warn(f"bulk line {lineno}: not JSON ({exc.msg})")
        return doc
    text = item.get("text") if isinstance(item, dict) else None
    text = text if isinstance(text, str) else ""
    if _TVPL_MARKDOWN.match(text):
        # a thuvienphapluat page kept as markdown: its header table read as the .md reader does
        text = markdown_to_text(text)
    doc = document_from_text(text, source, "bulk", sha256=hashlib.sha256(raw).hexdigest())
    doc.layout = {"bulk": {k: v for k, v in item.items() if k != "text"}} if isinstance(item, dict) else {}
    if not doc.text.strip():
        doc.warn("bulk record has no text")
        return doc
    return run_stages(doc)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read under the given paths (folders recursively), in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and _wanted(f):
                    yield f
        else:
            yield p


def _wanted(f: Path) -> bool:
    name = f.name.lower()
    if name.startswith(".") or name in ("readme.md", "sources.md", "manifest.jsonl"):
        return False
    return f.suffix.lower() in ingest.SUPPORTED or name.endswith(BULK_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of work: a file, or lines `first`..`last` (1-based, inclusive) of a bulk file,
    so that a bulk file of a thousand documents is not one task on one worker."""

    path: Path
    lines: tuple[int, int] | None = None


def process_unit(unit: Unit, ocr: bool = False) -> list[dict[str, Any]]:
    """The records of one unit. Never raises: what cannot be read is a record saying why."""
    path = unit.path
    if path.name.lower().endswith(BULK_SUFFIXES):
        try:
            return [d.to_record() for d in iter_bulk(path, unit.lines)]
        except (OSError, EOFError) as exc:
            return [failure_record(str(path), f"cannot read bulk file: {exc}")]
    try:
        return [process_file(path, ocr=ocr).to_record()]
    except Exception as exc:  # noqa: BLE001 - last line of defence: the batch goes on
        return [failure_record(str(path), f"failed: {type(exc).__name__}: {exc}")]


def failure_record(source: str, reason: str) -> dict[str, Any]:
    doc = Document(source=source)
    doc.warn(reason)
    return doc.to_record()


def is_failure(record: dict[str, Any]) -> bool:
    """A record whose text could not be read at all."""
    return not (record.get("text") or "").strip()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def work_units(paths: Iterable[str | Path], skip: Callable[[str, str], bool] | None = None,
               bulk_chunk: int | None = None) -> list[Unit]:
    """The units of work under `paths`: files not skipped (`skip(source, sha256)` lets a store
    pass over files it holds unchanged), bulk files cut into `bulk_chunk` lines when given."""
    units: list[Unit] = []
    for f in discover(paths):
        if skip is not None and f.exists() and skip(str(f), file_sha256(f)):
            continue
        if bulk_chunk and f.name.lower().endswith(BULK_SUFFIXES):
            count = count_lines(f)
            units += [Unit(f, (a, min(a + bulk_chunk - 1, count))) for a in range(1, count + 1, bulk_chunk)]
            if count == 0:
                units.append(Unit(f))
        else:
            units.append(Unit(f))
    return units


def extract_paths(paths: Iterable[str | Path], jobs: int = 1,
                  skip: Callable[[str, str], bool] | None = None, ocr: bool = False) -> Iterator[dict[str, Any]]:
    """Records for every document under `paths`, in order; with jobs > 1, units run in worker
    processes (bulk files in chunks of BULK_CHUNK lines).

    `skip(source, sha256)` lets a store pass over files it already holds unchanged; `ocr`
    reads scanned PDF pages with Tesseract."""
    units = work_units(paths, skip, BULK_CHUNK if jobs > 1 else None)
    if jobs <= 1:
        for unit in units:
            yield from process_unit(unit, ocr)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for records in pool.map(partial(process_unit, ocr=ocr), units, chunksize=1):
            yield from records
