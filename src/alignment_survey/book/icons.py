"""The theme's Font Awesome web fonts, cut down to the icons the built site uses.

pydata-sphinx-theme ships the whole Font Awesome set (about 300 KB of ``.woff2``) for the two
dozen icons of the page header, the admonitions and the navigation. Every page waits for those
fonts, which on a slow phone delays the paint of the text. After the build, :func:`subset_fonts`
rewrites each ``.woff2`` with only the glyphs that the site's HTML and scripts name by class
(``fa-magnifying-glass``) or that the theme's own stylesheet rules draw by code point (the
admonition and navigation icons).
"""

from __future__ import annotations

import re
from pathlib import Path

ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CODE_POINT = re.compile(r'"\\([0-9a-fA-F]{4,5})"')
ICON_SELECTOR = re.compile(r"^\.fa-([a-z0-9-]+):{1,2}before$")
PRIVATE_USE = range(0xE000, 0xF900)  # where Font Awesome puts its icons


def _rules(css: str) -> list[tuple[list[str], str]]:
    return [
        ([selector.strip() for selector in selectors.split(",")], body)
        for selectors, body in RULE.findall(css)
    ]


def icon_code_points(css: str) -> dict[str, int]:
    """Icon class name to code point, from rules such as ``.fa-search:before{content:"\\f002"}``
    (or the character itself, as :mod:`alignment_survey.book.stylesheets` writes it back)."""
    icons: dict[str, int] = {}
    for selectors, body in _rules(css):
        found = CODE_POINT.search(body)
        points = (
            [int(found.group(1), 16)] if found else [ord(c) for c in body if ord(c) in PRIVATE_USE]
        )
        if not points:
            continue
        for selector in selectors:
            name = ICON_SELECTOR.match(selector)
            if name:
                icons[name.group(1)] = points[0]
    return icons


def theme_code_points(css: str) -> set[int]:
    """Icons the stylesheet draws itself: code points in rules that are not the icon catalogue,
    written as escapes (``"\\f107"``) or as the characters themselves (``--pst-icon-bell:""``)."""
    points: set[int] = set()
    for selectors, body in _rules(css):
        if all(ICON_SELECTOR.match(selector) for selector in selectors):
            continue
        points |= {int(point, 16) for point in CODE_POINT.findall(body)}
        points |= {ord(char) for char in body}
    return {point for point in points if point in PRIVATE_USE}


def used_code_points(site: Path, css: str) -> set[int]:
    """Every icon the site can show: classes named in its pages and scripts, and the theme's own."""
    catalogue = icon_code_points(css)
    names: set[str] = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")]:
        names |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return {catalogue[name] for name in names if name in catalogue} | theme_code_points(css)


def subset_font(source: Path, target: Path, code_points: set[int]) -> None:
    """Write ``target`` as a ``.woff2`` holding only the glyphs of ``code_points`` found in ``source``."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def subset_fonts(fonts: Path, site: Path) -> dict[str, tuple[int, int]]:
    """Subset every ``.woff2`` of the theme's ``fonts`` folder into ``site``'s copy of it.

    Returns each font's size before and after. The originals are read from the theme, so a
    rebuild subsets again from the full fonts when the site starts to use another icon.
    """
    css = "\n".join(path.read_text(encoding="utf-8") for path in (site / "_static").rglob("*.css"))
    code_points = used_code_points(site, css)
    target_dir = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    sizes = {}
    for source in sorted(fonts.glob("*.woff2")):
        target = target_dir / source.name
        subset_font(source, target, code_points)
        sizes[source.name] = (source.stat().st_size, target.stat().st_size)
    return sizes
