"""Guards: sentences of a chapter that the data must keep true.

A chapter glues every number it can, but some sentences state what no number carries: "the two
largest nodes are weak-to-strong and debate", "all N have an arXiv identifier". A hidden cell
guards each such sentence with :func:`claim`. When new or edited records make the sentence false,
the chapter stops with :class:`BrokenClaim`, whose message is one line naming the chapter, quoting
the sentence and listing the records that broke it::

    chapters/scalable_oversight.md: the sentence "all N have an arXiv identifier" no longer holds
    (records: smith2026foo, doe2026bar); the records are valid: reword the sentence or glue the number

(printed on one line). The records are fine; the prose is what must change. ``make book`` prints
that line at the end of a failed build.

Writing a claim::

    from alignment_survey.book.guards import claim

    # a claim about every record of a set: pass the records that break it
    claim("all N have an arXiv identifier", broken_by=papers[papers["arxiv_id"].isna()])
    # any other claim: whether it holds, and what the data shows now when it does not
    claim(
        "weak-to-strong and debate are the two largest nodes",
        list(nodes.index[:2]) == ["so-weak-to-strong", "so-debate"],
        now=ranking(nodes["papers"]),  # "so-process 14, so-debate 12, so-weak-to-strong 12"
    )

Quote the sentence as the reader sees it, with ``N`` for a glued number. ``broken_by`` takes keys,
a Series of keys, or a DataFrame (its ``key`` or ``name`` column, else its index); ``now`` says
briefly what the data shows instead (a ranking, two counts), for claims no single record breaks.

The chapter comes by itself: the book build tells each chapter's kernel which file it runs
(``SURVEY_CHAPTER``, set by ``_ext/survey_book.py``; the tests that execute chapters set it too),
and JupyterLab tells it through ``JPY_SESSION_NAME``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from alignment_survey.files import layout

CHAPTER_ENV_VAR = "SURVEY_CHAPTER"
SESSION_ENV_VAR = "JPY_SESSION_NAME"  # set by jupyter_server for a notebook's kernel
SHOWN_RECORDS = 10
ADVICE = "the records are valid: reword the sentence or glue the number"


class BrokenClaim(AssertionError):
    """A chapter's sentence that the data no longer supports; its message is one line."""


def claim(
    sentence: str,
    holds: object = None,
    *,
    broken_by: object = None,
    now: str = "",
) -> None:
    """Raise :class:`BrokenClaim` unless ``sentence`` still holds.

    ``holds`` is the test; when it is left out, the claim holds when ``broken_by`` is empty.
    """
    __tracebackhide__ = True  # IPython and pytest show the chapter's line, not this one
    records = record_names(broken_by)
    if holds is None:
        if broken_by is None:
            raise TypeError("claim() needs `holds` or `broken_by`")
        holds = not records
    if bool(holds):
        return
    raise BrokenClaim(message(current_chapter(), sentence, records, now))


def message(chapter: str, sentence: str, records: list[str], now: str = "") -> str:
    """The one-line message of a broken claim."""
    details = []
    if records:
        shown = ", ".join(records[:SHOWN_RECORDS])
        more = len(records) - SHOWN_RECORDS
        details.append(f"records: {shown}" + (f" and {more} more" if more > 0 else ""))
    if now:
        details.append(f"now: {now}")
    found = f" ({'; '.join(details)})" if details else ""
    text = f'{chapter}: the sentence "{sentence}" no longer holds{found}; {ADVICE}'
    return " ".join(text.split())


def ranking(counts: Mapping[object, object], n: int = 3, last: bool = False) -> str:
    """What an order claim finds now: the ``n`` largest (or with ``last``, smallest) ``id count``.

    ``counts`` is a mapping or a Series of counts by id; ties keep their given order.
    """
    items = sorted(dict(counts).items(), key=lambda item: item[1], reverse=not last)  # type: ignore[arg-type,return-value]
    return ", ".join(f"{name} {value}" for name, value in items[:n])


def record_names(records: object) -> list[str]:
    """Keys from keys, a Series of keys, or a DataFrame (``key``/``name`` column, else index)."""
    if records is None:
        return []
    columns = getattr(records, "columns", None)
    if columns is not None:
        column = next((name for name in ("key", "name") if name in columns), None)
        records = records[column] if column else records.index
    if isinstance(records, str) or not isinstance(records, Iterable):
        records = [records]
    return [str(record) for record in records]


def current_chapter() -> str:
    """The running chapter's path relative to the book (``chapters/x.md``), or ``this chapter``."""
    for variable in (CHAPTER_ENV_VAR, SESSION_ENV_VAR):
        if value := os.environ.get(variable):
            path = Path(value)
            beside = Path.cwd() / path.name  # a kernel runs in its notebook's folder
            return chapter_label(beside if not path.is_absolute() and beside.is_file() else path)
    return "this chapter"


def chapter_label(path: Path) -> str:
    """``path`` relative to the book's root (the folder holding ``_toc.yml``) when below it."""
    if not path.is_absolute():
        return path.as_posix()
    for folder in path.parents:
        if (folder / layout.TOC).is_file():
            return path.relative_to(folder).as_posix()
    return path.as_posix()
