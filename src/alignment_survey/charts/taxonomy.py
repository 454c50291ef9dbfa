"""Sunburst of the taxonomy, sized by how many papers sit at each node."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from alignment_survey.analysis.tree import node_counts, subtree_ids
from alignment_survey.charts.style import PALETTE, base_layout, branch_colours, text


def taxonomy_sunburst(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    root: str | None = None,
    title: str | None = None,
    max_titles: int = 3,
) -> go.Figure:
    """Sunburst of the taxonomy (or of the subtree under ``root``); click a sector to drill down.

    Sector size counts placements (a paper on two nodes counts at both); the hover label gives
    the number of distinct papers in the sector and a few of their titles.
    """
    counts = node_counts(papers, taxonomy)
    counts = counts[counts["papers"] > 0]
    if root is not None:
        counts = counts[counts["id"].isin(subtree_ids(taxonomy, root))]
    colours = branch_colours(taxonomy)
    top = counts["parent"].isna()
    if root is not None:  # (a comparison with None is NA in string columns, which hid every parent)
        top |= counts["id"] == root

    def hover(row: pd.Series) -> str:
        shown = "<br>".join(f"• {text(t[:90])}" for t in row["titles"][:max_titles])
        more = row["papers"] - min(len(row["titles"]), max_titles)
        tail = f"<br>… and {more} more" if more > 0 else ""
        return f"<b>{text(row['label'])}</b><br>{row['papers']} papers<br>{shown}{tail}"

    branch_of = counts["root"].astype(str)
    if root is not None:  # inside one branch, colour by the level below the root
        level = counts["id"].map(lambda i: _child_of(taxonomy, root, i))
        palette = {c: PALETTE[n % len(PALETTE)] for n, c in enumerate(dict.fromkeys(level))}
        marker_colours = level.map(palette).tolist()
    else:
        marker_colours = branch_of.map(colours).tolist()
    fig = go.Figure(
        go.Sunburst(
            ids=counts["id"],
            labels=counts["label"].map(text),
            parents=counts["parent"].where(~top, "").fillna(""),
            values=counts["direct"],
            branchvalues="remainder",
            hovertext=counts.apply(hover, axis=1),
            hoverinfo="text",
            marker={
                "colors": marker_colours,
                "line": {"width": 1, "color": "rgba(255,255,255,0.6)"},
            },
            insidetextorientation="radial",
            maxdepth=3,
            customdata=counts["id"],
        )
    )
    n_papers = (
        int(papers["key"].nunique())
        if root is None
        else int(counts.loc[counts["id"] == root, "papers"].sum())
    )
    scope = (
        "the whole taxonomy"
        if root is None
        else f"the {text(taxonomy.set_index('id').at[root, 'label'])} branch"
    )
    alt = f"Sunburst chart of {scope}: {n_papers} papers over {len(counts)} nodes. " + "; ".join(
        f"{r.label}: {r.papers}"
        for r in counts[counts["parent"].isna() | (counts["parent"] == root)]
        .sort_values("papers", ascending=False)
        .itertuples()
    )
    fig = base_layout(fig, title or f"Papers in {scope}", alt, height=560)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 50, "b": 0})
    return fig


def _child_of(taxonomy: pd.DataFrame, root: str, node: str) -> str:
    path = taxonomy.set_index("id").at[node, "path"]
    index = path.index(root)
    return path[index + 1] if index + 1 < len(path) else root
