"""Partners named by "phối hợp với …" in a clause that names nobody before it (real documents)."""

from __future__ import annotations

from tests.test_assignments import doc, pairs
from vanban import process_text

KH_DRAFT = "laocai_skill_sct/KH-xxx-KH-UBND_2026_LaoCai_trien-khai-CT-11-CT-TU_DRAFT.docx"
QD_11 = "laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt"


def test_partners_of_a_clause_without_a_subject_cooperate(corpus) -> None:
    # KH (draft) Lào Cai, item 8 "Phát huy vai trò của Mặt trận Tổ quốc và Nhân dân": "- Tăng cường
    # phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai và các tổ chức chính trị – xã hội
    # trong công tác tuyên truyền …" (dev gold: both cooperate); before, a clause with no subject
    # assigned nobody
    got = pairs(doc(KH_DRAFT))
    assert ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lào Cai", "cooperate") in got
    assert ("Các tổ chức chính trị - xã hội tỉnh Lào Cai", "cooperate") in got


def test_partners_after_a_subject_the_clause_does_not_open_with(corpus) -> None:
    # QĐ 11/2026/QĐ-UBND Lào Cai: "Trong thời hạn 05 ngày kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Tài
    # chính phối hợp với các đơn vị có liên quan tổ chức kiểm tra …" (dev gold: cooperate)
    assert ("Các đơn vị có liên quan tỉnh Lào Cai", "cooperate") in pairs(doc(QD_11))


def test_a_clause_without_partners_or_subject_assigns_nobody() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\n"
            "I. TỔ CHỨC THỰC HIỆN\n1. Tăng cường tuyên truyền về chuyển đổi số.\n"
            "2. Tăng cường phối hợp với Sở Tư pháp trong công tác tuyên truyền.\n")
    got = pairs(process_text(text))
    assert got == {("Sở Tư pháp tỉnh Lào Cai", "cooperate")}
