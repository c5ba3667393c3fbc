"""The tree of one body zone: the sequence of candidates that number in order, nested by style."""

from __future__ import annotations

from vanban.model import Document
from vanban.stages.sections.lines import classify, is_caps, is_closing, lower_roman
from vanban.stages.sections.numbers import (
    AGENCY_HEADS,
    ARTICLE,
    CHAPTER,
    GLOBAL_NUMBERING,
    HEADING_WORDS,
    NAMED_RANK,
    PART,
    UNIT_ONLY,
    Cand,
    Frame,
    Lines,
    Node,
    follows,
    is_first,
    patterns,
    roman_value,
    to_roman,
)

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
                if UNIT_ONLY.match(self.lines.texts[i]):
                    skip = self._next_line(i) or -1  # the number line of "Chương" / "I"
        self.romans = [(i, c.key) for i, c in sorted(cands.items()) if c.style == "R"]
        allowed: dict[str, set[int]] = {}
        for style in GLOBAL_NUMBERING:
            seq = [(i, c.key) for i, c in cands.items() if c.style == style]
            allowed[style] = select_sequence(seq)
        # Party regulations group their articles under "I- QUY ĐỊNH CHUNG": a Roman heading
        # before the first article (and no Chương) is a chapter.
        first_article = min((i for i in allowed[ARTICLE]), default=None)
        roman_chapters = first_article is not None and not allowed[CHAPTER] and not allowed[PART] and any(
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
        if UNIT_ONLY.match(t):
            j = self._next_line(i)
            if j is None:
                return None
            # "Chương" / "I", "Điều" / "1. Phạm vi điều chỉnh" printed on two lines.
            c = classify(t + " " + self.lines.texts[j])
            return c if c is not None and (not c.title or c.style == ARTICLE) else None
        c = classify(t)
        if c is None and t[:1] in "ivx" and (m := patterns()["paren_roman"].match(t)):
            c = lower_roman(m, "(r)")
        return c

    def _offer_named(self, i: int, c: Cand) -> None:
        rank = NAMED_RANK[c.style]
        if c.style not in GLOBAL_NUMBERING:  # Mục, Tiểu mục restart under each Chương
            prev = next((f for f in reversed(self.stack) if f.style == c.style), None)
            if prev is not None and not follows(c.style, prev.key, c.key):
                return
            if prev is None and not is_first(c.key):
                return
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        self._push(i, c, rank)
        self.suppressed.clear()

    def _offer_roman_chapter(self, i: int, c: Cand) -> None:
        prev = self.last_named.get("R")
        if not ((prev is None and (is_first(c.key) or c.strong)) or (prev is not None and follows("R", prev, c.key))):
            return
        while self.stack and self.stack[-1].rank >= NAMED_RANK[CHAPTER]:
            self.stack.pop()
        self.last_named["R"] = c.key
        self._push(i, c, NAMED_RANK[CHAPTER])
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
        elif not is_first(c.key):
            # A document may start its top level further on (a plan whose first section is II).
            if parent is not None or c.key[1] != 0 or c.key[0] > 3 or not ((c.style == "R" and c.strong) or c.key[0] <= 2):
                return False
        # A list right under a bullet that ends with ':' belongs to the bullet.
        prev = self._previous_text(i) if parent is not None and not c.strong else ""
        if prev and patterns()["bullet"].match(prev) and prev.endswith(":"):
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
        if UNIT_ONLY.match(texts[i]):
            j = (self._next_line(i) or i) + 1
        if not title:
            while j < self.last and not texts[j]:
                j += 1
            if j < self.last and classify(texts[j]) is None:
                title = texts[j]
                j += 1
        # A web rendering breaks "1. Sở" / "Khoa học và Công nghệ": an agency word alone is
        # not a heading.
        if title in AGENCY_HEADS and j < self.last and texts[j][:1].isupper() and classify(texts[j]) is None:
            title += " " + texts[j]
            j += 1
        # Headings in capitals wrap: "II. MỤC TIÊU" / "CHỦ YẾU".
        if title and is_caps(title):
            extra = 0
            while j < self.last and extra < 3 and texts[j] and is_caps(texts[j]) and classify(texts[j]) is None \
                    and not is_closing(texts[j]):
                title += " " + texts[j]
                j += 1
                extra += 1
        return short_heading(title, c.style in NAMED_RANK)


def short_heading(title: str, named: bool) -> str:
    """The heading on one line: an article's title as printed, an item's words before its
    colon ('Mục tiêu tổng quát: Nâng cao …'), else its first words."""
    title = " ".join(title.split())  # what re.sub(r"\s+", " ", …).strip() gives, three times faster
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
