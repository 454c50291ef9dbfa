"""The book's plotly renderer: a fixed-height placeholder holding the figure as inert JSON.

The site's ``survey-charts.js`` draws each chart with a self-hosted plotly.js that it loads only
when a chart nears the viewport, so no page blocks on the 4.8 MB bundle. The mime bundle keeps
plotly's own JSON type as well, so the executed ``.ipynb`` still shows figures in JupyterLab.
When the site is written, :func:`move_chart_data` takes each figure's JSON out of the page into
a file of its own, named by its content, which the script fetches with plotly.js: the page a
reader waits for stays small whatever the charts hold.
"""

from __future__ import annotations

import hashlib
import html
import os
import re

import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer
from plotly.io._utils import validate_coerce_fig_to_dict

from alignment_survey.book.preview import scatter_preview

BUILD_ENV_VAR = "SURVEY_BOOK_BUILD"
RENDERER_NAME = "survey_book"
CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_INLINE_DATA = re.compile(
    r'(<div class="survey-chart" id="chart-[0-9a-f]+"[^>]*?)>'
    r'<script type="application/json" class="survey-chart-data">([^<]*)</script>'
    r'((?:<svg class="survey-chart-preview".*?</svg>)?)</div>',
    re.S,
)
CHART_DATA = "_static/charts"  # relative to the site's root


def figure_html(fig: object) -> str:
    """The placeholder ``<div>`` with the figure's JSON; safe whatever text the figure holds.

    A figure whose ``layout.meta`` sets ``facade`` also carries a static preview
    (:func:`~alignment_survey.book.preview.scatter_preview`) and is drawn on first interaction.
    """
    fig_dict = validate_coerce_fig_to_dict(fig, validate=False)
    payload = pio.to_json(
        {"data": fig_dict.get("data", []), "layout": fig_dict.get("layout", {}), "config": CONFIG},
        validate=False,
        remove_uids=True,
    )
    payload = payload.translate(_JSON_ESCAPES)
    layout = fig_dict.get("layout", {})
    meta = layout.get("meta")
    alt = meta.get("alt", "") if isinstance(meta, dict) else ""
    height = int(layout.get("height") or 450)
    chart_id = "chart-" + hashlib.sha1(payload.encode()).hexdigest()[:12]
    facade = isinstance(meta, dict) and bool(meta.get("facade"))
    extra, preview = (
        (' data-facade="1" tabindex="0"', scatter_preview(fig_dict)) if facade else ("", "")
    )
    return (
        f'<div class="survey-chart" id="{chart_id}" role="img" aria-label="{html.escape(alt)}" '
        f'style="height:{height}px"{extra}>'
        f'<script type="application/json" class="survey-chart-data">{payload}</script>'
        f"{preview}</div>"
    )


def move_chart_data(body: str) -> tuple[str, dict[str, str]]:
    """Take every figure's JSON out of a page: the page with ``data-src`` attributes instead, and
    the JSON files (paths relative to the site's root) by path."""
    files: dict[str, str] = {}

    def external(match: re.Match) -> str:
        payload = match.group(2)
        path = f"{CHART_DATA}/{hashlib.sha256(payload.encode()).hexdigest()[:20]}.json"
        files[path] = payload
        return f'{match.group(1)} data-src="{path}">{match.group(3)}</div>'

    return _INLINE_DATA.sub(external, body), files


class BookRenderer(MimetypeRenderer):
    """Emit ``text/html`` holding :func:`figure_html`."""

    def to_mimebundle(self, fig_dict: dict) -> dict[str, str]:
        return {"text/html": figure_html(fig_dict)}


class BookFigure:
    """A figure as a plain mime bundle, so that myst-nb's ``glue`` can store it.

    (A plotly Figure displays itself through ``_ipython_display_``, which leaves glue nothing.)
    """

    def __init__(self, fig: object):
        self.fig_dict = validate_coerce_fig_to_dict(fig, validate=False)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        bundle = pio.renderers["plotly_mimetype"].to_mimebundle(self.fig_dict)
        bundle["text/html"] = figure_html(self.fig_dict)
        return bundle


def building_book() -> bool:
    return os.environ.get(BUILD_ENV_VAR) == "1"


def use_book_renderer(force: bool = False) -> bool:
    """Make figures render for the book when building it (``SURVEY_BOOK_BUILD=1``) or if forced.

    Elsewhere (JupyterLab, Colab, VS Code) plotly's own default renderer stays in place.
    """
    if not (force or building_book()):
        return False
    pio.renderers[RENDERER_NAME] = BookRenderer()
    pio.renderers.default = f"plotly_mimetype+{RENDERER_NAME}"
    return True
