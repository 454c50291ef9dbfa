"""How to cite the book and its dataset, from ``CITATION.cff`` (the one source of that metadata)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from alignment_survey.book.bibliography import latex_escape
from alignment_survey.files import layout


def load_citation(root: Path) -> dict:
    """The parsed ``CITATION.cff`` at the repository's root."""
    return yaml.safe_load((root / layout.CITATION).read_text(encoding="utf-8"))


def dataset_version(data_dir: Path) -> str:
    """The dataset's release version, from ``data/VERSION`` (CITATION.cff repeats it)."""
    return layout.version_file(data_dir).read_text(encoding="utf-8").strip()


def _authors(cff: dict) -> str:
    names = []
    for author in cff["authors"]:
        if "name" in author:  # an entity: braces keep BibTeX from splitting it into a person's name
            names.append("{" + latex_escape(author["name"]) + "}")
        else:
            names.append(latex_escape(f"{author['family-names']}, {author['given-names']}"))
    return " and ".join(names)


def book_bibtex(cff: dict) -> str:
    """A ``@book`` entry for the book, from its preferred citation."""
    book = cff["preferred-citation"]
    return (
        "@book{alignment_survey,\n"
        f"  title = {{{{{latex_escape(book['title'])}}}}},\n"
        f"  author = {{{_authors(book)}}},\n"
        f"  year = {{{book['year']}}},\n"
        f"  url = {{{book['url']}}},\n"
        f"  note = {{Version {cff['version']}. Source: {cff['repository-code']}}}\n"
        "}\n"
    )


def dataset_bibtex(cff: dict, n_papers: int, build_date: dt.date) -> str:
    """A ``@misc`` entry for the dataset as downloaded on ``build_date``."""
    book = cff["preferred-citation"]
    downloads = book["url"].rstrip("/") + "/dataset.html"
    return (
        "@misc{alignment_survey_dataset,\n"
        f"  title = {{{{{latex_escape(book['title'])}: paper dataset}}}},\n"
        f"  author = {{{_authors(book)}}},\n"
        f"  year = {{{build_date.year}}},\n"
        f"  howpublished = {{{downloads}}},\n"
        f"  version = {{{cff['version']}}},\n"
        f"  note = {{Dataset version {cff['version']}. "
        f"Build of {build_date.isoformat()}, {n_papers} papers. "
        f"Source: {cff['repository-code']}}}\n"
        "}\n"
    )
