"""What the tests share: paths, small datasets, the book build, Chromium. Tests import from here
(never from each other or from conftest, which holds only fixtures)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from alignment_survey.book import toc
from alignment_survey.files import layout

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE = ROOT / "_build" / "html"
SMALL_KEYS = (
    "cao2024scalable",
    "irving2018ai",
    "ouyang2022training",
    "burns2023weaktostrong",
    "li2025arbllm",
)


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


def build_site(root: Path) -> subprocess.CompletedProcess:
    """Run the book build in ``root`` (a checkout or a copy of one)."""
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "build_book.py")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


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


def chapter_pages() -> list[str]:
    """The survey's chapters in the book's order (``chapters/<name>``)."""
    return toc.chapters(ROOT)


def set_added(record: Path, day: str | None) -> None:
    """Give a record file ``added: <day>`` (replacing the one it has), or remove it (``None``)."""
    text = re.sub(r"(?m)^added: .*\n", "", record.read_text(encoding="utf-8"))
    record.write_text(text + (f"added: {day}\n" if day else ""), encoding="utf-8")


# How many examples a property test runs: one example of the chapters executes every notebook
# page, one of the validator reads one file. HYPOTHESIS_PROFILE=dev runs many more locally.
EXAMPLES = {
    "fast": {"records": 2, "validate": 300},  # make test-fast
    "ci": {"records": 8, "validate": 3000},  # make test (the default)
    "dev": {"records": 150, "validate": 50000},  # a long local run
}


def examples(kind: str) -> int:
    """How many examples a property test of ``kind`` runs under the loaded profile."""
    return EXAMPLES[os.environ.get("HYPOTHESIS_PROFILE", "ci")][kind]


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
