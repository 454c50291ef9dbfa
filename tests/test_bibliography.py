"""Bibliography: every record becomes BibTeX that pybtex reads and renders as the literal text."""

from __future__ import annotations

import html

import pandas as pd
import pytest
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from alignment_survey.book.bibliography import latex_escape, latex_unescape, to_bibtex, year_labels
from alignment_survey.book.bibstyle import STYLE_NAME, register

SPECIAL_TITLES = [
    "Scaling to 100% of the data & beyond",
    "C# and F_1 scores: {braced} words",
    "Tilde ~ and back\\slash and caret ^ and dollar $5",
    "Unbalanced } brace and { another",
    "Every special at once: % & # _ { } ~ \\",
]


def rendered(bib: str) -> dict[str, str]:
    """Format every entry with the book's style into HTML, as sphinxcontrib-bibtex does."""
    register()
    data = parse_string(bib, "bibtex")
    style = find_plugin("pybtex.style.formatting", STYLE_NAME)()
    backend = find_plugin("pybtex.backends", "html")()
    return {
        entry.key: entry.text.render(backend)
        for entry in style.format_entries(data.entries.values())
    }


def record(key: str, title: str, authors: list[str]) -> dict:
    return {
        "key": key,
        "title": title,
        "authors": authors,
        "year": 2024,
        "month": 6,
        "venue": "arXiv",
        "arxiv_id": None,
        "doi": None,
        "url": "https://example.org/a_b%20c",
    }


def test_every_record_is_an_entry(dataset):
    entries = parse_string(to_bibtex(dataset.papers), "bibtex").entries
    assert sorted(entries) == sorted(dataset.papers["key"])


@pytest.mark.parametrize("title", SPECIAL_TITLES)
def test_latex_specials_in_titles_render_literally(title):
    papers = pd.DataFrame([record("special2024title", title, ["José Müller", "Zoë Ødegaard"])])
    text = rendered(to_bibtex(papers))["special2024title"]
    assert html.escape(title, quote=False) in text


def test_unicode_and_comma_names_survive():
    papers = pd.DataFrame(
        [record("muller2024names", "Names", ["Müller, José", "Zoë Ødegaard", "others"])]
    )
    entry = parse_string(to_bibtex(papers), "bibtex").entries["muller2024names"]
    assert [str(p) for p in entry.persons["author"]] == ["Müller, José", "Ødegaard, Zoë", "others"]
    assert "and others" not in rendered(to_bibtex(papers))["muller2024names"]


@pytest.mark.parametrize(
    ("authors", "shown"),
    [
        (["Collin Burns", "others"], "Collin Burns et al."),
        (["Ada Lovelace", "Alan Turing", "others"], "Ada Lovelace, Alan Turing, et al."),
        (["Ada Lovelace", "Alan Turing"], "Ada Lovelace and Alan Turing."),
    ],
)
def test_an_incomplete_author_list_ends_in_et_al(authors, shown):
    papers = pd.DataFrame([record("list2024names", "Names", authors)])
    assert rendered(to_bibtex(papers))["list2024names"].startswith(shown)


def test_unknown_authors_give_an_entry_without_author_field():
    papers = pd.DataFrame([record("anon2024nobody", "Nobody wrote this", [])])
    entry = parse_string(to_bibtex(papers), "bibtex").entries["anon2024nobody"]
    assert "author" not in entry.persons and entry.fields["key"] == "Nobody wrote this"


def test_venue_decides_the_entry_type(dataset):
    bib = parse_string(to_bibtex(dataset.papers), "bibtex").entries
    assert bib["cao2024scalable"].type == "misc"
    assert bib["cao2024scalable"].fields["eprint"] == "2406.01252"
    conference = dataset.papers[dataset.papers["venue"].astype(str).str.startswith("NeurIPS")].iloc[
        0
    ]
    assert bib[conference["key"]].type == "inproceedings"


@pytest.mark.parametrize("title", SPECIAL_TITLES)
def test_unescape_undoes_escape(title):
    assert latex_unescape(latex_escape(title)) == title


def test_escaped_braces_keep_bibtex_fields_balanced():
    escaped = latex_escape("} { }}")
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_escape_leaves_no_bare_special():
    escaped = latex_escape("% & # _ { } ~ \\ $ ^")
    for bare in ("%", "&", "#", "_", "$"):
        assert all(escaped[i - 1] == "\\" for i, c in enumerate(escaped) if c == bare)


def test_an_entry_without_authors_is_misc_even_with_a_venue():
    papers = pd.DataFrame(
        [{**record("anon2024venue", "No author known", []), "venue": "ICLR 2024"}]
    )
    entry = parse_string(to_bibtex(papers), "bibtex").entries["anon2024venue"]
    assert entry.type == "misc" and entry.fields["howpublished"] == "ICLR 2024"
    assert "ICLR 2024" in rendered(to_bibtex(papers))["anon2024venue"]


@pytest.mark.parametrize("group", ["Gemma Team", "BigScience Workshop"])
def test_a_group_author_stays_one_name(group):
    papers = pd.DataFrame([record("group2024model", "A model", [group])])
    entry = parse_string(to_bibtex(papers), "bibtex").entries["group2024model"]
    (person,) = entry.persons["author"]
    assert person.last_names == ["{" + group + "}"] and not person.first_names
    shown = rendered(to_bibtex(papers))["group2024model"]
    assert shown.startswith(f'<span class="bibtex-protected">{group}</span>.')


def test_papers_cited_alike_get_a_year_letter_by_date_then_title():
    papers = pd.DataFrame(
        [
            record("smith2024b", "Beta", ["Ann Smith", "Bo Lee", "Cy Wu"]),
            record("smith2024a", "alpha", ["Ann Smith", "others"]),
            record("smith2024pair", "Gamma", ["Ann Smith", "Bo Lee"]),  # "Smith and Lee": distinct
            record("smith2024early", "Zeta", ["Ann Smith", "Cy Wu", "Di Po"]) | {"month": 1},
            record("nobody2024", "Beta", []),  # cited by its title, not by "Smith et al."
        ]
    )
    assert year_labels(papers) == {
        "smith2024early": "2024a",
        "smith2024b": "2024c",
        "smith2024a": "2024b",
        "smith2024pair": "2024",
        "nobody2024": "2024",
    }
    book = parse_string(to_bibtex(papers, disambiguate=True), "bibtex").entries
    download = parse_string(to_bibtex(papers), "bibtex").entries
    assert (
        book["smith2024a"].fields["year"] == "2024b"
        and book["smith2024b"].fields["year"] == "2024c"
    )
    assert {entry.fields["year"] for entry in download.values()} == {"2024"}
