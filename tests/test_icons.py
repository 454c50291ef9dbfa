"""The theme's icon fonts are cut down to the icons the site uses, and keep every one of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from alignment_survey.book.icons import (
    icon_code_points,
    subset_font,
    theme_code_points,
    used_code_points,
)

CSS = (
    '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    '.fa-sun:before{content:"\\f185"}.fa-github:before{content:"\\f09b"}'
    ':root{--pst-icon-bell:"\uf0f3"}'  # the theme writes some icons as the character itself
    'details summary:after{content:"\\f107"}'  # ... and some as an escape in its own rules
    'q:before{content:"\\201c"}'  # not an icon
)


def test_the_catalogue_maps_every_class_name_of_a_rule():
    assert icon_code_points(CSS) == {
        "magnifying-glass": 0xF002,
        "search": 0xF002,
        "sun": 0xF185,
        "github": 0xF09B,
    }


def test_the_theme_s_own_icons_are_private_use_code_points_outside_the_catalogue():
    assert theme_code_points(CSS) == {0xF0F3, 0xF107}


def test_icons_named_in_pages_and_scripts_are_used(tmp_path: Path):
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-magnifying-glass"></i>')
    (tmp_path / "theme.js").write_text('icon.className = "fa-solid fa-sun";')
    assert used_code_points(tmp_path, CSS) == {0xF002, 0xF185, 0xF0F3, 0xF107}


@pytest.mark.book
def test_the_site_s_icon_fonts_are_small_and_hold_every_icon_it_uses(site):
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
    css = "\n".join(path.read_text(encoding="utf-8") for path in (site / "_static").rglob("*.css"))
    used = used_code_points(site, css)
    assert {0xF002, 0xF09B} <= used  # the search button and the repository's GitHub icon
    for original in (theme / "vendor/fontawesome/webfonts").glob("*.woff2"):
        served = site / "_static/vendor/fontawesome/webfonts" / original.name
        assert served.stat().st_size < original.stat().st_size / 10, original.name
        wanted = used & set(TTFont(original).getBestCmap())
        assert set(TTFont(served).getBestCmap()) == wanted, original.name


def test_a_subset_keeps_the_requested_glyphs_only(tmp_path: Path):
    import pydata_sphinx_theme

    source = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts/fa-solid-900.woff2"
    )
    target = tmp_path / "solid.woff2"
    subset_font(source, target, {0xF002, 0xF185})
    assert set(TTFont(target).getBestCmap()) == {0xF002, 0xF185}
    assert TTFont(target).flavor == "woff2"
