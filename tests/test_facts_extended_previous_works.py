"""Facts of the chapter "Extended Previous Works": counts from the real data, and a new paper of
any kind (any topic, no arXiv id, authors or month) never breaks them."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from alignment_survey import load_dataset
from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.book.facts import extended_previous_works as epw


@pytest.fixture(scope="module")
def survey():
    return load_dataset()


def test_frames_hold_only_the_threads(survey):
    frames, numbers = epw.facts(survey)
    inside = set().union(*(subtree_ids(survey.taxonomy, node) for node in epw.THREADS))
    assert frames.papers["taxonomy"].map(lambda nodes: bool(nodes) and set(nodes) <= inside).all()
    assert numbers.epw_papers == len(frames.papers)
    keys = set(frames.papers["key"])
    for key in ("zhang2025mmrlhf", "konya2023deliberative", "li2025arbllm", "huang2024collective"):
        assert key in keys


def test_numbers_are_glueable_counts_of_the_threads(survey):
    _, numbers = epw.facts(survey)
    for field in dataclasses.fields(numbers):
        assert field.name.startswith("epw_")
        assert isinstance(getattr(numbers, field.name), int), field.name
    assert 0 < numbers.epw_mm_hallucination <= numbers.epw_mm <= numbers.epw_papers
    assert 0 < numbers.epw_mm_recent <= numbers.epw_mm
    assert numbers.epw_mm_first_year <= numbers.epw_recent_from <= numbers.epw_mm_last_year
    assert numbers.epw_mm_direct > 0 and numbers.epw_collective > 0 and numbers.epw_adjacent >= 2


@pytest.mark.parametrize(
    ("topic", "node", "changed"),
    [
        (
            "multimodal-alignment",
            "mm-reward-models",
            {"epw_papers", "epw_mm", "epw_mm_reward_models"},
        ),
        ("automated-alignment", "aa-human-collective", {"epw_papers", "epw_collective"}),
        ("adjacent", "adj-compression", {"epw_papers", "epw_adjacent"}),
        ("scalable-oversight", "so-debate", set()),
    ],
)
def test_a_new_paper_without_arxiv_id_authors_or_month_changes_only_its_counts(
    tmp_path: Path, survey, topic, node, changed
):
    data_dir = tmp_path / "data"
    shutil.copytree(survey.data_dir, data_dir)
    record = {
        "key": "nobody2026new",
        "title": "A new paper",
        "year": 2026,
        "venue": "arXiv",
        "topics": [topic],
        "taxonomy": [node],
        "authors": [],
        "url": "https://example.org/new",
        "source": "test record",
        "notes": "Authors unknown: a test record.",
    }
    (data_dir / "papers" / "nobody2026new.yaml").write_text(yaml.safe_dump(record))
    _, before = epw.facts(survey)
    _, after = epw.facts(load_dataset(data_dir))
    differ = {
        f.name
        for f in dataclasses.fields(before)
        if getattr(before, f.name) != getattr(after, f.name)
    }
    extra = {"epw_mm_recent", "epw_mm_last_year"} if topic == "multimodal-alignment" else set()
    assert changed <= differ <= changed | extra
