"""What every curation command shares: its outcome, the dataset it grows, planning and writing.

A command computes all its records first, validates each one and then the would-be dataset, and
writes last (each file atomically), so a failure leaves the dataset as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec

import yaml
from pydantic import ValidationError

from alignment_survey.data.keys import ascii_letters
from alignment_survey.data.problems import Problem, display_path
from alignment_survey.data.records import (
    RawRecord,
    read_records,
)
from alignment_survey.data.report import Report, describe_errors
from alignment_survey.data.schema import Paper
from alignment_survey.data.validate import check_papers, validate_dataset
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic
from alignment_survey.ingest.arxiv_client import (
    ArxivSource,
    Entry,
    Settings,
    SourceError,
    normalise_id,
)

_P = ParamSpec("_P")


class CommandError(Exception):
    """A wrong argument or dataset: the command stops (exit 2) before any request or write."""

    def __init__(self, subject: str, what: str):
        super().__init__(f"{subject}: {what}")


@dataclass
class Outcome:
    """What a command did: an exit code, lines for stdout, and ``subject: what`` error lines."""

    code: int = 0
    out: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def fail(self, subject: str, what: str, code: int = 1) -> None:
        self.errors.append(f"{subject}: {what}")
        self.code = max(self.code, code)


def as_command(func: Callable[_P, Outcome]) -> Callable[_P, Outcome]:
    """Turn a :class:`CommandError` or an unanswered search into a failed outcome."""

    @functools.wraps(func)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> Outcome:
        try:
            return func(*args, **kwargs)
        except CommandError as exc:
            return Outcome(code=2, errors=[str(exc)])
        except SourceError as exc:
            return Outcome(code=1, errors=[f"{exc}; nothing written"])

    return run


# --- the dataset as the commands see it ---------------------------------------------------


class Known:
    """The papers a folder of records holds, by arXiv id, DOI and normalised title."""

    def __init__(self, records: Iterable[Mapping[str, Any]] = ()):
        self._by: dict[str, dict[str, str]] = {"arXiv id": {}, "DOI": {}, "title": {}}
        for record in records:
            self.add(record)

    @staticmethod
    def _signatures(arxiv_id: Any, doi: Any, title: Any) -> dict[str, str]:
        values = {
            "arXiv id": arxiv_id,
            "DOI": str(doi or "").lower(),
            "title": ascii_letters(str(title or "")),
        }
        return {kind: value for kind, value in values.items() if value}

    def add(self, record: Mapping[str, Any]) -> None:
        found = self._signatures(record.get("arxiv_id"), record.get("doi"), record.get("title"))
        for kind, value in found.items():
            self._by[kind].setdefault(value, str(record.get("key")))

    def match(self, arxiv_id: str, doi: str | None = None, title: str | None = None) -> str | None:
        """``KEY (same DOI)``-style description of the record that is this paper, if any."""
        for kind, value in self._signatures(arxiv_id, doi, title).items():
            if value in self._by[kind]:
                return self._by[kind][value] + ("" if kind == "arXiv id" else f" (same {kind})")
        return None

    def match_entry(self, entry: Entry) -> str | None:
        return self.match(entry.arxiv_id, entry.doi, entry.title)


@dataclass
class Curated:
    """A valid dataset: its records as parsed, its topics and nodes, and what it knows."""

    papers_dir: Path
    records: list[RawRecord]
    report: Report
    known: Known

    @property
    def keys(self) -> set[str]:
        return {record.path.stem for record in self.records}


def open_curated(data_dir: Path) -> Curated:
    """Read the dataset; refuse to grow one that does not validate."""
    report = validate_dataset(data_dir)
    if report.problems:
        raise CommandError(
            display_path(data_dir),
            f"the dataset has {len(report.problems)} problem(s); fix them first (see validate)",
        )
    papers_dir = layout.papers_dir(data_dir)
    records, _ = read_records(papers_dir)
    return Curated(papers_dir, records, report, Known(record.data for record in records))


def parse_ids(raw_ids: Sequence[str]) -> list[str]:
    """Normalised, de-duplicated arXiv ids; an argument that is not one stops the command."""
    ids = []
    for raw in raw_ids:
        arxiv_id = normalise_id(raw)
        if arxiv_id is None:
            raise CommandError(raw, "not an arXiv id (like 2406.01252v3 or hep-th/9901001)")
        ids.append(arxiv_id)
    return list(dict.fromkeys(ids))


def classification(
    report: Report, topics: Sequence[str], taxonomy: Sequence[str] | None
) -> tuple[list[str], list[str]]:
    """Check ``--topic`` and ``--taxonomy``; by default the nodes named as the topics."""
    topic_ids = [topic.id for topic in report.topics]
    known = ", ".join(topic_ids)
    node_ids = {node.id for node in report.nodes}
    if not topics:
        raise CommandError("--topic", f"is required (one of {known})")
    for topic in topics:
        if topic not in topic_ids:
            raise CommandError("--topic", f"unknown topic {topic!r} (one of {known})")
    if not taxonomy:
        unnamed = [topic for topic in topics if topic not in node_ids]
        if unnamed:
            raise CommandError("--taxonomy", f"is required: no node is named {unnamed[0]!r}")
        taxonomy = topics
    for node in taxonomy:
        if node not in node_ids:
            raise CommandError("--taxonomy", f"unknown node {node!r} (see data/taxonomy.yaml)")
    return list(dict.fromkeys(topics)), list(dict.fromkeys(taxonomy))


def open_source(source: ArxivSource | None) -> ArxivSource:
    if source is not None:
        return source
    try:
        return ArxivSource(Settings.from_env())
    except SourceError as exc:
        raise CommandError(exc.subject, exc.what) from None


def utc_today(today: dt.date | None) -> dt.date:
    return today or dt.datetime.now(dt.UTC).date()


# --- planning and writing -------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A file to write: its path, its text, and the mapping that text parses to."""

    path: Path
    text: str
    data: dict[str, Any]


