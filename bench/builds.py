"""Build times: the real book clean, unchanged and after a prose-only edit; a 5,000-paper book."""

from __future__ import annotations

import json
import re
from pathlib import Path

from common import Row, timed_build

from alignment_survey.book import toc
from alignment_survey.data.synthetic import add_papers
from alignment_survey.files import layout

SYNTHETIC_PAPERS = 5_000
RAISED = re.compile(r"(/\S+)\.md: WARNING: Executing notebook failed")


def has_figures(notebook: Path) -> bool:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    outputs = [o for c in cells for o in c.get("outputs", [])]
    return any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)


def failure(result: object) -> str:
    """The last lines a failed build printed, on one line."""
    lines = (result.stdout + result.stderr).strip().splitlines()
    return " / ".join(lines[-3:])[-300:]


def real_book_rows(book: Path) -> list[Row]:
    """Build a fresh copy three times: clean, unchanged, after a prose-only edit."""
    papers = len(list(layout.papers_dir(book / layout.DATA).glob("*.yaml")))
    clean, clean_cpu, first = timed_build(book)
    unchanged, unchanged_cpu, _ = timed_build(book)
    chapter = book / "chapters" / "introduction.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("## Overview\n", "## Overview\n\nA prose-only edit.\n", 1))
    prose, _, result = timed_build(book)
    log = result.stdout + result.stderr
    executed = log.count("Executing notebook")
    site = book / layout.HTML
    kept = all(has_figures(site / "_sources" / f"{page}.ipynb") for page in toc.chapters(book))
    ok = first.returncode == 0 and result.returncode == 0
    return [
        Row(
            f"clean build of the book ({papers} papers)",
            f"{clean:.0f} s (CPU {clean_cpu:.0f} s)" + ("" if ok else f" FAILED: {failure(first)}"),
            "≤ 60 s",
            ok and clean <= 60,
        ),
        Row(
            "rebuild, no change",
            f"{unchanged:.1f} s (CPU {unchanged_cpu:.1f} s)",
            "≤ 8 s",
            unchanged <= 8,
        ),
        Row(
            "rebuild after a prose-only edit",
            f"{prose:.1f} s, {executed} re-executed, figures {'kept' if kept else 'LOST'}",
            "≤ 20 s, 0 re-executed",
            prose <= 20 and executed == 0 and kept,
        ),
    ]


def synthetic_book_rows(book: Path) -> tuple[list[Row], set[str]]:
    """A clean build of a copy whose dataset holds copies of the real papers, 5,000 in all; the
    rows, and the pages whose code raised on that data (a guard's broken claim included).
    """
    add_papers(book / layout.DATA, SYNTHETIC_PAPERS)
    wall, cpu, result = timed_build(book)
    log = result.stdout + result.stderr
    raised = {Path(path).relative_to(book).as_posix() for path in RAISED.findall(log)}
    measured = f"{wall:.0f} s (CPU {cpu:.0f} s)"
    if raised:
        measured += f"; raised on this data: {', '.join(sorted(raised))}"
    row = Row(
        f"clean build of a {SYNTHETIC_PAPERS:,}-paper book",
        measured,
        "≤ 120 s",
        not raised and wall <= 120,
    )
    return [row], raised
