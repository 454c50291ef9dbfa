"""Incremental builds equal clean builds, for every change a contributor makes (issue 17).

One copy of the book is built once (warm), then changed step by step; after each step an
incremental ``make book`` of the warm copy must succeed exactly when a clean build of the same
sources does, and give the same pages: the same internal links and anchors, citation texts, figure
numbers and visible text. The steps chain, so that three clean builds cover every change:

1. the dataset: add a paper (a scalable-oversight paper without an arXiv id), edit one (authors,
   title, year), remove one, rename one (and its citations), change the taxonomy (a label, a node);
2. a new chapter from ``scripts/new_chapter.py`` (issue 17's first reproduction);
3. a chapter's prose: a new heading and a citation of a paper no page cited before.

Any change to ``data/`` makes the build re-read and re-execute every page (the inputs'
fingerprint), so the dataset's changes share one step, compared with a build from nothing. Steps 2
and 3 are Sphinx's own incremental builds; their clean builds start Sphinx from nothing but take
unchanged chapters' outputs from the previous clean build's execution cache (same code, same data:
the fingerprint would clear it otherwise), which keeps the whole test within a few minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from alignment_survey.book.checks import citations
from alignment_survey.data.records import write_record
from alignment_survey.files import layout
from tests.helpers import copy_book, make_book

pytestmark = pytest.mark.book

NEW_PAPER = {
    "key": "smith2026oversight",
    "title": "Oversight without an arXiv identifier",
    "authors": ["Jane Smith"],
    "year": 2025,
    "venue": "A Workshop on Oversight",
    "url": "https://example.org/smith2026oversight",
    "topics": ["scalable-oversight"],
    "taxonomy": ["so-debate"],
    "source": "tests/test_incremental.py",
}
EDITED, RENAMED = "kenton2024scalable", ("hase2024unreasonable", "hase2024easyhard")
CHAPTER_TITLE = "Hidden Test Chapter On Debate Protocols"
SKIPPED = {"_static", "_sources", "_images", "reports", "downloads", "explorer"}
# Sphinx adds ``?v=<checksum>`` to an asset's link only when the asset already exists as the page
# is written, which after a clean build it may not yet: the same file either way.
CACHE_BUSTER = re.compile(r"\?v=[0-9a-f]+$")
MARKED = {"bibtex-citation", "citation", "caption-number", "std-numref"}  # texts compared


class _Facts(HTMLParser):
    """A page's local links, anchors, visible text, and the texts of its citations and numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: list[str] = []
        self.marked: list[str] = []
        self.text: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, starts a marked text)
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.append(values["id"])
        href = values.get("href") or values.get("src") or ""
        if href and not re.match(r"^[a-z]+:|^//", href):
            self.links.append(CACHE_BUSTER.sub("", href))
        if tag in ("script", "style"):
            self._hidden += 1
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        starts = bool(MARKED & set((values.get("class") or "").split()))
        if starts:
            self.marked.append(values.get("title") or "")
        self._open.append((tag, starts))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.text.append(data)
        if any(starts for _, starts in self._open):
            self.marked[-1] += data


def site_facts(site: Path) -> dict[str, dict[str, object]]:
    """What a reader can follow and read on each page of a built site."""
    facts = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] in SKIPPED:
            continue
        parser = _Facts()
        parser.feed(page.read_text(encoding="utf-8"))
        facts[relative.as_posix()] = {
            "links": sorted(parser.links),
            "anchors": sorted(parser.anchors),
            "citations and numbers": [" ".join(text.split()) for text in parser.marked],
            "text": " ".join(" ".join(parser.text).split()),
        }
    return facts


def differences(incremental: dict, clean: dict) -> list[str]:
    """Where two sites differ, one line per page and fact."""
    found = []
    if set(incremental) != set(clean):
        found.append(f"pages in one build only: {sorted(set(incremental) ^ set(clean))}")
    for page in sorted(set(incremental) & set(clean)):
        for name, value in incremental[page].items():
            other = clean[page][name]
            if value == other:
                continue
            if isinstance(value, str):
                at = len(os.path.commonprefix([value, other]))
                value, other = value[max(0, at - 60) : at + 60], other[max(0, at - 60) : at + 60]
            else:
                value, other = (
                    sorted(set(value) - set(other))[:5],
                    sorted(set(other) - set(value))[:5],
                )
            found.append(f"{page}: {name}: incremental {value!r}, clean {other!r}")
    return found


def sources(root: Path) -> list[Path]:
    """The book's Markdown pages (not the copies a build keeps under ``_build``)."""
    return [*root.glob("*.md"), *root.glob("chapters/*.md")]


def cited_anywhere(root: Path) -> set[str]:
    return {key for page in sources(root) for _, key in citations(page.read_text(encoding="utf-8"))}


