"""Papers per branch and year: each cell counts the distinct papers of a branch in a year."""

from __future__ import annotations

import pandas as pd

from alignment_survey import charts
from alignment_survey.charts.branches import branch_year_counts


def test_cells_count_distinct_papers_per_branch_and_year(dataset):
    papers, taxonomy = dataset.papers, dataset.taxonomy
    table = branch_year_counts(papers, taxonomy, since=2017)
    labels = taxonomy.set_index("id")["label"]
    for branch in ("scalable-oversight", "reasoning-rl"):
        inside = papers[papers["branches"].map(lambda b, branch=branch: branch in b)]
        assert table.loc[labels[branch]].sum() == len(inside)
        assert table.at[labels[branch], "2024"] == (inside["year"] == 2024).sum()
    early = papers["year"] < 2017
    assert table["before 2017"].sum() == papers.loc[early, "branches"].map(len).sum()


def test_heatmap_draws_the_table_and_stays_small(dataset):
    fig = charts.branch_years(dataset.papers, dataset.taxonomy)
    trace = fig.data[0]
    assert trace.type == "heatmap"
    table = branch_year_counts(dataset.papers, dataset.taxonomy)
    assert pd.DataFrame(trace.z).to_numpy().sum() == table.to_numpy().sum()
    assert pd.DataFrame(trace.z).size <= 300
    assert "Heatmap of papers per branch" in fig.layout.meta["alt"]


def test_no_paper_before_the_first_year_means_no_early_column(dataset):
    recent = dataset.papers[dataset.papers["year"] >= 2020]
    table = branch_year_counts(recent, dataset.taxonomy, since=2020)
    assert "before 2020" not in table.columns
    assert list(table.columns)[0] == "2020"
