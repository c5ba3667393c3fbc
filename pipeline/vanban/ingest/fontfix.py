"""Text of PDF pages whose fonts lost their character mapping, repaired from font evidence.

Some Word-to-PDF exports (the Sở Công Thương Lào Cai letters KH-1105, QD-1050, TB-1894) write
two kinds of broken font side by side on one line:

* CID TrueType subsets (Identity-H) without a ToUnicode CMap and without a cmap table. pdfium
  then reports the glyph id as the character: "Thực hiện" comes out as "7KӵF KLӋQ" and the
  digits of "1050" as the control characters "\\x14\\x13\\x18\\x13" (glyph id = code - 29 in the
  Macintosh glyph order). The glyph id -> text table is data (data/pdf_font_repair.json), read
  from the ToUnicode CMaps of the same Times New Roman builds embedded properly elsewhere in
  the corpus, with every glyph outline checked byte for byte.
* Simple TrueType fonts flagged Symbolic with a (1,0)+(3,0) cmap and no /Encoding. The codes
  are WinAnsi but pdfium decodes them as MacRoman ("Lào" -> "L‡o", "tháng" -> "th·ng").

A third, milder fault comes from ToUnicode CMaps that name a few Times New Roman glyphs wrongly
(CV-1178: "THƢƠNG" for THƯƠNG, "HÕA" for HÒA); it is fixed on the text where that is certain.

Only pages whose text shows the symptoms take the per-character path; every other page costs
one regex search over pdfium's own text.
"""

from __future__ import annotations

import ctypes
import json
import re
import struct
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2.raw as pdfium_c

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2

_DATA = Path(__file__).resolve().parents[1] / "data" / "pdf_font_repair.json"

# Characters that (almost) never belong in Vietnamese text but are exactly what the broken
# fonts produce: C0 controls (digits and punctuation at glyph id = code - 29), Latin
# Extended-B other than Ơ ơ Ư ư, IPA and spacing modifiers (˙ ˝ ˘ from MacRoman), combining
# marks Vietnamese does not use (Italic Vietnamese letters sit at glyph ids 0x32A-0x3B9), the
# historic/extended Cyrillic block (Regular/Bold Vietnamese letters at glyph ids 0x46A-0x4F9),
# and the MacRoman stand-ins ‡ ‚ „ ¿ for à â ã À. Basic Cyrillic is left out: OCR layers carry
# look-alikes such as "BYT-ВСТ" and the broken fonts never land there.
_GARBAGE_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f"
    "\u0180-\u019f\u01a2-\u01ae\u01b1-\u024f"
    "\u0250-\u02ff"
    "\u0304\u0305\u0307\u0308\u030a-\u031a\u031c-\u0322\u0324-\u036f"
    "\u0460-\u052f"
    "\u2021\u201a\u201e\u00bf"
)
_GARBAGE = re.compile(f"[{_GARBAGE_CLASS}]")
# A MacRoman-decoded WinAnsi letter lands on an accented capital inside a lowercase word
# ("thÙng" for thông, "kÍ" for kê); counted by looks_broken() only.
_CASE_GLITCH = re.compile(r"(?<=[a-z])[ÀÁÂÃÈÉÊËÌÍÎÏÒÓÔÕÙÚÛÜÝ](?=[a-z])")
# Cheap gate for the slow path: any symptom at all (· is MacRoman for á, and the Greek block
# holds Italic Vietnamese glyph ids). Pages it lets through wrongly only cost time: the
# per-font diagnosis leaves their text as it is.
_SUSPECT = re.compile(f"[{_GARBAGE_CLASS}\u00b7\u0370-\u03ff]")

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class _Tables:
    glyph_orders: dict[str, tuple[int, dict[int, str]]]  # PostScript name -> (glyph count, gid -> text)
    symbolic_families: tuple[str, ...]
    macroman_to_winansi: dict[str, str]
    errata_chars: dict[int, str]  # str.translate table
    errata_phrases: dict[str, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    orders: dict[str, tuple[int, dict[int, str]]] = {}
    for entry in raw["glyph_orders"].values():
        table = {int(gid): text for gid, text in entry["gid_to_text"].items()}
        for name in entry["fonts"]:
            orders[name] = (int(entry["num_glyphs"]), table)
    sym = raw["symbolic_truetype"]
    errata = raw["tounicode_errata"]
    return _Tables(
        glyph_orders=orders,
        symbolic_families=tuple(sym["families"]),
        macroman_to_winansi=dict(sym["pdfium_text_to_text"]),
        errata_chars={ord(k): v for k, v in errata["chars"].items()},
        errata_phrases=dict(errata["phrases"]),
    )


def looks_broken(text: str) -> bool:
    """True when plain extracted text is visibly font garbage (glyph ids, MacRoman stand-ins).

    A share is used rather than a count so that the odd Cyrillic look-alike from OCR
    ("BYT-ВСТ") or a stray control character does not mark a whole page."""
    visible = sum(map(len, text.split()))
    if visible == 0:
        return False
    bad = len(_GARBAGE.findall(text)) + len(_CASE_GLITCH.findall(text))
    return bad >= 3 and bad / visible >= 0.02


def extract_page_text(page: pypdfium2.PdfPage) -> tuple[str, list[str]]:
    """Text of one page, with broken-font runs repaired. Returns (text, notes); notes are short
    human-readable strings such as "broken font mapping repaired (412 chars, font XYZ)" or
    "broken font mapping: 37 chars could not be repaired"."""
    textpage = page.get_textpage()
    try:
        return extract_text(textpage)
    finally:
        textpage.close()


def extract_text(textpage: pypdfium2.PdfTextPage) -> tuple[str, list[str]]:
    """`extract_page_text` on a page's text view already made (building one costs as much as
    reading its text: the first page's is shared with the header columns and the stamps)."""
    text = textpage.get_text_range()
    notes: list[str] = []
    if _SUSPECT.search(text):
        text, notes = _repair_fonts(textpage, text)
        text, errata_notes = _fix_errata(text)
        notes.extend(errata_notes)
    return text.replace("\r\n", "\n"), notes


# --- per-font diagnosis -----------------------------------------------------------------------


@dataclass
class _Font:
    name: str
    kind: str | None  # "gid" | "macroman" | None (left alone)
    gid_table: dict[int, str] = field(default_factory=dict)


def _font_name(font: ctypes.c_void_p) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 0:
        return ""
    buf = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
    return buf.value.decode("utf-8", "replace")


def _font_program(font: ctypes.c_void_p) -> bytes:
    need = ctypes.c_size_t(0)
    if not pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(need)) or need.value == 0:
        return b""
    buf = (ctypes.c_uint8 * need.value)()
    if not pdfium_c.FPDFFont_GetFontData(font, buf, need.value, ctypes.byref(need)):
        return b""
    return bytes(buf)


