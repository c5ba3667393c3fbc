"""The pipeline: a file (or a text) -> one `Document` through every stage -> its record.

Stages are plain functions `Document -> Document`, run in order. A stage that fails on one
document leaves a warning and the results of the stages before it; a batch never stops on one
file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban import ingest
from vanban.ingest import bulk
from vanban.ingest.base import IngestError
from vanban.ingest.bulk import BulkDamage, is_bulk, read_lines
from vanban.ingest.discover import kind, walk
from vanban.ingest.text import markdown_to_text
from vanban.limits import limits, megabytes, report, text_pieces
from vanban.model import Document
from vanban.text.encoding import decode
from vanban.text.normalize import language, normalize

Stage = Callable[[Document], Document]

# Lines of a bulk file per unit of parallel work: about 4 s of one core, so that a worker
# killed mid-unit costs a re-run little (its lines are stored one by one as units finish).
BULK_CHUNK = 40


def _stages() -> list[tuple[str, Stage]]:
    """The stages, in order. Imported here, not at module top, so that `ingest` and
    `normalize` stay usable without loading spaCy and underthesea."""
    from vanban.learn import modes
    from vanban.stages import assignments, entities, header, references, sections

    stages: list[tuple[str, Stage]] = [
        ("header", header.run),
        ("sections", sections.run),
        ("references", references.run),
        ("assignments", assignments.run),
        ("entities", entities.run),
    ]
    if modes.mode() != "rules":
        # the trained model beside the rules (vanban.learn): only when asked for, as it costs time
        from vanban.learn import predict

        stages.insert(4, ("model", predict.run))
    return stages


def run_stages(doc: Document, stages: list[tuple[str, Stage]] | None = None) -> Document:
    piece = limits().piece_chars
    if len(doc.text) > piece:
        pieces = len(text_pieces(doc.text, piece))
        doc.warn(f"long document ({len(doc.text):,} characters): matched in {pieces} pieces of at most {piece:,}"
                 " characters (VANBAN_MAX_PIECE_CHARS)")
        report(doc.source, doc.warnings[-1])
    for name, stage in stages if stages is not None else _stages():
        try:
            doc = stage(doc)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not lose the document
            doc.warn(f"{name} stage failed: {type(exc).__name__}: {exc}")
            report(doc.source, doc.warnings[-1])
            if os.environ.get("VANBAN_DEBUG"):
                traceback.print_exc()
    return doc


def document_from_text(text: str, source: str = "<text>", fmt: str = "txt", page_starts: list[int] | None = None,
                       sha256: str | None = None) -> Document:
    """Normalise a text and wrap it in a Document (no stages run yet)."""
    doc = Document(source=source, fmt=fmt, raw_text=text)
    doc.sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.id = doc.sha256[:16]
    doc.text, doc.to_source, warnings = normalize(text, join_lines=fmt not in ("docx", "doc"), blank_is_break=fmt == "md")
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
        data = read_file(path)
    except (OSError, IngestError) as exc:
        doc = Document(source=str(path))
        doc.warn(f"cannot read file: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc))
        return doc
    return process_data(data, path, str(path), ocr)


# What a file read from standard input is, by its first bytes (it has no name to go by).
_MAGIC = ((b"%PDF", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0", ".doc"))


def process_stream(data: bytes, source: str = "<stdin>", ocr: bool = False) -> Document:
    """A document given as bytes with no file name (`vanban extract -`): PDF, DOCX and DOC
    told by their signature, anything else read as text."""
    suffix = next((ext for magic, ext in _MAGIC if data.startswith(magic)), ".txt")
    return process_data(data, Path(f"stdin{suffix}"), source, ocr)


def process_data(data: bytes, path: Path, source: str, ocr: bool = False) -> Document:
    """The bytes of one file through every stage; `path` says its format by its extension."""
    ing = ingest.read(path, data, ocr=ocr)
    doc = document_from_text(ing.text, source, ing.fmt, ing.page_starts, hashlib.sha256(data).hexdigest())
    doc.layout = ing.layout
    for w in ing.warnings:
        doc.warn(w)
    if not doc.text.strip():
        if not ing.warnings:
            doc.warn("no text could be extracted")
        return doc
    return run_stages(doc)


def read_file(path: Path) -> bytes:
    """A file's bytes. Never blocks: opened without waiting (a FIFO given as a file would
    wait forever for a writer) and read only when it is a regular file within the size limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(f"{kind(st.st_mode)}, not a file: not read")
        limit = limits().file_bytes
        if st.st_size > limit:
            raise IngestError(f"file is {megabytes(st.st_size)}, over the limit of {megabytes(limit)} per file "
                              "(VANBAN_MAX_FILE_BYTES): not read")
        return fh.read()


