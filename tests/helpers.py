"""What the tests share: paths, small datasets, the book build, Chromium. Tests import from here
(never from each other or from conftest, which holds only fixtures)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from alignment_survey.book import toc

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
