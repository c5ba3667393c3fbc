"""Agency names the gazetteer does not list: Vietnamese agency names are an open class.

A name is a head noun ("Sở", "Chi cục", "Kho bạc Nhà nước", "Tập đoàn", "Trường" …, the list in
vanban/data/agency_names.json) written with its capital, then the words of its own name: the
first one capitalised ("Chi cục Hải quan", "Trung tâm Phục vụ …"; sentence case leaves the rest
in lower case: "… hành chính công"), a company's legal form first ("Công ty cổ phần …"), a
number for numbered units ("Thuế cơ sở 3"). The name ends where the clause goes on: at a
punctuation mark (a comma only ends it when no "và" closes a list of capitalised words, as in
"Văn hóa, Thể thao và Du lịch"), at a word that opens a predicate ("chủ trì", "khẩn trương",
"rà soát" …), at a locality ("tỉnh Lào Cai", "trên địa bàn", "các xã") which the caller reads
as it reads a gazetteer name's, and before "và" + another head ("Sở X và Sở Y" are two). The
regional units of the 2025 reorganisation keep "khu vực N" in their name and take no province.

The gazetteer stays the source of canonical names: where it names the same words, its match
wins, and an open name that merely extends a gazetteer name with lower-case words is not
taken (those words are the clause's, not the name's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from vanban.rules import load_rules
from vanban.stages.agencies.gazetteer import Mention, province_of
from vanban.stages.agencies.locality import Locality
from vanban.stages.agencies.names import collective_tail, sentence_case, suffix_after
from vanban.text import units
from vanban.text.normalize import fold_tones, match_key

_WORD = re.compile(r"[^\s,;:.()\[\]/|*\"“”]+")
_LABEL = re.compile(r"(?:\d{1,2}|[IVXLC]{1,5}|[a-zđ])\s*[.)]|[-+•]")


@dataclass(frozen=True, slots=True)
class Head:
    name: str          # as the canonical name writes it: "Kho bạc Nhà nước"
    level: str         # central | P (province) | L (the document's own unit)
    bare: bool         # a name by itself before its locality ("Thuế tỉnh …", "Hải quan khu vực …")
    company: bool      # takes a legal form in lower case first ("Công ty cổ phần …")
    group: bool        # a collective written in lower case ("các doanh nghiệp …", "chủ rừng")
    lower: bool        # its own words may start in lower case if a capitalised one follows ("Hội đồng thẩm định Nhà nước")


@dataclass(frozen=True, slots=True)
class OpenName:
    start: int
    end: int           # end of the name's own words (the locality after it is read by the caller)
    name: str          # head + own words, as written (tone placement folded)
    level: str
    head_end: int
    region: bool       # ends with "khu vực N": a regional unit, no province
    group: bool = False  # its head is a class ("Các doanh nghiệp …")


@dataclass(slots=True)
class _Grammar:
    heads: dict[str, Head]              # match key -> head
    head_re: re.Pattern[str]
    stops: re.Pattern[str]              # words that end a name
    locality: re.Pattern[str]           # words that start its locality
    forms: tuple[str, ...]              # companies' legal forms
    region: re.Pattern[str]
    max_words: int
    and_word: str                       # "và"
    group_prefix: str                   # "các "
    tail: re.Pattern[str]               # words a name does not end with
    area: re.Pattern[str]               # "trên địa bàn" before a locality
    units: dict[str, str]               # the unit word of a level named without one
    keeps: tuple[str, ...]              # name words that end with a stop word ("công nghệ thông tin")
    comma_phrases: tuple[tuple[str, str], ...]  # ("phòng cháy", "chữa cháy"): a comma inside a name
    openers: re.Pattern[str]            # "Trong", "Chủ trì" capitalised: a sentence opens


@cache
def grammar() -> _Grammar:
    data: dict[str, Any] = load_rules("agency_names")
    fw = data["function_words"]
    heads = {match_key(h["name"]): Head(h["name"], h["level"], bool(h.get("bare")), bool(h.get("company")),
                                        bool(h.get("group")), bool(h.get("lower"))) for h in data["heads"]}
    alternatives = "|".join(re.escape(k) for k in sorted(heads, key=len, reverse=True))
    head_re = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternatives})(?![\wÀ-ỹ])")

    def words(items: list[str]) -> re.Pattern[str]:
        alt = "|".join(re.escape(match_key(w)) for w in sorted(items, key=len, reverse=True))
        return re.compile(rf"(?:{alt})(?![\wÀ-ỹ])")

    return _Grammar(heads, head_re, words(data["name_ends"]["words"]), words(_locality_words(data)),
                    tuple(match_key(f) for f in data["company_forms"]["forms"]),
                    re.compile(data["region"]["pattern"]), int(data.get("max_words", 10)),
                    fw["and"], fw["group_prefix"] + " ",
                    re.compile(r"(?:\s+(?:" + "|".join(map(re.escape, fw["tail"])) + r"))+$"),
                    re.compile(r"\s+" + re.escape(fw["area"]) + r"(?=\s|$)"),
                    {units.LEVEL_CODE[level]: units.default_word(level) for level in units.LEVELS},
                    tuple(match_key(w) for w in data["name_ends"].get("keeps", [])),
                    tuple(_comma_halves(p) for p in sorted(fw["comma_phrases"], key=len, reverse=True)),
                    words(fw["sentence_openers"]))


def _comma_halves(phrase: str) -> tuple[str, str]:
    left, right = match_key(phrase).split(",", 1)
    return left.strip(), right.strip()


def _locality_words(data: dict[str, Any]) -> list[str]:
    """The words a name's locality starts with: the unit words and their class word
    (data/units.json), the area and group words, and agency_names.json's own."""
    fw = data["function_words"]
    return [*units.words(), *units.short_forms(undotted=True), units.class_word(), fw["area"], fw["group_prefix"],
            *data["locality_words"]["words"]]


