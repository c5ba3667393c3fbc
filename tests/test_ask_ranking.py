"""How `ask` orders what it found, on real documents of the dev questions' part (none of the
test questions' or test gold's documents): an agency's question answered from its own
documents, its own duties before the items it only cooperates on, the tasks of an agency in
the order of their scores, and the passage shown as the agency's whole item when a lead-in
("Sở Tài chính chủ trì, phối hợp …:") governs the items below it. The expected passages were
read off the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_of
from vanban.query import rank
from vanban.query.ask import answers
from vanban.store.db import Store
from vanban.text.normalize import fold

FILES = [
    "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-144-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Bac-Ninh-2026-2030.md",
    "tvpl_tai_lieu_noi_bo/Quyet-dinh-102-2025-QD-UBND-phoi-hop-cong-tac-quan-ly-nha-nuoc-tin-nguong-ton-giao-Phu-Tho.md",
    "tvpl_tai_lieu_noi_bo/Quyet-dinh-84-2025-QD-UBND-phan-cong-nhiem-vu-thuc-hien-quan-ly-nha-nuoc-ve-gia-Bac-Ninh.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-7360-KH-UBND-2025-trien-khai-Luat-Tieu-chuan-va-quy-chuan-sua-doi-Lai-Chau.md",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("ranking"), FILES)
    yield s
    s.close()


def _words(text: str) -> str:
    return " ".join(fold(text).replace("*", " ").split())


def test_an_agency_question_is_searched_in_that_agency_s_documents(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # QĐ 102/2025/QĐ-UBND Phú Thọ, Điều 17.1.a: the Sở Dân tộc và Tôn giáo "… tổng hợp báo cáo kết
    # quả về Ủy ban nhân dân tỉnh trước ngày 30/12 hằng năm". Searched across a whole-corpus
    # store, other provinces' rules on religion fill the search and the clause is never scored:
    # only the documents that give the agency tasks are searched.
    searched: list[set[str] | None] = []
    topic_scores = rank.topic_scores
    monkeypatch.setattr(rank, "topic_scores", lambda st, topic, allowed: searched.append(allowed) or topic_scores(st, topic, allowed))
    result = answers(store, "Sở Dân tộc và Tôn giáo Phú Thọ báo cáo kết quả thực hiện quy chế tín ngưỡng, tôn giáo trước ngày nào?")
    first = result.answers[0]
    assert first.agency == "Sở Dân tộc và Tôn giáo tỉnh Phú Thọ"
    assert first.tasks[0].deadline is not None and "30/12" in first.tasks[0].deadline.text
    phu_tho = {r["id"] for r in store.documents() if "Phu-Tho" in (r["source"] or "")}
    assert searched == [phu_tho]


def test_an_agency_s_own_duties_come_before_those_it_cooperates_on(store: Store) -> None:
    # KH 179/KH-UBND Đồng Nai VI.11: "Sở Nội vụ - Chủ trì, phối hợp với Sở Giáo dục và Đào tạo
    # triển khai các nhiệm vụ về lao động, việc làm"; in VI.4 it is one of the bodies the Sở Y tế
    # works with ("Chủ trì, phối hợp với Sở Nông Nghiệp và Môi Trường, Sở Nội vụ …")
    result = answers(store, "Sở Nội vụ Đồng Nai phải làm gì trong kế hoạch phát triển kinh tế số?")
    first = result.answers[0]
    assert first.agency == "Sở Nội vụ tỉnh Đồng Nai"
    assert first.tasks[0].role != "cooperate", [(t.role, t.quote.text) for t in first.tasks]
    assert "lao động, việc làm" in _words(first.tasks[0].passage.text)


@pytest.mark.parametrize("question", [
    "Ai chủ trì kiểm tra việc thi hành Luật Tiêu chuẩn và quy chuẩn kỹ thuật sửa đổi ở Lai Châu?",
    "Cơ quan nào quản lý hoạt động báo chí, xuất bản có nội dung tín ngưỡng, tôn giáo ở Phú Thọ?",
    "ai thanh tra viec thuc hien phap luat ve tin nguong ton giao o phu tho",
])
def test_an_agency_s_tasks_keep_the_order_of_their_scores(store: Store, question: str) -> None:
    # the scores already weigh how much of the topic a task and its section say; weighing the
    # quote's words a second time put a bare item above the one that answers (KH 7360/KH-UBND Lai
    # Châu: II.3.2.a, a decree to draft, above II.4 "Phối hợp kiểm tra việc thi hành Luật …")
    for answer in answers(store, question).answers[:3]:
        scores = [t.score for t in answer.tasks]
        assert scores == sorted(scores, reverse=True), (answer.agency, scores)


def test_the_task_that_answers_is_shown_first(store: Store) -> None:
    result = answers(store, "Ai chủ trì kiểm tra việc thi hành Luật Tiêu chuẩn và quy chuẩn kỹ thuật sửa đổi ở Lai Châu?")
    first = result.answers[0]
    assert first.agency == "Sở Khoa học và Công nghệ tỉnh Lai Châu"
    assert "phối hợp kiểm tra việc thi hành luật" in _words(first.tasks[0].passage.text)


def test_a_lead_in_s_items_are_shown_with_it(store: Store) -> None:
    # QĐ 84/2025/QĐ-UBND Bắc Ninh, Điều 9.1: "Sở Tài chính chủ trì, phối hợp với các cơ quan, đơn vị
    # có liên quan: a) Tham mưu … b) Tổ chức việc quản trị, điều hành toàn bộ hoạt động của hệ
    # thống Cơ sở dữ liệu về giá tại địa phương …": the lead-in governs b) as much as a)
    result = answers(store, "Ai xây dựng và quản lý cơ sở dữ liệu về giá của tỉnh Bắc Ninh?")
    first = result.answers[0]
    assert first.agency == "Sở Tài chính tỉnh Bắc Ninh"
    passage = _words(first.tasks[0].passage.text)
    assert "sở tài chính chủ trì" in passage
    assert "tổ chức việc quản trị, điều hành toàn bộ hoạt động của hệ thống cơ sở dữ liệu về giá" in passage
    assert len(first.tasks[0].passage.text) <= 1500


FLOOD_PLANS = [
    "tvpl_tai_lieu_noi_bo/Ke-hoach-0130-KH-UBND-2025-phong-chong-dich-benh-truyen-nhiem-sau-lut-bao-Dak-Lak.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-0129-KH-UBND-2025-ho-tro-nhu-yeu-pham-nhan-dan-bi-anh-huong-mua-lu-Dak-Lak.md",
]


def test_the_lead_of_the_whole_plan_answers_the_plan_s_topic(tmp_path: Path, corpus: Path) -> None:
    # KH 0130/KH-UBND Đắk Lắk V.1: "Sở Y tế: - Chủ trì triển khai kế hoạch; hướng dẫn chuyên môn; …".
    # Its task holds none of the topic's words; the plan's title is the topic. Before, the bodies
    # of items that share a word or two with the topic (V.5 "Các đoàn thể …: … tuyên truyền phòng
    # chống dịch bệnh", IV.1.c) came first and the Sở Y tế seventh.
    s = store_of(tmp_path, FLOOD_PLANS)
    try:
        # The question is the plan's title, so the title lends its words to every item: V.5 tied
        # with the Sở Y tế and came first by the tie's order; the lead of the plan is first now.
        result = answers(s, "Ai chủ trì phòng, chống dịch bệnh truyền nhiễm sau lụt bão ở Đắk Lắk?")
        health = result.answers[0]
        assert health.agency == "Sở Y tế tỉnh Đắk Lắk", [a.agency for a in result.answers]
        assert any(_words(t.task or "") == "triển khai kế hoạch" for t in health.tasks)
        assert "chủ trì triển khai kế hoạch; hướng dẫn chuyên môn" in _words(health.tasks[0].passage.text)
    finally:
        s.close()


@pytest.mark.parametrize("kind", ["examples", "counter_examples"])
def test_whole_document_words_match_their_examples(kind: str) -> None:
    from vanban.query.question import answer_words

    spec = answer_words()["whole_document"]
    for example in spec[kind]:
        assert rank.carries_out_document(example["task"], example["doc_type"]) is (kind == "examples"), example


@pytest.fixture(scope="module")
def lao_cai_16(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    """A store of QĐ 16/2026/QĐ-UBND Lào Cai (Quy chế quản lý cụm công nghiệp) alone."""
    s = store_of(tmp_path_factory.mktemp("qd16"), ["laocai_skill_sct/QD-16-2026-QD-UBND_LaoCai_QuyCheCCN_OCR.txt"])
    yield s
    s.close()


def test_an_article_s_body_answers_for_its_numbered_duties(lao_cai_16: Store) -> None:
    # QĐ 16/2026/QĐ-UBND Lào Cai Điều 21 "Trách nhiệm Sở Nội vụ", item 4: "Thực hiện cấp, cấp lại,
    # gia hạn, thu hồi giấy phép lao động … cho các doanh nghiệp, tổ chức trong các cụm công nghiệp"
    result = answers(lao_cai_16, "Ai cấp giấy phép lao động cho doanh nghiệp trong cụm công nghiệp ở Lào Cai?")
    first = result.answers[0]
    assert first.agency == "Sở Nội vụ tỉnh Lào Cai", [a.agency for a in result.answers]
    assert "giấy phép lao động" in _words(first.tasks[0].passage.text)


def test_the_lead_of_a_clause_comes_before_the_bodies_it_works_with(lao_cai_16: Store) -> None:
    # QĐ 16/2026/QĐ-UBND Lào Cai, "Điều 26. Trách nhiệm Liên đoàn Lao động tỉnh / 1. Chủ trì, phối
    # hợp với các đơn vị có liên quan giải quyết các trường hợp đình công, an toàn lao động": the
    # clause's words are the cooperating bodies' task, the lead's span is the heading; before,
    # "Các đơn vị có liên quan" came first and the Liên đoàn Lao động not among the first three.
    result = answers(lao_cai_16, "Ai giải quyết các trường hợp đình công trong cụm công nghiệp tỉnh Lào Cai?")
    agencies = [a.agency for a in result.answers]
    assert agencies[0] == "Liên đoàn Lao động tỉnh Lào Cai", agencies
    assert "giải quyết các trường hợp đình công" in _words(result.answers[0].tasks[0].passage.text)
    assert agencies.index("Các đơn vị có liên quan tỉnh Lào Cai") > 0


def test_the_passage_names_the_agency_it_proves(tmp_path: Path, corpus: Path) -> None:
    # CT 012/CT-UBND Đắk Lắk: "4. Văn phòng UBND tỉnh / a) Theo dõi, kiểm tra, đôn đốc báo cáo Chủ
    # tịch UBND tỉnh kết quả … / b) Theo dõi, quản lý, kiểm tra, đôn đốc …": item b) alone does not
    # say whose duty it is; the item above it, whose first line names the body, is short enough
    # to show whole (914 characters).
    s = store_of(tmp_path, ["tvpl_tai_lieu_noi_bo/Chi-thi-012-CT-UBND-2025-tang-cuong-cai-cach-thu-tuc-hanh-chinh-Dak-Lak.md"])
    try:
        result = answers(s, "Văn phòng UBND tỉnh Đắk Lắk có nhiệm vụ gì theo Chỉ thị 012/CT-UBND về cải cách thủ tục hành chính?")
        first = result.answers[0]
        assert first.agency == "Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk"
        passage = _words(first.tasks[0].passage.text)
        assert passage.startswith("4. văn phòng ubnd tỉnh"), passage[:80]
        assert "theo dõi, kiểm tra, đôn đốc báo cáo chủ tịch ubnd tỉnh kết quả triển khai" in passage
        record = s.record(first.tasks[0].document.id)
        assert record is not None
        p = first.tasks[0].passage
        assert record["text"][p.start:p.end] == p.text
    finally:
        s.close()


def test_a_body_s_own_item_counts_above_another_document_s_task(tmp_path: Path, corpus: Path) -> None:
    # Luật 117/2025/QH15 Điều 24.6.b, under "6. Ban Cơ yếu Chính phủ …": "b) Giúp Bộ trưởng Bộ Quốc
    # phòng tham mưu Chính phủ xây dựng … hệ thống thông tin mật mã quốc gia; quản lý hoạt động
    # nghiên cứu, sản xuất, cung cấp và sử dụng sản phẩm mật mã để bảo vệ thông tin bí mật nhà
    # nước;". The clause stored ends at the semicolon, so the words asked for are only in the
    # item; QĐ 384-QĐ/TW's "Ban Cơ yếu Chính phủ chủ trì … triển khai áp dụng các sản phẩm mật mã"
    # came first for the Ban Cơ yếu, with a passage that does not answer.
    s = store_of(tmp_path, ["vbpl_vn/LUAT-117-2025-QH15_BaoVeBiMatNhaNuoc.txt",
                            "tvpl_tai_lieu_noi_bo/Quy-dinh-384-QD-TW-2025-ket-noi-chia-se-du-lieu-giua-cac-co-quan-dang.md"])
    try:
        result = answers(s, "Ai quản lý sản xuất, cung cấp sản phẩm mật mã bảo vệ thông tin bí mật nhà nước?")
        first = result.answers[0]
        assert first.agency == "Ban Cơ yếu Chính phủ", [a.agency for a in result.answers]
        assert "quản lý hoạt động nghiên cứu, sản xuất, cung cấp và sử dụng sản phẩm mật mã" in _words(
            first.tasks[0].passage.text)
    finally:
        s.close()
