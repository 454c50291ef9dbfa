"""Loading: one call gives typed DataFrames that agree with the record files."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from alignment_survey import load_dataset
from alignment_survey.data.load import post_training_methods
from alignment_survey.data.problems import DatasetError
from alignment_survey.data.schema import POST_TRAINING
from tests.helpers import DATA


def test_papers_have_one_row_per_record_file(dataset):
    files = sorted(p.stem for p in (DATA / "papers").glob("*.yaml"))
    assert sorted(dataset.papers["key"]) == files
    assert len(files) >= 460


def test_paper_columns_have_proper_dtypes(dataset):
    papers = dataset.papers
    assert papers["year"].dtype == "Int64"
    assert papers["month"].dtype == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(papers["date"])
    assert isinstance(papers["venue"].dtype, pd.CategoricalDtype)
    assert papers["authors"].map(lambda a: isinstance(a, list)).all()
    assert papers["taxonomy"].map(lambda t: isinstance(t, list) and t).all()


def test_a_record_loads_as_written(dataset):
    record = yaml.safe_load((DATA / "papers" / "cao2024scalable.yaml").read_text())
    row = dataset.papers.set_index("key").loc["cao2024scalable"]
    assert row["title"] == record["title"]
    assert row["authors"] == record["authors"]
    assert row["date"] == pd.Timestamp(record["year"], record["month"], 1)
    assert row["seed"] == 1
    assert row["branches"] == ["surveys"]


def test_all_ten_seed_references_are_numbered(dataset):
    seeds = dataset.papers.dropna(subset=["seed"]).sort_values("seed")
    assert seeds["seed"].tolist() == list(range(1, 11))


def test_authors_unknown_or_incomplete_are_flagged(dataset):
    papers = dataset.papers
    unknown = papers[papers["authors"].str.len() == 0]
    assert (unknown["n_authors_known"] == 0).all() and unknown["first_author"].isna().all()
    truncated = papers[papers["authors"].map(lambda a: bool(a) and a[-1] == "others")]
    assert not truncated["authors_complete"].any()


def test_taxonomy_paths_lead_from_a_root(dataset):
    taxonomy = dataset.taxonomy.set_index("id")
    assert taxonomy.at["aa-rgd-math", "path"] == [
        "automated-alignment",
        "aa-behaviour-imitation",
        "aa-response-distillation",
        "aa-rgd-math",
    ]
    assert taxonomy.at["aa-rgd-math", "depth"] == 3
    assert taxonomy.at["automated-alignment", "credit"] == "cao2024scalable"


def test_models_parameter_ranges_are_parsed(dataset):
    t5 = dataset.models.set_index("name").loc["T5"]
    assert (t5["params_min_b"], t5["params_max_b"]) == (0.06, 11.0)
    assert set(dataset.models["openness"].cat.categories) == {"open weights", "proprietary"}


def test_scores_keep_unsettled_openness_as_missing(dataset):
    assert dataset.scores["open_weights"].dtype == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(dataset.scores["as_of"])


def test_models_carry_active_parameters_and_post_training(dataset):
    models = dataset.models
    assert models["active_params_b"].dtype == "Float64"
    sized = models.dropna(subset=["active_params_b"])
    assert (sized["active_params_b"] <= sized["params_max_b"]).all()
    methods = post_training_methods(models)
    assert methods.map(lambda m: set(m) <= set(POST_TRAINING)).all()
    assert (methods.map(len) == 0).eq(models["post_training"].isna()).all()


def test_scores_and_benchmarks_carry_kind_and_life(dataset):
    assert list(dataset.scores["kind"].cat.categories) == ["independent", "self-reported"]
    assert dataset.scores["kind"].notna().all()
    for column in ("first_snapshot", "last_snapshot"):
        assert dataset.benchmarks[column].dropna().str.fullmatch(r"\d{4}-\d\d").all()


def test_loading_an_invalid_dataset_raises_with_every_problem(small_data):
    path = small_data / "papers" / "irving2018ai.yaml"
    path.write_text(
        path.read_text().replace("year: 2018", "year: 1800").replace("month: 5", "month: 13")
    )
    with pytest.raises(DatasetError) as error:
        load_dataset(small_data)
    fields = {p.field for p in error.value.problems}
    assert {"year", "month"} <= fields


def test_atomic_writes_leave_readable_files(tmp_path):
    from alignment_survey.files.atomic import write_text_atomic

    target = tmp_path / "new.txt"
    write_text_atomic(target, "text")
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o664)
    write_text_atomic(target, "more")
    assert target.stat().st_mode & 0o777 == 0o664 and target.read_text() == "more"
