"""The paper explorer: its data file, and the page itself in headless Chromium."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.explorer import FIELDS, explorer_data
from tests.helpers import record_errors

# Harmless console noise of every Jupyter Book 1 page (see the stack notes, section 1.4).
# A failed request is reported by URL (the "response" handler), so the browser's own favicon request
# and its URL-less console line are left out.
KNOWN_NOISE = ("THEBE_JS_URL", "Got invalid theme mode", "Failed to load resource")


# --- the data file ------------------------------------------------------------------------------


def test_explorer_data_holds_every_paper_once(dataset):
    data = explorer_data(dataset)
    keys = [row[FIELDS.index("key")] for row in data["rows"]]
    assert sorted(keys) == sorted(dataset.papers["key"])
    assert {t["id"] for t in data["topics"]} == set(dataset.topics["id"])
    assert {n["id"] for n in data["nodes"]} == set(dataset.taxonomy["id"])


def test_explorer_rows_are_newest_first_and_keep_every_field(dataset):
    data = explorer_data(dataset)
    years = [row[FIELDS.index("year")] for row in data["rows"]]
    assert years == sorted(years, reverse=True)
    paper = dataset.papers.set_index("key").loc["irving2018ai"]
    row = dict(zip(FIELDS, next(r for r in data["rows"] if r[0] == "irving2018ai"), strict=True))
    assert row["title"] == paper["title"]
    assert row["url"] == paper["url"]
    assert row["topics"] == list(paper["topics"]) and row["taxonomy"] == list(paper["taxonomy"])


def test_incomplete_author_lists_end_in_et_al(dataset):
    data = explorer_data(dataset)
    incomplete = set(
        dataset.papers.loc[
            ~dataset.papers["authors_complete"] & (dataset.papers["n_authors_known"] > 0), "key"
        ]
    )
    rows = {row[0]: row[FIELDS.index("authors")] for row in data["rows"]}
    assert incomplete and all(rows[key][-1] == "et al." for key in incomplete)


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer_url(site, serve) -> str:
    return serve(site) + "/explorer.html"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = record_errors(tab)
    yield tab
    context.close()


def open_explorer(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(
        ".survey-explorer[data-ready], .survey-explorer[data-failed]", timeout=30_000
    )
    assert page.get_attribute(".survey-explorer", "data-failed") is None, page.inner_text(
        ".survey-explorer__count"
    )


def matches(page) -> int:
    return int(page.get_attribute(".survey-explorer", "data-matches"))


def real_errors(page) -> list[str]:
    return [e for e in page.errors if not any(noise in e for noise in KNOWN_NOISE)]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_page_html_does_not_grow_with_the_dataset(site, dataset):
    html = (site / "explorer.html").read_text(encoding="utf-8")
    assert len(html) < 60_000
    assert not any(title in html for title in dataset.papers["title"].head(20))
    assert (site / "explorer" / "papers.json").is_file()
    assert (site / "explorer" / "datatables" / "dt_bundle.js").is_file()
    assert not (site / "_static" / "dt_bundle.js").exists()  # JB1 would load it on every page


@pytest.mark.browser
def test_lists_every_paper(page, explorer_url, dataset):
    open_explorer(page, explorer_url)
    assert matches(page) == len(dataset.papers)
    assert page.inner_text(".survey-explorer__count") == f"All {len(dataset.papers)} papers"
    assert page.locator("table.dataTable tbody tr").count() == 25
    year = "table.dataTable tbody tr:first-child td:nth-child(3)"
    assert page.inner_text(year) == str(dataset.papers["year"].max())  # newest first
    page.click("table.dataTable thead th:has-text('Year')")  # sortable: oldest first
    oldest = str(dataset.papers["year"].min())  # DataTables sorts after a zero-delay timeout
    page.wait_for_function(f"document.querySelector('{year}').textContent === '{oldest}'")
    assert real_errors(page) == []


@pytest.mark.browser
def searched_text(paper) -> str:
    """What the free-text search looks in: title, key, authors, year and venue."""
    authors = "; ".join(paper["authors"]) or "unknown"
    return " ".join(
        [paper["title"], paper["key"], authors, str(paper["year"]), str(paper["venue"])]
    )


def test_search_finds_a_paper_by_a_word_of_its_title(page, explorer_url, dataset):
    open_explorer(page, explorer_url)
    paper = dataset.papers.set_index("key").loc["irving2018ai"]  # "AI safety via debate"
    page.fill(".survey-explorer input[name=q]", "debate")
    expected = dataset.papers.apply(lambda p: "debate" in searched_text(p).lower(), axis=1).sum()
    assert 0 < matches(page) == expected < len(dataset.papers)
    assert page.locator("#paper-irving2018ai").count() == 1
    page.fill(".survey-explorer input[name=q]", '"AI safety via debate"')  # a phrase
    assert matches(page) == 1
    link = page.locator("table.dataTable tbody tr a.survey-explorer__title")
    assert link.inner_text() == paper["title"]
    assert link.get_attribute("href") == paper["url"]
    assert query(page) == {"q": ['"AI safety via debate"']}


@pytest.mark.browser
def test_filters_narrow_the_count_as_in_python(page, explorer_url, dataset):
    papers, taxonomy = dataset.papers, dataset.taxonomy
    open_explorer(page, explorer_url)
    page.select_option(".survey-explorer select[name=topic]", "scalable-oversight")
    assert matches(page) == len(papers_in(papers, taxonomy, topic="scalable-oversight"))
    node = "aa-self-play"  # a node below a root: the branch filter includes its descendants
    page.select_option(".survey-explorer select[name=branch]", node)
    both = papers_in(papers, taxonomy, topic="scalable-oversight", node=node)
    assert matches(page) == len(both) > 0
    page.fill(".survey-explorer input[name=from]", "2023")
    page.fill(".survey-explorer input[name=to]", "2024")
    assert matches(page) == int(both["year"].between(2023, 2024).sum())
    assert query(page) == {
        "topic": ["scalable-oversight"],
        "branch": [node],
        "from": ["2023"],
        "to": ["2024"],
    }
    page.click(".survey-explorer button[type=reset]")
    assert matches(page) == len(papers)
    assert query(page) == {}


@pytest.mark.browser
def test_deep_link_applies_its_filters(page, explorer_url, dataset):
    papers, taxonomy = dataset.papers, dataset.taxonomy
    open_explorer(page, explorer_url + "?branch=automated-alignment&from=2024&q=preference")
    chosen = papers_in(papers, taxonomy, node="automated-alignment")
    searched = chosen.apply(lambda p: "preference" in searched_text(p).lower(), axis=1)
    chosen = chosen[(chosen["year"] >= 2024) & searched]
    assert matches(page) == len(chosen) > 0
    assert page.input_value(".survey-explorer select[name=branch]") == "automated-alignment"
    assert page.input_value(".survey-explorer input[name=from]") == "2024"
    assert page.input_value(".survey-explorer input[name=q]") == "preference"
    assert (
        page.inner_text(".survey-explorer__count") == f"{len(chosen)} of {len(papers)} papers match"
    )


@pytest.mark.browser
def test_key_shows_and_highlights_that_paper(page, explorer_url, dataset):
    paper = dataset.papers.set_index("key").loc[
        "irving2018ai"
    ]  # from 2018: far from the first page
    open_explorer(page, explorer_url + "?key=irving2018ai")
    panel = page.locator(".survey-explorer__selected")
    assert panel.is_visible()
    assert paper["title"] in panel.inner_text()
    row = page.locator("#paper-irving2018ai")
    assert row.is_visible()
    assert "survey-explorer__row--selected" in row.get_attribute("class")
    page.select_option(".survey-explorer select[name=topic]", "scalable-oversight")
    assert query(page) == {"topic": ["scalable-oversight"], "key": ["irving2018ai"]}


@pytest.mark.browser
def test_unknown_key_says_so(page, explorer_url):
    open_explorer(page, explorer_url + "?key=no-such-paper")
    assert "No paper with the key no-such-paper" in page.inner_text(".survey-explorer__selected")


@pytest.fixture(scope="module")
def hostile_site(site, tmp_path_factory) -> Path:
    """A copy of the explorer whose first paper carries markup in every text field."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(site / "explorer.html", folder)
    shutil.copytree(site / "_static", folder / "_static")
    shutil.copytree(site / "explorer", folder / "explorer")
    data = json.loads((folder / "explorer" / "papers.json").read_text(encoding="utf-8"))
    row = dict(zip(data["fields"], data["rows"][0], strict=True))
    row.update(
        key="evil<b>key</b>",
        title='<img src=x onerror="window.pwned=1">Evil <script>window.pwned=2</script>"title"',
        authors=["<b>Bold</b> Author", "O'Brien & <i>Co</i>"],
        venue="<svg onload=window.pwned=3>",
        url='https://example.org/?a="><script>window.pwned=4</script>',
        taxonomy=[data["nodes"][0]["id"]],
    )
    data["rows"][0] = [row[field] for field in data["fields"]]
    data["nodes"][0]["label"] = "<u>Branch</u>"
    (folder / "explorer" / "papers.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.browser
def test_fields_are_text_never_markup(page, hostile_site, serve):
    key = "evil<b>key</b>"
    open_explorer(
        page,
        serve(hostile_site) + "/explorer.html?key=" + key.replace("<", "%3C").replace(">", "%3E"),
    )
    page.fill(".survey-explorer input[name=q]", "pwned")
    row = page.locator("table.dataTable tbody tr").first
    assert (
        row.locator("a.survey-explorer__title")
        .inner_text()
        .startswith('<img src=x onerror="window.pwned=1">Evil <script>')
    )
    assert "<b>Bold</b> Author; O'Brien & <i>Co</i>" in row.inner_text()
    assert "<svg onload=window.pwned=3>" in row.inner_text()
    assert "<u>Branch</u>" in page.inner_text(".survey-explorer__selected")
    assert (
        "<u>Branch</u>"
        in page.locator(".survey-explorer select[name=branch] option").nth(1).inner_text()
    )
    injected = ", ".join(
        f".survey-explorer {tag}" for tag in ("img", "script", "svg", "b", "i", "u")
    )
    assert page.locator(injected).count() == 0
    assert page.evaluate("window.pwned") is None
    href = row.locator("a.survey-explorer__title").get_attribute("href")
    assert href == 'https://example.org/?a="><script>window.pwned=4</script>'


@pytest.fixture(scope="module")
def large_site(site, tmp_path_factory) -> Path:
    """A copy of the explorer with 50,000 papers (the real rows repeated under new keys)."""
    folder = tmp_path_factory.mktemp("large")
    shutil.copy(site / "explorer.html", folder)
    shutil.copytree(site / "_static", folder / "_static")
    shutil.copytree(site / "explorer", folder / "explorer")
    data = json.loads((folder / "explorer" / "papers.json").read_text(encoding="utf-8"))
    rows = data["rows"]
    data["rows"] = [
        [f"{rows[i % len(rows)][0]}-{i}", *rows[i % len(rows)][1:]] for i in range(50_000)
    ]
    (folder / "explorer" / "papers.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.browser
def test_fifty_thousand_papers_stay_usable(page, large_site, serve):
    started = time.monotonic()
    open_explorer(page, serve(large_site) + "/explorer.html")
    loaded = time.monotonic() - started
    assert matches(page) == 50_000
    assert loaded < 20, f"50,000 papers took {loaded:.1f} s to load"
    started = time.monotonic()
    page.fill(".survey-explorer input[name=q]", "debate")
    page.wait_for_function("document.querySelector('.survey-explorer').dataset.matches !== '50000'")
    assert time.monotonic() - started < 5


@pytest.mark.browser
def test_clicking_a_paper_in_a_chart_opens_it_in_the_explorer(page, site, serve, dataset):
    """A timeline point (customdata = paper key) leads to the explorer, showing that paper."""
    chapter = next(
        path
        for path in sorted((site / "chapters").glob("*.html"))
        if "irving2018ai" in path.read_text(encoding="utf-8")
    )
    page.goto(f"{serve(site)}/chapters/{chapter.name}")
    chart_id = page.evaluate(
        """() => [...document.querySelectorAll('.survey-chart')].find(
            chart => chart.querySelector('script').textContent.includes('"irving2018ai"')).id"""
    )
    chart = page.locator(f"#{chart_id}")
    chart.scroll_into_view_if_needed()
    page.wait_for_selector(
        f"#{chart_id}.survey-chart--ready .scatterlayer path.point", timeout=30_000
    )
    point = chart.locator(".scatterlayer path.point").last
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    with page.expect_navigation(url="**/explorer.html?key=*"):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=30_000)
    (key,) = query(page)["key"]
    titles = dataset.papers.set_index("key")["title"]
    assert key in titles.index
    assert titles[key] in page.inner_text(".survey-explorer__selected")
