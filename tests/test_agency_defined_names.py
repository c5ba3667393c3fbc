"""Agency names read on real documents: the locality a collective names after "của", a
provincial body's template filled from the commune written after it, place names that end at
the clause's lower-case words, lists of departments with unions and associations."""

from __future__ import annotations

from tests.conftest import doc_path
from vanban import process_file
from vanban.model import Document
from vanban.stages.agencies import Locality, find_mentions, locality_of


def _agencies(rel: str) -> tuple[Document, set[str]]:
    doc = process_file(doc_path(rel))
    return doc, {m.agency for m in find_mentions(doc.text, locality_of(doc))}


def test_a_collective_takes_the_place_it_names(corpus) -> None:
    # CV 5642/CT-CS (Cục Thuế to Thuế thành phố Huế): a central letter speaks about Huế without
    # belonging to it, but "các cơ quan liên quan của thành phố Huế" are Huế's
    doc, names = _agencies("tvpl_whole_pages/CV-5642-CT-CS_a94e2ffb8c7ea677.md")
    assert locality_of(doc).from_body
    assert "Các cơ quan liên quan thành phố Huế" in names


def test_a_provincial_template_takes_the_commune_after_it(corpus) -> None:
    # TB 831/TB-UBND of phường Cam Đường: its own one-stop centre, not the province's; and
    # "UBND phường Cam Đường đã nhận được": the place name ends before "đã"
    _doc, names = _agencies("laocai_skill_sct/index_only/TB-831-TB-UBND_2026-08-06_UBNDPhuongCamDuong_LaoCai.txt")
    assert "Trung tâm Phục vụ hành chính công phường Cam Đường" in names
    assert "Trung tâm Phục vụ hành chính công tỉnh Lào Cai" not in names
    assert "Ủy ban nhân dân phường Cam Đường" in names
    assert not any(n.endswith(" đã") for n in names)


def test_lists_of_departments_with_unions_and_associations() -> None:
    loc = Locality(province="Hồ Chí Minh", province_kind="thành phố")
    got = [m.agency for m in find_mentions("Các Sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể Thành phố "
                                           "chủ động triển khai", loc)]
    assert got == ["Các sở, ban, ngành, đơn vị, tổ chức chính trị - xã hội, hội, đoàn thể thành phố Hồ Chí Minh"]


def test_related_stays_with_the_collective_it_follows(corpus) -> None:
    # GUIDE.md: "(có) liên quan" in collectives is kept as printed
    # KH 556/KH-UBND Đồng Tháp: "… các sở, ban, ngành và địa phương có liên quan …"
    _doc, names = _agencies("tvpl_tai_lieu_noi_bo/Ke-hoach-556-KH-UBND-2025-thuc-hien-Nghi-quyet-48-NQ-CP-su-dung-ben-vung-tai-nguyen-Dong-Thap.md")
    assert "Các địa phương có liên quan tỉnh Đồng Tháp" in names
    # QĐ 11/2026/QĐ-UBND Lào Cai: "… phối hợp với các ngành có liên quan hướng dẫn, kiểm tra …"
    _doc, names = _agencies("laocai_skill_sct/QD-11-2026-QD-UBND_LaoCai_QuanLyDauTuXayDung_OCR.txt")
    assert "Các ngành có liên quan tỉnh Lào Cai" in names
    # Luật 147/2025/QH15: "… các bộ, ngành, Ủy ban nhân dân cấp tỉnh có liên quan …"
    _doc, names = _agencies("laocai_skill_sct/LUAT-147-2025-QH15_SuaDoiLuatDiaChatKhoangSan.docx")
    assert "Ủy ban nhân dân cấp tỉnh có liên quan" in names


def test_ranks_do_not_name_a_branch_of_trade() -> None:
    loc = Locality(province="Lào Cai")
    assert [m.agency for m in find_mentions("các ngành chức năng kiểm tra", loc)] == ["Các ngành chức năng tỉnh Lào Cai"]
    assert find_mentions("các ngành, lĩnh vực kinh tế", loc) == []


def test_communes_written_with_a_slash_are_the_collective() -> None:
    # KH 0134/KH-UBND Đắk Lắk IV.3: "**3. UBND các xã/phường:**"
    got = [m.agency for m in find_mentions("3. UBND các xã/phường:", Locality(province="Đắk Lắk"))]
    assert got == ["Ủy ban nhân dân các xã, phường tỉnh Đắk Lắk"]


def test_collectives_written_as_printed_with_their_list_commas(corpus) -> None:
    # KH 157/KH-UBND Cần Thơ prints "các sở, ban ngành liên quan": the list with its comma
    _doc, names = _agencies("tvpl_tai_lieu_noi_bo/Ke-hoach-157-KH-UBND-2025-phong-trao-thi-dua-chi-tra-tro-giup-xa-hoi-khong-dung-tien-mat-Can-Tho.md")
    assert "Các sở, ban, ngành liên quan thành phố Cần Thơ" in names
    assert "Các sở, ban ngành liên quan thành phố Cần Thơ" not in names
    # NQ 394/NQ-CP: the press as printed, with the comma and its "trung ương" / "tại địa phương"
    _doc, names = _agencies("tvpl_tai_lieu_noi_bo/Nghi-quyet-394-NQ-CP-2025-phat-dong-phong-trao-toan-dan-tham-gia-bao-ve-moi-truong.md")
    assert {"Các cơ quan thông tấn, báo chí trung ương", "Các cơ quan thông tấn, báo chí tại địa phương"} <= names
    # KH 159/KH-UBND Cần Thơ prints it without the comma: kept so
    _doc, names = _agencies("tvpl_tai_lieu_noi_bo/Ke-hoach-159-KH-UBND-2025-truyen-thong-giam-ngheo-da-chieu-Can-Tho.md")
    assert "Các cơ quan thông tấn báo chí" in names
