"""Deadline phrases -> date, interval or recurrence (pipeline/deadlines.py), on real wording."""

from __future__ import annotations

import pytest

from tests.conftest import doc_path
from vanban import process_file
from vanban.stages.deadlines import find, parse


@pytest.mark.parametrize("phrase,field,value", [
    # the forms GUIDE.md names
    ("trước ngày 30/6/2025", "date", "2025-06-30"),
    ("trong quý III/2024", "interval", ["2024-07-01", "2024-09-30"]),
    ("năm 2025", "interval", ["2025-01-01", "2025-12-31"]),
    ("hằng năm", "recurrence", "yearly"),
    ("định kỳ 6 tháng", "recurrence", "semiannual"),
    ("thường xuyên", "recurrence", "continuous"),
    # as the gold documents write them
    ("Thời gian hoàn thành xong trước ngày 05/10/2026.", "date", "2026-10-05"),
    ("Trước 31/12/2026", "date", "2026-12-31"),
    ("trước ngày 30 tháng 6 năm 2025", "date", "2025-06-30"),
    ("Quý IV năm 2025 và các năm tiếp theo", "interval", ["2025-10-01", "2025-12-31"]),
    ("Hoàn thành trong năm 2025", "interval", ["2025-01-01", "2025-12-31"]),
    ("Giai đoạn 2026-2030 và những năm tiếp theo", "interval", ["2026-01-01", "2030-12-31"]),
    ("2026 - 2030", "interval", ["2026-01-01", "2030-12-31"]),
    ("thời gian thực hiện xong trong tháng 6/2026", "interval", ["2026-06-01", "2026-06-30"]),
    ("Tháng 12/2025", "interval", ["2025-12-01", "2025-12-31"]),
    ("trước ngày 15 hằng tháng", "recurrence", "monthly"),
    ("hằng năm (trước ngày 15 tháng 11)", "recurrence", "yearly"),
    ("Định kỳ hàng năm", "recurrence", "yearly"),
    ("định kỳ hàng tuần", "recurrence", "weekly"),
    ("định kỳ", "recurrence", "periodic"),
    ("Định kỳ 06 (sáu) tháng hoặc đột xuất", "recurrence", "semiannual"),   # QĐ 98/2025/QĐ-UBND Nghệ An
])
def test_phrase(phrase: str, field: str, value) -> None:
    deadline = parse(phrase)
    assert deadline is not None, phrase
    assert getattr(deadline, field) == value
    assert deadline.to_dict()[field] == value


@pytest.mark.parametrize("text", [
    "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị",   # a reference's date
    "Lào Cai, ngày 15 tháng 9 năm 2026",                                 # the date line
    "Các quy định của Luật Địa chất và Khoáng sản năm 2024",             # a law's year
    "khu vực thường xuyên xảy ra khai thác trái phép",                   # not a frequency of a task
    "6 tháng đầu năm",
])
def test_not_a_deadline(text: str) -> None:
    assert parse(text) is None


def test_spans_point_into_the_text() -> None:
    text = "Giao Sở Nông nghiệp và Môi trường chủ trì. Thời gian hoàn thành xong trước ngày 05/10/2026."
    (hit,) = find(text)
    assert text[hit.start:hit.end].endswith("trước ngày 05/10/2026") and hit.deadline.date == "2026-10-05"


def test_lao_cai_letter_deadline(corpus) -> None:
    doc = process_file(doc_path("laocai_skill_sct/index_only/CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt"))
    dated = [a for a in doc.assignments if a.deadline and a.deadline.date]
    assert any(a.agency == "Sở Nông nghiệp và Môi trường tỉnh Lào Cai" and a.deadline.date == "2026-10-05" for a in dated)


def test_from_now_until_starts_at_the_document_date() -> None:
    deadline = parse("từ nay đến tháng 6/2027", since="2025-12-05")
    assert deadline is not None and deadline.interval == ["2025-12-01", "2027-06-30"]
    assert parse("từ nay đến tháng 6/2027") is None   # no document date, no start


def test_five_year_and_yearly_plans_are_not_a_frequency() -> None:
    # CV 9387: "… thành các chương trình, đề án, dự án, kế hoạch 5 năm và hằng năm để triển khai"
    assert parse("kế hoạch 5 năm và hằng năm để triển khai thực hiện") is None


def test_the_period_said_after_a_bare_dinh_ky_is_the_deadline() -> None:
    # "định kỳ" names no period; the words after it in the sentence do
    (hit,) = find("tham mưu Ủy ban nhân dân tỉnh ban hành Danh sách kê khai giá định kỳ trước ngày 15 tháng 02 hàng năm.")
    assert hit.deadline.recurrence == "yearly" and hit.deadline.text == "trước ngày 15 tháng 02 hàng năm"
    (hit,) = find("báo cáo định kỳ (hằng quý) về Sở Tài chính")
    assert hit.deadline.recurrence == "quarterly"
    # alone, or with its period in another sentence, it stays what it is
    assert [h.deadline.recurrence for h in find("Định kỳ hoặc đột xuất báo cáo Ủy ban nhân dân tỉnh")] == ["periodic"]
    assert [h.deadline.recurrence for h in find("Định kỳ báo cáo kết quả. Hằng năm tổng kết")] == ["periodic", "yearly"]


