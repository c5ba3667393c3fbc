"""Throughput benchmark: `python -m vanban.app.bench [CORPUS] [--repeat N]` (or `make bench`).

Prints pages per second of the PDF text path (pypdfium2, with the font repair) against
pdfplumber's `extract_text` on the same text-layer PDFs, then documents per second of the
whole pipeline per input format. With `--ocr N`, the first N pages of every scanned PDF are
read by OCR (pages per second), and the scanned Thông tư 23/2024/TT-BCT is scored against its
DOCX twin (SOURCES.md names the pair): the share of OCR words that match the DOCX text in
order. Numbers go to the issue notes and README, not to a timed test.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from vanban.extract import discover, iter_bulk, process_file
from vanban.ingest.pdf import page_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def _raw_pdfium_pages(data: bytes) -> int:
    """PDFium's own text extraction, nothing else: the limit a PDF path can approach."""
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _pdfium_pages(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            page_text(page)
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _pdfplumber_pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _pipeline_pages(path: Path) -> int:
    """The whole pipeline on one PDF: reading, header columns, every stage."""
    return process_file(path).to_record()["pages"] or 0


def bench_pdf(files: list[Path], repeat: int, plumber_repeat: int = 1) -> dict[str, float]:
    """Pages per second of the whole pipeline beside raw PDFium and pdfplumber, one run.

    The fast rows (raw PDFium, the reader, the pipeline) run in `repeat` rounds, one pass
    of each per round in turn, so that a machine whose speed drifts (others' jobs) slows
    every row of a round alike: each row's figure is its median pass, and each ratio the
    median of the rounds' ratios. pdfplumber is 30 times slower and its ratio far from its
    bound: it runs `plumber_repeat` passes. The pipeline is timed warm (its imports and
    models loaded by one document first): the start-up is paid once per process, and is
    printed on its own line. Returns the ratios (for the notes)."""
    import statistics

    # Image-only PDFs have nothing for any path to read; they would flatter all of them.
    files = [f for f in files if "SCANNED" not in f.name]
    datas = [(f, f.read_bytes()) for f in files]
    if not datas:
        print("no text-layer PDFs found")
        return {}
    started = time.perf_counter()
    first = process_file(files[0])
    from vanban import nlp  # the models load on first use: part of the start-up, not of a page

    nlp.ner(" ".join(first.text.split()[:12]))
    print(f"{'pipeline start-up':<34} {time.perf_counter() - started:7.2f}s  (imports, rules, models: the first document)")
    raw, reader, plumber, pipeline = ("raw pypdfium2 get_text_range", "pypdfium2 + font repair (reader)",
                                      "pdfplumber extract_text", "vanban pipeline (all stages)")
    rows: dict[str, Callable[[], int]] = {
        raw: lambda: sum(_raw_pdfium_pages(d) for _, d in datas),
        reader: lambda: sum(_pdfium_pages(d) for _, d in datas),
        pipeline: lambda: sum(_pipeline_pages(f) for f, _ in datas),
    }
    passes: dict[str, list[float]] = {name: [] for name in (raw, reader, plumber, pipeline)}
    pages: dict[str, int] = {}

    def once(name: str, fn: Callable[[], int]) -> None:
        start = time.perf_counter()
        pages[name] = fn()
        passes[name].append(time.perf_counter() - start)

    for _ in range(max(repeat, 1)):
        for name, fn in rows.items():
            once(name, fn)
    for _ in range(max(plumber_repeat, 1)):
        once(plumber, lambda: sum(_pdfplumber_pages(d) for _, d in datas))
    rates = {name: pages[name] / statistics.median(times) for name, times in passes.items()}
    for name in (raw, reader, plumber, pipeline):
        times = passes[name]
        spread = f"  (passes {min(times):.2f}-{max(times):.2f}s)" if len(times) > 1 else ""
        print(f"{name:<34} {pages[name]:>6} pages in {statistics.median(times):7.2f}s  {rates[name]:8.1f} pages/s"
              f"  median of {len(times)}{spread}")
    # the rounds' own ratios: raw and pipeline of one round ran seconds apart
    to_raw = statistics.median(r / p for r, p in zip(passes[raw], passes[pipeline]))
    to_plumber = rates[pipeline] / rates[plumber]
    print(f"{len(datas)} text-layer PDFs. pipeline / pdfplumber = {to_plumber:.2f}x;  pipeline / raw pypdfium2 = "
          f"{to_raw:.2f}x (median of {len(passes[raw])} rounds' ratios)")
    return {"pdfplumber": to_plumber, "raw": to_raw}


def read_nfc_rate(corpus: Path) -> tuple[int, float]:
    """(characters, seconds) of only reading every document of the corpus and normalising it
    to NFC: the floor under any pipeline, and the yardstick its characters per second are
    measured against (bulk lines: their JSON read, the `text` field normalised)."""
    import json

    from vanban.ingest.bulk import read_lines

    chars, start = 0, time.perf_counter()
    for f in discover([corpus]):
        if f.name.endswith((".jsonl", ".jsonl.gz")):
            for _n, raw in read_lines(f, 1, None):
                try:
                    text = json.loads(raw).get("text") or ""
                except ValueError:
                    continue
                chars += len(unicodedata.normalize("NFC", text))
            continue
        if f.suffix.lower() in (".txt", ".md", ".html", ".htm"):
            chars += len(unicodedata.normalize("NFC", f.read_bytes().decode("utf-8", "replace")))
    return chars, time.perf_counter() - start


def bench_pipeline(corpus: Path) -> None:
    by_format: dict[str, list[float]] = defaultdict(list)
    chars: dict[str, int] = defaultdict(int)
    start_all = time.perf_counter()
    for f in discover([corpus]):
        if f.name.endswith((".jsonl", ".jsonl.gz")):
            t = time.perf_counter()
            n = 0
            for doc in iter_bulk(f):
                n += 1
                chars["bulk"] += len(doc.text)
            elapsed = time.perf_counter() - t
            by_format["bulk"].extend([elapsed / max(n, 1)] * n)
            continue
        t = time.perf_counter()
        doc = process_file(f)
        by_format[doc.fmt or f.suffix].append(time.perf_counter() - t)
        chars[doc.fmt or f.suffix] += len(doc.text)
    total = time.perf_counter() - start_all
    n_all = sum(len(v) for v in by_format.values())
    print(f"\nwhole pipeline over {corpus}: {n_all} documents in {total:.1f}s = {n_all / total:.1f} documents/s (one process)")
    for fmt, times in sorted(by_format.items()):
        secs = sum(times)
        print(f"  {fmt:<6} {len(times):>5} docs  {secs:7.2f}s  {len(times) / secs if secs else 0:8.1f} docs/s  "
              f"{chars[fmt] / secs / 1000 if secs else 0:8.1f} k chars/s")
    # text formats only: a PDF's or DOCX's characters cost their reader, not just a read
    text_fmts = [f for f in by_format if f in ("txt", "md", "bulk", "html", "web")]
    pipe_chars = sum(chars[f] for f in text_fmts)
    pipe_secs = sum(sum(by_format[f]) for f in text_fmts)
    nfc_chars, nfc_secs = read_nfc_rate(corpus)
    if pipe_secs and nfc_secs:
        pipe_rate, nfc_rate = pipe_chars / pipe_secs, nfc_chars / nfc_secs
        print(f"text documents: pipeline {pipe_rate / 1000:.1f} k chars/s; read+NFC {nfc_rate / 1000:.1f} k chars/s; "
              f"pipeline / read+NFC = 1/{nfc_rate / pipe_rate:.0f}")


def bench_help(runs: int = 5) -> None:
    """`vanban --help` from a fresh process (its imports), median of `runs`."""
    import statistics
    import subprocess
    import sys

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vanban", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(runs):
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
    bare = (time.perf_counter() - start) / runs
    print(f"vanban --help: {statistics.median(times):.3f}s median of {runs} (a bare python start: {bare:.3f}s)")


# Scanned PDF -> the same document as text, for scoring OCR (../shared/corpus/SOURCES.md).
OCR_TWINS = {"TT-23-2024-TT-BCT_BoCongThuong_SCANNED.pdf": "TT-23-2024-TT-BCT_VLNCN.docx"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def word_accuracy(ocr_text: str, truth: str) -> float:
    """Share of the OCR words that match the true text in order (difflib's matching blocks;
    the truth is cut to a little more than the OCR's length, as the OCR is its first pages)."""
    got = _words(ocr_text)
    want = _words(truth)[: int(len(got) * 1.3) + 50]
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(len(got), 1)


def bench_ocr(files: list[Path], pages: int) -> None:
    from vanban.ingest import ocr

    why = ocr.unavailable()
    if why:
        print(f"OCR: not run ({why})")
        return
    total, start = 0, time.perf_counter()
    for f in files:
        if "SCANNED" not in f.name:
            continue
        data = f.read_bytes()
        count = len(pdfium.PdfDocument(data))
        numbers = list(range(1, min(pages, count) + 1))
        read = ocr.read_pages(data, numbers)
        total += len(numbers)
        twin = f.parent / OCR_TWINS.get(f.name, "-")
        if twin.is_file():
            text = "\n".join(read[n].text for n in numbers)
            print(f"OCR {f.name}: pages 1-{numbers[-1]}: {word_accuracy(text, process_file(twin).text):.1%} of words"
                  f" match {twin.name}; mean confidence {sum(read[n].confidence or 0 for n in numbers) / len(numbers):.0f}")
    elapsed = time.perf_counter() - start
    print(f"OCR (Tesseract vie, {ocr.DPI} dpi): {total} pages in {elapsed:.1f}s = {total / elapsed:.2f} pages/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vanban.app.bench", description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5,
                        help="rounds of raw PDFium, the reader and the pipeline over the PDFs (default 5)")
    parser.add_argument("--plumber-repeat", type=int, default=1, help="passes of pdfplumber (default 1)")
    parser.add_argument("--pdf-only", action="store_true")
    parser.add_argument("--ocr", type=int, default=0, metavar="N", help="also OCR the first N pages of each scanned PDF")
    parser.add_argument("--assignments", choices=("rules", "model", "both"),
                        help="who finds the assignments (vanban.learn.modes; default rules)")
    args = parser.parse_args(argv)
    if args.assignments:
        from vanban.learn import modes

        modes.set_mode(args.assignments)
    bench_help()
    pdfs = [f for f in discover([args.corpus]) if f.suffix.lower() == ".pdf"]
    if args.ocr:
        bench_ocr(pdfs, args.ocr)
    bench_pdf(pdfs, args.repeat, args.plumber_repeat)
    if not args.pdf_only:
        bench_pipeline(args.corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
