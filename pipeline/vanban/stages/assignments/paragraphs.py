"""The body cut into paragraphs (a wrapped line joined to its sentence, a bare label to its
text) and a paragraph's list label and depth."""

from __future__ import annotations

import re

from vanban.model import Document
from vanban.rules import compiled
from vanban.stages.sections.numbers import UNITS

_RX = compiled("assignment_grammar")
# the named units of data/sections.json that open an item ("Điều 3.", "Chương II", "Phụ lục I");
# no alternative is a prefix of another, so their order does not matter
_UNITS = "|".join(re.escape(UNITS[k]) for k in ("article", "chapter", "section", "part", "appendix"))
_UNITS_CASED = "|".join(re.escape(UNITS[k]) for k in ("article", "chapter", "section", "part"))

_ROMAN = re.compile(r"^(?:[IVXLC]{1,6})\s*[.\-–:)]\s*")


_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\s*[.)\-–]?\s+(?=\S)|^\d{1,2}[.)]\s*(?=[A-ZĐÀ-Ỹa-zđ])")


_LETTER = re.compile(r"^[a-zđ]\d?\)\s*")


_DASH = re.compile(r"^[-+•▪●◦∙–]\s*")


_ARTICLE = re.compile(rf"^(?:{_UNITS})\s+[0-9IVXLC]+[a-z]?\s*[.:]?\s*", re.I)


_MARKUP = re.compile(r"[\s*#_>“\"]+")  # used with match(text, pos): no "^"; quotes open amended text


def body_bounds(doc: Document) -> tuple[int, int]:
    end = doc.body_end if doc.body_end and doc.body_end > (doc.body_start or 0) else len(doc.text)
    return doc.body_start or 0, end


RECIPIENTS = _RX["recipients_line"]  # "__Nơi nhận__:" in markdown


# what follows a signature block in a decision: the regulation it issues, an appendix
ATTACHED = _RX["attached_text"]


_OPENS_ITEM = re.compile(r"^\s*(?:[*#_>]+\s*)?(?:[IVXLC]{1,6}\s*[.\-–:)]|\d{1,2}(?:\.\d{1,2})*\s*[.)\-–]|[a-zđ]\d?\)|[-+•▪●◦∙–]|"
                        rf"(?:{_UNITS}|{_RX['item_openers'].pattern})\b)", re.I)


_ARTICLE_LINE = re.compile(rf"\s*[*“\"]*\s*(?:{_UNITS_CASED})\s+[0-9IVXLC]+[a-z]?\s*[.:]")


_BARE_LABEL = re.compile(r"^\s*[*#_]*\s*(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)\-–:]?\s*[*_]*\s*$")
# an article's number alone on its line ("**Điều 5." then "Trách nhiệm của Sở …**", QĐ 88/2025
# Lai Châu): its title is on the next line, and the two are one heading of depth 1
_BARE_ARTICLE = re.compile(rf"^\s*[*#_]*\s*(?:{re.escape(UNITS['article'])})\s+\d{{1,3}}[a-z]?\s*[.:]?\s*[*_]*\s*$", re.I)


def opens_task(text: str, ps: int) -> bool:
    """After "Kính gửi", the letter's own text starts with a numbered item or a sentence."""
    line = text[ps:text.find("\n", ps) if "\n" in text[ps:] else len(text)].strip()
    return bool(_LETTER_TEXT.match(line)) \
        or (len(line) > 80 and not line.startswith(("-", "+", "•")))


_LETTER_TEXT = _RX["letter_text_start"]
_PAGE_NUMBER = re.compile(r"^ {12,}\d{1,3} *$")


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines, with a line that does not end a sentence joined to the next when that one opens
    no list item (the normaliser leaves some wrapped lines: "Đài Tiếng nói Việt\nNam"), and a
    label alone on its line ("1.") joined to the text after it."""
    out: list[tuple[int, int]] = []
    pos = start
    joinable = False
    bare = False
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            joinable = False
            continue
        if _PAGE_NUMBER.match(line):
            # a page number of pdftotext's layout (far right of a line of its own) is not a
            # label: a sentence cut by the page break goes on after it
            bare = False
            continue
        if out and (bare or (joinable and not _OPENS_ITEM.match(line) and not line.strip().isupper())):
            out[-1] = (out[-1][0], le)
        else:
            out.append((ls, le))
        bare = bool(_BARE_LABEL.match(line) or _BARE_ARTICLE.match(line))
        tail = line.rstrip(" *")
        # a long line cut mid-sentence, or a labelled line cut after its label ("Thời gian thực hiện: Quý")
        # … or a dash item cut in a list of names ("- Mặt trận Tổ quốc, Đoàn" + "Thanh niên, Hội Phụ nữ hỗ trợ …")
        joinable = bool(tail) and tail[-1] not in ".;:!?" and not tail.isupper() and \
            (len(tail) > 30 or ":" in tail or bool(re.match(r"\s*[-+•]\s+\S.*\s\S", tail))) \
            and not _ARTICLE_LINE.match(line)  # an article's title is a line of its own
    return out


def strip_label(text: str, s: int) -> tuple[int, float]:
    """(offset after the list label, depth of the label): roman 1, article 1, number 2 (2.x 3),
    letter 4, dash 5, plus 5.5, none 6."""
    m = _MARKUP.match(text, s)
    pos = m.end() if m else s
    line = text[pos:pos + 40]
    levels: tuple[tuple[re.Pattern[str], float], ...] = ((_ARTICLE, 1), (_ROMAN, 1), (_NUMBER, 2), (_LETTER, 4), (_DASH, 5))
    for pattern, depth in levels:
        lm = pattern.match(line)
        if lm:
            if depth == 2 and re.match(r"^\d{1,2}\.\d", line):
                depth = 3
            elif depth == 5 and line.startswith("+"):
                depth = 5.5  # "- Bộ Công Thương" then its tasks "+ Ban hành …": a plus is a dash's sub-item
            after = pos + lm.end()
            mm = _MARKUP.match(text, after)
            return (mm.end() if mm else after), depth
    return pos, 6
