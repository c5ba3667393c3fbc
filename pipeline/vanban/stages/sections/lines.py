"""The text as lines, with what each line can open: quoted passages marked, each line classified
as a candidate unit (named, Roman, Arabic, letter, bracketed)."""

from __future__ import annotations

import re

from vanban.stages.sections.numbers import (
    ARTICLE,
    ARTICLE_STARTS,
    GLUED_FIRST,
    OPEN_QUOTES,
    ORDINAL_PREFIX,
    UNITS,
    VN_LETTERS,
    WORD_ORDINALS,
    Cand,
    Lines,
    arabic_key,
    letter_key,
    patterns,
    roman_value,
)

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
        if len(stripped) > 200 and "**" not in raw and (m := GLUED_FIRST.search(stripped)):
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
    rx = patterns()
    for i, t in enumerate(texts):
        if depth > 0 and t and t[0] not in OPEN_QUOTES and (is_closing(t) or rx["amending"].match(t) or _next_article(t, own_article)):
            depth = 0
        if depth <= 0:
            depth = 0
            if not t or t[0] not in OPEN_QUOTES:
                if t.startswith(ARTICLE_STARTS) and (m := rx["article"].match(t)):
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
    if not own or not t.startswith(ARTICLE_STARTS):
        return False
    m = patterns()["article"].match(t)
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
    # str methods mapped over the characters: a generator here was 9 s of the corpus's run
    if sample.isupper():
        return sum(map(str.isalpha, sample)) >= 2
    letters = list(filter(str.isalpha, sample))
    return len(letters) >= 2 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _canonical_unit(word: str) -> str:
    w = word.lower()
    return {u.lower(): u for u in UNITS.values()}[w]


def classify(text: str) -> Cand | None:
    """The unit a line opens, if it looks like a heading (sequence is checked later)."""
    if not text:
        return None
    c0 = text[0]
    rx = patterns()
    if c0 in "PCMTĐpcmtđ":
        if (m := rx["article"].match(text)) and m.group("unit")[0].isupper():
            title = m.group("title").strip()
            if title and not _upper_start(title):
                return None
            label = m.group("label")
            return Cand(ARTICLE, ARTICLE + " " + label, arabic_key(label), title, strong=True)
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
            return lower_roman(m, "(r)")
        return None
    if c0 in VN_LETTERS or c0 == "f":
        if m := rx["letter"].match(text):
            title = m.group("title").strip()
            if not title or not _upper_start(title):
                return None
            key = letter_key(m.group("label"))
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
    if label.lower().startswith(ORDINAL_PREFIX):
        word = label.split()[-1].lower()
        if word not in WORD_ORDINALS:
            return None
        key = (WORD_ORDINALS[word], 0)
        label = ORDINAL_PREFIX + " " + word
    elif label[0].isdigit():
        key = arabic_key(label)
    else:
        base = label.rstrip(VN_LETTERS[:10])  # a to k: the letters a Roman number carries (IIa)
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
    key = arabic_key(label) if label[0].isdigit() else ((roman_value(label) or 0), 0)
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
    return Cand(style, label, arabic_key(label), title, strong=is_caps(title))


def lower_roman(m: re.Match[str], style: str) -> Cand | None:
    label = m.group("label")
    value = roman_value(label.upper())
    title = m.group("title").strip()
    if value is None or not title or not _upper_start(title):
        return None
    return Cand(style, label, (value, 0), title)


def is_closing(t: str) -> bool:
    rx = patterns()
    if rx["recipients"].match(t):
        return True
    m = rx["authority"].match(t)
    return m is not None and is_caps(m.group("rest")) and len(t) < 80
