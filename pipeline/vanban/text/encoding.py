"""Bytes -> text: which encoding a text file is in, decided on evidence.

UTF-8 is decided on its invalid sequences, not on its high bytes: ordinary Vietnamese is
mostly bytes >= 0x80, all of them in valid sequences. A file whose valid multi-byte
characters far outnumber its bad bytes is UTF-8 with a few damaged bytes: they become
U+FFFD, one per byte, and the warning says how many and where. Anything else is an 8-bit
file, and each Vietnamese 8-bit encoding is tried: Windows-1258 (decoded here), TCVN3 and
VNI (read as cp1252, then every word mapped by the tables of `text.legacy`). The one whose
words are Vietnamese syllables wins, and the warning gives the evidence. (Legacy runs inside
a UTF-8 file are another matter: normalisation finds them run by run.)
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from vanban.text.legacy import decode_all, syllable_share

# A file is UTF-8 with damage when its valid non-ASCII characters are at least this many
# times its bad bytes. Text in an 8-bit encoding read as UTF-8 has nearly no valid sequences
# (a lead byte must be followed by exactly the right number of continuation bytes).
UTF8_EVIDENCE = 3
# Below this share of syllables no Vietnamese 8-bit encoding is claimed.
MIN_SHARE = 0.5
NAMES = {"utf-8": "UTF-8", "cp1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI", "cp1252": "cp1252"}

_ESCAPED = re.compile("[\udc80-\udcff]+")


@dataclass
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-16", "cp1258", "tcvn3", "vni" or "cp1252" (unknown 8-bit)
    warnings: list[str] = field(default_factory=list)


def _where(raw: str, spans: list[tuple[int, int]], limit: int = 5) -> str:
    places = []
    for start, _ in spans[:limit]:
        line = raw.count("\n", 0, start) + 1
        offset = len(raw[:start].encode("utf-8", "surrogateescape"))
        places.append(f"line {line} (byte {offset})")
    more = f" and {len(spans) - limit} more place(s)" if len(spans) > limit else ""
    return ", ".join(places) + more


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes, its encoding, and warnings saying what was decided and why."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    raw = data.decode("utf-8", errors="surrogateescape")  # each bad byte -> one lone surrogate
    spans = [m.span() for m in _ESCAPED.finditer(raw)]
    bad = sum(e - s for s, e in spans)
    valid = sum(1 for c in raw if c > "\x7f") - bad
    if valid >= UTF8_EVIDENCE * bad:
        text = _ESCAPED.sub(lambda m: "\ufffd" * len(m.group()), raw)
        return Decoded(text, "utf-8", [f"text is UTF-8 with {bad} invalid byte(s), each replaced by U+FFFD, at "
                                       f"{_where(raw, spans)}"])
    return _eight_bit(data)


def _eight_bit(data: bytes) -> Decoded:
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    cp1252 = data.decode("cp1252", errors="replace")
    shares = {"cp1258": syllable_share(cp1258), "tcvn3": syllable_share(cp1252, "tcvn3"),
              "vni": syllable_share(cp1252, "vni")}
    best = max(shares, key=lambda k: (shares[k][0], k == "cp1258"))
    share, words = shares[best]
    evidence = ", ".join(f"{NAMES[k]} {v[0]:.0%}" for k, v in shares.items())
    if share < MIN_SHARE:
        return Decoded(cp1252, "cp1252", [f"text is not UTF-8 and no Vietnamese 8-bit encoding fits its words "
                                          f"(syllables: {evidence}): read as cp1252"])
    note = (f"text is not UTF-8: read as {NAMES[best]}, the encoding in which most of its {words} marked words "
            f"are Vietnamese syllables ({evidence})")
    return Decoded(cp1258 if best == "cp1258" else decode_all(cp1252, best), best, [note])
