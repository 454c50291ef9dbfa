"""A static SVG preview of a scatter figure, drawn in place of the chart until a reader reaches for it.

A page whose first content is a large interactive chart (the map of the field) would otherwise
load and run plotly.js before the reader can scroll: about 800 ms of main-thread work on a slow
phone. The preview draws the chart's title, its first trace as one SVG path per colour (a round
dot per point, about a dozen bytes each) in plotly's plot area, and the legend;
``survey-charts.js`` swaps in the interactive chart on the first pointer, touch or keyboard focus.
"""

from __future__ import annotations

import base64
import html
import re
from collections import defaultdict

import numpy as np

WIDTH = 700  # the preview's own width, about a desktop page's chart; it scales with the page
DOT = 7  # diameter of a point, in the preview's units
HINT = "Point at the chart, tap it or press Tab to make it interactive"
FALLBACK_COLOUR = "#888888"
_TAG = re.compile(r"<[^>]+>")


def scatter_preview(fig_dict: dict) -> str:
    """The ``<svg>`` of the figure as plotly first draws it: title, the first trace's points in
    plotly's plot area, and the legend of the other visible traces."""
    layout = fig_dict.get("layout", {})
    traces = fig_dict.get("data") or [{}]
    xs, ys = values(traces[0].get("x")), values(traces[0].get("y"))
    marker = dict(traces[0].get("marker", {}))
    if not isinstance(marker.get("color"), str | None):
        marker["color"] = values(marker["color"])
    placed = [
        (float(x), float(y), colour)
        for x, y, colour in zip(xs, ys, point_colours(marker, len(xs)), strict=False)
        if x is not None and y is not None
    ]
    height = int(layout.get("height") or 450)
    margin = {"t": 100, "b": 80, "l": 80, "r": 80, **layout.get("margin", {})}
    legend = legend_entries(traces[1:])
    legend_width = 40 + 7 * max(len(name) for name, _ in legend) if legend else 0
    box = (margin["l"], margin["t"], WIDTH - margin["r"] - legend_width, height - margin["b"])
    paths: dict[str, list[str]] = defaultdict(list)
    for (x, y), (_, _, colour) in zip(_fit([p[:2] for p in placed], box), placed, strict=True):
        paths[colour].append(f"M{x:.0f} {y:.0f}h0")
    dots = "".join(
        f'<path stroke="{html.escape(colour)}" d="{"".join(moves)}"/>'
        for colour, moves in sorted(paths.items())
    )
    keys = "".join(
        f'<circle cx="{box[2] + 20}" cy="{margin["t"] + 24 + 19 * i}" r="4.5" '
        f'fill="{html.escape(colour)}"/><text x="{box[2] + 32}" y="{margin["t"] + 28 + 19 * i}">'
        f"{html.escape(name)}</text>"
        for i, (name, colour) in enumerate(legend)
    )
    title = _TAG.sub(" ", str((layout.get("title") or {}).get("text", "")).split("<br>")[0])
    return (
        f'<svg class="survey-chart-preview" viewBox="0 0 {WIDTH} {height}" aria-hidden="true" '
        f'focusable="false"><text class="survey-chart-preview__title" x="{margin["l"]}" y="40">'
        f"{html.escape(' '.join(title.split()))}</text>"
        f'<g fill="none" stroke-width="{DOT}" stroke-linecap="round" opacity="0.85">{dots}</g>'
        f"<g>{keys}</g>"
        f'<text x="{(box[0] + box[2]) / 2:.0f}" y="{height - 8}" text-anchor="middle">{HINT}</text>'
        "</svg>"
    )


def legend_entries(traces: list[dict]) -> list[tuple[str, str]]:
    """(name, colour) of each trace plotly lists in its legend at first: visible, one colour."""
    return [
        (str(trace.get("name", "")), trace["marker"]["color"])
        for trace in traces
        if trace.get("visible", True) is True
        and trace.get("showlegend", True) is not False
        and isinstance((trace.get("marker") or {}).get("color"), str)
    ]


def values(array: object) -> list:
    """A figure's array as a list, whether a list, a numpy array or plotly's base64 typed array."""
    if array is None:
        return []
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        return flat.tolist()
    if isinstance(array, np.ndarray):
        return array.tolist()
    return list(array)


def point_colours(marker: dict, n: int) -> list[str]:
    """Each point's colour: one colour for all, a list of colours, or numbers on a colour scale."""
    colour = marker.get("color")
    if isinstance(colour, str):
        return [colour] * n
    if not isinstance(colour, list | tuple) or len(colour) != n:
        return [FALLBACK_COLOUR] * n
    scale = marker.get("colorscale")
    if not isinstance(scale, list | tuple) or not scale:
        return [c if isinstance(c, str) else FALLBACK_COLOUR for c in colour]
    numbers = [c for c in colour if isinstance(c, int | float)]
    low = marker.get("cmin", min(numbers, default=0))
    high = marker.get("cmax", max(numbers, default=1))
    return [_on_scale(scale, c, low, high) for c in colour]


def _on_scale(scale: list, value: object, low: float, high: float) -> str:
    """The colour of the last stop at or below the value's position (exact for stepped scales)."""
    if not isinstance(value, int | float):
        return FALLBACK_COLOUR
    position = (value - low) / (high - low) if high != low else 0.0
    chosen = scale[0][1]
    for stop, colour in scale:
        if stop <= position + 1e-9:
            chosen = colour
    return str(chosen)


def _fit(
    points: list[tuple[float, float]], box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Points scaled into the box (left, top, right, bottom) with equal units on both axes
    (plotly's ``scaleanchor``), centred, y pointing up as on the chart."""
    if not points:
        return []
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, top, right, bottom = box[0] + DOT, box[1] + DOT, box[2] - DOT, box[3] - DOT - 24
    span_x, span_y = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    unit = max(min((right - left) / span_x, (bottom - top) / span_y), 0.0)
    left += (right - left - unit * span_x) / 2
    top += (bottom - top - unit * span_y) / 2
    return [(left + (x - min(xs)) * unit, top + (max(ys) - y) * unit) for x, y in points]
