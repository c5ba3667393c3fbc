"""Roles of bodies the rules already find (issue 12): who leads, who carries out, who reports
(real documents, dev or outside the gold; expected values read off the documents)."""

from __future__ import annotations

from tests.test_assignments import doc, pairs

DAK_LAK_0125 = "tvpl_tai_lieu_noi_bo/Ke-hoach-0125-KH-UBND-2025-phong-trao-thi-dua-cuoc-bau-cu-Dai-bieu-Quoc-hoi-khoa-XVI-Dak-Lak.md"
CV_5649 = "tvpl_whole_pages/CV-5649-CT-CS_66b33234a2c7e4bf.md"
TTLT_29 = "vbpl_vn/TTLT-29-2025-TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC.txt"


def test_a_body_asked_in_a_plan_leads_its_item(corpus) -> None:
    # KH 0125/KH-UBND Đắk Lắk VI "TỔ CHỨC THỰC HIỆN": "1. Đề nghị Ban Tuyên giáo và Dân vận Tỉnh
    # ủy: Ban hành văn bản chỉ đạo …", "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ
    # chức chính trị - xã hội tỉnh: Vận động đoàn viên …": each opens its item, so leads it
    got = pairs(doc(DAK_LAK_0125))
    for body in ("Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đắk Lắk",
                 "Các tổ chức chính trị - xã hội tỉnh Đắk Lắk"):
        assert (body, "lead") in got and (body, "implement") not in got, body


def test_the_addressee_asked_in_a_letter_carries_out(corpus) -> None:
    # CV 5649/CT-CS (Cục Thuế to Thuế tỉnh Hà Tĩnh): "Đề nghị Thuế tỉnh Hà Tĩnh căn cứ quy định
    # … để hướng dẫn đơn vị thực hiện": a letter's request, implement (GUIDE.md Decisions)
    got = pairs(doc(CV_5649))
    assert ("Thuế tỉnh Hà Tĩnh", "implement") in got and ("Thuế tỉnh Hà Tĩnh", "lead") not in got


def test_a_summing_up_report_keeps_its_recipient(corpus) -> None:
    # TTLT 29/2025 Điều 1.5: "Sở Tư pháp tổng hợp, báo cáo kết quả triển khai Thông tư liên tịch
    # này gửi Bộ Tư pháp …": "tổng hợp, báo cáo" no longer hides the recipient further on
    got = [a for a in doc(TTLT_29).assignments if a.agency == "Sở Tư pháp" and a.role == "report"]
    assert [a.report_to for a in got] == ["Bộ Tư pháp"]



QD_95 = "tvpl_tai_lieu_noi_bo/Quyet-dinh-95-2025-QD-UBND-quy-che-phoi-hop-Van-phong-Dang-ky-dat-dai-voi-Uy-ban-xa-Nghe-An.md"


def test_a_body_asked_under_somebody_elses_heading_carries_out(corpus) -> None:
    # QĐ 95/2025/QĐ-UBND Nghệ An "Điều 21. Trách nhiệm của cơ quan có chức năng quản lý đất đai
    # cấp xã … 2. Đề nghị Chi nhánh Văn phòng đăng ký đất đai cung cấp tài liệu, số liệu …": the
    # commune's office asks, the Chi nhánh carries out; it does not lead the item
    got = [a.role for a in doc(QD_95).assignments
           if a.agency == "Chi nhánh Văn phòng đăng ký đất đai tỉnh Nghệ An" and (a.section or "").endswith("Điều 21.2")]
    assert got == ["implement"]


CV_XXX_KS = "laocai_skill_sct/CV-xxx-UBND-KT_2026_LaoCai_bao-ve-khoang-san_DRAFT.docx"
NQ_66_8 = "tvpl_tai_lieu_noi_bo/Nghi-quyet-66-8-2025-NQ-CP-tach-noi-dung-boi-thuong-du-an-dien-hat-nhan-thanh-du-an-doc-lap.md"


def test_supervising_the_carrying_out_of_a_law_or_a_resolution(corpus) -> None:
    # CV xxx/UBND-KT Lào Cai item 10: "… Tăng cường giám sát việc thực thi pháp luật về khoáng
    # sản"; NQ 66.8/2025/NQ-CP Điều 5.5: "Hội đồng nhân dân tỉnh Khánh Hòa thực hiện giám sát việc
    # tổ chức triển khai Nghị quyết": both supervise (dev gold)
    assert ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "supervise") in pairs(doc(CV_XXX_KS))
    assert ("Hội đồng nhân dân tỉnh Khánh Hòa", "supervise") in pairs(doc(NQ_66_8))
