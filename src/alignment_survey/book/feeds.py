"""Atom feeds of the papers most recently added to the dataset (feedgen), written with the site.

``feeds/all.atom`` holds the :data:`NEWEST` papers by the day they were added (the record field
``added``), newest first; ``feeds/<topic>.atom`` the same for each topic. Each entry links to the
paper's view in the explorer. A feed depends only on the records, never on the build's clock, so
an unchanged dataset rewrites nothing. (The paper's own address is in the summary: feedgen 1.0
writes a second entry link without its ``rel``, which readers then take for the main link.) Pages name the feeds in their head (``_ext/survey_feeds.py``)
for feed readers' autodiscovery; the What's new page links them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from feedgen.feed import FeedGenerator

from alignment_survey.data.load import Dataset
from alignment_survey.data.schema import ETAL, FIRST_ADDED
from alignment_survey.files import layout

SITE_URL = "https://alignment-survey.github.io/alignment-survey/"  # as in CITATION.cff (tested)
NEWEST = 50
BOOK_TITLE = "LLM alignment survey"


@dataclass(frozen=True)
class Feed:
    """A feed's file (relative to the site's root), title, short label and topic (None: all)."""

    path: str
    title: str
    label: str
    topic: str | None = None


def feeds_of(topics: pd.DataFrame) -> list[Feed]:
    """The book's feed, then one per topic in vocabulary order."""
    return [Feed("feeds/all.atom", f"{BOOK_TITLE}: new papers", "all topics")] + [
        Feed(
            f"feeds/{t.id}.atom", f"{BOOK_TITLE}: new papers on {t.label}", str(t.label), str(t.id)
        )
        for t in topics.itertuples(index=False)
    ]


def newest(papers: pd.DataFrame, topic: str | None = None, n: int = NEWEST) -> pd.DataFrame:
    """The ``n`` papers added last (of ``topic``), newest first, then by key; undated ones never."""
    dated = papers[papers["added"].notna()]
    if topic is not None:
        dated = dated.loc[dated["topics"].map(lambda topics: topic in topics).astype(bool)]
    ordered = dated.assign(_day=dated["added"].map(str)).sort_values(
        ["_day", "key"], ascending=[False, True]
    )
    return ordered.drop(columns="_day").head(n)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def explorer_url(key: str, site_url: str = SITE_URL) -> str:
    return f"{site_url}explorer.html?key={key}"


def atom(feed: Feed, papers: pd.DataFrame, topics: pd.DataFrame, site_url: str = SITE_URL) -> str:
    """One feed's Atom XML."""
    label = dict(zip(topics["id"], topics["label"], strict=True))
    chosen = newest(papers, feed.topic)
    generator = FeedGenerator()
    generator.id(site_url + feed.path)
    generator.title(feed.title)
    generator.subtitle("Papers added to the dataset of the executable survey, newest first.")
    generator.author(name="The survey's contributors")
    generator.link(href=site_url + feed.path, rel="self", type="application/atom+xml")
    generator.link(href=site_url + "whats_new.html", rel="alternate", type="text/html")
    generator.language("en")
    days = list(chosen["added"])
    generator.updated(_moment(max(days) if days else FIRST_ADDED))
    for paper in chosen.itertuples(index=False):
        entry = generator.add_entry(order="append")
        entry.id(explorer_url(paper.key, site_url))
        entry.title(str(paper.title))
        entry.link(href=explorer_url(paper.key, site_url), rel="alternate", type="text/html")
        entry.updated(_moment(paper.added))
        entry.published(_moment(paper.added))
        for name in paper.authors:
            if name != ETAL:
                entry.author(name=str(name))
        for topic in paper.topics:
            entry.category(term=str(topic), label=str(label.get(topic, topic)))
        known = [name for name in paper.authors if name != ETAL]
        who = ", ".join(known) + (" et al." if paper.authors and paper.authors[-1] == ETAL else "")
        entry.summary(f"{who or 'Authors unknown'}. {paper.venue}, {paper.year}. {paper.url}")
    return generator.atom_str(pretty=True).decode("utf-8")


def feed_outputs(dataset: Dataset, site_url: str = SITE_URL) -> dict[Path, str]:
    """Every feed file, relative to the book's root, with its content."""
    return {
        layout.GENERATED_SITE / feed.path: atom(feed, dataset.papers, dataset.topics, site_url)
        for feed in feeds_of(dataset.topics)
    }
