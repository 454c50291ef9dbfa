"""Scale: loading made-up datasets cold and warm, and what charts and pages weigh at 5,000 papers.

Each load runs in a fresh Python process (no module's cache carried over) and is timed around
``load_dataset`` alone; the CPU time is printed beside it, since the wall time on a shared
2-core machine includes waiting for other work. Cold means no snapshot (the files themselves are
in the operating system's cache, as after a checkout); warm is the next load of the same data.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import Row

from alignment_survey.book import toc
from alignment_survey.files import layout

LOAD = """
import json, sys, time
from alignment_survey.data.load import load_dataset
wall, cpu = time.perf_counter(), time.process_time()
load_dataset(sys.argv[1])
print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))
"""
BUDGETS = {5_000: (1, 1), 50_000: (5, 1)}  # papers: cold, warm (seconds)
CHART_BUDGET = 60_000  # bytes of JSON per chart at 5,000 papers
CHART_SOURCE = re.compile(r'<div class="survey-chart" [^>]*data-src="([^"]+)"')


def timed_load(data: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``load_dataset`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(data)], env=env, capture_output=True, text=True, check=True
    )
    wall, cpu = json.loads(result.stdout.strip().splitlines()[-1])
    return wall, cpu


def load_rows(datasets: dict[int, Path]) -> list[Row]:
    rows = []
    for papers, data in datasets.items():
        shutil.rmtree(layout.snapshot_dir(data), ignore_errors=True)
        cold, warm = timed_load(data), timed_load(data)
        for label, (wall, cpu), budget in zip(
            ("cold", "warm"), (cold, warm), BUDGETS[papers], strict=True
        ):
            rows.append(
                Row(
                    f"{papers:,} papers: load + validate, {label}",
                    f"{wall:.2f} s (CPU {cpu:.2f} s)",
                    f"≤ {budget} s",
                    wall <= budget,
                )
            )
    return rows


def page_weight(site: Path, page: str) -> tuple[int, list[tuple[int, str]]]:
    """A page's HTML and chart files, gzip-compressed, and each chart's JSON size with its file."""
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    charts = [(site / source).read_bytes() for source in CHART_SOURCE.findall(html)]
    weight = len(gzip.compress(html.encode(), 6)) + sum(len(gzip.compress(c, 6)) for c in charts)
    sources = CHART_SOURCE.findall(html)
    return weight, [(len(chart), source) for chart, source in zip(charts, sources, strict=True)]


def chart_rows(real: Path, synthetic: Path, papers: int, raised: set[str]) -> list[Row]:
    """Chart JSON at ``papers`` papers, and each chapter's weight against the real book's (not
    for the pages whose code raised on that data: their charts are missing)."""
    real_site, synthetic_site = real / layout.HTML, synthetic / layout.HTML
    largest: list[tuple[int, str]] = []
    rows = []
    for page in toc.chapters(real):
        if page in raised or not (synthetic_site / f"{page}.html").is_file():
            rows.append(Row(f"{page}: page weight at {papers:,} papers", "not built", "", False))
            continue
        before, _ = page_weight(real_site, page)
        after, charts = page_weight(synthetic_site, page)
        largest += [(size, f"{page.split('/')[-1]}") for size, _ in charts]
        rows.append(
            Row(
                f"{page.split('/')[-1]}: page and its charts (gzip), real book / {papers:,} papers",
                f"{before / 1e3:.0f} / {after / 1e3:.0f} KB",
                "no growth (≤ real + 10 %)",
                after <= before * 1.1,
            )
        )
    size, page = max(largest, default=(0, "none"))
    rows.insert(
        0,
        Row(
            f"largest chart JSON at {papers:,} papers",
            f"{size / 1e3:.0f} KB ({page})",
            f"≤ {CHART_BUDGET // 1000} KB",
            size <= CHART_BUDGET,
        ),
    )
    return rows
