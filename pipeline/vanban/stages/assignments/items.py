"""One paragraph of the body: a heading that names its agency, a labelled line ("Cơ quan chủ
trì: …", "Thời gian: …"), an item that opens with its agencies, or clauses to read."""

from __future__ import annotations

from vanban.rules import compiled, load_rules
from vanban.stages import deadlines
from vanban.stages.agencies import Mention
from vanban.stages.assignments.clauses import read_clauses
from vanban.stages.assignments.paragraphs import strip_label
from vanban.stages.assignments.state import Cue, State, cues, is_generic_collective, list_after

_RX = compiled("assignment_grammar")
_TITLE_LABEL, _FILLER = _RX["item_title_label"], _RX["agency_list_filler"]
_LEAD, _ADVISE = _RX["lead_word"], _RX["advise_word"]
# "Ban Chỉ đạo … gồm: …": the word that opens the members
_MEMBERS = load_rules("assignment_grammar")["membership_list"]["word"]


def read_paragraph(state: State, ps: int, pe: int, mentions: list[Mention]) -> None:
    text, key = state.doc.text, state.key
    cs, depth = strip_label(text, ps)
    line_key = key[cs:pe]
    rule_sets = cues()
    if any(c.pattern.match(line_key) for c in rule_sets["skip"]):
        return
    if text.count("|", ps, pe) >= 2:
        return  # a table: read row by row by read_tables
    if state.membership is not None:
        if depth > state.membership:
            return  # a member of the committee listed above
        state.membership = None
    member = next((hit for c in rule_sets.get("membership", []) if (hit := c.pattern.search(line_key))), None)
    if member is not None:
        # "Ban Chỉ đạo … gồm: Sở …, Sở …": a composition, not tasks; ending the line, its items
        # below are the members. The words before it may still assign ("Sở X báo cáo … thành lập
        # Hội đồng … gồm: …")
        if not line_key[member.end():].strip(" *"):
            state.membership = depth if depth <= 4 else 3.5
        listed = member.group(0).rfind(_MEMBERS)
        pe = cs + member.start() + (listed if listed > 0 else 0)
        mentions = [m for m in mentions if m.start < pe]
        if not key[cs:pe].strip(" *-+•"):
            return
    if depth == 6 and text[cs:pe].rstrip(" *").endswith(":") and mentions and not _LEAD.match(line_key.lstrip(" *-+•")):
        # "Bộ Tư pháp, Bộ Công an … có trách nhiệm:" heads the numbered items below it; "Chủ trì,
        # phối hợp với các sở, ngành …:" under "4. Sở Khoa học và Công nghệ" names the partners of
        # the heading's body in the items below, not their subjects
        depth = 1.5
    label = next((c for c in rule_sets["label"] if c.pattern.match(key[ps:pe].lstrip(" *-+•")) or c.pattern.match(line_key)), None)
    state.enter(depth, new_item=label is None)
    title = _TITLE_LABEL.sub("", " ".join(text[cs:pe].split()))
    if label is None and depth <= 4 and len(title) > 3:
        # the item's own words ("1.2. Triển khai, phát triển dữ liệu"; "a) Nhiệm vụ: Tham mưu …"):
        # the task of the "Cơ quan chủ trì: …" lines below it
        state.item_title = title
    if label is not None:
        _label(state, label, cs, pe, mentions)
        return
    for cue in rule_sets["heading"]:
        hm = cue.pattern.match(line_key)
        if hm:
            subject = list_after(mentions, text, cs + hm.end(), pe)
            if subject:
                state.stack[-1].subject = subject
                for m in subject:
                    state.emit(m, "lead", ps, pe)
                # a heading of bodies in general ("b) Trách nhiệm của các cơ quan, đơn vị:",
                # whose lines name their own subjects) keeps its own entry
                state.heading_leads += [(depth, a) for m, a in zip(subject, state.out[-len(subject):])
                                        if not is_generic_collective(m)]
                return
            # "Điều 21. Trách nhiệm của cơ quan có chức năng quản lý đất đai cấp xã" (QĐ 95/2025
            # Nghệ An): a body we do not know speaks below, so "2. Đề nghị Chi nhánh … cung cấp
            # tài liệu" is its request, not the document's item opening with the Chi nhánh
            state.stack[-1].unnamed = True
            return
    if mentions and only_agencies(text, cs, pe, mentions):
        # "1. Sở Nội vụ:" heads the items below it; a bare line of agencies ("- Công an tỉnh;"
        # under "Kính gửi") assigns nothing by itself
        state.stack[-1].subject = list_after(mentions, text, cs, pe)
        return
    read_clauses(state, cs, pe, mentions, depth)


def only_agencies(text: str, cs: int, pe: int, mentions: list[Mention]) -> bool:
    rest = text[cs:pe]
    # one span may stand for several agencies ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, …"): cut it once
    for s, e in sorted({(m.start, m.end) for m in mentions}, reverse=True):
        rest = rest[:s - cs] + rest[e - cs:]
    return not _FILLER.sub("", rest)


def _label(state: State, cue: Cue, cs: int, pe: int, mentions: list[Mention]) -> None:
    text = state.doc.text
    colon = text.find(":", cs, pe)
    after = colon + 1 if colon >= 0 else cs
    if cue.role == "deadline":
        dl = deadlines.parse(text[after:pe].strip(" .;"), state.doc.date)
        if dl:
            for a in list(state.item):
                if a.deadline is None:
                    a.deadline = dl
        return
    role = cue.role or "lead"
    if role == "lead" and cue.name == "label_lead":
        # "Cơ quan thực hiện: …" beside "Cơ quan chủ trì: …" carries out; alone it leads
        for a in state.executing:
            a.role = "implement"
        state.executing = []
        state.item_has_lead = True
    if role == "implement" and not state.item_has_lead:
        role = "lead"
    listed = [m for m in mentions if m.start >= after]
    if cue.name == "label_implement" and listed and not only_agencies(text, after, pe, listed):
        # "Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp và các sở … chủ động
        # tổ chức triển khai …": clauses of their own, whose subjects carry the task out
        # … unless nobody in the item leads, then they do (Lai Châu 7360 II.2)
        has_lead = state.item_has_lead or _LEAD.search(state.key, after, pe) is not None
        state.default_role = "implement" if has_lead else "lead"
        read_clauses(state, after, pe, listed, 6)
        state.default_role = "lead"
        return
    # "Đơn vị chủ trì tham mưu thực hiện: …" leads and advises
    advises = cue.name == "label_lead" and _ADVISE.search(state.key, cs, after) is not None
    for m in listed:
        state.emit(m, role, cs, pe, task=state.item_title or None)
        if advises:
            state.emit(m, "advise", cs, pe, task=state.item_title or None)
        if cue.name == "label_implement" and role == "lead":
            state.executing.append(state.item[-1])
