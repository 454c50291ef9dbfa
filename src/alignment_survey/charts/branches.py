"""Papers per branch and year: where the field's attention went, one cell per branch and year."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alignment_survey.charts.style import base_layout, count_heatmap

SINCE = 2017


def branch_year_counts(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, since: int = SINCE
) -> pd.DataFrame:
    """Distinct papers per branch (rows, in taxonomy order) and year (columns).

    A paper on nodes of two branches counts once in each; papers before ``since`` share one
    column, ``before <since>``. Years with no paper inside the range still get a column.
    """
    roots = taxonomy.loc[taxonomy["parent"].isna(), ["id", "label"]]
    rows = (
        papers[["key", "year", "branches"]].explode("branches").drop_duplicates(["key", "branches"])
    )
    rows = rows[rows["branches"].notna()]
    last = int(papers["year"].max()) if len(papers) else since
    early = f"before {since}"
    column = rows["year"].map(lambda y: early if y < since else str(int(y)))
    table = pd.crosstab(rows["branches"], column)
    columns = [early] + [str(y) for y in range(since, max(last, since) + 1)]
    table = table.reindex(index=roots["id"], columns=columns, fill_value=0).fillna(0).astype(int)
    if not table[early].any():
        table = table.drop(columns=early)
    table.index = roots["label"].tolist()
    return table


def branch_years(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, title: str | None = None, since: int = SINCE
) -> go.Figure:
    """Heatmap of papers per branch and year; hover a cell for its count."""
    table = branch_year_counts(papers, taxonomy, since)
    table = table[table.sum(axis=1) > 0]
    fig = count_heatmap(table)
    busiest = table.sum().idxmax() if table.size else ""
    alt = (
        f"Heatmap of papers per branch ({len(table)} branches) and year "
        f"({', '.join(table.columns)}); the busiest year is {busiest}. "
        + "; ".join(f"{label}: {int(row.sum())}" for label, row in table.iterrows())
    )
    fig = base_layout(fig, title or "Papers per branch and year", alt, height=460)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig
