"""Agency mentions of a text: gazetteer and rule matches, the enumerations "các Bộ: …", the
level a list gives its bodies, organs joined to the body they belong to."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from vanban.limits import limits, text_pieces
from vanban.rules import compiled, finditer, finditer_openings, load_rules
from vanban.stages.agencies.gazetteer import Gazetteer, Mention, gazetteer, province_of
from vanban.stages.agencies.locality import Locality
from vanban.stages.agencies.names import collective_core, resolve_span, sentence_case
from vanban.stages.agencies.open_names import OpenName, find_open_names, open_mention
from vanban.stages.agencies.phrases import longest
from vanban.text import units
from vanban.text.normalize import fold, fold_tones, match_key

_DATA = load_rules("agency_mentions")
_FW = load_rules("agency_names")["function_words"]
_AND, _CAC = re.escape(_FW["and"]), _FW["group_prefix"]
_PROVINCE = units.default_word("province")
# "Chủ tịch UBND các tỉnh, thành phố …": the collective of the provinces
_PROVINCES = f"{_CAC} " + ", ".join(units.words("province"))
_AND_GAP = re.compile(rf"\s*(?:{_AND}|,)\s*")
_LIST_GAP = re.compile(rf"\s*(?:,|{_AND}|;)\s*")


def _raw_matches(text: str, key: str) -> list[tuple[int, int]]:
    gaz = gazetteer()
    spans = []
    for lo, hi in text_pieces(text, limits().piece_chars):  # cut where `text` has its line breaks
        # a name wrapped over two lines is still one name; same length, so offsets hold
        # and "2.Thường trực" (no space after the label) must give the token "thường"
        piece = key[lo:hi].replace("\n", " ").replace(".", " ")
        spans += [(lo + s, lo + e) for s, e in gaz.matcher.find(piece)]
    return [(cs, ce) for cs, ce in spans if _named(text, key, cs, ce, gaz)]


def _named(text: str, key: str, cs: int, ce: int, gaz: Gazetteer) -> bool:
    first = text[cs]
    # a name starts with a capital ("Sở Y tế", not "cơ sở y tế"); Party texts write the
    # committee a body belongs to in lower case ("Văn phòng đảng ủy các ban, bộ, ngành"):
    # those are kept only to be joined to the organ before them
    return first.isupper() or first.isdigit() or key[cs:ce] in _LOWER_PARENTS or key[cs:ce] in gaz.organs


_LOWER_PARENTS = frozenset([units.party_committee(), *units.committees("province")])


def _open_kept(opens: list[OpenName], spans: list[tuple[int, int, str]], text: str) -> list[OpenName]:
    """The open names that name what the gazetteer does not: none that overlaps a gazetteer or
    collective match, except one that goes on where a gazetteer name starting at the same place
    stops, with a region ("Kho bạc Nhà nước" + "khu vực VII"), a longer head ("Thuế cơ sở 3"
    after "Thuế") or capitalised words of its own on the same line, and no other name inside."""
    kept = []
    ordered = sorted(spans)
    starts = [sp[0] for sp in ordered]
    longest_span = max((e - s for s, e, _k in ordered), default=0)
    for o in opens:
        # the spans starting before its end, back to where none could reach its start
        i = bisect_left(starts, o.end)
        over = []
        while i > 0 and starts[i - 1] > o.start - longest_span:
            i -= 1
            if o.start < ordered[i][1]:
                over.append(ordered[i])
        if not over:
            kept.append(o)
            continue
        if o.region:
            # "Ngân hàng Nhà nước" inside "Ngân hàng Nhà nước Việt Nam" (+ " - Chi nhánh Khu vực
            # II"): the longer alias is the one the regional unit goes on from
            over = [sp for sp in over if not any(t[0] <= sp[0] and sp[1] <= t[1] and t != sp for t in over)]
        if len(over) != 1 or over[0][0] != o.start or over[0][1] >= o.end:
            continue
        after = text[over[0][1]:o.end]
        if "\n" in after[:len(after) - len(after.lstrip())]:
            continue  # "Bộ Công Thương" then the next line "Chức danh" of a properties panel
        rest = after.split()
        if o.region or o.head_end > over[0][1] or (rest and rest[0][:1].isupper() and over[0][2] == "gaz"):
            kept.append(o)
    return kept


_last_key: tuple[str, str] = ("", "")


def _text_key(text: str) -> str:
    """`match_key(text)` with newlines as spaces (a name wrapped over two lines is still one
    name; same length). The stages ask for the mentions of one document several times (the
    whole text, its addressees, its table cells): its key is made once."""
    global _last_key
    last_text, last = _last_key
    if last_text is text or last_text == text:
        return last
    key = match_key(text).replace("\n", " ")
    _last_key = (text, key)  # one tuple: threads see the old pair or the new one, never a mix
    return key


def find_mentions(text: str, loc: Locality | None = None, start: int = 0, end: int | None = None) -> list[Mention]:
    """Agency mentions in text[start:end] with canonical names, organs joined to the body
    they belong to ("Giám đốc" + "Sở Công Thương" -> one mention)."""
    loc = loc or Locality()
    end = len(text) if end is None else end
    gaz = gazetteer()
    key_full = _text_key(text)
    chunk_key = key_full[start:end]
    chunk = text[start:end]
    spans: list[tuple[int, int, str]] = [(s + start, e + start, "gaz") for s, e in _raw_matches(chunk, chunk_key)]
    for pattern, rule in gaz.rules:
        # tried only where the words its matches open with stand ("các sở", "các bộ")
        for m in finditer_openings(pattern, chunk_key):
            spans.append((m.start() + start, m.end() + start, "rule:" + rule["name"]))
    opens = {(o.start, o.end): o for o in _open_kept(find_open_names(text, key_full, start, end), spans, text)}
    spans += [(s, e, "open") for s, e in opens]
    enumerated = _enumerations(text, start, end) + _formulas(text, chunk_key, start, end)
    spans = [sp for sp in spans if not any(es <= sp[0] < ee for es, ee, _ in enumerated)]
    spans = longest(spans)
    resolved: list[Mention | None] = []
    reach = -1
    for s, e, kind in spans:
        mention = open_mention(text, key_full, opens[(s, e)], loc) if kind == "open" else resolve_span(text, key_full, s, e, kind, loc)
        if mention is not None and mention.start < reach:
            continue  # inside the locality or collective words of the name before it
        if mention is not None:
            reach = mention.end
        resolved.append(mention)
    found = _related_to_each(text, _join_organs(text, _distribute(text, resolved)), loc)
    expand: dict[str, list[str]] = {}
    for _es, _ee, items in enumerated:
        found.extend(items)
        if items[0].base and _PROVINCE not in items[0].base:
            expand[fold(f"{items[0].base} {_PROVINCES}")] = [i.agency for i in items]
    if expand:
        # "Chủ tịch UBND các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa" after the list of them
        found = [Mention(m.start, m.end, m.text, name, m.kind, m.base) for m in found
                 for name in expand.get(fold(m.agency), [m.agency])]
    found.sort(key=lambda m: m.start)
    return found


_COMMA_GAP = re.compile(r"\s*,\s*")


def _related_to_each(text: str, found: list[Mention], loc: Locality) -> list[Mention]:
    """GUIDE.md: a trailing "(có) liên quan" after a plain comma list applies to each collective
    of it ("các Bộ, ngành, Ủy ban nhân dân cấp tỉnh có liên quan" -> "Các bộ, ngành có liên quan"
    and "Ủy ban nhân dân cấp tỉnh có liên quan", LUAT 147/2025/QH15); after "và" it is the last
    member's only, and a named body never takes it."""
    out = list(found)
    related = compiled("agency_mentions")["related"]
    for j in range(len(out) - 1, 0, -1):
        tail = related.search(out[j].text)
        if tail is None or tail.end() != len(out[j].text):
            continue
        words = " ".join(tail.group(1).split()).lower()
        i = j - 1
        while i >= 0 and out[i].end <= out[i + 1].start and _COMMA_GAP.fullmatch(text[out[i].end:out[i + 1].start]):
            m = out[i]
            core = collective_core(m.text, loc) if m.kind == "collective" and not related.search(m.text) else None
            if core and m.agency.startswith(core):
                out[i] = Mention(m.start, m.end, m.text, f"{core} {words}{m.agency[len(core):]}", m.kind, m.base)
            i -= 1
    return out


