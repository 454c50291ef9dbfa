"""The built site in a real browser (headless Debian Chromium through Playwright).

Every page loads offline without a console error; every chart draws its data; a point's tooltip
shows on hover; a taxonomy sector drills down on click; charts stay legible in dark mode; and the
search page finds a chapter by a word of its prose. Without Chromium these tests skip on a laptop
and fail in CI (``tests/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from alignment_survey.book.chromium import reveal_chart
from tests.helpers import ROOT, chapter_pages, record_errors

pytestmark = [pytest.mark.book, pytest.mark.browser]

# Console errors the theme itself is known to print, each with its reason. Jupyter Book 1.0.4's
# default pages log two ("Identifier 'THEBE_JS_URL' has already been declared", from sphinx-thebe's
# inline script emitted twice, and pydata-sphinx-theme's "Got invalid theme mode" for an empty
# default mode). This book removes both at their source (_ext/survey_book.py drops the Thebe
# assets, _config.yml sets default_mode: auto), so nothing is allowed here.
THEME_ERRORS: dict[str, str] = {}
CHAPTER = "chapters/introduction"  # a taxonomy sunburst and a timeline with one point per paper
PROSE_WORD = (
    "overseers"  # a word of the introduction's prose ("tasks their overseers cannot check")
)


def site_pages() -> list[str]:
    """Every page a reader reaches: the table of contents, plus the index and search pages."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return [toc["root"], *files, "genindex", "search"]


@pytest.fixture(scope="module")
def base_url(site, serve) -> str:
    return serve(site)


