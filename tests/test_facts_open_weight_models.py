"""Facts of the open-weight chapter: computed from the real data, and robust to new papers."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import yaml

from alignment_survey import load_dataset
from alignment_survey.book.facts import open_weight_models


def test_facts_are_glueable_values_with_the_chapter_prefix():
    facts = open_weight_models.facts(load_dataset())
    for field in dataclasses.fields(facts):
        assert field.name.startswith("ow_")
        assert isinstance(getattr(facts, field.name), int | str), field.name


def test_arena_facts_match_the_scores():
    data = load_dataset()
    facts = open_weight_models.facts(data)
    arena = data.scores[
        (data.scores["benchmark"] == "Chatbot Arena") & data.scores["open_weights"].notna()
    ]
    assert facts.ow_arena_n == arena["as_of"].nunique()
    first = arena[arena["as_of"] == arena["as_of"].min()].groupby("open_weights")["score"].max()
    assert facts.ow_arena_gap_first == f"{first[False] - first[True]:.0f}"


def test_papers_are_the_open_weight_branch():
    data = load_dataset()
    papers = open_weight_models.papers(data)
    assert len(papers) == open_weight_models.facts(data).ow_n_papers
    assert "tamirisa2025tamperresistant" in set(papers["key"])


def test_a_new_paper_without_arxiv_id_or_authors_changes_nothing(tmp_path: Path):
    data_dir = tmp_path / "data"
    shutil.copytree(load_dataset().data_dir, data_dir)
    record = {
        "key": "nobody2026new",
        "title": "A new paper on open weights",
        "year": 2026,
        "venue": "arXiv",
        "topics": ["open-weight-safety"],
        "taxonomy": ["ow-safeguards"],
        "authors": [],
        "url": "https://example.org/new",
        "source": "test record",
        "notes": "Authors unknown: a test record.",
    }
    (data_dir / "papers" / "nobody2026new.yaml").write_text(yaml.safe_dump(record))
    before = open_weight_models.facts(load_dataset())
    after = open_weight_models.facts(load_dataset(data_dir))
    assert after.ow_n_papers == before.ow_n_papers + 1
    assert dataclasses.replace(after, ow_n_papers=before.ow_n_papers) == before
