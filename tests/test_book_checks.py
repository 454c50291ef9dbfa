"""Checks before and after Sphinx: the table of contents, citations, and chapters whose code raises.

``make book`` stops before Sphinx on a bad record, a page missing from ``_toc.yml`` (or an entry
without a page) and a citation of an unknown key, one line each; a chapter whose code raises fails
the build with a line naming the chapter, the cell and the error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_survey.book.checks import check_book, citations, code_cells, describe_failure
from alignment_survey.book.scaffold import FRONT_MATTER
from tests.helpers import ROOT, build_site, copy_book

FRONT = FRONT_MATTER
TOC = """\
format: jb-book
root: index
parts:
  - caption: Test
    chapters:
      - file: chapters/one
      - file: references
"""
KEYS = {"irving2018ai", "cao2024scalable"}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A minimal valid book source: index, one chapter, references."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "index.md").write_text("# Home\n\nSee {cite:t}`cao2024scalable`.\n")
    (tmp_path / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    (tmp_path / "chapters" / "one.md").write_text(
        FRONT + "# One\n\nDebate {cite:p}`irving2018ai`.\n"
    )
    return tmp_path


def lines(book: Path) -> list[str]:
    return [str(problem) for problem in check_book(book, KEYS)]


def test_the_real_book_passes():
    assert check_book(ROOT) == []


def test_the_minimal_book_passes(book):
    assert lines(book) == []


def test_a_chapter_missing_from_the_toc(book):
    stray = book / "chapters" / "two.md"
    stray.write_text(FRONT + "# Two\n")
    assert lines(book) == [
        f"{stray}: toc: not listed in _toc.yml, so the book leaves it out: "
        "add '- file: chapters/two' there"
    ]


def test_a_toc_entry_without_a_file(book):
    (book / "chapters" / "one.md").rename(book / "chapters" / "one.txt")
    assert lines(book) == [
        f"{book / '_toc.yml'}:6: file: 'chapters/one' is listed but neither "
        "chapters/one.md nor chapters/one.ipynb exists"
    ]


def test_a_toc_that_is_not_yaml(book):
    (book / "_toc.yml").write_text("root: index\nparts: [\n")
    assert lines(book)[0].startswith(f"{book / '_toc.yml'}: -: YAML syntax error at line 3")


def test_an_unknown_citation_names_file_line_and_key(book):
    chapter = book / "chapters" / "one.md"
    chapter.write_text(
        FRONT + "# One\n\nAs {cite:t}`irving2018ai` and {cite:p}`cao2024scalable,foo` say.\n"
    )
    assert lines(book) == [f"{chapter}:14: cite: unknown key 'foo'"]


def test_the_unknown_citation_in_a_page_outside_chapters(book):
    (book / "index.md").write_text("# Home\n\n{cite}`nobody2024`\n")
    assert lines(book) == [f"{book / 'index.md'}:3: cite: unknown key 'nobody2024'"]


def test_citations_are_read_in_prose_and_directives_not_in_code():
    text = """\
Prose {cite:p}`a1, a2` and {cite:t}`a3` and {cite}`a4`; shown as syntax: ``{cite:p}`x1` ``.
% a comment {cite:p}`x2`

```{code-cell} ipython3
print("{cite:p}`x3`")
```

```{glue:figure} fig
:name: fig-x

A caption citing {cite:t}`a5`.
```

:::{admonition} Note
Inside an admonition {cite:p}`a6`.

````{note}
```python
code {cite:p}`x4`
```
Nested prose {cite:p}`a7`.
````
:::

