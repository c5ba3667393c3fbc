"""Assignments (pipeline/assignments.py) on real documents: who must do what, in which role."""

from __future__ import annotations

from functools import cache

import pytest

from tests.conftest import doc_path
from vanban import process_file, process_text
from vanban.model import Document

SEED = "seed/KH-HU-BacAi-2024-03_CT28.txt"
CV_9387 = "laocai_skill_sct/index_only/CV-9387-UBND-KT_2026-09-15_UBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU_giao-So-NNMT.txt"
DAK_LAK_0130 = "tvpl_tai_lieu_noi_bo/Ke-hoach-0130-KH-UBND-2025-phong-chong-dich-benh-truyen-nhiem-sau-lut-bao-Dak-Lak.md"
HA_NOI_308 = "tvpl_tai_lieu_noi_bo/Ke-hoach-308-KH-UBND-2025-trien-khai-Nghi-quyet-214-NQ-CP-chuyen-doi-so-toan-dien-Ha-Noi.md"
ND_27 = "vbpl_vn/ND-27-2026-ND-CP_CSDL-CanBoCongChuc.txt"
ND_359 = "vbpl_vn/ND-359-2025-ND-CP_SuaDoiND181-2025.txt"
CD_217 = "tvpl_tai_lieu_noi_bo/Cong-dien-217-CD-TTg-2025-phong-tranh-ung-pho-mua-lu-tai-khu-vuc-Trung-Bo.md"


@cache
def doc(rel: str) -> Document:
    return process_file(doc_path(rel))


def pairs(d: Document) -> set[tuple[str, str]]:
    return {(a.agency, a.role) for a in d.assignments}


def test_seed_section_iii(corpus) -> None:
    d = doc(SEED)
    got = pairs(d)
    # OUTPUT.md's worked example, checked against the text of section III
    assert {
        ("Các cấp ủy huyện Bác Ái", "lead"),                        # III.1 "Các cấp ủy, chính quyền, MTTQ …"
        ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bác Ái", "lead"),
        ("Các tổ chức chính trị - xã hội huyện Bác Ái", "lead"),
        ("Đảng ủy các xã huyện Bác Ái", "lead"),                    # "Các Đảng uỷ xã căn cứ …"
        ("Đảng ủy các xã huyện Bác Ái", "supervise"),               # "… thường xuyên tổ chức kiểm tra, giám sát"
        ("Thường trực Hội đồng nhân dân huyện Bác Ái", "lead"),     # III.2
        ("Thường trực Hội đồng nhân dân huyện Bác Ái", "supervise"),
        ("Ủy ban nhân dân huyện Bác Ái", "lead"),                   # III.3
        ("Ủy ban nhân dân huyện Bác Ái", "supervise"),
        ("Ủy ban nhân dân huyện Bác Ái", "report"),
        ("Ban Tuyên giáo Huyện ủy Bác Ái", "lead"),                 # III.5
    } <= got
    report = next(a for a in d.assignments if a.role == "report")
    assert report.report_to == "Ban Thường vụ Huyện ủy Bác Ái"
    assert report.deadline is not None and report.deadline.recurrence == "periodic"
    # the task is the agency's own clause, and the span points at the agency in the text
    ubnd = next(a for a in d.assignments if a.agency == "Ủy ban nhân dân huyện Bác Ái" and a.role == "lead")
    assert ubnd.task.startswith("xây dựng kế hoạch triển khai thực hiện")
    assert d.text[ubnd.start:ubnd.start + len(ubnd.mention)] == ubnd.mention == "Ủy ban nhân dân huyện"
    # the body that promulgates and the bodies the preamble cites are not assigned anything
    assert not any(a.agency in ("Bộ Chính trị", "Ban Thường vụ Tỉnh ủy Ninh Thuận") for a in d.assignments)
    # recipients ("Nơi nhận") are not assignments either
    assert not any(a.agency == "Thường trực Tỉnh ủy Ninh Thuận" for a in d.assignments)


def test_seed_org_entities(corpus) -> None:
    d = doc(SEED)
    orgs = [e for e in d.entities if e.label == "ORG"]
    assert orgs and all(e.source == "rule" and d.text[e.start:e.end] == e.text for e in orgs)
    assert any(e.text == "Ban Tuyên giáo Huyện ủy" for e in orgs)


