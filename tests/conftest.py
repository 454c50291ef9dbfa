"""Shared fixtures: the real dataset, a small copy of it, the built site, a local server, Chromium."""

from __future__ import annotations

import fcntl
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import settings

from alignment_survey.book.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import (
    DATA,
    ROOT,
    SITE,
    SMALL_KEYS,
    build_site,
    copy_small_dataset,
)

# Hypothesis: the "ci" profile (default) keeps the property tests within CI's budget; "fast" (make
# test-fast) runs a tenth of them; "dev" (HYPOTHESIS_PROFILE=dev) runs many more examples locally
# (tests.helpers.examples counts them).
settings.register_profile("fast", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def dataset():
    from alignment_survey import load_dataset

    return load_dataset(DATA)


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """A valid dataset of a few records in a temporary folder, to break one thing at a time."""
    return copy_small_dataset(tmp_path / "data", SMALL_KEYS)


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


BUILDS = {"site", "broken_builds"}  # fixtures that run the book build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the built site is a ``book`` test, one that uses Chromium a ``browser`` one.

    Tests that run the build themselves carry the marker explicitly."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if BUILDS.intersection(fixtures):
            item.add_marker(pytest.mark.book)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
