"""What's new and the Atom feeds: they hold exactly the newest records, and feed readers find them."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest

from alignment_survey.book.feeds import NEWEST, SITE_URL, atom, feed_outputs, feeds_of, newest
from alignment_survey.book.whats_new import by_month, whats_new_html
from alignment_survey.data.load import load_dataset
from alignment_survey.files import layout
from tests.helpers import ROOT, set_added


def with_days(papers):
    """Every paper gets a distinct day, one a day going back from 2026-11-30 in key order."""
    ordered = sorted(papers["key"])
    day = {key: dt.date(2026, 11, 30) - dt.timedelta(days=i) for i, key in enumerate(ordered)}
    return papers.assign(added=papers["key"].map(day))


def keys_of(parsed) -> list[str]:
    """The papers of a parsed feed, from each entry's link to the explorer."""
    keys = []
    for entry in parsed.entries:
        (page,) = [link.href for link in entry.links if link.rel == "alternate"]
        assert page == entry.id
        keys.append(page.split("?key=")[1])
    return keys


def test_the_book_feed_holds_exactly_the_newest_papers_newest_first(dataset):
    papers = with_days(dataset.papers)
    parsed = feedparser.parse(atom(feeds_of(dataset.topics)[0], papers, dataset.topics))
    assert not parsed.bozo, parsed.get("bozo_exception")
    expected = sorted(papers["key"])[:NEWEST]  # the earliest keys got the latest days
    assert keys_of(parsed) == expected
    first = parsed.entries[0]
    paper = papers.set_index("key").loc[expected[0]]
    assert first.title == paper["title"]
    assert first.updated.startswith("2026-11-30")
    assert first.id == f"{SITE_URL}explorer.html?key={expected[0]}"
    assert {tag.term for tag in first.tags} == set(paper["topics"])
    assert parsed.feed.updated.startswith("2026-11-30")
    assert parsed.feed.title.endswith("new papers")


def test_each_topic_feed_holds_that_topics_newest_papers(dataset):
    papers = with_days(dataset.papers)
    for feed in feeds_of(dataset.topics)[1:]:
        parsed = feedparser.parse(atom(feed, papers, dataset.topics))
        assert not parsed.bozo
        mine = papers[papers["topics"].map(lambda topics, t=feed.topic: t in topics)]
        assert keys_of(parsed) == sorted(mine["key"])[:NEWEST], feed.topic


def test_papers_without_a_day_are_never_in_a_feed(dataset):
    papers = with_days(dataset.papers)
    papers.loc[papers["key"] == sorted(papers["key"])[0], "added"] = None
    assert sorted(papers["key"])[0] not in set(newest(papers)["key"])
    empty = feedparser.parse(atom(feeds_of(dataset.topics)[0], papers.head(0), dataset.topics))
    assert not empty.bozo and empty.entries == []


def test_feeds_are_written_from_the_records_added_field(small_data):
    days = {"irving2018ai": "2026-10-02", "burns2023weaktostrong": "2026-11-05"}
    for record in (small_data / "papers").glob("*.yaml"):
        set_added(record, None)
    for key, day in days.items():
        set_added(small_data / "papers" / f"{key}.yaml", day)
    dataset = load_dataset(small_data)
    outputs = feed_outputs(dataset)
    assert set(outputs) == {layout.GENERATED_SITE / feed.path for feed in feeds_of(dataset.topics)}
    parsed = feedparser.parse(outputs[layout.FEEDS / "all.atom"])
    assert keys_of(parsed) == ["burns2023weaktostrong", "irving2018ai"]
    assert outputs == feed_outputs(load_dataset(small_data))  # no clock: same records, same feeds


def test_whats_new_lists_papers_by_month_newest_first(dataset):
    papers = with_days(dataset.papers)
    months = by_month(papers, months=3)
    assert [month for month, _ in months] == ["2026-11", "2026-10", "2026-09"]
    november = months[0][1]
    assert len(november) == 30 and str(november["added"].iloc[0]) == "2026-11-30"
    page = whats_new_html(papers, dataset.topics, months=3)
    assert page.index('id="added-2026-11"') < page.index('id="added-2026-10"')
    assert f'href="explorer.html?key={november["key"].iloc[0]}"' in page
    assert 'href="feeds/all.atom"' in page and 'href="feeds/scalable-oversight.atom"' in page


def test_whats_new_escapes_titles_and_counts_undated_papers(dataset):
    papers = with_days(dataset.papers)
    papers.loc[papers.index[0], "title"] = "<script>alert(1)</script>"
    papers.loc[papers.index[1], "added"] = None
    page = whats_new_html(papers, dataset.topics, months=100)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "1 papers do not record the day they were added" in page


def test_the_site_url_is_the_one_in_citation_cff():
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["url"] == SITE_URL


@pytest.mark.book
def test_the_built_site_has_the_feeds_and_every_page_names_the_book_feed(site, dataset):
    parsed = feedparser.parse((site / "feeds" / "all.atom").read_bytes())
    assert not parsed.bozo
    assert keys_of(parsed) == list(newest(dataset.papers)["key"])
    for feed in feeds_of(dataset.topics):
        assert not feedparser.parse((site / feed.path).read_bytes()).bozo, feed.path
    link = re.compile(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="([^"]+)"')
    assert link.findall((site / "index.html").read_text(encoding="utf-8")) == ["feeds/all.atom"]
    chapter = (site / "chapters" / "introduction.html").read_text(encoding="utf-8")
    assert link.findall(chapter) == ["../feeds/all.atom"]
    whats_new = (site / "whats_new.html").read_text(encoding="utf-8")
    assert len(link.findall(whats_new)) == len(feeds_of(dataset.topics))
    assert 'href="feeds/all.atom"' in whats_new.split("<article", 1)[1]  # linked in the page too
