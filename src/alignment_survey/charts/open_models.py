"""Open-weight models over time: the gap to proprietary models, and the post-training recipes used.

Both charts aggregate before drawing (one point per benchmark and snapshot, one cell per year and
method), so they stay small whatever the size of the model and score tables.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from alignment_survey.charts.style import OPEN_COLOUR, PALETTE, base_layout, text
from alignment_survey.data.load import post_training_methods
from alignment_survey.data.schema import POST_TRAINING

GROUPS = {True: "open", False: "proprietary"}
KIND_STYLE = {
    "independent": {"dash": "solid", "symbol": "circle"},
    "self-reported": {"dash": "dash", "symbol": "diamond-open"},
}


def snapshot_gaps(scores: pd.DataFrame, panels: list[tuple[str, str]]) -> pd.DataFrame:
    """Best open and best proprietary score per benchmark, metric, kind and date, where both exist.

    Columns: benchmark, metric, kind, as_of, open_model, open_score, proprietary_model,
    proprietary_score, gap (proprietary minus open). Scores of unsettled openness are left out.
    """
    chosen = pd.Series(list(zip(scores["benchmark"], scores["metric"], strict=True))).isin(panels)
    known = scores[chosen.to_numpy() & scores["open_weights"].notna().to_numpy()].copy()
    columns = ["benchmark", "metric", "kind", "as_of"]
    if known.empty:
        return pd.DataFrame(columns=[*columns, "open_model", "open_score", "gap"])
    known["kind"] = known["kind"].astype(str)
    known["group"] = known["open_weights"].astype(bool).map(GROUPS)
    best = known.loc[known.groupby([*columns, "group"])["score"].idxmax()]
    wide = best.pivot_table(
        index=columns, columns="group", values=["model", "score"], aggfunc="first"
    )
    wide.columns = [f"{group}_{value}" for value, group in wide.columns]
    wide = wide.dropna(subset=[c for c in ("open_score", "proprietary_score") if c in wide])
    if "open_score" not in wide or "proprietary_score" not in wide:
        return pd.DataFrame(columns=[*columns, "open_model", "open_score", "gap"])
    wide["gap"] = wide["proprietary_score"].astype(float) - wide["open_score"].astype(float)
    return wide.reset_index().sort_values(columns).reset_index(drop=True)


def open_gap_over_time(
    scores: pd.DataFrame,
    benchmarks: pd.DataFrame,
    panels: list[tuple[str, str]],
    title: str | None = None,
) -> go.Figure:
    """The best proprietary score minus the best open one at each dated snapshot, one line per
    benchmark: rating scales (range above 100) on the top panel, accuracies in points below.

    Independent leaderboard scores are solid lines; scores from developers' own report tables are
    dashed with open markers and say "self-reported" in the legend. Below zero, the open model led.
    """
    gaps = snapshot_gaps(scores, panels)
    ranges = benchmarks.set_index(["benchmark", "metric"])["max"]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=["Rating scales (Elo points)", "Accuracy (percentage points)"],
    )
    for index, ((bench, metric, kind), line) in enumerate(
        gaps.groupby(["benchmark", "metric", "kind"], sort=False)
    ):
        row = 1 if float(ranges.get((bench, metric), 100)) > 100 else 2
        style = KIND_STYLE.get(kind, KIND_STYLE["independent"])
        colour = PALETTE[index % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=line["as_of"],
                y=line["gap"],
                mode="lines+markers",
                name=f"{text(bench)} ({kind})",
                line={"color": colour, "dash": style["dash"], "width": 2},
                marker={"color": colour, "symbol": style["symbol"], "size": 9},
                hovertext=[_hover(r, kind) for r in line.itertuples()],
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
    for row in (1, 2):
        fig.add_hline(y=0, line={"color": OPEN_COLOUR, "width": 1, "dash": "dot"}, row=row, col=1)
    fig.update_yaxes(title_text="proprietary − open", row=1, col=1)
    fig.update_yaxes(title_text="proprietary − open", row=2, col=1)
    fig.update_xaxes(title_text="snapshot or report date", tickformat="%Y-%m", row=2, col=1)
    for annotation in fig.layout.annotations:
        annotation.font.size = 12
    alt = "Line chart of the gap between the best proprietary and the best open-weight score. " + (
        "; ".join(
            f"{b} ({k}): {len(g)} dates, gap {g['gap'].iloc[0]:+.1f} at {g['as_of'].iloc[0]:%Y-%m}"
            f" and {g['gap'].iloc[-1]:+.1f} at {g['as_of'].iloc[-1]:%Y-%m}"
            for (b, k), g in gaps.groupby(["benchmark", "kind"], sort=False)
        )
        or "no snapshot scores both kinds of model"
    )
    fig = base_layout(
        fig,
        title or "How far the best open model trails the best proprietary one",
        alt,
        height=620,
        note="solid: independent leaderboards · dashed: developers' own report tables",
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.12, "x": 0, "xanchor": "left"})
    return fig


def _hover(row: object, kind: str) -> str:
    return (
        f"<b>{text(row.benchmark)}</b> · {row.as_of:%Y-%m} · {kind}"
        f"<br>proprietary: {text(row.proprietary_model)} {float(row.proprietary_score):g}"
        f"<br>open: {text(row.open_model)} {float(row.open_score):g}"
        f"<br>gap {row.gap:+.1f}"
    )


def recipe_counts(models: pd.DataFrame) -> pd.DataFrame:
    """Open releases per year naming each post-training method, and the year's releases that name any.

    Columns: year, method, releases (naming the method), recorded (releases naming any method),
    share (releases / recorded).
    """
    open_models = models[models["open_weights"].astype(bool)]
    methods = post_training_methods(open_models)
    years = open_models["release_date"].dt.year
    recorded = years[methods.map(len) > 0].value_counts().rename("recorded")
    rows = pd.DataFrame({"year": years, "method": methods}).explode("method").dropna()
    grid = pd.MultiIndex.from_product(
        [sorted(recorded.index), sorted(set(rows["method"]))], names=["year", "method"]
    )
    counts = rows.groupby(["year", "method"]).size().reindex(grid, fill_value=0)
    counts = counts.rename("releases").reset_index()
    counts = counts.merge(recorded, left_on="year", right_index=True)
    counts["share"] = counts["releases"] / counts["recorded"]
    return counts.sort_values(["year", "method"]).reset_index(drop=True)


def recipes_over_time(models: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Heatmap: for each year, the share of open releases (with a stated recipe) using each method.

    Each cell reads "k of n": k releases of the year name the method, n name any method.
    """
    counts = recipe_counts(models)
    years = sorted(counts["year"].unique())
    methods = [m for m in POST_TRAINING if m in set(counts["method"])][::-1]
    grid = counts.pivot(index="method", columns="year", values="share").reindex(
        index=methods, columns=years
    )
    labels = counts.assign(
        label=counts["releases"].astype(str) + " of " + counts["recorded"].astype(str)
    )
    label = labels.pivot(index="method", columns="year", values="label").reindex(
        index=methods, columns=years
    )
    fig = go.Figure(
        go.Heatmap(
            x=[str(y) for y in years],
            y=methods,
            z=grid.to_numpy(dtype=float),
            text=label.fillna("").to_numpy(),
            texttemplate="%{text}",
            colorscale=[[0, "rgba(17,119,51,0.05)"], [1, OPEN_COLOUR]],
            zmin=0,
            zmax=1,
            colorbar={"title": {"text": "share"}, "tickformat": ".0%"},
            hovertemplate="%{x} · %{y}: %{text} open releases<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(title_text="release year", type="category")
    n = int(counts.groupby("year")["recorded"].first().sum()) if len(counts) else 0
    alt = (
        f"Heatmap of post-training methods named by {n} open-weight releases, by release year "
        f"({', '.join(str(y) for y in years)}); each cell gives how many of the year's releases "
        "with a stated recipe name the method. "
        + "; ".join(
            f"{m}: {int(counts.loc[counts['method'] == m, 'releases'].sum())}"
            for m in methods[::-1]
        )
    )
    return base_layout(
        fig,
        title or "Post-training methods of open releases, per year",
        alt,
        height=420,
        note="share of the year's open releases whose report or card states its recipe",
    )