@cache
def _formula_rules() -> list[tuple[re.Pattern[str], list[str]]]:
    return [(re.compile(f["pattern"]), f["agencies"]) for f in load_rules("agencies").get("formulas", [])]


def _formulas(text: str, chunk_key: str, start: int, end: int) -> list[tuple[int, int, list[Mention]]]:
    """Fixed phrases of central documents that name several bodies at once ("Bộ trưởng, Thủ
    trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ"): one span standing for each of them."""
    out = []
    for pattern, names in _formula_rules():
        for m in finditer_openings(pattern, chunk_key):
            s, e = m.start() + start, m.end() + start
            out.append((s, e, [Mention(s, e, text[s:e], name, "entry", name) for name in names]))
    return out


def _enumerations(text: str, start: int, end: int) -> list[tuple[int, int, list[Mention]]]:
    """ "Các Bộ: Quốc phòng, Công an, Văn hóa, Thể thao và Du lịch" -> one mention per ministry
    (the first one's span opens at "Các Bộ" so that the list still opens its clause)."""
    gaz = gazetteer()
    out = []
    rx = compiled("agency_mentions")
    ministry, minister = _DATA["enumerations"]["ministry"], _DATA["enumerations"]["minister"]
    for m in finditer(rx["ministries_list"], text, start, end):
        pieces = re.split(r"\s*,\s*", text[m.end():min(end, m.end() + 400)].split(";")[0].split("\n")[0])
        items: list[Mention] = []
        pos = m.end()
        i = 0
        while i < len(pieces):
            hit = None
            for n in (3, 2, 1):
                if i + n > len(pieces):
                    continue
                joined = ", ".join(pieces[i:i + n])
                words = joined.split()
                # the last piece may run on into the task ("Công an chủ động chỉ đạo …")
                for w in range(len(words), 0, -1):
                    cand = f"{ministry} " + " ".join(words[:w])
                    entry = gaz.entries.get(match_key(cand))
                    if entry is not None and entry["scope"] == "central":
                        hit = (n, " ".join(words[:w]), entry["name"])
                        break
                if hit:
                    break
            if not hit:
                break
            n, written, name = hit
            s = text.find(written, pos)
            title = m.group("title")
            agency = f"{title} {name}" if title and title.lower() == minister.lower() else name
            items.append(Mention(m.start() if not items else s, s + len(written), text[s:s + len(written)], agency, "entry", agency))
            pos = s + len(written)
            i += n
        if items:
            out.append((m.start(), items[-1].end, items))
    for m in finditer(rx["provinces_list"], text, start, end):
        head = fold_tones(" ".join(m.group("head").split())).replace("UBND", _PEOPLES_COMMITTEE)
        items = []
        pos = m.end()
        for piece in re.split(r"\s*,\s*", text[m.end():min(end, m.end() + 300)].split(";")[0].split("\n")[0]):
            prov = province_of(piece.strip(" ."))
            if not prov:
                break
            s = text.find(prov[0].split()[0], pos)
            items.append(Mention(m.start() if not items else s, s + len(prov[0]), text[s:s + len(prov[0])],
                                 f"{head} {prov[1]} {prov[0]}", "entry", head))
            pos = s + len(prov[0])
        if items:
            out.append((m.start(), items[-1].end, items))
    return out


