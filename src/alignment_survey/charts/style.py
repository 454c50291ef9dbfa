"""Shared look of the charts: colours per branch, a template that reads in light and dark mode."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

# Colour-blind-safe qualitative palette (Plotly's "Safe", from CARTOColors).
PALETTE = (
    "#88CCEE",
    "#CC6677",
    "#DDCC77",
    "#117733",
    "#332288",
    "#AA4499",
    "#44AA99",
    "#999933",
    "#882255",
    "#661100",
    "#6699CC",
    "#888888",
)
OPEN_COLOUR = "#117733"
CLOSED_COLOUR = "#CC6677"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
GRID = "rgba(128,128,128,0.25)"
INK = "#5f6368"  # mid grey: readable on white and on the dark theme; the book's JS adjusts it


def branch_colours(taxonomy: pd.DataFrame) -> dict[str, str]:
    """One stable colour per branch (root node), in taxonomy file order."""
    roots = taxonomy.loc[taxonomy["parent"].isna(), "id"].tolist()
    return {root: PALETTE[i % len(PALETTE)] for i, root in enumerate(roots)}


def base_layout(
    fig: go.Figure, title: str, alt: str, height: int = 480, note: str | None = None
) -> go.Figure:
    """Title (with an optional note under it), transparent background, fixed height and alt text
    (kept in ``layout.meta``)."""
    if note:
        title = f"{title}<br><sup>{note}</sup>"
    fig.update_layout(
        template="none",  # our own look below; plotly's default template adds ~7 KB to every figure
        colorway=list(PALETTE),
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": FONT, "color": INK, "size": 12},
        hoverlabel={"font": {"family": FONT}},
        meta={"alt": alt},
    )
    fig.update_xaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, zerolinecolor=GRID, automargin=True)
    return fig


def text(value: object) -> str:
    """Dataset text made safe for plotly's hover labels, which read a subset of HTML."""
    return html.escape(str(value), quote=False)


def alt_text(fig: go.Figure) -> str:
    return (fig.layout.meta or {}).get("alt", "") if isinstance(fig.layout.meta, dict) else ""


def count_heatmap(table: pd.DataFrame) -> go.Figure:
    """Papers per row and year as a heatmap: each cell shows its count, empty cells stay blank."""
    fig = go.Figure(
        go.Heatmap(
            z=table.values,
            x=table.columns.tolist(),
            y=[text(label) for label in table.index],
            text=[[str(v) if v else "" for v in row] for row in table.values],
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": {"text": "papers"}, "thickness": 12},
            hovertemplate="%{y}, %{x}: %{z} papers<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(type="category", title_text="year (venue year, or arXiv year for preprints)")
    return fig
