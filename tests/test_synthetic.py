"""The synthetic dataset generator: valid, deterministic, and shaped like the real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_survey import load_dataset
from alignment_survey.data.synthetic import write_synthetic_dataset
from alignment_survey.data.validate import validate_dataset


def test_a_small_synthetic_dataset_is_valid_and_complete(tmp_path: Path):
    folder = write_synthetic_dataset(tmp_path / "data", 300, seed=1)
    report = validate_dataset(folder)
    assert report.problems == []
    assert len(report.papers) == 300
    assert len({paper.arxiv_id for paper in report.papers if paper.arxiv_id}) == sum(
        1 for paper in report.papers if paper.arxiv_id
    )
    assert report.seeds and report.models and report.scores and report.benchmarks
    papers = load_dataset(folder).papers
    assert papers["month"].isna().any() and papers["month"].notna().any()
    assert (~papers["authors_complete"]).any()


def test_the_same_seed_gives_the_same_files_and_another_seed_does_not(tmp_path: Path):
    def contents(folder: Path) -> dict[str, str]:
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))}

    first = contents(write_synthetic_dataset(tmp_path / "a", 50, seed=7))
    again = contents(write_synthetic_dataset(tmp_path / "b", 50, seed=7))
    other = contents(write_synthetic_dataset(tmp_path / "c", 50, seed=8))
    assert first == again
    assert first != other


def test_a_folder_that_holds_files_is_not_overwritten(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not empty"):
        write_synthetic_dataset(folder, 10)
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
