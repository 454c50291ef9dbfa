"""Validation: every way a record, the taxonomy or a table can be wrong gives one clear line.

Each test breaks one thing of the ``small_data`` fixture (a valid five-record dataset) and checks
the line a contributor would read: ``path: field: what is wrong``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from alignment_survey.data.records import read_record_file
from alignment_survey.data.validate import validate_dataset, validate_record_file
from tests.helpers import DATA, ROOT

PAPERS = "papers"
THIS_YEAR = dt.date.today().year


# --- helpers --------------------------------------------------------------------------------


def problems(data: Path) -> list[str]:
    return [str(problem) for problem in validate_dataset(data).problems]


def the_problem(data: Path) -> str:
    """The one problem the dataset has (a test breaks exactly one thing)."""
    found = problems(data)
    assert len(found) == 1, found
    return found[0]


def record_file(data: Path, key: str) -> Path:
    return data / PAPERS / f"{key}.yaml"


def edit_record(data: Path, name: str, **changes: object) -> Path:
    """Rewrite record ``name`` with some fields changed (``None`` removes a field)."""
    path = record_file(data, name)
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    for field, value in changes.items():
        if value is None:
            record.pop(field, None)
        else:
            record[field] = value
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def edit_taxonomy(data: Path, change) -> Path:
    path = data / "taxonomy.yaml"
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(taxonomy)
    path.write_text(yaml.safe_dump(taxonomy, sort_keys=False), encoding="utf-8")
    return path


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV table (``row`` 0 is the first data row, line 2 of the file)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows[row][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def node_index(taxonomy: dict, node_id: str) -> int:
    return next(i for i, node in enumerate(taxonomy["nodes"]) if node["id"] == node_id)


# --- the real dataset -----------------------------------------------------------------------


def test_the_real_dataset_is_valid():
    report = validate_dataset(DATA)
    assert report.problems == []
    assert len(report.papers) == len(list((DATA / PAPERS).glob("*.yaml")))


def test_the_small_fixture_is_valid(small_data):
    assert problems(small_data) == []


# --- records: files that are not records ----------------------------------------------------


def test_a_yaml_syntax_error_names_line_and_column(small_data):
    path = record_file(small_data, "irving2018ai")
    text = path.read_text(encoding="utf-8").replace("title: AI safety", "title: Debate: AI safety")
    path.write_text(text, encoding="utf-8")
    assert the_problem(small_data) == (
        f"{path}: -: YAML syntax error at line 2, column 14: mapping values are not allowed "
        "in this context (a value holding ': ' needs quotes)"
    )


def test_a_tab_for_indentation(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text(
        path.read_text(encoding="utf-8").replace("- Paul", "\t- Paul"), encoding="utf-8"
    )
    line = the_problem(small_data)
    assert line.startswith(f"{path}: -: YAML syntax error at line 5, column 1: ")
    assert "indent with spaces" in line


def test_bytes_that_are_not_utf8(small_data):
    path = record_file(small_data, "irving2018ai")
    text = path.read_bytes()
    path.write_bytes(text.replace(b"AI safety", b"AI s\xe4fety"))  # Latin-1, as an old editor saves
    position = text.index(b"AI safety") + 4
    assert the_problem(small_data) == (
        f"{path}: -: not UTF-8 text (byte {position}): save it as UTF-8"
    )


def test_an_empty_file(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text("# nothing here yet\n", encoding="utf-8")
    assert the_problem(small_data) == f"{path}: -: empty file: expected a mapping of fields"


def test_a_list_instead_of_a_mapping(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text("- key: irving2018ai\n- title: AI safety via debate\n", encoding="utf-8")
    assert the_problem(small_data) == f"{path}: -: expected a mapping of fields, found a list"


def test_a_field_given_twice(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text(path.read_text(encoding="utf-8") + "year: 2019\n", encoding="utf-8")
    line = the_problem(small_data)
    assert line.startswith(f"{path}: year: appears twice (again at line ")


def test_a_file_that_is_not_a_yaml_record(small_data):
    stray = small_data / PAPERS / "irving2019ai.yml"
    shutil.copy(record_file(small_data, "irving2018ai"), stray)
    hidden = small_data / PAPERS / ".irving2018ai.yaml.swp"  # editor files are not records
    hidden.write_bytes(b"\x00swap")
    assert the_problem(small_data) == (
        f"{stray}: -: not a record: this folder holds only <key>.yaml files"
    )


def test_a_link_is_not_followed(small_data, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("API_TOKEN: hunter2\n")
    link = small_data / PAPERS / "leak2024secret.yaml"
    link.symlink_to(secret)
    assert the_problem(small_data) == f"{link}: -: a link: this folder holds only <key>.yaml files"


def test_a_huge_file(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text(path.read_text(encoding="utf-8") + "notes: '" + "x" * 70_000 + "'\n")
    assert the_problem(small_data) == f"{path}: -: file of more than 65,536 bytes: not a record"


def test_deep_nesting_is_refused_before_it_can_crash_the_parser(small_data):
    path = record_file(small_data, "irving2018ai")
    path.write_text("key: irving2018ai\ntitle: " + "[" * 30_000 + "]" * 30_000 + "\n")
    assert the_problem(small_data) == (
        f"{path}: -: nested 30001 levels deep: fields hold text, numbers or lists"
    )


def test_yaml_tags_never_run_code(small_data, tmp_path):
    path = record_file(small_data, "irving2018ai")
    marker = tmp_path / "pwned"
    path.write_text(f"key: !!python/object/apply:os.system ['touch {marker}']\n")
    line = the_problem(small_data)
    assert line.startswith(f"{path}: -: YAML syntax error at line 1, column 6: ")
    assert not marker.exists()


def test_an_alias_loop_is_reported_not_followed(small_data):
    path = record_file(small_data, "irving2018ai")
    text = path.read_text(encoding="utf-8").replace("topics:\n", "topics: &loop\n- *loop\n", 1)
    path.write_text(text)
    assert the_problem(small_data).startswith(f"{path}: topics.0: input should be a valid string")


# --- records: fields ------------------------------------------------------------------------


def test_key_different_from_the_file_name(small_data):
    path = edit_record(small_data, "irving2018ai", key="irving2018debate")
    assert the_problem(small_data) == (
        f"{path}: key: 'irving2018debate' differs from the file name 'irving2018ai'"
    )


def test_two_records_whose_names_differ_only_in_case(small_data):
    original = record_file(small_data, "irving2018ai")
    twin = small_data / PAPERS / "Irving2018ai.yaml"
    if twin.exists():
        pytest.skip("this file system ignores case")
    shutil.copy(original, twin)
    found = problems(small_data)
    assert f"{original}: key: differs only in case from Irving2018ai.yaml" in found
    assert f"{twin}: key: differs only in case from irving2018ai.yaml" in found


def test_two_records_with_the_same_arxiv_id(small_data):
    ours = edit_record(small_data, "ouyang2022training", arxiv_id="1805.00899")
    theirs = record_file(small_data, "irving2018ai")
    assert sorted(problems(small_data)) == sorted(
        [
            f"{ours}: arxiv_id: '1805.00899' is also in irving2018ai.yaml",
            f"{theirs}: arxiv_id: '1805.00899' is also in ouyang2022training.yaml",
        ]
    )


@pytest.mark.parametrize("value", ["arXiv:1805.00899", "1805.00899v2", "1805.899", "hep-th/99"])
def test_a_malformed_arxiv_id(small_data, value):
    path = edit_record(small_data, "irving2018ai", arxiv_id=value)
    assert the_problem(small_data) == (
        f"{path}: arxiv_id: {value!r} is not an arXiv id without version "
        "(like 2406.01252 or hep-th/9901001)"
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (
            "2406.1252",
            "'2406.1252' has 4 digits after the dot: ids from 1501 (January 2015) have 5",
        ),
        (
            "1412.12345",
            "'1412.12345' has 5 digits after the dot: ids up to 1412 (December 2014) have 4",
        ),
        ("2413.01252", "'2413.01252': 13 in its YYMM is not a month (01 to 12)"),
        ("1800.0899", "'1800.0899': 00 in its YYMM is not a month (01 to 12)"),
        ("0612.1234", "'0612.1234': new-style arXiv ids begin in April 2007 (0704)"),
        ("5001.00001", "'5001.00001': its YYMM 5001 is after this month"),  # not 1950: 2050
    ],
)
def test_an_arxiv_id_impossible_for_its_period(small_data, value, why):
    path = edit_record(small_data, "irving2018ai", arxiv_id=value, year=2024)
    assert the_problem(small_data) == f"{path}: arxiv_id: {why}"


def test_a_year_before_the_year_of_the_arxiv_id(small_data):
    path = edit_record(small_data, "irving2018ai", year=2017)  # arXiv 1805.00899
    assert the_problem(small_data) == (
        f"{path}: year: 2017 is before 2018, the year of its arXiv id '1805.00899'"
    )


def test_a_december_paper_may_carry_a_january_id_of_the_next_year(small_data):
    edit_record(small_data, "irving2018ai", arxiv_id="1901.00001", year=2018, month=12)
    assert validate_dataset(small_data).ok
    path = edit_record(small_data, "irving2018ai", arxiv_id="1901.00001", year=2018, month=11)
    assert the_problem(small_data) == (
        f"{path}: year: 2018 is before 2019, the year of its arXiv id '1901.00001'"
    )


def test_an_old_style_arxiv_id_gives_its_year_too(small_data):
    path = edit_record(small_data, "irving2018ai", arxiv_id="hep-th/9901001", year=1998)
    assert the_problem(small_data) == (
        f"{path}: year: 1998 is before 1999, the year of its arXiv id 'hep-th/9901001'"
    )


@pytest.mark.parametrize("value", ["doi.org/10.1000/x", "10.1/x", "10.1000/with space"])
def test_a_malformed_doi(small_data, value):
    path = edit_record(small_data, "irving2018ai", doi=value)
    assert the_problem(small_data) == f"{path}: doi: {value!r} is not a DOI (10.NNNN/suffix)"


@pytest.mark.parametrize("year", [THIS_YEAR + 1, 1949])
def test_a_year_in_the_future_or_before_1950(small_data, year):
    path = edit_record(small_data, "irving2018ai", year=year)
    assert the_problem(small_data) == f"{path}: year: {year} is not between 1950 and {THIS_YEAR}"


def test_a_month_of_13(small_data):
    path = edit_record(small_data, "irving2018ai", month=13)
    assert the_problem(small_data) == f"{path}: month: 13 is not a month (1 to 12)"


def test_an_unknown_topic(small_data):
    path = edit_record(small_data, "irving2018ai", topics=["scalable-oversight", "debating"])
    assert the_problem(small_data) == f"{path}: topics: unknown topic 'debating'"


def test_an_unknown_taxonomy_node(small_data):
    path = edit_record(small_data, "irving2018ai", taxonomy=["so-debate", "so-debat"])
    assert the_problem(small_data) == f"{path}: taxonomy: unknown taxonomy node 'so-debat'"


def test_a_missing_title(small_data):
    path = edit_record(small_data, "irving2018ai", title=None)
    assert the_problem(small_data) == f"{path}: title: required field is missing"


def test_authors_not_a_list(small_data):
    path = edit_record(small_data, "irving2018ai", authors="Geoffrey Irving, Paul Christiano")
    assert the_problem(small_data) == (
        f"{path}: authors: must be a list, one '- item' line each "
        "(got 'Geoffrey Irving, Paul Christiano')"
    )


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", 'https://x.org/"><b>'],
)
def test_a_url_that_is_not_http(small_data, url):
    path = edit_record(small_data, "irving2018ai", url=url)
    assert the_problem(small_data) == f"{path}: url: {url!r} must be an http(s) URL"


def test_a_10000_character_title(small_data):
    path = edit_record(small_data, "irving2018ai", title=("Debate " * 1429)[:9999] + "!")
    assert the_problem(small_data) == f"{path}: title: too long (10000 characters, at most 400)"


def test_unknown_extra_fields(small_data):
    path = edit_record(small_data, "irving2018ai", autors=["Geoffrey Irving"], sneaky="<b>hi</b>")
    assert sorted(problems(small_data)) == [
        f"{path}: autors: unknown field (did you mean 'authors'?)",
        f"{path}: sneaky: unknown field (not in the schema)",
    ]


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("AI safety\nvia debate", "U+000A"),
        ("AI safety \x1b[31mvia debate", "U+001B"),
        ("AI safety via \u202edebate", "U+202E"),
    ],
)
def test_invisible_characters_in_a_title(small_data, title, shown):
    path = edit_record(small_data, "irving2018ai", title=title)
    assert the_problem(small_data) == (
        f"{path}: title: holds the invisible character {shown}: one line of plain text only"
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ('Geoffrey Irv{\\"i}ng', "holds LaTeX markup: write the name as it reads"),
        ("Irving, Geoffrey, Jr., PhD", "has 3 commas: write 'Family, Given' or 'Given Family'"),
        ("Geoffrey Irving and Paul Christiano", "holds 'and', which BibTeX reads as two people"),
    ],
)
def test_an_author_name_bibtex_would_misread(small_data, name, why):
    path = edit_record(small_data, "irving2018ai", authors=[name, "Dario Amodei"])
    line = the_problem(small_data)
    assert line.startswith(f"{path}: authors: author 1 ({name!r}) {why}")


def test_et_al_only_closes_the_list(small_data):
    path = edit_record(small_data, "irving2018ai", authors=["others", "Dario Amodei"])
    assert the_problem(small_data) == f"{path}: authors: 'others' (et al.) may only close the list"


def test_every_problem_of_a_record_is_reported_at_once(small_data):
    path = edit_record(
        small_data,
        "irving2018ai",
        year=1800,
        month=13,
        url="ftp://x",
        title=None,
        topics=["debate"],
        arxiv_id="2406.01252",
    )
    assert sorted(problems(small_data)) == sorted(
        [
            f"{path}: year: 1800 is not between 1950 and {THIS_YEAR}",
            f"{path}: month: 13 is not a month (1 to 12)",
            f"{path}: title: required field is missing",
            f"{path}: url: 'ftp://x' must be an http(s) URL",
            f"{path}: topics: unknown topic 'debate'",  # the rules across records read valid fields
            f"{path}: arxiv_id: '2406.01252' is also in cao2024scalable.yaml",
            f"{record_file(small_data, 'cao2024scalable')}: arxiv_id: '2406.01252' is also in irving2018ai.yaml",
        ]
    )


# --- taxonomy -------------------------------------------------------------------------------


def test_a_node_whose_parent_does_not_exist(small_data):
    index = node_index(yaml.safe_load((small_data / "taxonomy.yaml").read_text()), "aa-self-judge")
    path = edit_taxonomy(
        small_data, lambda t: t["nodes"][index].update(parent="aa-inductive-biases")
    )
    assert the_problem(small_data) == (
        f"{path}: nodes[{index}].parent: 'aa-inductive-biases' is not a node id"
    )


def test_a_cycle_in_the_taxonomy(small_data):
    def loop(taxonomy: dict) -> None:
        taxonomy["nodes"][node_index(taxonomy, "automated-alignment")]["parent"] = "aa-self-judge"

    path = edit_taxonomy(small_data, loop)
    line = the_problem(small_data)
    assert line == (
        f"{path}: nodes: cycle of parents: "
        "automated-alignment -> aa-self-judge -> aa-inductive-bias -> automated-alignment"
    )


def test_two_nodes_with_one_id(small_data):
    def twin(taxonomy: dict) -> None:
        taxonomy["nodes"].append(
            {
                "id": "aa-self-judge",
                "label": "Twin",
                "description": "Again.",
                "parent": "aa-inductive-bias",
            }
        )

    path = edit_taxonomy(small_data, twin)
    count = len(yaml.safe_load(path.read_text())["nodes"])
    assert the_problem(small_data) == f"{path}: nodes[{count - 1}].id: duplicate id 'aa-self-judge'"


# --- tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["seven", "7B", "~13"])
def test_a_model_with_a_non_numeric_parameter_count(small_data, value):
    path = small_data / "models.csv"
    edit_cell(path, 0, "params_b", value)
    assert the_problem(small_data) == (
        f"{path}: line 2: params_b: {value!r} is not a parameter count in billions "
        "(7, 0.5-13 or 7/13)"
    )


@pytest.mark.parametrize(
    ("params", "active", "total"),
    [("11", "22", "11"), ("7-70", "72", "70"), ("7/70", "70.5", "70")],
)
def test_more_active_parameters_than_the_total(small_data, params, active, total):
    path = small_data / "models.csv"
    edit_cell(path, 0, "params_b", params)
    edit_cell(path, 0, "active_params_b", active)
    assert the_problem(small_data) == (
        f"{path}: line 2: active_params_b: {active} active is above the total of {total} "
        f"(params_b {params!r})"
    )


def test_active_parameters_up_to_the_largest_size_are_fine(small_data):
    path = small_data / "models.csv"
    edit_cell(path, 0, "params_b", "7-70")
    edit_cell(path, 0, "active_params_b", "70")
    assert problems(small_data) == []


def test_active_parameters_that_are_not_a_number(small_data):
    path = small_data / "models.csv"
    edit_cell(path, 0, "active_params_b", "22B")
    line = the_problem(small_data)
    assert line.startswith(f"{path}: line 2: active_params_b: input should be a valid number")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (
            "SFT;PPO",
            "'PPO' is not a post-training method (one of SFT, RLHF-PPO, DPO-family, "
            "RLAIF, RLVR/GRPO, distillation, rejection sampling, other; ';' between two)",
        ),
        (
            "SFT, DPO-family",
            "'SFT, DPO-family' is not a post-training method (one of SFT, "
            "RLHF-PPO, DPO-family, RLAIF, RLVR/GRPO, distillation, rejection sampling, other; "
            "';' between two)",
        ),
        ("SFT;DPO-family;SFT", "'SFT;DPO-family;SFT' names a method twice"),
    ],
)
def test_post_training_outside_the_vocabulary(small_data, value, why):
    path = small_data / "models.csv"
    edit_cell(path, 0, "post_training", value)
    assert the_problem(small_data) == f"{path}: line 2: post_training: {why}"


def test_post_training_from_the_vocabulary_is_fine(small_data):
    edit_cell(small_data / "models.csv", 0, "post_training", "SFT; RLHF-PPO;rejection sampling")
    assert problems(small_data) == []


@pytest.mark.parametrize("value", ["vendor", "Independent", ""])
def test_a_score_kind_outside_the_vocabulary(small_data, value):
    path = small_data / "benchmark_scores.csv"
    edit_cell(path, 0, "kind", value)
    expected = (
        "required field is empty"
        if not value
        else f"{value!r} is not a kind of score (independent or self-reported)"
    )
    assert the_problem(small_data) == f"{path}: line 2: kind: {expected}"


def scored_benchmark(data: Path) -> tuple[int, dict[str, str]]:
    """The row of benchmarks.csv that the first score refers to, and that score."""
    with (data / "benchmark_scores.csv").open(encoding="utf-8", newline="") as handle:
        score = next(csv.DictReader(handle))
    with (data / "benchmarks.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    index = next(
        i
        for i, row in enumerate(rows)
        if (row["benchmark"], row["metric"]) == (score["benchmark"], score["metric"])
    )
    return index, score


@pytest.mark.parametrize(
    ("column", "as_of", "why"),
    [
        ("first_snapshot", "2019-12", "2019-12 is before the benchmark's first snapshot (2020-01)"),
        ("last_snapshot", "2030-02", "2030-02 is after the benchmark's last snapshot (2030-01)"),
    ],
)
def test_a_score_outside_its_benchmarks_life(small_data, column, as_of, why):
    index, _ = scored_benchmark(small_data)
    edit_cell(small_data / "benchmarks.csv", index, "first_snapshot", "2020-01")
    edit_cell(small_data / "benchmarks.csv", index, "last_snapshot", "2030-01")
    path = small_data / "benchmark_scores.csv"
    edit_cell(path, 0, "as_of", as_of)
    assert the_problem(small_data) == f"{path}: line 2: as_of: {why}"


def test_a_benchmark_life_that_ends_before_it_starts(small_data):
    index, score = scored_benchmark(small_data)
    path = small_data / "benchmarks.csv"
    edit_cell(path, index, "first_snapshot", score["as_of"][:7])
    edit_cell(path, index, "last_snapshot", "2000-01")
    found = problems(small_data)
    message = f"{path}: line {index + 2}: last_snapshot: 2000-01 is before first_snapshot {score['as_of'][:7]}"
    assert message in found
    assert all(
        "last_snapshot" in line or "after the benchmark's last snapshot" in line for line in found
    )


def test_a_snapshot_month_that_is_not_a_month(small_data):
    path = small_data / "benchmarks.csv"
    edit_cell(path, 0, "first_snapshot", "2023-06-22")
    first, *rest = problems(small_data)  # the scores of the unreadable row follow
    assert first == f"{path}: line 2: first_snapshot: '2023-06-22' is not a month (YYYY-MM)"
    assert all(line.endswith("is not described in benchmarks.csv") for line in rest)


def test_a_score_outside_its_metrics_range(small_data):
    path = small_data / "benchmark_scores.csv"
    edit_cell(path, 0, "score", "170.15")
    assert the_problem(small_data) == (
        f"{path}: line 2: score: 170.15 is outside the metric's range [0, 100]"
    )


@pytest.mark.parametrize("value", ["soon", "2023-13", "2023-02-30", "23-02"])
def test_a_date_that_is_not_a_date(small_data, value):
    path = small_data / "models.csv"
    edit_cell(path, 0, "release_date", value)
    assert the_problem(small_data) == (
        f"{path}: line 2: release_date: {value!r} is not a date (YYYY-MM or YYYY-MM-DD)"
    )


def test_a_score_date_that_is_not_a_date(small_data):
    path = small_data / "benchmark_scores.csv"
    edit_cell(path, 0, "as_of", "June 2024")
    assert the_problem(small_data) == (
        f"{path}: line 2: as_of: 'June 2024' is not a date (YYYY-MM or YYYY-MM-DD)"
    )


# --- the command ----------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run_validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "papers.py"), "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        check=False,
        cwd=data.parent,
    )


def test_the_command_reports_every_problem_one_line_each_and_changes_nothing(small_data):
    record_file(small_data, "irving2018ai").write_bytes(b"title: \xff\n")
    record_file(small_data, "li2025arbllm").write_text("key: [unclosed\n")
    edit_record(small_data, "ouyang2022training", month=13, url="javascript:alert(1)")
    edit_record(small_data, "burns2023weaktostrong", title="x" * 10_000, year=THIS_YEAR + 1)
    edit_cell(small_data / "models.csv", 0, "params_b", "seven")
    edit_taxonomy(small_data, lambda t: t["nodes"][3].update(parent="nowhere"))
    before = fingerprint(small_data)

    result = run_validate(small_data)

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(validate_dataset(small_data).problems) == 8
    assert all(line.startswith("data/") and line.count(": ") >= 2 for line in lines), lines
    url = "url: 'javascript:alert(1)' must be an http(s) URL"
    assert f"data/papers/ouyang2022training.yaml: {url}" in lines
    assert result.stderr.strip() == "8 problem(s) found"
    assert fingerprint(small_data) == before


def test_the_command_on_the_real_dataset_exits_0():
    result = run_validate(DATA)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("dataset valid: ")


def test_escape_codes_in_a_file_name_do_not_reach_the_terminal(small_data):
    evil = small_data / PAPERS / "\x1b[2Jcleared.yaml"
    evil.write_text("[]\n")
    result = run_validate(small_data)
    assert "\x1b" not in result.stdout
    assert "\\x1b[2Jcleared.yaml: -: expected a mapping of fields, found a list" in result.stdout


# --- nothing breaks the validator -----------------------------------------------------------


def mutations(text: bytes, count: int, seed: int = 7) -> list[bytes]:
    """Random corruptions of a record: bytes flipped, YAML punctuation inserted, cut short."""
    rng = random.Random(seed)
    punctuation = [
        b":",
        b"-",
        b"[",
        b"{",
        b"&a",
        b"*a",
        b"!!",
        b"|",
        b">",
        b"'",
        b'"',
        b"\t",
        b"\n",
        b"#",
        b"%",
        b"@",
        b"\xff",
        b"\x00",
        b"? ",
        b"<<: ",
        b"\\",
    ]
    result = []
    for _ in range(count):
        data = bytearray(text)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            kind = rng.random()
            if kind < 0.4:
                data[at:at] = rng.choice(punctuation)
            elif kind < 0.7:
                data[at] = rng.randrange(256)
            elif kind < 0.85:
                del data[at : at + rng.randint(1, 20)]
            else:
                data = data[:at]
        result.append(bytes(data))
    return result


def test_random_corruption_always_gives_problems_never_an_exception(tmp_path):
    original = (DATA / PAPERS / "irving2018ai.yaml").read_bytes()
    path = tmp_path / "irving2018ai.yaml"
    reported = 0
    for corrupted in mutations(original, 400):
        path.write_bytes(corrupted)
        found = validate_record_file(path)  # must not raise
        for problem in found:
            line = str(problem)
            assert "\n" not in line and line.startswith(str(path)), line
        reported += bool(found)
    assert reported > 300  # most corruptions break something; each one was described


def test_reading_a_folder_named_like_a_record(tmp_path):
    folder = tmp_path / "x.yaml"
    folder.mkdir()
    record, problem = read_record_file(folder)
    assert record is None
    assert str(problem).endswith("x.yaml: -: cannot read the file (Is a directory)")


def test_a_record_without_authors_must_say_why(small_data):
    path = edit_record(small_data, "irving2018ai", authors=[], notes=None)
    problem = f"{path}: authors: the list is empty: name the authors, or say in notes why they are unknown"
    assert the_problem(small_data) == problem
    assert [str(p) for p in validate_record_file(path)] == [problem]  # a rule of one record
    edit_record(small_data, "irving2018ai", authors=[], notes="No listing names the authors.")
    assert validate_dataset(small_data).ok


def test_a_broken_credited_record_is_reported_once(small_data):
    """The record fails on its own field; the taxonomy's credit to it is not reported again."""
    path = edit_record(small_data, "cao2024scalable", month=13)
    assert the_problem(small_data) == f"{path}: month: 13 is not a month (1 to 12)"
