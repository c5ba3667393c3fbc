"""Articles "Điều N. Trách nhiệm của X" and items "X có trách nhiệm:" whose clauses name no
subject, and items whose own subject is no agency we know (real documents, dev or outside the
gold; expected values read off the documents)."""

from __future__ import annotations

from tests.test_assignments import doc

QD_88 = "tvpl_tai_lieu_noi_bo/Quyet-dinh-88-2025-QD-UBND-quy-che-phoi-hop-Van-phong-Dang-ky-dat-dai-voi-Uy-ban-xa-Lai-Chau.md"
NQ_73 = "tvpl_tai_lieu_noi_bo/Nghi-quyet-73-2025-NQ-HDND-thu-hut-nguon-nhan-luc-cong-nghe-cao-lam-viec-tai-khu-cong-nghe-cao-Ha-Noi.md"
SO_NNMT = "Sở Nông nghiệp và Môi trường tỉnh Lai Châu"


def _at(assignments, section_tail: str) -> list:
    return [a for a in assignments if (a.section or "").endswith(section_tail)]


def test_article_number_on_its_own_line_heads_its_clauses(corpus) -> None:
    # QĐ 88/2025/QĐ-UBND Lai Châu (dev): "**Điều 5.\nTrách nhiệm của Sở Nông nghiệp và Môi
    # trường**" then "1. Chủ trì …", "2. Chuyển hồ sơ …", "3. Chỉ đạo việc lập …", "4. Chỉ đạo,
    # kiểm tra Văn phòng đăng ký đất đai …": every clause is a task of the Sở; before, the
    # article's number and its title were two paragraphs and clauses 2–4 had no subject
    got = doc(QD_88).assignments
    for k in ("Điều 5.2", "Điều 5.3", "Điều 5.4"):
        assert any(a.agency == SO_NNMT and a.role == "lead" for a in _at(got, k)), k
    tasks = [a.task for a in _at(got, "Điều 5.3") if a.role == "lead"]
    assert len(tasks) == 1 and tasks[0].startswith("Chỉ đạo việc lập và tổng hợp kế hoạch")


def test_first_clause_under_a_heading_keeps_its_own_task(corpus) -> None:
    # QĐ 88 Điều 6.2 "2. Trách nhiệm của Chủ tịch Ủy ban nhân dân cấp xã" then "a) Ký, xác nhận
    # nội dung đính chính …", Điều 11.2 "2. Trách nhiệm của Sở Xây dựng" then "a) Tiếp nhận và
    # trả lời bằng văn bản …": the first point's task is its own words, not the heading
    got = doc(QD_88).assignments
    assert not [a for a in got if a.task.startswith(("Trách nhiệm", "Điều", "2. Trách nhiệm", "3. Trách nhiệm"))]
    chair = [a for a in _at(got, "Điều 6.2.a") if a.role == "lead"]
    assert [a.agency for a in chair] == ["Chủ tịch Ủy ban nhân dân các xã, phường tỉnh Lai Châu"]
    assert chair[0].task.startswith("Ký, xác nhận nội dung đính chính")
    assert [a.task[:22] for a in _at(got, "Điều 11.2.a")] == ["Tiếp nhận và trả lời b"]


def test_item_introducing_points_gives_its_lead_the_first_points_task(corpus) -> None:
    # NQ 73/2025/NQ-HĐND Hà Nội 16.3 "3. Trung tâm Đổi mới sáng tạo Hà Nội có trách nhiệm:" then
    # "a) Đầu mối, tiếp nhận hồ sơ, hướng dẫn …": the lead's task is a)'s, not the introduction
    leads = [a for a in _at(doc(NQ_73).assignments, "Điều 16.3.a") if a.role == "lead"]
    assert [a.agency for a in leads] == ["Trung tâm Đổi mới sáng tạo Hà Nội"]
    assert leads[0].task.startswith("Đầu mối, tiếp nhận hồ sơ")


def test_an_unnamed_own_subject_stops_the_subject_above(corpus) -> None:
    # NQ 73 16.2 "2. Ban Quản lý các khu công nghệ cao và khu công nghiệp thành phố Hà Nội (sau
    # đây gọi tắt là “Ban Quản lý”) có trách nhiệm:" (no agency we know yet): its points a)–g)
    # are not tasks of Ủy ban nhân dân Thành phố (khoản 1's subject); 16.3.b "Trường hợp Trung
    # tâm Đổi mới sáng tạo Hà Nội chưa được thành lập …, Ban Quản lý có trách nhiệm thực hiện …":
    # the body inside the condition is not the subject
    got = doc(NQ_73).assignments
    in_16_2 = [a for a in got if ".Điều 16.2" in (a.section or "")]
    assert in_16_2 and not [a for a in in_16_2 if a.agency == "Ủy ban nhân dân thành phố Hà Nội"]
    assert not [a for a in _at(got, "Điều 16.3.b") if a.agency == "Trung tâm Đổi mới sáng tạo Hà Nội"]
    # the partners a point names still cooperate ("b) Chủ trì, phối hợp các Sở, ban, ngành …")
    assert ("Các sở, ban, ngành, đơn vị thành phố Hà Nội", "cooperate") in {(a.agency, a.role) for a in in_16_2}


ND_178 = "laocai_skill_sct/ND-178-2026-ND-CP_TaiSanKetCauHaTang.docx"


def test_competence_clauses_of_a_decree_are_not_tasks(corpus) -> None:
    # NĐ 178/2026/NĐ-CP "Điều 9. Thẩm quyền quyết định giao …": "2. Chủ tịch Ủy ban nhân dân cấp
    # tỉnh quyết định hoặc phân cấp thẩm quyền quyết định giao đối với tài sản …" and 28.7.a "…
    # quyết định điều chuyển …" state a competence (GUIDE.md Decisions), like 9.1's "Bộ trưởng …
    # quyết định giao …"; the closing article still assigns (49.3 "… chịu trách nhiệm thi hành")
    got = doc(ND_178).assignments
    chair = "Chủ tịch Ủy ban nhân dân cấp tỉnh"
    assert not [a for a in got if a.agency == chair and (a.section or "").endswith(("Điều 9.2", "Điều 28.7.a"))]
    assert any(a.role == "implement" and (a.section or "").endswith("Điều 49.3") for a in got)


LUAT_117 = "vbpl_vn/LUAT-117-2025-QH15_BaoVeBiMatNhaNuoc.txt"


def test_an_introduction_that_states_a_task_keeps_it(corpus) -> None:
    # Luật 117/2025/QH15 Điều 24.2 "Bộ Công an chịu trách nhiệm trước Chính phủ thực hiện quản lý
    # nhà nước về bảo vệ bí mật nhà nước và có nhiệm vụ, quyền hạn sau đây:" is a task of its own
    # (dev question d059), not only the introduction of points a)–e)
    got = doc(LUAT_117).assignments
    assert any(a.agency == "Bộ Công an" and a.role == "lead" and ".Điều 24.2" in (a.section or "")
               and "quản lý nhà nước về bảo vệ bí mật nhà nước" in a.task for a in got)
