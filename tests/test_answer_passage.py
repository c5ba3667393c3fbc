"""The passage shown with an answer holds the clause that says who does what, whole: a clause
the assignments stage stored under its first item but which runs on into the next ones is shown
as the item that holds it, not cut at the line where its leaf ends. The document is one of the
dev questions' (corpus/questions/dev.jsonl), read by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_of
from vanban.app.evaluate_questions import text_key
from vanban.query.answer import PASSAGE_CHARS, ask
from vanban.store.db import Store

LAW = "vbpl_vn/LUAT-117-2025-QH15_BaoVeBiMatNhaNuoc.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    s = store_of(tmp_path_factory.mktemp("passage"), [LAW])
    yield s
    s.close()


def test_a_lead_in_is_no_task_and_its_item_answers(store: Store) -> None:
    # Luật 117/2025/QH15 Điều 24 khoản 6: "Ban Cơ yếu Chính phủ có trách nhiệm sau đây: a) Giúp
    # Bộ trưởng Bộ Quốc phòng …; b) … quản lý hoạt động nghiên cứu, sản xuất, cung cấp và sử dụng
    # sản phẩm mật mã …; c) Thực hiện trách nhiệm quy định tại khoản 4 Điều này."
    # The clause as the stage reads it runs from the lead-in into b), its leaf is a); b) is a
    # task of the body of its own too (the body named above it), and it answers the question.
    result = ask(store, "Ai quản lý sản xuất, cung cấp sản phẩm mật mã bảo vệ thông tin bí mật nhà nước?")
    tasks = [t for a in result.answers if a.agency == "Ban Cơ yếu Chính phủ" for t in a.tasks
             if (t.section or "").startswith("Chương IV.Điều 24.6")]
    assert tasks, [(t.section, t.quote.text[:60]) for a in result.answers for t in a.tasks]
    assert tasks[0].section == "Chương IV.Điều 24.6.b"
    key = text_key("quản lý hoạt động nghiên cứu, sản xuất, cung cấp và sử dụng sản phẩm mật mã")
    assert key in text_key(tasks[0].passage.text)
    # the lead-in "Ban Cơ yếu Chính phủ có trách nhiệm sau đây:" only introduces a)–c): it is no
    # task of its own (issue 12, the lead's 13:40 note), a)'s lead takes its place
    assert not [t for t in tasks if t.quote.text.startswith("Ban Cơ yếu Chính phủ có trách nhiệm sau đây")]
    passage = tasks[0].passage
    assert passage.start <= tasks[0].quote.start and tasks[0].quote.end <= passage.end
    assert len(passage.text) <= PASSAGE_CHARS
