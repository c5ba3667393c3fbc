"""Collectives and councils written as the gold writes them (GUIDE.md, issue 12), on real documents:
a class list closed by "và doanh nghiệp", the press of a place, a class of State enterprises, and
the People's Council formula of a resolution whose place is printed once at the end."""

from __future__ import annotations

from tests.test_agencies import LAO_CAI
from tests.test_assignments import bulk_doc, doc, pairs
from vanban.stages.agencies import Locality, find_mentions

CV_7103 = "laocai_skill_sct/index_only/CV-7103-UBND-TH_2026-07-10_UBNDTinhLaoCai_trien-khai-ND-178-2026.txt"
HUE = Locality(province="Huế", province_kind="thành phố")


def test_a_class_list_closed_by_and_enterprises_is_one_collective(corpus) -> None:
    # CV 7103/UBND-TH Lào Cai 7.a: "…; các cơ quan, đơn vị và doanh nghiệp, căn cứ chức năng,
    # nhiệm vụ được giao khẩn trương tổ chức triển khai thực hiện" (dev gold: implement)
    got = pairs(doc(CV_7103))
    assert ("Các cơ quan, đơn vị, doanh nghiệp tỉnh Lào Cai", "implement") in got
    assert not any(" và doanh nghiệp" in agency for agency, _role in got)


def test_and_before_persons_is_no_class_list() -> None:
    # "… và doanh nghiệp, tổ chức, cá nhân" goes on into the persons at large: the list is not
    # closed there (KH 0124/KH-UBND Đắk Lắk: "các đơn vị và doanh nghiệp, tổ chức, cá nhân")
    names = [m.agency for m in find_mentions("các cơ quan, đơn vị và doanh nghiệp, tổ chức, cá nhân tham gia", LAO_CAI)]
    assert "Các cơ quan, đơn vị, doanh nghiệp tỉnh Lào Cai" not in names
    # QĐ 32/2025/QĐ-TTg: "Các cơ quan, tổ chức và doanh nghiệp nhà nước có tài liệu, vật chứa bí
    # mật nhà nước gửi …" is a class the clause goes on to define: not closed at "doanh nghiệp"
    names = [m.agency for m in find_mentions("Các cơ quan, tổ chức và doanh nghiệp nhà nước có tài liệu, vật chứa bí mật nhà nước gửi")]
    assert not any(name.startswith("Các cơ quan, tổ chức, doanh nghiệp") for name in names)


def test_the_press_of_a_place_takes_its_locality() -> None:
    # QĐ 2853/QĐ-UBND (Hồ Chí Minh, bulk line 100): "Yêu cầu các cơ quan thông tấn, báo chí trên
    # địa bàn Thành phố … xây dựng" (dev gold: Các cơ quan thông tấn, báo chí thành phố Hồ Chí Minh)
    d = bulk_doc(100)
    assert any(agency == "Các cơ quan thông tấn, báo chí thành phố Hồ Chí Minh" for agency, _role in pairs(d))
    # without a place of its own, the press stays the national press (KH 159 Cần Thơ)
    assert [m.agency for m in find_mentions("Các cơ quan thông tấn, báo chí tăng cường tuyên truyền", LAO_CAI)] == \
        ["Các cơ quan thông tấn, báo chí"]


def test_state_enterprises_are_the_provinces() -> None:
    # CV 7103/UBND-TH Lào Cai, its addressees: "- Các doanh nghiệp nhà nước thuộc UBND tỉnh quản
    # lý;" (dev gold: Các doanh nghiệp nhà nước tỉnh Lào Cai); a class's "nhà nước" is its kind,
    # while a body named "… Nhà nước" is the State's and takes no province
    assert [m.agency for m in find_mentions("Các doanh nghiệp nhà nước khẩn trương rà soát", LAO_CAI)] == \
        ["Các doanh nghiệp nhà nước tỉnh Lào Cai"]
    assert [m.agency for m in find_mentions("Kho bạc Nhà nước chủ trì", LAO_CAI)] == ["Kho bạc Nhà nước"]


def test_the_councils_formula_with_its_place_printed_once(corpus) -> None:
    # NQ 36/2025/NQ-HDND Huế (bulk line 212) Điều 3: "2. Giao Thường trực Hội đồng nhân dân, các
    # Ban Hội đồng nhân dân, Tổ đại biểu Hội đồng nhân dân và đại biểu Hội đồng nhân dân thành phố
    # trong phạm vi, nhiệm vụ, quyền hạn giám sát …": the four of the dev gold, all supervise
    got = pairs(bulk_doc(212))
    for organ in ("Thường trực", "Các Ban của", "Các Tổ đại biểu", "Đại biểu"):
        assert (f"{organ} Hội đồng nhân dân thành phố Huế", "supervise") in got


