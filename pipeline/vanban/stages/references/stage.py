"""The references stage over a document: codes, short forms and names found (`mentions`,
`names`), resolved to identity keys, their relations assigned (`relations`)."""

from __future__ import annotations

import bisect
import re

from vanban.model import Document, Reference
from vanban.stages import identity
from vanban.stages.references.context import Context, context_of
from vanban.stages.references.grammar import grammar
from vanban.stages.references.issuers import issuer_fits, issuer_from_code, resolve_issuer
from vanban.stages.references.mentions import Citation, find_codes, find_short_forms
from vanban.stages.references.names import find_names
from vanban.stages.references.relations import assign_relations, is_self, own_key
from vanban.text.normalize import fold
from vanban.vocab import as_relation


def _resolve(doc: Document, ctx: Context, m: Citation) -> None:
    m.issuer = resolve_issuer(m.issuer_raw, ctx)
    if m.code and not m.code.startswith(("QCVN", "TCVN")) and not issuer_fits(m.code, m.issuer):
        m.issuer = None
    if m.code:
        issuer_for_key = m.issuer or issuer_from_code(m.code, ctx)
        if m.issuer is None:
            m.issuer = issuer_for_key
        if m.code.startswith(("QCVN", "TCVN")):
            m.target = m.code
        else:
            m.target = identity.key_of_code(m.code, issuer_for_key, m.date)
    elif m.name:
        m.target = identity.name_key(m.name)


def run(doc: Document) -> Document:
    text = doc.text
    doc.key = own_key(doc)
    ctx = context_of(doc)
    codes = find_codes(text)
    kept = [m for m in codes if not is_self(doc, m, text)]
    shorts = find_short_forms(text, kept)
    names = find_names(text, [(m.start, m.end) for m in codes + shorts], doc.title, doc.doc_type)
    own_name = fold(f"{doc.doc_type} {doc.title}") if doc.doc_type and doc.title else None
    names = [n for n in names if not (own_name and fold(grammar()["name_year"].sub("", n.name or "")) == own_name)]
    _name_codes(text, kept, names)
    mentions = kept + shorts + names
    for m in mentions:
        _resolve(doc, ctx, m)
    # Mentions of the same code share what any of them says (date, issuer): short forms and
    # later bare mentions inherit it, so all of them get the same target.
    _share(doc, ctx, mentions)
    mentions = [m for m in mentions if not (doc.key and m.target == doc.key)]
    assign_relations(doc, mentions)
    _implements_only_at_document_level(doc, mentions)
    doc.references = [
        Reference(text=text[m.start:m.end], doc_type=m.doc_type, code=m.code, date=m.date, issuer=m.issuer,
                  relation=as_relation(m.relation), target=m.target, section=doc.section_at(m.start), start=m.start, end=m.end,
                  name=m.name, page=doc.page_at(m.start))
        for m in sorted(mentions, key=lambda x: (x.start, x.code_start))
    ]
    return doc


def _opening_end(doc: Document) -> int:
    """Where the part that says what the document carries out ends: the title (header) and the
    preamble ("Thực hiện …", "Căn cứ …"); without a preamble section, the first paragraph of
    the body."""
    preamble_ends = [s.end for s in doc.sections if s.kind in ("header", "preamble")]
    if any(s.kind == "preamble" for s in doc.sections):
        return max(preamble_ends)
    start = doc.body_start
    m = re.search(r"\n\s*\n|\n(?=\s*(?:[IVX]+|\d+)\s*[.\-)])", doc.text[start:start + 3000])
    return start + (m.start() if m else min(len(doc.text) - start, 1500))


def _implements_only_at_document_level(doc: Document, mentions: list[Citation]) -> None:
    """`implements` is what the document as a whole carries out, said by its title and its
    opening (GUIDE.md, "Implements vs cites"); "thực hiện các nhiệm vụ theo Kế hoạch số X" inside
    a task cites X. A code implemented in the opening stays implemented wherever it recurs."""
    end = _opening_end(doc)
    # The opening sentence "Thực hiện A … thực hiện B của …" carries out the whole chain it names.
    for cue in grammar()["implementing_cue"].finditer(doc.text[doc.body_start:end]):
        lo, hi = doc.body_start + cue.start(), doc.body_start + cue.end()
        for m in mentions:
            if lo <= m.start < hi and m.relation == "cites" and m.code:
                m.relation = "implements"
    opening = {m.code for m in mentions if m.relation == "implements" and m.start < end and m.code}
    for m in mentions:
        if m.relation == "implements" and m.start >= end and not (m.code and m.code in opening):
            m.relation = "cites"


def _name_codes(text: str, coded: list[Citation], named: list[Citation]) -> None:
    """A law named without its number in a text that also cites it with its number ("Luật
    Hóa chất" after "Luật Hóa chất số 69/2025/QH15") is that law, except inside another
    document's description: "Nghị định số 113/2017/NĐ-CP … quy định chi tiết … Luật Hóa
    chất" names the law that 69/2025/QH15 replaced, so there the name stays a name."""
    by_name: dict[str, Citation] = {}
    for m in coded:
        if m.name and m.code:
            by_name.setdefault(fold(m.name), m)
    ends = sorted(m.end for m in coded)
    for n in named:
        base = fold(grammar()["name_century_year"].sub("", n.name or ""))
        ref = by_name.get(base)
        if not ref:
            continue
        i = bisect.bisect_right(ends, n.start) - 1
        if i >= 0 and n.start - ends[i] <= 200 and not re.search(r"[.;\n]", text[ends[i]:n.start]):
            continue
        n.code, n.date, n.issuer_raw = ref.code, ref.date, ref.issuer_raw


def _share(doc: Document, ctx: Context, mentions: list[Citation]) -> None:
    best: dict[str, Citation] = {}
    for m in mentions:
        if not m.code:
            continue
        b = best.get(m.code)
        if b is None or (m.date and not b.date) or (m.issuer_raw and not b.issuer_raw and m.date == b.date):
            best[m.code] = m
    for m in mentions:
        if not m.code:
            continue
        b = best[m.code]
        if b is m:
            continue
        changed = False
        if not m.date and b.date:
            m.date, changed = b.date, True
        if not m.issuer_raw and b.issuer_raw:
            m.issuer_raw, changed = b.issuer_raw, True
        if changed:
            _resolve(doc, ctx, m)
        if m.name is None and b.name and m.kind == "code":
            m.name = b.name

