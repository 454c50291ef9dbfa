"""The introduction's facts: what it glues equals what the records say, for any valid record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from alignment_survey import load_dataset
from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.facts import introduction
from tests.helpers import DATA


def test_facts_count_the_whole_survey():
    survey = load_dataset(DATA)
    facts = introduction.facts(survey)
    papers, taxonomy = survey.papers, survey.taxonomy
    assert facts.n_papers == len(papers) == papers["key"].nunique()
    assert facts.first_year <= facts.last_year
    assert facts.n_dated == papers["month"].notna().sum()
    assert facts.n_branches == taxonomy["parent"].isna().sum()
    assert facts.n_nodes == len(taxonomy)
    assert facts.n_branches_credited == 2  # Cao et al. 2024 and Yu et al. 2025
    reasoning = papers_in(papers, taxonomy, node="reasoning-rl")
    assert facts.n_reasoning == len(reasoning)
    recent = (reasoning["year"] >= facts.reasoning_from).sum()
    assert facts.share_reasoning_recent == f"{round(100 * recent / len(reasoning))}%"


def test_facts_are_plain_values_to_glue():
    facts = introduction.facts(load_dataset(DATA))
    for field in dataclasses.fields(facts):
        assert isinstance(getattr(facts, field.name), (int, str)), field.name


def bare_record(key: str, topic: str, node: str) -> dict:
    """A valid record with nothing optional: no authors, arXiv id, month or DOI."""
    return {
        "key": key,
        "title": f"A bare paper on {topic}",
        "authors": [],
        "year": 2026,
        "venue": "technical report",
        "url": "https://example.org/paper",
        "topics": [topic],
        "taxonomy": [node],
        "source": "https://example.org/paper (read 2026-12-03)",
        "notes": "Test record: the listing names no authors.",
    }


def test_a_bare_record_in_any_branch_keeps_the_facts_computable(small_data: Path):
    taxonomy = yaml.safe_load((small_data / "taxonomy.yaml").read_text(encoding="utf-8"))
    topics = [t["id"] for t in taxonomy["topics"]]
    roots = [n["id"] for n in taxonomy["nodes"] if n.get("parent") is None]
    before = introduction.facts(load_dataset(small_data))
    assert before.share_reasoning_recent == "0%"  # no paper in the branch: a share, not an error
    for number, root in enumerate(roots):
        record = bare_record(f"bare2026paper{number}", topics[number % len(topics)], root)
        path = small_data / "papers" / f"{record['key']}.yaml"
        path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    after = introduction.facts(load_dataset(small_data))
    assert after.n_papers == before.n_papers + len(roots)
    assert after.n_dated == before.n_dated
    assert after.last_year == 2026
    assert after.share_reasoning_recent == "100%"