def _sfnt_facts(data: bytes) -> tuple[int, set[tuple[int, int]] | None]:
    """(glyph count, cmap (platform, encoding) pairs or None when there is no cmap table) of a
    TrueType program; (0, None) for anything else. Only the table directory is read."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return 0, None
    (count,) = struct.unpack_from(">H", data, 4)
    tables: dict[bytes, int] = {}
    for i in range(count):
        pos = 12 + 16 * i
        if pos + 16 > len(data):
            break
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, pos)
        tables[tag] = offset
    glyphs = 0
    if b"maxp" in tables and tables[b"maxp"] + 6 <= len(data):
        (glyphs,) = struct.unpack_from(">H", data, tables[b"maxp"] + 4)
    if b"cmap" not in tables:
        return glyphs, None
    base = tables[b"cmap"]
    if base + 4 > len(data):
        return glyphs, set()
    (n,) = struct.unpack_from(">H", data, base + 2)
    pairs = set()
    for i in range(n):
        pos = base + 4 + 8 * i
        if pos + 4 > len(data):
            break
        pairs.add(struct.unpack_from(">HH", data, pos))
    return glyphs, pairs


def _diagnose(font: ctypes.c_void_p) -> _Font:
    name = _font_name(font)
    bare = _SUBSET_PREFIX.sub("", name)
    tables = _tables()
    order = tables.glyph_orders.get(bare)
    symbolic_family = bare.replace(" ", "").startswith(tables.symbolic_families)
    if order is None and not symbolic_family:
        return _Font(name, None)  # no evidence for this font: never touch it
    if not pdfium_c.FPDFFont_GetIsEmbedded(font):
        return _Font(name, None)  # pdfium substituted a system font: its data proves nothing
    glyphs, cmaps = _sfnt_facts(_font_program(font))
    # The glyph table only holds for the very build it was read from (same glyph count), and
    # a font with its own cmap is not the "glyph id as text" case.
    if order is not None and cmaps is None and glyphs == order[0]:
        return _Font(name, "gid", order[1])
    symbolic = bool(pdfium_c.FPDFFont_GetFlags(font) & 4)
    if symbolic_family and symbolic and cmaps and (3, 0) in cmaps and (3, 1) not in cmaps:
        return _Font(name, "macroman")
    return _Font(name, None)


# --- the slow path ----------------------------------------------------------------------------


# (index in the page's character list, the code pdfium reports, pdfium could not map it):
# plain tuples, as a few thousand are made per broken page.
_Char = tuple[int, int, bool]


def _by_address(name: str, restype: type | None) -> Callable[..., Any]:
    """A pdfium function called with plain values: handles as `ctypes.c_void_p`, indices as
    ints (passed as C int: no argument types are declared, so none is converted). The
    bindings' own prototypes convert every handle argument through a Python property and wrap
    every pointer result: on the per-character path (a few thousand characters, four calls
    each) that was most of the font repair's time."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    if not address:  # pragma: no cover - the bindings always carry these
        raise ImportError(f"pdfium has no {name}")
    fn = ctypes.CFUNCTYPE(restype)(address)
    fn.argtypes = None  # type: ignore[assignment]  # ctypes: None = declare no argument types
    return fn


