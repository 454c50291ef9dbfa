"""Summaries glued into the chapters agree with direct counts on the data."""

from __future__ import annotations

import pandas as pd

from alignment_survey.analysis import stats


def test_coverage_counts_the_gaps(dataset):
    papers = dataset.papers
    result = stats.coverage(papers)
    assert result["papers"] == len(papers)
    assert result["no_authors"] == sum(
        len([a for a in x if a != "others"]) == 0 for x in papers["authors"]
    )
    assert result["no_month"] == papers["month"].isna().sum()
    no_authors = papers[papers["n_authors_known"] == 0]
    assert result["no_authors_no_arxiv"] == no_authors["arxiv_id"].isna().sum()
    dateable = [
        f"{year % 100:02d}" == str(arxiv_id)[:2]
        for year, month, arxiv_id in zip(
            papers["year"], papers["month"], papers["arxiv_id"], strict=True
        )
        if pd.isna(month) and isinstance(arxiv_id, str) and arxiv_id[:4].isdigit()
    ]
    assert result["no_month_refreshable"] == sum(dateable) < result["no_month"]
    assert result["first_year"] <= result["last_year"]


def test_children_counts_match_papers_placed_below_each_child(dataset):
    table = stats.children_counts(dataset.papers, dataset.taxonomy, "scalable-oversight")
    debate = table.set_index("id").at["so-debate", "papers"]
    assert debate == dataset.papers["taxonomy"].map(lambda nodes: "so-debate" in nodes).sum()
    assert list(table["papers"]) == sorted(table["papers"], reverse=True)


def test_papers_per_branch_counts_each_paper_once_per_branch(dataset):
    table = stats.papers_per_branch(dataset.papers, dataset.taxonomy).set_index("id")
    expected = dataset.papers["branches"].explode().value_counts()
    assert table["papers"].to_dict() == expected.to_dict()


def test_growth_compares_two_periods(dataset):
    table = stats.growth(dataset.papers, dataset.taxonomy, range(2022, 2023), range(2024, 2025))
    row = table.set_index("id").loc["scalable-oversight"]
    in_branch = dataset.papers[dataset.papers["branches"].map(lambda b: "scalable-oversight" in b)]
    assert row["early"] == (in_branch["year"] == 2022).sum()
    assert row["late"] == (in_branch["year"] == 2024).sum()
    dated = in_branch[(in_branch["year"] == 2024) & in_branch["month"].notna()]
    assert row["late_until"] == dated["date"].max()
    assert stats.share(1, 4) == "25%" and stats.share(0, 0) == "0%"


def test_licence_family_sorts_licences_as_written():
    family = stats.licence_family
    assert family("Apache 2.0") == family("apache-2.0") == family("MIT") == "open licence"
    assert family("Apache 2.0, CC BY-SA-3.0") == family("BSD-3-Clause") == "open licence"
    assert (
        family("OpenRAIL-M v1")
        == family("CC-BY-NC (and an acceptable use policy)")
        == "use-restricted"
    )
    assert family("Modified MIT") == family("Modified MIT License") == "developer's own"
    assert family("Apache 2.0 with usage restriction inherited from BLOOM") == "use-restricted"
    assert family("Custom Apache 2.0") == family("LLaMA 2 license") == "developer's own"
    assert (
        family("Gemma Terms of Use")
        == family("Meta Llama 3 Community License Agreement")
        == "developer's own"
    )
    assert family(None) == family("") == "not recorded"
    assert family("Custom (https://x/LICENSE)") in stats.LICENCE_FAMILIES


def test_from_list_counts_the_papers_a_source_list_gave(dataset):
    papers = dataset.papers
    given = stats.from_list(papers, "icip-cas/awesome-auto-alignment")
    assert given == sum("icip-cas/awesome-auto-alignment" in source for source in papers["source"])
    assert 0 < given < len(papers) and stats.from_list(papers, "no/such-list") == 0
