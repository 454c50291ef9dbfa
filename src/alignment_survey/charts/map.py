"""The map of the field: one point per paper, placed by the similarity of titles and labels.

Points come from :func:`alignment_survey.analysis.projection.map_coordinates`. One trace holds
every paper (hover: title, first author, year; ``customdata`` starts with the key, so a click
opens the paper in the explorer); small legend-only traces name the colours. Buttons above the map (plotly
``updatemenus``, no widgets) switch the colouring between taxonomy branch, year and topic by
restyling that one trace, so the page carries each paper's text once.
"""

from __future__ import annotations

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from alignment_survey.charts.style import PALETTE, base_layout, branch_colours, text
from alignment_survey.data.schema import ETAL

EARLY = 2020  # papers before this year share one colour on the year view


MAX_TITLE = 70  # characters of a title in the hover label


def _authors(names: list[str]) -> str:
    """The first author, and "et al." when there are more."""
    known = [name for name in names if name != ETAL]
    if not known:
        return "authors unknown"
    return known[0] + (" et al." if len(names) > 1 else "")


def _short(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def _year_group(year: int) -> str:
    return f"before {EARLY}" if year < EARLY else str(year)


def colourings(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, topics: pd.DataFrame
) -> dict[str, tuple[list[str], dict[str, str]]]:
    """For each view (branch, year, topic): each paper's group, and each group's colour.

    A paper in several branches or topics takes the first one listed.
    """
    labels = taxonomy.set_index("id")["label"]
    branch_colour = branch_colours(taxonomy)
    branches = [str(branches[0]) for branches in papers["branches"]]
    branch = {str(labels[b]): branch_colour[b] for b in branch_colour if b in set(branches)}
    years = [_year_group(int(year)) for year in papers["year"]]
    order = sorted(set(years), key=lambda g: (not g.startswith("before"), g))
    shades = plotly.colors.sample_colorscale("Viridis", max(len(order), 2))
    year = {group: shades[i] for i, group in enumerate(order)}
    topic_label = dict(zip(topics["id"], topics["label"], strict=True))
    firsts = [str(topic_label[t[0]]) for t in papers["topics"]]
    used = [str(label) for label in topics["label"] if label in set(firsts)]
    topic = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(used)}
    return {
        "branch": ([str(labels[b]) for b in branches], branch),
        "year": (years, year),
        "topic": (firsts, topic),
    }


def _stepped(colours: list[str]) -> list[list[object]]:
    """A colour scale with one flat step per group, for integer colours 0..n-1."""
    n = max(len(colours), 1)
    scale: list[list[object]] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale or [[0, "#888888"], [1, "#888888"]]


def field_map(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    topics: pd.DataFrame,
    coordinates: pd.DataFrame,
    title: str = "A map of the field: papers placed by their titles and taxonomy labels",
    max_points: int | None = None,
    facade: bool = False,
) -> go.Figure:
    """A scatter of ``coordinates`` (key, x, y), coloured by branch, switchable to year or topic.

    ``max_points`` draws a seeded sample when there are more papers (a chapter's page weight
    stays the same as the dataset grows); the map page draws every paper. Colours travel as small
    integers with a stepped colour scale, and hover text as ``customdata`` (key, title, first
    author, year), which keeps the figure to about 100 bytes a paper. ``facade`` asks the book to
    show a static preview until a reader reaches for the map (for a page whose first content it is).
    """
    placed = papers.merge(coordinates, on="key", how="inner", validate="one_to_one")
    total = len(placed)
    if max_points is not None and total > max_points:
        placed = placed.sample(max_points, random_state=0).sort_values("key")
    views = colourings(placed, taxonomy, topics)
    custom = [
        [key, text(_short(str(t))), text(_authors(list(a))), int(y)]
        for key, t, a, y in zip(
            placed["key"], placed["title"], placed["authors"], placed["year"], strict=True
        )
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=placed["x"].round(2),
            y=placed["y"].round(2),
            mode="markers",
            name="papers",
            showlegend=False,
            customdata=custom,
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]} · %{customdata[3]}"
            "<extra></extra>",
            marker={"size": 7, "opacity": 0.85, "line": {"width": 0}, "showscale": False},
        )
    )
    legend_traces: list[tuple[str, str, str]] = []  # view, group, colour
    for view, (_, colours) in views.items():
        for group, colour in colours.items():
            legend_traces.append((view, group, colour))
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=text(group),
                    marker={"size": 9, "color": colour},
                    hoverinfo="skip",
                    visible=view == "branch",
                )
            )
    others = [None] * len(legend_traces)
    styles = {}
    for view, (groups, colours) in views.items():
        order = list(colours)
        styles[view] = {
            "marker.color": [[order.index(g) for g in groups]] + [c for _, _, c in legend_traces],
            "marker.colorscale": [_stepped(list(colours.values()))] + others,
            "marker.cmin": [0] + others,
            "marker.cmax": [max(len(order), 1)] + others,
            "visible": [True] + [v == view for v, _, _ in legend_traces],
        }
    fig.update_traces(
        selector=0,
        marker={
            "color": styles["branch"]["marker.color"][0],
            "colorscale": styles["branch"]["marker.colorscale"][0],
            "cmin": 0,
            "cmax": styles["branch"]["marker.cmax"][0],
        },
    )
    buttons = [
        {"label": view.capitalize(), "method": "restyle", "args": [style]}
        for view, style in styles.items()
    ]
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": buttons,
                "active": 0,
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"t": 4, "b": 4},
                "showactive": True,
            }
        ],
        legend={"itemclick": False, "itemdoubleclick": False, "title": {"text": "colour"}},
        hovermode="closest",
        dragmode="pan",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    counts = pd.Series(views["branch"][0]).value_counts()
    shown = "" if len(placed) == total else f" (a sample of {len(placed)} of {total})"
    alt = (
        f"A map of {len(placed)} papers{shown}, each a point placed near papers with similar titles "
        "and taxonomy labels, coloured by branch: "
        + ", ".join(f"{group} ({n})" for group, n in counts.items())
        + ". Buttons switch the colours to year or topic; a click opens the paper in the explorer."
    )
    note = "Colour by branch, year or topic with the buttons; click a point to open the paper."
    if shown:
        note += f" Points: a sample of {len(placed)} of {total} papers."
    fig = base_layout(fig, title, alt, height=680, note=note)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 110, "b": 10})
    if facade:
        fig.update_layout(meta={**fig.layout.meta, "facade": True})
    return fig
