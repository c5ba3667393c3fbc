"""Section segmentation: the document's own structure as a flat list of nested spans.

The text is cut into zones (the header, the body, the closing block from the signature or
"Nơi nhận" on, appendices, and documents issued with a decision such as a Quy chế) and the
body is read line by line into a tree of numbered units:

* legal units with their names (Phần, Chương, Mục, Tiểu mục, Điều) nest by rank;
* plain numbering (I. / 1. / 1.1 / a) / (1) / (i)) nests by the order in which each numbering
  style first appears under its parent, the way an outline is read;
* a unit is only taken when its number follows the one before it (or starts a new list), so a
  stray "18." of a page footer or a quoted "Điều 26." of an amended text does not open a unit.

Every character of the text lies in exactly one leaf: the leaves tile the text. A parent's own
heading and intro text are the start of its first child's span (the parent still spans all of
it), so `Document.section_at` gives the innermost unit.

The heading patterns are data: `vanban/data/sections.json`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from vanban.model import Document, Section
from vanban.rules import compiled
from vanban.vocab import as_section_kind

# Vietnamese alphabet order of the điểm letters (no f, j, w, z; đ after d).
VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Rank of the named units: a unit closes every open unit of the same or a lower rank.
NAMED_RANK = {"Phần": 0, "Chương": 1, "Mục": 2, "Tiểu mục": 3, "Điều": 4,
              "Part": 0, "Chapter": 1, "Section": 2, "Article": 4}  # English translations
# Named units numbered through the whole document (Mục restarts in every Chương).
GLOBAL_NUMBERING = ("Phần", "Chương", "Điều", "Part", "Chapter", "Article")
HEADING_WORDS = 12
_WORD_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_UNIT_ONLY = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Tiểu mục|TIỂU MỤC|Điều|ĐIỀU)$")
# "… kết luận như sau:1. Cơ bản thống nhất …": a web rendering lost the line break.
_GLUED_FIRST = re.compile(r":\s*(?=(?:1|I)\.\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])")
_OPEN_QUOTES = "“\""
_AGENCY_HEADS = {"Sở", "Ban", "Bộ", "Ủy ban", "Uỷ ban", "Phòng", "Cục", "Chi cục", "Tổng cục", "Trung tâm", "Văn phòng",
                 "Công an", "Hội", "Bộ trưởng", "Giám đốc", "Chủ tịch", "Thủ trưởng", "Đề nghị", "Các"}
_PLACEHOLDER = re.compile(r"\.{3}|…")  # "số ... ngày ... tháng"
_JUNK_APPENDIX = re.compile(r"^.{1,12}?\s(?:Phụ lục|PHỤ LỤC)(?:\s+(?P<label>[IVXLC]+|\d{1,3}))?\s*$")
# An amending instruction of the document itself: "3. Sửa đổi, bổ sung Điều 7 … như sau:".
_AMENDING = re.compile(r"^(?:\d{1,3}[a-zđ]?|[a-zđ])[.)]\s*(?:Sửa đổi|Bổ sung|Thay thế|Bãi bỏ)\b.*(?:như sau|sau đây)\s*:$")


def _rx() -> dict[str, re.Pattern[str]]:
    # Case matters (Roman "I." against the point "i)"), so no re.I here: the patterns say
    # (?i:...) where case does not matter.
    return compiled("sections", re.M)


@dataclass(slots=True)
class Cand:
    """A line that may open a unit."""

    style: str          # "Chương", "Điều", …, or "R" (I.), "N." (1.), "N)", "dec2" (1.1), "L)" (a)), "(N)", "(r)"
    label: str          # as printed, without punctuation: "II", "2.1", "a", "10a"
    key: tuple[int, int]  # (number, insertion): Điều 10a -> (10, 1)
    title: str
    strong: bool = False  # title in capitals: a heading, not a sentence


@dataclass(slots=True)
class Node:
    line: int
    depth: int
    path: str
    label: str
    heading: str
    start: int = 0
    end: int = 0


@dataclass
class Frame:
    style: str
    key: tuple[int, int]
    label: str
    node: Node
    rank: int  # NAMED_RANK for named units, 10 for plain numbering


@dataclass
class Lines:
    starts: list[int]
    texts: list[str]  # stripped
    quoted: list[bool] = field(default_factory=list)
    glued: set[int] = field(default_factory=set)  # lines cut out of a longer line at ":1."

    def __len__(self) -> int:
        return len(self.texts)


# --- numbers ---------------------------------------------------------------------------------


def roman_value(s: str) -> int | None:
    if not s or any(c not in _ROMAN for c in s):
        return None
    total, prev = 0, 0
    for c in reversed(s):
        v = _ROMAN[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = []
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _arabic_key(label: str) -> tuple[int, int]:
    m = re.match(r"(\d+)([a-zđ]?)", label)
    assert m
    return int(m.group(1)), (VN_LETTERS.index(m.group(2)) + 1 if m.group(2) else 0)


def _letter_key(label: str) -> tuple[int, int] | None:
    ch, rest = label[0], label[1:]
    if ch not in VN_LETTERS and ch != "f":
        return None
    # f is not Vietnamese, but sloppy documents run e) f) g): order it just after e.
    pos = VN_LETTERS.index(ch) + 1 if ch != "f" else VN_LETTERS.index("e") + 1
    return pos, int(rest) if rest else 0


def follows(style: str, prev: tuple[int, int], key: tuple[int, int]) -> bool:
    """Does `key` come right after `prev` in a list of this style?"""
    if key[0] == prev[0]:
        return key[1] == prev[1] + 1  # inserted unit: Điều 10a after Điều 10, a1) after a)
    if key[1] != 0:
        return False
    if key[0] == prev[0] + 1:
        return True
    # Lists that skip đ (a b c d e …) or run e f g.
    return style.startswith("L") and prev[0] == VN_LETTERS.index("d") + 1 and key[0] == prev[0] + 2


def _is_first(key: tuple[int, int]) -> bool:
    return key == (1, 0)


# --- lines -----------------------------------------------------------------------------------


def split_lines(text: str) -> Lines:
    starts: list[int] = []
    texts: list[str] = []
    glued: set[int] = set()
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if "**" in stripped:
            # Markdown bold of web renderings: "**Điều 1. **Công bố …", "**Điều" / "1.** …".
            stripped = stripped.replace("**", "").strip()
        lead = len(raw) - len(raw.lstrip())
        if len(stripped) > 200 and "**" not in raw and (m := _GLUED_FIRST.search(stripped)):
            cut = m.end()
            starts.append(pos + lead)
            texts.append(stripped[:cut].rstrip())
            inner = pos + lead + cut
            glued.add(len(starts))
            starts.append(inner)
            texts.append(stripped[cut:])
        else:
            starts.append(pos + lead)
            texts.append(stripped)
        pos += len(raw) + 1
    lines = Lines(starts, texts, glued=glued)
    lines.quoted = _quoted(lines.texts)
    return lines


def _quoted(texts: list[str]) -> list[bool]:
    """Lines inside a quotation that opens at the start of a line (the amended text of an
    amending document: `“1. …` up to the closing quote). Such lines are never headings.

    Closing quotes go missing, so a quotation also ends at the signature block, at the next
    amending instruction of the document itself ("3. Sửa đổi, bổ sung Điều 7 … như sau:") and
    at the article that follows the last one seen outside quotes."""
    out = [False] * len(texts)
    depth = 0
    straight = False
    own_article = 0
    rx = _rx()
    for i, t in enumerate(texts):
        if depth > 0 and t and t[0] not in _OPEN_QUOTES and (_is_closing(t) or _AMENDING.match(t) or _next_article(t, own_article)):
            depth = 0
        if depth <= 0:
            depth = 0
            if not t or t[0] not in _OPEN_QUOTES:
                if t.startswith(("Điều", "ĐIỀU")) and (m := rx["article"].match(t)):
                    digits = re.match(r"\d+", m.group("label"))
                    if digits:
                        own_article = int(digits.group(0))
                continue
            straight = t[0] == '"'
            out[i] = True
            depth = t.count('"') % 2 if straight else _curly_balance(t)
            continue
        out[i] = True
        depth = (depth + t.count('"')) % 2 if straight else depth + _curly_balance(t)
    return out


def _next_article(t: str, own: int) -> bool:
    if not own or not t.startswith(("Điều", "ĐIỀU")):
        return False
    m = _rx()["article"].match(t)
    return m is not None and m.group("label") == str(own + 1)


def _curly_balance(t: str) -> int:
    # A straight quote may close a curly one (“ … ").
    return t.count("“") - t.count("”") - t.count('"')


# --- one line --------------------------------------------------------------------------------


def _upper_start(title: str) -> bool:
    c = title[:1]
    return c.isupper() or c.isdigit() or c in "“\"(‘'"


def is_caps(title: str) -> bool:
    """A heading in capitals (allowing some OCR lower-case noise); the first 80 characters
    are enough to tell a heading from a sentence."""
    sample = title[:80]
    if sample.isupper():
        return sum(c.isalpha() for c in sample) >= 2
    letters = [c for c in sample if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _canonical_unit(word: str) -> str:
    w = word.lower()
    return {"phần": "Phần", "chương": "Chương", "mục": "Mục", "tiểu mục": "Tiểu mục", "điều": "Điều", "phụ lục": "Phụ lục"}[w]


def classify(text: str) -> Cand | None:
    """The unit a line opens, if it looks like a heading (sequence is checked later)."""
    if not text:
        return None
    c0 = text[0]
    rx = _rx()
    if c0 in "PCMTĐpcmtđ":
        if (m := rx["article"].match(text)) and m.group("unit")[0].isupper():
            title = m.group("title").strip()
            if title and not _upper_start(title):
                return None
            label = m.group("label")
            return Cand("Điều", "Điều " + label, _arabic_key(label), title, strong=True)
        if (m := rx["named_unit"].match(text)) and m.group("unit")[0].isupper():
            return _named(m)
    if c0 in "PCSA" and (m := rx["english_unit"].match(text)):
        return _english(m)
    if c0.isdigit():
        if m := rx["decimal"].match(text):
            title = m.group("title").strip()
            if _upper_start(title) or (not title and text.rstrip(".").replace(".", "").isdigit()):
                label = m.group("label")
                parts = label.split(".")
                return Cand(f"dec{len(parts)}", label, (int(parts[-1]), 0), title, strong=is_caps(title))
            return None
        if m := rx["arabic"].match(text):
            return _arabic(m, text)
        return None
    if c0 in "IVXL":
        if m := rx["roman"].match(text):
            value = roman_value(m.group("label"))
            title = m.group("title").strip()
            if value is None or (title and not _upper_start(title)) or (m.group("sep") == ":" and not title):
                return None
            if m.group("sep") == "/" and title[:1] in "vV":
                return None  # "V/V CHỦ ĐỘNG …": the subject line of a letter
            return Cand("R", m.group("label"), (value, 0), title, strong=is_caps(title))
        return None
    if c0 == "(":
        if m := rx["paren_number"].match(text):
            title = m.group("title").strip()
            if title and _upper_start(title):
                return Cand("(N)", m.group("label"), (int(m.group("label")), 0), title)
            return None
        if m := rx["paren_roman"].match(text):
            return _lower_roman(m, "(r)")
        return None
    if c0 in VN_LETTERS or c0 == "f":
        if m := rx["letter"].match(text):
            title = m.group("title").strip()
            if not title or not _upper_start(title):
                return None
            key = _letter_key(m.group("label"))
            if key is None:
                return None
            sep = m.group("sep")
            return Cand("L" + sep, m.group("label"), key, title)
    return None


def _named(m: re.Match[str]) -> Cand | None:
    unit = _canonical_unit(m.group("unit"))
    label = m.group("label")
    title = m.group("title").strip()
    if title and not _upper_start(title):
        return None
    if label.lower().startswith("thứ"):
        word = label.split()[-1].lower()
        if word not in _WORD_ORDINALS:
            return None
        key = (_WORD_ORDINALS[word], 0)
        label = "thứ " + word
    elif label[0].isdigit():
        key = _arabic_key(label)
    else:
        base = label.rstrip("abcdđeghik")
        value = roman_value(base)
        if value is None:
            return None
        suffix = label[len(base):]
        key = (value, VN_LETTERS.index(suffix) + 1 if suffix else 0)
    return Cand(unit, f"{unit} {label}", key, title, strong=True)


def _english(m: re.Match[str]) -> Cand | None:
    unit = m.group("unit").capitalize()
    label, title = m.group("label"), m.group("title").strip()
    if (title and not _upper_start(title)) or (unit == "Article" and not m.group("sep")):
        return None
    key = _arabic_key(label) if label[0].isdigit() else ((roman_value(label) or 0), 0)
    if key[0] == 0:
        return None
    return Cand(unit, f"{unit} {label}", key, title, strong=True)


def _arabic(m: re.Match[str], text: str) -> Cand | None:
    label, sep = m.group("label"), m.group("sep")
    title = m.group("title").strip()
    after = text[m.end("sep"):m.end("sep") + 1]
    if sep in "-–/" and after not in (" ", "\t"):
        return None  # "24-NQ/TW", "1/2": a code or a fraction, not a Party "1- "
    if sep == "." and after and not after.isspace():
        # Glued "1.Các cấp ủy" is fine; "18.KLTW7S.DOC" (a page footer) is not.
        word = re.match(r"\S+", title)
        if not word or not re.fullmatch(r"[^\W\d_]+[,;:]?", word.group(0)) or not title[:1].isupper():
            return None
    if title and not _upper_start(title):
        return None
    if title[:1].isdigit() and len(title.split()) < 3:
        return None  # a row of numbers
    if title.startswith("|"):
        return None
    style = "N)" if sep == ")" else "N."
    return Cand(style, label, _arabic_key(label), title, strong=is_caps(title))


def _lower_roman(m: re.Match[str], style: str) -> Cand | None:
    label = m.group("label")
    value = roman_value(label.upper())
    title = m.group("title").strip()
    if value is None or not title or not _upper_start(title):
        return None
    return Cand(style, label, (value, 0), title)


# --- zones -----------------------------------------------------------------------------------


def _is_closing(t: str) -> bool:
    rx = _rx()
    if rx["recipients"].match(t):
        return True
    m = rx["authority"].match(t)
    return m is not None and is_caps(m.group("rest")) and len(t) < 80


def _appendix(t: str, loose: bool = False) -> tuple[str, str] | None:
    """(label, title) of an appendix heading line. After the signature (`loose`), OCR junk
    before the word is tolerated: '„ Sa „ Phụ lục' (KL 75)."""
    m = _rx()["appendix"].match(t)
    if m is None and loose and (j := _JUNK_APPENDIX.search(t)) and not re.search(r"[^\W\d_]{4}", t[:j.start()]):
        return j.group("label") or "", ""
    if not m or not m.group("unit")[0].isupper():
        return None
    title = m.group("title").strip()
    if title and not (title[0].isupper() or title[0] == "("):
        return None
    if len(title.split()) > 40 or title.endswith((";", ",")):
        return None
    return (m.group("label") or ""), title


def _continues(lines: Lines, i: int) -> bool:
    """Does line i continue the sentence of the line before it ('… (Có' / 'Phụ lục Bảng …')?"""
    prev = lines.texts[i - 1] if i > 0 else ""
    return bool(prev) and not prev.endswith((".", ":", ";", "!", "?", ")", "”", '"')) and not is_caps(prev)


def _template_note(lines: Lines, i: int, doc_type: str | None) -> bool:
    """Is the '(Kèm theo …)' note under line i that of a form template: blanks to fill in
    ('Giấy phép nhập khẩu số:... ngày...') in a note naming another type of document than
    this one? The appendix or the 'DANH MỤC' of a form is part of the form."""
    rx = _rx()
    for j in range(i, min(len(lines), i + 6)):
        if m := rx["attached_note"].search(lines.texts[j]):
            note = lines.texts[j][m.start():]
            note = note[: note.find(")") + 1] if ")" in note else note
            if not _PLACEHOLDER.search(note):
                return False
            named = re.sub(r"^\(\s*(?:ban hành\s+)?kèm theo\s+", "", note, flags=re.I)
            return not (doc_type and named.lower().startswith(doc_type.lower()))
    return False


def _attachment_at(lines: Lines, i: int, doc_type: str | None) -> int | None:
    """If line i opens a document issued with the decision (QUY CHẾ … (Ban hành kèm theo …)),
    the index of its '(kèm theo …)' line."""
    t = lines.texts[i]
    rx = _rx()
    if not rx["attachment_title"].match(t) or not is_caps(t):
        return None
    for j in range(i + 1, min(len(lines), i + 10)):
        if rx["attached_note"].search(lines.texts[j]):
            return None if _template_note(lines, j, doc_type) else j
    return None


def find_body_start(lines: Lines) -> int:
    """Line index where the body starts, when the header stage did not say: after the type
    line and its title, at the first căn cứ / thực hiện line or numbered unit."""
    rx = _rx()
    n = min(len(lines), 80)
    type_idx = None
    for i in range(n):
        t = lines.texts[i]
        if rx["doc_type_line"].match(t):
            type_idx = i
            break
    start = type_idx + 1 if type_idx is not None else 0
    for i in range(start, len(lines)):
        t = lines.texts[i]
        if not t:
            continue
        if rx["preamble_start"].match(t) and t[0].isupper():  # not "thực hiện …" of a title
            if t.lower().startswith("kính gửi"):
                return _after_addressees(lines, i)
            return i
        if _UNIT_ONLY.match(t):  # "Điều" / "1. …" on two lines
            t = t + " " + next((u for u in lines.texts[i + 1:i + 3] if u), "")
        c = classify(t)
        if c is not None and (c.style in NAMED_RANK or _is_first(c.key) or (c.style == "R" and c.strong)):
            return i
        if type_idx is None and i > 120:
            break
    return type_idx + 1 if type_idx is not None else 0


def _after_addressees(lines: Lines, i: int) -> int:
    """The line after a 'Kính gửi:' block (its dash items and wrapped lines)."""
    j = i + 1
    while j < len(lines):
        t = lines.texts[j]
        prev = lines.texts[j - 1]
        if not t or t[0] in "-+•" or (prev.endswith((";", ",", ":")) and len(t) < 120):
            j += 1
            continue
        break
    return j


@dataclass
class Zone:
    kind: str   # header | body | closing | appendix | attached (title block of an attached document)
    first: int  # line index
    last: int   # exclusive
    label: str = ""
    title: str = ""


def find_zones(lines: Lines, body_line: int, doc_type: str | None = None) -> list[Zone]:
    zones: list[Zone] = []
    if body_line > 0:
        zones.append(Zone("header", 0, body_line))
    state = "body"
    cur = Zone("body", body_line, len(lines))
    seen_closing = False
    seen_unit = False
    in_form = False  # a form template after the signature: its own "PHỤ LỤC" is not an appendix
    i = body_line
    while i < len(lines):
        t = lines.texts[i]
        if not t or lines.quoted[i]:
            i += 1
            continue
        if state == "closing" and _rx()["form"].match(t):
            in_form = True
        appendix = _appendix(t, loose=state != "body") if (seen_unit or seen_closing or state != "body") and not in_form else None
        if appendix is not None and (_template_note(lines, i, doc_type) or (state == "body" and _continues(lines, i))):
            appendix = None
        if appendix is not None:
            cur.last = i
            zones.append(cur)
            cur = Zone("appendix", i, len(lines), appendix[0], appendix[1])
            state = "appendix"
        elif (state == "body" and _is_closing(t)) or (state == "appendix" and not seen_closing and _is_closing(t)):
            cur.last = i
            zones.append(cur)
            cur = Zone("closing", i, len(lines))
            state, seen_closing = "closing", True
        elif (state == "closing" or (state == "appendix" and i > cur.first + 6)) and not in_form \
                and (note := _attachment_at(lines, i, doc_type)) is not None:
            # (An appendix's own title block, "PHỤ LỤC III / HƯỚNG DẪN … / (Kèm theo …)", is not
            # a new attached document.)
            cur.last = i
            zones.append(cur)
            zones.append(Zone("attached", i, note + 1, title=t))
            cur = Zone("body", note + 1, len(lines))
            state, in_form = "body", False
            i = note + 1
            continue
        elif state == "body" and not seen_unit and classify(t) is not None:
            seen_unit = True
        i += 1
    cur.last = len(lines)
    zones.append(cur)
    return [z for z in zones if z.last > z.first]


# --- the tree of one body zone -----------------------------------------------------------------


def select_sequence(cands: list[tuple[int, tuple[int, int]]]) -> set[int]:
    """The longest run of increasing numbers among the candidates of one named unit (Điều …),
    preferring steps of one: the document's own articles, without the stray ones (a quoted
    'Điều 26.' of an amended text, a wrapped cross-reference)."""
    if not cands:
        return set()
    n = len(cands)
    score = [0.0] * n
    back = [-1] * n
    window = 300
    for i, (_, key) in enumerate(cands):
        best, arg = (1.0 if key[0] <= 2 else 0.6), -1
        for j in range(max(0, i - window), i):
            pk = cands[j][1]
            if pk >= key:
                continue
            step = 1.0 if follows("", pk, key) else 0.4
            if score[j] + step > best:
                best, arg = score[j] + step, j
        score[i], back[i] = best, arg
    i = max(range(n), key=lambda k: score[k])
    keep = set()
    while i >= 0:
        keep.add(cands[i][0])
        i = back[i]
    return keep


class TreeBuilder:
    """Reads the candidate heading lines of one body zone into nodes."""

    def __init__(self, doc: Document, lines: Lines, first: int, last: int) -> None:
        self.doc = doc
        self.lines = lines
        self.first, self.last = first, last
        self.stack: list[Frame] = []
        self.nodes: list[Node] = []
        self.suppressed: set[str] = set()
        self.last_named: dict[str, tuple[int, int]] = {}
        self.romans: list[tuple[int, tuple[int, int]]] = []

    def build(self) -> list[Node]:
        cands: dict[int, Cand] = {}
        skip = -1
        for i in range(self.first, self.last):
            if i == skip or self.lines.quoted[i]:
                continue
            c = self._candidate(i)
            if c is not None:
                if not c.title:
                    c.strong = is_caps(self._next_text(i))
                cands[i] = c
                if _UNIT_ONLY.match(self.lines.texts[i]):
                    skip = self._next_line(i) or -1  # the number line of "Chương" / "I"
        self.romans = [(i, c.key) for i, c in sorted(cands.items()) if c.style == "R"]
        allowed: dict[str, set[int]] = {}
        for style in GLOBAL_NUMBERING:
            seq = [(i, c.key) for i, c in cands.items() if c.style == style]
            allowed[style] = select_sequence(seq)
        # Party regulations group their articles under "I- QUY ĐỊNH CHUNG": a Roman heading
        # before the first article (and no Chương) is a chapter.
        first_article = min((i for i in allowed["Điều"]), default=None)
        roman_chapters = first_article is not None and not allowed["Chương"] and not allowed["Phần"] and any(
            c.style == "R" and i < first_article for i, c in cands.items())
        for i in sorted(cands):
            c = cands[i]
            if c.style in GLOBAL_NUMBERING and i not in allowed[c.style]:
                continue
            if c.style in NAMED_RANK:
                self._offer_named(i, c)
            elif c.style == "R" and roman_chapters:
                self._offer_roman_chapter(i, c)
            elif not self._offer_plain(i, c) and c.style == "L)" and c.label in ("i", "v", "x"):
                # "i)" after no h): a lower-case Roman list, not the point i.
                self._offer_plain(i, Cand("(r)", c.label, (roman_value(c.label.upper()) or 0, 0), c.title))
        return self.nodes

    def _candidate(self, i: int) -> Cand | None:
        t = self.lines.texts[i]
        if _UNIT_ONLY.match(t):
            j = self._next_line(i)
            if j is None:
                return None
            # "Chương" / "I", "Điều" / "1. Phạm vi điều chỉnh" printed on two lines.
            c = classify(t + " " + self.lines.texts[j])
            return c if c is not None and (not c.title or c.style == "Điều") else None
        c = classify(t)
        if c is None and t[:1] in "ivx" and (m := _rx()["paren_roman"].match(t)):
            c = _lower_roman(m, "(r)")
        return c

    def _offer_named(self, i: int, c: Cand) -> None:
        rank = NAMED_RANK[c.style]
        if c.style not in GLOBAL_NUMBERING:  # Mục, Tiểu mục restart under each Chương
            prev = next((f for f in reversed(self.stack) if f.style == c.style), None)
            if prev is not None and not follows(c.style, prev.key, c.key):
                return
            if prev is None and not _is_first(c.key):
                return
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        self._push(i, c, rank)
        self.suppressed.clear()

    def _offer_roman_chapter(self, i: int, c: Cand) -> None:
        prev = self.last_named.get("R")
        if not ((prev is None and (_is_first(c.key) or c.strong)) or (prev is not None and follows("R", prev, c.key))):
            return
        while self.stack and self.stack[-1].rank >= NAMED_RANK["Chương"]:
            self.stack.pop()
        self.last_named["R"] = c.key
        self._push(i, c, NAMED_RANK["Chương"])
        self.suppressed.clear()

    def _offer_plain(self, i: int, c: Cand) -> bool:
        pos = next((k for k in range(len(self.stack) - 1, -1, -1)
                    if self.stack[k].style == c.style and self.stack[k].rank == 10), None)
        if pos is not None:
            frame = self.stack[pos]
            if not (self._is_next(frame, c) or self._repair(frame, pos, c, i)):
                return False
            del self.stack[pos:]
            self._push(i, c, 10)
            self.suppressed.clear()
            return True
        if c.style in self.suppressed or not self._may_open(i, c):
            return False
        self._push(i, c, 10)
        return True

    def _is_next(self, frame: Frame, c: Cand) -> bool:
        if c.style.startswith("dec"):
            prev_parts = frame.label.split(".")
            parts = c.label.split(".")
            if parts[:-1] == prev_parts[:-1]:
                return int(parts[-1]) == int(prev_parts[-1]) + 1
            return parts[-1] == "1" and parts[:-2] == prev_parts[:-2] and int(parts[-2]) == int(prev_parts[-2]) + 1
        return follows(c.style, frame.key, c.key)

    def _repair(self, frame: Frame, pos: int, c: Cand, i: int) -> bool:
        """OCR prints 'I-' where II or III is meant (KL 75): a top-level Roman heading in
        capitals whose number does not follow is read as the next one."""
        if c.style != "R" or pos != 0 or not c.strong or c.key[0] > frame.key[0] or any(f.rank < 10 for f in self.stack):
            return False
        # Only when the numbering printed further on agrees (I- I- II- IV-: II and III are
        # meant); a plain duplicate (III. III. IV. V.) is not renumbered.
        expected = frame.key[0] + 1
        for line, key in self.romans:
            if line <= i:
                continue
            expected += 1
            if key[0] == expected:
                break
            if key[0] > expected:
                return False
        else:
            if any(line > i for line, _ in self.romans):
                return False
        fixed = to_roman(frame.key[0] + 1)
        self.doc.warn(f"sections: heading '{c.label}' at offset {self.lines.starts[i]} is out of order; read as '{fixed}' (misprint or OCR)")
        c.label, c.key = fixed, (frame.key[0] + 1, 0)
        return True

    def _may_open(self, i: int, c: Cand) -> bool:
        """May c open a new list under the innermost open unit?"""
        parent = self.stack[-1] if self.stack else None
        if c.style.startswith("dec"):
            parts = c.label.split(".")
            if parts[-1] != "1":
                return False
            if parent is not None and (parent.style in ("N.", "N)") or parent.style.startswith("dec")) \
                    and parent.label != ".".join(parts[:-1]):
                return False
        elif not _is_first(c.key):
            # A document may start its top level further on (a plan whose first section is II).
            if parent is not None or c.key[1] != 0 or c.key[0] > 3 or not ((c.style == "R" and c.strong) or c.key[0] <= 2):
                return False
        # A list right under a bullet that ends with ':' belongs to the bullet.
        prev = self._previous_text(i) if parent is not None and not c.strong else ""
        if prev and _rx()["bullet"].match(prev) and prev.endswith(":"):
            self.suppressed.add(c.style)
            return False
        return True

    def _next_line(self, i: int) -> int | None:
        for j in range(i + 1, min(self.last, i + 3)):
            if self.lines.texts[j]:
                return j
        return None

    def _next_text(self, i: int) -> str:
        for j in range(i + 1, min(self.last, i + 4)):
            if self.lines.texts[j]:
                return self.lines.texts[j]
        return ""

    def _previous_text(self, i: int) -> str:
        for j in range(i - 1, max(self.first - 1, i - 6), -1):
            if self.lines.texts[j]:
                return self.lines.texts[j]
        return ""

    def _push(self, i: int, c: Cand, rank: int) -> None:
        parent = self.stack[-1].node if self.stack else None
        component = c.label
        if c.style.startswith("dec") and self.stack:
            parent_label = self.stack[-1].label
            if c.label.startswith(parent_label + "."):
                component = c.label[len(parent_label) + 1:]
        path = f"{parent.path}.{component}" if parent else component
        node = Node(i, len(self.stack) + 1, path, c.label, self._heading(i, c))
        self.nodes.append(node)
        self.stack.append(Frame(c.style, c.key, c.label, node, rank))

    def _heading(self, i: int, c: Cand) -> str:
        texts = self.lines.texts
        title = c.title
        j = i + 1
        if _UNIT_ONLY.match(texts[i]):
            j = (self._next_line(i) or i) + 1
        if not title:
            while j < self.last and not texts[j]:
                j += 1
            if j < self.last and classify(texts[j]) is None:
                title = texts[j]
                j += 1
        # A web rendering breaks "1. Sở" / "Khoa học và Công nghệ": an agency word alone is
        # not a heading.
        if title in _AGENCY_HEADS and j < self.last and texts[j][:1].isupper() and classify(texts[j]) is None:
            title += " " + texts[j]
            j += 1
        # Headings in capitals wrap: "II. MỤC TIÊU" / "CHỦ YẾU".
        if title and is_caps(title):
            extra = 0
            while j < self.last and extra < 3 and texts[j] and is_caps(texts[j]) and classify(texts[j]) is None \
                    and not _is_closing(texts[j]):
                title += " " + texts[j]
                j += 1
                extra += 1
        return short_heading(title, c.style in NAMED_RANK)


def short_heading(title: str, named: bool) -> str:
    """The heading on one line: an article's title as printed, an item's words before its
    colon ('Mục tiêu tổng quát: Nâng cao …'), else its first words."""
    title = re.sub(r"\s+", " ", title).strip()
    if ":" in title.rstrip(":") and (not named or len(title.split()) > HEADING_WORDS):
        head = title.split(":", 1)[0]
        if (1 if not named else 2) <= len(head.split()) <= HEADING_WORDS:
            return head.strip()
    if named:
        return title.rstrip(" .;:")
    words = title.split()
    if len(words) > HEADING_WORDS:
        return " ".join(words[:HEADING_WORDS])
    return title.rstrip(" .;:")


# --- spans -----------------------------------------------------------------------------------


def _place(nodes: list[Node], end: int) -> None:
    """Each node runs to the next node at its depth or above (one backwards pass)."""
    next_at: dict[int, int] = {}
    for node in reversed(nodes):
        node.end = min((v for d, v in next_at.items() if d <= node.depth), default=end)
        next_at[node.depth] = node.start
        for d in [d for d in next_at if d > node.depth]:
            del next_at[d]


def run(doc: Document) -> Document:
    text = doc.text
    doc.sections = []
    if not text:
        return doc
    lines = split_lines(text)
    body_line = _body_line(doc, lines)
    zones = find_zones(lines, body_line, doc.doc_type)
    if doc.body_end is not None and not any(z.kind == "closing" for z in zones):
        zones = _closing_from_header(zones, _signature_top(lines, bisect.bisect_right(lines.starts, doc.body_end) - 1))
    counts: dict[str, int] = {}
    for z in zones:
        start = 0 if z is zones[0] else lines.starts[z.first]
        end = lines.starts[z.last] if z.last < len(lines) else len(text)
        if end <= start:
            continue
        if z.kind == "body":
            _body(doc, lines, z, start, end, counts)
        elif z.kind == "appendix":
            label = path = "Phụ lục" + (f" {z.label}" if z.label else "")
            if path in counts:  # a second unnumbered PHỤ LỤC is not "Phụ lục 2"
                counts[path] += 1
                path = f"{path} ({counts[path]})"
            counts.setdefault(path, 1)
            heading = z.title or _next_title(lines, z.first + 1, z.last)
            _add(doc, path, label, short_heading(heading, True), 1, start, end, "appendix")
        elif z.kind == "attached":
            _add(doc, _unique("header", counts), "", short_heading(z.title, True), 1, start, end, "header")
        else:
            _add(doc, _unique(z.kind, counts), "", "", 1, start, end, z.kind)
    return doc


def _closing_from_header(zones: list[Zone], line: int) -> list[Zone]:
    """Without a 'Nơi nhận' or an authority line of its own, the closing starts where the
    header stage found the signer (a name under a bare title)."""
    out: list[Zone] = []
    for z in zones:
        if z.kind == "body" and z.first < line < z.last:
            out += [Zone("body", z.first, line), Zone("closing", line, z.last)]
        else:
            out.append(z)
    return out


def _signature_top(lines: Lines, line: int) -> int:
    """The signer's title lines in capitals above the name ('CHỦ TỊCH QUỐC HỘI') are part of
    the signature block."""
    top = line
    for k in range(line - 1, max(-1, line - 5), -1):
        t = lines.texts[k]
        if not t:
            continue
        if len(t) > 80 or not is_caps(t) or classify(t) is not None:
            break
        top = k
    return top


def _body_line(doc: Document, lines: Lines) -> int:
    """Line index of the body start: the header stage's, unless it is clearly too late."""
    mine = find_body_start(lines)
    if doc.body_start and doc.body_start > 0:
        i = max(0, bisect.bisect_right(lines.starts, doc.body_start) - 1)
        # A header that ran past the articles and the signature (a rendering without line
        # structure in its header) is not followed.
        if mine < i and any(_is_closing(lines.texts[k]) or (lines.texts[k].startswith(("Điều", "ĐIỀU")) and classify(lines.texts[k]))
                            for k in range(mine, i)):
            return mine
        # The header may end inside a line that lost its break before the first unit.
        for g in sorted(lines.glued):
            if i - 3 <= g < i and classify(lines.texts[g]) is not None:
                return g
        return i
    return mine


