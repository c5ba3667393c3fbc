"""Reading a question: what it asks (who / what / when), the role it names (chủ trì, phối hợp …),
the agency it names if any, the document it names by its code, and the topic, which is what
remains. Every word this reading knows is in `data/question_words.json`; the words a reading
is told back in are in `data/answer_words.json`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from vanban.query import naming
from vanban.query.naming import name_form
from vanban.query.words import answer_words, phrase_tokens, question_words, tokens
from vanban.rules import load_rules
from vanban.stages.references import find_codes
from vanban.store.db import has_diacritics
from vanban.text import units
from vanban.text.normalize import fold, strip_diacritics

__all__ = ["ALTERNATIVES", "Question", "answer_words", "name_form", "names_its_subject", "parse", "phrase_tokens",
           "question_words", "split_task", "tokens"]

# A name the question gives that matches agencies of this many places is read as unsure: the
# reading says so and offers them, rather than answering for all of them silently.
ALTERNATIVES = 5


@dataclass
class Question:
    text: str
    intent: str  # "who" | "what" | "when"
    roles: list[str] = field(default_factory=list)
    agency: str | None = None  # the folded span naming an agency
    agencies: list[str] = field(default_factory=list)  # the stored agencies it names
    topic: str = ""
    document: str | None = None  # a document code it names ("Chỉ thị 28-CT/TW"): its lineage is the scope
    document_unknown: bool = False  # set when answering, when the store has no document of that code
    marked: bool = True  # typed with diacritics
    places: list[str] = field(default_factory=list)  # places it names (folded, unmarked): "dak lak"
    named: list[str] = field(default_factory=list)  # agencies it names that are not its subject ("báo cáo Thủ tướng")
    recipients: list[str] = field(default_factory=list)  # ... that a word marks as whom the task goes to ("gửi về Sở Tài chính")
    due: str | None = None  # the last day a date it names allows (ISO): "trước 30/6/2026" -> 2026-06-30
    due_text: str = ""  # ... and its words, as read: "trước 30/6/2026"
    place_words: list[str] = field(default_factory=list)  # the places as the question writes them: "Đắk Lắk"
    place_unanswered: bool = False  # set when answering, when no answer is of a place it names

    @property
    def alternatives(self) -> list[str]:
        """Readings the person may have meant, when this one is unsure: the agencies a name
        shared by several places matched."""
        return self.agencies[:ALTERNATIVES] if len(self.agencies) > 1 else []

    @property
    def unsure(self) -> bool:
        return bool(self.alternatives) or self.document_unknown or not (self.topic or self.agencies or self.document)

    def describe(self) -> str:
        """How the question was read, in the words of `answer_words.json`, for the person asking."""
        label = answer_words()["labels"]
        roles = answer_words()["roles"]
        bits = [f"{label['asks']}: {label['intent_' + self.intent]}"]
        if self.roles:
            bits.append(f"{label['roles']}: " + ", ".join(roles.get(r, r) for r in self.roles))
        if self.agencies:
            shown = ", ".join(self.agencies[:3]) + (f" (+{len(self.agencies) - 3})" if len(self.agencies) > 3 else "")
            bits.append(f"{label['agency']}: {shown}")
        if self.topic:
            bits.append(f"{label['topic']}: {self.topic}")
        if self.due:
            bits.append(f"{label['due']}: {self.due_text} ({self.due})")
        if self.place_words:
            bits.append(f"{label['place']}: " + ", ".join(self.place_words))
        if self.place_unanswered:
            bits.append(label["no_place_answer"].format(place=", ".join(self.place_words)))
        if self.document and self.document_unknown:
            bits.append(label["unknown_document"].format(code=self.document))
        elif self.document:
            bits.append(f"{label['within']}: {self.document}")
        if self.unsure:
            bits.append(label["unsure"])
        return "; ".join(bits)


def _expand_abbreviations(toks: list[str], marked: bool) -> list[str]:
    table = {tuple(tokens(k if marked else strip_diacritics(k))): tokens(v if marked else strip_diacritics(v))
             for k, v in question_words()["abbreviations"]["map"].items()}
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            key = tuple(toks[i:i + n])
            if len(key) == n and key in table:
                out.extend(table[key])
                i += n
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _find(toks: list[str], phrase: list[str], taken: list[bool]) -> list[int]:
    """Start positions of `phrase` in `toks` over tokens not yet taken."""
    n = len(phrase)
    return [i for i in range(len(toks) - n + 1) if toks[i:i + n] == phrase and not any(taken[i:i + n])]


def _without_code(question: str) -> tuple[str, str | None]:
    """The question without the document code it names (and the type word before it), and the code.
    Codes are upper case; a question typed in lower case ("chi thi 28-ct/tw") names one too."""
    upper = question.upper()
    cited = next(iter(find_codes(upper if len(upper) == len(question) else question)), None)
    if cited is None:
        return question, None
    before = question[:cited.start]
    # the type written before the code without its marks ("chi thi 28-ct/tw") goes with it
    for name in _type_words():
        if strip_diacritics(fold(before)).rstrip().endswith(name):
            before = before.rstrip()[: -len(name)]
            break
    return before + " " + question[cited.end:], cited.code


def parse(question: str, known_agencies: list[tuple[str, str, str]], places: Iterable[str] = (),
          words: Callable[[list[str]], list[str]] | None = None, today: date | None = None) -> Question:
    """Read a question. `known_agencies`: (name, fold, plain) of the agencies in the store;
    `places`: the places the store's documents and agencies name (folded, unmarked); `words`:
    unmarked syllables cut into the store's words (`Store.plain_compounds`), so that an agency
    is only read where a word starts ("cơ sở dữ liệu" names no Sở); `today`: the day a date
    without its year ("trước 30/6") is the next of (default: the machine's)."""
    data = question_words()
    marked = has_diacritics(question)
    rest, code = _without_code(question)
    toks = _expand_abbreviations(tokens(rest), marked)
    taken = [False] * len(toks)
    bounds = _word_bounds(toks, words)
    # "Cơ quan nào", "Sở nào" ask who: no agency is named there
    asking = [False] * len(toks)
    for p in phrase_tokens(data["intents"]["who"]["phrases"], marked):
        for i in _find(toks, p, asking):
            asking[i:i + len(p)] = [True] * len(p)
    agency_span = naming.agency_span(toks, marked, known_agencies, bounds, asking)
    if agency_span and naming.bare_head(toks, agency_span, marked, known_agencies, places):
        agency_span = None
    if agency_span:
        for i in range(*agency_span):
            taken[i] = True

    person = {w for p in phrase_tokens(data["person_words"]["phrases"], marked) for w in p}

    def role_at(p: list[str]) -> list[int]:
        # "báo cáo viên" is a person, not the role report
        return [i for i in _find(toks, p, taken) if i + len(p) >= len(toks) or toks[i + len(p)] not in person]

    def mark(phrases: Iterable[str], roles: bool = False) -> bool:
        hit = False
        for p in phrase_tokens(phrases, marked):
            for i in (role_at(p) if roles else _find(toks, p, taken)):
                if bounds and (i not in bounds[0] or i + len(p) not in bounds[1]):
                    continue  # "tại" is no word of "tài chính", nor "để" of "đề xuất" unmarked
                for j in range(i, i + len(p)):
                    taken[j] = True
                hit = True
        return hit

    # places first: "Bác Ái" unmarked holds the who-word "ai"
    shown: list[str] = []
    found = _places(toks, taken, places, shown)
    # a date before the intents: "hạn chót 30/6" gives the day, "hạn chót" alone asks for it
    due = _due(toks, taken, marked, today or date.today())
    intents = [name for name in ("when", "what", "who") if mark(data["intents"][name]["phrases"])]
    if mark(data["intents"]["how_long"]["phrases"]) and "who" not in intents and "when" not in intents:
        intents.insert(0, "when")  # "… trong bao nhiêu ngày?"; with a who-word it asks who first
    roles = []
    for role, spec in data["roles"].items():
        if not isinstance(spec, dict):
            continue  # the description
        if any(role_at(p) for p in phrase_tokens(spec["phrases"], marked)):
            roles.append(role)
            if spec["strip"]:
                mark(spec["phrases"], roles=True)
    agencies: list[str] = []
    span = " ".join(toks[agency_span[0]:agency_span[1]]) if agency_span else ""
    if agency_span:
        agencies = naming.agencies_named(span, marked, known_agencies)
        # "các sở ngành Hà Nội": the collective the documents also write "Các sở, ban, ngành"
        agencies += [a for a in naming.variant_names(span, marked, known_agencies, "same_bodies") if a not in agencies]
        agencies = naming.narrow_by_place(toks, taken, agency_span[1], agencies, marked,
                                           wider=lambda: naming.agencies_containing(span, marked, known_agencies))
    subject = agency_span is not None and _is_subject(toks, taken, agency_span, intents)
    named: list[str] = []
    recipients: list[str] = []
    if agency_span and not subject:
        # "Ai báo cáo Thủ tướng …?", "… gửi về Sở Tài chính": the body named is whom the
        # task is for, not who must do it; its words stay in the topic, where the passage has them.
        named, agencies = agencies, []
        if any(toks[max(0, agency_span[0] - len(m)):agency_span[0]] == m
               for m in phrase_tokens(data["recipient_markers"]["phrases"], marked)):
            recipients = list(named)  # "… gửi báo cáo về Sở Tài chính": it receives, others act
        for i in range(*agency_span):
            taken[i] = False
    found += _places(toks, taken, places, shown)  # those the agency's name held, when it is not the subject
    if found and (agencies or (subject and span)):
        # "UBND xã, phường Đắk Lắk": the place read apart from the name narrows it, to the names
        # that hold the agency's words anywhere if need be ("Mặt trận Tổ quốc huyện Bác Ái", a
        # name no stored one starts with: the place picks among those that hold it)
        def here(names: list[str]) -> list[str]:
            return [a for a in names if any(f" {p} " in f" {strip_diacritics(name_form(a, True))} " for p in found)]
        wider = naming.agencies_containing(span, marked, known_agencies) if span else []
        # "UBND cấp xã Nghệ An": the store names that body as its documents' locality does,
        # "Ủy ban nhân dân các xã, phường tỉnh Nghệ An" (`name_variants`)
        agencies = here(agencies) or here(wider) or here(naming.variant_names(span, marked, known_agencies)) or agencies
    mark(data["stopwords"])
    _particles(toks, taken, marked)
    topic = " ".join(t for t, used in zip(toks, taken) if not used)
    intent = intents[0] if intents else ("what" if subject and not topic else "who")
    q = Question(question, intent, roles, topic=topic, agencies=agencies, document=code, marked=marked,
                 places=found, named=named, recipients=recipients, place_words=shown)
    if due:
        q.due, q.due_text = due
    if agency_span and subject:
        q.agency = " ".join(toks[agency_span[0]:agency_span[1]])
    return q


_DAY = re.compile(r"(\d{1,2})[./\-–](\d{1,2})(?:[./\-–](\d{4}))?")
_MONTH = re.compile(r"(\d{1,2})(?:[./\-–](\d{4}))?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _due(toks: list[str], taken: list[bool], marked: bool, today: date) -> tuple[str, str] | None:
    """The last day the date a question names allows, and its words ("trước 30/6/2026" ->
    2026-06-30), which are taken out of the topic: passages do not repeat the question's date."""
    spec = question_words()["due"]
    months = phrase_tokens(spec["month_words"], marked)
    years = phrase_tokens(spec["year_words"], marked)
    for marker in phrase_tokens(spec["phrases"], marked):  # longest first: "trước ngày" before "trước"
        for i in _find(toks, marker, taken):
            read = _date_at(toks, i + len(marker), months, years, today)
            if read:
                last, end = read
                taken[i:end] = [True] * (end - i)
                return last, " ".join(toks[i:end])
    return None


def _date_at(toks: list[str], j: int, months: list[list[str]], years: list[list[str]],
             today: date) -> tuple[str, int] | None:
    """(ISO last day, end position) of the date written from toks[j], or None."""
    def year_after(k: int) -> tuple[int, int] | None:
        for w in years:
            if toks[k:k + len(w)] == w and k + len(w) < len(toks) and _YEAR.fullmatch(toks[k + len(w)]):
                return int(toks[k + len(w)]), k + len(w) + 1
        return None

    if j >= len(toks):
        return None
    if day := _DAY.fullmatch(toks[j]):
        d, m = int(day[1]), int(day[2])
        y = int(day[3]) if day[3] else today.year + ((m, d) < (today.month, today.day))
        return (f"{y:04d}-{m:02d}-{d:02d}", j + 1) if 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1] else None
    for w in months:
        k = j + len(w)
        if toks[j:k] != w or k >= len(toks) or not (month := _MONTH.fullmatch(toks[k])):
            continue
        m, end = int(month[1]), k + 1
        if not 1 <= m <= 12:
            return None
        if month[2]:
            y = int(month[2])
        elif said := year_after(end):
            y, end = said
        else:
            y = today.year + (m < today.month)
        return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}", end
    if said := year_after(j):
        return f"{said[0]:04d}-12-31", said[1]
    return None