```
plain code {cite:p}`x5`
```
"""
    found = list(citations(text))
    assert [key for _, key in found] == ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]
    assert found[0] == (1, "a1") and found[-1] == (21, "a7")


def test_a_failure_log_gives_chapter_cell_and_error(tmp_path):
    chapter = tmp_path / "broken.md"
    chapter.write_text(
        FRONT + "# Broken\n\n```{code-cell} ipython3\nx = 1\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-cell]\n\nx = x + 1\nx[0]\n```\n"
    )
    log = (
        "Traceback (most recent call last):\n  ...\n"
        "nbclient.exceptions.CellExecutionError: An error occurred while executing the following cell:\n"
        "------------------\nx = x + 1\nx[0]\n------------------\n\n\n"
        "\x1b[31mTypeError\x1b[39m                                 Traceback (most recent call last)\n"
        "Cell In[2], line 2\n----> 2 x[0]\n\n"
        "\x1b[31mTypeError\x1b[39m: 'int' object is not subscriptable\n"
    )
    assert str(describe_failure(chapter, log)) == (
        f"{chapter}:18: cell 2: TypeError: 'int' object is not subscriptable"
    )
    assert [line for line, _ in code_cells(chapter)] == [14, 18]


# --- the build stops -----------------------------------------------------------------------


def test_make_book_stops_before_sphinx_with_one_line_per_problem(tmp_path):
    root = copy_book(tmp_path / "book")
    record = root / "data" / "papers" / "irving2018ai.yaml"
    record.write_text(record.read_text().replace("month: 5", "month: 13"))
    chapter = root / "chapters" / "introduction.md"
    chapter.write_text(
        chapter.read_text().replace("{cite:p}`irving2018ai`", "{cite:p}`irving2018`")
    )
    (root / "chapters" / "draft.md").write_text(FRONT + "# Draft\n")

    result = build_site(root)

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    stderr = result.stderr.splitlines()
    assert "data/papers/irving2018ai.yaml: month: 13 is not a month (1 to 12)" in stderr
    cite_line = next(line for line in stderr if "unknown key 'irving2018'" in line)
    assert cite_line.startswith("chapters/introduction.md:") and ": cite: " in cite_line
    assert any(line.startswith("chapters/draft.md: toc: not listed in _toc.yml") for line in stderr)
    assert stderr[-2] == "build stopped before Sphinx: 3 problem(s)"
    assert stderr[-1] == (
        "next: fix the field named on each line in data/papers/irving2018ai.yaml, check with "
        "`make validate`; fix chapters/draft.md, chapters/introduction.md at the line and field "
        "named above; then rerun `make book`"
    )
    assert not (root / "_build" / "html").exists()


BROKEN = (
    FRONT
    + """\
# Broken

A chapter whose second cell raises {cite:p}`irving2018ai`.

```{code-cell} ipython3
papers = {"year": [2024]}
```

```{code-cell} ipython3
:tags: [remove-cell]

papers["year2"]
```
"""
)


GUARDED = (
    FRONT
    + """\
# Guarded

All of the papers {cite:p}`irving2018ai` have an arXiv identifier.

```{code-cell} ipython3
:tags: [remove-cell]

from alignment_survey.book.guards import claim

claim("All of the papers have an arXiv identifier", broken_by=["smith2026foo", "doe2026bar"])
```
"""
)


@pytest.fixture(scope="module")
def broken_builds(tmp_path_factory) -> tuple[Path, list]:
    """A copy of the book whose only chapters raise (one a bug, one a broken claim), built twice."""
    root = copy_book(tmp_path_factory.mktemp("broken") / "book")
    for chapter in (root / "chapters").glob("*.md"):
        chapter.unlink()
    (root / "chapters" / "broken.md").write_text(BROKEN)
    (root / "chapters" / "guarded.md").write_text(GUARDED)
    (root / "index.md").write_text("# Home\n")
    (root / "references.md").write_text("# References\n\n```{bibliography}\n```\n")
    toc = TOC.replace("chapters/one", "chapters/broken\n      - file: chapters/guarded")
    (root / "_toc.yml").write_text(toc)
    return root, [build_site(root), build_site(root)]


def test_a_chapter_whose_code_raises_fails_the_build_naming_chapter_and_cell(broken_builds):
    root, (first, _) = broken_builds
    assert first.returncode == 1
    assert "Executing notebook failed" in first.stderr  # Sphinx's own warning, under -W
    assert (root / "_build" / "html" / "reports" / "chapters" / "broken.err.log").is_file()
    summary = first.stderr.strip().splitlines()[-4:]
    assert summary == [
        "chapters/broken.md:20: cell 2: KeyError: 'year2'",
        'chapters/guarded.md: the sentence "All of the papers have an arXiv identifier" no longer '
        "holds (records: smith2026foo, doe2026bar); the records are valid: reword the sentence or "
        "glue the number",
        "build failed: 2 chapter(s) raised; tracebacks in _build/html/reports",
        "next: reword the quoted sentence in chapters/guarded.md or glue its number (the records "
        "are valid); fix cell 2 of chapters/broken.md (line 20), traceback in "
        "_build/html/reports/chapters/broken.err.log (`make lab` runs the chapter); "
        "then rerun `make book`",
    ]


def test_the_failing_chapter_fails_the_next_build_too(broken_builds):
    _, (_, second) = broken_builds  # unchanged, it would be skipped if the last build had counted
    assert second.returncode == 1
    assert "chapters/broken.md:20: cell 2: KeyError: 'year2'" in second.stderr
