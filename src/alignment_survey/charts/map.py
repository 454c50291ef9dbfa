"""The map of the field: one point per paper, placed by the similarity of titles and labels.

Points come from :func:`alignment_survey.analysis.projection.map_coordinates`. One trace holds
every paper (hover: title, authors, year; ``customdata`` is the key, so a click opens the paper in
the explorer); small legend-only traces name the colours. Buttons above the map (plotly
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


def _authors(names: list[str]) -> str:
    known = [name for name in names if name != ETAL]
    if not known:
        return "authors unknown"
    shown = ", ".join(known[:3])
    return shown + (" et al." if len(known) > 3 or known != names else "")


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


def field_map(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    topics: pd.DataFrame,
    coordinates: pd.DataFrame,
    title: str = "A map of the field: papers placed by the similarity of their titles",
) -> go.Figure:
    """A scatter of ``coordinates`` (key, x, y), coloured by branch, switchable to year or topic."""
    placed = papers.merge(coordinates, on="key", how="inner", validate="one_to_one")
    views = colourings(placed, taxonomy, topics)
    hover = [
        f"<b>{text(t[:90])}</b><br>{text(_authors(list(a)))}<br>{y}"
        for t, a, y in zip(placed["title"], placed["authors"], placed["year"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=placed["x"].round(3),
            y=placed["y"].round(3),
            mode="markers",
            name="papers",
            showlegend=False,
            customdata=list(placed["key"]),
            hovertext=hover,
            hoverinfo="text",
            marker={"size": 7, "opacity": 0.85, "line": {"width": 0}},
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
    buttons = []
    for view, (groups, colours) in views.items():
        restyle = {
            "marker.color": [[colours[g] for g in groups]] + [c for _, _, c in legend_traces],
            "visible": [True] + [v == view for v, _, _ in legend_traces],
        }
        buttons.append({"label": view.capitalize(), "method": "restyle", "args": [restyle]})
    fig.data[0].marker.color = [views["branch"][1][g] for g in views["branch"][0]]
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
    alt = (
        f"A map of {len(placed)} papers, each a point placed near papers with similar titles and "
        "taxonomy labels, coloured by branch: "
        + ", ".join(f"{group} ({n})" for group, n in counts.items())
        + ". Buttons switch the colours to year or topic; a click opens the paper in the explorer."
    )
    note = "Colour by branch, year or topic with the buttons; click a point to open the paper."
    fig = base_layout(fig, title, alt, height=680, note=note)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 110, "b": 10})
    return fig