def _capital(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def find_open_names(text: str, key: str, start: int, end: int) -> list[OpenName]:
    """Agency names in text[start:end] read by the grammar; `key` is `match_key(text)` with
    newlines as spaces (same length)."""
    g = grammar()
    out: list[OpenName] = []
    for hm in g.head_re.finditer(key, start, end):
        s, pos = hm.start(), hm.end()
        head = g.heads[hm.group(0)]
        if not (text[s].isupper() or (head.group and key.startswith(g.group_prefix, s))) or (text[s:pos].isupper() and pos - s > 2):
            continue  # "cơ sở", "phòng, chống"; a header line in capitals is the header's
        found = _own_words(text, key, pos, end, head, g)
        if found is None:
            continue
        name_end, region = found
        name = (head.name + " " + " ".join(text[pos:name_end].split())).strip().replace(" – ", " - ")
        out.append(OpenName(s, name_end, fold_tones(name), head.level, pos, region, head.group))
    return out


# the gap before a name's next word: a comma, spaces (a line break), a dash
_GAP = re.compile(r"[ ]*,[ ]*|[ ]*\n?[ ]*(?=\S)|[ ]*[-–][ ]*")
_UNIT_NUMBER = re.compile(r"[ ]+\d{1,2}(?![\wÀ-ỹ])")


def _own_words(text: str, key: str, pos: int, end: int, head: Head, g: _Grammar) -> tuple[int, bool] | None:
    """(end of the name's own words, whether it ends with "khu vực N"), or None when the head
    is not followed by a name."""
    name_end = pos
    count = 0
    lower_run = 0
    listing = False  # inside a list of lower-case words that closes the line ("…, thương mại và du lịch")
    while count < g.max_words:
        # the comma first: the empty gap before it would stop every name at its comma
        m = _GAP.match(text, name_end, end)  # not a slice: a copy of the rest of the text per word
        if not m:
            break
        gap = m.group(0)
        at = name_end + len(gap)
        region = g.region.match(key, at, end) if not gap.strip() else None
        if region and (count or head.bare):
            return region.end(), True
        w = _WORD.match(text, at, end)
        if not w:
            break
        word = w.group(0)
        wkey = key[at:w.end()]
        if (gap.strip() in ("-", "–") and not _capital(word)) or ("\n" in gap and _LABEL.match(text, at)):
            break  # "- Sở X;" then "2. Sở Y" on the next line: the list item ends the name
        if lower_run and not gap.strip() and _capital(word) and g.openers.match(key, at):
            # "9. Cục Phòng, chống rửa tiền Trong thời hạn …" (a heading joined to its sentence): the
            # sentence opens after the name's lower-case syllable; after a comma or a dash the word is
            # the name's ("Phòng Hành chính - Tổng hợp"), as it is right after a capital ("Bộ Tổng Tham mưu")
            break
        phrase = next((right for left, right in g.comma_phrases
                       if key.endswith(left, pos, name_end) and key.startswith(right, at)), None) if gap.strip() == "," else None
        if phrase is not None:
            # "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ": the comma is the name's, and
            # the phrase is taken whole ("và" inside it does not end the name)
            name_end = at + len(phrase)
            count += len(phrase.split())
            lower_run = 0
            continue
        if gap.strip() == ",":
            if _capital(word):
                if g.head_re.match(key, at) or not _list_closes(text, key, w.end(), end, g):
                    break
            elif lower_run and _lower_list_closes(text, key, w.end(), end, g):
                listing = True  # "Trung tâm Xúc tiến đầu tư, thương mại và du lịch**": the heading is the name
            else:
                break
        # a predicate word ends the name; the same word capitalised is the name's ("Sở Giáo dục và Đào tạo")
        stop = g.stops.match(key, at)
        if g.locality.match(key, at) or (not _capital(word) and stop and not (head.lower and count == 0)
                                         and not key[:stop.end()].endswith(g.keeps)):
            break
        if wkey == g.and_word:
            nxt = _WORD.match(text, w.end() + 1, end) if w.end() < end and text[w.end()] == " " else None
            if listing and nxt is not None and not g.head_re.match(key, nxt.start()):
                name_end = w.end()
                count += 1
                continue
            if nxt is None or not _capital(nxt.group(0)) or g.head_re.match(key, nxt.start()) or count == 0:
                break  # "Sở X và Sở Y": two names; "… và các …": the clause goes on
            name_end = nxt.end()
            count += 2
            lower_run = 0
            continue
        if count == 0 and not _capital(word) and not head.group and not head.bare and not head.lower:
            form = next((f for f in g.forms if key.startswith(f, at)), None) if head.company else None
            if form is None:
                break
            name_end = at + len(form)
            count += len(form.split())
            continue
        if _capital(word):
            lower_run = 0
        else:
            lower_run += 1
            if lower_run > 5 and not listing:
                break
        name_end = w.end()
        count += 1
    if head.bare:
        # a bare head takes no words of its own ("Thuế giá trị gia tăng" is a tax) but the
        # number of a numbered unit ("Thuế cơ sở 3")
        num = _UNIT_NUMBER.match(text, pos, end)
        return (num.end() if num else pos), False
    if name_end == pos or (head.lower and not any(_capital(w) for w in text[pos:name_end].split())):
        return None
    # a name does not end with a function word
    tail = g.tail.search(key[pos:name_end])
    if tail:
        name_end = pos + tail.start()
    return name_end, False


def _list_closes(text: str, key: str, pos: int, end: int, g: _Grammar) -> bool:
    """After ", Thể": whether "và <Capital>" closes the list within a few words, with no other
    punctuation first ("Văn hóa, Thể thao và Du lịch")."""
    m = re.match(r"(?:[ ]+[^\s,;:.()]+){0,3}?[ ]+" + re.escape(g.and_word) + r"[ ]+(\S+)", text[pos:min(end, pos + 60)])
    return m is not None and _capital(m.group(1)) and not g.head_re.match(key, pos + m.start(1))


def _lower_list_closes(text: str, key: str, pos: int, end: int, g: _Grammar) -> bool:
    """After ", thương" in a sentence-case name: whether "và" + a word or three closes the list
    and the line with it (a responsibility heading is the name alone: "**7. Trung tâm Xúc tiến
    đầu tư, thương mại và du lịch**"). In running text the clause goes on after such a list, so
    the comma ends the name there."""
    m = re.match(r"(?:[ ]+[^\s,;:.()*]+){0,3}?[ ]+" + re.escape(g.and_word) + r"((?:[ ]+[^\s,;:.()*]+){1,3})[ ]*(?:\*|:|\n|$)",
                 text[pos:min(end, pos + 80)])
    return m is not None and not any(_capital(w) for w in m.group(1).split()) and not g.head_re.search(key, pos, pos + m.end())


def open_mention(text: str, key: str, o: OpenName, loc: Locality) -> Mention | None:
    """The mention of an open name with its canonical name: its own locality words first
    ("Trung tâm Khuyến nông tỉnh", "… trên địa bàn tỉnh Đồng Tháp"), else the document's at the
    head's level; a regional unit ("… khu vực VII") and a name ending with its province ("Ban
    Quản lý Khu kinh tế Phú Yên") take none. A bare head with no locality after it is no name."""
    end = o.end
    place: str | None = None
    # a class's "nhà nước" is its kind ("các doanh nghiệp nhà nước" of the province), not the State
    if not o.region and not _ends_with_province(o.name) and (o.group or not _national(o.name)):
        area = grammar().area.match(key, end)
        at = area.end() if area else end
        suffix = suffix_after(text, key, at, "")
        if suffix.collective and suffix.end > at:
            # "Ban Chỉ huy phòng cháy, chữa cháy rừng cấp xã": each commune's
            end = suffix.end
            place = collective_tail(suffix.collective, loc)
        elif suffix.level and suffix.end > at:
            end = suffix.end
            place = _place(suffix.level, suffix.unit, suffix.name, loc)
        elif area:
            end = area.end()
        if place is None:
            if o.end == o.head_end and not area and not grammar().heads[match_key(o.name)].group:
                return None  # "Thuế" alone: a tax, not the tax office
            place = loc.full("P") if o.level == "P" else loc.own() if o.level == "L" else None
    name = sentence_case(f"{o.name} {place or ''}".strip())
    return Mention(o.start, end, text[o.start:end], name, "entry", o.name)


def _place(level: str, unit: str | None, name: str | None, loc: Locality) -> str | None:
    if not name:
        return loc.full(level)
    if level == "P":
        hit = province_of(name)
        if hit:
            return f"{hit[1]} {hit[0]}"
    return f"{unit or grammar().units[level]} {name}"


@cache
def _national_ends() -> tuple[str, ...]:
    return tuple(" " + match_key(w) for w in load_rules("agency_names")["national_ends"]["words"])


def _national(name: str) -> bool:
    """A name ending "… Nhà nước", "… Việt Nam" is the country's body: no province after it."""
    return match_key(name).endswith(_national_ends())


def _ends_with_province(name: str) -> bool:
    words = name.split()
    return any(province_of(" ".join(words[-n:])) for n in (1, 2, 3) if len(words) > n + 1)
