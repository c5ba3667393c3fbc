"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI) inside otherwise Unicode text.

Old documents typed in .VnTime (TCVN3) or VNI-Times fonts reach us as the fonts' byte values
read as Latin-1/cp1252: "KÕ ho¹ch" (TCVN3) or "Quyeát ñònh" (VNI) for "Kế hoạch", "Quyết định".
Documents edited over years mix such runs with Unicode, so detection is per run, not per text
(spec/DOMAIN.md 4.3). The byte tables are data: data/legacy_encodings.json.

What keeps real Unicode Vietnamese safe: a word only counts as legacy evidence when it is *not*
a valid Vietnamese syllable as it stands, *is* one once decoded, and has ASCII letters beside the
legacy bytes; a run needs two such words (or one unmistakable one, "ho¹ch", next to a supporting
word, "KÕ"). Words valid both ways ("hoà" is Unicode hoà and VNI hồ) are decoded only between two
pieces of evidence; at the edges of a run only words that clearly read better decoded join
("phóc" -> phúc, but "các" stays). Any word the encoding cannot produce ends the run.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vanban.rules import load_rules

Edit = tuple[int, int, str]  # (start, end, replacement) on the input string

_DATA = Path(__file__).resolve().parents[1] / "data" / "legacy_encodings.json"

# --- Vietnamese syllable shape ----------------------------------------------------------------

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SHAPE = load_rules("syllables")
_ONSETS = "|".join(_SHAPE["onsets"])
# Rhymes without their tone mark ("gi" and "qu" take the glide, so "giữa" is gi+ưa, "quyết" qu+yêt).
_RHYMES: list[str] = _SHAPE["rhymes"]
_SYLLABLE = re.compile(f"(?:{_ONSETS})?(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})")


