"""The research-lines chart: one line per group, and each point is the papers of that year."""

from __future__ import annotations

from alignment_survey import charts
from alignment_survey.analysis.selection import papers_in
from alignment_survey.analysis.trends import yearly_counts
from alignment_survey.charts.style import alt_text

GROUPS = {"control": ("so-control",), "debate and control": ("so-debate", "so-control")}
YEARS = range(2018, 2027)


def test_counts_are_distinct_papers_per_year_in_the_groups_subtrees(dataset):
    counts = yearly_counts(dataset.papers, dataset.taxonomy, GROUPS, YEARS)
    assert len(counts) == len(GROUPS) * len(YEARS)
    both = papers_in(dataset.papers, dataset.taxonomy, node="so-debate")
    control = papers_in(dataset.papers, dataset.taxonomy, node="so-control")
    union = set(both["key"]) | set(control["key"])
    in_years = dataset.papers[
        dataset.papers["key"].isin(union) & dataset.papers["year"].isin(YEARS)
    ]
    assert counts[counts["group"] == "debate and control"]["papers"].sum() == len(in_years)
    for year, papers in counts[counts["group"] == "control"].set_index("year")["papers"].items():
        assert papers == int((control["year"] == year).sum())


def test_chart_draws_one_labelled_line_per_group(dataset):
    fig = charts.research_lines(dataset.papers, dataset.taxonomy, GROUPS, YEARS, title="Lines")
    assert [trace.name for trace in fig.data] == list(GROUPS)
    assert all(list(trace.x) == list(YEARS) for trace in fig.data)
    assert sum(len(trace.x) for trace in fig.data) <= 300
    assert "control" in alt_text(fig) and fig.layout.title.text == "Lines"
