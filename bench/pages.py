"""Every page of the site in Chromium: Lighthouse scores and timings, and the bytes a visit moves.

Lighthouse 13 (``bench/node_modules``) runs on Debian's Chromium against the site served with
gzip (``gzip_server.py``, as GitHub Pages does): mobile three times (its simulated phone varies by
several points run to run; the run with the median performance score is kept) and desktop once.
Transfers are measured with Playwright through the DevTools protocol, every chart drawn: a first
visit, and arriving from the page before it in the book (for the first page, the one after it).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from common import BENCH, Row, counted_page
from gzip_server import serve

from alignment_survey.book import toc
from alignment_survey.book.chromium import CHROMIUM, CHROMIUM_ARGS, reveal_chart

LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
MOBILE_RUNS = 3
PHONE = {"width": 412, "height": 823}
EXTRA_PAGES = ["search"]  # reached from every page, not listed in the table of contents


def site_pages(book: Path) -> list[str]:
    """Every page a reader reaches: the table of contents in order, then the search page."""
    return [*toc.documents(book), *EXTRA_PAGES]


def lighthouse(url: str, desktop: bool) -> dict:
    """One Lighthouse run (performance, accessibility, best practices) as its JSON report."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json"]
        command += [f"--output-path={report}", f"--chrome-flags={flags}"]
        command += ["--only-categories=performance,accessibility,best-practices"]
        command += ["--preset=desktop"] if desktop else []
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        subprocess.run(command, env=env, check=True, capture_output=True)
        return json.loads(report.read_text())


def median_mobile_run(url: str) -> dict:
    reports = [lighthouse(url, desktop=False) for _ in range(MOBILE_RUNS)]
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    return reports[len(reports) // 2]


def transfers(base: str, pages: list[str]) -> dict[str, tuple[int, int]]:
    """Bytes over the network per page: a first visit, and arriving from the page before it."""
    from playwright.sync_api import sync_playwright

    def visit(browser: object, path: str, before: str | None) -> int:
        context, page, _, moved = counted_page(browser, PHONE)
        for step in [p for p in (before, path) if p]:
            moved.clear()
            page.goto(f"{base}/{step}.html", wait_until="networkidle")
            charts = page.locator(".survey-chart")
            for index in range(charts.count()):  # draw every chart, as a reader would
                reveal_chart(charts.nth(index))
            page.wait_for_function(
                "[...document.querySelectorAll('.survey-chart')]"
                ".every(d => d.matches('.survey-chart--ready, .survey-chart--failed'))"
            )
            page.wait_for_load_state("networkidle")
        context.close()
        return int(sum(moved))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        previous = [pages[1], *pages[:-1]]
        sizes = {
            p: (visit(browser, p, None), visit(browser, p, b))
            for p, b in zip(pages, previous, strict=True)
        }
        browser.close()
    return sizes


def page_rows(book: Path, site: Path) -> list[Row]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = site_pages(book)
    rows: list[Row] = []
    try:
        moved = transfers(base, pages)
        for page in pages:
            rows += lighthouse_rows(page, f"{base}/{page}.html")
            first, after = moved[page]
            rows.append(
                Row(
                    f"{page}: transfer first visit / from the previous page",
                    f"{first / 1e3:.0f} / {after / 1e3:.0f} KB",
                    "≤ 1300 / ≤ 80 KB",
                    first <= 1.3e6 and after <= 80e3,
                )
            )
    finally:
        server.shutdown()
    return rows


def lighthouse_rows(page: str, url: str) -> list[Row]:
    mobile = median_mobile_run(url)
    desktop = lighthouse(url, desktop=True)
    score = {k: round(100 * v["score"]) for k, v in mobile["categories"].items()}
    fast = round(100 * desktop["categories"]["performance"]["score"])
    audit = {k: v.get("numericValue", 0) for k, v in mobile["audits"].items()}
    lcp, tbt, cls = (
        audit[k]
        for k in ("largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    )
    return [
        Row(
            f"{page}: performance mobile / desktop, accessibility, best practices",
            f"{score['performance']} / {fast}, {score['accessibility']}, {score['best-practices']}",
            "≥ 95 / 100, 100, ≥ 95",
            score["performance"] >= 95
            and fast == 100
            and score["accessibility"] == 100
            and score["best-practices"] >= 95,
        ),
        Row(
            f"{page}: LCP / TBT / CLS (mobile)",
            f"{lcp / 1e3:.2f} s / {tbt:.0f} ms / {cls:.3f}",
            "≤ 2.0 s / ≤ 150 ms / ≤ 0.02",
            lcp <= 2000 and tbt <= 150 and cls <= 0.02,
        ),
    ]
