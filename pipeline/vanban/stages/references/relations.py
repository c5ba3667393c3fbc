"""What the citing document does with each mention (data/relation_cues.json), and its own identity."""

from __future__ import annotations

import bisect
import re
from functools import cache

from vanban.model import Document
from vanban.rules import load_rules
from vanban.stages import identity
from vanban.stages.references.grammar import grammar, normal_type
from vanban.stages.references.mentions import Citation
from vanban.text.normalize import fold

# --- own identity -----------------------------------------------------------------------------


def own_key(doc: Document) -> str | None:
    return identity.document_key(doc.doc_type, doc.number, doc.symbol, doc.issuer, doc.date)


def is_self(doc: Document, m: Citation, text: str) -> bool:
    if m.code and doc.number and doc.symbol and m.code == identity.canonical_code(doc.number, doc.symbol):
        return True
    if m.kind == "code" and grammar()["self_number_line"].search(text[max(0, m.code_start - 40): m.code_start]):
        return True
    if not doc.number and m.doc_type and doc.doc_type and fold(m.doc_type) == fold(doc.doc_type):
        # No number in the header (a page that lost it): the document names itself in its
        # title line ("TOÀN VĂN: KẾT LUẬN 155-KL/TW …") and in its appendix captions
        # ("(Kèm theo Hướng dẫn số 40-HD/BTGDVTW …)").
        before = text[max(0, m.start - 20): m.start]
        if grammar()["attached_caption"].search(before) and not grammar()["attached_inline"].search(before):
            return True
        if m.start < 400 and text[m.start:m.code_start].isupper():
            return True
    return False


# --- relations ----------------------------------------------------------------------------------

# Sentence starts: a full stop, a blank line, the end of a line that ends a clause, a list item,
# an article heading, or a line that opens with a clause-start formula ("Căn cứ", "Thực hiện").
_BOUNDARY = grammar()["sentence_boundary"]
_ITEM = re.compile(r"\s*(?:[-+•*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s)")
_LEAD = re.compile(r"[\s\-+•*]*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*|[IVX]+\.\s*)?")


@cache
def cue_data() -> dict:
    data = dict(load_rules("relation_cues"))
    data["compiled"] = [dict(r, rx=re.compile(r["pattern"], re.I | re.M)) for r in data["rules"]]
    helpers = {r["name"]: r["pattern"] for r in data["rules"] if r["scope"] == "helper"}
    for key in ("fillers", "mid_fillers", "same_level", "amended_by", "descriptive_gap", "proposal", "subject_tail"):
        data[key + "_rx"] = re.compile(helpers[key], re.I)
    data["type_rx"] = re.compile(r"(?<![\w])(?:" + "|".join(
        re.escape(w) for w in sorted(load_rules("citations")["type_words"], key=len, reverse=True)) + r")(?![\w])")
    return data


def _stronger(a: str, b: str) -> bool:
    prio = load_rules("relation_cues")["priority"]
    return prio.index(a) < prio.index(b)


def _set(m: Citation, relation: str) -> None:
    if _stronger(relation, m.relation):
        m.relation = relation


def _sentences(text: str) -> list[int]:
    """Offsets where sentences start."""
    return [0] + [m.end() for m in _BOUNDARY.finditer(text)]


def _scope_end(doc: Document) -> int:
    m = grammar()["second_article"].search(doc.text)
    if m:
        return m.start()
    return max(doc.body_start, 0) or min(len(doc.text), 1500)


def _levels(text: str, items: list[Citation], cue: dict | None) -> list[int]:
    """Depth of each mention in the list a cue (or a Căn cứ) introduces: 0 for the first and
    those listed with it; one deeper for a mention cited inside another's description
    ("Kế hoạch số 200 … thực hiện Chương trình số 39"); a ';' goes back to the top."""
    d = cue_data()
    levels: list[int] = []
    for i, m in enumerate(items):
        if i == 0:
            levels.append(0)
            continue
        last = items[i - 1]
        gap = text[last.end:m.start]
        if (m.kind == "list" and last.kind == "list" and m.code_start == last.code_start) or last.end > m.start:
            levels.append(levels[-1])
        elif ";" in gap:
            levels.append(0)
        elif cue is None and d["amended_by_rx"].search(gap):
            levels.append(0)  # "Căn cứ Nghị định … được sửa đổi, bổ sung bởi Nghị định …": both
        elif d["same_level_rx"].match(gap) or (d["subject_tail_rx"].match(gap) and not d["type_rx"].search(gap)):
            levels.append(levels[-1])
        else:
            levels.append(levels[-1] + 1)
    return levels