_count_chars = _by_address("FPDFText_CountChars", ctypes.c_int)
_is_generated = _by_address("FPDFText_IsGenerated", ctypes.c_int)
_text_object = _by_address("FPDFText_GetTextObject", ctypes.c_void_p)
_object_font = _by_address("FPDFTextObj_GetFont", ctypes.c_void_p)
_unicode = _by_address("FPDFText_GetUnicode", ctypes.c_uint)
_map_error = _by_address("FPDFText_HasUnicodeMapError", ctypes.c_int)
_text_index = _by_address("FPDFText_GetTextIndexFromCharIndex", ctypes.c_int)


def _handle(textpage: pypdfium2.PdfTextPage) -> ctypes.c_void_p:
    return ctypes.cast(textpage.raw, ctypes.c_void_p)


def _chars_by_font(textpage: pypdfium2.PdfTextPage) -> tuple[dict[int, ctypes.c_void_p], dict[int, list[_Char]]]:
    handles: dict[int, ctypes.c_void_p] = {}
    chars: dict[int, list[_Char]] = defaultdict(list)
    tp = _handle(textpage)
    last_obj = 0
    run: list[_Char] = []
    for i in range(_count_chars(tp)):
        if _is_generated(tp, i):
            continue  # spaces and line breaks pdfium inserted: never font garbage
        obj = _text_object(tp, i)
        if not obj:
            continue
        if obj != last_obj:  # a text object's characters come in a run, all in its one font
            last_obj, key = obj, _object_font(ctypes.c_void_p(obj)) or 0
            if key not in handles:
                handles[key] = ctypes.cast(ctypes.c_void_p(key), pdfium_c.FPDF_FONT)
            run = chars[key]
        run.append((i, _unicode(tp, i), bool(_map_error(tp, i))))
    return handles, chars


def _replacements(font: _Font, chars: list[_Char]) -> tuple[dict[int, tuple[int, str]], int]:
    """char index -> (pdfium code, text), and how many characters had no repair."""
    out: dict[int, tuple[int, str]] = {}
    missed = 0
    if font.kind == "gid":
        # pdfium flags every glyph it could not map; a font that maps most of its glyphs has
        # a ToUnicode after all and its text is right.
        if sum(error for _, _, error in chars) * 2 < len(chars):
            return out, 0
        for index, code, _ in chars:
            text = font.gid_table.get(code)
            if text is None:
                missed += 1
            elif text != chr(code):
                out[index] = (code, text)
    elif font.kind == "macroman":
        table = _tables().macroman_to_winansi
        for index, code, error in chars:
            # Codes pdfium could not decode as MacRoman come out raw, i.e. already WinAnsi.
            if code < 0x80 or error:
                continue
            text = table.get(chr(code))
            if text is not None:
                out[index] = (code, text)
    return out, missed


