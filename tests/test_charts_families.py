"""The family-by-year heatmap: its cells are the papers of each family and year."""

from __future__ import annotations

import pandas as pd
import pytest

from alignment_survey import charts, load_dataset
from alignment_survey.analysis.selection import papers_in
from alignment_survey.charts.families import family_year_counts

ROOT = "scalable-oversight"


@pytest.fixture(scope="module")
def survey():
    return load_dataset()


def test_cells_count_the_papers_of_each_family_and_year(survey):
    table = family_year_counts(survey.papers, survey.taxonomy, ROOT)
    children = survey.taxonomy.loc[survey.taxonomy["parent"] == ROOT, "id"].tolist()
    assert table.index.tolist() == children
    for node in children:
        placed = papers_in(survey.papers, survey.taxonomy, node=node)
        assert table.loc[node].sum() == len(placed), node
        for year, count in placed["year"].value_counts().items():
            assert table.at[node, int(year)] == count


def test_years_run_without_gaps_over_the_branch(survey):
    table = family_year_counts(survey.papers, survey.taxonomy, ROOT)
    branch = papers_in(survey.papers, survey.taxonomy, node=ROOT)
    assert table.columns.tolist() == list(range(branch["year"].min(), branch["year"].max() + 1))


def test_the_figure_shows_the_table_and_is_labelled(survey):
    fig = charts.family_years(survey.papers, survey.taxonomy, ROOT, title="T")
    trace = fig.data[0]
    table = family_year_counts(survey.papers, survey.taxonomy, ROOT)
    assert [list(row) for row in trace.z] == table.to_numpy().tolist()
    assert len(trace.y) == len(table.index) and fig.layout.title.text == "T"
    assert "Heatmap" in fig.layout.meta["alt"]
    assert len(trace.y) * len(trace.x) <= 300  # a light chart


def test_a_small_case_counts_a_paper_in_each_of_its_families(survey):
    papers = pd.DataFrame(
        {
            "key": ["a", "b", "c"],
            "year": pd.array([2020, 2022, 2022], dtype="Int64"),
            "taxonomy": [["so-debate", "so-control"], ["so-debate"], ["llm-as-judge"]],
        }
    )
    table = family_year_counts(papers, survey.taxonomy, ROOT)
    assert table.columns.tolist() == [2020, 2021, 2022]
    assert table.at["so-debate", 2020] == 1 and table.at["so-control", 2020] == 1
    assert table.at["so-debate", 2022] == 1 and table.loc[:, 2021].sum() == 0
    assert table.to_numpy().sum() == 3
