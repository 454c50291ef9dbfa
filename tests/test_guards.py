"""Guards: a sentence the data no longer supports stops a chapter with one line naming it."""

from __future__ import annotations

import pandas as pd
import pytest

from alignment_survey.book.checks import describe_failure
from alignment_survey.book.guards import (
    CHAPTER_ENV_VAR,
    BrokenClaim,
    chapter_label,
    claim,
    ranking,
    record_names,
)
from alignment_survey.book.outcome import failure_line, next_after_chapters
from tests.helpers import ROOT

CHAPTER = ROOT / "chapters" / "scalable_oversight.md"


@pytest.fixture
def in_chapter(monkeypatch):
    monkeypatch.setenv(CHAPTER_ENV_VAR, str(CHAPTER))


def test_a_claim_that_holds_says_nothing(in_chapter):
    claim("all N have an arXiv identifier", True)
    claim("all N have an arXiv identifier", broken_by=[])
    claim("all N have an arXiv identifier", broken_by=pd.DataFrame({"key": []}))


def test_a_broken_claim_is_one_line_naming_chapter_sentence_and_records(in_chapter):
    papers = pd.DataFrame({"key": ["smith2026foo", "doe2026bar"], "arxiv_id": [None, None]})
    with pytest.raises(BrokenClaim) as raised:
        claim("all N have an arXiv identifier", broken_by=papers)
    assert str(raised.value) == (
        'chapters/scalable_oversight.md: the sentence "all N have an arXiv identifier" no longer '
        "holds (records: smith2026foo, doe2026bar); the records are valid: reword the sentence or "
        "glue the number"
    )


def test_an_order_claim_says_what_the_data_shows_now(in_chapter):
    counts = pd.Series({"so-process": 14, "so-debate": 12, "so-weak-to-strong": 12})
    with pytest.raises(
        BrokenClaim, match=r"\(now: so-process 14, so-debate 12, so-weak-to-strong 12\)"
    ):
        claim("the two largest\nnodes", list(counts.index[:2]) == ["x"], now=ranking(counts))
    assert ranking(counts, n=2, last=True) == "so-debate 12, so-weak-to-strong 12"


def test_a_long_record_list_is_cut_and_newlines_never_split_the_line(in_chapter):
    keys = [f"k{n}" for n in range(25)]
    with pytest.raises(BrokenClaim) as raised:
        claim("a sentence\nover two lines", broken_by=keys)
    text = str(raised.value)
    assert "\n" not in text and "k9 and 15 more" in text and '"a sentence over two lines"' in text


def test_records_are_read_from_keys_series_and_frames():
    assert record_names("a") == ["a"]
    assert record_names(pd.Series(["a", "b"])) == ["a", "b"]
    assert record_names(pd.DataFrame({"name": ["GPT-4"]})) == ["GPT-4"]  # models.csv rows
    assert record_names(pd.DataFrame({"x": [1]}, index=["idx"])) == ["idx"]
    assert record_names(pd.Index(["a"])) == ["a"]


def test_a_claim_needs_a_test():
    with pytest.raises(TypeError):
        claim("a sentence")


def test_the_chapter_is_named_relative_to_the_book(monkeypatch, tmp_path):
    assert chapter_label(CHAPTER) == "chapters/scalable_oversight.md"
    assert chapter_label(tmp_path / "x.md") == (tmp_path / "x.md").as_posix()
    monkeypatch.delenv(CHAPTER_ENV_VAR, raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "scalable_oversight.md")  # JupyterLab, run in chapters/
    monkeypatch.chdir(ROOT / "chapters")
    with pytest.raises(BrokenClaim, match=r"^chapters/scalable_oversight\.md: the sentence"):
        claim("x", False)
    monkeypatch.delenv("JPY_SESSION_NAME")
    with pytest.raises(BrokenClaim, match=r"^this chapter: the sentence"):
        claim("x", False)


def test_the_build_prints_the_guard_line_and_what_to_do_next(tmp_path):
    chapter = tmp_path / "chapters" / "guarded.md"
    chapter.parent.mkdir()
    chapter.write_text("# G\n\n```{code-cell} ipython3\nclaim('x', False)\n```\n")
    message = 'this chapter: the sentence "x" no longer holds; the records are valid: reword'
    log = (
        "An error occurred while executing the following cell:\n------------------\n"
        "claim('x', False)\n------------------\n\n\n"
        "\x1b[31mBrokenClaim\x1b[39m                 Traceback (most recent call last)\n"
        f"Cell In[1], line 1\n\n\x1b[31mBrokenClaim\x1b[39m: {message}\n"
    )
    problem = describe_failure(chapter, log)
    assert problem.line == 3 and problem.field == "cell 1"
    assert failure_line(problem) == message.replace("this chapter", str(chapter), 1)
    advice = next_after_chapters([problem])
    assert advice.startswith(f"next: reword the quoted sentence in {chapter}")
    assert advice.endswith("then rerun `make book`")
