"""The map page and the explorer's related papers in headless Chromium, offline."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from alignment_survey.book.chromium import reveal_chart
from tests.helpers import record_errors

pytestmark = [pytest.mark.book, pytest.mark.browser]


@pytest.fixture(scope="module")
def base_url(site, serve) -> str:
    return serve(site)


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors, tab.outside = record_errors(tab), []

    def block(route: object) -> None:
        tab.outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base_url), block)
    yield tab
    context.close()


def open_map(page, base_url: str) -> object:
    page.goto(f"{base_url}/map.html")
    chart = page.locator(".survey-chart").first
    reveal_chart(chart)  # the map page shows a static preview until a reader points at the map
    page.wait_for_selector(".survey-chart.survey-chart--ready .scatterlayer path.point")
    return chart


def test_the_map_draws_one_point_per_paper(page, base_url, dataset):
    chart = open_map(page, base_url)
    assert chart.locator(".scatterlayer path.point").count() == len(dataset.papers)
    keys = chart.evaluate("div => div.data[0].customdata.map(row => row[0])")
    assert sorted(keys) == sorted(dataset.papers["key"])
    assert page.errors == [] and page.outside == []


def test_the_map_page_shows_a_preview_and_loads_plotly_only_when_a_reader_reaches_for_it(
    page, base_url, dataset
):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base_url}/map.html")
    page.wait_for_load_state("networkidle")
    chart = page.locator(".survey-chart").first
    preview = chart.locator("svg.survey-chart-preview")
    assert preview.is_visible()
    dots = preview.evaluate(
        "svg => [...svg.querySelectorAll('path')].map(p => p.getAttribute('d'))"
    )
    assert sum(d.count("h0") for d in dots) == len(dataset.papers)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert not any("plotly" in url for url in requested)
    chart.focus()  # a keyboard reader tabs to it
    page.wait_for_selector(".survey-chart.survey-chart--ready .scatterlayer path.point")
    assert chart.locator("svg.survey-chart-preview").count() == 0
    assert chart.locator(".scatterlayer path.point").count() == len(dataset.papers)
    assert page.errors == [] and page.outside == []


def test_the_buttons_switch_the_colouring(page, base_url, dataset):
    chart = open_map(page, base_url)
    legend = chart.locator(".legend .traces")
    branches = legend.all_text_contents()
    assert "Automated alignment" in branches
    fills = "div => [...div.querySelectorAll('.scatterlayer path.point')].map(p => p.style.fill)"
    before = chart.evaluate(fills)
    chart.locator(".updatemenu-button", has_text="Year").click()
    page.wait_for_function(
        "div => [...div.querySelectorAll('.legend .traces')].some(t => /^20\\d\\d$/.test(t.textContent))",
        arg=chart.element_handle(),
    )
    years = legend.all_text_contents()
    assert str(int(dataset.papers["year"].max())) in years and "Automated alignment" not in years
    assert chart.evaluate(fills) != before
    chart.locator(".updatemenu-button", has_text="Topic").click()
    page.wait_for_function(
        "div => [...div.querySelectorAll('.legend .traces')].some(t => t.textContent === 'Scalable oversight')",
        arg=chart.element_handle(),
    )
    assert chart.locator(".scatterlayer path.point").count() == len(dataset.papers)


def test_clicking_a_point_opens_that_paper_in_the_explorer(page, base_url, dataset):
    chart = open_map(page, base_url)
    point = chart.locator(".scatterlayer path.point").nth(len(dataset.papers) // 2)
    point.evaluate(  # the key plotly reports under the pointer (points may overlap)
        """el => el.closest(".survey-chart").on("plotly_hover", e => {
            window.hoveredKey = e.points[0].customdata[0];
        })"""
    )
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_function("window.hoveredKey")
    hovered = page.evaluate("window.hoveredKey")
    with page.expect_navigation(url="**/explorer.html?key=*"):
        page.mouse.click(x, y)
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=30_000)
    (key,) = parse_qs(urlparse(page.url).query)["key"]
    assert key == hovered
    title = dataset.papers.set_index("key").at[key, "title"]
    assert title in page.inner_text(".survey-explorer__selected")


def test_the_one_paper_view_lists_five_related_papers_that_link_to_their_views(
    page, base_url, dataset
):
    page.goto(f"{base_url}/explorer.html?key=irving2018ai")
    related = page.locator(".survey-related:not([hidden])")
    related.wait_for(timeout=30_000)
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=30_000)
    links = related.locator("a.survey-related__link")
    assert links.count() == 5
    titles = dataset.papers.set_index("key")["title"]
    hrefs = [links.nth(i).get_attribute("href") for i in range(5)]
    keys = [parse_qs(urlparse(href).query)["key"][0] for href in hrefs]
    assert "irving2018ai" not in keys and all(key in titles.index for key in keys)
    assert [links.nth(i).inner_text() for i in range(5)] == [titles[k] for k in keys]
    similarities = [
        float(s.split()[-1])
        for s in related.locator(".survey-related__similarity").all_inner_texts()
    ]
    assert similarities == sorted(similarities, reverse=True) and 0 < similarities[-1] <= 1
    # it sits right after the selected paper, before the table
    assert page.evaluate(
        "document.querySelector('.survey-explorer__selected').nextElementSibling"
        ".classList.contains('survey-related')"
    )
    with page.expect_navigation():
        links.first.click()
    page.wait_for_selector(".survey-explorer[data-ready]", timeout=30_000)
    assert titles[keys[0]] in page.inner_text(".survey-explorer__selected")
    page.locator(".survey-related:not([hidden])").wait_for()
    assert page.errors == [] and page.outside == []


def test_no_related_list_and_no_failed_request_for_an_unknown_key(page, base_url):
    page.goto(f"{base_url}/explorer.html?key=zzz_not_a_paper")
    page.wait_for_selector(".survey-related[data-ready]", state="attached", timeout=30_000)
    assert page.locator(".survey-related").is_hidden()
    assert page.errors == []
