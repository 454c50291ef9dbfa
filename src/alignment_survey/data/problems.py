"""A validation problem: where it is, which field, and what is wrong."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One line of a report: ``path: field: message``, or ``path:line: field: message``."""

    path: Path
    field: str
    message: str
    line: int = 0  # 1-based line in the file; 0 when the problem is not tied to a line

    def __str__(self) -> str:
        where = display_path(self.path) + (f":{self.line}" if self.line else "")
        return printable(f"{where}: {self.field}: {self.message}")


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command: an error annotation on the file."""
    where = f"file={_property(display_path(problem.path))}"
    line = problem.line or _field_line(problem.path, problem.field)
    if line:
        where += f",line={line}"
    title = _property(problem.field)
    message = _data(f"{problem.field}: {problem.message}")
    return f"::error {where},title={title}::{message}"


def _field_line(path: Path, field: str) -> int:
    """The line where a YAML file's top-level ``field`` starts (0 when not found)."""
    name = re.split(r"[.\[]", field, maxsplit=1)[0]
    if path.suffix != ".yaml" or not name or not path.is_file():
        return 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((number for number, text in enumerate(lines, 1) if text.startswith(f"{name}:")), 0)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def printable(text: str) -> str:
    """Keep a report to one line per problem and out of reach of terminal escape codes."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class DatasetError(Exception):
    """Raised by the loader when the dataset does not validate."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n{lines}{more}")