def test_a_body_without_its_place_before_the_same_body_with_it() -> None:
    # hand-made edge: only the same body lends its place; another body of the list does not
    names = [m.agency for m in find_mentions("Thường trực Hội đồng nhân dân, Ủy ban nhân dân thành phố giám sát", HUE)]
    assert "Thường trực Hội đồng nhân dân thành phố Huế" not in names
    names = [m.agency for m in find_mentions("Thường trực Hội đồng nhân dân và đại biểu Hội đồng nhân dân thành phố giám sát", HUE)]
    assert names == ["Thường trực Hội đồng nhân dân thành phố Huế", "Đại biểu Hội đồng nhân dân thành phố Huế"]


def test_a_trailing_related_goes_with_each_collective_of_a_comma_list(corpus) -> None:
    # LUAT 147/2025/QH15 (Điều 1): "Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với các Bộ,
    # ngành, Ủy ban nhân dân cấp tỉnh có liên quan lập, trình …" (dev gold: both cooperate, each
    # "có liên quan", as GUIDE.md's consistency review says)
    got = pairs(doc("laocai_skill_sct/LUAT-147-2025-QH15_SuaDoiLuatDiaChatKhoangSan.docx"))
    assert {("Các bộ, ngành có liên quan", "cooperate"), ("Ủy ban nhân dân cấp tỉnh có liên quan", "cooperate")} <= got
    assert ("Các bộ, ngành", "cooperate") not in got


def test_a_related_after_and_or_a_named_body_stays_where_it_is() -> None:
    # GUIDE.md: after "và …" it belongs to the last conjunct only; a named body never takes it
    names = [m.agency for m in find_mentions("phối hợp với các sở, ngành và các cơ quan có liên quan", LAO_CAI)]
    assert names == ["Các sở, ngành tỉnh Lào Cai", "Các cơ quan có liên quan tỉnh Lào Cai"]
    names = [m.agency for m in find_mentions("phối hợp với Sở Tài chính, các sở, ngành, các cơ quan, đơn vị có liên quan", LAO_CAI)]
    assert names == ["Sở Tài chính tỉnh Lào Cai", "Các sở, ngành có liên quan tỉnh Lào Cai",
                     "Các cơ quan, đơn vị có liên quan tỉnh Lào Cai"]


def test_a_documents_special_zones_are_among_its_communes(corpus) -> None:
    # QĐ 213/2025/QĐ-UBND Hải Phòng (bulk line 80) names "đặc khu Cát Hải" among its places:
    # "Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo Ban Chỉ huy phòng cháy, chữa cháy rừng cấp xã …"
    # gives the collective with the zones (GUIDE.md, commune committees; dev gold), and a body
    # read by the name grammar takes the collective after it as a gazetteer body does
    got = {agency for agency, _role in pairs(bulk_doc(80))}
    assert "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu thành phố Hải Phòng" in got
    assert "Ban Chỉ huy phòng cháy, chữa cháy rừng các xã, phường, đặc khu thành phố Hải Phòng" in got
    # a province that names no special zone keeps "các xã, phường"
    assert [m.agency for m in find_mentions("Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo", LAO_CAI)] == \
        ["Chủ tịch Ủy ban nhân dân các xã, phường tỉnh Lào Cai"]


def test_a_laws_wording_of_the_commune_level_names_no_zone() -> None:
    # "đơn vị hành chính cấp xã (xã, phường, đặc khu)" cites the class, as Lào Cai's decisions do
    # (QĐ 16/2026/QĐ-UBND): only a zone named by its name ("đặc khu Cát Hải") counts
    from vanban.stages.agencies.locality import _names_a_special_zone

    assert _names_a_special_zone("Vùng trọng điểm cháy rừng gồm đặc khu Cát Hải và các xã, phường")
    assert not _names_a_special_zone("các đơn vị hành chính cấp xã (xã, phường, đặc khu) trên địa bàn tỉnh")


def test_the_information_media_are_a_collective(corpus) -> None:
    # KH 0125/KH-UBND Đắk Lắk: "5. Các cơ quan thông tin, truyền thông của tỉnh: Xây dựng Kế hoạch
    # và đẩy mạnh công tác tuyên truyền …" (dev gold: Các cơ quan thông tin, truyền thông tỉnh Đắk Lắk)
    d = doc("tvpl_tai_lieu_noi_bo/Ke-hoach-0125-KH-UBND-2025-phong-trao-thi-dua-cuoc-bau-cu-Dai-bieu-Quoc-hoi-khoa-XVI-Dak-Lak.md")
    assert any(agency == "Các cơ quan thông tin, truyền thông tỉnh Đắk Lắk" for agency, _role in pairs(d))