_PEOPLES_COMMITTEE = load_rules("issuer_codes")["state"]["UBND"]
# "… cấp tỉnh", "… các cấp": the level a list gives the bodies written without one
_CLASS = units.class_word()
_LEVEL_TAIL = re.compile(rf" ({_CLASS} (?:{units.alternation(units.default_word(lv) for lv in units.LEVELS)})|{_CAC} {_CLASS})$")


def _distribute(text: str, items: list[Mention | None]) -> list[Mention | None]:
    """A body written without its level takes the level of the list it stands in ("Công an,
    Toà án nhân dân và Viện kiểm sát nhân dân cấp tỉnh" -> "Công an cấp tỉnh", …); alone it
    names nobody."""
    out: list[Mention | None] = list(items)
    for i, m in enumerate(out):
        if m is None or not m.agency.startswith("\x00"):
            continue
        name = m.agency[1:]
        organ = gazetteer().organs.get(match_key(" ".join(m.text.split())))
        # no level in its list: an organ after all ("Đảng ủy" + "Bộ Tài chính"), or nobody
        out[i] = Mention(m.start, m.end, m.text, organ, "organ", organ) if organ else None
        j, prev = i + 1, m
        while j < len(out) and out[j] is not None:
            nxt = out[j]
            assert nxt is not None
            # "…, Ban của Hội đồng nhân dân, …": an organ stands right before its body
            if not _LIST_GAP.fullmatch(text[prev.end:nxt.start]) and \
                    not (prev.kind == "organ" and not text[prev.end:nxt.start].strip()):
                break
            tail = _LEVEL_TAIL.search(nxt.agency)
            if tail and not nxt.agency.startswith("\x00"):
                out[i] = Mention(m.start, m.end, m.text, f"{name} {tail.group(1)}", "entry", name)
                break
            if nxt.base == m.base and nxt.kind == "entry" and not nxt.agency.startswith("\x00"):
                # "Thường trực Hội đồng nhân dân, các Ban Hội đồng nhân dân và đại biểu Hội đồng
                # nhân dân thành phố": the same body, whose place the list names once at its end
                out[i] = Mention(m.start, m.end, m.text, nxt.agency, "entry", nxt.base)
                break
            prev, j = nxt, j + 1
    return out