def _particles(toks: list[str], taken: list[bool], marked: bool) -> None:
    """Takes out of the topic the particles that end a yes-no question ("… có phải báo cáo
    không?"): elsewhere the same word is a negation the topic keeps ("người đứng đầu không thực
    hiện nghiêm …")."""
    end = len(toks)
    while end and taken[end - 1]:
        end -= 1
    for p in phrase_tokens(question_words()["final_particles"]["phrases"], marked):
        if end >= len(p) and toks[end - len(p):end] == p:
            taken[end - len(p):end] = [True] * len(p)
            return


def _word_bounds(toks: list[str], words: Callable[[list[str]], list[str]] | None) -> tuple[set[int], set[int]] | None:
    """(starts, ends) of the words of a question, as token positions; None when not known."""
    if words is None:
        return None
    starts, ends, i = set(), set(), 0
    for w in words([strip_diacritics(t) for t in toks]):
        starts.add(i)
        i += w.count("_") + 1
        ends.add(i)
    return starts, ends


def _is_subject(toks: list[str], taken: list[bool], span: tuple[int, int], intents: list[str]) -> bool:
    """Whether the agency a question names is who it asks about: it opens the question ("Sở Y tế
    phải làm gì?"), or the question asks what it must do and not who. Named after a who-word
    ("Ai báo cáo Thủ tướng …?"), it is the recipient, or part of the topic."""
    if "who" in intents:
        return False
    if "what" in intents:
        return True
    before = [t for t, used in zip(toks[:span[0]], taken[:span[0]]) if not used]
    lead_ins = {w for p in phrase_tokens(question_words()["stopwords"], True) for w in p}
    lead_ins |= {strip_diacritics(w) for w in lead_ins}
    return all(t in lead_ins for t in before)


