"""The signature block (authority, position, name) and the "Nơi nhận" list."""

from __future__ import annotations

import re
from functools import cache

from vanban.model import Document, Entity, Signer
from vanban.stages.header.issuer import proper_case
from vanban.stages.header.lines import Line, header_data, patterns
from vanban.text.normalize import fold_tones

# --- signature and recipients ---------------------------------------------------------------------------


_NAME = patterns()["signer_name"]
_SURNAME_ALONE = re.compile(r"^\s*[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s*$")
_UPPER_NAME = re.compile(r"^([A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+){1,5})$")


_MID_AUTHORITY = re.compile(r"\s(?=(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\s*[./]?\s+[A-ZĐÀ-Ỹ]{2})")
_TRAILING_UPPER = re.compile(r"(?<=[;:.)])\s+(?=[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,]{3,}$|[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$)")


def split_closing(lines: list[Line]) -> list[Line]:
    """Text taken from a PDF with its layout puts "Nơi nhận" and the signature side by side
    ("Nơi nhận: KT. CHỦ TỊCH", "- Bộ … (để báo cáo); PHÓ CHỦ TỊCH"): cut them apart."""
    out: list[Line] = []
    for ln in lines:
        m = _MID_AUTHORITY.search(ln.text) or (_TRAILING_UPPER.search(ln.text) if ln.text.lstrip().startswith(("-", "+", "•")) else None)
        if m and ln.text[: m.start()].strip():
            right = ln.text[m.end():]
            out.append(Line(ln.text[: m.start()].rstrip(), ln.start))
            out.append(Line(right, ln.start + m.end()))
        else:
            out.append(ln)
    return out


def parse_closing(doc: Document, lines: list[Line]) -> None:
    """Signer(s) and recipients. The main signature is the first authority block with a name in
    the second part of the text: appendices after it may carry forms with their own
    "Nơi nhận" and signature placeholders, which are not the document's."""
    rx = patterns()
    lines = split_closing(lines)
    floor = len(doc.text) * 0.1
    signers: list[tuple[Signer, Line | None]] = []
    first_at: int | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.start >= floor and rx["authority"].match(ln.text) and ln.text.isupper():
            signer, name_line, j = _signer_block(lines, i)
            if signer is not None and signer.name:
                if first_at is None:
                    first_at = i
                # Joint documents sign side by side: further blocks right after the first.
                if i - (first_at or i) <= 40:
                    signers.append((signer, name_line))
            i = max(j, i + 1)
            continue
        i += 1
    if not signers:
        found = _signer_without_authority(lines[max(0, len(lines) - 90):])
        if found:
            signers = [found]
            first_at = lines.index(found[1])
    if signers:
        doc.signer = signers[0][0]
        if len(signers) > 1:
            doc.signers = [s for s, _ in signers]
        for s, name_at in signers:
            if s.name and name_at is not None:
                at = name_at.text.find(s.name)
                if at >= 0:
                    doc.entities.append(Entity("PER", s.name, name_at.start + at, name_at.start + at + len(s.name), "rule"))
    # "Nơi nhận" nearest to the signature (before it in most layouts, after it in some).
    labels = [k for k, ln in enumerate(lines) if rx["recipients_label"].match(ln.text) and ln.start >= floor]
    if labels:
        anchor = first_at if first_at is not None else labels[0]
        k = min(labels, key=lambda x: abs(x - anchor))
        if first_at is None or abs(k - first_at) <= 60:
            doc.recipients = _recipients(lines, k)
            starts = [lines[k].start] + ([lines[first_at].start] if first_at is not None else [])
            doc.body_end = min(starts)
    elif first_at is not None:
        doc.body_end = lines[first_at].start


