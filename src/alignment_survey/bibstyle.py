"""The book's pybtex style: pybtex's ``plain``, with titles shown exactly as the records hold them.

pybtex reads every field as LaTeX and treats braces as grouping, so a title's literal braces, or
its capitalisation, could not survive. Titles are written by :mod:`alignment_survey.bibliography`
with a known escaping, so this style reads the raw field and undoes that escaping instead.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.richtext import String, Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field, sentence

from .bibliography import latex_unescape

STYLE_NAME = "survey"


def title_text(raw: str) -> Text:
    """The title as plain text: drop the protecting outer braces, undo the LaTeX escaping."""
    inner = raw[1:-1] if raw.startswith("{") and raw.endswith("}") else raw
    return Text(String(latex_unescape(inner)))


class Style(PlainStyle):
    def format_title(self, e: object, which_field: str, as_sentence: bool = True) -> object:
        title = field(which_field, raw=True, apply_func=title_text)
        return sentence[title] if as_sentence else title


def register() -> None:
    """Make the style available to pybtex (and so to sphinxcontrib-bibtex) as ``survey``."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, Style, force=True)
