"""Checks of the book's sources, so that a mistake stops the build with one clear line each.

Before Sphinx:

* every file ``_toc.yml`` lists exists, and every chapter under ``chapters/`` is listed (with
  ``only_build_toc_files`` Jupyter Book would silently leave an unlisted one out);
* every ``{cite}``, ``{cite:p}``, ``{cite:t}``… key in a Markdown page is a paper of the dataset
  (Sphinx would report it among hundreds of lines, after executing every chapter).

After a failed build, :func:`failed_cells` names each chapter whose code raised, the cell and the
error, from the tracebacks myst-nb saves in ``_build/html/reports/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from alignment_survey.book.toc import SOURCE_SUFFIXES, entries, read_toc, without_suffix
from alignment_survey.data.problems import Problem
from alignment_survey.files import layout

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
INLINE_LITERAL = re.compile(r"``.+?``")  # ``{cite:p}`key` `` shows the syntax, cites nothing
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\S*)")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
RULE = "------------------"


def check_book(root: Path, keys: set[str] | None = None) -> list[Problem]:
    """Every problem of the table of contents and of the citations, in file order."""
    if keys is None:
        keys = dataset_keys(root)
    documents, problems = toc_documents(root)
    problems += unlisted_chapters(root, documents)
    pages = sorted(
        {root / f"{doc}.md" for doc in documents if (root / f"{doc}.md").is_file()}
        | set((root / layout.CHAPTERS).glob("*.md"))
    )
    for page in pages:
        problems += check_citations(page, keys)
    return problems


def dataset_keys(root: Path) -> set[str]:
    """The papers' keys: the record files' names (validation makes each file's key its name)."""
    return {path.stem for path in layout.papers_dir(root / "data").glob("*.yaml")}


def toc_documents(root: Path) -> tuple[list[str], list[Problem]]:
    """The documents ``_toc.yml`` lists (without suffix), and those whose file does not exist."""
    toc = root / layout.TOC
    data, problem = read_toc(root)
    if problem is not None:
        return [], [problem]
    lines = toc.read_text(encoding="utf-8").splitlines()
    documents: list[str] = []
    problems: list[Problem] = []
    for kind, entry in entries(data):
        if kind == "glob":
            documents += [
                str(path.relative_to(root).with_suffix(""))
                for suffix in SOURCE_SUFFIXES
                for path in sorted(root.glob(entry + suffix))
            ]
            continue
        doc = without_suffix(entry)
        documents.append(doc)
        if not any((root / f"{doc}{suffix}").is_file() for suffix in SOURCE_SUFFIXES):
            written = re.compile(rf":\s*['\"]?{re.escape(entry)}['\"]?\s*(#.*)?$")
            line = next((n for n, text in enumerate(lines, 1) if written.search(text)), 0)
            message = f"{entry!r} is listed but neither {doc}.md nor {doc}.ipynb exists"
            problems.append(Problem(toc, kind, message, line))
    return documents, problems


def unlisted_chapters(root: Path, documents: list[str]) -> list[Problem]:
    """Chapter files the table of contents does not list."""
    listed = set(documents)
    return [
        Problem(
            path,
            "toc",
            f"not listed in {layout.TOC}, so the book leaves it out: add '- file: {doc}' there",
        )
        for path in sorted((root / layout.CHAPTERS).glob("*"))
        if path.suffix in SOURCE_SUFFIXES
        and (doc := str(path.relative_to(root).with_suffix(""))) not in listed
    ]


def check_citations(page: Path, keys: set[str]) -> list[Problem]:
    """A problem for each cited key that is not a paper of the dataset."""
    return [
        Problem(page, "cite", f"unknown key {key!r}", line)
        for line, key in citations(page.read_text(encoding="utf-8"))
        if key not in keys
    ]


def citations(text: str) -> Iterator[tuple[int, str]]:
    """``(line, key)`` for each key cited in MyST text, outside code cells and code blocks.

    Directive fences (```` ```{glue:figure} ````, ``:::{note}``) hold prose and are read;
    code fences (```` ```{code-cell} ````, ```` ```python ````, a bare ```` ``` ````) are skipped.
    """
    open_fences: list[tuple[str, bool]] = []  # (fence, holds code) from the outermost in
    for number, line in enumerate(text.splitlines(), start=1):
        fence = FENCE.match(line)
        in_code = bool(open_fences) and open_fences[-1][1]
        if fence:
            marks, info = fence.groups()
            top = open_fences[-1][0] if open_fences else None
            if not info and top and marks[0] == top[0] and len(marks) >= len(top):
                open_fences.pop()
                continue
            if not in_code:
                directive = info.startswith("{") and info != "{code-cell}"
                open_fences.append((marks, marks[0] != ":" and not directive))
                continue
        if in_code or line.lstrip().startswith("%"):  # code, or a MyST comment
            continue
        for match in CITE_ROLE.finditer(INLINE_LITERAL.sub("", line)):
            for key in match.group(1).split(","):
                if key.strip():
                    yield number, key.strip()


def failed_cells(root: Path, since: float = 0.0) -> list[Problem]:
    """``chapters/x.md:LINE: cell N: ValueError: message`` for each traceback saved since ``since``."""
    reports = root / layout.REPORTS
    problems = []
    for log in sorted(reports.rglob("*.err.log")):
        if log.stat().st_mtime < since:
            continue
        doc = log.relative_to(reports).as_posix().removesuffix(".err.log")
        source = next(
            (
                root / f"{doc}{suffix}"
                for suffix in SOURCE_SUFFIXES
                if (root / f"{doc}{suffix}").is_file()
            ),
            root / f"{doc}.md",
        )
        problems.append(describe_failure(source, log.read_text(encoding="utf-8", errors="replace")))
    return problems


def describe_failure(source: Path, log: str) -> Problem:
    """The failing cell (its number among the code cells and its line) and the error, from a log."""
    text = ANSI.sub("", log)
    parts = text.split(f"following cell:\n{RULE}\n", 1)
    cell = parts[1].split(f"\n{RULE}", 1)[0] if len(parts) == 2 else None
    headers = re.findall(r"^(\S+)\s+Traceback \(most recent call last\)", text, flags=re.M)
    lines = [line for line in text.splitlines() if line.strip()]
    error = lines[-1].strip() if lines else "no traceback saved"
    if headers:
        kind = headers[-1]
        error = next((line for line in reversed(lines) if line.startswith(f"{kind}:")), kind)
    number, line = _locate(source, cell) if cell is not None else (0, 0)
    where = f"cell {number}" if number else "cell ?"
    return Problem(source, where, error[:300], line)


def _locate(source: Path, cell: str) -> tuple[int, int]:
    """``(number, line)`` of the code cell holding ``cell``: 1-based among code cells; 0 if unknown."""
    try:
        cells = code_cells(source)
    except (OSError, ValueError):
        return 0, 0
    wanted = cell.strip()
    for number, (line, code) in enumerate(cells, start=1):
        if code.strip() == wanted:
            return number, line
    return 0, 0


def code_cells(source: Path) -> list[tuple[int, str]]:
    """``(line, code)`` of each code cell of a MyST text notebook (line 0 for an ``.ipynb``)."""
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return [(0, "".join(c["source"])) for c in cells if c.get("cell_type") == "code"]
    cells: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence is None and match and match.group(2) == "{code-cell}":
            fence, start, body = match.group(1), number, []
        elif (
            fence is not None and match and not match.group(2) and match.group(1).startswith(fence)
        ):
            cells.append((start, "\n".join(_without_options(body))))
            fence = None
        elif fence is not None:
            body.append(line)
    return cells


def _without_options(body: list[str]) -> list[str]:
    """A code cell's code: without its ``:tags: [...]`` lines or ``---`` block, as jupytext reads it."""
    if body and body[0].strip() == "---":
        end = next((i for i, line in enumerate(body[1:], 1) if line.strip() == "---"), 0)
        body = body[end + 1 :]
    else:
        while body and body[0].startswith(":"):
            body = body[1:]
    return body