def unmentioned_papers(root: Path) -> list[str]:
    """Papers no page, chapter code or data file names: safe to remove or to cite anew."""
    text = " ".join(
        path.read_text(encoding="utf-8")
        for path in [*sources(root), *root.glob("data/*.yaml"), *root.glob("data/*.csv")]
    )
    keys = sorted(path.stem for path in (root / "data" / "papers").glob("*.yaml"))
    return [key for key in keys if key not in text]


def change_the_dataset(root: Path) -> None:
    papers = root / "data" / "papers"
    write_record(papers, NEW_PAPER)
    edited = yaml.safe_load((papers / f"{EDITED}.yaml").read_text(encoding="utf-8"))
    edited.update(
        authors=["Zachary Kenton", "A. N. Other"],
        title="On scalable oversight with weak LLMs judging strong LLMs (edited)",
        year=2025,
    )
    edited.pop("month", None)
    (papers / f"{EDITED}.yaml").unlink()
    write_record(papers, edited)
    (papers / f"{unmentioned_papers(root)[0]}.yaml").unlink()
    old, new = RENAMED
    renamed = yaml.safe_load((papers / f"{old}.yaml").read_text(encoding="utf-8"))
    (papers / f"{old}.yaml").unlink()
    write_record(papers, {**renamed, "key": new})
    for page in sources(root):
        text = page.read_text(encoding="utf-8")
        if old in text:
            page.write_text(text.replace(old, new), encoding="utf-8")
    taxonomy_file = root / "data" / "taxonomy.yaml"
    taxonomy = yaml.safe_load(taxonomy_file.read_text(encoding="utf-8"))
    for node in taxonomy["nodes"]:
        if node["id"] == "so-debate":
            node["label"] = "Debate and consultancy"
    taxonomy["nodes"].append(
        {
            "id": "so-market-making",
            "label": "Market making",
            "description": "A node with no paper yet (tests/test_incremental.py).",
            "parent": "scalable-oversight",
        }
    )
    taxonomy_file.write_text(yaml.safe_dump(taxonomy, sort_keys=False), encoding="utf-8")


def add_a_chapter(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/new_chapter.py", CHAPTER_TITLE, "--topic", "scalable-oversight"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def edit_a_chapter(root: Path) -> None:
    chapter = root / "chapters" / "core_concepts.md"
    text = chapter.read_text(encoding="utf-8")
    key = next(key for key in unmentioned_papers(root) if key not in cited_anywhere(root))
    heading = re.search(r"^# (.+)$", text, flags=re.M)
    assert heading is not None
    text = text.replace(heading.group(0), f"# {heading.group(1)}, revised", 1)
    text = text.replace(
        "\n## Reinforcement learning from human feedback\n",
        f"\n## Reinforcement learning from human feedback\n\nA new sentence {{cite:p}}`{key}`.\n",
        1,
    )
    chapter.write_text(text, encoding="utf-8")


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("the dataset", change_the_dataset),
    ("a new chapter", add_a_chapter),
    ("a chapter's prose", edit_a_chapter),
]


@pytest.fixture(scope="module")
def warm_book(tmp_path_factory, site) -> Path:
    """A copy of the book with a build of its own (the checkout's execution cache spares the
    re-execution of unchanged chapters)."""
    root = copy_book(tmp_path_factory.mktemp("incremental") / "book", with_build=True)
    result = make_book(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def reuse_execution(earlier: Path | None, root: Path) -> None:
    """Give ``root`` the execution cache of an earlier clean build (valid while the inputs are)."""
    if earlier is not None:
        shutil.copytree(earlier / layout.EXECUTION_CACHE, root / layout.EXECUTION_CACHE)
        shutil.copy(earlier / layout.FINGERPRINT, root / layout.FINGERPRINT)


def test_incremental_builds_equal_clean_builds_after_every_change(warm_book, tmp_path):
    failures, clean_root = [], None
    for number, (change, apply) in enumerate(STEPS, start=1):
        apply(warm_book)
        started = time.monotonic()
        incremental = make_book(warm_book)
        timing = f"incremental {time.monotonic() - started:.0f} s"
        earlier, clean_root = clean_root, copy_book(tmp_path / f"clean-{number}", source=warm_book)
        reuse_execution(earlier, clean_root)
        started = time.monotonic()
        clean = make_book(clean_root)
        print(f"after {change}: {timing}, clean {time.monotonic() - started:.0f} s")
        assert (incremental.returncode, clean.returncode) == (0, 0), (
            f"after {change}: incremental exit {incremental.returncode}, clean exit "
            f"{clean.returncode}\n{incremental.stderr[-2000:]}\n{clean.stderr[-2000:]}"
        )
        found = differences(
            site_facts(warm_book / layout.HTML), site_facts(clean_root / layout.HTML)
        )
        failures += [f"after {change}: {line}" for line in found]
    assert failures == [], "\n".join(failures[:20])
    new_page = warm_book / layout.HTML / "chapters" / "hidden_test_chapter_on_debate_protocols.html"
    assert 'href="../references.html#' in new_page.read_text(encoding="utf-8")  # reproduction 1
