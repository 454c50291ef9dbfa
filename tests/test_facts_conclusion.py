"""Facts of the Conclusion: counts equal the data, and a new paper in any topic breaks nothing."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from alignment_survey import load_dataset
from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.facts import conclusion
from alignment_survey.charts.open_problems import problem_year_counts


def test_facts_are_glueable_values_with_the_chapter_prefix(dataset):
    facts = conclusion.facts(dataset)
    for field in dataclasses.fields(facts):
        assert field.name.startswith("cn_")
        value = getattr(facts, field.name)
        assert isinstance(value, int | str) and len(str(value)) < 40, field.name


def test_the_chapter_papers_are_those_on_the_problem_nodes(dataset):
    chosen = conclusion.papers(dataset)
    expected = set()
    for nodes in conclusion.PROBLEMS.values():
        for node in nodes:
            expected |= set(papers_in(dataset.papers, dataset.taxonomy, node=node)["key"])
    assert set(chosen["key"]) == expected and chosen["key"].is_unique
    assert all(nodes for nodes in chosen["taxonomy"])  # every paper keeps a node of a problem
    assert {"betley2025emergent", "needham2025large", "tamirisa2025tamperresistant"} <= expected
    both = chosen.set_index("key").at["baker2025monitoring", "taxonomy"]
    assert both == ["af-reward-hacking", "so-cot-monitoring"]  # in the order of PROBLEMS


def test_facts_count_what_the_captions_say(dataset):
    facts = conclusion.facts(dataset)
    chosen = conclusion.papers(dataset)
    assert facts.cn_n_papers == len(chosen)
    assert facts.cn_n_recent == (chosen["year"] >= facts.cn_recent_from).sum()
    assert len(conclusion.PROBLEMS) == 7
    table = problem_year_counts(dataset.papers, dataset.taxonomy, conclusion.PROBLEMS)
    assert table.columns[-1] == str(facts.cn_last_year)
    assert f"before {facts.cn_since}" in table.columns


@pytest.mark.parametrize(
    ("topic", "node"),
    [
        ("alignment-failures", "af-evaluation-awareness"),
        ("scalable-oversight", "so-debate"),
        ("open-weight-safety", "ow-safeguards"),
        ("multimodal-alignment", "mm-safety"),
    ],
)
def test_a_new_paper_without_arxiv_id_authors_or_month_changes_only_its_counts(
    tmp_path: Path, topic: str, node: str
):
    data_dir = tmp_path / "data"
    shutil.copytree(load_dataset().data_dir, data_dir)
    record = {
        "key": "nobody2026new",
        "title": "A new paper dated only by year",
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
    before = conclusion.facts(load_dataset())
    grown = load_dataset(data_dir)
    after = conclusion.facts(grown)
    inside = node.startswith(("af-", "so-", "ow-"))
    assert after == dataclasses.replace(
        before,
        cn_n_papers=before.cn_n_papers + inside,
        cn_n_recent=before.cn_n_recent + inside,
    )
    old = problem_year_counts(load_dataset().papers, grown.taxonomy, conclusion.PROBLEMS)
    new = problem_year_counts(grown.papers, grown.taxonomy, conclusion.PROBLEMS)
    assert int((new - old).to_numpy().sum()) == int(inside)
    assert int((new - old)["2026"].sum()) == int(inside)
