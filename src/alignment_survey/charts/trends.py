"""Lines of research over time: papers per year in a few named groups of taxonomy nodes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from alignment_survey.analysis.trends import yearly_counts
from alignment_survey.charts.style import PALETTE, base_layout, text


def research_lines(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    years: range,
    title: str | None = None,
) -> go.Figure:
    """One line per group: distinct papers per year placed on the group's nodes or below them.

    ``groups`` maps a legend label to taxonomy node ids; ``years`` sets the x-axis, so a group
    with no paper in a year shows a zero there rather than a gap.
    """
    counts = yearly_counts(papers, taxonomy, groups, years)
    fig = go.Figure()
    for index, (label, part) in enumerate(counts.groupby("group", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["papers"],
                mode="lines+markers",
                name=text(label),
                line={"color": PALETTE[index % len(PALETTE)], "width": 2},
                hovertemplate=f"{text(label)}<br>%{{x}}: %{{y}} papers<extra></extra>",
            )
        )
    fig.update_xaxes(title_text="year (venue year, or arXiv year for preprints)", dtick=1)
    fig.update_yaxes(title_text="papers per year", rangemode="tozero", tickformat="d")
    totals = counts.groupby("group", sort=False)["papers"].sum()
    alt = (
        f"Line chart of papers per year from {years.start} to {years.stop - 1} in {len(groups)} "
        "lines of research: " + "; ".join(f"{g} {n} in all" for g, n in totals.items()) + "."
    )
    fig = base_layout(fig, title or "Papers per year by line of research", alt, height=460)
    fig.update_layout(legend={"orientation": "h", "y": -0.22, "x": 0}, hovermode="x unified")
    return fig