def is_syllable(word: str) -> bool:
    """True for one Vietnamese syllable (any case, at most one tone mark, NFC or NFD)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


# --- tables -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # hashed by identity: _classify caches per codec
class _Codec:
    name: str
    singles: dict[str, str]
    pairs: dict[str, str]  # two-character sequences, tried first
    not_evidence: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()  # frequent syllables, lowercase

    def decode(self, word: str) -> str | None:
        """The word decoded, or None when it holds a character this encoding cannot produce."""
        out: list[str] = []
        i = 0
        while i < len(word):
            two = word[i : i + 2]
            if len(two) == 2 and two in self.pairs:
                out.append(self.pairs[two])
                i += 2
                continue
            c = word[i]
            if c in self.singles:
                out.append(self.singles[c])
            elif c.isascii():
                out.append(c)
            else:
                return None
            i += 1
        return "".join(out)


@lru_cache(maxsize=1)
def _codecs() -> tuple[_Codec, ...]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    common = frozenset(raw["common_syllables"])
    tcvn3, vni = raw["tcvn3"], raw["vni"]
    return (
        _Codec("tcvn3", dict(tcvn3["map"]), {}, frozenset(tcvn3.get("not_evidence", ())), common),
        _Codec("vni", dict(vni["singles"]), dict(vni["pairs"]), frozenset(vni.get("not_evidence", ())), common),
    )


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    """Words holding at least one non-ASCII character a legacy table uses. Several of those are
    not letters in Unicode (¸ · « ¬ and the soft hyphen 0xAD, which is TCVN3 "ư"), so \\w won't do.
    Pure-ASCII words read the same in every encoding and are only counted, never matched."""
    cls = _legacy_class()
    return re.compile(f"[A-Za-z{cls}]*[{cls}][A-Za-z{cls}]*")


@lru_cache(maxsize=1)
def _legacy_class() -> str:
    """The non-ASCII characters of the legacy tables, escaped for a character class."""
    extra = {c for codec in _codecs() for key in (*codec.singles, *codec.pairs) for c in key if not c.isascii()}
    return "".join(sorted(re.escape(c) for c in extra))


_ASCII_WORD = re.compile(r"[A-Za-z]+")

# --- detection --------------------------------------------------------------------------------

# Word kinds, per encoding:
#   L evidence   not a syllable as it stands, one once decoded, with ASCII letters ("ho¹ch")
#   S support    readable both ways but clearly better decoded: a common syllable from an
#                uncommon one ("KÕ" -> kế, "phóc" -> phúc), or an abbreviation ("H§ND" -> HĐND)
#   A ambiguous  readable both ways ("các" is Unicode các and TCVN3 cỏc)
#   N same       unchanged by decoding
#   U            not this encoding: ends any run
_EVIDENCE, _SUPPORT, _AMBIGUOUS, _SAME, _BREAK = "L", "S", "A", "N", "U"
_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", (c + tone).upper() if upper else c + tone)
    for c in _SHAPE["vowels"]
    for tone in ("", *_TONE_MARKS)
    for upper in (False, True)
) | frozenset("đĐ")


@lru_cache(maxsize=65536)
def _classify(word: str, codec: _Codec) -> tuple[str, str]:
    """(kind, decoded) of one word for one encoding."""
    decoded = codec.decode(word)
    if decoded is None:
        return _BREAK, word
    if decoded == word:
        return _SAME, word
    decoded = unicodedata.normalize("NFC", decoded)
    if not is_syllable(decoded):
        # Abbreviations such as "HĐND" or "TCCSĐ" are no syllables, yet belong to the run
        # around them.
        if decoded.replace("đ", "d").replace("Đ", "D").isascii():
            return _SUPPORT, decoded
        return _BREAK, word
    if not is_syllable(word):
        # Lone symbols ("2 × 3 ÷ 4", TCVN3 ì and ữ) and SI units ("5 µm", TCVN3 "àm") are
        # common in Unicode text: evidence needs ASCII letters beside the legacy bytes.
        if any(c.isascii() for c in word) and word not in codec.not_evidence:
            return _EVIDENCE, decoded
        return _SUPPORT, decoded
    if decoded.lower() in codec.common and word.lower() not in codec.common:
        return _SUPPORT, decoded
    return _AMBIGUOUS, decoded


@dataclass(frozen=True)
class _Word:
    kind: str
    start: int
    end: int
    decoded: str


@lru_cache(maxsize=1)
def _letter_runs() -> re.Pattern[str]:
    """Runs of the letters `_word_pattern` is made of. Its matches are exactly the runs that
    hold a non-ASCII one (its own legacy characters are all non-ASCII); this pattern opens with
    a class, which `re` skips to at C speed, where `_word_pattern` is tried at every position."""
    return re.compile(f"[A-Za-z{_legacy_class()}]+")


def _distinct_words(text: str) -> set[str]:
    """The distinct matches of `_word_pattern` in `text`."""
    return {w for w in set(_letter_runs().findall(text)) if not w.isascii()}


def _segments(text: str, codec: _Codec, words: set[str] | None = None) -> list[list[_Word]]:
    """Stretches of words the encoding can read, split wherever it cannot; only stretches that
    hold evidence are returned. `words`: the text's `_distinct_words`, when known."""
    # Nearly every text has no evidence at all (2 of 1,368 corpus documents hold legacy
    # bytes): its distinct words, classified once each, say so before any run is built.
    if not any(_classify(w, codec)[0] == _EVIDENCE for w in (_distinct_words(text) if words is None else words)):
        return []
    segments: list[list[_Word]] = [[]]
    evidence = False
    for m in _word_pattern().finditer(text):
        kind, decoded = _classify(m.group(), codec)
        if kind == _BREAK:
            segments.append([])
        elif kind != _SAME:
            evidence = evidence or kind == _EVIDENCE
            segments[-1].append(_Word(kind, m.start(), m.end(), decoded))
    if not evidence:
        return []
    return [seg for seg in segments if any(w.kind == _EVIDENCE for w in seg)]


def _extend(text: str, seg: list[_Word], i: int, step: int) -> int:
    """Index of the farthest supporting word reachable from seg[i] going `step`, with at most
    one unchanged (ASCII) word between neighbours. Ambiguous words stop the walk: "các" after
    a TCVN3 run is more likely Unicode than the rare TCVN3 "cỏc"."""
    j = i
    while 0 <= j + step < len(seg) and seg[j + step].kind in (_SUPPORT, _EVIDENCE):
        left, right = seg[min(j, j + step)], seg[max(j, j + step)]
        if len(_ASCII_WORD.findall(text, left.end, right.start)) > 1:
            break
        j += step
    return j


def _strong(word: str) -> bool:
    """Holds a character no Unicode Vietnamese word contains (¹ in "ho¹ch")."""
    return any(not c.isascii() and c not in _VIETNAMESE_LETTERS for c in word)