def _unmapped_garbage(chars: list[_Char]) -> int:
    """How many characters of a font we hold no table for look like glyph ids: pdfium could
    not map most of them and a good share are garbage. 0 for fonts that merely miss a few
    mappings (an OCR layer's invisible font)."""
    errors = [code for _, code, error in chars if error]
    if not errors or len(errors) * 2 < len(chars):
        return 0
    garbage = sum(1 for code in errors if _GARBAGE.match(chr(code)))
    return len(errors) if garbage * 5 >= len(errors) else 0


def _text_positions(textpage: pypdfium2.PdfTextPage, text: str, indices: list[int]) -> dict[int, int]:
    """Char index -> position in `text`, which is get_text_range(): pdfium's text view, started
    at the first char that has a text index, and decoded from UTF-16 (astral chars take two
    units there, one in Python)."""
    tp = _handle(textpage)
    base = 0
    for i in range(_count_chars(tp)):
        base = _text_index(tp, i)
        if base >= 0:
            break
    astral = [p for p, ch in enumerate(text) if ord(ch) > 0xFFFF]
    out: dict[int, int] = {}
    for i in indices:
        t = _text_index(tp, i)
        if t < 0:
            continue
        t -= base
        for p in astral:
            if p < t:
                t -= 1
        out[i] = t
    return out


def _repair_fonts(textpage: pypdfium2.PdfTextPage, text: str) -> tuple[str, list[str]]:
    handles, chars = _chars_by_font(textpage)
    edits: dict[int, tuple[int, str]] = {}
    repaired: dict[str, int] = {}  # font name -> chars, summed into one note per page
    missed: dict[str, int] = {}
    for key, font_handle in handles.items():
        font = _diagnose(font_handle)
        if font.kind is None:
            unmapped = _unmapped_garbage(chars[key])
            if unmapped:
                missed[f"{font.name}, no glyph table"] = missed.get(f"{font.name}, no glyph table", 0) + unmapped
            continue
        found, lost = _replacements(font, chars[key])
        edits.update(found)
        if found:
            repaired[font.name] = repaired.get(font.name, 0) + len(found)
        if lost:
            missed[font.name] = missed.get(font.name, 0) + lost
    if edits:
        text, misaligned = _apply(textpage, text, edits)
        if misaligned:
            missed["text/char index mismatch"] = misaligned
    notes = []
    if repaired:
        notes.append(f"broken font mapping repaired ({sum(repaired.values())} chars, font {', '.join(repaired)})")
    if missed:
        notes.append(f"broken font mapping: {sum(missed.values())} chars could not be repaired ({'; '.join(missed)})")
    return text, notes


def _apply(textpage: pypdfium2.PdfTextPage, text: str, edits: dict[int, tuple[int, str]]) -> tuple[str, int]:
    """`text` with the per-char edits made, and how many could not be placed."""
    out = list(text)
    positions = _text_positions(textpage, text, sorted(edits))
    misaligned = 0
    for index, (code, repl) in edits.items():
        p = positions.get(index)
        # Only overwrite the character pdfium put there: if the text view and the char list
        # disagree, keep the original rather than corrupt a neighbour.
        if p is None or not 0 <= p < len(out) or ord(out[p]) != code:
            misaligned += 1
            continue
        out[p] = repl
    return "".join(out), misaligned


def _fix_errata(text: str) -> tuple[str, list[str]]:
    """Ƣ/ƣ (U+01A2/U+01A3) are never Vietnamese: they are what a faulty ToUnicode writer emits
    for Ư/ư. The same writer also names Ò as Õ, but Õ is a real letter and some documents do
    print "CỘNG HÕA" (TB-1894 has that typo on the page itself), so the phrase table is only
    applied on pages that carry the Ƣ/ƣ signature of that writer."""
    tables = _tables()
    fixed = sum(text.count(chr(k)) for k in tables.errata_chars)
    if not fixed:
        return text, []
    text = text.translate(tables.errata_chars)
    for wrong, right in tables.errata_phrases.items():
        n = text.count(wrong)
        if n:
            text = text.replace(wrong, right)
            fixed += n
    return text, [f"ToUnicode errata fixed ({fixed} chars: Ƣ/ƣ read as Ư/ư, CỘNG HÕA as CỘNG HÒA)"]
