"""The benchmark behind ``make bench``: one table of reader, build and scale figures with targets.

* Builds: a clean build of a copy of the book, a rebuild with no change, and one after a
  prose-only edit (which must re-execute nothing and keep every figure).
* Readers: that copy's site, served with gzip (``gzip_server.py``, as GitHub Pages does), in
  Debian's Chromium: Lighthouse 13 (``bench/node_modules``; mobile, median of three runs, and
  desktop) per chapter page, and the bytes moved on a first visit and on arriving from another
  chapter, every chart drawn (Playwright, Chrome DevTools Protocol). TBT has no target in the
  issue; Lighthouse's "good" threshold (200 ms) stands beside it.
* Scale: synthetic datasets of 5,000 and 50,000 papers: load + validate time, the time to compute
  the introduction's two charts, and the introduction page's weight with those charts.

It prints; it never fails on a missed target (timings are noisy). Run: ``make bench``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from gzip_server import serve  # noqa: E402
from pdf_edition import pdf_rows  # noqa: E402

from tests.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHART = re.compile(r'<div class="survey-chart" .*?</script></div>', re.S)
SCALES = (5_000, 50_000)
MOBILE_RUNS = (
    3  # Lighthouse's simulated mobile scores vary by ~10 points run to run: take the median
)
Row = tuple[str, str, str, bool | None]  # figure, measured, target, met (None: no target)


def chapter_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [e["file"] for p in toc["parts"] for e in p["chapters"] if "chapters/" in e["file"]]


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


# --- builds --------------------------------------------------------------------------------------


def build(book: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(book / "src")}
    command = [sys.executable, str(book / "scripts" / "build_book.py")]
    return subprocess.run(command, cwd=book, env=env, capture_output=True, text=True, check=True)


def has_figures(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    outputs = [o for c in cells for o in c.get("outputs", [])]
    return any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)


def build_rows(book: Path) -> list[Row]:
    """Build a fresh copy three times: clean, unchanged, after a prose-only edit."""
    clean, _ = timed(lambda: build(book))
    unchanged, _ = timed(lambda: build(book))
    chapter = book / "chapters" / "introduction.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("## Overview\n", "## Overview\n\nA prose-only edit.\n", 1))
    prose, result = timed(lambda: build(book))
    log = result.stdout + result.stderr
    executed = log.count("Executing notebook")
    kept = all(has_figures(book / "_build/html/_sources" / f"{p}.ipynb") for p in chapter_pages())
    return [
        ("clean build", f"{clean:.0f} s", "≤ 120 s", clean <= 120),
        ("rebuild, no change", f"{unchanged:.1f} s", "≤ 10 s", unchanged <= 10),
        (
            "rebuild after a prose-only edit",
            f"{prose:.1f} s, {executed} re-executed, figures {'kept' if kept else 'LOST'}",
            "≤ 20 s, 0 re-executed",
            prose <= 20 and executed == 0 and kept,
        ),
    ]


# --- readers -------------------------------------------------------------------------------------


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
    """The mobile Lighthouse report with the median performance score of ``MOBILE_RUNS`` runs."""
    reports = [lighthouse(url, desktop=False) for _ in range(MOBILE_RUNS)]
    reports.sort(key=lambda report: report["categories"]["performance"]["score"])
    return reports[len(reports) // 2]


def transfers(base: str, pages: list[str]) -> dict[str, tuple[int, int]]:
    """Bytes over the network per page: a first visit, and arriving from another chapter (the one
    before it; for the first chapter, the one after)."""
    from playwright.sync_api import sync_playwright

    def visit(browser: object, path: str, before: str | None) -> int:
        context = browser.new_context(viewport={"width": 412, "height": 823})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        moved: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: moved.append(e["encodedDataLength"]))
        cdp.send("Network.enable")
        for step in [p for p in (before, path) if p]:
            moved.clear()
            page.goto(f"{base}/{step}.html", wait_until="networkidle")
            charts = page.locator(".survey-chart")
            for index in range(charts.count()):  # draw every chart, as a reader scrolling would
                charts.nth(index).scroll_into_view_if_needed()
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


def reader_rows(site: Path) -> list[Row]:
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows: list[Row] = []
    try:
        moved = transfers(base, chapter_pages())
        for page in chapter_pages():
            mobile = median_mobile_run(f"{base}/{page}.html")
            desktop = lighthouse(f"{base}/{page}.html", desktop=True)
            score = {k: round(100 * v["score"]) for k, v in mobile["categories"].items()}
            fast = round(100 * desktop["categories"]["performance"]["score"])
            audit = {k: v.get("numericValue", 0) for k, v in mobile["audits"].items()}
            lcp, tbt, cls = (
                audit[k]
                for k in (
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                )
            )
            first, after = moved[page]
            name = page.split("/")[-1]
            rows += [
                (
                    f"{name}: performance mobile / desktop",
                    f"{score['performance']} / {fast}",
                    "≥ 90 / ≥ 98",
                    score["performance"] >= 90 and fast >= 98,
                ),
                (
                    f"{name}: accessibility / best practices",
                    f"{score['accessibility']} / {score['best-practices']}",
                    "≥ 95 / ≥ 95",
                    score["accessibility"] >= 95 and score["best-practices"] >= 95,
                ),
                (
                    f"{name}: transfer first visit / next page",
                    f"{first / 1e3:.0f} / {after / 1e3:.0f} KB",
                    "≤ 1300 / ≤ 80 KB",
                    first <= 1.3e6 and after <= 80e3,
                ),
                (
                    f"{name}: LCP / TBT / CLS (mobile)",
                    f"{lcp / 1e3:.1f} s / {tbt:.0f} ms / {cls:.3f}",
                    "≤ 2.5 s / ≤ 200 ms / ≤ 0.02",
                    lcp <= 2500 and tbt <= 200 and cls <= 0.02,
                ),
            ]
    finally:
        server.shutdown()
    return rows


# --- scale ---------------------------------------------------------------------------------------


def intro_page_weight(site: Path, data: Path | None) -> tuple[float, int]:
    """Seconds to compute the introduction's two charts and its page's gzip bytes with them."""
    from alignment_survey import charts, load_dataset
    from alignment_survey.book.renderer import figure_html

    dataset = load_dataset(data)
    papers, taxonomy = dataset.papers, dataset.taxonomy
    seconds, figures = timed(
        lambda: [
            figure_html(charts.taxonomy_sunburst(papers, taxonomy, title="The survey's taxonomy")),
            figure_html(charts.timeline(papers, taxonomy, title="Papers per quarter, by branch")),
        ]
    )
    page = (site / "chapters" / "introduction.html").read_text(encoding="utf-8")
    drawn = iter(figures)
    page = CHART.sub(lambda _: next(drawn), page)
    return seconds, len(gzip.compress(page.encode(), 6))


def scale_rows(site: Path, work: Path) -> list[Row]:
    from alignment_survey import load_dataset
    from alignment_survey.data.synthetic import write_synthetic_dataset

    _, real = intro_page_weight(site, ROOT / "data")
    rows: list[Row] = []
    for n, budget in zip(SCALES, (1, 5), strict=True):
        data = write_synthetic_dataset(work / f"synthetic-{n}", n)
        seconds, _ = timed(lambda data=data: load_dataset(data))
        compute, weight = intro_page_weight(site, data)
        rows += [
            (
                f"{n:,} papers: load + validate",
                f"{seconds:.2f} s",
                f"≤ {budget} s",
                seconds <= budget,
            ),
            (f"{n:,} papers: introduction's charts computed", f"{compute:.2f} s", "—", None),
            (
                f"{n:,} papers: introduction page (gzip)",
                f"{weight / 1e3:.0f} KB",
                f"≤ {real * 1.1 / 1e3:.0f} KB (real data + 10%)",
                weight <= real * 1.1,
            ),
        ]
    return rows


# --- the table -----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    mark = {True: "yes", False: "**no**", None: ""}
    lines = ["| figure | measured | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {f} | {m} | {t} | {mark[ok]} |" for f, m, t, ok in rows]
    return "\n".join(lines)


def main() -> int:
    if CHROMIUM is None or not LIGHTHOUSE.is_file():
        print(
            "make bench needs chromium (apt-get install chromium) and bench/node_modules "
            "(npm ci --prefix bench)",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as folder:
        book = Path(folder) / "book"
        skip = shutil.ignore_patterns(".git", "_build", "node_modules", ".*cache", "bench-results")
        shutil.copytree(ROOT, book, ignore=skip)
        print("building a copy of the book three times…", file=sys.stderr)
        rows = build_rows(book)
        rows += pdf_rows(book)
        print("Lighthouse and transfers per chapter page…", file=sys.stderr)
        rows += reader_rows(book / "_build" / "html")
        print("synthetic datasets…", file=sys.stderr)
        rows += scale_rows(book / "_build" / "html", Path(folder))
    rows += __import__("map_rows").map_rows()  # the map and suggest: bench/map_rows.py
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