def _places(toks: list[str], taken: list[bool], places: Iterable[str], shown: list[str] | None = None) -> list[str]:
    """The places a question names (longest first), taken out of the topic with the level word
    before them ("tỉnh Đắk Lắk"): passages rarely repeat the place, their document's header says it.
    `shown` gets each as the question writes it, capitalised ("Đắk Lắk")."""
    known = {tuple(p.split()) for p in places if p}
    if not known:
        return []
    levels = phrase_tokens(units.words(named=True), False)  # the unit words of data/units.json
    plain = [strip_diacritics(t) for t in toks]
    found: list[str] = []
    for n in sorted({len(k) for k in known}, reverse=True):
        for i in range(len(plain) - n + 1):
            if tuple(plain[i:i + n]) in known and not any(taken[i:i + n]):
                found.append(" ".join(plain[i:i + n]))
                if shown is not None:
                    shown.append(" ".join(t[:1].upper() + t[1:] for t in toks[i:i + n]))
                for j in range(i, i + n):
                    taken[j] = True
                for level in levels:
                    if i >= len(level) and plain[i - len(level):i] == level:
                        for j in range(i - len(level), i):
                            taken[j] = True
                        break
    return found


@cache
def _type_words() -> list[str]:
    """Document type names, unmarked and folded, longest first ("chuong trinh hanh dong")."""
    names = [strip_diacritics(fold(t["name"])) for t in load_rules("doc_types")["types"]]
    return sorted(set(names), key=len, reverse=True)