def plan(path: Path, text: str) -> tuple[Planned | None, list[Problem]]:
    """Parse the text about to be written and check it against the schema."""
    data = yaml.safe_load(text)
    try:
        Paper.model_validate(data)
    except ValidationError as exc:
        return None, describe_errors(path, exc)
    return Planned(path, text, data), []


def check_would_be(dataset: Curated, planned: Sequence[Planned]) -> list[Problem]:
    """Every rule across records (unique ids, known topics…) on the dataset as it would be."""
    records = {record.path: record for record in dataset.records}
    records.update({item.path: RawRecord(item.path, item.data) for item in planned})
    report = Report(topics=list(dataset.report.topics), nodes=list(dataset.report.nodes))
    check_papers([records[path] for path in sorted(records)], report)
    return report.problems


def write_all(planned: Sequence[Planned]) -> None:
    for item in planned:
        write_text_atomic(item.path, item.text)


def report_problems(outcome: Outcome, subject: str, problems: Iterable[Problem]) -> None:
    for problem in problems:
        outcome.fail(subject, f"{problem.field}: {problem.message}")


def finish(
    outcome: Outcome,
    command: str,
    dataset: Curated,
    planned: list[Planned],
    keep_going: bool,
    dry_run: bool = False,
) -> bool:
    """Write the planned files unless something failed (and ``--keep-going`` was not given).

    Returns whether they were written (or, in a dry run, would be).
    """
    if outcome.code and not keep_going:
        outcome.fail(command, "nothing written (--keep-going writes what succeeded)")
        return False
    problems = check_would_be(dataset, planned)
    if problems:
        for problem in problems:
            outcome.fail(display_path(problem.path), f"{problem.field}: {problem.message}")
        outcome.fail(command, "nothing written, the dataset would not validate")
        return False
    if not dry_run:
        write_all(planned)
    return True
