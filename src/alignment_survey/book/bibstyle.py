"""The book's citation styles: pybtex's ``plain`` and sphinxcontrib-bibtex's ``author_year``, adjusted.

* Titles show exactly as the records hold them. pybtex reads every field as LaTeX and treats
  braces as grouping, so a title's literal braces, or its capitalisation, could not survive.
  Titles are written by :mod:`alignment_survey.book.bibliography` with a known escaping, so the style
  reads the raw field and undoes that escaping instead.
* An author list the record marks as incomplete (BibTeX ``and others``) ends in "et al.", in the
  bibliography and in the text, instead of naming a person called "others".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.database import Person
from pybtex.plugin import register_plugin
from pybtex.richtext import String, Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, first_of, node, optional, sentence, tag
from pybtex.style.template import field as entry_field
from sphinxcontrib.bibtex.plugin import register_plugin as register_reference_style
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join

from alignment_survey.book.bibliography import latex_unescape
from alignment_survey.data.schema import ETAL

STYLE_NAME = "survey"
REFERENCE_STYLE_NAME = "survey_author_year"
ET_AL = "et al."


def title_text(raw: str) -> Text:
    """The title as plain text: drop the protecting outer braces, undo the LaTeX escaping."""
    inner = raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw
    return Text(String(latex_unescape(inner)))


@node
def names_et_al(
    children: list,
    data: dict,
    role: str,
    format_name: Callable[[dict, Person], object],
    sep: str = ", ",
    sep2: str | None = None,
    last_sep: str | None = None,
    other: Text | str | None = None,
) -> Text:
    """The persons of ``role``; a trailing ``others`` becomes "et al." (short form: first + ``other``)."""
    assert not children
    try:
        persons = data["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None
    known = [person for person in persons if str(person) != ETAL]
    formatted = [format_name(data, person) for person in known]
    if len(known) == len(persons) or not known:
        return join(sep=sep, sep2=sep2, last_sep=last_sep, other=other)[formatted].format_data(data)
    first = join[formatted[0]].format_data(data)
    if other is not None or len(known) == 1:
        return Text(first, other if other is not None else f" {ET_AL}")
    return Text(join(sep=sep)[formatted].format_data(data), f"{sep}{ET_AL}")


def _bibliography_name(data: dict, person: Person) -> object:
    style = data["style"]
    return style.format_name(person, style.abbreviate_names)


def _reference_name(data: dict, person: Person) -> object:
    person_style = data["style"].person
    return person_style.style_plugin.format(person, person_style.abbreviate)


class Style(PlainStyle):
    """pybtex's ``plain`` with literal titles and "et al." for incomplete author lists."""

    def format_title(self, e: object, which_field: str, as_sentence: bool = True) -> object:
        title = entry_field(which_field, raw=True, apply_func=title_text)
        return sentence[title] if as_sentence else title

    def format_names(self, role: str, as_sentence: bool = True) -> object:
        formatted = names_et_al(
            role, format_name=_bibliography_name, sep=", ", sep2=" and ", last_sep=", and "
        )
        return sentence[formatted] if as_sentence else formatted


@dataclass
class SurveyPersonStyle(PersonStyle):
    """Names in citations, with "et al." for an incomplete author list of any length."""

    def names(self, role: str, full: bool) -> object:
        return names_et_al(role, **self._separators(full))

    def author_or_editor_or_title(self, full: bool) -> object:
        separators = self._separators(full)
        return first_of[
            optional[names_et_al("author", **separators)],
            optional[names_et_al("editor", **separators)],
            tag("em")[entry_field("title", raw=True, apply_func=title_text)],
        ]

    def _separators(self, full: bool) -> dict:
        return {
            "format_name": _reference_name,
            "sep": self.sep,
            "sep2": self.sep2,
            "last_sep": self.last_sep,
            "other": None if full else self.other,
        }


@dataclass
class SurveyAuthorYearStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's ``author_year`` with :class:`SurveyPersonStyle` names."""

    person: PersonStyle = field(default_factory=SurveyPersonStyle)


def register() -> None:
    """Make the styles available: ``bibtex_default_style: survey``, ``bibtex_reference_style: survey_author_year``."""
    remember_entry_points()
    register_plugin("pybtex.style.formatting", STYLE_NAME, Style, force=True)
    register_reference_style(
        "sphinxcontrib.bibtex.style.referencing",
        REFERENCE_STYLE_NAME,
        SurveyAuthorYearStyle,
        force=True,
    )


def remember_entry_points() -> None:
    """Look up each plugin's entry point once per process.

    pybtex and sphinxcontrib-bibtex find a plugin (a style, a backend) by asking
    ``importlib.metadata`` for its entry point on every use, which reads the metadata of every
    installed package: about 15 ms a time, several seconds of a build that formats a few hundred
    citations. Installed packages do not change while a process runs; plugins registered at run
    time are found before the entry points, so remembering the lookups changes no result.
    """
    for module in (pybtex.plugin, sphinxcontrib.bibtex.plugin):
        if not hasattr(module.entry_points, "cache_info"):
            module.entry_points = functools.cache(module.entry_points)
