"""Any valid record builds: every chapter runs on the dataset plus new records, or stops on a guard.

The chapters run as notebooks (nbclient, one kept-up kernel per page), not through Sphinx, so
that each new record costs a few seconds rather than a book build.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from alignment_survey.data.records import write_record
from tests.helpers import DATA, ROOT, ChapterKernels

NO_ARXIV_ID = {  # issue 17's second reproduction: valid, but it broke "all N have an arXiv id"
    "key": "smith2026oversight",
    "title": "Oversight without an arXiv identifier",
    "authors": ["Jane Smith"],
    "year": 2025,
    "venue": "A Workshop on Oversight",
    "url": "https://example.org/smith2026oversight",
    "topics": ["scalable-oversight"],
    "taxonomy": ["so-debate"],
    "source": "tests/test_any_record.py",
}


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    """A copy of the dataset, beside the book's citation metadata as in the repository."""
    folder = tmp_path_factory.mktemp("any-record")
    shutil.copy(ROOT / "CITATION.cff", folder)
    return Path(shutil.copytree(DATA, folder / "data"))


@pytest.fixture(scope="module")
def kernels(data_copy) -> Iterator[ChapterKernels]:
    with ChapterKernels(data_copy) as running:
        yield running


def test_every_page_runs_on_the_dataset(kernels):
    assert kernels.failures() == {}


def test_a_scalable_oversight_paper_without_an_arxiv_id_runs_every_chapter(kernels, data_copy):
    path = write_record(data_copy / "papers", NO_ARXIV_ID)
    try:
        assert kernels.failures() == {}
    finally:
        path.unlink()