def test_bac_ninh_price_list_is_due_every_year(corpus) -> None:
    # QĐ 84/2025/QĐ-UBND Bắc Ninh (gold dev) Điều 5.3.b: "… định kỳ trước ngày 15 tháng 02 hàng năm";
    # Điều 8.1.a "… báo cáo giá thị trường định kỳ, đột xuất" names no period
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Quyet-dinh-84-2025-QD-UBND-phan-cong-nhiem-vu-thuc-hien-quan-ly-nha-nuoc-ve-gia-Bac-Ninh.md"))
    by_section = {(a.section, a.role): a.deadline for a in doc.assignments if a.agency == "Sở Tài chính tỉnh Bắc Ninh"}
    listed = by_section[("Chương II.Mục 1.Điều 5.3.b", "lead")]
    assert listed is not None and listed.recurrence == "yearly"
    market = by_section[("Chương II.Mục 2.Điều 8.1.a", "lead")]
    assert market is not None and market.recurrence == "periodic"


def test_a_period_after_a_noun_qualifies_it() -> None:
    # TB 623/TB-VPCP III.2 (dev): "… đảm bảo phù hợp với khả năng cân đối ngân sách trung ương giai
    # đoạn 2026 - 2030, báo cáo cấp có thẩm quyền": the budget's period, not the task's time
    assert find("đảm bảo phù hợp với khả năng cân đối ngân sách trung ương giai đoạn 2026 - 2030, báo cáo cấp có thẩm quyền") == []
    assert find("Triển khai Chương trình Make in Viet Nam cho giai đoạn 2026 - 2030") == []
    # said as the time of the task, or as a label's value, it is one
    (hit,) = find("Sở Công Thương triển khai thực hiện trong giai đoạn 2026-2030")
    assert hit.deadline.interval == ["2026-01-01", "2030-12-31"]
    hit = parse("Giai đoạn 2026 - 2030")
    assert hit is not None and hit.interval == ["2026-01-01", "2030-12-31"]


def test_tb_623_budget_period_is_no_deadline(corpus) -> None:
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Thong-bao-623-TB-VPCP-2025-Ket-luan-Pho-thu-tuong-buoi-lam-viec-voi-lanh-dao-tinh-Dak-Lak.md"))
    finance = [a for a in doc.assignments if a.agency == "Bộ Tài chính" and a.section in ("III.2", "III.4")]
    assert finance and all(a.deadline is None for a in finance)
    # III.7 "… trình Chính phủ xem xét, quyết định trong tháng 12/2025" stays
    assert any(a.agency == "Bộ Nội vụ" and a.deadline and a.deadline.interval == ["2025-12-01", "2025-12-31"]
               for a in doc.assignments)


def test_a_range_of_days() -> None:
    # KH 157/KH-UBND Cần Thơ (dev gold): "Đợt 01: từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12
    # năm 2025", "Đợt 02: từ ngày 08 đến ngày 10 tháng 12 năm 2025" (the first day takes the month
    # and year of the last)
    assert parse("Đợt 01: từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025").interval == ["2025-11-20", "2025-12-03"]
    assert parse("Đợt 02: từ ngày 08 đến ngày 10 tháng 12 năm 2025").interval == ["2025-12-08", "2025-12-10"]
    assert parse("Từ ngày 01/01/2026 đến ngày 31/3/2026").interval == ["2026-01-01", "2026-03-31"]
    # a range over before the document's date tells what happened
    assert find("mưa lũ từ ngày 17 đến ngày 20 tháng 11 năm 2025 tại tỉnh Đắk Lắk", since="2025-11-25") == []
    assert find("từ ngày 01/7 đến nay") == []


def test_a_line_break_inside_a_printed_deadline(corpus) -> None:
    # KH 7360/KH-UBND Lai Châu II.4 "Thời gian thực hiện: Năm" / "2026 và các năm tiếp theo"
    assert parse("Năm\n2026 và các năm tiếp theo").text == "Năm 2026 và các năm tiếp theo"
    doc = process_file(doc_path("tvpl_tai_lieu_noi_bo/Ke-hoach-7360-KH-UBND-2025-trien-khai-Luat-Tieu-chuan-va-quy-chuan-sua-doi-Lai-Chau.md"))
    texts = {a.deadline.text for a in doc.assignments if a.deadline}
    assert "Năm 2026 và các năm tiếp theo" in texts and not any("\n" in t for t in texts)


def test_rules_needing_a_digit_are_told_apart() -> None:
    # the shortcut of find() (rules.required_part): only rules that cannot match without a digit
    # skip a digit-free clause
    from re import _parser  # type: ignore[attr-defined]

    from vanban.rules import _needs_digit
    from vanban.stages.deadlines import _rules

    flags = {rule["pattern"]: _needs_digit(_parser.parse(p.pattern, p.flags).data) for _, p, rule in _rules()}
    assert flags[r"\bđịnh kỳ\b"] is False
    assert any(needs for pattern, needs in flags.items() if pattern.startswith("quý"))
    assert find("Báo cáo định kỳ hằng quý về Sở Tài chính.")[0].deadline.recurrence == "quarterly"
    assert find("Thực hiện thường xuyên, liên tục.")[0].deadline.recurrence == "continuous"


def test_the_digit_guard_keeps_every_match_of_a_plan(corpus, monkeypatch) -> None:
    # every line of the Lào Cai letter, scanned with and without the shortcut: the same phrases
    import vanban.stages.deadlines as deadlines

    text = doc_path("laocai_skill_sct/index_only/CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    guarded = [deadlines.find(line) for line in lines]
    monkeypatch.setattr(deadlines, "_required_parts", lambda: tuple(None for _ in deadlines._rules()))
    unguarded = [deadlines.find(line) for line in lines]
    assert guarded == unguarded and any(guarded)
