"""`vanban ask "Ai chịu trách nhiệm …"` answered from the assignments that issue 12's rules read:
a Government Office conclusion notice, a plan with bold responsibility headings, a committee's
membership list. The documents are of the dev gold or outside the gold (never its test part);
the expected agencies were read off the documents themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_of
from vanban.query import answer
from vanban.query.ask import ask
from vanban.store.db import Store
from vanban.text.normalize import fold

FILES = [
    "tvpl_tai_lieu_noi_bo/Thong-bao-655-TB-VPCP-2025-ket-luan-tai-buoi-lam-viec-voi-lanh-dao-tinh-Son-La.md",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md",
    "laocai_skill_sct/QD-16-2026-QD-UBND_LaoCai_QuyCheCCN_OCR.txt",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("responsible"), FILES)
    yield s
    s.close()


def _top(store: Store, question: str, n: int = 3) -> list[dict]:
    answers = ask(store, question, limit=n)
    assert answers, question
    return answers


def _has(answers: list[dict], agency: str, role: str | None = None) -> bool:
    return any(a["agency"] and fold(a["agency"]) == fold(agency) and (role is None or a["role"] == role) for a in answers)


def test_conclusion_notice_plain_subject(store: Store) -> None:
    # TB 655/TB-VPCP III.4: "Hội đồng thẩm định Nhà nước thẩm định Báo cáo đề xuất chủ trương đầu
    # tư Chương trình mục tiêu quốc gia …": no cue word, a body the gazetteer does not list
    answers = _top(store, "Ai chịu trách nhiệm thẩm định báo cáo đề xuất chủ trương đầu tư chương trình mục tiêu quốc gia?")
    assert _has(answers, "Hội đồng thẩm định Nhà nước", "lead"), [a["agency"] for a in answers]
    right = next(a for a in answers if a["agency"] == "Hội đồng thẩm định Nhà nước")
    assert "Hội đồng thẩm định Nhà nước" in right["quote"]


def test_conclusion_notice_giao(store: Store) -> None:
    # TB 655/TB-VPCP III.5: "Giao Bộ Giáo dục và Đào tạo chủ trì, phối với Bộ Tài chính … rà soát, đề
    # xuất phương án xử lý …, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025"
    answers = _top(store, "Ai chịu trách nhiệm rà soát, đề xuất phương án xử lý các dự án trường học cho các xã biên giới?")
    assert _has(answers, "Bộ Giáo dục và Đào tạo"), [a["agency"] for a in answers]


def test_bold_heading_plan(store: Store) -> None:
    # KH 179/KH-UBND of Đồng Nai: "**9. Công an tỉnh:** Chủ trì, phối hợp triển khai các nhiệm vụ
    # phát triển hạ tầng định danh, xác thực điện tử …"
    answers = _top(store, "Ai chịu trách nhiệm phát triển hạ tầng định danh, xác thực điện tử?")
    assert _has(answers, "Công an tỉnh Đồng Nai", "lead"), [a["agency"] for a in answers]


def test_committee_members_are_not_the_answer(store: Store) -> None:
    # QĐ 16/2026/QĐ-UBND of Lào Cai: "Sở Công Thương báo cáo Ủy ban nhân dân tỉnh quyết định thành
    # lập Hội đồng đánh giá lựa chọn chủ đầu tư gồm: …, thành viên Hội đồng là đại diện các Sở Tài
    # chính, Sở Nông nghiệp và Môi trường, Sở Xây dựng …": the members are not responsible for it
    answers = _top(store, "Ai chịu trách nhiệm đánh giá lựa chọn chủ đầu tư cụm công nghiệp?", 5)
    assert _has(answers, "Sở Công Thương tỉnh Lào Cai"), [a["agency"] for a in answers]
    assert not _has(answers, "Sở Nông nghiệp và Môi trường tỉnh Lào Cai")
    assert not _has(answers, "Sở Xây dựng tỉnh Lào Cai")


LAI_CHAU_88 = "tvpl_tai_lieu_noi_bo/Quyet-dinh-88-2025-QD-UBND-quy-che-phoi-hop-Van-phong-Dang-ky-dat-dai-voi-Uy-ban-xa-Lai-Chau.md"


@pytest.fixture(scope="module")
def decision_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("decision"), [LAI_CHAU_88])
    yield s
    s.close()


def test_the_regulation_a_decision_issues_answers(decision_store: Store) -> None:
    # QĐ 88/2025/QĐ-UBND of Lai Châu issues a Quy chế after its signature (not read before issue
    # 12's attached texts); its Điều 11 "1. Trách nhiệm của Sở Tư pháp" + "hướng dẫn, tổ chức thực
    # hiện, tuyên truyền, phổ biến pháp luật về đăng ký biện pháp bảo đảm tại địa phương"
    answers = _top(decision_store, "Ai chịu trách nhiệm tuyên truyền, phổ biến pháp luật về đăng ký biện pháp bảo đảm?")
    assert _has(answers, "Sở Tư pháp tỉnh Lai Châu", "lead"), [a["agency"] for a in answers]


HCM_172 = "tvpl_tai_lieu_noi_bo/Ke-hoach-172-KH-UBND-2025-trien-khai-Luat-Viec-lam-Ho-Chi-Minh.md"


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("plan172"), [HCM_172])
    yield s
    s.close()


def test_document_named_by_code_and_title(plan_store: Store) -> None:
    # KH 172/KH-UBND of Hồ Chí Minh City, "triển khai thi hành Luật Việc làm", IV.1: "Sở Nội vụ
    # chịu trách nhiệm về việc báo cáo, đề nghị ban hành và nội dung Kế hoạch này". The question
    # names the plan by code and title: the title's words say which plan, "nội dung" is the topic
    # (with them, II.3's "Sở, ban, ngành … các nội dung được giao trong Luật Việc làm" came first).
    question = "Ai chịu trách nhiệm về nội dung Kế hoạch 172/KH-UBND triển khai thi hành Luật Việc làm?"
    result = answer.ask(plan_store, question)
    assert result.reading.topic == "nội dung"
    first = result.answers[0]
    assert first.agency is not None and fold(first.agency) == fold("Sở Nội vụ thành phố Hồ Chí Minh"), first.agency
    assert "nội dung Kế hoạch này" in first.tasks[0].quote.text


def test_title_word_inside_the_topic_stays(plan_store: Store) -> None:
    # "Luật Việc làm" is in the title, but here it is not at an end of the topic: it stays
    result = answer.ask(plan_store, "Kế hoạch 172/KH-UBND: ai rà soát văn bản quy định chi tiết Luật Việc làm theo lĩnh vực?")
    assert "luật việc làm" in result.reading.topic, result.reading.topic
