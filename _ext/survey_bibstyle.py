"""Register the book's pybtex style (``bibtex_default_style: survey``) before the bibliography is read."""

from sphinx.application import Sphinx

from alignment_survey.book.bibstyle import register


def setup(app: Sphinx) -> dict:
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
