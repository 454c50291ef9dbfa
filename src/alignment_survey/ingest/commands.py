"""Grow and refresh the dataset from arXiv: the ``add``, ``refresh`` and ``search`` commands.

Every command computes all its records first, validates each one and then the would-be
dataset, and writes last (each file atomically), so a failure leaves the dataset as it was.
A command returns an :class:`Outcome`; the command line prints it. Exit codes: 0 done,
1 arXiv or a record failed, 2 the command line or the dataset is wrong (nothing requested).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec

import yaml
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedSeq

from alignment_survey.data.keys import ascii_letters, make_key
from alignment_survey.data.problems import Problem, display_path
from alignment_survey.data.records import (
    FIELD_ORDER,
    RawRecord,
    dump_record,
    read_records,
    record_path,
    round_trip_yaml,
)
from alignment_survey.data.schema import Paper
from alignment_survey.data.validate import Report, check_papers, describe_errors, validate_dataset
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic
from alignment_survey.ingest.arxiv_client import (
    ArxivSource,
    Entry,
    Settings,
    SourceError,
    abs_url,
    normalise_id,
)

DRAFT_NOTE = "draft: review before moving into data/papers"
REFRESHED = "; refreshed from arXiv API "
_REFRESHED_STAMP = re.compile(re.escape(REFRESHED) + r"\d{4}-\d{2}-\d{2}$")
_ARXIV_URL = re.compile(r"^https?://(www\.|export\.)?arxiv\.org/(abs|pdf)/", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
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


def _command(func: Callable[_P, Outcome]) -> Callable[_P, Outcome]:
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
class Dataset:
    """A valid dataset: its records as parsed, its topics and nodes, and what it knows."""

    papers_dir: Path
    records: list[RawRecord]
    report: Report
    known: Known

    @property
    def keys(self) -> set[str]:
        return {record.path.stem for record in self.records}


def open_dataset(data_dir: Path) -> Dataset:
    """Read the dataset; refuse to grow one that does not validate."""
    report = validate_dataset(data_dir)
    if report.problems:
        raise CommandError(
            display_path(data_dir),
            f"the dataset has {len(report.problems)} problem(s); fix them first (see validate)",
        )
    papers_dir = layout.papers_dir(data_dir)
    records, _ = read_records(papers_dir)
    return Dataset(papers_dir, records, report, Known(record.data for record in records))


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


def _open_source(source: ArxivSource | None) -> ArxivSource:
    if source is not None:
        return source
    try:
        return ArxivSource(Settings.from_env())
    except SourceError as exc:
        raise CommandError(exc.subject, exc.what) from None


def _today(today: dt.date | None) -> dt.date:
    return today or dt.datetime.now(dt.UTC).date()


# --- records from arXiv ---------------------------------------------------------------------


def venue_year(entry: Entry) -> int:
    """The year of the journal reference when it names one, else the year arXiv published it."""
    this_year = dt.date.today().year
    years = [int(y) for y in _YEAR.findall(entry.journal_ref or "")]
    plausible = [y for y in years if entry.published.year - 1 <= y <= this_year]
    return plausible[-1] if plausible else entry.published.year


def arxiv_fields(entry: Entry) -> dict[str, Any]:
    """A record's metadata fields as arXiv gives them; ``month`` only when the year is arXiv's."""
    year = venue_year(entry)
    return {
        "title": entry.title,
        "authors": list(entry.authors),
        "year": year,
        "month": entry.published.month if year == entry.published.year else None,
        "venue": entry.journal_ref or "arXiv",
        "arxiv_id": entry.arxiv_id,
        "doi": entry.doi,
        "url": abs_url(entry.arxiv_id),
    }


def new_record(
    entry: Entry,
    topics: Sequence[str],
    taxonomy: Sequence[str],
    taken: Iterable[str],
    today: dt.date,
    notes: str | None = None,
) -> dict[str, Any]:
    """A complete record for a paper not yet in the dataset, with a fresh unique key."""
    fields = arxiv_fields(entry)
    key = make_key(fields["authors"], fields["year"], fields["title"], taken)
    return {
        "key": key,
        **fields,
        "topics": list(topics),
        "taxonomy": list(taxonomy),
        "source": f"arXiv API {today.isoformat()}",
        "notes": notes,
    }


def is_preprint(venue: Any) -> bool:
    return str(venue).strip().lower() == "arxiv"


def refreshed_source(source: str, today: dt.date) -> str:
    """``source`` with one ``; refreshed from arXiv API <date>`` at its end."""
    return _REFRESHED_STAMP.sub("", source) + f"{REFRESHED}{today.isoformat()}"


def refresh_changes(
    record: Mapping[str, Any], entry: Entry, today: dt.date
) -> dict[str, tuple[Any, Any]]:
    """``field -> (old, new)`` for a record's metadata from arXiv; curator fields never change.

    Title and authors follow arXiv (its author list is complete). Venue and year follow arXiv
    only for a preprint (venue "arXiv"): a conference's venue and year stay. ``month`` is
    filled when missing and arXiv's year is the record's; a DOI is taken when arXiv has one;
    ``url`` is rewritten only when it is an arXiv URL.
    """
    fresh = arxiv_fields(entry)
    wanted: dict[str, Any] = {"title": fresh["title"], "authors": fresh["authors"]}
    if is_preprint(record.get("venue")):
        wanted["venue"], wanted["year"] = fresh["venue"], fresh["year"]
    year = wanted.get("year", record.get("year"))
    if record.get("month") is None and entry.published.year == year:
        wanted["month"] = entry.published.month
    if fresh["doi"]:
        wanted["doi"] = fresh["doi"]
    if _ARXIV_URL.match(str(record.get("url", ""))):
        wanted["url"] = fresh["url"]
    changes = {
        name: (record.get(name), wanted[name])
        for name in FIELD_ORDER
        if name in wanted and record.get(name) != wanted[name]
    }
    if changes:
        changes["source"] = (record["source"], refreshed_source(str(record["source"]), today))
    return changes


def apply_changes(text: str, changes: Mapping[str, tuple[Any, Any]]) -> str:
    """Rewrite a record's YAML with new values, keeping comments, quoting and field order."""
    handler = round_trip_yaml()
    data = handler.load(text)
    for name, (_, new) in changes.items():
        if name not in data:
            data.insert(_position(list(data), name), name, new)
        elif isinstance(data[name], CommentedSeq) and isinstance(new, list):
            _replace_items(data[name], new)
        else:
            data[name] = new
    buffer = io.StringIO()
    handler.dump(data, buffer)
    return buffer.getvalue()


