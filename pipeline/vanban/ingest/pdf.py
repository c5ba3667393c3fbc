"""PDF: pypdfium2 for the text of every page (fast), pdfplumber for the first page's header band
when its two columns (issuer | Quốc hiệu, number | place-date) need their x positions.

Running page numbers and page headers repeated on most pages are removed here, before any
offset is taken. Encrypted, corrupt and image-only PDFs come back with a reason, never raise;
pages without a text layer are read by OCR when asked (see `ocr`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from vanban.ingest import ocr as _ocr
from vanban.ingest.base import Ingested, IngestError, join_pages
from vanban.rules import compiled, load_rules

_extract_repaired: Callable[[pdfium.PdfTextPage], tuple[str, list[str]]] | None
try:  # the font repair is optional: plain extraction is the fallback
    from vanban.ingest.fontfix import extract_text as _extract_repaired
except ImportError:  # pragma: no cover
    _extract_repaired = None

# The words the reader looks for (page numbers, the motto, the stamps' blank slots): data/pdf.json.
_RULES = compiled("pdf")
_PAGE_NUMBER = _RULES["page_number"]
_BLANK_NUMBER = _RULES["blank_number"]
_DATE_SLOTS = _RULES["date_slots"]
_BLANK_DAY = _RULES["blank_day"]
_MOTTO = load_rules("pdf")["motto_first_word"]
# PDFium's search matches code points: a text layer may write the motto composed or not.
_MOTTO_FORMS = tuple(dict.fromkeys(unicodedata.normalize(form, _MOTTO) for form in ("NFC", "NFD")))


def page_text(page: pdfium.PdfPage) -> tuple[str, list[str]]:
    textpage = page.get_textpage()
    try:
        return textpage_text(textpage)
    finally:
        textpage.close()


def textpage_text(textpage: pdfium.PdfTextPage) -> tuple[str, list[str]]:
    """A page's text (fonts repaired) and notes, from its text view."""
    if _extract_repaired is not None:
        return _extract_repaired(textpage)
    return textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"), []


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def _strip_running_lines(pages: list[str]) -> list[str]:
    """Drop page numbers at the top or bottom of a page and lines repeated at the top of most
    pages (a running header such as "18.KLTW7S.DOC 2", compared with digits folded)."""
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    tops: Counter[str] = Counter()
    for text in pages:
        first = next((ln for ln in text.split("\n") if ln.strip()), "")
        if first:
            tops[key(first)] += 1
    repeated = {k for k, n in tops.items() if n >= 3 and n >= len(pages) // 2 and len(k) < 60}
    out = []
    for text in pages:
        lines = text.split("\n")
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        drop: set[int] = set()
        for i in nonblank[:2] + nonblank[-2:]:
            if _PAGE_NUMBER.match(lines[i]):
                drop.add(i)
        if nonblank and key(lines[nonblank[0]]) in repeated:
            drop.add(nonblank[0])
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out


def read_pdf(data: bytes, ocr: bool = False) -> Ingested:
    """The PDF's text layer, page by page; with `ocr`, pages without one are read by OCR."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise IngestError("encrypted PDF: it needs a password to open") from exc
        raise IngestError(f"corrupt or truncated PDF: {msg}") from exc
    warnings: list[str] = []
    pages: list[str] = []
    image_only: list[int] = []
    columns: dict[str, list[str]] | None = None
    rects: list[tuple[float, float, float, float]] = []
    stamps: list[tuple[str, float]] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                # one text view per page: building it costs about as much as loading the page
                textpage = page.get_textpage()
                try:
                    if i == 0:
                        # read while the page is loaded: loading a page is most of PDFium's time
                        columns = page_columns(page, textpage)
                        rects = widget_rects(page)
                    text, notes = textpage_text(textpage)
                    chars = textpage.count_chars() if i == 0 and rects else 0
                finally:
                    textpage.close()
                if i == 0 and rects:
                    try:
                        stamps = page_stamps(pdf, page, rects, chars)
                    except pdfium.PdfiumError:
                        stamps = []
                warnings.extend(f"pdf page {i + 1}: {n}" for n in notes)
                if not text.strip():
                    if _has_images(page):
                        image_only.append(i + 1)
                    else:
                        warnings.append(f"pdf page {i + 1}: empty page")
                pages.append(text)
            except pdfium.PdfiumError as exc:
                warnings.append(f"pdf page {i + 1}: unreadable ({exc})")
                pages.append("")
            finally:
                page.close()
    finally:
        pdf.close()
    if not pages:
        raise IngestError("PDF has no pages")
    if image_only and ocr:
        image_only = _read_by_ocr(data, image_only, pages, warnings)
    if image_only and len(image_only) == len(pages):
        warnings.append(f"pdf has no text layer (scanned, {len(pages)} page(s)): OCR is needed to read it"
                        + ("" if ocr else " (vanban extract --ocr)"))
    elif image_only:
        warnings.append("pdf page(s) " + ", ".join(map(str, image_only)) + ": no text layer (scanned image)"
                        + ("" if ocr else "; vanban extract --ocr reads them"))
    pages = _strip_running_lines(pages)
    if pages and pages[0].strip():
        if not stamps:
            pages[0], stamps = trailing_stamp_line(pages[0])
        pages[0], note = apply_stamps(pages[0], stamps)
        if note:
            warnings.append(note)
    text, starts = join_pages(pages)
    damage = damage_note(data)
    if damage:
        # PDFium rebuilds a cut file from the objects it can still find and says nothing:
        # the record must say that what follows is what survived.
        kept = sum(1 for pg in pages if pg.strip())
        warnings.insert(0, f"damaged PDF ({damage}): PDFium repaired it; recovered {kept} of {len(pages)} page(s) "
                           f"with text, {len(text.strip())} characters: the rest of the document may be missing")
    result = Ingested(text, "pdf", starts, warnings)
    if text.strip() and columns:
        result.layout = columns
    return result


def damage_note(data: bytes) -> str | None:
    """Why the file's bytes are not a whole PDF, or None. A PDF ends with "%%EOF" after its
    cross-reference table (writers may append a few bytes after it, never a whole object)."""
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        return "truncated: no end-of-file marker"
    if b"startxref" not in data[-4096:]:
        return "no cross-reference table at the end"
    return None


def _read_by_ocr(data: bytes, numbers: list[int], pages: list[str], warnings: list[str]) -> list[int]:
    """Fill `pages` from OCR. Returns the pages still to report as without a text layer: all
    of them when OCR cannot run here, none when it ran (it reports the pages it found empty)."""
    why = _ocr.unavailable()
    if why:
        warnings.append(f"OCR not run: {why}")
        return numbers
    read = _ocr.read_pages(data, numbers)
    done = [n for n in numbers if read[n].text.strip()]
    for n in numbers:
        pages[n - 1] = read[n].text
        if read[n].error:
            # "no text layer" marks the file as not done in the store: a later run tries again.
            warnings.append(f"pdf page {n}: no text layer, and OCR failed: {read[n].error}")
        elif n not in done:
            warnings.append(f"pdf page {n}: OCR read no text (a picture, a stamp, or a blank scan)")
    if done:
        confidences = [c for n in done if (c := read[n].confidence) is not None]
        mean = f"{sum(confidences) / len(confidences):.0f}%" if confidences else "unknown"
        warnings.append(f"pdf page(s) {_ranges(done)}: text read by OCR (Tesseract, {_ocr.LANG}; mean word "
                        f"confidence {mean}): numbers, dates, names and diacritics may be misread")
    return []


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def header_columns(data: bytes) -> dict[str, list[str]] | None:
    """The first page's header band split into its two columns (see `page_columns`)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        page = pdf[0]
        try:
            return page_columns(page)
        finally:
            page.close()
    finally:
        pdf.close()


def page_columns(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None) -> dict[str, list[str]] | None:
    """A page's header band (its upper 30%) split into its two columns at the national motto
    ("CỘNG HÒA …" / "ĐẢNG CỘNG SẢN …"), from PDFium's character boxes (`textpage`: the page's
    text view when the caller has one already).

    Returns {"left": [...lines], "right": [...lines]} or None when the page has no two-column
    header. (pdfplumber read the same band before: parsing the page's fonts in Python cost
    three quarters of the PDF path's time; PDFium reads it in a millisecond.)"""
    try:
        width, height = page.get_size()
        view = textpage or page.get_textpage()
        try:
            band = height * 0.7  # PDF y runs upwards: the band is y >= 70% of the height
            split = _motto_left(view, band)
            if split is None:
                return None
            left = view.get_text_bounded(0, band, split - 2, height)
            right = view.get_text_bounded(split - 2, band, width, height)
        finally:
            if textpage is None:
                view.close()
    except pdfium.PdfiumError:  # layout is a help, never a reason to fail the file
        return None

    def lines(text: str) -> list[str]:
        return [ln for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]

    return {"left": lines(left), "right": lines(right)}


def _motto_left(textpage: pdfium.PdfTextPage, band: float) -> float | None:
    """x of the motto's first word (precomposed or not) in the header band."""
    for word in _MOTTO_FORMS:
        searcher = textpage.search(word, match_case=True, match_whole_word=False)
        try:
            while (hit := searcher.get_next()) is not None:
                left, _bottom, _right, top = textpage.get_charbox(hit[0])
                if top > band:
                    return float(left)
        finally:
            searcher.close()
    return None


# --- signature stamps ------------------------------------------------------------------------
# Signed Lào Cai documents leave the number and the day blank in the text ("Số: /QĐ-UBND",
# "ngày  tháng 4") and stamp them with the digital signature: the values live in the
# appearance of signature widgets, which pdfium draws but does not extract. Flattening the
# page turns them into page text; the characters it adds are the stamps.


def widget_rects(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the signature/form widgets in the page's upper third."""
    height = page.get_height()
    rects = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
        annot = pdfium_c.FPDFPage_GetAnnot(page, i)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_WIDGET:
                r = pdfium_c.FS_RECTF()
                pdfium_c.FPDFAnnot_GetRect(annot, r)
                if r.top > height * 0.66:
                    rects.append((r.left, r.bottom, r.right, r.top))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return rects


def stamped_values(data: bytes) -> list[tuple[str, float]]:
    """(text, x) of every signature/form stamp in the upper third of page 1, left to right."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        page = pdf[0]
        try:
            return page_stamps(pdf, page, widget_rects(page))
        finally:
            page.close()
    except pdfium.PdfiumError:
        return []
    finally:
        pdf.close()


def page_stamps(pdf: pdfium.PdfDocument, page: pdfium.PdfPage,
                rects: list[tuple[float, float, float, float]], chars: int | None = None) -> list[tuple[str, float]]:
    """The stamps of page 1 (`page`, already loaded, with its widgets' `rects`; `chars`: how
    many characters its text view counts, when the caller has counted them). The page is
    flattened in `pdf`: read its text before."""
    if not rects:
        return []
    width = page.get_width()
    before = chars
    if before is None:
        textpage = page.get_textpage()
        before = textpage.count_chars()
        textpage.close()
    pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    flat = pdf[0]
    try:
        textpage = flat.get_textpage()
        found: dict[int, list[str]] = {}
        for ci in range(before, textpage.count_chars()):
            ch = textpage.get_text_range(ci, 1)
            left, bottom, right, top = textpage.get_charbox(ci)
            cx, cy = (left + right) / 2, (bottom + top) / 2
            for k, (x0, y0, x1, y1) in enumerate(rects):
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    found.setdefault(k, []).append(ch)
        textpage.close()
    finally:
        flat.close()
    out = [("".join(found[k]).strip(), rects[k][0]) for k in sorted(found)]
    return sorted(((t, x) for t, x in out if t), key=lambda v: v[1]) if width else []


_STAMP_LINE = re.compile(r"\n[ \t]*(\d{1,5}(?:[ \t]+\d{1,2}){0,2})[ \t]*\n*$")


def trailing_stamp_line(text: str) -> tuple[str, list[tuple[str, float]]]:
    """Stamps drawn as page content come last in the content stream: the page text ends with
    a line of bare numbers ("1050 06") while the header has blank slots. Only then are they
    taken for stamps and removed from where they stand."""
    m = _STAMP_LINE.search(text)
    if not m or not (_BLANK_NUMBER.search(text[:3000]) or _BLANK_DAY.search(text[:3000])):
        return text, []
    values = m.group(1).split()
    return text[: m.start()] + "\n", [(v, float(i)) for i, v in enumerate(values)]


def apply_stamps(text: str, stamps: list[tuple[str, float]]) -> tuple[str, str | None]:
    """Put stamped digits where the page shows them: a blank number, then the day and month of
    the date line (left to right). Returns the new text and a warning saying what was read."""
    digits = [(t, x) for t, x in stamps if re.fullmatch(r"\d{1,5}", t)]
    if not digits:
        return text, None
    read: list[str] = []
    m = _BLANK_NUMBER.search(text[:3000])
    rest = digits
    if m:
        number = digits[0][0]
        text = text[: m.end()] + number + text[m.end():]
        read.append(f"number {number}")
        rest = digits[1:]
    d = _DATE_SLOTS.search(text[:3000])
    if d and rest:
        day = d.group(2)
        month = d.group(4)
        values = [t for t, _ in rest]
        if day is None and values:
            day = values.pop(0)
            read.append(f"day {day}")
        if values and values[0] != month:
            read.append(f"month {values[0]}" + (f" (stamped over the printed {month})" if month else ""))
            month = values.pop(0)
        # the date line's own words (groups 1, 3, 5), one space between the parts
        new = f"{d.group(1)} {day or ''} {d.group(3)} {month or ''} {d.group(5)}".replace("  ", " ")
        text = text[: d.start()] + new + text[d.end():]
    if not read:
        return text, None
    return text, "pdf page 1: " + ", ".join(read) + " read from the signature stamp (not in the text layer)"
