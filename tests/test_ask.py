"""`vanban ask` on a store of real documents: Vietnamese questions, the agency in the top
three, and the quote that proves it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from vanban.app.cli import main
from vanban.query.answer import Task, ask
from vanban.query.question import parse, question_words, tokens
from vanban.query.scope import Filters
from vanban.store.db import Store
from vanban.text.normalize import fold, strip_diacritics


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).strip()


def _tasks(store: Store, question: str, limit: int = 10, filters: Filters | None = None) -> list[Task]:
    """The tasks of the answers, in the order shown."""
    return [t for a in ask(store, question, limit, filters).answers for t in a.tasks]


def _quote_is_exact(store: Store, t: Task) -> bool:
    record = store.record(t.document.id)
    assert record is not None
    text = record["text"]
    return all(text[q.start:q.end] == q.text for q in (t.quote, t.passage, t.evidence) if q is not None)


# --- reading questions: the examples of the data file --------------------------------------


@pytest.mark.parametrize("example", question_words()["examples"], ids=lambda e: e["question"])
def test_question_words_examples(example: dict[str, Any]) -> None:
    agencies = []
    if example["agency"]:
        # The store knows the agency under a longer, localised name.
        name = example["agency"] + " tỉnh đắk lắk"
        agencies = [(name, fold(name), fold(name))]
    q = parse(example["question"], agencies)
    assert q.intent == example["intent"]
    assert q.roles == example["roles"]
    assert q.agency == example["agency"]
    assert q.topic == example["topic"]
    assert q.document == example["document"]  # a code in the question scopes it to that lineage


@pytest.mark.parametrize("example", question_words()["due"]["examples"], ids=lambda e: e["question"])
def test_a_date_in_the_question_is_the_day_the_work_is_due_by(example: dict[str, Any]) -> None:
    from datetime import date

    agencies = []
    if example.get("agency"):
        name = example["agency"] + " tỉnh đắk lắk"
        agencies = [(name, fold(name), fold(name))]
    q = parse(example["question"], agencies, today=date.fromisoformat(example["today"]))
    assert q.due == example["due"]
    assert q.topic == example["topic"]  # the date's words are no topic
    assert q.due_text and f" {q.due_text} " in f" {' '.join(tokens(example['question']))} "  # as the question says it


@pytest.mark.parametrize("example", question_words()["due"]["counter_examples"], ids=lambda e: e["question"])
def test_a_question_without_a_date_has_no_due_day(example: dict[str, Any]) -> None:
    from datetime import date

    assert parse(example["question"], [], today=date.fromisoformat(example["today"])).due is None


QUESTION_MODULES = ["query/ask.py", "query/question.py", "query/scope.py", "query/rank.py", "query/answer.py",
                    "store/questions.py", "app/ask_cli.py", "app/evaluate_questions.py"]


@pytest.mark.parametrize("module", QUESTION_MODULES)
def test_no_vietnamese_word_is_written_in_the_code(module: str) -> None:
    """Question words, role names, labels and place words are data: no string literal of the
    question modules (docstrings aside) holds a Vietnamese word, marked or not."""
    import ast

    source = Path(__file__).resolve().parents[1] / "pipeline" / "vanban" / module
    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    literals = [n.value for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    # a letter in a regex character class ("[a-zđ]", an item label) is no word
    assert not [lit for lit in literals if re.search("[À-ỹĐđ]", re.sub(r"\[[^\]]*\]", "", lit))]
    for phrase in ("co quan nao", "chu tri", "phai lam gi", "chiu trach nhiem", "phoi hop", "tinh", "huyen", "thanh pho"):
        assert not [lit for lit in literals if re.search(rf"\b{phrase}\b", lit.lower())], phrase


@pytest.mark.parametrize("question", [
    "UBND cấp xã Nghệ An phải làm gì khi đại biểu HĐND tiếp xúc cử tri?",
    "ubnd cap xa nghe an phai lam gi khi dai bieu hdnd tiep xuc cu tri",
])
def test_a_name_written_the_other_way_finds_the_local_body(question: str) -> None:
    # QĐ 98/2025/QĐ-UBND Nghệ An, Điều 8.1: "UBND cấp xã có trách nhiệm cử đại diện Lãnh đạo UBND
    # tham gia Hội nghị": the store names it as the document's locality does
    names = ["Ủy ban nhân dân cấp xã", "Ủy ban nhân dân các xã, phường tỉnh Nghệ An", "Ủy ban nhân dân các xã, phường tỉnh Đắk Lắk"]
    q = parse(question, [(n, fold(n), fold(n)) for n in names], places=["nghe an", "dak lak"])
    assert q.agencies == ["Ủy ban nhân dân các xã, phường tỉnh Nghệ An"]
    assert q.intent == "what"


def test_a_bare_head_before_an_unknown_name_names_no_agency() -> None:
    # QĐ 95/2025/QĐ-UBND Nghệ An is about the Văn phòng đăng ký đất đai; a store that does not
    # know that body must not read "Văn phòng" as the Văn phòng UBND tỉnh, the one Văn phòng of
    # Nghệ An it knows. A head before a place or a question word still names what it starts.
    names = ["Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "Công an tỉnh Sơn La", "Thủ tướng Chính phủ"]
    known = [(n, fold(n), fold(n)) for n in names]
    places = ["nghe an", "son la"]
    q = parse("Văn phòng đăng ký đất đai Nghệ An thông báo thời gian nhận phôi Giấy chứng nhận trong bao lâu?",
              known, places=places)
    assert q.agencies == [] and q.topic.startswith("văn phòng đăng ký đất đai")
    assert parse("Công an Sơn La phải làm gì?", known, places=places).agencies == ["Công an tỉnh Sơn La"]
    assert parse("cong an son la phai lam gi", known, places=places).agencies == ["Công an tỉnh Sơn La"]
    assert parse("Thủ tướng phải làm gì?", known, places=places).agencies == ["Thủ tướng Chính phủ"]
    assert parse("Văn phòng UBND tỉnh Nghệ An phải làm gì?", known, places=places).agencies == names[:1]


def test_a_name_only_inside_stored_names_is_picked_by_its_place() -> None:
    # dev question d004 (the seed KH of Huyện ủy Bác Ái, item 4): "Ủy ban Mặt trận Tổ quốc Việt
    # Nam huyện và các tổ chức chính trị - xã hội …"; officials write "Mặt trận Tổ quốc huyện
    # Bác Ái", which starts no stored name: the place after it picks the names that hold it
    names = ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bác Ái", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai",
             "Ủy ban nhân dân huyện Bác Ái"]
    known = [(n, fold(n), strip_diacritics(fold(n))) for n in names]
    places = ["bac ai", "lao cai"]
    q = parse("Mặt trận Tổ quốc huyện Bác Ái có nhiệm vụ gì trong thực hiện Chỉ thị 28-CT/TW về trẻ em?", known,
              places=places)
    assert q.agencies == names[:1] and q.intent == "what"
    assert "mặt trận" not in q.topic
    # asked who works with it, the body is no subject: nobody is answered for it, its words stay in the topic
    q = parse("Ai phối hợp với Mặt trận Tổ quốc huyện Bác Ái tuyên truyền về trẻ em?", known, places=places)
    assert q.agencies == [] and "mặt trận tổ quốc" in q.topic
    # words of a name that start with no agency head name nothing ("tổ quốc")
    assert parse("Ai bảo vệ chủ quyền tổ quốc ở Lào Cai?", known, places=places).agencies == []


def test_a_task_is_split_into_action_and_object() -> None:
    from vanban.query.question import split_task

    # KH 0130/KH-UBND of Đắk Lắk, "1. Sở Y tế: - Chủ trì triển khai kế hoạch …"
    assert split_task("tổ chức kiểm tra, giám sát công tác vệ sinh môi trường") == (
        "tổ chức", "kiểm tra, giám sát công tác vệ sinh môi trường")
    assert split_task("Chủ trì, phối hợp với các đơn vị liên quan triển khai") == (
        "Chủ trì, phối hợp", "với các đơn vị liên quan triển khai")
    assert split_task("các nội dung liên quan") == ("", "các nội dung liên quan")


# --- answers that do not need assignments -----------------------------------------------------


@pytest.mark.parametrize("question", ["dạy kỹ năng bơi cho trẻ em", "day ky nang boi cho tre em"])
def test_keywords_find_the_passage(store: Store, question: str) -> None:
    tasks = _tasks(store, question, limit=3)
    assert tasks
    # The passage is the quote, or the evidence of an assignment of its section.
    quotes = [q for t in tasks for q in t.texts()]
    assert any("dạy kỹ năng bơi" in _norm(q) for q in quotes), quotes
    assert all(_quote_is_exact(store, t) for t in tasks)


def test_filters(store: Store) -> None:
    question = "tuyên truyền"
    everything = _tasks(store, question, limit=50)
    assert len({t.document.id for t in everything}) > 1
    lao_cai = _tasks(store, question, limit=50, filters=Filters(issuer="Lào Cai"))
    assert lao_cai and all("lào cai" in fold(t.document.issuer or "") for t in lao_cai)
    recent = _tasks(store, question, limit=50, filters=Filters(since="2025-01-01"))
    assert recent and all((t.document.date or "") >= "2025-01-01" for t in recent)


def test_under_a_directive(store: Store) -> None:
    tasks = _tasks(store, "tuyên truyền", limit=50, filters=Filters(under="28-CT/TW"))
    assert tasks and {t.document.issuer for t in tasks} == {"Huyện ủy Bác Ái"}
    lao_cai = _tasks(store, "kế hoạch", limit=50, filters=Filters(under="75-KL/TW"))
    assert lao_cai and all("lào cai" in fold(t.document.issuer or "") or t.document.code == "75-KL/TW"
                           for t in lao_cai)


def test_propaganda_passage_is_shown_even_without_its_assignment(store: Store) -> None:
    """Whatever the assignments stage finds, the passage that answers is in the top three."""
    quotes = [q for t in _tasks(store, "Ai chịu trách nhiệm tuyên truyền thực hiện Chỉ thị 28-CT/TW?", limit=3)
              for q in t.texts()]
    assert any("ban tuyên giáo huyện ủy hướng dẫn công tác thông tin, tuyên truyền" in _norm(q) for q in quotes), quotes


def test_cli_json_shape(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Ai chịu trách nhiệm tuyên truyền?", "--db", str(db), "--json", "--limit", "3"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["reading"]) >= {"intent", "roles", "agencies", "topic", "document", "unsure", "alternatives", "text"}
    answers = out["answers"]
    assert 0 < len(answers) <= 3
    assert len({a["agency"] for a in answers}) == len(answers)  # one answer per agency, its tasks beneath
    for a in answers:
        assert set(a) >= {"agency", "role", "role_name", "score", "tasks"}
        for t in a["tasks"]:
            assert set(t) >= {"role", "role_name", "task", "action", "object", "deadline", "document", "section",
                              "quote", "passage", "evidence", "score"}
            assert set(t["document"]) >= {"id", "code", "doc_type", "issuer", "date", "title"}
            assert set(t["quote"]) == {"text", "start", "end", "section"}
    assert main(["ask", "Ai chịu trách nhiệm tuyên truyền?", "--db", str(db)]) == 0
    assert "«" in capsys.readouterr().out


# --- five questions about the corpus: need the assignments stage -------------------------------

QUESTIONS = [
    # The seed (Huyện ủy Bác Ái, Chỉ thị 28): propaganda, and the district People's Committee.
    ("Ai chịu trách nhiệm tuyên truyền thực hiện Chỉ thị 28-CT/TW?", "Ban Tuyên giáo Huyện ủy",
     ["hướng dẫn công tác thông tin, tuyên truyền", "Ban Tuyên giáo Huyện ủy"]),
    ("Ủy ban nhân dân huyện phải làm gì?", "Ủy ban nhân dân huyện Bác Ái",
     ["kiện toàn bộ máy quản lý nhà nước về trẻ em", "xây dựng kế hoạch triển khai thực hiện",
      "Ủy ban nhân dân huyện xây dựng kế hoạch"]),
    # CV 9387/UBND-KT of Lào Cai: "Giao Sở Nông nghiệp và Môi trường chủ trì … xây dựng dự thảo Kế hoạch".
    ("Cơ quan nào chủ trì xây dựng kế hoạch thực hiện Chương trình hành động 104-CTr/TU?",
     "Sở Nông nghiệp và Môi trường", ["xây dựng dự thảo Kế hoạch", "Sở Nông nghiệp và Môi trường chủ trì"]),
    # KH 0130/KH-UBND of Đắk Lắk, disease after the floods: "1. Sở Y tế: - Chủ trì triển khai kế hoạch …".
    ("Sở Y tế phải làm gì?", "Sở Y tế",
     ["Chủ trì triển khai kế hoạch", "kiểm tra, đôn đốc thực hiện kế hoạch", "hướng dẫn chuyên môn", "Sở Y tế"]),
    # KH 308/KH-UBND of Hà Nội: training in digital transformation, "Đơn vị chủ trì: Sở Khoa học và Công nghệ".
    ("Đơn vị nào chủ trì đào tạo, bồi dưỡng nâng cao năng lực chuyển đổi số cho cán bộ?",
     "Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ", "năng lực chuyển đổi số"]),
    # The same without diacritics.
    ("so y te phai lam gi", "Sở Y tế", ["Chủ trì triển khai kế hoạch", "kiểm tra, đôn đốc", "hướng dẫn chuyên môn", "Sở Y tế"]),
]


@pytest.mark.parametrize("question,agency,proofs", QUESTIONS,
                         ids=[q.values[0] if hasattr(q, "values") else q[0] for q in QUESTIONS])
def test_question_answered_with_agency_and_quote(store: Store, question: str, agency: str, proofs: list[str]) -> None:
    answers = ask(store, question, limit=3).answers
    assert answers, question
    assert all(_quote_is_exact(store, t) for a in answers for t in a.tasks)
    right = [t for a in answers if a.agency and _norm(a.agency).startswith(_norm(agency)) for t in a.tasks]
    assert right, f"{agency} not in the top three: {[a.agency for a in answers]}"
    assert any(_norm(p) in _norm(t.quote.text) for t in right for p in proofs), [t.quote.text for t in right]


def test_page_of_a_passage_is_the_page_or_nothing(tmp_path: Path, corpus: Path) -> None:
    """Where the sections cannot tell the page of an offset, no page is given, never a wrong one."""
    from tests.conftest import doc_path
    from vanban import process_file
    from vanban.store.questions import page_of

    doc = process_file(doc_path("laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"))
    s = Store(tmp_path / "v.db", segmented=False)
    try:
        s.put(doc.to_record())
        pages = {o: page_of(s, doc.id, o) for o in range(0, len(doc.text), 37)}
    finally:
        s.close()
    known = {o: p for o, p in pages.items() if p is not None}
    assert all(p == doc.page_at(o) for o, p in known.items())
    assert len(known) > 0.5 * len(pages) and {1, 2, 3} <= set(known.values())  # 103 of 170 here


def test_a_document_in_the_question_scopes_the_answers(store: Store) -> None:
    """"… Chỉ thị 28-CT/TW?" looks only in the lineage of CT 28 (the seed, through KH 273-KH/TU),
    as `--under 28-CT/TW` would; the store's other documents have "báo cáo kết quả" too."""
    answers = ask(store, "Ai báo cáo kết quả thực hiện Chỉ thị 28-CT/TW?", limit=5).answers
    assert answers and {t.document.issuer for a in answers for t in a.tasks} == {"Huyện ủy Bác Ái"}
    assert answers[0].agency == "Ủy ban nhân dân huyện Bác Ái" and "report" in answers[0].tasks[0].roles
    # Unscoped, the same words reach beyond the seed.
    assert {t.document.issuer for t in _tasks(store, "Ai báo cáo kết quả thực hiện?", limit=10)} != {"Huyện ủy Bác Ái"}


