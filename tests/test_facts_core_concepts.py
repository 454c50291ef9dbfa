"""The facts of the chapter "Core Concepts of LLM Alignment": counts from the real data, and
records of any kind (any topic, no arXiv id, authors or month) never break them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from alignment_survey import load_dataset
from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.book.facts import core_concepts
from alignment_survey.charts import taxonomy_sunburst, timeline
from alignment_survey.data.synthetic import write_synthetic_dataset
from tests.helpers import DATA


@pytest.fixture(scope="module")
def survey():
    return load_dataset(DATA)


def test_frames_hold_only_the_three_branches(survey):
    frames, numbers = core_concepts.facts(survey)
    inside = set().union(*(subtree_ids(survey.taxonomy, b) for b in core_concepts.BRANCHES))
    assert frames.papers["taxonomy"].map(lambda nodes: bool(nodes) and set(nodes) <= inside).all()
    assert numbers.cc_papers == len(frames.papers) == frames.papers["key"].nunique()
    # the papers the chapter cites in its sections are among them
    for key in ("gao2023scaling", "rafailov2023direct", "yue2025reinforcement", "lee2024rlaif"):
        assert key in set(frames.papers["key"])
    assert {"zheng2023judging", "wang2024large"} <= set(frames.judges["key"])


def test_numbers_are_counts_of_the_branches(survey):
    _, numbers = core_concepts.facts(survey)
    parts = numbers.cc_po_papers, numbers.cc_rr_papers, numbers.cc_aa_papers
    assert all(part > 0 for part in parts)
    assert max(parts) <= numbers.cc_papers <= sum(parts)
    assert 0 < numbers.cc_rr_recent <= numbers.cc_rr_papers
    assert 0 < numbers.cc_po_before <= numbers.cc_po_papers
    assert numbers.cc_rr_recent_from == core_concepts.RECENT_FROM
    values = dataclasses.asdict(numbers).values()
    assert all(isinstance(value, int | str) for value in values), "only glue-able values"


def test_a_bare_record_in_any_topic_changes_numbers_not_the_chapter(survey):
    _, before = core_concepts.facts(survey)
    nodes = survey.taxonomy["id"].tolist()
    bare = pd.DataFrame(
        {
            "key": [f"bare{i}" for i in range(len(nodes))],
            "title": [f"A paper on {node}" for node in nodes],
            "year": 2026,
            "month": pd.NA,
            "arxiv_id": pd.NA,
            "venue": "arXiv",
            "taxonomy": [[node] for node in nodes],
        }
    )
    papers = pd.concat([survey.papers, bare], ignore_index=True)
    papers["date"] = pd.to_datetime(papers["year"].astype(str) + "-01-01")
    grown = dataclasses.replace(survey, papers=papers)
    frames, after = core_concepts.facts(grown)
    assert after.cc_papers > before.cc_papers
    assert after.cc_judges > before.cc_judges
    assert after.cc_rr_recent == before.cc_rr_recent + len(
        subtree_ids(survey.taxonomy, "reasoning-rl")
    )
    taxonomy_sunburst(frames.papers, survey.taxonomy)
    timeline(frames.papers, survey.taxonomy)


def test_a_synthetic_collection_gives_facts_and_charts(tmp_path):
    survey = load_dataset(write_synthetic_dataset(tmp_path / "data", 150, seed=3))
    frames, numbers = core_concepts.facts(survey)
    assert numbers.cc_papers == len(frames.papers) > 0
    taxonomy_sunburst(frames.papers, survey.taxonomy)
    timeline(frames.papers, survey.taxonomy)
    taxonomy_sunburst(frames.judges, survey.taxonomy, root=core_concepts.JUDGE_BRANCH)