def _accepted(text: str, words: list[_Word]) -> bool:
    evidence = [w for w in words if w.kind == _EVIDENCE]
    if len(evidence) >= 2:
        return True
    # One piece of evidence is enough only when it is unmistakable and a supporting word
    # reads as the same encoding: "KÕ ho¹ch".
    one = evidence[0]
    supported = any(w.kind == _SUPPORT for w in words)
    return supported and one.end - one.start >= 3 and _strong(text[one.start : one.end])


@dataclass
class _Run:
    encoding: str
    edits: list[Edit]
    evidence: int

    @property
    def span(self) -> tuple[int, int]:
        return self.edits[0][0], self.edits[-1][1]


def _runs(text: str, codec: _Codec, distinct: set[str] | None = None) -> list[_Run]:
    runs = []
    for seg in _segments(text, codec, distinct):
        marks = [i for i, w in enumerate(seg) if w.kind == _EVIDENCE]
        # Every word between the first and last evidence is decoded, ambiguous ones included;
        # beyond them only supporting words join.
        lo, hi = _extend(text, seg, marks[0], -1), _extend(text, seg, marks[-1], +1)
        words = seg[lo : hi + 1]
        if _accepted(text, words):
            runs.append(_Run(codec.name, [(w.start, w.end, w.decoded) for w in words], len(marks)))
    return runs


def _pick(runs: list[_Run]) -> list[_Run]:
    """Non-overlapping runs, the better-evidenced one winning where TCVN3 and VNI both claim a span."""
    chosen: list[_Run] = []
    for run in sorted(runs, key=lambda r: (-r.evidence, r.span)):
        lo, hi = run.span
        if all(hi <= c.span[0] or lo >= c.span[1] for c in chosen):
            chosen.append(run)
    return sorted(chosen, key=lambda r: r.span)


def legacy_edits(text: str) -> tuple[str | None, list[Edit]]:
    """Detect TCVN3/VNI runs in `text` (legacy bytes read as Latin-1/cp1252) and return the
    encoding found and the edits that turn every run into NFC Unicode.

    The encoding is the one with the most evidence when a text mixes both. Edits are sorted,
    non-overlapping and word-sized; already-correct Unicode Vietnamese yields none."""
    if text.isascii():
        return None, []
    distinct = _distinct_words(text)  # one scan for both encodings
    runs = _pick([run for codec in _codecs() for run in _runs(text, codec, distinct)])
    if not runs:
        return None, []
    weight: dict[str, int] = {}
    for run in runs:
        weight[run.encoding] = weight.get(run.encoding, 0) + run.evidence
    edits = sorted(edit for run in runs for edit in run.edits)
    return max(weight, key=lambda k: weight[k]), edits


def detect_encoding(text: str) -> str | None:
    """The encoding of the legacy runs in `text`: "tcvn3", "vni", or None for Unicode Vietnamese and other text."""
    return legacy_edits(text)[0]


# --- whole-file evidence ----------------------------------------------------------------------

_MARKED_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")


def syllable_share(text: str, encoding: str | None = None, sample: int = 200_000) -> tuple[float, int]:
    """(share, words): of the words of `text` that hold a non-ASCII character, the share that
    are Vietnamese syllables once decoded from `encoding` ("tcvn3" or "vni", read as cp1252),
    or as they stand (None). How an 8-bit file's encoding is decided: Vietnamese in the right
    encoding is nearly all syllables, in a wrong one nearly none. Only the first `sample`
    characters are read."""
    text = text[:sample]
    if encoding is None:
        words = [m.group() for m in _MARKED_WORD.finditer(unicodedata.normalize("NFC", text))]
        good = sum(is_syllable(w) for w in words)
        return (good / len(words) if words else 0.0), len(words)
    codec = next(c for c in _codecs() if c.name == encoding)
    words = [m.group() for m in _word_pattern().finditer(text)]
    good = 0
    for word in words:
        decoded = codec.decode(word)
        good += decoded is not None and is_syllable(unicodedata.normalize("NFC", decoded))
    return (good / len(words) if words else 0.0), len(words)


def decode_all(text: str, encoding: str) -> str:
    """Every word of `text` (TCVN3 or VNI bytes read as cp1252) decoded: for a file known, by
    `syllable_share`, to be in that encoding throughout, where run detection would leave the
    words readable both ways ("các") undecided. A word the encoding cannot produce stays."""
    codec = next(c for c in _codecs() if c.name == encoding)

    def one(m: re.Match[str]) -> str:
        decoded = codec.decode(m.group())
        return unicodedata.normalize("NFC", decoded) if decoded is not None else m.group()

    return _word_pattern().sub(one, text)
