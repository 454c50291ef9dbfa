"""Open-weight and proprietary models: releases over time, and the score gap per benchmark."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alignment_survey.charts.style import CLOSED_COLOUR, OPEN_COLOUR, base_layout, text

GROUPS = {"open weights": OPEN_COLOUR, "proprietary": CLOSED_COLOUR}


def group_trace(group: str, x: object, y: object, **style: object) -> go.Scatter:
    """A trace of one group of :data:`GROUPS`, named and grouped in the legend by it."""
    return go.Scatter(x=x, y=y, name=group, legendgroup=group, **style)


def model_releases(models: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Release date against parameter count (log scale); a bar spans a family's sizes.

    Models whose size was not disclosed sit on a strip below the chart.
    """
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.82, 0.18], vertical_spacing=0.04
    )
    for group, colour in GROUPS.items():
        part = models[models["openness"] == group]
        sized = part[part["params_max_b"].notna()]
        fig.add_trace(
            group_trace(
                group,
                sized["release_date"],
                sized["params_max_b"],
                mode="markers",
                marker={"color": colour, "size": 8, "opacity": 0.85},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [0] * len(sized),
                    "arrayminus": (sized["params_max_b"] - sized["params_min_b"]).tolist(),
                    "color": colour,
                    "thickness": 1,
                    "width": 0,
                },
                customdata=sized["paper_url"].fillna(""),
                hovertext=[_hover(r) for r in sized.itertuples()],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )
        unsized = part[part["params_max_b"].isna()]
        fig.add_trace(
            group_trace(
                group,
                unsized["release_date"],
                [group] * len(unsized),
                mode="markers",
                showlegend=False,
                marker={"color": colour, "size": 8, "symbol": "diamond-open"},
                customdata=unsized["paper_url"].fillna(""),
                hovertext=[_hover(r) for r in unsized.itertuples()],
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(type="log", title_text="parameters (billions, log scale)", row=1, col=1)
    fig.update_yaxes(title_text="size not<br>disclosed", row=2, col=1)
    fig.update_xaxes(title_text="release date", row=2, col=1)
    n_open = int((models["openness"] == "open weights").sum())
    first, last = models["release_date"].min(), models["release_date"].max()
    alt = (
        f"Scatter of {len(models)} model releases from {first:%Y-%m} to {last:%Y-%m}: {n_open} with open "
        f"weights and {len(models) - n_open} proprietary, by release date and parameter count on a log "
        f"scale; {int(models['params_max_b'].isna().sum())} models without a disclosed size on a strip below."
    )
    fig = base_layout(fig, title or "Model releases: open weights and proprietary", alt, height=560)
    fig.update_layout(legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"})
    return fig


def _hover(row: object) -> str:
    size = f"{row.params_b} B parameters" if isinstance(row.params_b, str) else "size not disclosed"
    licence = row.license if isinstance(row.license, str) else "licence not given"
    org = row.organization if isinstance(row.organization, str) else "organisation not given"
    return (
        f"<b>{text(row.name)}</b> ({text(org)})<br>{row.release_date:%Y-%m} · {text(size)}"
        f"<br>{text(licence)}"
    )


def best_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Best open-weight and best proprietary score per benchmark, metric and date.

    Scores whose openness no source settled are left out.
    """
    known = scores[scores["open_weights"].notna()].copy()
    known["group"] = known["open_weights"].map({True: "open weights", False: "proprietary"})
    best = known.loc[known.groupby(["benchmark", "metric", "as_of", "group"])["score"].idxmax()]
    return best[["benchmark", "metric", "as_of", "group", "model", "score"]].reset_index(drop=True)


def score_gaps(scores: pd.DataFrame) -> pd.DataFrame:
    """Best proprietary minus best open score, where both exist at the same date."""
    best = (
        best_scores(scores)
        .pivot_table(index=["benchmark", "metric", "as_of"], columns="group", values="score")
        .dropna()
    )
    best["gap"] = best["proprietary"] - best["open weights"]
    return best.reset_index()


def benchmark_gap(
    scores: pd.DataFrame,
    benchmarks: list[tuple[str, str]] | None = None,
    title: str | None = None,
    columns: int = 2,
) -> go.Figure:
    """One panel per benchmark: best open-weight and best proprietary score at each date.

    Scores of different benchmarks are not comparable, so every panel has its own axis.
    """
    best = best_scores(scores)
    gaps = score_gaps(scores)
    panels = benchmarks or list(
        gaps[["benchmark", "metric"]].drop_duplicates().itertuples(index=False, name=None)
    )
    rows = -(-len(panels) // columns)
    names = [f"{text(b)}<br><sup>{text(m[:60])}</sup>" for b, m in panels]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=names,
        vertical_spacing=0.16 / max(rows, 1) * 2,
        horizontal_spacing=0.1,
    )
    for index, (bench, metric) in enumerate(panels):
        row, col = index // columns + 1, index % columns + 1
        panel = best[(best["benchmark"] == bench) & (best["metric"] == metric)].sort_values("as_of")
        for group, colour in GROUPS.items():
            part = panel[panel["group"] == group]
            fig.add_trace(
                group_trace(
                    group,
                    part["as_of"],
                    part["score"],
                    mode="lines+markers",
                    showlegend=index == 0,
                    line={"color": colour},
                    marker={"size": 8},
                    hovertext=[
                        f"{text(m)}: {s:g}<br>{d:%Y-%m}"
                        for m, s, d in zip(part["model"], part["score"], part["as_of"], strict=True)
                    ],
                    hoverinfo="text",
                ),
                row=row,
                col=col,
            )
    for annotation in fig.layout.annotations:
        annotation.font.size = 12
    fig.update_xaxes(tickformat="%Y-%m", nticks=4)
    described = "; ".join(
        f"{b}: gap {g.iloc[-1]['gap']:+.1f} at {g.iloc[-1]['as_of']:%Y-%m}"
        for (b, m), g in gaps.groupby(["benchmark", "metric"])
        if (b, m) in panels
    )
    alt = (
        f"{len(panels)} panels, one per benchmark, each with the best open-weight and the best "
        f"proprietary score at each snapshot date. Latest gaps (proprietary minus open): {described}."
    )
    fig = base_layout(
        fig,
        title or "Best open-weight versus best proprietary score, per benchmark",
        alt,
        height=260 * rows + 80,
    )
    fig.update_layout(
        legend={"orientation": "h", "y": 1.02 + 0.1 / rows, "x": 1, "xanchor": "right"}
    )
    return fig
