"""OCR of scanned PDF pages: pypdfium2 renders the page, Tesseract reads it in Vietnamese.

Tesseract and its Vietnamese data are Debian packages (`tesseract-ocr`, `tesseract-ocr-vie`;
`make setup` installs them), called as a program: no model is downloaded at run time. OCR
is slow (1.3 pages/s on two cores here, against over 200 pages/s for a text layer), so it
runs only when asked (`vanban extract --ocr`), on the pages that have no text layer, several
pages at once. The text it gives is marked in `warnings` with Tesseract's own mean word confidence,
because numbers, stamps and handwritten dates are where it errs, and those are the fields a
reader trusts most.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium

LANG = "vie"
DPI = 300  # 200 dpi is no faster (the recogniser dominates) and misreads more diacritics
PAGE_TIMEOUT = 300  # seconds; a page that takes longer is reported, not waited for
INSTALL_HINT = "install Tesseract with its Vietnamese data (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str
    confidence: float | None  # mean word confidence, 0-100; None when no word was read
    error: str | None = None


@cache
def unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"tesseract is not installed: {INSTALL_HINT}"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run ({exc}): {INSTALL_HINT}"
    if LANG not in langs:
        return f"tesseract has no Vietnamese data ({LANG}): {INSTALL_HINT}"
    return None


def from_tsv(tsv: str) -> OcrPage:
    """Text and mean confidence from Tesseract's TSV: words joined into its lines, lines into
    paragraphs, paragraphs and blocks apart by a blank line (as its plain-text output does)."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        lines.setdefault((int(row["block_num"]), int(row["par_num"]), int(row["line_num"])), []).append(word)
        conf = float(row["conf"])
        if conf >= 0:
            confidences.append(conf)
    out: list[str] = []
    last_par: tuple[int, int] | None = None
    for (block, par, _), words in lines.items():  # TSV rows come in reading order
        if last_par is not None and (block, par) != last_par:
            out.append("")
        out.append(" ".join(words))
        last_par = (block, par)
    return OcrPage("\n".join(out), sum(confidences) / len(confidences) if confidences else None)


def _read_image(png: bytes) -> OcrPage:
    # One thread per Tesseract: pages run side by side instead, which uses the cores better
    # than OpenMP inside one page.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANG, "tsv"], input=png,
                              capture_output=True, timeout=PAGE_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return OcrPage("", None, f"OCR took over {PAGE_TIMEOUT} s")
    except OSError as exc:
        return OcrPage("", None, f"OCR failed: {exc}")
    if done.returncode != 0:
        return OcrPage("", None, "OCR failed: " + done.stderr.decode("utf-8", "replace").strip()[-200:])
    return from_tsv(done.stdout.decode("utf-8", "replace"))


def _render(pdf: pdfium.PdfDocument, number: int) -> bytes:
    page = pdf[number - 1]
    try:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def read_pages(data: bytes, numbers: list[int], workers: int | None = None) -> dict[int, OcrPage]:
    """OCR of the given 1-based pages of a PDF; call only when `unavailable()` is None. A page
    that cannot be rendered or read comes back empty with its error; the others still come."""
    workers = workers or os.cpu_count() or 1
    out: dict[int, OcrPage] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        # Rendering goes through one PDFium document, which is not thread-safe: pages are
        # rendered here, one at a time, and recognised in the pool; no more than two pages a
        # worker wait as images (an 80-page scan is 80 images of 9 megapixels).
        with ThreadPoolExecutor(max_workers=workers) as pool:
            pending: dict[int, Future[OcrPage]] = {}
            for n in numbers:
                if len(pending) >= 2 * workers:
                    first = next(iter(pending))
                    out[first] = pending.pop(first).result()
                try:
                    png = _render(pdf, n)
                except Exception as exc:  # noqa: BLE001 - one bad page must not cost the others
                    out[n] = OcrPage("", None, f"page could not be rendered for OCR ({type(exc).__name__}: {exc})")
                    continue
                pending[n] = pool.submit(_read_image, png)
            for n, future in pending.items():
                out[n] = future.result()
    finally:
        pdf.close()
    return {n: out[n] for n in numbers}
