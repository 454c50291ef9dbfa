"""A branch's families over the years: distinct papers per child node and per year, as a heatmap."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.charts.style import base_layout, text

SCALE = [[0.0, "rgba(68,170,153,0.06)"], [1.0, "#117733"]]  # palette teal to green, light to dark


def family_year_counts(papers: pd.DataFrame, taxonomy: pd.DataFrame, root: str) -> pd.DataFrame:
    """Distinct papers per child of ``root`` (rows, in taxonomy order) and year (columns).

    A paper counts in every family it is placed in (on the child node or below it), so a column
    can sum to more than the papers of that year. Years run without gaps from the first to the last
    year of the papers in the branch; papers outside the branch are ignored.
    """
    children = taxonomy[taxonomy["parent"] == root]
    inside = subtree_ids(taxonomy, root)
    scoped = papers[papers["taxonomy"].map(lambda nodes: bool(inside.intersection(nodes)))]
    scoped = scoped[scoped["year"].notna()]
    if scoped.empty:
        years: list[int] = []
    else:
        years = list(range(int(scoped["year"].min()), int(scoped["year"].max()) + 1))
    table = pd.DataFrame(0, index=pd.Index(children["id"], name="id"), columns=years, dtype=int)
    for node in children["id"]:
        below = subtree_ids(taxonomy, node)
        placed = scoped[scoped["taxonomy"].map(lambda nodes, b=below: bool(b.intersection(nodes)))]
        for year, count in placed["year"].astype(int).value_counts().items():
            table.at[node, year] = int(count)
    return table


def family_years(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, root: str, title: str | None = None
) -> go.Figure:
    """Heatmap of distinct papers per family (child of ``root``) and year, counts in the cells."""
    table = family_year_counts(papers, taxonomy, root)
    labels = taxonomy.set_index("id")["label"]
    names = [text(labels[node]) for node in table.index]
    hover = [
        [f"{name}, {year}: {table.at[node, year]} papers" for year in table.columns]
        for node, name in zip(table.index, names, strict=True)
    ]
    cells = [[str(v) if v else "" for v in row] for row in table.to_numpy().tolist()]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy().tolist(),
            x=[str(year) for year in table.columns],
            y=names,
            text=cells,
            texttemplate="%{text}",
            hovertext=hover,
            hoverinfo="text",
            colorscale=SCALE,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(type="category", showgrid=False, title_text="year")
    span = f"{table.columns[0]} to {table.columns[-1]}" if len(table.columns) else "no years"
    alt = (
        f"Heatmap of {len(table.index)} families of the {text(labels.get(root, root))} branch by "
        f"year, {span}; each cell gives the number of papers of that family and year."
    )
    return base_layout(
        fig, title or f"{text(labels.get(root, root))}: papers per family and year", alt, height=460
    )
