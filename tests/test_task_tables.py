"""Task tables in markdown (stages/assignments/tables.py) on real documents: which column names
the bodies that lead a row, which its partners, the row's time and its task."""

from __future__ import annotations

from tests.test_assignments import doc
from vanban.model import Assignment, Document
from vanban.stages.assignments.tables import column_roles
from vanban.text.normalize import match_key

DONG_NAI_179 = "tvpl_tai_lieu_noi_bo/Ke-hoach-179-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Dong-Nai-2026-2030.md"
BAC_NINH_144 = "tvpl_tai_lieu_noi_bo/Ke-hoach-144-KH-UBND-2025-phat-trien-kinh-te-so-va-xa-hoi-so-Bac-Ninh-2026-2030.md"
LAO_CAI_CT11 = "laocai_skill_sct/KH-xxx-KH-UBND_2026_LaoCai_trien-khai-CT-11-CT-TU_DRAFT.docx"
PHU_THO_1805 = "tvpl_whole_pages/QD-1805-QD-UBND_04e4130eb91f3242.md"


def appendix(d: Document) -> list[Assignment]:
    return [a for a in d.assignments if (a.section or "").startswith("Phụ lục")]


def test_the_executing_column_leads_beside_partners(corpus) -> None:
    # KH 179/KH-UBND Đồng Nai, Phụ lục: "STT | Nhiệm vụ, giải pháp | Đơn vị thực hiện | Đơn vị
    # phối hợp | Thời gian thực hiện | Sản phẩm đầu ra"; row 1.1 "Rà soát, xây dựng, sửa đổi …
    # | Sở Tư pháp | Các sở, ban, ngành; UBND các phường, xã | 2026 - 2030 | …"
    rows = appendix(doc(DONG_NAI_179))
    lead = next(a for a in rows if a.agency == "Sở Tư pháp tỉnh Đồng Nai")
    assert lead.role == "lead"
    assert lead.task.startswith("Rà soát, xây dựng, sửa đổi, bổ sung các quy định pháp luật")
    assert lead.deadline is not None and lead.deadline.interval == ["2026-01-01", "2030-12-31"]
    partners = {a.agency for a in rows if a.role == "cooperate" and a.task == lead.task}
    assert {"Các sở, ban, ngành tỉnh Đồng Nai", "Ủy ban nhân dân các xã, phường tỉnh Đồng Nai"} <= partners
    # row 4.1 "Xây dựng Kế hoạch triển khai Chiến lược dữ liệu quốc gia … | Công an tỉnh | … | 2025"
    police = next(a for a in rows if a.agency == "Công an tỉnh Đồng Nai" and a.role == "lead")
    assert police.task.startswith("Xây dựng Kế hoạch triển khai Chiến lược dữ liệu quốc gia")


def test_a_sub_table_header_without_the_number_column(corpus) -> None:
    # KH 179 part B: "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | …" (five headings) over rows
    # that keep their number ("4.1 | Xây dựng và tổ chức triển khai kế hoạch phát triển kinh tế số
    # và xã hội số trong lĩnh vực lao động, việc làm. | Sở Nội vụ | Các sở, ban, ngành; UBND các
    # phường xã | 2026 - 2030 | …", "4.3 | Triển khai, cập nhật, duy trì … Cơ sở dữ liệu quốc gia về
    # bảo hiểm … | Bảo hiểm xã hội tỉnh | …"): neither body is named in part A
    rows = appendix(doc(DONG_NAI_179))
    home = [a for a in rows if a.agency == "Sở Nội vụ tỉnh Đồng Nai" and a.role == "lead"]
    assert home and home[0].task.startswith("Xây dựng và tổ chức triển khai kế hoạch phát triển kinh tế số và xã hội số trong lĩnh vực lao động")
    assert home[0].deadline is not None and home[0].deadline.interval == ["2026-01-01", "2030-12-31"]
    assert any(a.agency == "Bảo hiểm xã hội tỉnh Đồng Nai" and a.role == "lead" for a in rows)


def test_names_in_the_task_cell_are_not_the_rows_bodies(corpus) -> None:
    # KH 179 row 8.3 "… nhắc nhở, đôn đốc các doanh nghiệp chậm chuyển đổi số | Sở Khoa học và
    # Công nghệ | Sở Tài chính; Sở Công Thương; UBND các phường xã"; row 7.6's task opens with
    # "Chủ trì tham mưu triển khai …": a row, not a new header
    rows = appendix(doc(DONG_NAI_179))
    assert not any("doanh nghiệp chậm" in a.agency or "doanh nghiệp số" in a.agency for a in rows)
    press = [a for a in rows if a.agency == "Báo và Phát thanh, Truyền hình tỉnh Đồng Nai" and a.role == "lead"]
    assert press and press[0].task.startswith("Chủ trì tham mưu triển khai Nền tảng số trên 4 loại hình báo chí")
    assert ("Sở Công Thương tỉnh Đồng Nai", "cooperate") in {(a.agency, a.role) for a in rows}


def test_the_task_is_the_rows_work_not_the_agency_cell(corpus) -> None:
    # KH 144/KH-UBND Bắc Ninh, Phụ lục "TT | Chỉ tiêu | Chủ trì": the task of "Sở Y tế" is its
    # target ("Tỷ lệ dân số trưởng thành tiếp cận dịch vụ số trong …"), not the cell "Sở Y tế"
    rows = appendix(doc(BAC_NINH_144))
    health = next(a for a in rows if a.agency == "Sở Y tế tỉnh Bắc Ninh")
    assert health.task.startswith("Tỷ lệ dân số trưởng thành")
    assert not any(a.task == a.mention for a in rows)


def test_a_task_saying_don_doc_is_a_row(corpus) -> None:
    # KH (draft) Lào Cai, Chỉ thị 11-CT/TU, Phụ lục row 10 "Kiểm tra, đối chiếu … và đôn đốc các
    # đơn vị khai thác … | Thuế tỉnh | Các Sở, ban, ngành và các cơ quan, đơn vị, địa phương liên
    # quan | Hàng năm", row 11 "… | Công an tỉnh | … | Xong trong Quý II/2026"
    rows = appendix(doc(LAO_CAI_CT11))
    tax = [a for a in rows if a.agency == "Thuế tỉnh Lào Cai" and a.role == "lead"]
    assert tax and tax[0].deadline is not None and tax[0].deadline.recurrence == "yearly"
    police = [a for a in rows if a.agency == "Công an tỉnh Lào Cai" and a.role == "lead"]
    assert police and police[0].deadline is not None and police[0].deadline.interval == ["2026-04-01", "2026-06-30"]


def test_a_list_of_procedures_is_no_task_table(corpus) -> None:
    # QĐ 1805/QĐ-UBND Phú Thọ lists the procedures it abolishes: "STT | Mã TTHC | Tên thủ tục hành
    # chính | … | Lĩnh vực | Cơ quan thực hiện": the body that handles a procedure is given no task
    assert column_roles([match_key(h) for h in ("STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực",
                                                 "Cơ quan thực hiện")]) is None
    d = doc(PHU_THO_1805)
    assert not [a for a in d.assignments if (a.section or "").startswith("Phụ lục")]
    # beside partners or a task column the same heading leads, and beside "chủ trì" it implements
    roles = column_roles([match_key(h) for h in ("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị thực hiện", "Thời gian")])
    assert roles == [None, "task", "lead", "implement", "deadline"]
