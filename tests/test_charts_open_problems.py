"""Papers per open problem and year: each cell counts the distinct papers of a problem in a year."""

from __future__ import annotations

import pandas as pd

from alignment_survey import charts
from alignment_survey.analysis.selection import papers_in
from alignment_survey.charts.open_problems import problem_year_counts

PROBLEMS = {
    "Debate": ("so-debate",),
    "Failures": ("af-deception", "af-reward-hacking"),
}


def test_cells_count_distinct_papers_per_problem_and_year(dataset):
    papers, taxonomy = dataset.papers, dataset.taxonomy
    table = problem_year_counts(papers, taxonomy, PROBLEMS, since=2022)
    assert list(table.index) == list(PROBLEMS)
    debate = papers_in(papers, taxonomy, node="so-debate")
    assert table.loc["Debate"].sum() == len(debate)
    assert table.at["Debate", "2024"] == (debate["year"] == 2024).sum()
    assert table.at["Debate", "before 2022"] == (debate["year"] < 2022).sum()
    failures = pd.concat(
        [papers_in(papers, taxonomy, node=n) for n in PROBLEMS["Failures"]]
    ).drop_duplicates("key")
    assert table.loc["Failures"].sum() == len(failures)  # a paper on both nodes counts once


def test_columns_run_to_the_latest_year_and_drop_an_empty_early_column(dataset):
    recent = dataset.papers[dataset.papers["year"] >= 2023]
    table = problem_year_counts(recent, dataset.taxonomy, PROBLEMS, since=2022)
    assert list(table.columns) == [str(y) for y in range(2022, int(recent["year"].max()) + 1)]
    assert table["2022"].sum() == 0


def test_a_problem_without_papers_keeps_its_row_of_zeros(dataset):
    debate = set(papers_in(dataset.papers, dataset.taxonomy, node="so-debate")["key"])
    others = dataset.papers[~dataset.papers["key"].isin(debate)]
    table = problem_year_counts(others, dataset.taxonomy, PROBLEMS)
    assert list(table.index) == list(PROBLEMS)
    assert table.loc["Debate"].sum() == 0 and table.loc["Failures"].sum() > 0


def test_heatmap_draws_the_table_and_stays_small(dataset):
    fig = charts.problem_years(dataset.papers, dataset.taxonomy, PROBLEMS, title="Problems")
    trace = fig.data[0]
    table = problem_year_counts(dataset.papers, dataset.taxonomy, PROBLEMS)
    assert trace.type == "heatmap"
    assert pd.DataFrame(trace.z).to_numpy().sum() == table.to_numpy().sum()
    assert pd.DataFrame(trace.z).size <= 300
    assert "Heatmap of papers per open problem (2 problems)" in fig.layout.meta["alt"]
