"""Screenshots of the web app's main pages for docs/, in Debian's Chromium.

    vanban serve --db vanban.db --port 8000 &
    .venv/bin/python tools/screenshots.py http://127.0.0.1:8000 docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = [
    ("answers", "/?q=" + quote("Ai chủ trì chuyển đổi số?")),
    ("answers-place", "/?q=" + quote("Sở Y tế Cần Thơ phải làm gì?")),
    ("nothing-found", "/?q=" + quote("nuôi khủng long trên sao Hỏa")),
    ("lineage", "/luoc-do?doc=" + quote("75-KL/TW", safe="")),
    ("documents", "/van-ban"),
]


def main(base: str, out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width, height, suffix in ((1280, 900, ""), (390, 844, "-phone")):
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            for name, path in PAGES:
                page.goto(base + path)
                if name == "lineage":
                    page.wait_for_selector("#cy[data-ready]")
                    page.wait_for_timeout(300)
                page.screenshot(path=str(folder / f"{name}{suffix}.png"), full_page=False)
            if not suffix:
                # the diagram by keyboard: Tab from the direction box to the second document
                page.goto(base + dict(PAGES)["lineage"])
                page.wait_for_selector("#cy[data-ready]")
                page.locator("#direction").focus()
                while page.evaluate("document.activeElement.closest('#cy-keys') === null"):
                    page.keyboard.press("Tab")
                page.keyboard.press("Tab")
                page.wait_for_timeout(300)
                page.screenshot(path=str(folder / "lineage-keyboard.png"), full_page=False)
            page.goto(base + PAGES[0][1])
            page.locator("ol.answers li.answer .meta a").first.click()
            page.wait_for_selector("mark#doan")
            page.screenshot(path=str(folder / f"document{suffix}.png"))
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
