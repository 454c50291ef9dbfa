"""The downloads and citation metadata: each parses, holds exactly the dataset, and is current."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from pybtex.database import parse_file, parse_string

from alignment_survey.book.citation import book_bibtex, dataset_bibtex, load_citation
from alignment_survey.book.generated import build_outputs
from alignment_survey.files.layout import DOWNLOADS

ROOT = Path(__file__).resolve().parents[1]
CFF_SCHEMA = Path(__file__).parent / "schemas" / "citation-file-format-1.2.0.json"
TABLES = {
    "taxonomy.csv": "taxonomy",
    "topics.csv": "topics",
    "models.csv": "models",
    "benchmark_scores.csv": "scores",
    "benchmarks.csv": "benchmarks",
}


@pytest.fixture(scope="module")
def downloads(site) -> Path:
    return site / "downloads"


def test_downloads_are_what_the_dataset_gives(downloads, dataset):
    """Generated at build time, never edited: the published files equal a fresh generation."""
    for path, text in build_outputs(dataset).items():
        if path.parent == DOWNLOADS:
            assert (downloads / path.name).read_text(encoding="utf-8") == text, path.name


def test_papers_csv_holds_every_record(downloads, dataset):
    table = pd.read_csv(downloads / "papers.csv", keep_default_na=False)
    assert len(table) == len(dataset.papers)
    assert sorted(table["key"]) == sorted(dataset.papers["key"])
    papers = dataset.papers.set_index("key")
    for row in table.itertuples(index=False):
        assert row.title == papers.at[row.key, "title"]
        assert row.year == papers.at[row.key, "year"]
        assert row.authors == "; ".join(papers.at[row.key, "authors"])


def test_papers_json_holds_every_record(downloads, dataset):
    records = json.loads((downloads / "papers.json").read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == len(dataset.papers)
    papers = dataset.papers.set_index("key")
    assert {r["key"] for r in records} == set(papers.index)
    for record in records:
        paper = papers.loc[record["key"]]
        assert record["title"] == paper["title"] and record["year"] == paper["year"]
        assert record["authors"] == list(paper["authors"]) and record["taxonomy"] == list(
            paper["taxonomy"]
        )


def test_papers_bib_parses_with_pybtex(downloads, dataset):
    bib = parse_file(str(downloads / "papers.bib"), bib_format="bibtex")
    assert sorted(bib.entries) == sorted(dataset.papers["key"])
    papers = dataset.papers.set_index("key")
    for key, entry in bib.entries.items():
        assert entry.fields["year"] == str(papers.at[key, "year"])
        assert entry.fields["url"] == papers.at[key, "url"]
        assert len(entry.persons.get("author", [])) == len(papers.at[key, "authors"])


def test_papers_bib_passes_biber(downloads, dataset, tmp_path):
    """biber reads every entry; its only complaint may be a missing author where none is known."""
    if shutil.which("biber") is None:
        pytest.skip("biber is not installed (apt-get install biber): biber check skipped")
    shutil.copy(downloads / "papers.bib", tmp_path / "papers.bib")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-file", "checked.bib", "papers.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert not re.search(r"^(ERROR|FATAL)", log, re.M), log[-3000:]
    no_author = set(dataset.papers.loc[dataset.papers["n_authors_known"] == 0, "key"])
    for warning in re.findall(r"^WARN - (.*)$", log, re.M):
        match = re.fullmatch(
            r"Datamodel: Entry '(.+)' \(papers\.bib\): Missing mandatory field 'author'", warning
        )
        assert match and match.group(1) in no_author, warning
    checked = parse_file(str(tmp_path / "checked.bib"), bib_format="bibtex")
    assert len(checked.entries) == len(dataset.papers)


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("models.csv", {"params_b", "active_params_b", "post_training", "license", "source"}),
        ("benchmark_scores.csv", {"open_weights", "kind", "as_of", "source"}),
        ("benchmarks.csv", {"first_snapshot", "last_snapshot"}),
    ],
)
def test_downloads_carry_the_tables_columns(dataset, name, columns):
    """Generated without building the book: the new columns reach the published tables."""
    table = pd.read_csv(io.StringIO(build_outputs(dataset)[DOWNLOADS / name]))
    assert columns <= set(table.columns)
    assert len(table) == len(getattr(dataset, TABLES[name]))


@pytest.mark.parametrize("name", TABLES)
def test_tables_parse_and_match(downloads, dataset, name):
    table = pd.read_csv(downloads / name)
    source = getattr(dataset, TABLES[name])
    assert len(table) == len(source)
    assert set(table.columns) == set(source.columns) - {"openness"}


def test_dataset_page_links_downloads_with_count_and_date(site, dataset):
    html = (site / "dataset.html").read_text(encoding="utf-8")
    for name in ["papers.csv", "papers.json", "papers.bib", *TABLES]:
        assert f'href="downloads/{name}"' in html, name
        assert (site / "downloads" / name).is_file(), name
    assert f'<span class="pasted-text">{len(dataset.papers)}</span> papers, one row each' in html
    assert re.search(
        r"Generated from the records at every build \(<span[^>]*>\d{4}-\d\d-\d\d", html
    )
    assert 'href="explorer.html"' in html


# --- citing the book ----------------------------------------------------------------------------


def test_citation_cff_is_valid(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)  # the official CFF 1.2.0 schema (as cffconvert ships it)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"]
    if shutil.which("cffconvert") is None:
        return  # cffconvert pins jsonschema<4, so it cannot live in the project's environment
    result = subprocess.run(
        ["cffconvert", "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_citation_bibtex_parses():
    cff = load_citation(ROOT)
    book = parse_string(book_bibtex(cff), "bibtex").entries["alignment_survey"]
    assert book.type == "book"
    assert book.fields["title"].strip("{}") == cff["preferred-citation"]["title"]
    assert str(book.persons["author"][0]) == "{The survey's contributors}"
    data = parse_string(dataset_bibtex(cff, 469, dt.date(2026, 1, 2)), "bibtex").entries
    assert "Build of 2026-01-02, 469 papers" in data["alignment_survey_dataset"].fields["note"]


def test_dataset_page_shows_how_to_cite(site, dataset):
    html = (site / "dataset.html").read_text(encoding="utf-8")
    assert "@book{alignment_survey," in html
    assert "@misc{alignment_survey_dataset," in html
    assert f", {len(dataset.papers)} papers. Source: https://github.com/" in html
