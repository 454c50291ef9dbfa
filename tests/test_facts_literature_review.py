"""Facts of the Literature Review chapter: counts equal the data, and new records never break them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.facts import literature_review


def test_the_chapter_papers_are_the_surveys_benchmarks_and_meta_evaluations(dataset):
    chosen = literature_review.papers(dataset)
    expected = set()
    for node in literature_review.SCOPE:
        expected |= set(papers_in(dataset.papers, dataset.taxonomy, node=node)["key"])
    assert set(chosen["key"]) == expected
    assert chosen["key"].is_unique
    assert all(nodes for nodes in chosen["taxonomy"])  # every paper keeps a node in scope
    surveys = set(papers_in(dataset.papers, dataset.taxonomy, node="surveys")["key"])
    first = chosen.set_index("key")["taxonomy"].str[0]
    assert all(first[key] in {"surveys", "sv-alignment", "sv-judge"} for key in surveys)


def test_facts_count_what_the_prose_says(dataset):
    facts = literature_review.facts(dataset)
    surveys = papers_in(dataset.papers, dataset.taxonomy, node="surveys")
    assert facts.lr_n_surveys == len(surveys)
    assert facts.lr_n_surveys + facts.lr_n_benchmarks == facts.lr_n_papers
    assert facts.lr_n_arena_snapshots >= 2
    assert facts.lr_arena_first_gap > 0 and facts.lr_arena_last_gap > 0
    assert facts.lr_arena_first == "June 2023"


def test_every_field_is_a_number_or_a_short_string(dataset):
    for field in dataclasses.fields(literature_review.facts(dataset)):
        value = getattr(literature_review.facts(dataset), field.name)
        assert isinstance(value, int | str) and len(str(value)) < 40, field.name


@pytest.mark.parametrize(
    "topic", ["llm-as-judge", "evaluation", "scalable-oversight", "reasoning-rl"]
)
def test_a_bare_new_record_in_any_topic_keeps_the_facts_computable(dataset, topic):
    taxonomy = dataset.taxonomy
    node = taxonomy[(taxonomy["root"] == topic) & taxonomy["parent"].notna()]["id"].iloc[0]
    for placed in (["surveys"], [node]):
        row = dataset.papers.iloc[0].copy()
        row["key"], row["title"], row["year"] = "nobody2026bare", "A bare record", 2026
        row["month"], row["arxiv_id"], row["authors"] = pd.NA, pd.NA, []
        row["taxonomy"], row["topics"] = placed, [topic]
        grown = dataclasses.replace(
            dataset, papers=pd.concat([dataset.papers, row.to_frame().T], ignore_index=True)
        )
        before, after = literature_review.facts(dataset), literature_review.facts(grown)
        in_surveys = placed == ["surveys"]
        assert after.lr_n_surveys == before.lr_n_surveys + in_surveys
        assert after.lr_n_papers >= before.lr_n_papers + in_surveys