@lru_cache(maxsize=50_000)  # kept: the next question's hits are the same sections
def names_its_subject(passage: str) -> bool:
    """Whether a passage opens with an agency ("5. Ban Tuyên giáo Huyện ủy hướng dẫn …"): its
    task is that agency's, so the agencies of neighbouring items must not be credited with it."""
    head = _LABEL.sub("", passage.lstrip(), count=1)
    # the first four words are all it reads, and a section can be pages long: a head with a
    # fifth word has its first four whole (tokenizing whole sections was a tenth of a question)
    toks = tokens(head[:HEAD_CHARS])
    if len(toks) <= 4:
        toks = tokens(head)
    toks = toks[:4]
    return any(toks[:len(h)] == h for h in phrase_tokens(question_words()["agency_heads"]["phrases"], True))


HEAD_CHARS = 160
_LABEL = re.compile(r"^\W*(?:[0-9IVXLC]+(?:\.[0-9]+)*|[a-zđ])?\s*[.)\-–:]?\s*", re.I)


@lru_cache(maxsize=50_000)  # a web worker splits the same tasks for question after question
def split_task(task: str) -> tuple[str, str]:
    """(action, object) of a task: its leading verbs of `answer_words.json` and what they act on.
    A task that starts with none of them is all object ("" action): better no verb than a wrong one."""
    toks = tokens(task)
    for phrase in phrase_tokens(answer_words()["actions"]["phrases"], True):
        if toks[:len(phrase)] == phrase:
            # cut the original text after as many words as the phrase has
            words = list(re.finditer(r"[^\W_]+", task))
            if len(words) >= len(phrase):
                cut = words[len(phrase) - 1].end()
                return task[:cut].strip(), task[cut:].strip(" ,;:.")
    return "", task.strip()