def iter_bulk(path: Path, lines: tuple[int, int] | None = None) -> Iterator[Document]:
    """A JSON-lines file (optionally gzipped) of documents with a `text` field: one Document
    each, as each line is read; `lines` = (first, last), 1-based and inclusive, reads only
    those lines. A line that is not UTF-8, not JSON, or fails is a Document that says so; the
    next line goes on. Where the stream breaks (a truncated gzip), a failure Document for the
    file says after which line: the lines before it have been given already."""
    first, last = lines or (1, None)
    try:
        for lineno, raw in read_lines(path, first, last):
            source = f"{path}#{lineno}"
            try:
                yield _bulk_document(raw, source, lineno)
            except Exception as exc:  # noqa: BLE001 - one line must not cost the rest
                doc = Document(source=source)
                doc.warn(f"bulk line {lineno}: failed: {type(exc).__name__}: {exc}")
                yield doc
    except BulkDamage as exc:
        doc = Document(source=str(path))
        doc.warn(str(exc))
        yield doc


# The bulk pages of thuvienphapluat open with the header as a markdown table: a "|" line,
# then the issuer in bold ("|\n**CHÍNH PHỦ**\n-------\n|\n**CỘNG HÒA…").
_TVPL_MARKDOWN = re.compile(r"\s*\|\s*\n\s*\*\*")


def _first_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _bulk_document(raw: bytes, source: str, lineno: int) -> Document:
    # JSON lines are UTF-8: a line with a few bad bytes keeps its text (those bytes replaced,
    # and said), a line in another encoding is not guessed at.
    decoded = decode(raw)
    if decoded.encoding != "utf-8":
        doc = Document(source=source)
        doc.warn(f"bulk line {lineno}: not UTF-8 (byte {_first_bad_byte(raw)})")
        return doc
    try:
        item = json.loads(decoded.text)
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
    for w in decoded.warnings:
        doc.warn(f"bulk line {lineno}: {w}")
    if not doc.text.strip():
        doc.warn("bulk record has no text")
        return doc
    return run_stages(doc)


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read under the given paths (folders recursively), in a stable order; paths
    that cannot be read are left out (`work_units` reports them: `ingest.discover.walk`)."""
    for path, problem in walk(paths):
        if problem is None:
            yield path


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of work: a file, or lines `first`..`last` (1-based, inclusive) of a bulk file,
    so that a bulk file of a thousand documents is not one task on one worker; or, with
    `problem`, a file that is only reported (a bulk file's damage, found when it was cut)."""

    path: Path
    lines: tuple[int, int] | None = None
    problem: str | None = None


def iter_unit(unit: Unit, ocr: bool = False) -> Iterator[dict[str, Any]]:
    """The records of one unit, each as soon as it is made (a bulk file's records are not
    held until its end). Never raises: what cannot be read is a record saying why."""
    path = unit.path
    if unit.problem is not None:
        yield failure_record(str(path), unit.problem)
        return
    if is_bulk(path):
        try:
            for doc in iter_bulk(path, unit.lines):
                yield doc.to_record()
        except OSError as exc:
            yield failure_record(str(path), f"cannot read bulk file: {exc.strerror or exc}")
        return
    try:
        yield process_file(path, ocr=ocr).to_record()
    except Exception as exc:  # noqa: BLE001 - last line of defence: the batch goes on
        yield failure_record(str(path), f"failed: {type(exc).__name__}: {exc}")


def process_unit(unit: Unit, ocr: bool = False) -> list[dict[str, Any]]:
    """The records of one unit, as a list (for worker processes and Dask). Never raises."""
    return list(iter_unit(unit, ocr))


def failure_record(source: str, reason: str) -> dict[str, Any]:
    doc = Document(source=source)
    doc.warn(reason)
    return doc.to_record()


