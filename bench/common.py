"""What every section of the benchmark shares: a row of the table, timing, copies of the book."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alignment_survey.files import layout

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, what was measured, its target, and whether it is met."""

    figure: str
    measured: str
    target: str = ""
    met: bool | None = None  # None: a figure without a target


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def copy_book(target: Path) -> Path:
    """A copy of this checkout without environments, builds and caches."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*layout.NOT_COPIED))
    return target


def build(book: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """``scripts/build_book.py`` in ``book``, with that copy's package first on the path."""
    env = {**os.environ, "PYTHONPATH": str(book / "src"), **env_vars}
    command = [sys.executable, str(book / "scripts" / "build_book.py")]
    return subprocess.run(command, cwd=book, env=env, capture_output=True, text=True, check=False)


def timed_build(book: Path, **env_vars: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds of a build (the CPU of every process it ran, kernels included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, result = timed(lambda: build(book, **env_vars))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, result


def counted_page(browser: object, viewport: dict) -> tuple[object, object, object, list[int]]:
    """A new context, its page, the page's DevTools session (network enabled), and the list to
    which the bytes the page moves (as transferred) are added."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    moved: list[int] = []
    cdp.on("Network.loadingFinished", lambda event: moved.append(event["encodedDataLength"]))
    cdp.send("Network.enable")
    return context, page, cdp, moved


def load_average() -> str:
    """The machine's load while the benchmark ran (a 2-core machine shared with others)."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def table(rows: list[Row]) -> str:
    mark = {True: "yes", False: "**no**", None: ""}
    lines = ["| figure | measured | target | met |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.figure} | {r.measured} | {r.target} | {mark[r.met]} |" for r in rows]
    return "\n".join(lines)
