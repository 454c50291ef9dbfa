"""The static preview a facade chart shows until a reader reaches for it."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import plotly.graph_objects as go

from alignment_survey.book.preview import point_colours, scatter_preview, values
from alignment_survey.book.renderer import figure_html, move_chart_data


def dots(svg: str) -> dict[str, list[tuple[int, int]]]:
    """Each colour's points, read back from the preview's paths."""
    return {
        colour: [(int(x), int(y)) for x, y in re.findall(r"M(-?\d+) (-?\d+)h0", d)]
        for colour, d in re.findall(r'<path stroke="([^"]+)" d="([^"]*)"/>', svg)
    }


def scatter(**marker) -> dict:
    fig = go.Figure(go.Scatter(x=[0, 1, 2, None], y=[0, 1, 0, 5], marker=marker))
    fig.update_layout(height=400, margin={"t": 50, "b": 10, "l": 10, "r": 10})
    return fig.to_dict()


def test_one_dot_per_point_with_its_colour_and_y_pointing_up():
    svg = scatter_preview(scatter(color=["#ff0000", "#00ff00", "#ff0000", "#000000"]))
    found = dots(svg)
    assert sorted(found) == ["#00ff00", "#ff0000"]  # the point without x is left out
    assert len(found["#ff0000"]) == 2 and len(found["#00ff00"]) == 1
    (top,) = found["#00ff00"]
    assert all(top[1] < y for _, y in found["#ff0000"])  # the highest y is drawn nearest the top
    assert 'viewBox="0 0 700 400"' in svg


def test_the_title_and_the_legend_of_visible_traces_are_drawn():
    fig = go.Figure(scatter(color="#123456"))
    fig.add_scatter(x=[None], y=[None], name="shown", marker={"color": "#00aa00"})
    fig.add_scatter(x=[None], y=[None], name="hidden", marker={"color": "#aa0000"}, visible=False)
    fig.update_layout(title={"text": "A <b>map</b><br><sup>a note</sup>"})
    svg = scatter_preview(fig.to_dict())
    assert ">A map</text>" in svg and "a note" not in svg
    assert 'fill="#00aa00"/><text' in svg and ">shown</text>" in svg and ">hidden<" not in svg


def test_numbers_on_a_stepped_scale_take_their_step_colour():
    scale = [[0, "#a"], [0.5, "#a"], [0.5, "#b"], [1, "#b"]]
    marker = {"color": [0, 1, 1], "colorscale": scale, "cmin": 0, "cmax": 2}
    assert point_colours(marker, 3) == ["#a", "#b", "#b"]
    assert point_colours({"color": "#c"}, 2) == ["#c", "#c"]
    assert point_colours({}, 2) == ["#888888", "#888888"]


def test_a_facade_figure_carries_its_preview_and_keeps_it_when_its_data_moves_out():
    fig = go.Figure(scatter(color="#123456"))
    fig.update_layout(meta={"alt": "three points", "facade": True})
    page, files = move_chart_data(figure_html(fig))
    assert 'data-facade="1" tabindex="0"' in page and 'data-src="_static/charts/' in page
    assert "survey-chart-data" not in page and len(files) == 1
    assert len(dots(page)["#123456"]) == 3


def test_an_ordinary_figure_has_no_preview():
    page, _ = move_chart_data(figure_html(go.Figure(scatter(color="#123456"))))
    assert "data-facade" not in page and "<svg" not in page


def test_arrays_in_any_of_plotlys_forms_give_the_same_preview():
    fig = go.Figure(
        go.Scatter(x=np.array([0.0, 1.5]), y=np.array([2, 3]), marker={"color": "#111111"})
    )
    as_lists = scatter_preview(
        {"data": [{"x": [0.0, 1.5], "y": [2, 3], "marker": {"color": "#111111"}}]}
    )
    assert scatter_preview(fig.to_dict()) == as_lists  # numpy arrays
    assert scatter_preview(json.loads(fig.to_json())) == as_lists  # base64 typed arrays
    assert values({"dtype": "i1", "bdata": base64.b64encode(bytes([1, 2])).decode()}) == [1, 2]
