"""`vanban serve`: the web app over the store of real documents (tests/test_store.py's), in
process through Starlette's test client. The browser tests are in test_browser.py."""

from __future__ import annotations

import csv
import io
import re
import time
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from tests.conftest import CORPUS
from vanban.app.web.app import create_app
from vanban.app.web.export import safe
from vanban.app.web.filters import issuer_matches
from vanban.app.web.words import find_places, level_of, parse_date
from vanban.extract import extract_paths
from vanban.store.db import Store

# A text-layer PDF of three pages whose assignments are on page 2 (Điều 1, Điều 3, Điều 4).
PDF = CORPUS / "laocai_skill_sct" / "QD-1696-QD-UBND_2026-05-15_LaoCai_uy-quyen-SCT.pdf"
ENGLISH = re.compile(r"\b(?:lead|cooperate|implements?|based_on|guides|amends|who|what|when|lineage|not in corpus|"
                     r"down|up|both|answer|error|page)\b")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def text_of(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def ask(client: TestClient, q: str, **params: str) -> dict[str, Any]:
    r = client.get("/api/ask", params={"q": q, **params})
    assert r.status_code == 200
    return r.json()


def test_the_seed_question_is_answered_with_its_passage(client: TestClient) -> None:
    # The seed, III.5: "Ban Tuyên giáo Huyện ủy hướng dẫn công tác thông tin, tuyên truyền …"
    answers = ask(client, "Ai chịu trách nhiệm tuyên truyền thực hiện Chỉ thị 28-CT/TW?")["answers"]
    top = [a for a in answers[:3] if a["agency"] == "Ban Tuyên giáo Huyện ủy Bác Ái"]
    assert top and "hướng dẫn công tác thông tin, tuyên truyền" in top[0]["quote"]
    assert top[0]["section"] == "III.5" and top[0]["document"]["issuer"] == "Huyện ủy Bác Ái"


def test_an_answer_links_to_its_passage_marked_on_the_document_page(client: TestClient) -> None:
    r = client.get("/", params={"q": "Ủy ban nhân dân huyện phải làm gì?"})
    shown = text_of(r.text)
    assert "Ủy ban nhân dân huyện Bác Ái" in shown and "chủ trì" in shown
    first = ask(client, "Ủy ban nhân dân huyện phải làm gì?")["answers"][0]
    link = unescape(re.search(r'href="(/van-ban/[^"]+#doan)"', r.text).group(1))  # type: ignore[union-attr]
    assert f"start={first['start']}&end={first['end']}" in link
    page = client.get(link.split("#")[0])
    marked = unescape(re.search(r'<mark id="doan"[^>]*>(.*?)</mark>', page.text, re.S).group(1))  # type: ignore[union-attr]
    assert marked == first["quote"] and marked.startswith("Ủy ban nhân dân huyện xây dựng kế hoạch")
    # the reader is shown where, not the server's file path nor character offsets
    assert "corpus/" not in text_of(page.text) and "ký tự" not in text_of(page.text)


def test_a_passage_of_a_pdf_says_its_page(tmp_path: Path) -> None:
    db = tmp_path / "pdf.db"
    store = Store(db)
    for record in extract_paths([str(PDF)]):
        store.put(record)
    doc_id, start, end, page = store.db.execute(
        'SELECT doc_id, start, "end", page FROM assignments WHERE section = ? ORDER BY start', ("Điều 1",)).fetchone()
    store.close()
    assert page == 2  # the PDF's page 2 starts with Điều 1 (read off the PDF)
    client = TestClient(create_app(db))
    shown = text_of(client.get(f"/van-ban/{quote(doc_id, safe='')}", params={"start": start, "end": end}).text)
    assert "Đoạn trích được tô màu, ở trang 2." in shown and "Số trang 3" in shown
    answers = client.get("/api/ask", params={"q": "Giám đốc Sở Công Thương phải làm gì?"}).json()["answers"]
    tasks = [a for a in answers if a["agency"]]
    assert tasks and {a["page_label"] for a in tasks} == {"trang 2"}


@pytest.mark.parametrize("url", ["/", "/?q=" + quote("Ai chủ trì chuyển đổi số?"), "/?q=" + quote("nuôi khủng long trên sao Hỏa"),
                                 "/van-ban", "/luoc-do?doc=" + quote("75-KL/TW", safe=""), "/luoc-do?doc=999-XX",
                                 "/?q=x&under=999-XX", "/van-ban/nope", "/nowhere", "/in/tra-loi?q=" + quote("tuyên truyền")])
def test_every_page_is_in_vietnamese(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (200, 404)
    assert not ENGLISH.findall(text_of(r.text)), ENGLISH.findall(text_of(r.text))


def test_document_pages_are_in_vietnamese(client: TestClient, db: Path) -> None:
    store = Store.reader(db)
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents")]
    store.close()
    for doc_id in ids:
        r = client.get(f"/van-ban/{quote(doc_id, safe='')}")
        head = text_of(r.text.split('id="toan-van"')[0])  # the properties panel, not the document's own text
        assert r.status_code == 200 and not ENGLISH.findall(head), (doc_id, ENGLISH.findall(head))


def test_a_place_in_any_form_is_a_place_not_the_topic(client: TestClient) -> None:
    for form in ("Cần Thơ", "TP Cần Thơ", "thành phố Cần Thơ", "tp. Cần Thơ", "can tho"):
        assert [p[0] for p in find_places(f"Sở Y tế {form} phải làm gì?")] == ["Cần Thơ"], form
    for q in ("Sở Y tế Cần Thơ phải làm gì?", "Sở Y tế TP Cần Thơ phải làm gì?", "Sở Y tế thành phố Cần Thơ phải làm gì?"):
        got = ask(client, q)
        assert got["place"] == "Cần Thơ" and "thơ" not in got["reading"], got["reading"]
        assert got["total"] == 0  # the store of the tests holds no document of Cần Thơ
    page = text_of(client.get("/", params={"q": "Sở Y tế Cần Thơ phải làm gì?"}).text)
    assert "Không tìm thấy" in page and "tại Cần Thơ" in page
    dak_lak = ask(client, "Sở Y tế Đắk Lắk phải làm gì?")
    assert dak_lak["total"] and {a["agency"] for a in dak_lak["answers"]} == {"Sở Y tế tỉnh Đắk Lắk"}


def test_an_issuer_in_any_form(client: TestClient) -> None:
    full = ask(client, "phòng chống dịch bệnh", issuer="Ủy ban nhân dân tỉnh Đắk Lắk")
    for form in ("UBND tỉnh Đắk Lắk", "ubnd dak lak", "UBND Đắk Lắk"):
        short = ask(client, "phòng chống dịch bệnh", issuer=form)
        assert short["total"] == full["total"] > 0, form
        assert {a["document"]["issuer"] for a in short["answers"]} == {"Ủy ban nhân dân tỉnh Đắk Lắk"}
    assert not issuer_matches("UBND tỉnh Đắk Lắk", ["Ủy ban nhân dân tỉnh Đồng Tháp"])


def test_dates_as_vietnamese_write_them(client: TestClient) -> None:
    assert parse_date("01/01/2025") == parse_date("1/1/2025") == parse_date("2025-01-01") == "2025-01-01"
    assert parse_date("2/2025", end=True) == "2025-02-28" and parse_date("2025", end=True) == "2025-12-31"
    everything = ask(client, "tuyên truyền")
    since = ask(client, "tuyên truyền", date_from="01/01/2025")
    assert since["total"] < everything["total"]
    assert all(a["document"]["date"] >= "2025" for a in since["answers"])
    bad = ask(client, "tuyên truyền", date_from="32/13/2025")
    assert bad["total"] == everything["total"] and any("32/13/2025" in n for n in bad["notes"])
    swapped = ask(client, "tuyên truyền", date_from="31/12/2026", date_to="01/01/2025")
    assert swapped["total"] == since["total"] and any("đổi chỗ" in n for n in swapped["notes"])


def test_a_date_in_the_question_and_the_deadlines_as_days(client: TestClient) -> None:
    """KH 308/KH-UBND Hà Nội: the Sở Khoa học và Công nghệ's tasks "Hoàn thành trong năm 2025"
    come first when the question gives the day, and the page writes the deadline as days too."""
    q = "Sở Khoa học và Công nghệ Hà Nội phải làm gì trước 31/12/2025?"
    got = ask(client, q)
    assert "hạn trước 31/12/2025 (2025-12-31)" in got["reading"] and "chủ đề" not in got["reading"]  # the date is no topic
    first = got["answers"][0]
    assert first["agency"] == "Sở Khoa học và Công nghệ thành phố Hà Nội"
    assert first["deadline"]["text"] == "Hoàn thành trong năm 2025"
    page = text_of(client.get("/", params={"q": q}).text)
    assert "Thời hạn: Hoàn thành trong năm 2025 (01/01/2025 – 31/12/2025)" in page


def test_a_question_about_nothing_in_the_store_gets_no_confident_answer(client: TestClient) -> None:
    got = ask(client, "nuôi khủng long trên sao Hỏa")
    assert got["total"] == 0 and got["answers"] == []
    page = text_of(client.get("/", params={"q": "nuôi khủng long trên sao Hỏa"}).text)
    assert "Không tìm thấy văn bản nào nói về «nuôi khủng long trên sao hỏa»" in page and "Có thể thử" in page


def test_pages_sort_and_facets(client: TestClient) -> None:
    first = ask(client, "tuyên truyền", per_page="5")
    assert first["total"] > 10 and first["pages"] == -(-first["total"] // 5)
    seen = []
    for page in range(1, first["pages"] + 1):
        seen += [(a["document"]["id"], a["start"], a["agency"]) for a in ask(client, "tuyên truyền", per_page="5", page=str(page))["answers"]]
    assert len(seen) == first["total"] == len(set(seen))
    newest = ask(client, "tuyên truyền", sort="newest", per_page="50")["answers"]
    dates = [a["document"]["date"] for a in newest if a["document"]["date"]]
    assert dates == sorted(dates, reverse=True)
    assert sum(n for _, n in first["facets"]["doc_type"]) == first["total"]
    by_role = ask(client, "tuyên truyền", role="phối hợp")
    assert by_role["total"] and all("phối hợp" in a["role_name"] for a in by_role["answers"])


def test_an_unknown_lineage_filter_is_said(client: TestClient) -> None:
    page = text_of(client.get("/", params={"q": "tuyên truyền", "under": "999-XX/YY"}).text)
    assert "Không có văn bản «999-XX/YY» trong kho" in page


def test_the_properties_panel_and_relations(client: TestClient, db: Path) -> None:
    store = Store.reader(db)
    ids = {r["code"]: r["id"] for r in store.db.execute("SELECT id, code FROM documents")}
    store.close()
    shown = text_of(client.get(f"/van-ban/{quote(ids['9387/UBND-KT'], safe='')}").text)
    for word in ("Thuộc tính", "Loại văn bản Công văn", "Số, ký hiệu 9387/UBND-KT", "Cơ quan ban hành Ủy ban nhân dân tỉnh Lào Cai",
                 "Ngày ban hành ngày 15 tháng 09 năm 2026", "Cấp ban hành Tỉnh, thành phố", "Hiệu lực"):
        assert word in shown, word
    assert re.search(r"thực hiện, triển khai Chương trình 104-CTr/TU", shown)
    programme = text_of(client.get(f"/van-ban/{quote(ids['104-CTr/TU'], safe='')}").text)
    incoming = programme.split("Văn bản dẫn chiếu văn bản này")[1]
    assert "được triển khai bởi Công văn 9387/UBND-KT" in incoming and "được triển khai bởi Công văn 2449-CV/ĐU" in incoming


def test_the_lineage_diagram(client: TestClient, db: Path) -> None:
    r = client.get("/api/luoc-do", params={"doc": "75-KL/TW"})
    nodes = [e for e in r.json()["elements"] if e["group"] == "nodes"]
    edges = [e for e in r.json()["elements"] if e["group"] == "edges"]
    codes = [n["data"]["label"] for n in nodes]
    assert len(codes) == len(set(n["data"]["id"] for n in nodes)) == len(set(codes))  # each document once
    assert {"Kết luận 75-KL/TW", "Chương trình 104-CTr/TU", "Công văn 2449-CV/ĐU", "Công văn 9387/UBND-KT"} <= set(codes)
    pos = {n["data"]["label"]: n["position"] for n in nodes}
    assert pos["Kết luận 75-KL/TW"]["x"] == 0  # the selected document in the middle
    assert pos["Kết luận 75-KL/TW"]["y"] < pos["Chương trình 104-CTr/TU"]["y"] < pos["Công văn 9387/UBND-KT"]["y"]
    assert {e["data"]["label"] for e in edges} == {"thực hiện, triển khai"} and all(e["data"]["colour"].startswith("#") for e in edges)
    assert all(n["data"]["href"].startswith("/van-ban/") for n in nodes if n["data"]["in_store"])
    # every stored document has a diagram, code or not, and is its centre
    store = Store.reader(db)
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents")]
    store.close()
    for doc_id in ids:
        got = client.get("/api/luoc-do", params={"doc": doc_id}).json()
        roots = [e for e in got["elements"] if e["group"] == "nodes" and e["data"]["root"]]
        assert roots and any(e["data"]["href"].endswith(quote(doc_id, safe="")) for e in roots)
    page = client.get("/luoc-do", params={"doc": "75-KL/TW"}).text
    assert "/static/vendor/cytoscape.min.js" in page and "Trung ương" in text_of(page)


def test_browse_and_export(client: TestClient, db: Path) -> None:
    page = text_of(client.get("/van-ban").text)
    assert "8 văn bản" in page
    dak_lak = text_of(client.get("/van-ban", params={"province": "Đắk Lắk"}).text)
    assert "1 văn bản" in dak_lak and "0130/KH-UBND" in dak_lak
    r = client.get("/xuat/van-ban.csv")
    assert r.headers["content-type"].startswith("text/csv") and r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Loại văn bản", "Số, ký hiệu"] and len(rows) == 9
    book = load_workbook(io.BytesIO(client.get("/xuat/van-ban.xlsx").content))
    assert book.active.max_row == 9
    answers = ask(client, "tuyên truyền")
    rows = list(csv.reader(io.StringIO(client.get("/xuat/tra-loi.csv", params={"q": "tuyên truyền"}).content.decode("utf-8-sig"))))
    assert rows[0][0] == "Cơ quan" and len(rows) == answers["total"] + 1
    book = load_workbook(io.BytesIO(client.get("/xuat/tra-loi.xlsx", params={"q": "tuyên truyền"}).content))
    assert book.active.max_row == answers["total"] + 1
    assert safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe("-1") == "'-1" and safe("Sở") == "Sở"
    printed = text_of(client.get("/in/tra-loi", params={"q": "tuyên truyền"}).text)
    assert f"{answers['total']} kết quả" in printed


def test_levels_are_read_from_the_issuer() -> None:
    assert level_of("Ban Chấp hành Trung ương") == "centre" and level_of("Tỉnh ủy Lào Cai") == "province"
    assert level_of("Huyện ủy Bác Ái") == "district" and level_of("Ủy ban nhân dân phường Cam Đường") == "commune"


HOSTILE = ['"', '"unterminated', "NEAR(a b", "a OR OR b", "*", "^x", "tuyên AND NOT", "col:x", "{x}", "'; DROP TABLE documents; --",
           "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\x00\x01", "%00", "🙂" * 50, "a" * 10_000,
           "chuyển đổi số " * 300, "Ⅸ²³", "../../etc/passwd"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_never_a_500_nor_run(client: TestClient, value: str) -> None:
    for url, params in (("/", {"q": value}), ("/api/ask", {"q": value}), ("/", {"q": "tuyên truyền", "issuer": value}),
                        ("/", {"q": "tuyên truyền", "date_from": value, "date_to": value}), ("/van-ban", {"q": value, "province": value}),
                        ("/luoc-do", {"doc": value}), ("/xuat/tra-loi.csv", {"q": value}), ("/", {"q": "x", "page": value, "sort": value}),
                        (f"/van-ban/{quote(value, safe='')}", {"start": value, "end": value})):
        started = time.perf_counter()
        r = client.get(url, params=params)
        assert r.status_code in (200, 404), (url, r.status_code)
        assert time.perf_counter() - started < 5, url  # a huge question is cut, not read for seconds
        if r.headers["content-type"].startswith("text/html"):  # JSON and CSV carry what was typed, as data
            assert "<script>alert" not in r.text and "<img src=x" not in r.text


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"] and "server" not in r.headers
    assert client.get("/static/../app.py").status_code == 404


def test_no_store_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.app.cli import main

    assert main(["serve", "--db", str(tmp_path / "none.db"), "--port", "0"]) == 2
    assert "no store at" in capsys.readouterr().err


def test_the_benchmark_sends_to_loopback_only(capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.app.web.bench import main

    for url in ("http://10.0.0.1:8000", "http://192.168.1.1", "http://93.184.216.34"):
        with pytest.raises(SystemExit):
            main(["--url", url, "--requests", "1"])
    assert "loopback only" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--url", "http://127.0.0.1:9", "--requests", "100000"])


def test_the_benchmark_asks_each_question_once_and_none_it_repeats(db: Path) -> None:
    from vanban.app.web.bench import QUESTION, Questions, workload
    from vanban.app.web.words import words

    fresh = Questions(db)
    taken = [q for q in iter(fresh.take, None)]
    assert len(taken) == len(fresh.pool) == len(set(taken)) == fresh.used > 100
    assert not set(taken) & set(words()["bench_questions"])
    assert any("phải làm gì" in q for q in taken) and any(q.startswith("Ai chủ trì") for q in taken)
    # the honest workload's question slots take fresh questions; --repeat asks the twelve again
    assert workload(db, False).count(QUESTION) == len(words()["bench_questions"])
    assert QUESTION not in workload(db, False, repeat=True)


def test_a_worker_shares_the_texts_it_quotes_and_warms_up(db: Path) -> None:
    from vanban.app.web.state import State, Texts

    state = State(db)
    state.warm()
    with state.store() as store:
        doc_id = store.db.execute("SELECT id FROM documents ORDER BY length(text) DESC LIMIT 1").fetchone()[0]
        whole = store.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        assert store.text(doc_id, 5, 60) == whole[5:60] and store.text("no such id", 0, 9) == ""
    # another thread's store quotes from the same texts, without reading them again
    import threading

    got: list[str] = []
    t = threading.Thread(target=lambda: got.append(_quote(state, doc_id)))
    t.start()
    t.join()
    assert got == [whole[:40]]
    # bounded: the least recently quoted text goes first
    texts = Texts(limit=len(whole) + 10)
    with state.store() as store:
        others = [r[0] for r in store.db.execute("SELECT id FROM documents WHERE id != ? AND length(text) > 100 LIMIT 3", (doc_id,))]
        texts.get(store.db, doc_id)
        for other in others:
            texts.get(store.db, other)
    assert doc_id not in texts and all(o in texts for o in others) and texts.chars <= texts.limit


def _quote(state: Any, doc_id: str) -> str:
    with state.store() as store:
        before = state.texts.chars
        assert doc_id in state.texts  # read by the first thread already
        text = str(store.text(doc_id, 0, 40))
        assert state.texts.chars == before
        return text


def test_plain_is_the_folded_text_unmarked(db: Path) -> None:
    import sqlite3

    from vanban.app.web.words import plain
    from vanban.text.normalize import fold, strip_diacritics

    conn = sqlite3.connect(db)
    texts = [r[0][:20000] for r in conn.execute("SELECT text FROM documents ORDER BY id LIMIT 40")]
    conn.close()
    texts += ["  ỦY BAN\tnhân  dân\n tỉnh Đắk Lắk ", "hoà thuận, hòa thuận, HOÀ", "a\u0301 Ka\u0300 ", ""]
    for text in texts:
        assert plain(text) == strip_diacritics(fold(text))


def test_the_benchmark_reads_the_servers_cpu_time() -> None:
    import os

    from vanban.app.web.bench import cpu_seconds

    used = cpu_seconds(os.getpid())
    assert used is None or used > 0  # None only where there is no /proc
    sum(i * i for i in range(300_000))
    assert used is None or (cpu_seconds(os.getpid()) or 0) >= used
