"""The paper explorer: its data file, and the page itself in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.explorer import (
    DATA_FILE,
    HEAD_FILE,
    HEAD_ROWS,
    decode,
    explorer_documents,
    explorer_files,
    explorer_rows,
)
from alignment_survey.files import layout
from tests.helpers import record_errors

# Harmless console noise of every Jupyter Book 1 page (see the stack notes, section 1.4).
# A failed request is reported by URL (the "response" handler), so the browser's own favicon request
# and its URL-less console line are left out.
KNOWN_NOISE = ("THEBE_JS_URL", "Got invalid theme mode", "Failed to load resource")


# --- the data file ------------------------------------------------------------------------------


def documents(dataset) -> dict:
    return {path: json.loads(text) for path, text in explorer_files(dataset).items()}


def test_explorer_data_holds_every_paper_once(dataset):
    data = documents(dataset)[DATA_FILE]
    keys = [row["key"] for row in decode(data)]
    assert sorted(keys) == sorted(dataset.papers["key"])
    assert {t["id"] for t in data["topics"]} == set(dataset.topics["id"])
    assert {n["id"] for n in data["nodes"]} == set(dataset.taxonomy["id"])


def test_explorer_rows_are_newest_first_and_keep_every_field(dataset):
    rows = decode(documents(dataset)[DATA_FILE])
    years = [row["year"] for row in rows]
    assert years == sorted(years, reverse=True)
    paper = dataset.papers.set_index("key").loc["irving2018ai"]
    row = next(r for r in rows if r["key"] == "irving2018ai")
    assert row["title"] == paper["title"]
    assert row["url"] == paper["url"]
    assert row["topics"] == list(paper["topics"]) and row["taxonomy"] == list(paper["taxonomy"])
    assert rows == explorer_rows(dataset.papers)  # the columns decode to the rows exactly


def test_the_head_file_holds_the_first_rows_and_the_count(dataset):
    files = documents(dataset)
    head, data = files[HEAD_FILE], files[DATA_FILE]
    assert head["count"] == len(dataset.papers)
    assert decode(head) == decode(data)[:HEAD_ROWS]
    assert head["topics"] == data["topics"] and head["nodes"] == data["nodes"]


def test_incomplete_author_lists_end_in_et_al(dataset):
    rows = {row["key"]: row["authors"] for row in decode(documents(dataset)[DATA_FILE])}
    incomplete = set(
        dataset.papers.loc[
            ~dataset.papers["authors_complete"] & (dataset.papers["n_authors_known"] > 0), "key"
        ]
    )
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
    for path in (DATA_FILE, HEAD_FILE):
        assert (site / path.relative_to(layout.GENERATED_SITE)).is_file()
    assert "survey-explorer.js" not in (site / "glossary.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_lists_every_paper(page, explorer_url, dataset):
    open_explorer(page, explorer_url)
    assert matches(page) == len(dataset.papers)
    assert page.inner_text(".survey-explorer__count") == f"All {len(dataset.papers)} papers"
    assert page.locator(".survey-explorer tbody tr").count() == 25
    year = ".survey-explorer tbody tr:first-child td:nth-child(3)"
    assert page.inner_text(year) == str(dataset.papers["year"].max())  # newest first
    page.click(".survey-explorer thead th button:has-text('Year')")  # sortable: oldest first
    assert page.inner_text(year) == str(dataset.papers["year"].min())
    assert page.get_attribute(".survey-explorer th[data-column=year]", "aria-sort") == "ascending"
    page.click(".survey-explorer thead th button:has-text('Year')")  # and back
    assert page.inner_text(year) == str(dataset.papers["year"].max())
    assert real_errors(page) == []


def searched_text(paper) -> str:
    """What the free-text search looks in: title, key, authors, year and venue."""
    authors = "; ".join(paper["authors"]) or "unknown"
    return " ".join(
        [paper["title"], paper["key"], authors, str(paper["year"]), str(paper["venue"])]
    )


@pytest.mark.browser
def test_search_finds_a_paper_by_a_word_of_its_title(page, explorer_url, dataset):
    open_explorer(page, explorer_url)
    paper = dataset.papers.set_index("key").loc["irving2018ai"]  # "AI safety via debate"
    page.fill(".survey-explorer input[name=q]", "debate")
    expected = dataset.papers.apply(lambda p: "debate" in searched_text(p).lower(), axis=1).sum()
    assert 0 < matches(page) == expected < len(dataset.papers)
    assert page.locator("#paper-irving2018ai").count() == 1
    page.fill(".survey-explorer input[name=q]", '"AI safety via debate"')  # a phrase
    assert matches(page) == 1
    link = page.locator(".survey-explorer tbody tr a.survey-explorer__title")
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


def copy_explorer(site: Path, folder: Path, change) -> Path:
    """A copy of the explorer page whose data files hold ``change(rows, topics, nodes)``."""
    shutil.copy(site / "explorer.html", folder)
    shutil.copytree(site / "_static", folder / "_static")
    shutil.copytree(site / "explorer", folder / "explorer")
    data = json.loads((folder / "explorer" / "papers.json").read_text(encoding="utf-8"))
    rows, topics, nodes = decode(data), data["topics"], data["nodes"]
    rows = change(rows, topics, nodes)
    for path, document in explorer_documents(rows, topics, nodes).items():
        target = folder / path.relative_to(layout.GENERATED_SITE)
        target.write_text(json.dumps(document), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_site(site, tmp_path_factory) -> Path:
    """A copy of the explorer whose first paper carries markup in every text field."""

    def hostile(rows: list[dict], topics: list[dict], nodes: list[dict]) -> list[dict]:
        rows[0].update(
            key="evil<b>key</b>",
            title='<img src=x onerror="window.pwned=1">Evil <script>window.pwned=2</script>"title"',
            authors=["<b>Bold</b> Author", "O'Brien & <i>Co</i>"],
            venue="<svg onload=window.pwned=3>",
            url='https://example.org/?a="><script>window.pwned=4</script>',
            taxonomy=[nodes[0]["id"]],
        )
        nodes[0]["label"] = "<u>Branch</u>"
        return rows

    return copy_explorer(site, tmp_path_factory.mktemp("hostile"), hostile)


@pytest.mark.browser
def test_fields_are_text_never_markup(page, hostile_site, serve):
    key = "evil<b>key</b>"
    open_explorer(
        page,
        serve(hostile_site) + "/explorer.html?key=" + key.replace("<", "%3C").replace(">", "%3E"),
    )
    page.fill(".survey-explorer input[name=q]", "pwned")
    row = page.locator(".survey-explorer tbody tr").first
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

    def large(rows: list[dict], topics: list[dict], nodes: list[dict]) -> list[dict]:
        return [
            rows[i % len(rows)] | {"key": f"{rows[i % len(rows)]['key']}-{i}"}
            for i in range(50_000)
        ]

    return copy_explorer(site, tmp_path_factory.mktemp("large"), large)


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


CHART = re.compile(r'<div class="survey-chart" id="([^"]+)"[^>]* data-src="([^"]+)"')
# Layout shifts while the page loads, as Chromium reports them (all of them: nobody types here,
# and Chromium's phone emulation marks some as following an input, which Lighthouse still counts).
SHIFTS = """
window.shifts = [];
new PerformanceObserver(list => list.getEntries().forEach(entry => {
    window.shifts.push({
        value: entry.value,
        moved: entry.sources.map(s => s.node ? s.node.nodeName + "." + s.node.className : "?"),
    });
})).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "network"),
    [((1280, 900), None), ((412, 823), None), ((1280, 900), "slow"), ((412, 823), "slow")],
    ids=["desktop", "phone", "desktop-slow-network", "phone-slow-network"],
)
def test_nothing_moves_while_the_explorer_loads(
    browser, site, large_site, serve, viewport, network
):
    """The table's space is reserved: no shift above 0.02, in all, while the rows arrive (on a
    slow network, with 50,000 papers, the first rows and the whole dataset come seconds apart)."""
    width, height = viewport
    phone = {"device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
    context = browser.new_context(
        viewport={"width": width, "height": height}, **(phone if width < 500 else {})
    )
    tab = context.new_page()
    tab.add_init_script(SHIFTS)
    if network == "slow":  # about a fast 3G line: 1.6 Mbit/s, 150 ms round trips
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        conditions = {"latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 80_000}
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
    folder = large_site if network == "slow" else site
    tab.goto(serve(folder) + "/explorer.html")
    tab.wait_for_selector(".survey-explorer[data-ready]", timeout=120_000)
    tab.wait_for_timeout(500)  # a shift after the last rows would be reported by now
    shifts = tab.evaluate("window.shifts")
    context.close()
    assert sum(shift["value"] for shift in shifts) <= 0.02, shifts


@pytest.mark.browser
def test_clicking_a_paper_in_a_chart_opens_it_in_the_explorer(page, site, serve, dataset):
    """A timeline point (customdata = paper key) leads to the explorer, showing that paper."""
    chapter, chart_id = next(
        (path, chart_id)
        for path in sorted((site / "chapters").glob("*.html"))
        for chart_id, source in CHART.findall(path.read_text(encoding="utf-8"))
        if '"irving2018ai"' in (site / source).read_text(encoding="utf-8")
    )
    page.goto(f"{serve(site)}/chapters/{chapter.name}")
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
