"""Markup in the data is text: hostile titles, authors and venues never run in a reader's browser.

A copy of the book gets three records whose fields are HTML or LaTeX, and a chapter that cites
them, charts them and prints them. The copy is built (``make book``), served and read in
Chromium: every payload must show as literal text, and none may run. Each payload would both
open a dialog and set ``window.__pwned``; the tests fail on either.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from alignment_survey.book.scaffold import FRONT_MATTER
from alignment_survey.data.records import write_record
from alignment_survey.data.validate import validate_dataset
from tests.helpers import build_site, copy_book

pytestmark = pytest.mark.book

IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
SVG = '<svg onload="window.__pwned=1;alert(1)">'
LATEX = r"100% of {braces} & #1 under_score ~tilde \backslash $5 ^up"
BRANCH = '<img src=x onerror="window.__pwned=1;alert(1)"> branch'  # a taxonomy node's label
HOSTILE = {  # months apart, so that each is a point of its own in the timeline
    "hostile2024img": {
        "title": IMG,
        "authors": [SCRIPT, "Mallory"],
        "venue": f"{SVG} Proceedings",
        "month": 1,
        "taxonomy": ["hostile-branch"],
    },
    "hostile2024script": {
        "title": f"{SCRIPT} Debate",
        "authors": [IMG],
        "venue": "arXiv",
        "month": 5,
    },
    "hostile2024latex": {
        "title": LATEX,
        "authors": ["Zoë O'Brien-Ødegaard"],
        "venue": "arXiv",
        "month": 9,
    },
}
KEYS = list(HOSTILE)
CHAPTER = (
    FRONT_MATTER
    + """
(ch-hostile)=
# Hostile records

Three records whose text is markup {cite:p}`hostile2024img,hostile2024script,hostile2024latex`,
beside a real one {cite:p}`irving2018ai`.

```{code-cell} ipython3
:tags: [remove-cell]

import pandas as pd
from myst_nb import glue

from alignment_survey import charts
from alignment_survey.book.chapter import glue_figure, setup

survey = setup()
papers, taxonomy = survey.papers, survey.taxonomy
hostile = papers[papers["key"].str.startswith("hostile")]
debate = papers[papers["taxonomy"].map(lambda nodes: "so-debate" in nodes)].head(12)
shown = pd.concat([hostile, debate]).drop_duplicates("key")
glue("hostile_title", hostile.set_index("key").at["hostile2024img", "title"], display=False)
glue_figure("hostile_timeline", charts.timeline(shown, taxonomy, title="Hostile timeline"))
glue_figure("hostile_taxonomy", charts.taxonomy_sunburst(shown, taxonomy, title="Hostile tree"))
```

The first title, as page text: {glue:text}`hostile_title`.

```{glue:figure} hostile_timeline
:name: fig-hostile-timeline

Every hostile record is a point of the lower strip.
```

```{glue:figure} hostile_taxonomy
:name: fig-hostile-taxonomy

The hostile titles are listed in the hover of their node.
```

```{code-cell} ipython3
pd.set_option("display.max_colwidth", None)
hostile[["key", "title", "venue"]]
```
"""
)
INDEX = "# Hostile book\n\nA copy of the survey with records whose text is markup.\n"
TOC = """\
format: jb-book
root: index
parts:
  - caption: Test
    chapters:
      - file: chapters/hostile
      - file: dataset
      - file: explorer
      - file: references
