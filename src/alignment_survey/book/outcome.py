"""What ``make book`` prints when it fails: one line per problem, then one line of what to do next.

Every failure ends with a ``next:`` line naming the file (and field or sentence) to change and the
command to rerun, so a contributor never has to read a traceback to know where to start.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from alignment_survey.book.guards import BrokenClaim
from alignment_survey.data.problems import Problem, display_path
from alignment_survey.files import layout

GUARD_PREFIX = f"{BrokenClaim.__name__}: "
RERUN = "then rerun `make book`"


def is_guard(problem: Problem) -> bool:
    """Whether a chapter stopped on a broken claim (a sentence the data no longer supports)."""
    return problem.message.startswith(GUARD_PREFIX)


def failure_line(problem: Problem) -> str:
    """The guard's own one-line message for a broken claim; the problem's line otherwise."""
    if not is_guard(problem):
        return str(problem)
    text = problem.message.removeprefix(GUARD_PREFIX)
    chapter = display_path(problem.path)
    return text.replace("this chapter:", f"{chapter}:", 1) if text.startswith("this ") else text


def _files(paths: Iterable[Path], most: int = 3) -> str:
    names = list(dict.fromkeys(display_path(path) for path in paths))
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def next_before_sphinx(problems: list[Problem]) -> str:
    """After problems found before Sphinx: data records, the table of contents, citations."""
    data = [p for p in problems if Path(display_path(p.path)).parts[:1] == layout.DATA.parts]
    steps = []
    if data:
        steps.append(
            f"fix the field named on each line in {_files(p.path for p in data)}, "
            "check with `make validate`"
        )
    if rest := [p for p in problems if p not in data]:
        steps.append(f"fix {_files(p.path for p in rest)} at the line and field named above")
    return f"next: {'; '.join(steps)}; {RERUN}"


def next_after_chapters(failures: list[Problem]) -> str:
    """After chapters raised: reword a guarded sentence, or fix the failing cell."""
    steps = []
    if guards := [p for p in failures if is_guard(p)]:
        steps.append(
            f"reword the quoted sentence in {_files(p.path for p in guards)} "
            "or glue its number (the records are valid)"
        )
    for problem in failures:
        if not is_guard(problem):
            report = layout.REPORTS / Path(display_path(problem.path)).with_suffix(".err.log")
            steps.append(
                f"fix {problem.field} of {display_path(problem.path)}"
                f"{f' (line {problem.line})' if problem.line else ''}, traceback in "
                f"{report.as_posix()} (`make lab` runs the chapter)"
            )
    return f"next: {'; '.join(steps)}; {RERUN}"


NEXT_AFTER_WARNINGS = (
    "next: fix each WARNING above in the source file it names (path:line), then rerun `make book`"
)
NEXT_AFTER_LINKS = (
    "next: fix each link above in the source of its page (chapters/x.html comes from "
    "chapters/x.md: a {ref}, {doc}, {numref} or Markdown link), then rerun `make book`"
)
