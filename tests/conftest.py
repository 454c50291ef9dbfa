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
from hypothesis import settings

from alignment_survey.files import layout

# Hypothesis: the "ci" profile (default) keeps the property tests within CI's budget; "dev"
# (HYPOTHESIS_PROFILE=dev) runs many more examples locally. Counts per kind of test, since one
# example of the chapters runs every notebook page while one of the validator reads one file.
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
EXAMPLES = {"ci": {"records": 8, "validate": 3000}, "dev": {"records": 150, "validate": 50000}}


def examples(kind: str) -> int:
    """How many examples a property test of ``kind`` runs under the loaded profile."""
    return EXAMPLES[PROFILE][kind]


ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


def copy_book(destination: Path, with_build: bool = False, source: Path = ROOT) -> Path:
    """A copy of this checkout (or of ``source``) for a test: its sources, never its environment
    (``.venv``) or history.

    ``with_build`` also copies the last build (``_build``, ``_generated``), whose execution cache
    spares the copy re-executing unchanged chapters. Sphinx itself starts afresh in the copy: its
    environment is tied to the folder it was built in.
    """
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*layout.NOT_COPIED))
    if with_build:
        for folder in (layout.BUILD, layout.GENERATED):
            if (source / folder).is_dir():
                skip = shutil.ignore_patterns(".build.lock")
                shutil.copytree(source / folder, destination / folder, symlinks=True, ignore=skip)
    return destination


def build_site(root: Path) -> subprocess.CompletedProcess:
    """Run the book build in ``root`` (a checkout or a copy of one)."""
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "build_book.py")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def make_book(root: Path) -> subprocess.CompletedProcess:
    """What ``make book`` runs in ``root``: the build, then the check of every internal link."""
    build = build_site(root)
    if build.returncode != 0:
        return build
    links = subprocess.run(
        [sys.executable, str(root / "scripts" / "check_links.py"), str(root / layout.HTML)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return subprocess.CompletedProcess(
        build.args, links.returncode, build.stdout + links.stdout, build.stderr + links.stderr
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


class ChapterKernels:
    """One kernel per notebook page of the book, each running its page on ``data_dir``.

    The kernels stay up, so a page runs again in about half a second (a fresh kernel spends some
    four seconds starting and importing): a property test can run every page for each example.
    Each kernel knows its page (``SURVEY_CHAPTER``), as in the book build, so a broken guard names
    it; outside the build, glue does nothing and figures are only displayed.
    """

    def __init__(self, data_dir: Path, root: Path = ROOT) -> None:
        from alignment_survey.book.launch import notebook_pages

        self.data_dir, self.root, self.pages = data_dir, root, notebook_pages(root)
        self.managers: dict[Path, object] = {}
        self.clients: dict[Path, object] = {}

    def __enter__(self) -> ChapterKernels:
        import nbformat
        from jupyter_client.manager import KernelManager
        from nbclient import NotebookClient

        from alignment_survey.book.guards import CHAPTER_ENV_VAR
        from alignment_survey.book.renderer import BUILD_ENV_VAR

        env = {k: v for k, v in os.environ.items() if k != BUILD_ENV_VAR}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
        for page in self.pages:
            manager = KernelManager(kernel_name="python3")
            manager.start_kernel(
                cwd=str(page.parent),
                env={**env, layout.DATA_ENV_VAR: str(self.data_dir), CHAPTER_ENV_VAR: str(page)},
            )
            self.managers[page] = manager
            self.clients[page] = NotebookClient(nbformat.v4.new_notebook(), km=manager, timeout=300)
        return self

    def __exit__(self, *exc: object) -> None:
        for client in self.clients.values():
            if client.kc is not None:
                client.kc.stop_channels()
        for manager in self.managers.values():
            manager.shutdown_kernel(now=True)

    def run(self, page: Path) -> str | None:
        """Run every cell of ``page``: None when all run, else the error as ``Name: message``."""
        import jupytext
        from nbclient.exceptions import CellExecutionError

        client = self.clients[page]
        client.nb = jupytext.read(page)
        try:
            client.execute()
        except CellExecutionError as error:
            return f"{error.ename}: {error.evalue}"
        return None

    def failures(self) -> dict[str, str]:
        """Every page that fails, by its path in the book, with its error line."""
        found = {page: self.run(page) for page in self.pages}
        return {
            page.relative_to(self.root).as_posix(): error for page, error in found.items() if error
        }


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