def is_failure(record: dict[str, Any]) -> bool:
    """A record whose text could not be read at all."""
    return not (record.get("text") or "").strip()


def stage_failures(record: dict[str, Any]) -> list[str]:
    """The warnings of the stages that failed on a record's document (its text was read, but
    some of its fields are missing): what a command counts in its exit status."""
    return [w for w in record.get("warnings") or [] if " stage failed: " in w]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def bulk_units(path: Path, skip: Callable[[str, str], bool] | None = None, chunk: int | None = None) -> list[Unit]:
    """The units of a bulk file: ranges of its lines (at most `chunk` each) that `skip` does
    not pass over (a store skips the lines an interrupted run stored), and a unit reporting
    its damage when its stream breaks."""
    try:
        found = bulk.scan(path, skip, chunk)
    except OSError:
        return [Unit(path)]  # opened again by its unit, which says why it cannot be read
    units = [Unit(path, r) for r in found.todo]
    if found.damage:
        units.append(Unit(path, problem=found.damage))
    elif found.lines == 0:
        units.append(Unit(path, problem="empty bulk file: no lines"))
    return units


def work_units(paths: Iterable[str | Path], skip: Callable[[str, str], bool] | None = None,
               bulk_chunk: int | None = None) -> list[Unit]:
    """The units of work under `paths`: files not skipped (`skip(source, sha256)` lets a store
    pass over files it holds unchanged, and bulk lines it holds), bulk files cut into
    `bulk_chunk` lines when given."""
    units: list[Unit] = []
    for f, problem in walk(paths):
        if problem is not None:
            units.append(Unit(f, problem=problem))
            continue
        try:
            if skip is not None and skip(str(f), file_sha256(f)):
                continue
        except OSError:
            pass  # unreadable: its unit says why
        units += bulk_units(f, skip, bulk_chunk) if is_bulk(f) else [Unit(f)]
    return units


def extract_paths(paths: Iterable[str | Path], jobs: int = 1,
                  skip: Callable[[str, str], bool] | None = None, ocr: bool = False) -> Iterator[dict[str, Any]]:
    """Records for every document under `paths`, in order, each as soon as it is made; with
    jobs > 1, units run in worker processes (bulk files in chunks of BULK_CHUNK lines).

    `skip(source, sha256)` lets a store pass over files it already holds unchanged; `ocr`
    reads scanned PDF pages with Tesseract."""
    return extract_units(work_units(paths, skip, BULK_CHUNK if jobs > 1 else None), jobs, ocr)


def unit_documents(unit: Unit) -> int:
    """How many documents a unit gives (a bulk file one per line): the total a progress bar
    counts towards."""
    if unit.lines:
        return unit.lines[1] - unit.lines[0] + 1
    return 1  # a file, or a unit that reports a problem


def extract_units(units: list[Unit], jobs: int = 1, ocr: bool = False) -> Iterator[dict[str, Any]]:
    """Records of the units of `work_units`, in order; with jobs > 1 in worker processes."""
    if jobs <= 1:
        for unit in units:
            yield from iter_unit(unit, ocr)
        return
    yield from run_units(units, jobs, ocr)


# Units submitted ahead of the one whose records are due, per worker: enough to keep every
# worker busy, few enough that a slow unit does not make the others' records pile up in
# memory (Executor.map would submit them all at once and hold every finished one).
AHEAD = 4


def run_units(units: Iterable[Unit], jobs: int, ocr: bool = False) -> Iterator[dict[str, Any]]:
    """The records of `units`, in order, computed by `jobs` worker processes that end with
    this process."""
    pending = iter(units)
    window: deque[Future[list[dict[str, Any]]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent) as pool:
        try:
            for unit in pending:
                window.append(pool.submit(process_unit, unit, ocr))
                if len(window) >= jobs * AHEAD:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        finally:
            for future in window:  # the caller stopped early: nothing more to compute
                future.cancel()


def die_with_parent() -> None:
    """Worker initializer: end this worker when the process that started it ends, even by
    kill -9 (which runs no clean-up that could stop the pool). Linux kills it at once
    (PR_SET_PDEATHSIG); elsewhere, and as a backstop, a thread notices that it has been
    handed to another parent within a second."""
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the thread alone
    if os.getppid() != parent:
        os._exit(1)  # the parent went before the signal was asked for

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()
