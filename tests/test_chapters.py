"""The survey text: every chapter meets the narrative rules (issue 13) and is a thin notebook (14).

Narrative: 2,000-4,000 words of prose, at least 25 distinct papers cited (all in the dataset), at
most one sentence about the dataset itself, numbered and captioned figures the text refers to,
takeaways and links onward. Thin notebook: short code cells (median at most 3 lines, none over
12), no function or class defined and no figure built in a chapter, no set-up cell copied in.
"""

from __future__ import annotations

import re
import statistics

import jupytext
import pytest

from alignment_survey.book import toc
from tests.helpers import DATA, ROOT

CHAPTERS = toc.chapters(ROOT)
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
FENCE = re.compile(r"^(`{3,}|:{3,}).*?^\1\s*$", re.S | re.M)
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
# A sentence about the book's own data: it names the dataset, its curators or source lists, or
# links the dataset page.
ABOUT_THE_DATA = re.compile(
    r"\b(dataset|data set|curators?|source lists?)\b|\{doc\}`(?:\.\./)?dataset`", re.IGNORECASE
)
MIN_WORDS, MAX_WORDS, MIN_CITED = 2000, 4000, 25


def prose(text: str) -> str:
    """The narrative of a MyST notebook: no front matter, code cells, directives, tables or labels."""
    body = text.split("---", 2)[2] if text.startswith("---") else text
    body = FENCE.sub(" ", body)
    body = re.sub(r"^\(.*\)=$|^\|.*\|$|^#+ .*$|^<!--.*-->$", " ", body, flags=re.M)
    return body


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", ROLE.sub(" x ", prose(text))))


def cited(text: str) -> set[str]:
    return {key.strip() for group in CITE.findall(text) for key in group.split(",")}


def sentences_about_the_data(text: str) -> list[str]:
    plain = re.sub(r"\s+", " ", prose(text))
    return [s for s in re.split(r"(?<=[.!?])\s+", plain) if ABOUT_THE_DATA.search(s)]


def code_cells(page: str) -> list[str]:
    notebook = jupytext.read(ROOT / f"{page}.md")
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def text_of(page: str) -> str:
    return (ROOT / f"{page}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_narrative_length(page):
    count = words(text_of(page))
    assert MIN_WORDS <= count <= MAX_WORDS, f"{page}: {count} words of prose"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_cites_enough_papers_all_of_the_dataset(page):
    keys = cited(text_of(page))
    assert len(keys) >= MIN_CITED, f"{page}: cites {len(keys)} papers"
    missing = sorted(key for key in keys if not (DATA / "papers" / f"{key}.yaml").is_file())
    assert not missing, f"{page}: cites keys that are not papers of the dataset: {missing}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_is_about_the_field_not_the_dataset(page):
    about = sentences_about_the_data(text_of(page))
    assert len(about) <= 1, f"{page}: {len(about)} sentences about the data: {about}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_has_numbered_captioned_figures_and_takeaways(page):
    text = text_of(page)
    figures = re.findall(
        r"```\{glue:figure\} (\S+)\n:name: (fig-\S+)\n(?::\S+:.*\n)*\n(.+?)\n```", text, re.S
    )
    assert len(figures) >= 2 and all(len(caption.split()) >= 15 for _, _, caption in figures)
    unreferenced = [name for _, name, _ in figures if f"{{numref}}`{name}`" not in text]
    assert not unreferenced, f"{page}: the text never refers to {unreferenced}"
    assert "Key takeaways" in text and "{doc}`" in text


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_is_a_thin_notebook(page):
    cells = code_cells(page)
    lengths = [len([line for line in cell.splitlines() if line.strip()]) for cell in cells]
    assert statistics.median(lengths) <= 3, (
        f"{page}: median code cell {statistics.median(lengths)} lines"
    )
    assert max(lengths) <= 12, f"{page}: a code cell of {max(lengths)} lines"
    defined = [cell for cell in cells if re.search(r"^\s*(def|class) ", cell, re.M)]
    assert not defined, f"{page}: defines a function or class in a code cell"
    assert not any("go.Figure(" in cell or "px." in cell for cell in cells), (
        f"{page}: builds a figure"
    )
    assert not any("git clone" in cell for cell in cells), (
        f"{page}: carries a copy of the set-up cell"
    )


@pytest.mark.parametrize("page", CHAPTERS)
def test_chart_cells_can_be_shown(page):
    """A reader can open how a figure was made: chart cells hide their input (not remove it) and
    remove their output, which the {glue:figure} below shows once, numbered and captioned."""
    notebook = jupytext.read(ROOT / f"{page}.md")
    for cell in notebook.cells:
        if cell.cell_type == "code" and "glue_figure(" in cell.source:
            tags = cell.metadata.get("tags", [])
            assert {"hide-input", "remove-output"} <= set(tags), f"{page}: {cell.source[:60]}"