@pytest.fixture
def tab(browser, base_url) -> Iterator[object]:
    """A page that records console errors and failed responses, and blocks any outside request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.errors, page.outside = record_errors(page), []

    def block(route: object) -> None:
        page.outside.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base_url), block)
    yield page
    context.close()


def unexpected(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(known in e for known in THEME_ERRORS)]


def draw_all_charts(page) -> int:
    """Scroll each chart into view (they draw when near the viewport; a facade chart when pointed
    at); return how many drew."""
    charts = page.locator(".survey-chart")
    for index in range(charts.count()):
        reveal_chart(charts.nth(index))
        page.wait_for_selector(
            f".survey-chart:nth-match(.survey-chart, {index + 1}).survey-chart--ready, "
            ".survey-chart--failed",
            timeout=20_000,
        )
    assert page.locator(".survey-chart--failed").count() == 0, page.eval_on_selector(
        ".survey-chart--failed", "div => div.dataset.error"
    )
    return charts.count()


def open_page(page, base_url: str, name: str) -> None:
    page.goto(f"{base_url}/{name}.html")
    draw_all_charts(page)


@pytest.mark.parametrize("name", site_pages())
def test_page_loads_offline_without_console_errors(tab, base_url, name):
    open_page(tab, base_url, name)
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    tab.wait_for_load_state("networkidle")
    assert unexpected(tab.errors) == []
    assert tab.outside == []


@pytest.mark.parametrize("name", chapter_pages())
def test_every_chart_renders_its_data(tab, base_url, name):
    open_page(tab, base_url, name)
    charts = tab.eval_on_selector_all(
        ".survey-chart",
        """divs => Promise.all(divs.map(async div => {
            const root = document.documentElement.dataset.content_root;
            const figure = await (await fetch(root + div.dataset.src)).json();
            return {
                traces: figure.data.length,
                drawn: (div.data || []).length,
                svg: div.querySelectorAll("svg.main-svg").length,
                marks: div.querySelectorAll(".slice, .point, .bars path, .js-line, .hm image").length,
            };
        }))""",
    )
    assert len(charts) >= 2
    for chart in charts:
        assert chart["drawn"] == chart["traces"] > 0
        assert chart["svg"] >= 2 and chart["marks"] > 0, chart


def test_hovering_a_point_shows_its_tooltip(tab, base_url):
    open_page(tab, base_url, CHAPTER)
    point = tab.locator(".survey-chart .scatterlayer .point").first
    point.scroll_into_view_if_needed()
    point.evaluate(  # remember the paper plotly reports under the pointer (points may overlap)
        """el => el.closest(".survey-chart").on("plotly_hover", event => {
            const label = event.points[0].hovertext.split("<br>")[0];
            window.hovered = new DOMParser().parseFromString(label, "text/html").body.textContent;
        })"""
    )
    box = point.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = tab.locator(".survey-chart .hoverlayer .hovertext").first
    tooltip.wait_for(timeout=5_000)
    title = tab.evaluate("window.hovered")
    assert title and title in tooltip.text_content()


def test_clicking_a_taxonomy_sector_drills_down(tab, base_url):
    open_page(tab, base_url, CHAPTER)
    sunburst = tab.locator(
        ".survey-chart:has(.sunburstlayer .slice)"
    ).first  # every chart has the layer
    sunburst.scroll_into_view_if_needed()
    before = sunburst.locator(".slice").count()
    target = sunburst.evaluate(
        """div => {  // a sector below the root that has sectors below it, and a pixel inside it
            const trace = div.data[0];
            const parents = new Set(trace.parents.filter(Boolean));
            for (const slice of div.querySelectorAll(".slice")) {
                const id = slice.__data__.data.data.id;
                if (!parents.has(id) || !trace.parents[trace.ids.indexOf(id)]) continue;
                const box = slice.getBoundingClientRect();
                for (let fx = 0.1; fx < 1; fx += 0.1) for (let fy = 0.1; fy < 1; fy += 0.1) {
                    const x = box.left + fx * box.width, y = box.top + fy * box.height;
                    if (document.elementFromPoint(x, y)?.closest(".slice") === slice) {
                        return {id, x, y};
                    }
                }
            }
            return null;
        }"""
    )
    assert target, "no sector with children found in the taxonomy sunburst"
    tab.mouse.click(target["x"], target["y"])
    tab.wait_for_function(
        "([div, id]) => div.data[0].level === id", arg=[sunburst.element_handle(), target["id"]]
    )
    tab.wait_for_timeout(1_000)  # the drill-down transition
    assert 0 < sunburst.locator(".slice").count() < before
    assert unexpected(tab.errors) == []


def contrast_of_chart_text(page) -> list[float]:
    """WCAG contrast ratio of each chart's title text against the page behind the chart."""
    return page.eval_on_selector_all(
        ".survey-chart",
        """divs => divs.map(div => {
            const rgb = s => s.match(/[\\d.]+/g).map(Number);
            const luminance = ([r, g, b]) => [r, g, b].map(c => {
                c /= 255;
                return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
            let back = div;
            while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) {
                back = back.parentElement;
            }
            const background = back ? getComputedStyle(back).backgroundColor : "rgb(255,255,255)";
            const ink = getComputedStyle(div.querySelector(".gtitle, .xtick text")).fill;
            const [a, b] = [luminance(rgb(ink)), luminance(rgb(background))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        })""",
    )


def test_dark_mode_keeps_charts_legible(tab, base_url):
    open_page(tab, base_url, CHAPTER)
    light_ink = tab.eval_on_selector(".survey-chart", "div => div._fullLayout.font.color")
    assert min(contrast_of_chart_text(tab)) >= 4.5
    for _ in range(3):  # the theme's button cycles through light, dark and auto
        if tab.get_attribute("html", "data-theme") == "dark":
            break
        tab.click(".theme-switch-button")
    assert tab.get_attribute("html", "data-theme") == "dark"
    tab.wait_for_function(
        "ink => [...document.querySelectorAll('.survey-chart')]"
        ".every(div => div._fullLayout.font.color !== ink)",
        arg=light_ink,
    )
    assert min(contrast_of_chart_text(tab)) >= 4.5
    assert unexpected(tab.errors) == []


def test_search_finds_a_chapter_by_a_word_of_its_prose(tab, base_url):
    assert PROSE_WORD in (ROOT / f"{CHAPTER}.md").read_text(encoding="utf-8")
    tab.goto(f"{base_url}/search.html?q={PROSE_WORD}")
    tab.wait_for_selector("#search-results ul.search li", timeout=20_000)
    links = tab.eval_on_selector_all("#search-results ul.search li a", "a => a.map(x => x.href)")
    assert any(f"{CHAPTER}.html" in link for link in links), links
    assert unexpected(tab.errors) == []
