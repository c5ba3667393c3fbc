"""The web app in a real browser: Debian's Chromium (installed by `make setup`) driven by
Playwright, against `vanban serve` on loopback over the store of real documents, at a
desktop's width and a phone's."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "serve", "--db", str(db), "--port", str(port),
                             "--workers", "1", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/van-ban", timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"vanban serve ended: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make setup` installs Debian's chromium package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(params=list(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=WIDTHS[request.param], accept_downloads=True, locale="vi-VN")
    p = context.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(str(e)))
    p.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    p.problems = problems  # type: ignore[attr-defined]
    yield p
    context.close()
    # no script error, no Content-Security-Policy violation, no alert() run
    assert not problems, problems


def fits(page: Page) -> None:
    """Nothing wider than the screen: a phone scrolls down, never sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width  # type: ignore[index]


def test_ask_filter_paginate_and_open_the_marked_passage(page: Page, base: str) -> None:
    page.goto(base + "/")
    box = page.get_by_label("Câu hỏi")
    box.fill("tuyên truyền")
    box.press("Enter")
    results = page.locator("ol.answers > li.answer")
    expect(results.first).to_be_visible()
    heading = page.locator("#ket-qua").inner_text()
    assert "kết quả" in heading
    fits(page)
    # a facet narrows the answers and shows itself as a filter to take off
    facet = page.locator("#facet-doc_type + ul a").first
    chosen = facet.inner_text()
    facet.click()
    expect(page.locator("ul.chips")).to_contain_text(chosen)
    assert all(chosen in t for t in page.locator("ol.answers > li.answer .meta").all_inner_texts())
    page.locator("ul.chips a").first.click()
    # the next page of the answers
    page.get_by_role("link", name="Trang sau ›").click()
    expect(page.locator(".pager [aria-current=page]")).to_have_text("2")
    assert page.locator("ol.answers").get_attribute("start") == "11"
    quote = page.locator("ol.answers > li.answer blockquote").first.inner_text()
    page.locator("ol.answers > li.answer .meta a").first.click()
    mark = page.locator("mark#doan")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert " ".join(mark.inner_text().split()) == " ".join(quote.split())
    expect(page.locator("#thuoc-tinh")).to_have_text("Thuộc tính")
    fits(page)