def _descriptive(text: str, cs: int, s_start: int, items: list[Citation], own_type: str | None) -> bool:
    """Is the cue at `cs` part of another document's description (so it governs nothing)?
    It is when it follows a mention ("Kế hoạch số 200 … của UBND tỉnh thực hiện …") or a
    document named by its type ("Chương trình hành động của Chính phủ thực hiện …")."""
    d = cue_data()
    prev = [m for m in items if m.end <= cs]
    if prev and d["descriptive_gap_rx"].match(text[prev[-1].end:cs]):
        return True
    window_start = max(s_start, prev[-1].end if prev else s_start, cs - 70)
    window = text[window_start:cs]
    for t in d["type_rx"].finditer(window):
        word = t.group(0)
        if word.isupper():
            continue  # the document's own type line ("CHƯƠNG TRÌNH HÀNH ĐỘNG thực hiện …")
        before = window[: t.start()].rstrip()
        if own_type and fold(normal_type(word) or "") == fold(own_type) and (
                grammar()["issued_by_this"].search(before) or grammar()["self_reference"].match(window[t.end():])):
            continue  # "… ban hành Thông tư sửa đổi …", "Hướng dẫn này thay thế …": this document
        return True
    return False


def assign_relations(doc: Document, mentions: list[Citation]) -> None:
    text = doc.text
    d = cue_data()
    starts = _sentences(text)
    scope_end = _scope_end(doc)
    basis_end = doc.body_end if doc.body_end else len(text)
    form = grammar()["form_caption"].search(text)
    if form:
        basis_end = min(basis_end, form.start())  # the Căn cứ of a blank form are not this document's
    legal = bool(grammar()["first_article"].search(text))
    ordered = sorted(mentions, key=lambda x: (x.start, x.code_start))
    groups: dict[int, list[Citation]] = {}
    for m in ordered:
        s = starts[bisect.bisect_right(starts, m.start) - 1]
        groups.setdefault(s, []).append(m)
    rules = d["compiled"]
    based = next(r for r in rules if r["scope"] == "sentence")
    prev_basis = False
    intro: str | None = None  # relation a "…sau đây hết hiệu lực:" line gives the items below it
    sent_index = {s: i for i, s in enumerate(starts)}
    last_sentence = -2
    for s_start in sorted(groups):
        items = groups[s_start]
        idx = sent_index[s_start]
        sentence_head = text[s_start:s_start + 200]
        # Sentences without mentions between two groups end a list or a basis block.
        if idx != last_sentence + 1:
            between = [text[starts[k]:starts[k + 1]] for k in range(last_sentence + 1, idx) if k + 1 < len(starts)]
            if intro and not all(_ITEM.match(b) or not b.strip() for b in between):
                intro = None
            intro = _intro_from(text, starts, last_sentence + 1, idx, rules, legal) or intro
            if any(b.strip() for b in between):
                prev_basis = False
        last_sentence = idx
        lead = _LEAD.match(sentence_head)
        head = sentence_head[lead.end():] if lead else sentence_head
        is_basis = bool(based["rx"].match("\n" + head)) and s_start < basis_end
        starts_with_mention = items[0].start - s_start <= len(sentence_head) - len(head) + 1
        if is_basis or (prev_basis and starts_with_mention and sentence_head[:1] != " " and not _ITEM.match(sentence_head)):
            for m, lv in zip(items, _levels(text, items, None)):
                _set(m, "based_on" if lv == 0 else "cites")
            prev_basis = True
            continue
        prev_basis = False
        if intro and _ITEM.match(sentence_head):
            _set(items[0], intro)
        elif intro:
            intro = None  # the list has ended
        _governed(doc, s_start, items, legal, scope_end)
        # "… hết hiệu lực": the documents the sentence lists (not those cited in their titles).
        levels = _levels(text, items, {})
        for m, lv in zip(items, levels):
            for r in rules:
                if r["scope"] == "after" and r["rx"].match(text, m.end):
                    if not (legal or grammar()["this_word"].search(text[s_start:m.end + 80])):
                        continue
                    targets = [m] if lv == 0 else [x for x, lx in zip(items, levels) if lx == 0 and x.end <= m.end]
                    for x in targets:
                        _set(x, r["relation"])


