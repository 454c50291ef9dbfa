"""Shared fixtures: the real dataset, a small copy of it, the built site, a local server, Chromium."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from alignment_survey.book.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE = ROOT / "_build" / "html"
SMALL_KEYS = (
    "cao2024scalable",
    "irving2018ai",
    "ouyang2022training",
    "burns2023weaktostrong",
    "li2024arbllm",
)


@pytest.fixture(scope="session")
def dataset():
    from alignment_survey import load_dataset

    return load_dataset(DATA)


def credited_keys() -> list[str]:
    """The surveys ``taxonomy.yaml`` credits: a valid dataset must hold their records."""
    nodes = yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))["nodes"]
    return [node["credit"] for node in nodes if node.get("credit")]


def copy_small_dataset(folder: Path, keys: tuple[str, ...]) -> Path:
    """The taxonomy, the tables, the records of ``keys`` and of the credited surveys, one seed."""
    (folder / "papers").mkdir(parents=True)
    for name in ("taxonomy.yaml", "models.csv", "benchmarks.csv", "benchmark_scores.csv"):
        shutil.copy(DATA / name, folder / name)
    for key in dict.fromkeys([*keys, *credited_keys()]):
        shutil.copy(DATA / "papers" / f"{key}.yaml", folder / "papers" / f"{key}.yaml")
    (folder / "seed_references.yaml").write_text("- number: 1\n  key: cao2024scalable\n")
    return folder


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """A valid dataset of a few records in a temporary folder, to break one thing at a time."""
    return copy_small_dataset(tmp_path / "data", SMALL_KEYS)


def build_site(root: Path) -> subprocess.CompletedProcess:
    """Run the book build in ``root`` (a checkout or a copy of one)."""
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "build_book.py")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site of this checkout, built once per test session (incremental when cached)."""
    ROOT.joinpath("_build").mkdir(exist_ok=True)
    with open(ROOT / "_build" / ".build.lock", "w") as lock:  # one build at a time in a checkout
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = build_site(ROOT)
    assert result.returncode == 0, (
        f"make book failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return SITE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve folders on 127.0.0.1: ``serve(path)`` returns the base URL; servers stop at the end."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def record_errors(page: object) -> list[str]:
    """Collect a browser page's uncaught errors, console errors and failed responses."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    return errors


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright; skips on a laptop without it, fails in CI."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(
                "chromium is not installed: CI must run the browser tests (.ci/run installs it)"
            )
        pytest.skip("chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
