"""Facts of the open-weight chapter: computed from the real data, and robust to new papers."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
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


def test_latest_releases_names_the_newest_models_first_with_what_the_table_knows():
    models = load_dataset().models
    text = open_weight_models.latest_releases(models, 3)
    names = [part.split(" (")[0] for part in text.split("; ") if " (" in part]
    dates = [models.loc[models["name"] == name, "release_date"].max() for name in names]
    assert len(names) == 3 and dates == sorted(dates, reverse=True)
    assert dates[0] == models["release_date"].max()
    assert f"({dates[0]:%B %Y}" in text


def test_latest_releases_writes_size_range_active_count_and_licence():
    models = pd.DataFrame(
        {
            "name": ["Dense", "Mixture", "Family"],
            "release_date": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-02-01"]),
            "params_min_b": [7.0, 1600.0, 2.0],
            "params_max_b": [7.0, 1600.0, 30.0],
            "active_params_b": [None, 49.0, None],
            "license": ["Apache 2.0 (as a card copy lists it)", "MIT", None],
        }
    )
    assert open_weight_models.latest_releases(models, 3) == (
        "Mixture (March 2026; 1,600 billion parameters, 49 billion active; MIT); "
        "Family (February 2026; up to 30 billion parameters); "
        "Dense (January 2026; 7 billion parameters; Apache 2.0)"
    )