def _body(doc: Document, lines: Lines, z: Zone, start: int, end: int, counts: dict[str, int]) -> None:
    nodes = TreeBuilder(doc, lines, z.first, z.last).build()
    if not nodes:
        _add(doc, _unique("preamble", counts), "", "", 1, start, end, "preamble")
        return
    for node in nodes:
        node.start = lines.starts[node.line]
    first = nodes[0].start
    if first > start:
        _add(doc, _unique("preamble", counts), "", "", 1, start, first, "preamble")
    else:
        nodes[0].start = start
    for k in range(1, len(nodes)):
        if nodes[k - 1].depth == nodes[k].depth - 1:
            nodes[k].start = nodes[k - 1].start
    _place(nodes, end)
    for node in nodes:
        _add(doc, node.path, node.label, node.heading, node.depth, node.start, node.end, "body")


def _next_title(lines: Lines, first: int, last: int) -> str:
    parts: list[str] = []
    for j in range(first, min(last, first + 4)):
        t = lines.texts[j]
        if not t:
            if parts:
                break
            continue
        if _rx()["attached_note"].search(t) or not is_caps(t):
            break
        parts.append(t)
    return " ".join(parts)


def _unique(path: str, counts: dict[str, int]) -> str:
    counts[path] = counts.get(path, 0) + 1
    return path if counts[path] == 1 else f"{path} {counts[path]}"


def _add(doc: Document, path: str, label: str, heading: str, level: int, start: int, end: int, kind: str) -> None:
    doc.sections.append(Section(path=path, label=label, heading=heading, level=level, start=start, end=end,
                                page=doc.page_at(start), kind=as_section_kind(kind)))