def _intro_from(text: str, starts: list[int], first: int, last: int, rules: list[dict], legal: bool) -> str | None:
    """A sentence without mentions that ends with ':' and carries a cue introduces a list."""
    for k in range(last - 1, first - 1, -1):
        if k + 1 >= len(starts):
            continue
        sent = text[starts[k]:starts[k + 1]].strip()
        if _ITEM.match(sent + " ") and not sent.endswith(":"):
            continue
        if not sent.endswith(":"):
            return None
        found = None
        lead = _LEAD.match(sent)
        head = sent[lead.end() if lead else 0:]
        for r in rules:
            if r["scope"] in ("governs", "after") and r["relation"] != "guides" and re.search(r["pattern"].lstrip("^"), sent, re.I):
                if r["relation"] in ("amends", "repeals", "replaces") and not legal:
                    continue
                if r["relation"] == "implements" and not r["rx"].match(head):
                    continue  # "Tần suất thực hiện …:" is no order to carry the items out
                if found is None or _stronger(r["relation"], found):
                    found = r["relation"]
        return found
    return None


def _governed(doc: Document, s_start: int, items: list[Citation], legal: bool, scope_end: int) -> None:
    """Each governing cue of the sentence reaches the first mention after it and those listed
    with that one, up to the next governing cue."""
    text = doc.text
    d = cue_data()
    s_end = items[-1].start
    segment = text[s_start:s_end]
    lead = _LEAD.match(segment)
    lead_end = s_start + (lead.end() if lead else 0)
    cues: list[tuple[int, int, dict]] = []
    for r in d["compiled"]:
        if r["scope"] != "governs":
            continue
        for c in r["rx"].finditer(segment):
            cs, ce = s_start + c.start(), s_start + c.end()
            if any(m.start <= cs < m.end for m in items):
                continue  # inside a mention
            if r.get("region") == "scope" and cs > scope_end:
                continue
            at_start = cs <= lead_end or text[cs - 1] == "\n" or bool(grammar()["subject_lead"].search(text[max(0, cs - 12):cs]))
            if _descriptive(text, cs, s_start, items, doc.doc_type) and not (at_start and not [m for m in items if m.end <= cs]):
                continue
            after = [m for m in items if m.start >= ce]
            if not after:
                continue
            gap = text[ce:after[0].start]
            if r["relation"] == "implements":
                if at_start:
                    # "Thực hiện theo quy định tại điểm a khoản 2 Điều 16 Thông tư số …" follows
                    # a provision; it does not carry the document out.
                    ok = len(gap) <= 60 and not re.search(r"[.;]", gap) and not d["type_rx"].search(gap) and \
                        not grammar()["provision_gap"].search(gap)
                else:
                    ok = bool(d["mid_fillers_rx"].match(gap))
            else:
                if d["proposal_rx"].search(text[max(s_start, cs - 40):cs]):
                    continue
                if not legal and not grammar()["this_word"].search(text[s_start:cs]) and cs > scope_end:
                    continue
                ok = bool(d["fillers_rx"].match(gap)) or (len(gap) <= r.get("reach", 60) and not re.search(r"[.;]", gap))
            if ok:
                cues.append((cs, ce, r))
    cues.sort(key=lambda c: c[0])
    for i, (_cs, ce, r) in enumerate(cues):
        stop = cues[i + 1][0] if i + 1 < len(cues) else len(text)
        after = [m for m in items if ce <= m.start < stop]
        for m, lv in zip(after, _levels(text, after, r)):
            if lv == 0:
                _set(m, r["relation"])