def _position(present: list[str], name: str) -> int:
    """Where a missing field goes: after the last present field that comes before it."""
    earlier = FIELD_ORDER[: FIELD_ORDER.index(name)]
    return max((present.index(other) + 1 for other in earlier if other in present), default=0)


def _replace_items(sequence: CommentedSeq, items: list[Any]) -> None:
    """Replace a list's items in place; a comment after its last item stays after the new last."""
    trailing = sequence.ca.items.pop(len(sequence) - 1, None) if sequence else None
    sequence.ca.items.clear()
    sequence[:] = items
    if trailing is not None and items:
        sequence.ca.items[len(items) - 1] = trailing


def show(value: Any) -> str:
    """A value for a ``field: old -> new`` line: strings quoted, long author lists shortened."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        names = [str(item) for item in value]
        if len(names) > 4:
            names = [*names[:3], f"… {len(value)} names"]
        return "[" + ", ".join(names) + "]"
    return repr(str(value)) if isinstance(value, str) else str(value)


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


def check_would_be(dataset: Dataset, planned: Sequence[Planned]) -> list[Problem]:
    """Every rule across records (unique ids, known topics…) on the dataset as it would be."""
    records = {record.path: record for record in dataset.records}
    records.update({item.path: RawRecord(item.path, item.data) for item in planned})
    report = Report(topics=list(dataset.report.topics), nodes=list(dataset.report.nodes))
    check_papers([records[path] for path in sorted(records)], report)
    return report.problems


def write_all(planned: Sequence[Planned]) -> None:
    for item in planned:
        write_text_atomic(item.path, item.text)


def _report_problems(outcome: Outcome, subject: str, problems: Iterable[Problem]) -> None:
    for problem in problems:
        outcome.fail(subject, f"{problem.field}: {problem.message}")


def _finish(
    outcome: Outcome,
    command: str,
    dataset: Dataset,
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


# --- the commands ---------------------------------------------------------------------------


@_command
def add_papers(
    data_dir: Path,
    raw_ids: Sequence[str],
    topics: Sequence[str],
    taxonomy: Sequence[str] | None = None,
    *,
    keep_going: bool = False,
    source: ArxivSource | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """``add``: fetch papers by arXiv id and write one new record each."""
    dataset = open_dataset(data_dir)
    ids = parse_ids(raw_ids)
    topics, taxonomy = classification(dataset.report, topics, taxonomy)
    outcome = Outcome()
    wanted = []
    for arxiv_id in ids:
        if key := dataset.known.match(arxiv_id):
            outcome.out.append(f"{arxiv_id}: already in the dataset as {key}; nothing changed")
        else:
            wanted.append(arxiv_id)
    if not wanted:
        return outcome
    found, failures = _open_source(source).fetch(wanted, keep_going)
    for failure in failures:
        outcome.fail(failure.subject, failure.what)
    taken, planned, added = set(dataset.keys), [], []
    for arxiv_id in wanted:
        if arxiv_id not in found:
            continue
        entry = found[arxiv_id]
        if key := dataset.known.match_entry(entry):
            outcome.out.append(f"{arxiv_id}: already in the dataset as {key}; nothing changed")
            continue
        record = new_record(entry, topics, taxonomy, taken, _today(today))
        path = record_path(dataset.papers_dir, record["key"])
        item, problems = plan(path, dump_record(record))
        _report_problems(outcome, arxiv_id, problems)
        if item is not None:
            taken.add(record["key"])
            dataset.known.add(record)
            planned.append(item)
            added.append(f"added {display_path(path)} ({arxiv_id}: {entry.title})")
    if _finish(outcome, "add", dataset, planned, keep_going):
        outcome.out.extend(added)
    return outcome


@_command
def refresh_papers(
    data_dir: Path,
    keys: Sequence[str] = (),
    *,
    dry_run: bool = False,
    keep_going: bool = False,
    source: ArxivSource | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """``refresh``: update the metadata of records (all with an arXiv id when no key is given)."""
    dataset = open_dataset(data_dir)
    by_key = {record.path.stem: record for record in dataset.records}
    for key in keys:
        if key not in by_key:
            raise CommandError(key, "no such record")
        if not by_key[key].data.get("arxiv_id"):
            raise CommandError(key, "has no arxiv_id to refresh from")
    chosen = (
        [by_key[key] for key in dict.fromkeys(keys)]
        if keys
        else [record for record in dataset.records if record.data.get("arxiv_id")]
    )
    by_id = {str(record.data["arxiv_id"]): record for record in chosen}
    outcome = Outcome()
    found, failures = _open_source(source).fetch(list(by_id), keep_going)
    for failure in failures:
        record = by_id.get(failure.subject)
        kept = f"; record {record.path.stem} kept" if record else ""
        outcome.fail(failure.subject, failure.what + kept)
    planned = []
    for arxiv_id, record in by_id.items():
        if arxiv_id not in found:
            continue
        changes = refresh_changes(record.data, found[arxiv_id], _today(today))
        if not changes:
            continue
        text = apply_changes(record.path.read_text(encoding="utf-8"), changes)
        item, problems = plan(record.path, text)
        _report_problems(outcome, record.path.stem, problems)
        if item is not None:
            planned.append(item)
            outcome.out.extend(
                f"{record.path.stem}: {name}: {show(old)} -> {show(new)}"
                for name, (old, new) in changes.items()
            )
    written = _finish(outcome, "refresh", dataset, planned, keep_going, dry_run)
    outcome.out.append(f"{len(found)} of {len(by_id)} records fetched, {len(planned)} with changes")
    if dry_run and written:
        outcome.out.append("dry run: nothing written")
    return outcome


@_command
def search_papers(
    data_dir: Path,
    query: str,
    *,
    since: dt.date | None = None,
    max_results: int = 50,
    stage: Path | None = None,
    topics: Sequence[str] = (),
    taxonomy: Sequence[str] | None = None,
    source: ArxivSource | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """``search``: list papers that match and are not in the dataset; ``stage`` writes drafts."""
    dataset = open_dataset(data_dir)
    if not query.strip():
        raise CommandError("QUERY", "is empty")
    if max_results < 1:
        raise CommandError("--max", f"{max_results} is not a positive number")
    if stage is not None:
        topics, taxonomy = classification(dataset.report, topics, taxonomy)
        if stage.resolve() == dataset.papers_dir.resolve():
            raise CommandError("--stage", "drafts need a folder of their own, not data/papers")
    entries = _open_source(source).search(query, since, max_results)
    candidates = [entry for entry in entries if not dataset.known.match_entry(entry)]
    outcome = Outcome()
    outcome.out.extend(f"{e.arxiv_id}  {e.published.isoformat()}  {e.title}" for e in candidates)
    outcome.out.append(f"{len(candidates)} of {len(entries)} results not in the dataset")
    if stage is None or not candidates:
        return outcome
    drafts, _ = read_records(stage) if stage.is_dir() else ([], [])
    staged = Known(draft.data for draft in drafts)
    taken = dataset.keys | {draft.path.stem for draft in drafts}
    planned = []
    for entry in candidates:
        if key := staged.match_entry(entry):
            outcome.out.append(f"{entry.arxiv_id}: already staged as {key}")
            continue
        record = new_record(entry, topics, taxonomy, taken, _today(today), DRAFT_NOTE)
        item, problems = plan(record_path(stage, record["key"]), dump_record(record))
        _report_problems(outcome, entry.arxiv_id, problems)
        if item is not None:
            taken.add(record["key"])
            staged.add(record)
            planned.append(item)
    if outcome.code:
        outcome.fail("search", "nothing staged, a draft would not validate")
        return outcome
    write_all(planned)
    outcome.out.extend(f"staged {display_path(item.path)}" for item in planned)
    return outcome