"""


def hostile_record(key: str, fields: dict) -> dict:
    return {
        "key": key,
        "year": 2024,
        "arxiv_id": None,
        "doi": None,
        "url": f"https://example.org/{key}",
        "topics": ["scalable-oversight"],
        "taxonomy": ["so-debate"],
        "source": "tests/test_hostile_site.py",
        **fields,
    }


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> Path:
    """A copy of the repository with the hostile records and chapter, built once."""
    root = copy_book(tmp_path_factory.mktemp("hostile") / "book")
    taxonomy_file = root / "data" / "taxonomy.yaml"
    taxonomy = yaml.safe_load(taxonomy_file.read_text(encoding="utf-8"))
    taxonomy["nodes"].append(
        {"id": "hostile-branch", "label": BRANCH, "description": SCRIPT, "parent": None}
    )
    taxonomy_file.write_text(yaml.safe_dump(taxonomy, sort_keys=False), encoding="utf-8")
    for key, fields in HOSTILE.items():
        write_record(root / "data" / "papers", hostile_record(key, fields))
    for chapter in (root / "chapters").glob("*.md"):
        chapter.unlink()
    (root / "chapters" / "hostile.md").write_text(CHAPTER, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_site(hostile_book) -> Path:
    result = build_site(hostile_book)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return hostile_book / "_build" / "html"


@pytest.fixture
def page(browser, serve, hostile_site):
    """A page that records every dialog; after the test, no dialog opened and no payload ran."""
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.base = serve(hostile_site)
    yield tab
    assert tab.evaluate("typeof window.__pwned") == "undefined", "a payload ran"
    assert dialogs == [], f"a payload opened a dialog: {dialogs}"
    context.close()


def test_the_hostile_records_are_valid_records(hostile_book):
    report = validate_dataset(hostile_book / "data")
    assert report.problems == []
    assert {paper.key for paper in report.papers} >= set(KEYS)


def test_the_chart_json_holds_markup_escaped(hostile_site):
    text = (hostile_site / "chapters" / "hostile.html").read_text(encoding="utf-8")
    sources = re.findall(r'<div class="survey-chart" [^>]*data-src="([^"]+)"', text)
    payloads = [(hostile_site / source).read_text(encoding="utf-8") for source in sources]
    assert len(payloads) == 2
    for payload in payloads:
        assert "<" not in payload and ">" not in payload  # nothing can close the script tag
    hovers = json.dumps([json.loads(p) for p in payloads])
    assert json.dumps(html.escape(IMG, quote=False))[1:-1] in hovers  # plotly shows it as text
    assert "&lt;script&gt;" in hovers and "<script" not in hovers


def test_the_bibliography_shows_every_title_and_author_literally(page):
    page.goto(f"{page.base}/references.html")
    text = page.inner_text("main")
    for fields in HOSTILE.values():
        assert fields["title"] in text
    assert SCRIPT in text and IMG in text and SVG in text
    assert page.locator("main img[src='x'], main svg[onload]").count() == 0


def test_the_chapter_prints_the_records_as_text(page):
    page.goto(f"{page.base}/chapters/hostile.html")
    table = page.inner_text("main table.dataframe")
    for fields in HOSTILE.values():
        assert fields["title"] in table and fields["venue"] in table
    # glued into a sentence: literal, though Sphinx's smart quotes curl its straight quotes
    assert "as page text: <img src=x onerror=" in page.inner_text("main")
    assert page.locator("main img[src='x'], main svg[onload]").count() == 0


def point_centre(page, chart: int, key: str) -> dict:
    """Where on the page the timeline draws the point whose ``customdata`` is ``key``."""
    return page.evaluate(
        """([chart, key]) => {
            const div = document.querySelectorAll('.survey-chart')[chart];
            for (const point of div.querySelectorAll('.scatterlayer path.point')) {
                const trace = point.parentNode.__data__ && point.parentNode.parentNode.__data__;
                const data = trace && trace[0] && trace[0].trace;
                if (data && data.customdata && data.customdata[point.__data__.i] === key) {
                    const box = point.getBoundingClientRect();
                    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
                }
            }
            return null;
        }""",
        [chart, key],
    )


@pytest.mark.parametrize(("key", "shown"), [("hostile2024img", IMG), ("hostile2024script", SCRIPT)])
def test_hovering_a_point_shows_the_literal_title(page, key, shown):
    page.goto(f"{page.base}/chapters/hostile.html")
    chart = page.locator(".survey-chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_selector(".survey-chart--ready", timeout=30_000)
    centre = point_centre(page, 0, key)
    assert centre is not None, f"no point for {key}"
    page.mouse.move(centre["x"], centre["y"])
    label = page.locator(".survey-chart .hoverlayer .hovertext").first
    label.wait_for(timeout=10_000)
    assert shown in label.text_content()


def test_a_taxonomy_label_is_drawn_as_text(page):
    page.goto(f"{page.base}/chapters/hostile.html")
    page.locator(".survey-chart").first.scroll_into_view_if_needed()
    page.wait_for_selector(".survey-chart--ready", timeout=30_000)
    drawn = page.locator(".survey-chart").first.locator("svg text").all_text_contents()
    assert BRANCH in drawn  # the timeline's row for the branch, and its legend entry


def test_the_explorer_shows_the_records_as_text(page, hostile_site):
    assert (hostile_site / "explorer.html").is_file()
    page.goto(f"{page.base}/explorer.html?key=hostile2024img")
    page.wait_for_selector(".survey-explorer__table tbody tr", timeout=30_000)
    page.fill(".survey-explorer input[name=q]", "hostile")
    page.wait_for_timeout(500)
    text = page.inner_text(".survey-explorer")
    assert IMG in text and SCRIPT in text and LATEX in text and BRANCH in text
    assert page.locator(".survey-explorer img[src='x'], .survey-explorer svg").count() == 0


def test_search_results_quote_the_records_as_text(page):
    page.goto(f"{page.base}/search.html?q=pwned")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    page.wait_for_selector("#search-results p.context", timeout=30_000)
    assert "window.__pwned" in page.inner_text("#search-results")
    assert page.locator("#search-results img[src='x'], #search-results svg").count() == 0
