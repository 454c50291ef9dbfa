"""Citable releases: one version everywhere, a changelog from the release tags, the release workflow,
and the ``added`` field back-filled from git history (all on temporary git repositories)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from alignment_survey.book.citation import dataset_version
from alignment_survey.data.changelog import changelog, release_notes, releases
from alignment_survey.data.history import added_dates
from alignment_survey.data.load import load_dataset
from alignment_survey.ingest.backfill import backfill_added
from tests.helpers import ROOT, copy_small_dataset

from .test_workflows import load

KEYS = ("irving2018ai", "ouyang2022training", "burns2023weaktostrong")


def git(repo: Path, *args: str, day: str = "2026-01-10") -> str:
    moment = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Curator",
        "GIT_AUTHOR_EMAIL": "curator@example.org",
        "GIT_COMMITTER_NAME": "Curator",
        "GIT_COMMITTER_EMAIL": "curator@example.org",
        "GIT_AUTHOR_DATE": moment,
        "GIT_COMMITTER_DATE": moment,
    }
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a small valid dataset, committed on 2026-01-10."""
    copy_small_dataset(tmp_path / "data", KEYS)
    without_added(tmp_path / "data" / "papers")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first records")
    return tmp_path


def without_added(folder: Path) -> None:
    """The records as they were before the back-fill: no ``added`` line."""
    for record in folder.glob("*.yaml"):
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"(?m)^added: .*\n", "", text), encoding="utf-8")


def papers(repo: Path) -> Path:
    return repo / "data" / "papers"


# --- one version ---------------------------------------------------------------------------------


def test_the_version_is_the_same_in_data_citation_and_package():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert dataset_version(ROOT / "data") == cff["version"] == project["version"]


