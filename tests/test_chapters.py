"""The survey text: every chapter meets the narrative rules (length, citations, figures)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import DATA, ROOT
from tests.test_book import chapter_pages

CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")


def prose(text: str) -> str:
    """The narrative of a MyST notebook: no front matter, code cells, directives or roles."""
    body = text.split("---", 2)[2] if text.startswith("---") else text
    body = FENCE.sub(" ", body)
    body = re.sub(r"^:::.*$|^\(.*\)=$|^\|.*\|$", " ", body, flags=re.M)
    return ROLE.sub(" x ", body)


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", prose(text)))


def cited(text: str) -> set[str]:
    return {key.strip() for group in CITE.findall(text) for key in group.split(",")}


@pytest.mark.parametrize("page", chapter_pages())
def test_chapter_narrative_length(page):
    count = words((ROOT / f"{page}.md").read_text(encoding="utf-8"))
    assert 800 <= count <= 1500, f"{page}: {count} words of prose"


@pytest.mark.parametrize("page", chapter_pages())
def test_chapter_cites_at_least_eight_papers_of_the_dataset(page):
    keys = cited((ROOT / f"{page}.md").read_text(encoding="utf-8"))
    assert len(keys) >= 8, f"{page}: cites {sorted(keys)}"
    assert all((DATA / "papers" / f"{key}.yaml").is_file() for key in keys)


@pytest.mark.parametrize("page", chapter_pages())
def test_chapter_has_numbered_captioned_figures_and_takeaways(page):
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    figures = re.findall(r"```\{glue:figure\} (\S+)\n:name: (fig-\S+)\n\n(.+?)\n```", text, re.S)
    assert len(figures) >= 2 and all(len(caption.split()) >= 15 for _, _, caption in figures)
    assert all(f"{{numref}}`{name}`" in text for _, name, _ in figures), (
        "text refers to its figures"
    )
    assert "Key takeaways" in text and "{doc}`" in text