def _recipients(tail: list[Line], idx: int) -> list[str]:
    rx = patterns()
    first = rx["recipients_prefix"].sub("", tail[idx].text)
    items = [first] if first else []
    for ln in tail[idx + 1:]:
        t = ln.text
        if not re.match(r"^\s*[-+•·*]", t):
            if t.isupper() or rx["authority"].match(t) or rx["signed_stamp"].match(t):
                continue  # the signature column interleaved with the list
            # A wrapped item continues: lower-case start, or the item has no closing ; . yet.
            if items and (t[:1].islower() or not re.search(r"[;.]$", items[-1])) and not _NAME.match(t):
                items[-1] += " " + t
                continue
            break
        items.append(t)
    out = []
    for it in items:
        it = re.sub(r"^[\s\-+•·*]+", "", it).strip()
        it = re.sub(r"[;.,]+$", "", it).strip()
        if it:
            out.append(it)
    return out


def _signer_block(tail: list[Line], i: int) -> tuple[Signer | None, Line | None, int]:
    """From an authority line: the authority lines, the position and the name below them.
    Recipient lines met on the way (layout text interleaves the two) are passed over."""
    rx = patterns()
    auth: list[str] = []
    uppers: list[str] = []
    name: str | None = None
    name_line: Line | None = None
    k = i
    while k < len(tail) and k < i + 25:
        t = tail[k].text.strip()
        if rx["authority"].match(t) and t.isupper():
            if name:
                break
            auth.append(t)
        elif (m := _NAME.match(t)) and not t.startswith(("-", "+", "•")):
            # vbpl splits words across HTML spans ("Võ Minh Lươn g"): glue a stray last letter back.
            name, name_line = re.sub(r"\s([a-zà-ỹđ])$", r"\1", m.group(1)), tail[k]
            if k > i and _SURNAME_ALONE.match(tail[k - 1].text) and len(name.split()) < 4:
                name = f"{tail[k - 1].text.strip()} {name}"  # a name wrapped in its cell ("Trần" / "Chí Hùng")
            k += 1
            break
        elif t.startswith(("-", "+", "•")) or rx["signed_stamp"].match(t) or rx["separator"].match(t) or rx["recipients_label"].match(t):
            pass
        elif t.isupper():
            if uppers or not auth or positions().match(fold_tones(t)):
                uppers.append(t)
            else:
                auth[-1] = f"{auth[-1]} {t}"  # "TM. ỦY BAN NHÂN" + "DÂN"
        elif len(t) > 160:
            break  # back in running prose: no signature here
        k += 1
    title = uppers[-1] if uppers else None
    if title is None and auth and not auth[-1].upper().startswith(("TM", "T/M", "T.M")):
        title = re.sub(r"^\s*\S+?[./]\s*", "", auth[-1])
    if not name and not title:
        return None, None, k
    authority = ", ".join(_case_authority(a) for a in auth) or None
    return Signer(name=name, title=proper_case(title) if title else None, authority=authority), name_line, k


def _case_authority(a: str) -> str:
    m = re.match(r"^\s*(T/M|K/T|T/L|\S+?[./])\s*(.*)$", a)
    if not m:
        return a
    mark, rest = m.groups()
    return f"{mark} {proper_case(rest)}" if rest else mark




@cache
def positions() -> re.Pattern[str]:
    """A signer's position line (data/header.json "signer_positions"), tones folded."""
    names = sorted((fold_tones(n) for n in header_data()["signer_positions"]["names"]), key=len, reverse=True)
    deputy = re.escape(header_data()["signer_positions"]["deputy"])
    return re.compile(r"^(?:" + deputy + r"\s+)?(?:" + "|".join(map(re.escape, names)) + r")\b")


def _signer_without_authority(tail: list[Line]) -> tuple[Signer, Line] | None:
    """"BỘ TRƯỞNG / Nguyễn Văn A" or "CHỦ TỊCH QUỐC HỘI / Trần Thanh Mẫn" with no TM./KT. line."""
    for k in range(len(tail) - 1, 0, -1):
        m = _NAME.match(tail[k].text)
        if not m:
            continue
        for back in (1, 2):
            if k - back >= 0 and positions().match(fold_tones(tail[k - back].text)) and tail[k - back].text.isupper():
                return Signer(name=m.group(1), title=proper_case(tail[k - back].text), authority=None), tail[k]
    return None