def test_a_filter_applies_before_the_search_limit(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for one passage only, the filtered search still finds the seed's."""
    import vanban.query.rank as R

    monkeypatch.setattr(R, "SEARCH_LIMIT", 1)
    tasks = _tasks(store, "báo cáo kết quả", limit=3, filters=Filters(issuer="Bác Ái"))
    assert tasks and all(t.document.issuer == "Huyện ủy Bác Ái" for t in tasks)


def test_a_code_the_store_does_not_know_scopes_nothing_and_says_so(store: Store) -> None:
    from vanban.store.questions import known_agencies

    q = parse("Sở Y tế phải làm gì theo Chỉ thị 99-CT/TW?", known_agencies(store.db))
    result = ask(store, q, limit=5)
    assert result.answers and all((a.agency or "").startswith("Sở Y tế") for a in result.answers)
    assert "không có văn bản 99-CT/TW trong kho" in result.reading.text and result.reading.unsure


def test_who_leads_under_a_document_lists_its_lineages_leads(store: Store) -> None:
    """No topic, only a document: the assignments of its lineage, the role asked first. The
    seed (under CT 28 through KH 273-KH/TU) opens section III with "1. Các cấp ủy …"."""
    answers = ask(store, "Ai chủ trì Chỉ thị 28-CT/TW?", limit=5).answers
    assert answers and {t.document.issuer for a in answers for t in a.tasks} == {"Huyện ủy Bác Ái"}
    assert all(a.role == "lead" for a in answers)


def test_names_its_subject_reads_the_head_of_a_long_passage_as_the_whole(store: Store,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from vanban.query import question
    from vanban.query.question import HEAD_CHARS, names_its_subject

    rows = store.db.execute('SELECT doc_id, start, "end" FROM sections WHERE "end" - start > 0 LIMIT 3000').fetchall()
    passages = [store.text(r[0], r[1], r[2]) for r in rows]
    passages += [p[:n] for p in passages[:300] for n in (HEAD_CHARS - 1, HEAD_CHARS, HEAD_CHARS + 1)]
    said = [names_its_subject(p) for p in passages]
    monkeypatch.setattr(question, "HEAD_CHARS", 10**9)  # the definition: the whole passage tokenized
    names_its_subject.cache_clear()  # kept per passage: read again with the whole passage
    assert said == [names_its_subject(p) for p in passages]
    assert any(said) and not all(said) and sum(len(p) > 4 * HEAD_CHARS for p in passages) > 50


def test_a_date_in_the_question_puts_the_tasks_due_by_then_first(store: Store) -> None:
    """KH 308/KH-UBND Hà Nội gives its Sở Khoa học và Công nghệ tasks "Hoàn thành trong năm
    2025" and tasks without a deadline, in both roles: asked what it must do by the end of
    2025, in each role those due in 2025 come before those without a deadline."""
    agency = "Sở Khoa học và Công nghệ thành phố Hà Nội"
    due_2025 = "Hoàn thành trong năm 2025"

    def due_first(tasks: list[Task]) -> dict[str, bool]:
        """Per role: whether every task due in 2025 is shown before every task without a deadline."""
        out = {}
        for role in ("lead", "cooperate"):
            said = [t.deadline.text if t.deadline else None for t in tasks if t.agency == agency and t.role == role]
            dated, bare = [i for i, d in enumerate(said) if d == due_2025], [i for i, d in enumerate(said) if d is None]
            out[role] = bool(dated) and (not bare or max(dated) < min(bare))
        return out

    result = ask(store, "Sở Khoa học và Công nghệ Hà Nội phải làm gì trước 31/12/2025?")
    assert result.reading.due == "2025-12-31"
    assert "31/12/2025 (2025-12-31)" in result.reading.describe()
    tasks = [t for a in result.answers for t in a.tasks]
    assert tasks[0].agency == agency and tasks[0].deadline and tasks[0].deadline.text == due_2025
    assert tasks[0].deadline.interval == ["2025-01-01", "2025-12-31"]  # the words as days, for the reader
    assert due_first(tasks) == {"lead": True, "cooperate": True}
    # without the date the documents' order shows a cooperating task without a deadline first
    assert due_first(_tasks(store, "Sở Khoa học và Công nghệ Hà Nội phải làm gì?"))["cooperate"] is False


@pytest.mark.parametrize("example", question_words()["same_bodies"]["examples"] + question_words()["same_bodies"]["counter_examples"],
                         ids=lambda e: e["question"])
def test_a_collective_written_the_other_way_names_both(example: dict[str, Any]) -> None:
    # "các sở ngành" and "các sở, ban, ngành" are the same bodies (KH 308/KH-UBND Hà Nội writes
    # the second, the question the first): the reading names the store's agencies of both forms
    q = parse(example["question"], [(n, fold(n), fold(n)) for n in example["names"]], places=example["places"])
    assert q.agencies == example["agencies"]


def test_the_place_is_in_the_reading_and_said_when_none_of_its_documents_answers(store: Store) -> None:
    # KH 0130/KH-UBND of Đắk Lắk, disease after the floods: asked of Đắk Lắk, its plan answers;
    # asked of Lào Cai (the store has Lào Cai's documents, none about it), the first answers are
    # Đắk Lắk's and the reading says that none of them is of Lào Cai
    here = ask(store, "Ở Đắk Lắk, ai chủ trì phòng chống dịch bệnh sau lũ?")
    assert here.reading.places == ["Đắk Lắk"] and not here.reading.place_unanswered
    assert "Đắk Lắk" in here.reading.text
    elsewhere = ask(store, "o lao cai ai chu tri phong chong dich benh sau lu")
    assert elsewhere.answers and elsewhere.reading.places == ["Lao Cai"] and elsewhere.reading.place_unanswered
    assert "Lao Cai" in elsewhere.reading.text.split(";")[-1]  # said last, after the place read
    assert elsewhere.to_json()["reading"]["place_unanswered"] is True


KL155 = "tvpl_tai_lieu_noi_bo/KL-155-KL-TW-2025_BoChinhTri_SapXepBoMay_fulltext-no-header.md"


def test_a_code_names_the_document_whose_header_was_not_read(tmp_path: Path) -> None:
    # KL 155-KL/TW was saved without its header: the store has no code for it, only its file's
    # name says it. Asked by its code, it answers (the Học viện Chính trị quốc gia Hồ Chí Minh
    # "xây dựng nội dung, kế hoạch tổ chức tập huấn trực tuyến …", mục 5), not "no such document"
    from tests.conftest import store_of
    from vanban.app.ask_cli import render

    store = store_of(tmp_path, [KL155])
    try:
        result = ask(store, "Ai chủ trì tập huấn trực tuyến cho cán bộ cấp xã theo Kết luận 155-KL/TW?")
        assert not result.reading.document_unknown and result.reading.document == "155-KL/TW"
        assert result.answers[0].agency == "Học viện Chính trị quốc gia Hồ Chí Minh"
        # the source line tells the document by its title when it has no code
        title = result.answers[0].tasks[0].document.title
        assert title and _norm(title[:30]) in _norm(render(result))
        assert ask(store, "Ai chủ trì theo Kết luận 156-KL/TW?").reading.document_unknown
    finally:
        store.close()
