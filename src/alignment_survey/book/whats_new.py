"""The What's new page: papers by the month they were added to the dataset, newest first.

``whats_new.md`` calls :func:`whats_new_html` at build time, so the page follows the records'
``added`` field. Every title links to the paper's view in the explorer; record text is escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from alignment_survey.book.feeds import feeds_of
from alignment_survey.data.schema import ETAL

MONTHS = 12  # months shown; older additions are in the explorer and the downloads


def by_month(papers: pd.DataFrame, months: int = MONTHS) -> list[tuple[str, pd.DataFrame]]:
    """The last ``months`` months that had additions, newest first: (``YYYY-MM``, papers newest
    first, then by title)."""
    dated = papers[papers["added"].notna()]
    dated = dated.assign(
        _day=dated["added"].map(str), _title=dated["title"].map(lambda t: str(t).casefold())
    )
    dated = dated.assign(_month=dated["_day"].str[:7])
    ordered = dated.sort_values(["_day", "_title"], ascending=[False, True])
    groups = [(month, part) for month, part in ordered.groupby("_month", sort=False)]
    return [(month, part.drop(columns=["_day", "_title", "_month"])) for month, part in groups][
        :months
    ]


def _month_name(month: str) -> str:
    return pd.Timestamp(month + "-01").strftime("%B %Y")


def _authors(names: list[str]) -> str:
    known = [name for name in names if name != ETAL]
    if not known:
        return "authors unknown"
    return ", ".join(known[:3]) + (" et al." if len(known) > 3 or len(known) < len(names) else "")


def whats_new_html(papers: pd.DataFrame, topics: pd.DataFrame, months: int = MONTHS) -> str:
    """The page's generated part: feed links, then one list per month."""
    feeds = feeds_of(topics)
    links = " · ".join(
        f'<a href="{html.escape(f.path)}" type="application/atom+xml">{html.escape(f.label)}</a>'
        for f in feeds
    )
    parts = [
        '<div class="survey-whats-new">',
        f'<p class="survey-whats-new__feeds">Atom feeds: {links}</p>',
    ]
    groups = by_month(papers, months)
    undated = int(papers["added"].isna().sum())
    if not groups:
        parts.append("<p>No record carries the day it was added yet.</p>")
    for month, part in groups:
        parts.append(
            f'<h2 id="added-{month}">{_month_name(month)} '
            f'<span class="survey-whats-new__count">({len(part)} papers)</span></h2>'
        )
        parts.append("<ul>")
        for paper in part.itertuples(index=False):
            parts.append(
                f'<li><a href="explorer.html?key={html.escape(str(paper.key))}">'
                f"{html.escape(str(paper.title))}</a>, {html.escape(_authors(list(paper.authors)))}"
                f" ({paper.year}; added {paper.added})</li>"
            )
        parts.append("</ul>")
    if undated:
        parts.append(
            f"<p>{undated} papers do not record the day they were added; "
            'the <a href="explorer.html">explorer</a> lists every paper.</p>'
        )
    parts.append("</div>")
    return "\n".join(parts)