def test_lao_cai_letter_giao(corpus) -> None:
    d = doc(CV_9387)
    got = pairs(d)
    assert {
        ("Các sở, ban, ngành tỉnh Lào Cai", "lead"),
        ("Công an tỉnh Lào Cai", "lead"),
        ("Bộ Chỉ huy Quân sự tỉnh Lào Cai", "lead"),
        ("Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "lead"),
        ("Sở Nông nghiệp và Môi trường tỉnh Lào Cai", "lead"),          # "Giao Sở … chủ trì"
        ("Các cơ quan, đơn vị, địa phương tỉnh Lào Cai", "cooperate"),  # "… phối hợp với các cơ quan, đơn vị, địa phương"
    } <= got
    # "Kính gửi" addressees and the signing chairman are not tasks of their own
    assert not any(a.agency == "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai" for a in d.assignments)


def test_provincial_plan_items(corpus) -> None:
    d = doc(DAK_LAK_0130)
    got = pairs(d)
    assert {
        ("Sở Y tế tỉnh Đắk Lắk", "lead"),                           # "1. Sở Y tế:" then "- Chủ trì triển khai …"
        ("Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "lead"),
        ("Sở Tài chính tỉnh Đắk Lắk", "advise"),                     # "3. Sở Tài chính:" "Tham mưu nguồn kinh phí …"
        ("Ủy ban nhân dân các xã, phường tỉnh Đắk Lắk", "lead"),
    } <= got
    assert ("Sở Tài chính tỉnh Đắk Lắk", "lead") not in got
    reports = [a for a in d.assignments if a.role == "report" and a.agency == "Sở Y tế tỉnh Đắk Lắk"]
    assert reports and reports[0].report_to == "Ủy ban nhân dân tỉnh Đắk Lắk"


def test_labelled_lines(corpus) -> None:
    d = doc(HA_NOI_308)
    lead = [a for a in d.assignments if a.agency == "Sở Khoa học và Công nghệ thành phố Hà Nội" and a.role == "lead"]
    assert lead and lead[0].deadline is not None
    assert lead[0].deadline.interval == ["2025-01-01", "2025-12-31"]       # "Thời gian thực hiện: Hoàn thành trong năm 2025."
    assert ("Các sở, ban, ngành thành phố Hà Nội", "cooperate") in pairs(d)  # "Đơn vị phối hợp: Các Sở, ban, ngành."


def test_decree_articles(corpus) -> None:
    d = doc(ND_27)
    got = pairs(d)
    # "Điều 26. Trách nhiệm của Bộ Nội vụ", "Điều 27. Trách nhiệm của Bộ Công an", …
    assert {("Bộ Nội vụ", "lead"), ("Bộ Công an", "lead"), ("Bộ Khoa học và Công nghệ", "lead"),
            ("Ban Cơ yếu Chính phủ", "lead")} <= got
    # the government issuing the decree is not assigned
    assert not any(a.agency == "Chính phủ" for a in d.assignments)
    assert any(a.section and "Điều 26" in a.section for a in d.assignments if a.agency == "Bộ Nội vụ") or not d.sections


def test_decree_execution_clause(corpus) -> None:
    got = pairs(doc(ND_359))
    assert {("Các Bộ trưởng", "implement"), ("Thủ trưởng cơ quan ngang bộ", "implement"),
            ("Thủ trưởng cơ quan thuộc Chính phủ", "implement"),
            ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "implement")} == got
    # "… và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành": not an agency
    # (GUIDE.md Decisions added at the consistency review)


def test_dispatch_enumerations(corpus) -> None:
    got = pairs(doc(CD_217))
    assert {("Bộ Quốc phòng", "lead"), ("Bộ Công an", "lead"), ("Bộ Văn hóa, Thể thao và Du lịch", "lead"),
            ("Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa", "lead"), ("Đài Tiếng nói Việt Nam", "lead"),
            ("Văn phòng Chính phủ", "supervise")} <= got
    assert not any(agency == "Thủ tướng Chính phủ" for agency, _ in got)


# --- edge cases on hand-made strings ----------------------------------------------------------

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nKẾ HOẠCH\nThử nghiệm\n\n"


def test_cooperating_list_stops_at_the_verb() -> None:
    d = process_text(HEADER + "1. Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ và Công an tỉnh xây dựng kế hoạch.\n")
    assert pairs(d) == {("Sở Tư pháp tỉnh Bắc Ninh", "lead"), ("Sở Nội vụ tỉnh Bắc Ninh", "cooperate"),
                        ("Công an tỉnh Bắc Ninh", "cooperate")}
    coop = next(a for a in d.assignments if a.agency == "Sở Nội vụ tỉnh Bắc Ninh")
    assert d.text[coop.start:coop.end].startswith("Sở Nội vụ")


def test_report_recipient_is_not_assigned() -> None:
    d = process_text(HEADER + "2. Sở Y tế tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15/12/2025.\n")
    got = {(a.agency, a.role, a.report_to) for a in d.assignments}
    assert ("Sở Y tế tỉnh Bắc Ninh", "report", "Ủy ban nhân dân tỉnh Bắc Ninh") in got
    assert not any(a.agency == "Ủy ban nhân dân tỉnh Bắc Ninh" for a in d.assignments)
    report = next(a for a in d.assignments if a.role == "report")
    assert report.deadline is not None and report.deadline.date == "2025-12-15"


def test_issuer_voice_is_not_a_task() -> None:
    d = process_text(HEADER + "Ủy ban nhân dân tỉnh yêu cầu:\n1. Sở Tài chính tham mưu bố trí kinh phí.\n")
    assert pairs(d) == {("Sở Tài chính tỉnh Bắc Ninh", "advise")}


QD_1696 = "laocai_skill_sct/QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"
HCM_172 = "tvpl_tai_lieu_noi_bo/Ke-hoach-172-KH-UBND-2025-trien-khai-Luat-Viec-lam-Ho-Chi-Minh.md"


def test_execution_article_lists_agencies_across_semicolons(corpus) -> None:
    # "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Công Thương; …; Chủ tịch Uỷ ban nhân dân
    # các xã, phường; … chịu trách nhiệm thi hành Quyết định này"
    got = pairs(doc(QD_1696))
    assert {("Chánh Văn phòng Ủy ban nhân dân tỉnh Lào Cai", "implement"),
            ("Chủ tịch Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "implement"),
            ("Giám đốc Sở Công Thương tỉnh Lào Cai", "lead")} <= got


def test_executing_bodies_line(corpus) -> None:
    # "- Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp và các sở, ban, ngành …
    # chủ động tổ chức triển khai …"
    d = doc(HCM_172)
    got = pairs(d)
    assert {("Sở Nội vụ thành phố Hồ Chí Minh", "lead"), ("Sở Nội vụ thành phố Hồ Chí Minh", "advise"),
            ("Sở Tư pháp thành phố Hồ Chí Minh", "implement"),
            ("Ủy ban nhân dân các xã, phường, đặc khu thành phố Hồ Chí Minh", "implement")} <= got
    lead = next(a for a in d.assignments if a.agency == "Sở Nội vụ thành phố Hồ Chí Minh" and a.role == "lead")
    assert lead.deadline is not None and lead.deadline.interval == ["2025-01-01", "2025-12-31"]


def test_one_assignment_per_agency_and_role_in_a_section(corpus) -> None:
    for rel in (SEED, CV_9387, HA_NOI_308, ND_27):
        keys = [(a.agency, a.role, a.section) for a in doc(rel).assignments]
        assert len(keys) == len(set(keys)), rel
    # KH 308: each task item ("Đơn vị chủ trì: Sở Khoa học và Công nghệ") keeps its own lead
    leads = [a for a in doc(HA_NOI_308).assignments if a.agency == "Sở Khoa học và Công nghệ thành phố Hà Nội" and a.role == "lead"]
    # (a lead named on its item's own line is quoted from its name; one inherited from a heading
    # above is quoted from its own clause)
    named = [a for a in leads if doc(HA_NOI_308).text[a.start:a.end].startswith("Sở Khoa học và Công nghệ")]
    assert len(named) > 1


CTR_104 = "laocai_skill_sct/index_only/CTr-104-CTr-TU_2026-08-30_TinhUyLaoCai_thuc-hien-KL-75-KL-TW_CTr-31-CTr-TW.txt"
QD_11 = "laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt"
CAN_THO_159 = "tvpl_tai_lieu_noi_bo/Ke-hoach-159-KH-UBND-2025-truyen-thong-giam-ngheo-da-chieu-Can-Tho.md"
CV_2449 = "laocai_skill_sct/index_only/CV-2449-CV-DU_2026-09-07_DangUyUBNDTinhLaoCai_trien-khai-CTr-104-CTr-TU.txt"
HD_40 = "tvpl_tai_lieu_noi_bo/Huong-dan-40-HD-BTGDVTW-2025-xay-dung-kien-toan-doi-ngu-bao-cao-vien-cac-cap.md"
TB_636 = "tvpl_tai_lieu_noi_bo/Thong-bao-636-TB-VPCP-2025-Ket-luan-tai-buoi-lam-viec-voi-lanh-dao-tinh-Phu-Tho.md"
NQ_66_15 = "vbpl_vn/NQ-66.15-2026-NQ-CP.txt"
KH_XXX = "laocai_skill_sct/KH-xxx-KH-UBND_2026_LaoCai_trien-khai-CT-11-CT-TU_DRAFT.docx"


def deadlines_of(d: Document, agency: str, role: str) -> set[str]:
    return {a.deadline.date or "/".join(a.deadline.interval or []) or a.deadline.recurrence or ""
            for a in d.assignments if a.agency == agency and a.role == role and a.deadline}


def test_layout_table_rows(corpus) -> None:
    # CTr 104-CTr/TU Phụ lục 2: a pdftotext table whose cells wrap over lines interleaved with
    # the other cells ("Cơ quan, tổ chức đảng chủ trì | Cá nhân phụ trách chỉ đạo, kiểm tra,
    # đôn đốc | Thời hạn"); row 1: "Các cấp ủy, tổ / chức đảng", "Thủ trưởng các cơ quan, / đơn
    # vị, Bí thư Đảng ủy / các xã, phường", "Trước ngày / 15/10/2026"
    d = doc(CTR_104)
    assert "2026-10-15" in deadlines_of(d, "Các cấp ủy, tổ chức đảng tỉnh Lào Cai", "lead")
    assert "2026-10-15" in deadlines_of(d, "Thủ trưởng các cơ quan, đơn vị tỉnh Lào Cai", "supervise")
    assert "2026-10-15" in deadlines_of(d, "Bí thư Đảng ủy các xã, phường tỉnh Lào Cai", "supervise")
    # one entry per deadline (GUIDE.md Decisions): the rows of the programme's milestones
    lead = deadlines_of(d, "Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", "lead")
    assert {"2026-10-15", "2026-12-31", "2026-01-01/2030-12-31", "2029-01-01/2030-12-31", "2030-01-01/2030-12-31"} <= lead
    # "Đồng chí Phan Trung Bá - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh": the office, not the rank
    assert "2026-12-31" in deadlines_of(d, "Phó Chủ tịch Ủy ban nhân dân tỉnh Lào Cai", "supervise")
    assert ("Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh Lào Cai", "supervise") in pairs(d)
    appendix = [a for a in d.assignments if a.section and a.section.startswith("Phụ lục")]
    # the bodies named inside a task cell are not the row's agencies
    assert appendix and not any(a.agency in ("Bộ Chính trị", "Ban Chấp hành Trung ương Đảng") for a in appendix)


def test_page_number_is_not_a_label(corpus) -> None:
    # CTr 104 IV.4 opens after a page number ("11") on a line of its own
    got = pairs(doc(CTR_104))
    assert {("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "implement"),         # "Lãnh đạo, chỉ đạo Ủy ban MTTQ …"
            ("Các tổ chức chính trị - xã hội tỉnh Lào Cai", "implement"),
            ("Các cơ quan báo chí, truyền thông tỉnh Lào Cai", "implement")} <= got  # "chỉ đạo, định hướng các cơ quan báo chí …"


def test_several_frequencies_and_partners_deadlines(corpus) -> None:
    # QĐ 11/2026 Điều 20.1.a: "Báo cáo định kỳ hàng quý, hàng năm hoặc đột xuất" -> two entries
    d = doc(QD_11)
    assert {"quarterly", "yearly"} <= deadlines_of(d, "Sở Xây dựng tỉnh Lào Cai", "report")
    # a task's time goes on its partners too: KH (draft) Lào Cai, appendix "Đơn vị phối hợp"
    assert "2026-04-01/2026-06-30" in deadlines_of(doc(KH_XXX), "Các sở, ban, ngành tỉnh Lào Cai", "cooperate")


SON_LA_2954 = "tvpl_tai_lieu_noi_bo/Quyet-dinh-2954-QD-UBND-2025-Ke-hoach-xuat-khau-san-pham-hang-hoa-Son-La-2026-2030.md"


def test_frequencies_with_their_dates_in_brackets(corpus) -> None:
    # QĐ 2954 Sơn La V.2: "báo cáo … định kỳ hàng tháng (*trước ngày 18 hàng tháng*), 6 tháng
    # (*trước ngày 18/5*), tổng kết năm (*trước ngày 30/11 hàng năm*) hoặc khi có yêu cầu"
    d = doc(SON_LA_2954)
    assert {"monthly", "semiannual", "yearly"} <= deadlines_of(d, "Sở Công Thương tỉnh Sơn La", "report")
    # V.1: the same three for every body of "Các Sở, ngành, UBND các xã, phường và …"
    assert {"monthly", "semiannual", "yearly"} <= deadlines_of(d, "Ủy ban nhân dân các xã, phường tỉnh Sơn La", "report")


def test_a_date_in_brackets_is_no_second_frequency() -> None:
    # QĐ 170/QĐ-BCĐNNDL 2025 Điều 17.2 (a bulk line): the brackets date the frequency before them;
    # "01 năm (…)" after "và" is the second one
    text = ("QUYẾT ĐỊNH\nĐiều 17. Chế độ báo cáo\n2. Sở Du lịch định kỳ 06 tháng (trước ngày 20 tháng 6 hằng năm) "
            "báo cáo Ủy ban nhân dân tỉnh về tình hình triển khai.\n3. Sở Tài chính định kỳ 06 tháng (trước ngày 20 "
            "tháng 6 hằng năm) và 01 năm (trước ngày 15 tháng 11 hằng năm) báo cáo Ủy ban nhân dân tỉnh.\n")
    d = process_text(text)
    assert {(a.deadline.recurrence if a.deadline else None) for a in d.assignments if a.agency.startswith("Sở Du lịch")} == {"semiannual"}
    assert {a.deadline.recurrence for a in d.assignments if a.agency.startswith("Sở Tài chính") and a.deadline} == {"semiannual", "yearly"}


def test_report_by_frequency_and_supervising_opening(corpus) -> None:
    # KH 0130 Đắk Lắk IV.7: "- Các Trung tâm y tế giám sát tuyến xã và báo cáo hằng ngày."
    d = doc(DAK_LAK_0130)
    assert ("Các trung tâm y tế tỉnh Đắk Lắk", "supervise") in pairs(d)
    assert "daily" in deadlines_of(d, "Các trung tâm y tế tỉnh Đắk Lắk", "report")
    # IV.6 "- Mặt trận Tổ quốc, Đoàn\nThanh niên, Hội Phụ nữ hỗ trợ …": a dash item cut in its list
    assert any(a.agency == "Hội Liên hiệp Phụ nữ tỉnh Đắk Lắk" for a in d.assignments)


def test_by_remit_opening(corpus) -> None:
    # KH 159 Cần Thơ V.2: "Căn cứ chức năng, nhiệm vụ, phối hợp với các cơ quan, đơn vị liên quan …"
    got = pairs(doc(CAN_THO_159))
    assert ("Sở Tài chính thành phố Cần Thơ", "cooperate") in got
    assert ("Sở Tài chính thành phố Cần Thơ", "lead") not in got
    assert ("Các cơ quan, đơn vị liên quan thành phố Cần Thơ", "cooperate") in got


def test_party_committee_own_bodies(corpus) -> None:
    # CV 2449-CV/ĐU of the Đảng ủy UBND tỉnh: "Ban xây dựng đảng Đảng ủy", "các chi bộ, đảng bộ cơ sở".
    # The two collectives, a letter's, carry it out (the dev gold has them implement, and lead too)
    got = pairs(doc(CV_2449))
    assert {("Ban Xây dựng Đảng Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", "lead"),
            ("Các chi bộ, đảng bộ cơ sở trực thuộc Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", "implement"),
            ("Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", "implement")} <= got


def test_quota_lines_and_closing_notice(corpus) -> None:
    # HD 40 II.1: "- Văn phòng Trung ương Đảng, Ủy ban Kiểm tra Trung ương, các ban, cơ quan của
    # Đảng: chọn cử tối đa 03 người" is a quota, not a task
    assert not any(a.agency in ("Văn phòng Trung ương Đảng", "Ủy ban Kiểm tra Trung ương") for a in doc(HD_40).assignments)
    # TB 636: "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Phú Thọ và các Bộ, cơ quan liên
    # quan biết, thực hiện"
    got = pairs(doc(TB_636))
    assert ("Ủy ban nhân dân tỉnh Phú Thọ", "implement") in got
    assert ("Các bộ, cơ quan liên quan", "implement") in got


def test_list_with_a_level_supervises(corpus) -> None:
    got = pairs(doc(NQ_66_15))
    assert {("Hội đồng nhân dân các cấp", "supervise"), ("Đại biểu Hội đồng nhân dân các cấp", "supervise"),
            ("Mặt trận Tổ quốc Việt Nam các cấp", "supervise")} <= got


def test_issuer_notice_for_information_only() -> None:
    d = process_text(HEADER + "III. TỔ CHỨC THỰC HIỆN\n\nỦy ban nhân dân tỉnh thông báo để Sở Tư pháp biết.\n")
    assert not any(a.agency == "Sở Tư pháp tỉnh Bắc Ninh" for a in d.assignments)


def test_a_prime_ministers_decision_names_classes_of_provincial_bodies(corpus) -> None:
    # QĐ 29/2025/QĐ-TTg, Điều 13.4: "… Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung
    # ương, Chủ tịch Hội đồng quản trị và Tổng Giám đốc Ngân hàng Chính sách xã hội chịu trách
    # nhiệm thi hành Quyết định này." No province is named: the class, not "… tỉnh".
    from tests.conftest import doc_path
    from vanban import process_file

    doc = process_file(doc_path("vbpl_vn/QD-29-2025-QD-TTg_TinDungHSSV.txt"))
    pairs = {(a.agency, a.role) for a in doc.assignments}
    assert ("Chủ tịch Ủy ban nhân dân cấp tỉnh", "implement") in pairs
    assert not any(a.agency.endswith(" tỉnh") and "cấp tỉnh" not in a.agency for a in doc.assignments)
    # Điều 5.1: "Ngân hàng Chính sách xã hội thực hiện cho vay thông qua hộ gia đình"
    assert any(a.agency == "Ngân hàng Chính sách xã hội" for a in doc.assignments)


def test_a_letters_request_without_a_subject_is_for_its_addressee(corpus) -> None:
    from tests.conftest import doc_path
    from vanban import process_file

    # CV 6795/SNNMT-KS: "Kính gửi: Công ty cổ phần Khai thác và Chế biến kim loại Thủ Đô (Địa chỉ: …)"
    # … "Sở Nông nghiệp và Môi trường đề nghị Công ty thực hiện đầy đủ các nội dung sau:"
    doc = process_file(doc_path("laocai_skill_sct/CV-6795-SNNMT-KS_2026-07-17_LaoCai.txt"))
    company = [a for a in doc.assignments if a.agency == "Công ty cổ phần Khai thác và Chế biến kim loại Thủ Đô"]
    assert company and company[0].role == "implement" and company[0].task == "thực hiện đầy đủ các nội dung sau"
    assert doc.text[company[0].start:company[0].end].startswith("thực hiện đầy đủ các nội dung sau")
    # Not the bodies its first paragraph mentions (the Ministry that granted the licence).
    assert not any(a.agency == "Bộ Nông nghiệp và Môi trường" for a in doc.assignments)
    # CV 1178/ĐCK-CTT (PDF), to "Sở Công Thương tỉnh Lào Cai": "… Vì vậy, đề nghị địa phương căn
    # cứ địa giới hành chính mới đã được điều chỉnh để xác định địa điểm …"
    doc = process_file(doc_path("laocai_skill_sct/CV-1178-DCK-CTT_huong-dan-CCN-dia-gioi-moi.pdf"))
    assert [(a.agency, a.role, a.task[:40]) for a in doc.assignments] == [
        ("Sở Công Thương tỉnh Lào Cai", "implement", "căn cứ địa giới hành chính mới đã được đ")]


_LETTER = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 123/UBND-KT\nV/v triển khai nhiệm vụ\nBắc Ninh, ngày 05 tháng 3 năm 2026\n"
           "Kính gửi:\n- Sở Tài chính;\n- Sở Xây dựng.\n\n{body}\n\nNơi nhận:\n- Như trên;\n")


@pytest.mark.parametrize("body", [
    "Ủy ban nhân dân tỉnh đề nghị Chủ đầu tư khẩn trương hoàn thiện hồ sơ.",        # another subject
    "Ngày 01/3/2026, Doanh nghiệp đã có văn bản đề nghị hướng dẫn thủ tục nhưng chưa được giải quyết.",
    "Ủy ban nhân dân tỉnh đã nhận được hồ sơ đề nghị cấp phép khai thác của Công ty ABC.",  # a noun
    "Ủy ban nhân dân tỉnh yêu cầu Công ty cổ phần Xây dựng Hà Bắc khắc phục ngay vi phạm.",  # not an addressee
    "Đề nghị đồng chí Giám đốc Sở Y tế chỉ đạo thực hiện.",
    "Sở Tư pháp đề nghị người dân chấp hành nghiêm.",
])
def test_requests_to_someone_else_are_not_the_addressees(body: str) -> None:
    doc = process_text(_LETTER.format(body=body))
    assert doc.doc_type == "Công văn"
    assert not any(a.agency.startswith(("Sở Tài chính", "Sở Xây dựng")) for a in doc.assignments), doc.assignments


def test_a_subjectless_request_goes_to_every_addressee() -> None:
    doc = process_text(_LETTER.format(body="Vì vậy, đề nghị nghiên cứu, sửa đổi quy định về phí."))
    assert sorted((a.agency, a.role, a.task) for a in doc.assignments) == [
        ("Sở Tài chính tỉnh Bắc Ninh", "implement", "nghiên cứu, sửa đổi quy định về phí"),
        ("Sở Xây dựng tỉnh Bắc Ninh", "implement", "nghiên cứu, sửa đổi quy định về phí")]


# --- issue 12: obligation clauses read from the clause's grammar, on documents of the dev gold
# and outside the gold (never the test part) -----------------------------------------------------

TB_655 = "tvpl_tai_lieu_noi_bo/Thong-bao-655-TB-VPCP-2025-ket-luan-tai-buoi-lam-viec-voi-lanh-dao-tinh-Son-La.md"
CD_221 = "tvpl_tai_lieu_noi_bo/Cong-dien-221-CD-TTg-2025-tap-trung-uu-tien-giu-vung-on-dinh-kinh-te-vi-mo.md"
DONG_NAI_179 = "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md"
LAO_CAI_QD_16 = "laocai_skill_sct/QD-16-2026-QD-UBND_LaoCai_QuyCheCCN_OCR.txt"


def test_conclusion_notice_plain_subjects(corpus) -> None:
    """TB 655/TB-VPCP (Sơn La): "Hội đồng thẩm định Nhà nước thẩm định …" (a body no gazetteer
    lists, as the plain subject of its action), "Giao Bộ Xây dựng chủ trì …", and the closing
    "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh Sơn La và các Bộ, cơ quan liên quan
    biết, thực hiện", where the Office speaks and is assigned nothing."""
    d = doc(TB_655)
    got = pairs(d)
    assert {("Hội đồng thẩm định Nhà nước", "lead"), ("Bộ Nông nghiệp và Môi trường", "lead"), ("Bộ Xây dựng", "lead"),
            ("Ủy ban nhân dân tỉnh Sơn La", "implement"), ("Các bộ, cơ quan liên quan", "implement")} <= got
    assert not [a for a in d.assignments if a.agency == "Văn phòng Chính phủ"]
    # the task is the work, not the role words and the partners named before it
    lead = next(a for a in d.assignments if a.agency == "Bộ Xây dựng" and a.role == "lead")
    assert lead.task.startswith("xem xét, quyết định theo thẩm quyền")
    assert d.text[lead.start:lead.end].startswith("Bộ Xây dựng")


def test_dispatch_collectives_carry_out(corpus) -> None:
    """CĐ 221/CĐ-TTg: "1. Các Bộ, cơ quan, địa phương" heads tasks every one of them carries
    out; "Chủ tịch các Tập đoàn, Tổng Công ty nhà nước" are addressees told to act."""
    got = pairs(doc(CD_221))
    assert ("Các bộ, cơ quan, địa phương", "implement") in got
    assert ("Các bộ, cơ quan, địa phương", "lead") not in got
    assert ("Chủ tịch các tập đoàn, tổng công ty nhà nước", "implement") in got
    assert ("Ngân hàng Nhà nước Việt Nam", "lead") in got       # "**2.** Ngân hàng Nhà nước Việt Nam" then its tasks


def test_bold_responsibility_headings(corpus) -> None:
    """KH 179/KH-UBND of Đồng Nai (outside the gold): "**4. Sở Y tế**" then "- Chủ trì, phối hợp
    triển khai …"; "**9. Công an tỉnh:** Chủ trì …" on the heading's own line."""
    d = doc(DONG_NAI_179)
    got = pairs(d)
    assert {("Sở Khoa học và Công nghệ tỉnh Đồng Nai", "lead"), ("Sở Y tế tỉnh Đồng Nai", "lead"),
            ("Công an tỉnh Đồng Nai", "lead"), ("Bộ Chỉ huy Quân sự tỉnh Đồng Nai", "lead"),
            ("Các doanh nghiệp viễn thông tỉnh Đồng Nai", "lead")} <= got
    first = next(a for a in d.assignments if a.agency == "Sở Khoa học và Công nghệ tỉnh Đồng Nai" and a.role == "lead")
    assert first.section == "VI.1.a"
    assert first.task.startswith("tổ chức, hướng dẫn, đôn đốc")  # not "a) Chủ trì …" nor the heading


def test_a_committees_members_are_not_assigned(corpus) -> None:
    """QĐ 16/2026/QĐ-UBND of Lào Cai, Điều 6: "Sở Công Thương báo cáo Ủy ban nhân dân tỉnh quyết
    định thành lập Hội đồng đánh giá lựa chọn chủ đầu tư gồm: Chủ tịch Hội đồng là Lãnh đạo Ủy
    ban nhân dân tỉnh, …, thành viên Hội đồng là đại diện các Sở Tài chính, Sở Nông nghiệp và Môi
    trường, Sở Xây dựng, UBND cấp xã …": the report is a task, the members are not."""
    d = doc(LAO_CAI_QD_16)
    at = d.text.index("giá lựa chọn chủ đầu tư gồm")
    near = [(a.agency, a.role) for a in d.assignments if at - 600 < a.start < at + 700]
    assert ("Sở Công Thương tỉnh Lào Cai", "report") in near
    assert not [p for p in near if p[0] in ("Sở Nông nghiệp và Môi trường tỉnh Lào Cai", "Sở Xây dựng tỉnh Lào Cai")]


def test_dispatch_addressees_carry_it_out(corpus) -> None:
    """CĐ 221/CĐ-TTg: "THỦ TƯỚNG CHÍNH PHỦ điện: - Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ
    quan thuộc Chính phủ; - Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương; -
    Chủ tịch các Tập đoàn, Tổng Công ty Nhà nước.": each addressee implements the dispatch; the
    Prime Minister who sends it is assigned nothing, nor is the type line "CÔNG ĐIỆN" a list."""
    d = doc(CD_221)
    got = pairs(d)
    assert {("Bộ trưởng các bộ", "implement"), ("Thủ trưởng cơ quan ngang bộ", "implement"),
            ("Thủ trưởng cơ quan thuộc Chính phủ", "implement"),
            ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "implement")} <= got
    assert not [a for a in d.assignments if a.agency == "Thủ tướng Chính phủ"]


TVPL_BULK = "tvpl_tai_lieu_noi_bo/tvpl_nghidinh_subset_all_vietnamese_docs.jsonl.gz"


@cache
def bulk_doc(line: int) -> Document:
    from vanban.extract import iter_bulk

    return next(iter_bulk(doc_path(TVPL_BULK), (line, line)))


def test_a_decisions_attached_plan_is_read(corpus) -> None:
    # QĐ 2853/QĐ-UBND (Hồ Chí Minh, bulk line 100) issues a Kế hoạch after its signature: the
    # plan's "V. TỔ CHỨC THỰC HIỆN" assigns ("2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở
    # Nông nghiệp và Môi trường, …"), and the decision's Điều 3 ("Chánh\nVăn phòng …, Giám đốc Sở
    # …, Thủ trưởng các sở, ban, ngành Thành phố, Ủy ban nhân dân các phường, xã, đặc khu … chịu
    # trách nhiệm thi hành"), whose first name is cut by a line break, names all four
    d = bulk_doc(100)
    got = pairs(d)
    hcm = "thành phố Hồ Chí Minh"
    assert ("Sở Giáo dục và Đào tạo " + hcm, "lead") in got
    assert ("Sở Y tế " + hcm, "lead") in got
    article = {(a.agency, a.role) for a in d.assignments if a.section == "Điều 3"}
    assert article == {(f"Chánh Văn phòng Ủy ban nhân dân {hcm}", "implement"),
                       (f"Giám đốc Sở Nông nghiệp và Môi trường {hcm}", "implement"),
                       (f"Thủ trưởng các sở, ban, ngành {hcm}", "implement"),
                       (f"Ủy ban nhân dân các xã, phường, đặc khu {hcm}", "implement")}


CV_DRAFT = "laocai_skill_sct/CV-xxx-UBND-KT_2026_LaoCai_bao-ve-khoang-san_DRAFT.docx"
DONG_THAP_597 = "tvpl_tai_lieu_noi_bo/Ke-hoach-597-KH-UBND-2025-chuyen-doi-so-trong-xay-dung-ket-cau-ha-tang-giao-thong-Dong-Thap.md"


def test_a_letters_closing_line_tells_its_bodies_to_carry_out(corpus) -> None:
    # "Căn cứ văn bản này, các cơ quan, đơn vị, địa phương liên quan triển khai thực hiện./."
    # (GUIDE.md Decisions: closing lines of letters give implement); "…, Chủ tịch Ủy ban nhân dân
    # tỉnh yêu cầu và đề nghị các cơ quan, đơn vị thực hiện …" is the issuer speaking
    got = pairs(doc(CV_DRAFT))
    assert ("Các cơ quan, đơn vị, địa phương liên quan tỉnh Lào Cai", "implement") in got
    assert ("Chủ tịch Ủy ban nhân dân tỉnh Lào Cai", "lead") not in got


def test_the_body_that_sums_up_the_reports_reports(corpus) -> None:
    # "Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng, để
    # tổng hợp báo cáo Ủy ban nhân dân Tỉnh …": Sở Xây dựng reports, without the senders' date
    d = doc(DONG_THAP_597)
    relay = [a for a in d.assignments if a.agency == "Sở Xây dựng tỉnh Đồng Tháp" and a.role == "report"]
    assert relay and relay[0].report_to and relay[0].report_to.startswith("Ủy ban nhân dân tỉnh Đồng Tháp")
    assert all(a.deadline is None for a in relay)


def test_a_generic_collective_told_to_carry_out_implements() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\n"
            "I. TỔ CHỨC THỰC HIỆN\n1. Các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện Kế hoạch này.\n"
            "2. Sở Tài chính chủ trì tổng hợp.\n3. Ủy ban nhân dân các xã, phường tổ chức thực hiện Kế hoạch này.\n")
    got = pairs(process_text(text))
    assert ("Các cơ quan, đơn vị, địa phương tỉnh Lào Cai", "implement") in got
    assert ("Sở Tài chính tỉnh Lào Cai", "lead") in got
    # a named kind of body keeps the role of its item
    assert ("Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "lead") in got


NGHE_AN_98 = "tvpl_tai_lieu_noi_bo/Quyet-dinh-98-2025-QD-UBND-quy-che-tiep-nhan-xu-ly-giai-quyet-kien-nghi-cua-cu-tri-Nghe-An.md"


def test_bodies_told_to_carry_out_the_document_implement(corpus) -> None:
    # QĐ 98/2025 Nghệ An, the regulation's Điều 18: "Chánh Văn phòng UBND tỉnh, Thủ trưởng các
    # sở, ban, ngành cấp tỉnh, Chủ tịch UBND cấp xã … triển khai thực hiện và chịu trách nhiệm
    # trước UBND tỉnh … về kết quả thực hiện Quy chế này": the closing article's wording
    got = pairs(doc(NGHE_AN_98))
    for agency in ("Chánh Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "Thủ trưởng các sở, ban, ngành tỉnh Nghệ An"):
        assert (agency, "implement") in got
        assert (agency, "lead") not in got
    # the articles "Trách nhiệm của …" still make their bodies lead
    assert ("Các sở, ban, ngành tỉnh Nghệ An", "lead") in got


def test_an_article_heading_names_the_body_of_every_item_below(corpus) -> None:
    # QĐ 16/2026/QĐ-UBND Lào Cai, Quy chế quản lý cụm công nghiệp, Điều 21 (read in the text):
    # "Điều 21. Trách nhiệm Sở Nội vụ" then "1. Phối hợp với …", "2. Chủ trì, phối hợp với … hướng
    # dẫn các doanh nghiệp …", "3. Chủ trì phối hợp … điều tra tai nạn lao động …", "4. Thực hiện
    # cấp, cấp lại, gia hạn, thu hồi giấy phép lao động …". Each item is a task of the Sở Nội vụ,
    # in its own section; before, the heading had no "của" and named nobody, and an inherited
    # body's tasks were all filed at the heading, where one lead kept the rest out.
    d = doc("laocai_skill_sct/QD-16-2026-QD-UBND_LaoCai_QuyCheCCN_OCR.txt")
    mine = [a for a in d.assignments if a.agency == "Sở Nội vụ tỉnh Lào Cai" and (a.section or "").startswith("Chương III.Điều 21")]
    by_section = {(a.section, a.role) for a in mine}
    assert ("Chương III.Điều 21.1", "cooperate") in by_section
    assert {("Chương III.Điều 21.3", "lead"), ("Chương III.Điều 21.4", "lead")} <= by_section
    work = next(a for a in mine if a.section == "Chương III.Điều 21.4" and a.role == "lead")
    assert work.task.startswith("Thực hiện cấp, cấp lại, gia hạn, thu hồi giấy phép lao động")
    assert d.text[work.start:work.end].lstrip().startswith("Thực hiện cấp")


def test_every_assignment_span_is_a_piece_of_the_text(corpus) -> None:
    # QĐ 1627/QĐ-UBND Quảng Ngãi IV.1.4: "Ủy ban nhân dân các phường, xã, đặc khu" heads an item whose
    # first clause is empty; filed at that clause, its span ran backwards (start 10456, end 10455)
    for rel in ("tvpl_tai_lieu_noi_bo/Quyet-dinh-1627-QD-UBND-2025-Ke-hoach-kiem-ke-tai-san-cong-tai-co-quan-to-chuc-don-vi-Quang-Ngai.md",
                "laocai_skill_sct/QD-16-2026-QD-UBND_LaoCai_QuyCheCCN_OCR.txt"):
        d = doc(rel)
        assert d.assignments, rel
        assert all(0 <= a.start < a.end <= len(d.text) for a in d.assignments), \
            [(a.agency, a.start, a.end) for a in d.assignments if not 0 <= a.start < a.end <= len(d.text)]
