"""The contributor's tools: the record template, the data diff, GitHub annotations, the drift
check, the link checks and the chapter scaffold (which must build at once)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from alignment_survey.book.linkcheck import broken_external, broken_links
from alignment_survey.data.diff import diff_records
from tests.helpers import ROOT, build_site, copy_book

PYTHON = sys.executable


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_the_template_record_is_a_valid_record(small_data):
    template = ROOT / "data" / "templates" / "paper.yaml"
    key = yaml.safe_load(template.read_text(encoding="utf-8"))["key"]
    shutil.copy(template, small_data / "papers" / f"{key}.yaml")
    result = run("scripts/papers.py", "validate", "--data", str(small_data))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_loader_does_not_read_the_template(dataset):
    assert "lastname2024word" not in set(dataset.papers["key"])


def test_the_diff_names_added_removed_changed_and_reclassified_papers():
    base = {
        "a": {"title": "A", "year": 2023, "taxonomy": ["so-debate"], "topics": ["x"]},
        "b": {"title": "B", "year": 2023, "taxonomy": ["so-debate"], "topics": ["x"]},
        "c": {"title": "C", "year": 2023, "taxonomy": ["so-debate"], "topics": ["x"]},
    }
    head = {
        "a": {"title": "A", "year": 2024, "taxonomy": ["so-debate"], "topics": ["x"]},
        "b": {"title": "B", "year": 2023, "taxonomy": ["so-weak-to-strong"], "topics": ["x"]},
        "d": {"title": "D *bold*", "year": 2025, "taxonomy": ["so-debate"], "topics": ["x"]},
    }
    diff = diff_records(base, head)
    assert diff.added == ["d"] and diff.removed == ["c"]
    assert diff.changed == {"a": ["year"]}
    assert diff.reclassified == {"b": {"taxonomy": (["so-debate"], ["so-weak-to-strong"])}}
    summary = diff.markdown({key: record["title"] for key, record in head.items()})
    assert "1 added, 1 removed, 1 changed, 1 reclassified" in summary
    assert "D \\*bold\\*" in summary  # a title is shown as text, not markup
    assert "so-debate → so-weak-to-strong" in summary


def test_papers_diff_compares_the_dataset_with_a_git_revision(small_data):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=small_data, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    record = small_data / "papers" / "irving2018ai.yaml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "taxonomy": ["so-weak-to-strong"]}), encoding="utf-8")
    (small_data / "papers" / "li2025arbllm.yaml").unlink()

    result = run("scripts/papers.py", "diff", "--base", "HEAD", "--data", str(small_data))
    assert result.returncode == 0, result.stderr
    assert "0 added, 1 removed, 0 changed, 1 reclassified" in result.stdout
    assert "**removed** `li2025arbllm`" in result.stdout
    assert (
        "**reclassified** `irving2018ai`: taxonomy aa-self-play-debate, so-debate → so-weak-to-strong"
        in result.stdout
    )

    bad = run("scripts/papers.py", "diff", "--base", "no-such-ref", "--data", str(small_data))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "no-such-ref" in bad.stderr


def test_validation_problems_become_github_annotations_on_the_file(small_data):
    record = small_data / "papers" / "irving2018ai.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("month: 5", "month: 13"))
    result = run("scripts/papers.py", "validate", "--format", "github", "--data", str(small_data))
    assert result.returncode == 1
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    month_line = record.read_text(encoding="utf-8").splitlines().index("month: 13") + 1
    assert line.startswith("::error file=") and f"irving2018ai.yaml,line={month_line}," in line
    assert ",title=month::month: 13 is not a month (1 to 12)" in line


def test_the_drift_check_fails_when_the_bibliography_is_edited_by_hand(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    assert run("scripts/check_generated.py", "--root", str(tmp_path)).returncode == 0

    bib = tmp_path / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("AI safety via debate", "AI safety"))
    result = run("scripts/check_generated.py", "--root", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("references.bib: generated file differs from the dataset")


def test_the_link_check_finds_missing_pages_and_anchors(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="page.html#there">ok</a> <a href="page.html#gone">anchor</a>'
        '<a href="missing.html">file</a> <a href="https://example.org/x">external</a>'
        '<a href="#top" id="top">self</a> <img src="_static/logo.svg">'
    )
    (tmp_path / "page.html").write_text('<h1 id="there">Page</h1>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "logo.svg").write_text("<svg/>")
    found = sorted(str(link) for link in broken_links(tmp_path))
    assert found == [
        "index.html: missing.html: no such file",
        "index.html: page.html#gone: no such anchor",
    ]


def test_the_built_site_has_no_broken_internal_link(site):
    assert [str(link) for link in broken_links(site)] == []


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_the_external_check_reports_links_that_do_not_answer(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        (tmp_path / "index.html").write_text(
            f'<a href="{base}/ok">a</a><a href="{base}/gone">b</a>'
        )
        assert broken_external(tmp_path, timeout=5) == [
            (f"{base}/gone", "HTTP 404", ["index.html"])
        ]
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def scaffolded_book(tmp_path_factory, site) -> Path:
    """A copy of the book (with the execution cache of the session build) plus a new chapter."""
    root = copy_book(tmp_path_factory.mktemp("scaffold") / "book", with_build=True)
    result = run(
        "scripts/new_chapter.py",
        'Reward hacking: "a" test',
        "--topic",
        "scalable-oversight",
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    assert "chapters/reward_hacking_a_test.md" in result.stdout
    return root


def test_a_new_chapter_is_listed_in_the_toc_and_builds_at_once(scaffolded_book):
    toc = yaml.safe_load((scaffolded_book / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["parts"][0]["chapters"][-1] == {"file": "chapters/reward_hacking_a_test"}
    assert (
        (scaffolded_book / "_toc.yml").read_text(encoding="utf-8").startswith("# Table of contents")
    )

    result = build_site(scaffolded_book)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    page = (
        scaffolded_book / "_build" / "html" / "chapters" / "reward_hacking_a_test.html"
    ).read_text()
    assert "<h1>Reward hacking: “a” test" in page
    assert page.count('class="survey-chart"') == 2
    assert "Fig. 8.1" in page and "Fig. 8.2" in page


def test_a_second_chapter_with_the_same_title_is_refused(scaffolded_book):
    result = run("scripts/new_chapter.py", 'Reward hacking: "a" test', cwd=scaffolded_book)
    assert result.returncode == 1 and "exists already" in result.stderr


def test_an_unknown_topic_is_refused_in_one_line(tmp_path):
    result = run("scripts/new_chapter.py", "X", "--topic", "nope", "--root", str(ROOT))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--topic: unknown topic 'nope'" in result.stderr
