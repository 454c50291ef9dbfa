"""The Scalable Oversight chapter's facts: equal to what the records say, defined for any record."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from alignment_survey import load_dataset
from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.facts import scalable_oversight as so


@pytest.fixture(scope="module")
def survey():
    return load_dataset()


def test_facts_count_the_branch(survey):
    facts = so.facts(survey)
    branch = papers_in(survey.papers, survey.taxonomy, node="scalable-oversight")
    assert facts.so_n_papers == len(branch) == len(so.papers(survey))
    assert facts.so_first_year == branch["year"].min()
    assert facts.so_last_year == branch["year"].max()
    assert facts.so_recent_from == facts.so_last_year - 1
    assert facts.so_n_recent == int((branch["year"] >= facts.so_recent_from).sum())
    control = papers_in(branch, survey.taxonomy, node="so-control")
    assert facts.so_n_control == len(control) > 0
    assert 0 < facts.so_n_families <= (survey.taxonomy["parent"] == "scalable-oversight").sum()


def test_shares_are_of_the_newer_families(survey):
    facts = so.facts(survey)
    branch = so.papers(survey)
    newer = so.newer_papers(branch, survey.taxonomy)
    recent = branch[branch["year"] >= facts.so_recent_from]
    part = recent.index.isin(newer.index).sum()
    assert facts.so_share_recent_newer == f"{round(100 * part / len(recent))}%"
    assert facts.so_newer_first_year == newer["year"].min()


def test_every_glued_value_is_text_or_a_number(survey):
    for field in dataclasses.fields(so.facts(survey)):
        assert isinstance(getattr(so.facts(survey), field.name), (int, str)), field.name


def bare_record(key: str, year: int, node: str) -> dict:
    """A valid record with nothing but what the schema requires: no month, authors, arXiv id."""
    return {
        "key": key,
        "title": "A new paper",
        "authors": [],
        "year": year,
        "month": pd.NA,
        "arxiv_id": pd.NA,
        "doi": pd.NA,
        "topics": ["scalable-oversight"],
        "taxonomy": [node],
    }


@pytest.mark.parametrize("node", ["so-control", "so-debate", "eval-oversight-benchmarks"])
def test_a_bare_new_record_keeps_the_facts_defined(survey, node):
    before = so.facts(survey)
    row = bare_record("zz2027new", before.so_last_year + 1, node)
    papers = pd.concat([survey.papers, pd.DataFrame([row])], ignore_index=True)
    after = so.facts(dataclasses.replace(survey, papers=papers))
    inside = node.startswith("so-")
    assert after.so_n_papers == before.so_n_papers + inside
    assert after.so_last_year == before.so_last_year + inside
    assert after.so_n_control == before.so_n_control + (node == "so-control")
