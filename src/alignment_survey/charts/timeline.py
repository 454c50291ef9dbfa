"""Papers over time: counts per period by branch, the running total, and every paper as a point."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.charts.style import PALETTE, base_layout, branch_colours, text

MAX_POINTS = 300


def group_papers(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, root: str | None = None
) -> pd.DataFrame:
    """The papers in scope with a ``group`` column: their branch, or (inside ``root``) the level below.

    A paper placed in several groups is counted once, in the group of its first-listed node.
    """
    labels = taxonomy.set_index("id")["label"]
    paths = taxonomy.set_index("id")["path"]
    if root is None:
        first = papers["taxonomy"].str[0]
        group = first.map(lambda n: paths[n][0])
        scoped = papers.assign(group=group)
    else:
        inside = subtree_ids(taxonomy, root)
        first = papers["taxonomy"].map(lambda nodes: next((n for n in nodes if n in inside), None))
        scoped = papers.assign(_node=first)[first.notna()]
        scoped = scoped.assign(group=scoped["_node"].map(lambda n: _below(paths[n], root))).drop(
            columns="_node"
        )
    return scoped.assign(group_label=scoped["group"].map(labels).astype("string"))


def _below(path: list[str], root: str) -> str:
    index = path.index(root)
    return path[index + 1] if index + 1 < len(path) else root


def period_counts(scoped: pd.DataFrame, freq: str = "Q") -> pd.DataFrame:
    """Papers per period and group. Quarterly counts use only papers dated to the month."""
    dated = scoped[scoped["month"].notna()] if freq == "Q" else scoped
    period = dated["date"].dt.to_period(freq)
    table = (
        dated.assign(period=period)
        .groupby(["period", "group"])
        .size()
        .rename("papers")
        .reset_index()
    )
    table["start"] = table["period"].dt.start_time
    return table


def timeline(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    root: str | None = None,
    freq: str = "Q",
    title: str | None = None,
    max_points: int = MAX_POINTS,
) -> go.Figure:
    """Stacked bars of papers per quarter (or year, ``freq="Y"``) by group with the cumulative
    total, above a strip with one point per paper (hover: title, venue, date; ``customdata`` holds
    the paper's key, which the book's script turns into a link to the paper explorer)."""
    scoped = group_papers(papers, taxonomy, root)
    counts = period_counts(scoped, freq)
    order = scoped["group"].value_counts().index.tolist()
    colours = (
        branch_colours(taxonomy)
        if root is None
        else {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(order)}
    )
    labels = scoped.drop_duplicates("group").set_index("group")["group_label"]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.62, 0.38],
        vertical_spacing=0.06,
        specs=[[{"secondary_y": True}], [{}]],
    )
    unit = "quarter" if freq == "Q" else "year"
    for group in order:
        part = counts[counts["group"] == group]
        fig.add_trace(
            go.Bar(
                x=part["start"],
                y=part["papers"],
                name=text(labels[group]),
                legendgroup=group,
                marker_color=colours[group],
                hovertemplate=f"%{{y}} papers<br>{text(labels[group])}<br>%{{x|%Y-%m}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
    totals = counts.groupby("start")["papers"].sum().sort_index().cumsum()
    fig.add_trace(
        go.Scatter(
            x=totals.index,
            y=totals.values,
            name="cumulative",
            mode="lines",
            line={"color": "#7f7f7f", "width": 2, "dash": "dot"},
            hovertemplate="%{y} papers up to %{x|%Y-%m}<extra>cumulative</extra>",
        ),
        row=1,
        col=1,
        secondary_y=True,
    )
    shown = scoped if len(scoped) <= max_points else scoped.sample(max_points, random_state=0)
    rows = {group: position for position, group in enumerate(reversed(order))}
    for group in order:
        part = shown[shown["group"] == group]
        exact = part["month"].notna()
        when = part["date"].where(exact, part["date"] + pd.DateOffset(months=6)) + pd.Timedelta(
            days=14
        )
        fig.add_trace(
            go.Scatter(
                x=when.dt.strftime("%Y-%m-%d"),
                y=[rows[group]] * len(part),
                mode="markers",
                legendgroup=group,
                showlegend=False,
                name=text(labels[group]),
                marker={
                    "color": colours[group],
                    "size": 7,
                    "opacity": 0.75,
                    "symbol": [0 if e else 100 for e in exact],
                },  # circle / circle-open
                customdata=part["key"],
                hovertext=[
                    f"{text(t[:70])}<br>{text(v)} · {d}"
                    for t, v, d in zip(part["title"], part["venue"], _dates(part), strict=True)
                ],
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(
        tickvals=list(rows.values()), ticktext=[text(labels[g]) for g in rows], row=2, col=1
    )
    undated = int((scoped["month"].isna()).sum())
    note = (
        f"Bars: papers dated to the month ({len(scoped) - undated} of {len(scoped)}); "
        f"open circles: {undated} dated only by year."
        if freq == "Q"
        else f"Bars: all {len(scoped)} papers by year."
    )
    if len(shown) < len(scoped):
        note += f" Points: a sample of {len(shown)}."
    fig.update_layout(
        barmode="stack", legend={"orientation": "h", "y": -0.16, "x": 0}, hovermode="closest"
    )
    fig.update_yaxes(title_text=f"papers per {unit}", row=1, col=1, secondary_y=False)
    fig.update_yaxes(
        title_text="cumulative",
        row=1,
        col=1,
        secondary_y=True,
        showgrid=False,
        rangemode="tozero",
        tickformat="d",
    )
    fig.update_yaxes(rangemode="tozero", tickformat="d", row=1, col=1, secondary_y=False)
    fig.update_yaxes(title_text=None, row=2, col=1, automargin=True)
    fig.update_xaxes(title_text="date (arXiv month or venue year)", row=2, col=1)
    first, last = scoped["year"].min(), scoped["year"].max()
    alt = (
        f"Timeline of {len(scoped)} papers from {first} to {last}, counted per {unit} and stacked by "
        + ", ".join(f"{labels[g]} ({(scoped['group'] == g).sum()})" for g in order)
        + f"; the running total reaches {int(totals.iloc[-1]) if len(totals) else 0}."
    )
    fig = base_layout(fig, title or f"Papers per {unit}", alt, height=620, note=note)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 80, "b": 10})
    return fig


def _dates(part: pd.DataFrame) -> list[str]:
    return [
        f"{d:%Y-%m}" if m is not pd.NA and pd.notna(m) else f"{y} (month unknown)"
        for d, m, y in zip(part["date"], part["month"], part["year"], strict=True)
    ]
