"""The recipients' lines that give a task in brackets (real documents and edge cases)."""

from __future__ import annotations

from tests.conftest import doc_path
from vanban import process_file, process_text

TB_831 = "laocai_skill_sct/index_only/TB-831-TB-UBND_2026-08-06_UBNDPhuongCamDuong_LaoCai.txt"
CV_6795 = "laocai_skill_sct/CV-6795-SNNMT-KS_2026-07-17_LaoCai.txt"


def test_a_recipient_told_to_publish_implements(corpus) -> None:
    # TB 831/TB-UBND phường Cam Đường, "Nơi nhận": "- Trung tâm Dịch vụ tổng hợp phường (đăng tải
    # thông báo này trên các phương tiện thông tin truyền thông của địa phương);" (dev gold: implement)
    d = process_file(doc_path(TB_831))
    mine = [a for a in d.assignments if a.agency == "Trung tâm Dịch vụ tổng hợp phường Cam Đường"]
    assert [a.role for a in mine] == ["implement"]
    assert d.text[mine[0].start:mine[0].end] == "Trung tâm Dịch vụ tổng hợp phường"
    # "- UBND tỉnh Lào Cai (B/c);": for information, no task
    assert not any(a.agency == "Ủy ban nhân dân tỉnh Lào Cai" for a in d.assignments)


def test_a_recipient_asked_to_cooperate_cooperates(corpus) -> None:
    # CV 6795/SNNMT-KS Lào Cai: "- UBND xã Văn Bàn (p/h);" (dev gold: cooperate)
    assert ("Ủy ban nhân dân xã Văn Bàn", "cooperate") in {(a.agency, a.role) for a in process_file(doc_path(CV_6795)).assignments}


def test_recipients_for_information_are_not_assigned() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/UBND-KT\nV/v chuyển đổi số\n"
            "Kính gửi: Sở Tài chính tỉnh Lào Cai\n"
            "Ủy ban nhân dân tỉnh đề nghị Sở Tài chính tổng hợp./.\n"
            "Nơi nhận:\n- Như trên;\n- Bộ Tài chính (để b/c);\n- Sở Tư pháp (để biết);\n- Sở Nội vụ (để t/hiện);\n- Lưu: VT.\n")
    got = {(a.agency, a.role) for a in process_text(text).assignments}
    assert ("Sở Nội vụ tỉnh Lào Cai", "implement") in got
    assert not {a for a, _ in got} & {"Bộ Tài chính", "Sở Tư pháp tỉnh Lào Cai"}
