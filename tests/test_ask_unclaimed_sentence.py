"""A role the question asks for, said in the sentence of an agency's item that matched the
topic, when no other body's assignment covers that sentence: the assignments stage gave the
item's first sentence its agency, while the second, which holds the report asked for, has no
assignment of its own. The documents are outside the gold's test part (QĐ 51/2025/QĐ-TTg,
dev questions d037 and d102; KH 597 of Đồng Tháp, dev gold; TB 655, dev gold, d097); the
expected agencies were read off the documents themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_of
from vanban.query.answer import ask
from vanban.store.db import Store
from vanban.text.normalize import fold

FILES = [
    "vbpl_vn/QD-51-2025-QD-TTg_TieuChiNongThonMoi.txt",
    "tvpl_tai_lieu_noi_bo/Ke-hoach-597-KH-UBND-2025-chuyen-doi-so-trong-xay-dung-ket-cau-ha-tang-giao-thong-Dong-Thap.md",
    "tvpl_tai_lieu_noi_bo/Thong-bao-655-TB-VPCP-2025-ket-luan-tai-buoi-lam-viec-voi-lanh-dao-tinh-Son-La.md",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("unclaimed"), FILES)
    yield s
    s.close()


def test_report_said_in_the_items_second_sentence(store: Store) -> None:
    # QĐ 51/2025/QĐ-TTg Điều 3 khoản 3 e): "Chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt
    # Nam … hàng năm tổ chức kiểm tra, đôn đốc … Định kỳ 6 tháng và hằng năm cập nhật, công khai
    # báo cáo kết quả thực hiện xây dựng nông thôn mới toàn tỉnh, thành phố trên Cổng thông tin
    # điện tử tỉnh, thành phố." The UBND's stored role there is the lead; Đồng Tháp's KH 597
    # "báo cáo kết quả thực hiện về Sở Xây dựng" is a report but of another plan.
    result = ask(store, "Ai công khai báo cáo kết quả xây dựng nông thôn mới trên Cổng thông tin điện tử tỉnh?")
    first = result.answers[0]
    assert fold(first.agency or "") == fold("Ủy ban nhân dân các tỉnh, thành phố"), [a.agency for a in result.answers[:3]]
    assert any("công khai báo cáo kết quả thực hiện xây dựng nông thôn mới" in fold(p) for p in first.passages())


def test_a_sentence_of_another_bodys_assignment_lends_nothing(store: Store) -> None:
    # TB 655/TB-VPCP point 5: "Giao Bộ Giáo dục và Đào tạo chủ trì, phối với Bộ Tài chính …
    # rà soát, đề xuất phương án xử lý …, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12
    # năm 2025." The closing line of the notice ("… để Ủy ban nhân dân tỉnh Sơn La và các Bộ,
    # cơ quan liên quan biết, thực hiện") stands in the same item: the report is the Bộ's.
    result = ask(store, "truong hoc cho cac xa bien gioi Son La: ai de xuat phuong an, bao cao Thu tuong truoc ngay nao")
    assert result.answers[0].agency == "Bộ Giáo dục và Đào tạo", [a.agency for a in result.answers[:3]]