def test_filters_with_the_date_picker_and_an_abbreviated_issuer(page: Page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Câu hỏi").fill("phòng chống dịch bệnh")
    page.locator("details.filters summary").click()
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Đắk Lắk")
    page.get_by_label("Từ ngày").fill("2025-01-01")  # what the date picker gives
    page.get_by_label("Vai trò").select_option("chủ trì")
    page.get_by_role("button", name="Hỏi").click()
    expect(page.locator("ol.answers > li.answer").first).to_be_visible()
    for meta in page.locator("ol.answers > li.answer .meta").all_inner_texts():
        assert "Ủy ban nhân dân tỉnh Đắk Lắk" in meta
    assert all("chủ trì" in r for r in page.locator("ol.answers > li.answer .who").all_inner_texts())
    expect(page.get_by_label("Từ ngày")).to_have_value("2025-01-01")
    fits(page)


def test_the_lineage_diagram_draws_and_links(page: Page, base: str) -> None:
    page.goto(base + "/luoc-do?doc=75-KL%2FTW")
    canvas = page.locator("#cy[data-ready]")
    expect(canvas).to_be_visible()
    listed = page.locator("section[aria-labelledby=ds] ul.docs > li")
    assert canvas.get_attribute("data-ready") == str(listed.count()) and listed.count() >= 4
    assert page.locator("#cy canvas").count() >= 1
    fits(page)
    # a node is a link: tap the selected document where the diagram drew it
    box = canvas.bounding_box()
    assert box is not None
    where = page.evaluate("""() => { const n = window.vanbanLineage.nodes('.root')[0].renderedPosition();
                                     return [n.x, n.y]; }""")
    page.mouse.click(box["x"] + where[0], box["y"] + where[1])
    page.wait_for_url("**/van-ban/**")
    expect(page.locator("h1")).to_contain_text("75-KL/TW")


def test_the_lineage_diagram_works_with_the_keyboard(page: Page, base: str) -> None:
    page.goto(base + "/luoc-do?doc=75-KL%2FTW")
    expect(page.locator("#cy[data-ready]")).to_be_visible()
    cy = "window.vanbanLineage"
    # the text alternative says every relation the diagram draws, once
    drawn = page.evaluate(f"{cy}.edges().length")
    assert drawn >= 3 and page.locator("section[aria-labelledby=ds] ul.rels > li").count() == drawn
    # Tab reaches the diagram's documents, the one being viewed first; each focused one is selected
    page.locator("#direction").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#cy-keys') !== null"):
            break
    else:
        pytest.fail("no document of the diagram is reached with the keyboard")
    root = page.evaluate(f"{cy}.nodes('.root')[0].id()")
    assert page.evaluate("document.activeElement.dataset.node") == root
    assert page.evaluate(f"{cy}.$(':selected').map(n => n.id())") == [root]
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.dataset.node")
    assert second != root and page.evaluate(f"{cy}.$(':selected').map(n => n.id())") == [second]
    # the focus ring stands where the node is drawn
    ring = page.locator("#cy-keys a:focus").bounding_box()
    where = page.evaluate(f"""() => {{ const b = {cy}.getElementById({json.dumps(second)}).renderedBoundingBox(
                                           {{includeLabels: false, includeOverlays: false, includeUnderlays: false}});
                                       const c = document.getElementById('cy').getBoundingClientRect();
                                       return [c.x + 1 + b.x1, c.y + 1 + b.y1]; }}""")
    assert ring is not None and abs(ring["x"] - where[0]) < 2 and abs(ring["y"] - where[1]) < 2
    # Enter opens the document (Shift+Tab back to the one viewed)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/van-ban/**")
    expect(page.locator("h1")).to_contain_text("75-KL/TW")


def test_export_csv(page: Page, base: str) -> None:
    page.goto(base + "/?q=tuy%C3%AAn+truy%E1%BB%81n")
    total = int(page.locator("#ket-qua").inner_text().split()[0])
    with page.expect_download() as got:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Cơ quan", "Vai trò", "Nhiệm vụ"] and len(rows) == total + 1


def test_keyboard_reaches_the_question_and_the_results(page: Page, base: str) -> None:
    page.goto(base + "/?q=tuy%C3%AAn+truy%E1%BB%81n")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('ol.answers') !== null"):
            break
    else:
        pytest.fail("no answer's link is reached with the keyboard")
    # every input has a label
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(e => !(e.labels && e.labels.length)).map(e => e.name)""")
    assert unlabelled == []


def test_hostile_input_is_shown_not_run(page: Page, base: str) -> None:
    page.goto(base + "/")
    typed = '<script>alert(1)</script>"><img src=x onerror=alert(2)> NEAR( "'
    page.get_by_label("Câu hỏi").fill(typed)
    page.get_by_label("Câu hỏi").press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("img").count() == 0
    expect(page.get_by_label("Câu hỏi")).to_have_value(typed)
    page.goto(base + "/?q=" + "a" * 10_000 + "&date_from=31%2F02%2F2025")
    expect(page.locator(".notes")).to_contain_text("31/02/2025")
    expect(page.locator(".notes")).to_contain_text("300 ký tự")



CONTRAST = """() => {
  const lum = (rgb) => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                         return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const back = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
                          if (c && !c.startsWith('rgba(0, 0, 0, 0)')) return rgb(c); } return [255, 255, 255]; };
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!e.childNodes.length || ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!e.getClientRects().length) continue;
    const a = lum(rgb(getComputedStyle(e).color)), b = lum(back(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push([e.tagName, e.className, ratio.toFixed(2), e.textContent.trim().slice(0, 30)]);
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["/?q=tuy%C3%AAn+truy%E1%BB%81n", "/van-ban", "/luoc-do?doc=75-KL%2FTW"])
def test_text_has_the_contrast_of_wcag_aa(page: Page, base: str, path: str) -> None:
    page.goto(base + path)
    if path.startswith("/?"):
        page.locator("details.filters summary").click()  # the filters' labels and help too
    assert page.evaluate(CONTRAST) == []
