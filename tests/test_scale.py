"""Scale as a fault: one bad record among 50,000 is still found and named by its path.

The time is printed (``pytest -s`` or ``-rP`` shows it); the benchmark, not this test, holds the
speed budget, so a busy machine cannot fail the suite.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from alignment_survey.data.validate import validate_dataset

pytestmark = pytest.mark.scale

N_PAPERS = 50_000


@pytest.fixture(scope="module")
def big_data(tmp_path_factory) -> Path:
    synthetic = pytest.importorskip("alignment_survey.data.synthetic")
    return synthetic.write_synthetic_dataset(tmp_path_factory.mktemp("scale") / "data", N_PAPERS)


def test_a_bad_record_hidden_among_50000_is_reported_with_its_path(big_data):
    papers = sorted((big_data / "papers").glob("*.yaml"))
    assert len(papers) == N_PAPERS
    hidden = papers[len(papers) * 2 // 3]
    record = yaml.safe_load(hidden.read_text(encoding="utf-8"))
    record["url"] = "javascript:alert(1)"
    hidden.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")

    started = time.perf_counter()
    report = validate_dataset(big_data)
    elapsed = time.perf_counter() - started

    print(f"validated {N_PAPERS:,} records in {elapsed:.2f} s")
    assert [str(problem) for problem in report.problems] == [
        f"{hidden}: url: 'javascript:alert(1)' must be an http(s) URL"
    ]
    assert len(report.papers) == N_PAPERS - 1