def _join_organs(text: str, items: list[Mention | None]) -> list[Mention]:
    """Right to left, an organ directly followed by a body becomes part of that body's name:
    "Ban Tuyên giáo" + "Huyện ủy Bác Ái", "Thủ trưởng" + "các sở, ban, ngành tỉnh Đắk Lắk"."""
    out: list[Mention] = []
    nxt: Mention | None = None
    shared: dict[int, str] = {}   # id of an organ + body mention -> the body's name
    for m in reversed(items):
        if m is None:
            nxt = None
            continue
        if nxt is not None and m.kind == "organ" and id(nxt) in shared and _AND_GAP.fullmatch(text[m.end:nxt.start]):
            # "các Tổ đại biểu và đại biểu Hội đồng nhân dân Thành phố": both organs of the one body
            title = sentence_case(m.base)
            joined = Mention(m.start, m.end, text[m.start:m.end], f"{title} {shared[id(nxt)]}", "entry", title)
            out.append(joined)
            shared[id(joined)] = shared[id(nxt)]
            nxt = joined
            continue
        if nxt is not None and m.kind in ("organ", "entry") and _adjacent(text, m, nxt) and _can_join(m, nxt):
            parent = nxt.agency
            if parent.startswith(sentence_case(_CAC) + " "):
                parent = parent[:1].lower() + parent[1:]
            title = sentence_case(m.base if m.kind == "organ" else (m.base or m.agency))
            title = next((t for printed, body, t in _ORGAN_TITLES if title == printed and parent.lower().startswith(body)), title)
            joined = Mention(m.start, nxt.end, text[m.start:nxt.end], f"{title} {parent}".strip(),
                             "entry" if nxt.kind == "parent" else nxt.kind, f"{title} {nxt.base}".strip())
            if out and out[-1] is nxt:
                out.pop()
            out.append(joined)
            if m.kind == "organ":
                shared[id(joined)] = parent
            if m.kind == "organ" and text[max(0, m.start - len(_CAC) - 1):m.start].lower() == _CAC + " ":
                # "Các Đảng uỷ Bộ Tài chính, Bộ Nội vụ": the organ of each body of the list
                for k in range(len(out) - 2, -1, -1):
                    body = out[k]
                    if not _AND_GAP.fullmatch(text[out[k + 1].end if k + 1 < len(out) - 1 else nxt.end:body.start]) \
                            or body.kind != "entry" or body.agency.lower().startswith(title.lower()):
                        break
                    out[k] = Mention(body.start, body.end, body.text, f"{title} {body.agency}", "entry", f"{title} {body.base}")
            nxt = joined
            continue
        if m.kind not in ("organ", "parent"):
            out.append(m)
        nxt = m
    out.reverse()
    return out


def _adjacent(text: str, left: Mention, right: Mention) -> bool:
    gap = text[left.end:right.start]
    return gap.strip() == "" and "\n" not in gap and len(gap) <= 2


def _can_join(left: Mention, right: Mention) -> bool:
    if left.kind == "organ":
        return True
    # an entry followed by the body it belongs to: "Ban Xây dựng Đảng" + "Đảng ủy UBND tỉnh";
    # two full names side by side in a list are separate agencies
    return left.agency.startswith(_JOIN_ORGANS) and right.agency.lower().startswith(_JOIN_PARENTS)


_JOIN_ORGANS = tuple(_DATA["joins"]["organs"])
_ORGAN_TITLES = [tuple(p) for p in _DATA["organ_titles"]["pairs"]]
_JOIN_PARENTS = tuple(_DATA["joins"]["parents"])