def test_zenodo_metadata_matches_the_citation():
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"]
    assert zenodo["upload_type"] == "dataset" and zenodo["license"] == "cc-by-4.0"
    assert "CC-BY-4.0" in cff["license"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
    assert cff["repository-code"] in {r["identifier"] for r in zenodo["related_identifiers"]}


# --- the changelog -------------------------------------------------------------------------------


def test_the_changelog_lists_each_release_against_the_one_before(repo):
    git(repo, "tag", "v0.1.0")
    irving = papers(repo) / "irving2018ai.yaml"
    record = yaml.safe_load(irving.read_text(encoding="utf-8"))
    record["title"] = "AI safety via debate (revised)"
    record["taxonomy"] = [*record["taxonomy"], "surveys"]
    irving.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    (papers(repo) / "ouyang2022training.yaml").unlink()
    shutil.copy(ROOT / "data" / "papers" / "li2025arbllm.yaml", papers(repo))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second release", day="2026-02-01")
    git(repo, "tag", "v0.2.0")

    assert [(r.tag, r.day) for r in releases(papers(repo))] == [
        ("v0.1.0", dt.date(2026, 1, 10)),
        ("v0.2.0", dt.date(2026, 2, 1)),
    ]
    text = changelog(papers(repo))
    assert text.index("## v0.2.0 (2026-02-01)") < text.index("## v0.1.0 (2026-01-10)")
    notes = release_notes(papers(repo), "v0.2.0")
    assert "1 added, 1 removed, 1 changed, 1 reclassified" in notes
    assert "- **removed** `ouyang2022training`" in notes
    assert "- **changed** `irving2018ai`: title" in notes
    assert "surveys" in notes.split("**reclassified** `irving2018ai`")[1]
    first = release_notes(papers(repo), "v0.1.0")
    assert all(f"- **added** `{key}`" in first for key in KEYS)
    with pytest.raises(ValueError, match="no such release tag"):
        release_notes(papers(repo), "v9.9.9")


def test_the_changelog_script_writes_the_file_and_the_unreleased_changes(repo):
    git(repo, "tag", "v0.1.0")
    (papers(repo) / "burns2023weaktostrong.yaml").unlink()
    script = [sys.executable, str(ROOT / "scripts" / "changelog.py"), "--data", str(repo / "data")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    written = subprocess.run([*script, "--unreleased"], env=env, capture_output=True, text=True)
    assert written.returncode == 0, written.stderr
    text = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert text.index("## Unreleased") < text.index("## v0.1.0")
    assert "- **removed** `burns2023weaktostrong`" in text.split("## v0.1.0")[0]
    notes = subprocess.run([*script, "--tag", "v0.1.0"], env=env, capture_output=True, text=True)
    assert notes.stdout.startswith("## v0.1.0 (")
    wrong = subprocess.run([*script, "--tag", "v2"], env=env, capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.startswith("changelog.py: v2: no such")


def test_the_committed_changelog_is_what_the_tags_give():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    expected = changelog(ROOT / "data" / "papers")
    assert (ROOT / "CHANGELOG.md").read_text(encoding="utf-8") == expected


# --- the release workflow ------------------------------------------------------------------------


def test_the_release_workflow_builds_then_publishes_with_only_the_rights_it_needs():
    workflow = load(ROOT / ".github" / "workflows" / "release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]  # the read-only default
    assert jobs["publish"]["permissions"] == {"contents": "write"}
    assert jobs["publish"]["needs"] == "build"
    build = " ".join(str(step) for step in jobs["build"]["steps"])
    for needed in ("data/VERSION", "scripts/build_book.py", "scripts/changelog.py --tag"):
        assert needed in build, needed
    publish = " ".join(str(step) for step in jobs["publish"]["steps"])
    assert "gh release create" in publish and "actions/checkout" not in publish
    for asset in ("papers.csv", "papers.json", "papers.bib", "taxonomy.csv", "taxonomy.yaml"):
        assert f"release/{asset}" in publish and asset in build, asset


# --- the added field, from git history ----------------------------------------------------------


def test_added_dates_follow_renames_and_start_again_after_a_deletion(repo):
    folder = papers(repo)
    git(repo, "mv", "data/papers/irving2018ai.yaml", "data/papers/irving2018debate.yaml")
    shutil.copy(ROOT / "data" / "papers" / "li2025arbllm.yaml", folder / "extra.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "rename one, add one", day="2026-02-03")
    git(repo, "rm", "-q", "data/papers/ouyang2022training.yaml")
    git(repo, "commit", "-q", "-m", "remove one", day="2026-02-04")
    shutil.copy(ROOT / "data" / "papers" / "ouyang2022training.yaml", folder)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "back again", day="2026-03-01")
    dates = added_dates(folder)
    assert dates["irving2018debate"] == dt.date(2026, 1, 10)  # renamed: keeps its first day
    assert "irving2018ai" not in dates
    assert dates["extra"] == dt.date(2026, 2, 3)
    assert dates["ouyang2022training"] == dt.date(2026, 3, 1)
    assert dates["burns2023weaktostrong"] == dt.date(2026, 1, 10)


def test_backfill_fills_only_missing_days_keeps_comments_and_validates(repo):
    folder = papers(repo)
    burns = folder / "burns2023weaktostrong.yaml"
    burns.write_text("# checked by hand\n" + burns.read_text(encoding="utf-8"), encoding="utf-8")
    ouyang = folder / "ouyang2022training.yaml"
    ouyang.write_text(ouyang.read_text(encoding="utf-8") + "added: 2026-01-02\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "comment, one day set by hand", day="2026-01-20")
    extra = folder / "li2025arbllm.yaml"
    extra.write_text(
        re.sub(r"(?m)^added: .*\n", "", (ROOT / "data" / "papers" / extra.name).read_text()),
        encoding="utf-8",
    )
    before = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.yaml")}

    dry = backfill_added(repo / "data", dry_run=True)
    assert dry.code == 0 and "would fill added on" in dry.out[-1]
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")} == before

    outcome = backfill_added(repo / "data")
    assert outcome.code == 0, outcome.errors
    assert any("li2025arbllm: not committed yet" in line for line in outcome.out)
    assert burns.read_text(encoding="utf-8").startswith("# checked by hand\n")
    records = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in folder.glob("*.yaml")}
    assert records["burns2023weaktostrong"]["added"] == dt.date(2026, 1, 10)
    assert records["irving2018ai"]["added"] == dt.date(2026, 1, 10)
    assert records["ouyang2022training"]["added"] == dt.date(2026, 1, 2)  # kept as it was
    assert "added" not in records["li2025arbllm"]
    assert list(records["irving2018ai"])[-2:] in (["source", "added"], ["added", "notes"])
    assert load_dataset(repo / "data").papers["added"].isna().sum() == 1  # only the uncommitted


def test_backfill_outside_git_fails_with_one_line_and_writes_nothing(tmp_path):
    data = copy_small_dataset(tmp_path / "data", KEYS)
    before = {p.name: p.read_bytes() for p in (data / "papers").glob("*.yaml")}
    outcome = backfill_added(data)
    assert outcome.code == 2 and len(outcome.errors) == 1
    assert outcome.errors[0].startswith("git: git rev-parse")
    assert {p.name: p.read_bytes() for p in (data / "papers").glob("*.yaml")} == before


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("added: 2024-13-01", "added: '2024-13-01' is not a day (YYYY-MM-DD)"),
        ("added: '2024-02-30'", "added: '2024-02-30' is not a day (YYYY-MM-DD)"),
        ("added: 2024-05", "added: '2024-05' is not a day (YYYY-MM-DD)"),
        ("added: 2019-12-31", "added: 2019-12-31 is not between 2020-01-01 and today"),
    ],
)
def test_a_wrong_added_day_is_one_line_naming_the_file_and_the_field(small_data, line, message):
    without_added(small_data / "papers")
    record = small_data / "papers" / "irving2018ai.yaml"
    record.write_text(record.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    before = record.read_bytes()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "papers.py"),
            "validate",
            "--data",
            str(small_data),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{record}: {message}"]
    assert record.read_bytes() == before


def test_a_quoted_or_plain_added_day_loads_as_a_date(small_data):
    without_added(small_data / "papers")
    for key, line in (
        ("irving2018ai", "added: 2026-01-05"),
        ("li2025arbllm", "added: '2026-01-06'"),
    ):
        record = small_data / "papers" / f"{key}.yaml"
        record.write_text(record.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    added = load_dataset(small_data).papers.set_index("key")["added"]
    assert added["irving2018ai"] == dt.date(2026, 1, 5)
    assert added["li2025arbllm"] == dt.date(2026, 1, 6)


def test_a_record_added_on_one_branch_and_dropped_on_another_keeps_its_day(repo):
    """Merged branches: the walk sees one branch add a file and the other delete its own copy."""
    folder = papers(repo)
    git(repo, "checkout", "-q", "-b", "other")
    shutil.copy(ROOT / "data" / "papers" / "li2025arbllm.yaml", folder / "extra.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add extra on other", day="2026-02-01")
    git(repo, "rm", "-q", "data/papers/extra.yaml")
    git(repo, "commit", "-q", "-m", "drop it again on other", day="2026-02-02")
    git(repo, "checkout", "-q", "main")
    shutil.copy(ROOT / "data" / "papers" / "li2025arbllm.yaml", folder / "extra.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add extra on main", day="2026-01-20")
    git(repo, "merge", "-q", "--no-edit", "other", day="2026-02-03")
    assert (folder / "extra.yaml").is_file()
    assert added_dates(folder)["extra"] in (dt.date(2026, 1, 20), dt.date(2026, 2, 1))
