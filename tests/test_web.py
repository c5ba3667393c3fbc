"""`vanban serve`: the questions, the documents and the lineage in a browser, over the real store."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from vanban.app.web import server


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    httpd = server(db, port=0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.headers["Content-Type"], r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode("utf-8")


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_api_answers_the_seed_question_with_the_quote(base: str) -> None:
    # The seed, III.5: "Ban Tuyên giáo Huyện ủy hướng dẫn công tác thông tin, tuyên truyền …"
    status, kind, body = get(f"{base}/api/ask?q={quote('Ai chịu trách nhiệm tuyên truyền thực hiện Chỉ thị 28-CT/TW?')}")
    assert status == 200 and kind.startswith("application/json")
    answers = json.loads(body)["answers"]
    top = [a for a in answers[:3] if a["agency"] == "Ban Tuyên giáo Huyện ủy Bác Ái"]
    assert top and "hướng dẫn công tác thông tin, tuyên truyền" in top[0]["quote"]
    assert top[0]["section"] == "III.5" and top[0]["document"]["issuer"] == "Huyện ủy Bác Ái"


def test_page_shows_agency_role_task_and_links_to_the_marked_passage(base: str) -> None:
    status, kind, html = get(f"{base}/?q={quote('Ủy ban nhân dân huyện phải làm gì?')}")
    assert status == 200 and kind.startswith("text/html")
    shown = text_of(html)
    assert "Ủy ban nhân dân huyện Bác Ái" in shown and "chủ trì" in shown
    assert "kiện toàn bộ máy quản lý nhà nước về trẻ em" in shown
    link = unescape(re.search(r"href='(/doc/[^']+)'", html).group(1))  # type: ignore[union-attr]
    start, end = (int(x) for x in re.search(r"start=(\d+)&end=(\d+)", link).groups())  # type: ignore[union-attr]
    status, _, doc = get(base + link)
    marked = unescape(re.search(r"<mark id=hit>(.*?)</mark>", doc, re.S).group(1))  # type: ignore[union-attr]
    # The mark is exactly the answer's span of the stored text: the API quotes the same span.
    answer = json.loads(get(f"{base}/api/ask?q={quote('Ủy ban nhân dân huyện phải làm gì?')}")[2])["answers"][0]
    assert status == 200 and (answer["start"], answer["end"]) == (start, end) and marked == answer["quote"]
    assert marked.startswith("Ủy ban nhân dân huyện xây dựng kế hoạch")


def test_lineage_of_kl75_reaches_the_lao_cai_letter(base: str) -> None:
    status, _, body = get(f"{base}/api/lineage?doc={quote('75-KL/TW')}")
    codes = {n["code"] for n in json.loads(body)["nodes"]}
    assert status == 200 and {"75-KL/TW", "104-CTr/TU", "2449-CV/ĐU", "9387/UBND-KT"} <= codes
    status, _, html = get(f"{base}/lineage?doc={quote('75-KL/TW')}")
    assert status == 200 and "9387/UBND-KT" in text_of(html)


def test_what_is_typed_is_shown_not_run(base: str) -> None:
    status, _, html = get(f"{base}/?q={quote('<script>alert(1)</script> tuyên truyền')}")
    assert status == 200 and "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("path,status", [("/doc/no-such-id", 404), ("/nowhere", 404),
                                         (f"/api/lineage?doc={quote('999-XX/YY')}", 404), ("/", 200)])
def test_unknown_things_are_not_found(base: str, path: str, status: int) -> None:
    assert get(base + path)[0] == status


def test_no_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.app.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db"), "--port", "0"]) == 1
    assert "no store at" in capsys.readouterr().err


def _answers(base: str, q: str, **filters: Any) -> list[dict[str, Any]]:
    extra = "".join(f"&{k}={quote(v)}" for k, v in filters.items())
    return json.loads(get(f"{base}/api/ask?q={quote(q)}{extra}")[2])["answers"]


def test_filters_are_those_of_vanban_ask(base: str) -> None:
    everywhere = _answers(base, "Sở Y tế phải làm gì?")
    assert {a["document"]["issuer"] for a in everywhere} >= {"Ủy ban nhân dân tỉnh Đắk Lắk"}
    only_bac_ai = _answers(base, "tuyên truyền", issuer="Bác Ái")
    assert only_bac_ai and {a["document"]["issuer"] for a in only_bac_ai} == {"Huyện ủy Bác Ái"}


def test_odd_offsets_show_the_document_unmarked(base: str) -> None:
    answer = _answers(base, "Ủy ban nhân dân huyện phải làm gì?")[0]
    for start in ("%C2%B2", "-1", "9" * 5000, "abc"):
        status, _, html = get(f"{base}/doc/{answer['document']['id']}?start={start}&end=10")
        assert status == 200 and "<mark" not in html


def test_questions_at_once_get_the_answers_of_one_at_a_time(base: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    questions = ["Ai chịu trách nhiệm tuyên truyền?", "Sở Y tế phải làm gì?", "chuyen doi so", "Ai chủ trì kiểm tra?"] * 3
    alone = {q: _answers(base, q) for q in set(questions)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda q: (q, _answers(base, q)), questions))
    assert all(answers == alone[q] for q, answers in together)
