"""Name the Atom feeds in the page head, so that feed readers find them from any page.

Every page links the book's feed (``<link rel="alternate" type="application/atom+xml">``); the
What's new page links the feed of each topic as well. The feeds themselves are generated before
the build (:mod:`alignment_survey.book.feeds`) into ``_generated/site/feeds/``.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

import pandas as pd
import yaml
from sphinx.application import Sphinx

from alignment_survey.book.feeds import Feed, feeds_of
from alignment_survey.files import layout

WHATS_NEW = "whats_new"


@functools.lru_cache(maxsize=4)
def _feeds(srcdir: str) -> list[Feed]:
    """The feeds of the book in ``srcdir`` (its topics are read once per build)."""
    path = layout.taxonomy_file(Path(srcdir) / layout.DATA)
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    return feeds_of(pd.DataFrame(taxonomy["topics"], columns=["id", "label", "description"]))


def link_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    feeds = _feeds(str(app.srcdir))
    shown = feeds if pagename == WHATS_NEW else feeds[:1]
    pathto = context["pathto"]
    tags = "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{html.escape(feed.title)}" '
        f'href="{html.escape(pathto(feed.path, 1))}" />\n'
        for feed in shown
    )
    context["metatags"] = context.get("metatags", "") + tags


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", link_feeds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
