"""The book's table of contents (``_toc.yml``): the one module that reads and extends it."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from alignment_survey.data.problems import Problem
from alignment_survey.data.records import read_yaml
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic

SOURCE_SUFFIXES = (".md", ".ipynb")


def read_toc(root: Path) -> tuple[Any, Problem | None]:
    """The parsed table of contents, or the problem that stops it being read."""
    data, problem = read_yaml(root / layout.TOC, max_bytes=1_000_000)
    if problem is None and not (isinstance(data, dict) and isinstance(data.get("root"), str)):
        problem = Problem(
            root / layout.TOC, "root", "expected a jb-book table of contents with a root page"
        )
    return data, problem


def entries(node: object) -> Iterator[tuple[str, str]]:
    """``(kind, value)`` for the root, every ``file:`` and every ``glob:`` of the toc, in order."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("root", "file", "glob") and isinstance(value, str):
                yield name, value
            else:
                yield from entries(value)
    elif isinstance(node, list):
        for item in node:
            yield from entries(item)


def without_suffix(entry: str) -> str:
    for suffix in SOURCE_SUFFIXES:
        if entry.endswith(suffix):
            return entry[: -len(suffix)]
    return entry


def documents(root: Path) -> list[str]:
    """Every page the table of contents lists, root first, without suffix."""
    data, problem = read_toc(root)
    if problem is not None:
        raise ValueError(str(problem))
    return [without_suffix(value) for kind, value in entries(data) if kind != "glob"]


def chapters(root: Path) -> list[str]:
    """The survey's chapters (pages under ``chapters/``), in the book's order."""
    prefix = f"{layout.CHAPTERS.as_posix()}/"
    return [doc for doc in documents(root) if doc.startswith(prefix)]


def append_chapter(root: Path, document: str) -> str:
    """The table of contents with ``document`` appended to its first part (text, not written)."""
    handler = YAML()
    handler.preserve_quotes = True
    handler.indent(mapping=2, sequence=4, offset=2)
    toc = handler.load((root / layout.TOC).read_text(encoding="utf-8"))
    toc["parts"][0]["chapters"].append({"file": document})
    buffer = StringIO()
    handler.dump(toc, buffer)
    return buffer.getvalue()


def write_toc(root: Path, text: str) -> None:
    write_text_atomic(root / layout.TOC, text)
