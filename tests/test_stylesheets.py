"""The theme's stylesheet, cut down to the rules the site uses, styles every element as the full one.

Each kind of page is opened twice in Chromium, once with the site's stylesheet and once with the
theme's original served in its place, and every element's computed style (with its ``::before``
and ``::after``, where the icons are) must be the same: in light and dark mode, and on a chapter
also with a menu open, with the search dialog open, and on a phone with the navigation open.
(Custom properties are compared by name: the browser lists them in the stylesheet's order.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pydata_sphinx_theme
import pytest

from alignment_survey.book.stylesheets import purge, site_words

pytestmark = [pytest.mark.book, pytest.mark.browser]

ORIGINAL = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"
)
PAGES = [
    "index",
    "chapters/introduction",
    "dataset",
    "explorer",
    "glossary",
    "references",
    "search",
]
CHAPTER = "chapters/introduction"
# Every element's computed style, as one line each (plotly draws and styles its own charts).
STYLES = """() => [...document.querySelectorAll("body *")]
    .filter(element => !element.closest(".survey-chart"))
    .map(element => {
        const styles = [null, "::before", "::after"].map(pseudo => {
            const style = getComputedStyle(element, pseudo);
            return [...style].sort().map(name => name + ":" + style.getPropertyValue(name)).join(";");
        });
        const name = element.tagName + (element.id ? "#" + element.id : "")
            + (element.className && element.className.baseVal === undefined
               ? "." + element.className : "");
        return name + " " + styles.join(" | ");
    })"""


def open_menu(page: object) -> None:
    page.click(".dropdown-download-buttons button.dropdown-toggle")


def open_search(page: object) -> None:
    page.keyboard.press("Control+k")
    page.wait_for_selector("#pst-search-dialog[open]")


def open_navigation(page: object) -> None:
    page.click(".bd-header-article .primary-toggle")


STATES: list[tuple[str, str, dict, Callable | None]] = [
    *[(name, "light", {}, None) for name in PAGES],
    *[(name, "dark", {}, None) for name in (CHAPTER, "explorer")],
    (CHAPTER, "light", {}, open_menu),
    (CHAPTER, "dark", {}, open_search),
    (CHAPTER, "light", {"viewport": {"width": 412, "height": 823}}, open_navigation),
]


def computed_styles(browser, url: str, scheme: str, options: dict, action, original: bool):
    options = {"viewport": {"width": 1280, "height": 900}, **options}
    context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", **options)
    page = context.new_page()
    if original:
        page.route(
            "**/_static/styles/pydata-sphinx-theme.css*",
            lambda route: route.fulfill(
                body=ORIGINAL.read_text(encoding="utf-8"), content_type="text/css"
            ),
        )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if action:
        action(page)
    page.wait_for_timeout(600)  # menus and dialogs finish opening
    styles = page.evaluate(STYLES)
    context.close()
    return styles


def test_the_site_holds_the_cut_stylesheet_not_the_original(site):
    served = (site / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    original = ORIGINAL.read_text(encoding="utf-8")
    assert len(served) < len(original) / 2
    assert served == purge(original, site_words(site))


@pytest.mark.parametrize(
    ("page_name", "scheme", "options", "action"),
    STATES,
    ids=[
        f"{p}-{s}-{a.__name__ if a else 'plain'}-{o.get('viewport', {}).get('width', 1280)}"
        for p, s, o, a in STATES
    ],
)
def test_every_element_is_styled_as_with_the_full_stylesheet(
    browser, site, serve, page_name, scheme, options, action
):
    url = f"{serve(site)}/{page_name}.html"
    cut = computed_styles(browser, url, scheme, options, action, original=False)
    full = computed_styles(browser, url, scheme, options, action, original=True)
    assert len(cut) == len(full)
    differences = [difference(a, b) for a, b in zip(cut, full, strict=True) if a != b]
    assert not differences, f"{len(differences)} elements differ, first: {differences[0]}"


def difference(cut: str, full: str) -> str:
    """The element and the properties whose values differ, in a line a person can read."""
    name = cut.partition(" ")[0]
    pairs = []
    for part_cut, part_full in zip(
        cut.partition(" ")[2].split(" | "), full.partition(" ")[2].split(" | "), strict=True
    ):
        values = [
            dict(item.partition(":")[::2] for item in part.split(";"))
            for part in (part_cut, part_full)
        ]
        for prop in sorted(set(values[0]) | set(values[1])):
            if values[0].get(prop) != values[1].get(prop):
                pairs.append(f"{prop}: {values[0].get(prop)!r} (full: {values[1].get(prop)!r})")
    return f"{name}: " + "; ".join(pairs[:6])
