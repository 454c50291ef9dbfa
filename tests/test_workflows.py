"""The GitHub workflows, issue forms and pre-commit hooks are valid and follow least privilege."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True: take it back as "on".
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {("on" if key is True else key): value for key, value in data.items()}


def schema_check(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_workflows_match_githubs_schema():
    result = schema_check("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_issue_forms_match_githubs_schema():
    forms = [path for path in FORMS if path.name != "config.yml"]
    assert {path.stem for path in forms} == {"suggest-paper", "report-error"}
    assert schema_check("vendor.github-issue-forms", *forms).returncode == 0
    config = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
    assert schema_check("vendor.github-issue-config", config).returncode == 0


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    assert schema_check("vendor.github-workflows", broken).returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_each_workflow_has_least_privilege_and_pinned_actions(path):
    workflow = load(path)
    assert "pull_request_target" not in (workflow["on"] or {})
    assert workflow["permissions"] == {"contents": "read"} or path.name == "arxiv-refresh.yml"
    text = path.read_text(encoding="utf-8")
    for action in re.findall(r"uses:\s*(\S+)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{path.name}: {action}"
    for job in workflow["jobs"].values():
        assert "timeout-minutes" in job, f"{path.name}: a job has no timeout"


def test_ci_runs_the_checks_of_make_check_the_build_the_links_and_the_tests():
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    for command in (
        "pip install -r requirements.lock",
        "scripts/papers.py validate --format github",
        "scripts/check_generated.py",
        "ruff check src tests scripts _ext",
        "ruff format --check src tests scripts _ext",
        "scripts/build_book.py",
        "scripts/check_links.py _build/html",
        "python -m pytest",
        "scripts/papers.py diff --base",
        "actions/upload-artifact@",
    ):
        assert command in ci, command
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    check = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    for command in (
        "ruff check",
        "ruff format --check",
        "papers.py validate",
        "check_generated.py",
    ):
        assert command in check, command


def test_deploy_publishes_pages_with_only_the_rights_each_job_needs():
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert deploy["concurrency"]["group"] == "pages"
    jobs = deploy["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["notebooks"]["permissions"] == {"contents": "write"}
    assert "permissions" not in jobs["build"]  # the workflow's read-only default
    steps = " ".join(str(step) for step in jobs["notebooks"]["steps"])
    assert "scripts/notebooks.py --out ." in steps and "HEAD:notebooks" in steps


def test_the_paper_form_offers_exactly_the_datasets_topics():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/suggest-paper.yml").read_text())
    (topic,) = [item for item in form["body"] if item.get("id") == "topic"]
    taxonomy = yaml.safe_load((ROOT / "data" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert topic["attributes"]["options"] == [t["id"] for t in taxonomy["topics"]] + ["not sure"]


def test_the_pre_commit_config_is_valid_and_pins_the_locked_ruff():
    config = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    ruff = next(repo for repo in hooks if repo["repo"].endswith("ruff-pre-commit"))
    locked = re.search(r"^ruff==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M)
    assert ruff["rev"] == f"v{locked.group(1)}"
    local = {
        hook["id"]: hook["entry"]
        for repo in hooks
        if repo["repo"] == "local"
        for hook in repo["hooks"]
    }
    assert local == {
        "validate-data": "python scripts/papers.py validate",
        "generated-files": "python scripts/check_generated.py",
    }


def test_the_pdf_is_tested_on_pull_requests_published_with_the_site_and_released():
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    steps = [str(step.get("run", step.get("uses", ""))) for step in ci["jobs"]["pdf"]["steps"]]
    order = ["scripts/build_book.py", "scripts/build_pdf.py", "python -m pytest -m pdf"]
    found = [next(i for i, step in enumerate(steps) if command in step) for command in order]
    assert found == sorted(found), steps
    assert any("chromium" in step for step in steps)
    deploy = load(ROOT / ".github" / "workflows" / "deploy.yml")
    steps = [
        str(step.get("run", step.get("uses", ""))) for step in deploy["jobs"]["build"]["steps"]
    ]
    order = [
        "scripts/build_book.py",
        "scripts/build_pdf.py",
        "scripts/check_links.py",
        "upload-pages",
    ]
    found = [next(i for i, step in enumerate(steps) if command in step) for command in order]
    assert found == sorted(found), steps  # the PDF is in the site before the check and upload
    release = load(ROOT / ".github" / "workflows" / "release.yml")
    build = [str(step.get("run", "")) for step in release["jobs"]["build"]["steps"]]
    order = ["scripts/build_book.py", "scripts/build_pdf.py", "_build/pdf/alignment-survey.pdf"]
    found = [next(i for i, step in enumerate(build) if command in step) for command in order]
    assert found == sorted(found), build
    publish = " ".join(str(step) for step in release["jobs"]["publish"]["steps"])
    assert "release/alignment-survey.pdf" in publish  # attached to the release
