"""The built book: every page present, every chapter with its charts, plotly.js shipped once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import build_site, chapter_pages, copy_book

pytestmark = pytest.mark.book


def test_the_seven_chapters_landing_references_and_dataset_pages_exist(site):
    assert len(chapter_pages()) >= 7
    for page in [*chapter_pages(), "index", "references", "dataset"]:
        assert (site / f"{page}.html").is_file(), page


@pytest.mark.parametrize("page", chapter_pages())
def test_chapter_page_holds_its_figures_under_the_size_budget(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    charts = re.findall(
        r'<div class="survey-chart" id="chart-[0-9a-f]+" role="img" aria-label="([^"]+)"', html
    )
    assert len(charts) >= 2, f"{page}: expected at least a taxonomy and a timeline chart"
    assert any("Sunburst chart" in alt for alt in charts) and any(
        "Timeline of" in alt for alt in charts
    )
    assert len(html.encode()) <= 150_000, f"{page}: {len(html.encode())} bytes of HTML"
    sources = re.findall(r'<div class="survey-chart" [^>]*data-src="([^"]+)"', html)
    assert len(sources) == len(charts)  # every chart's JSON is a file of its own
    for source in sources:
        assert json.loads((site / source).read_text(encoding="utf-8"))["data"]


def test_plotly_js_is_self_hosted_once_and_never_inlined(site):
    bundles = list(site.rglob("plotly*.js"))
    assert [b.relative_to(site).as_posix() for b in bundles] == ["_static/plotly.min.js"]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "cdn.plot.ly" not in text and "Plotly.newPlot" not in text, page
        assert len(text) < 1_000_000, page


def test_citations_resolve_to_the_references_page(site):
    references = (site / "references.html").read_text(encoding="utf-8")
    assert "Towards Scalable Automated Alignment of LLMs: A Survey" in references
    intro = (site / "chapters" / "introduction.html").read_text(encoding="utf-8")
    assert 'href="../references.html#' in intro


def test_citations_of_incomplete_author_lists_say_et_al(site):
    """A record ending in ``others`` is cited "Surname et al.", never "Surname and others"."""
    pages = [site / f"{page}.html" for page in chapter_pages()] + [site / "references.html"]
    text = " ".join(page.read_text(encoding="utf-8") for page in pages)
    assert "and others" not in text
    assert "Ouyang <em>et al.</em>" in text or "Ouyang et al." in text


def has_figure_outputs(path: Path) -> bool:
    """Whether a saved notebook holds a plotly figure among its code cells' outputs."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    outputs = [
        o
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for o in cell.get("outputs", [])
    ]
    return any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs)


@pytest.mark.parametrize("page", chapter_pages())
def test_each_chapter_is_offered_as_an_executed_notebook(site, page):
    assert has_figure_outputs(site / "_sources" / f"{page}.ipynb")
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert f"{page.split('/')[-1]}.ipynb" in html


def test_glued_numbers_appear_in_the_text(site, dataset):
    """The dataset page glues the number of papers (the chapters are about the field, not it)."""
    page = (site / "dataset.html").read_text(encoding="utf-8")
    assert f">{len(dataset.papers)}<" in page


def test_a_prose_edit_keeps_the_outputs_of_the_cached_notebook(site, tmp_path):
    """An incremental build after a prose-only edit takes the chapter from jupyter-cache; its
    executed notebook must still hold the figures (myst-nb 1.4 wrote it without outputs)."""
    copy = copy_book(tmp_path / "book", with_build=True)
    chapter = copy / "chapters" / "introduction.md"
    text = chapter.read_text(encoding="utf-8")
    assert "## Overview\n" in text
    chapter.write_text(text.replace("## Overview\n", "## Overview\n\nA prose-only edit.\n"))
    result = build_site(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Executing notebook" not in result.stdout + result.stderr  # nothing re-executed
    assert "Using cached notebook" in result.stdout + result.stderr
    assert "A prose-only edit." in (copy / "_build/html/chapters/introduction.html").read_text()
    for page in chapter_pages():
        for folder in ("_build/jupyter_execute", "_build/html/_sources"):
            assert has_figure_outputs(copy / folder / f"{page}.ipynb"), f"{folder}/{page}"
