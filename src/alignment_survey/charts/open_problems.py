"""Open problems over time: papers per problem (a named group of taxonomy nodes) and year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from alignment_survey.analysis.trends import yearly_counts
from alignment_survey.charts.style import base_layout, count_heatmap

SINCE = 2022


def problem_year_counts(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    problems: Mapping[str, Sequence[str]],
    since: int = SINCE,
) -> pd.DataFrame:
    """Distinct papers per problem (rows, in the order given) and year (columns).

    A paper counts once in each problem whose nodes (or nodes below them) it sits on. Papers
    before ``since`` share one column, ``before <since>``, dropped when it would be empty; the
    last column is the latest year of ``papers``, so a paper of a new year adds a column.
    """
    years = papers["year"].dropna().astype(int)
    first = min(int(years.min()), since) if len(years) else since
    last = max(int(years.max()), since) if len(years) else since
    counts = yearly_counts(papers, taxonomy, problems, range(first, last + 1))
    early = f"before {since}"
    counts["column"] = counts["year"].map(lambda y: early if y < since else str(y))
    table = counts.pivot_table(
        index="group", columns="column", values="papers", aggfunc="sum", sort=False
    )
    columns = [early] + [str(y) for y in range(since, last + 1)]
    table = table.reindex(index=list(problems), columns=columns, fill_value=0).fillna(0)
    table = table.astype(int)
    if not table[early].any():
        table = table.drop(columns=early)
    table.index.name, table.columns.name = None, None
    return table


def problem_years(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    problems: Mapping[str, Sequence[str]],
    title: str | None = None,
    since: int = SINCE,
) -> go.Figure:
    """Heatmap of papers per open problem and year; each cell shows its count."""
    table = problem_year_counts(papers, taxonomy, problems, since)
    fig = count_heatmap(table)
    alt = (
        f"Heatmap of papers per open problem ({len(table)} problems) and year "
        f"({', '.join(table.columns)}). "
        + "; ".join(
            f"{label}: {int(row.sum())} in all, the first {_first(row)}"
            for label, row in table.iterrows()
        )
    )
    fig = base_layout(fig, title or "Papers per open problem and year", alt, height=420)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def _first(row: pd.Series) -> str:
    """When a row's first paper appeared: "in 2023", "before 2022", or "nowhere" if none did."""
    filled = row[row > 0]
    if not len(filled):
        return "nowhere"
    column = str(filled.index[0])
    return column if column.startswith("before") else f"in {column}"
