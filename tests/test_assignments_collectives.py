"""Collectives told to carry out (real documents): a letter's collectives implement, and "tổ
chức, triển khai thực hiện" with its comma is the carrying out of GUIDE.md's closing lines."""

from __future__ import annotations

from tests.test_assignments import doc, pairs
from vanban import process_text

CV_7103 = "laocai_skill_sct/index_only/CV-7103-UBND-TH_2026-07-10_UBNDTinhLaoCai_trien-khai-ND-178-2026.txt"
DAK_LAK_0124 = "tvpl_tai_lieu_noi_bo/Ke-hoach-0124-KH-UBND-2025-phat-dong-dot-thi-dua-Dai-hoi-lan-thu-XIV-cua-Dang-Dak-Lak.md"


def test_a_letters_collectives_carry_it_out(corpus) -> None:
    # CV 7103/UBND-TH Lào Cai, "7. Tổ chức thực hiện / a) Các sở, ban, ngành; Ủy ban nhân dân các
    # xã, phường; các cơ quan, đơn vị và doanh nghiệp, căn cứ chức năng, nhiệm vụ …" and "Yêu cầu
    # Thủ trưởng các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã, phường; … nghiêm túc thực
    # hiện": the letter's collectives carry it out (dev gold: implement, not lead)
    got = pairs(doc(CV_7103))
    for agency in ("Các sở, ban, ngành tỉnh Lào Cai", "Chủ tịch Ủy ban nhân dân các xã, phường tỉnh Lào Cai"):
        assert (agency, "implement") in got
        assert (agency, "lead") not in got
    # "3. Ủy ban nhân dân các xã, phường / a) Tổ chức quán triệt …": its own item, which it leads
    assert {("Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "implement"),
            ("Ủy ban nhân dân các xã, phường tỉnh Lào Cai", "lead")} <= got
    # a named body of the same letter still leads its item
    assert ("Sở Tài chính tỉnh Lào Cai", "lead") in got


def test_organise_comma_carry_out_is_carrying_out(corpus) -> None:
    # KH 0124/KH-UBND Đắk Lắk, the closing line: "…; các cơ quan, đơn vị, địa phương, doanh nghiệp
    # nghiêm túc tổ chức, triển khai thực hiện./." (dev gold: implement)
    assert ("Các cơ quan, đơn vị, địa phương, doanh nghiệp tỉnh Đắk Lắk", "implement") in pairs(doc(DAK_LAK_0124))


def test_a_plans_named_collective_keeps_its_lead() -> None:
    # the letter rule is for letters: in a plan, "Ủy ban nhân dân các xã, phường tổ chức thực hiện
    # Kế hoạch này" keeps the role of its item (dev gold: KH-xxx-KH-UBND Lào Cai)
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện chuyển đổi số\n"
            "I. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành rà soát các thủ tục hành chính.\n")
    assert ("Các sở, ban, ngành tỉnh Lào Cai", "lead") in pairs(process_text(text))
