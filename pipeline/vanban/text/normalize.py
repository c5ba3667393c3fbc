"""Normalisation: the ingested text -> the record's `text`, with a map back to the source.

Every step is a list of edits (start, end, replacement) applied with `apply_edits`, which
carries the offset map along, so any span of the final text can be shown in what the reader
produced. Steps, in order (DOMAIN.md §4): legacy encodings, NFC, invisible and space
characters, homoglyphs inside codes, codes split by a line break, hard-wrapped lines joined
into paragraphs, spaces collapsed. (NFC runs before the legacy decoder: its detector
must not take combining marks for legacy bytes.)

Tone placement (hòa/hoà, ủy/uỷ) is *not* rewritten in the text: `fold_tones` gives a
same-length matching key instead, so matches on the key are spans of the text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from functools import cache

from vanban.rules import compiled, load_rules
from vanban.text.lines import line_starts

Edit = tuple[int, int, str]


def apply_edits(text: str, to_source: array, edits: Iterable[Edit]) -> tuple[str, array]:
    """Apply sorted, non-overlapping edits; each output char keeps the source offset of the
    input char it came from (inserted chars take the offset of what they replace)."""
    out: list[str] = []
    mapping = array("l")
    pos = 0
    n = len(text)
    for start, end, repl in edits:
        if start < pos:
            continue  # overlapping edit: the earlier one wins
        out.append(text[pos:start])
        mapping.extend(to_source[pos:start])
        if repl:
            if end > start:
                span = end - start
                mapping.extend(to_source[start + min(j, span - 1)] for j in range(len(repl)))
            else:
                anchor = to_source[start] if start < n else (to_source[n - 1] + 1 if n else 0)
                mapping.extend([anchor] * len(repl))
            out.append(repl)
        pos = end
    out.append(text[pos:])
    mapping.extend(to_source[pos:])
    return "".join(out), mapping


def _regex_edits(pattern: re.Pattern[str], text: str, repl) -> list[Edit]:
    edits = []
    for m in pattern.finditer(text):
        r = repl(m) if callable(repl) else repl
        if r != m.group(0):
            edits.append((m.start(), m.end(), r))
    return edits


# --- NFC ---------------------------------------------------------------------------------

_COMBINING = re.compile(r"[^\u0300-\u036f\u1dc0-\u1dff][\u0300-\u036f\u1dc0-\u1dff]+")


_MARK = re.compile(r"[\u0300-\u036f\u1dc0-\u1dff]")


def nfc_edits(text: str) -> list[Edit]:
    """Compose decomposed clusters one by one (the corpus mixes NFD and NFC in one document)."""
    # a cluster holds a combining mark: a text without one (nearly all) is not scanned at all
    if _MARK.search(text) is None:
        return []
    return _regex_edits(_COMBINING, text, lambda m: unicodedata.normalize("NFC", m.group(0)))


# --- invisible characters and spaces -------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\x0b]")


# --- homoglyphs ----------------------------------------------------------------------------


def _homoglyph_table() -> dict[str, str]:
    return load_rules("homoglyphs")["map"]


@cache
def _alike() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in _homoglyph_table()) + "]")


@cache
def _code_token() -> re.Pattern[str]:
    """A token holding a look-alike of the table (Cyrillic, Greek, a fraction slash) among
    the characters of a code."""
    alike = "".join(re.escape(ch) for ch in _homoglyph_table())
    return re.compile(rf"[0-9A-Za-zĐđ./\-{alike}]*[{alike}][0-9A-Za-zĐđ./\-{alike}]*")


def homoglyph_edits(text: str) -> list[Edit]:
    """Look-alikes inside a token that also has Latin letters or digits (a code such as
    "TT-BTС", "23⁄2024/TT-BCT"); Cyrillic words of their own are left alone."""
    table = _homoglyph_table()
    edits: list[Edit] = []
    if _alike().search(text) is None:
        return edits  # the token holds a look-alike: without one (nearly every text) no scan
    for m in _code_token().finditer(text):
        tok = m.group(0)
        if not re.search(r"[0-9A-Za-z]", tok):
            continue
        fixed = "".join(table.get(ch, ch) for ch in tok)
        if fixed != tok:
            edits.append((m.start(), m.end(), fixed))
    return edits


# --- line structure --------------------------------------------------------------------------

_LINES = compiled("text")
# Lines that open an item or a unit, lines that stand alone whatever their length (rules, the
# national motto, the place-date line), words that cannot end a line: data/text.json.
_LIST_START = _LINES["list_start"]
_HEADING_LIKE = _LINES["heading_like"]
_STANDALONE = _LINES["standalone"]
_OPEN_END = _LINES["open_end"]
_END_OF_UNIT = re.compile(r"[.;:!?]$|\./\.$")
# The patterns of this module open with a literal or a class where they can (the lookbehind
# after it, widened by the character just read): `re` then skips to those characters at C
# speed instead of trying the pattern at every position (a few seconds each over the corpus).
_CODE_BREAK = re.compile(r"([-/])(?<=[0-9A-Za-zĐđ][-/])[ \t]*\n[ \t]*(?=[0-9A-ZĐ])")


def _is_upper_line(line: str) -> bool:
    letters = list(filter(str.isalpha, line))
    return len(letters) >= 3 and all(map(str.isupper, letters))


def join_line_edits(text: str, blank_is_break: bool = False) -> list[Edit]:
    """Join hard-wrapped lines back into paragraphs; list items and headings stay lines.

    A line break (with any blank lines the extraction put between wrapped lines) becomes a
    space when the next line starts in lower case, or when the line is long, does not end a
    sentence or clause, and the next line does not open a list item or heading.
    `blank_is_break`: the text's blank lines are paragraph ends (markdown), so only a line in
    lower case continues a paragraph across one."""
    lines = text.split("\n")
    lengths = sorted(len(ln.rstrip()) for ln in lines if len(ln.strip()) > 20)
    # "Long" is relative to the document's own wrap width (page text ~ 75-95 chars).
    wrap = lengths[int(len(lengths) * 0.75)] if lengths else 80
    long_line = max(40, int(wrap * 0.7))
    # Text rendered from HTML (vbpl) keeps paragraphs on one line and breaks only between
    # spans, so there a break inside a sentence is never a wrap at the page edge.
    span_based = len(lengths) > 10 and sum(n > 200 for n in lengths) / len(lengths) > 0.15
    edits: list[Edit] = []
    offsets = line_starts(lines)
    i = 0
    while i < len(lines) - 1:
        cur = lines[i].rstrip()
        j = i + 1
        while j < len(lines) and not lines[j].strip() and j - i <= 2:
            j += 1
        if j >= len(lines) or not lines[j].strip() or not cur.strip():
            i += 1
            continue
        nxt = lines[j].lstrip()
        join = ""
        ends = bool(_END_OF_UNIT.search(cur))
        if blank_is_break and j > i + 1 and not nxt[0].islower():
            pass
        elif nxt[0] in ".,;:)" and not nxt.startswith("..."):
            join = "glue"
        elif _LIST_START.match(nxt) or _STANDALONE.match(nxt) or _STANDALONE.match(cur) or " | " in cur or " | " in nxt:
            pass  # table rows (cells joined by " | ") stay one per line
        elif cur.endswith(",") or (nxt[0].islower() and not ends) or _OPEN_END.search(cur):
            join = " "
        elif not ends and not _is_upper_line(nxt) and not _is_upper_line(cur):
            if len(cur) >= long_line or (span_based and not _HEADING_LIKE.match(cur)):
                join = " "
        if join:
            start = offsets[i] + len(cur)
            end = offsets[j] + (len(lines[j]) - len(nxt))
            edits.append((start, end, "" if join == "glue" else " "))
        i = j
    return edits


_MULTISPACE = re.compile(r" (?<=\S ) +(?=\S)")  # (?<=\S) {2,}(?=\S)
_TRAILING = re.compile(r"  *(?=\n|\Z)")  # [ ]+(?=\n)|[ ]+$ ($ also before a final newline)
_BLANKS = re.compile(r"\n\n\n+")


_IDENTITY = array("l")
_IDENTITY_MOST = 1 << 22  # 32 MB kept at most; a longer text has its own map made


def identity_map(n: int) -> array:
    """array("l", range(n)), cut from one kept map (a copy of its bytes): made item by item it
    cost 3 s over the corpus."""
    global _IDENTITY
    if n > _IDENTITY_MOST:
        return array("l", range(n))
    if len(_IDENTITY) < n:
        _IDENTITY = array("l", range(min(_IDENTITY_MOST, max(n, 2 * len(_IDENTITY)))))
    return _IDENTITY[:n]


def normalize(raw: str, join_lines: bool = True, blank_is_break: bool = False) -> tuple[str, array, list[str]]:
    """raw text -> (normalised text, map to raw offsets, warnings). `join_lines=False` for
    input whose line breaks are paragraph ends already (DOCX, DOC), not wraps at a page edge;
    `blank_is_break` for input whose blank lines are (markdown)."""
    warnings: list[str] = []
    text = raw
    to_source = identity_map(len(raw))

    def step(edits: list[Edit]) -> None:
        nonlocal text, to_source
        if edits:
            text, to_source = apply_edits(text, to_source, edits)

    nfc = nfc_edits(text)
    if nfc:
        warnings.append(f"decomposed Unicode: {len(nfc)} cluster(s) composed to NFC")
        step(nfc)
    # NFC before the legacy decoder: decomposed Unicode would look like legacy bytes to it.
    from vanban.text.legacy import legacy_edits

    encoding, edits = legacy_edits(text)
    if encoding and edits:
        warnings.append(f"legacy {encoding.upper()} encoding detected: {len(edits)} run(s) converted to Unicode")
        step(edits)
    step(_regex_edits(_INVISIBLE, text, ""))
    step(_regex_edits(_SPACES, text, " "))
    glyphs = homoglyph_edits(text)
    if glyphs:
        warnings.append(f"homoglyphs in codes replaced: {', '.join(text[s:e] for s, e, _ in glyphs[:5])}")
        step(glyphs)
    step(_regex_edits(_CODE_BREAK, text, lambda m: m.group(1)))
    step(_regex_edits(_TRAILING, text, ""))
    if join_lines:
        step(join_line_edits(text, blank_is_break))
    step(_regex_edits(_MULTISPACE, text, " "))
    step(_regex_edits(_BLANKS, text, "\n\n"))
    return text, to_source, warnings


# --- matching keys (same length as the text) --------------------------------------------------

_TONE_PAIRS: dict[str, str] = dict(load_rules("text")["tone_pairs"]["pairs"])
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_PAIRS.items()) if k.islower()})
# Only open syllables: the pair must end the syllable, and "qu"/"gi" onsets are not diphthongs.
# Two character classes rather than an alternation of the 45 pairs: the same places (the
# second character is never a first one, so no pair hides another), tried far faster; a
# combination outside the table is given back as it stands.
_TONE_RE = re.compile("(?<![qQgG])[" + "".join(sorted({k[0] for k in _TONE_PAIRS})) + "]["
                      + "".join(sorted({k[1] for k in _TONE_PAIRS})) + "](?![A-Za-zÀ-ỹĐđ])")


def _tone_pair(m: re.Match[str]) -> str:
    pair = m.group()
    return _TONE_PAIRS.get(pair, pair)


def fold_tones(text: str) -> str:
    """One tone placement (the old style, NĐ 30's majority) for matching; same length."""
    return _TONE_RE.sub(_tone_pair, text)


class _BaseLetters(dict[int, str]):
    """A `str.translate` table that learns each character's base letter the first time it
    meets it (one `unicodedata.normalize` per distinct character, not per character)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = {"đ": "d", "Đ": "D"}.get(ch) or unicodedata.normalize("NFD", ch)[0]
        self[code] = base
        return base


_BASE_LETTERS = _BaseLetters()


def strip_diacritics(text: str) -> str:
    """Vietnamese without marks (đ -> d), same length, for accent-insensitive search."""
    return text.translate(_BASE_LETTERS)


def match_key(text: str) -> str:
    """Lower case with one tone placement: the key gazetteers and cue phrases match on."""
    return fold_tones(text).lower()


def fold(text: str) -> str:
    """A comparison key for names: NFC, one tone placement, lower case, single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(fold_tones(text).lower().split())  # str.split's white space is re's \s


_VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")
_EN_WORDS = re.compile(r"\b(?:" + "|".join(load_rules("text")["language"]["english_function_words"]) + r")\b", re.I)


def language(text: str) -> str | None:
    """"vi", "en" or None (too little text to tell). Vietnamese marks its vowels; English
    translations in the vbpl dump do not, and use English function words."""
    sample = text[:20000]
    # counted per distinct character: a per-character test was 7 s of the corpus's run
    letters = sum(n for c, n in Counter(sample).items() if c.isalpha())
    if letters < 200:
        return None
    vi = len(_VI_LETTERS.findall(sample)) / letters
    if vi > 0.05:
        return "vi"
    return "en" if len(_EN_WORDS.findall(sample)) > letters / 60 else None
