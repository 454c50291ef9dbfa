"""The paper explorer at 50,000 made-up papers, in Chromium.

A copy of the built site gets the explorer's data files of a synthetic 50,000-paper dataset.

* First rows: time from navigation to the first rows drawn (the page's own
  ``survey-explorer:first-rows`` mark), at 1350 x 940 over Lighthouse's desktop line (10 Mbit/s,
  40 ms round trips), no cache; median of three loads. The whole dataset's arrival is shown too.
* A keystroke: with every paper loaded, each key of a search typed at the keyboard is timed from
  its input event to the next frame after the table's update (``performance.now()`` in the
  page); the slowest keystroke is kept.
* Transfer: the bytes over the network of a first visit, gzip-compressed as GitHub Pages sends.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

from common import Row, counted_page
from gzip_server import serve

from alignment_survey.book.chromium import CHROMIUM, CHROMIUM_ARGS
from alignment_survey.book.explorer import explorer_files
from alignment_survey.data.load import load_dataset
from alignment_survey.files import layout

DESKTOP = {"width": 1350, "height": 940}
DESKTOP_LINE = {"offline": False, "latency": 40, "downloadThroughput": 10_240_000 / 8}
DESKTOP_LINE["uploadThroughput"] = DESKTOP_LINE["downloadThroughput"]
TYPED = "debate oversight"
LOADS = 3
KEYSTROKE = """() => { window.keystroke = new Promise(resolve => {
    const input = document.querySelector(".survey-explorer input[name=q]");
    input.addEventListener("input", event => requestAnimationFrame(() => setTimeout(
        () => resolve(performance.now() - event.timeStamp))), {once: true});
}); }"""


def explorer_site(site: Path, data: Path, work: Path) -> Path:
    """A copy of the built site whose explorer holds the dataset in ``data``."""
    folder = work / "explorer-site"
    shutil.copytree(site, folder)
    for path, text in explorer_files(load_dataset(data)).items():
        (folder / path.relative_to(layout.GENERATED_SITE)).write_text(text, encoding="utf-8")
    return folder


def first_rows(browser: object, url: str) -> tuple[float, float, int]:
    """Milliseconds to the first rows and to the whole dataset, and the bytes moved."""
    context, page, cdp, moved = counted_page(browser, DESKTOP)
    cdp.send("Network.emulateNetworkConditions", DESKTOP_LINE)
    page.goto(url)
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=120_000)
    page.wait_for_load_state("networkidle")
    marks = page.evaluate(
        """() => ["first-rows", "ready"].map(name =>
            performance.getEntriesByName("survey-explorer:" + name)[0].startTime)"""
    )
    context.close()
    return marks[0], marks[1], int(sum(moved))


def keystrokes(browser: object, url: str) -> list[float]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=120_000)
    page.click(".survey-explorer input[name=q]")
    times = []
    for key in TYPED:
        page.evaluate(KEYSTROKE)  # listens after the explorer's own handler, which runs first
        page.keyboard.press("Space" if key == " " else key)
        times.append(page.evaluate("window.keystroke"))
    context.close()
    return times


def explorer_rows(site: Path, data: Path, work: Path) -> list[Row]:
    from playwright.sync_api import sync_playwright

    papers = len(list(layout.papers_dir(data).glob("*.yaml")))
    server = serve(explorer_site(site, data, work))
    url = f"http://127.0.0.1:{server.server_address[1]}/explorer.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            loads = sorted(first_rows(browser, url) for _ in range(LOADS))
            typed = keystrokes(browser, url)
            browser.close()
    finally:
        server.shutdown()
    rows_ms, ready_ms, moved = loads[len(loads) // 2]
    slowest = max(typed)
    return [
        Row(
            f"explorer, {papers:,} papers: first rows, desktop (whole dataset loaded)",
            f"{rows_ms / 1e3:.2f} s ({ready_ms / 1e3:.2f} s)",
            "≤ 1.5 s",
            rows_ms <= 1500,
        ),
        Row(
            f"explorer, {papers:,} papers: a keystroke in the search box, slowest (median)",
            f"{slowest:.0f} ms ({statistics.median(typed):.0f} ms)",
            "≤ 100 ms",
            slowest <= 100,
        ),
        Row(
            f"explorer, {papers:,} papers: transfer of a first visit (gzip)",
            f"{moved / 1e6:.2f} MB",
            "≤ 2 MB",
            moved <= 2e6,
        ),
    ]
