"""Grow and refresh the dataset from arXiv: the ``add``, ``refresh`` and ``search`` commands.

Every command computes all its records first, validates each one and then the would-be
dataset, and writes last (each file atomically), so a failure leaves the dataset as it was.
A command returns an :class:`Outcome`; the command line prints it. Exit codes: 0 done,
1 arXiv or a record failed, 2 the command line or the dataset is wrong (nothing requested).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from alignment_survey.data.problems import display_path
from alignment_survey.data.records import (
    dump_record,
    read_records,
    record_path,
)
from alignment_survey.ingest.arxiv_client import (
    ArxivSource,
)
from alignment_survey.ingest.arxiv_records import apply_changes, new_record, refresh_changes, shown
from alignment_survey.ingest.session import (
    CommandError,
    Known,
    Outcome,
    as_command,
    classification,
    finish,
    open_curated,
    open_source,
    parse_ids,
    plan,
    report_problems,
    utc_today,
    write_all,
)

DRAFT_NOTE = "draft: review before moving into data/papers"


# --- the commands ---------------------------------------------------------------------------


@as_command
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
    dataset = open_curated(data_dir)
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
    found, failures = open_source(source).fetch(wanted, keep_going)
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
        record = new_record(entry, topics, taxonomy, taken, utc_today(today))
        path = record_path(dataset.papers_dir, record["key"])
        item, problems = plan(path, dump_record(record))
        report_problems(outcome, arxiv_id, problems)
        if item is not None:
            taken.add(record["key"])
            dataset.known.add(record)
            planned.append(item)
            added.append(f"added {display_path(path)} ({arxiv_id}: {entry.title})")
    if finish(outcome, "add", dataset, planned, keep_going):
        outcome.out.extend(added)
    return outcome


@as_command
def suggest_for_ids(
    data_dir: Path, raw_ids: Sequence[str], *, source: ArxivSource | None = None
) -> Outcome:
    """``add --suggest``: fetch the papers' titles and propose taxonomy nodes; write nothing."""
    from alignment_survey.analysis.suggest import format_suggestions, suggest
    from alignment_survey.data.load import load_dataset

    dataset = open_curated(data_dir)
    ids = parse_ids(raw_ids)
    found, failures = open_source(source).fetch(ids, keep_going=True)
    outcome = Outcome()
    for failure in failures:
        outcome.fail(failure.subject, failure.what)
    survey = load_dataset(data_dir)
    for arxiv_id in ids:
        if arxiv_id in found:
            entry = found[arxiv_id]
            if key := dataset.known.match_entry(entry):
                outcome.out.append(f"{arxiv_id}: already in the dataset as {key}")
            text = format_suggestions(f"{arxiv_id} {entry.title}", suggest(survey, entry.title))
            outcome.out.extend(text.splitlines())
    outcome.out.append("suggestions only: nothing written (add with --topic and --taxonomy)")
    return outcome


@as_command
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
    dataset = open_curated(data_dir)
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
    found, failures = open_source(source).fetch(list(by_id), keep_going)
    for failure in failures:
        record = by_id.get(failure.subject)
        kept = f"; record {record.path.stem} kept" if record else ""
        outcome.fail(failure.subject, failure.what + kept)
    planned = []
    for arxiv_id, record in by_id.items():
        if arxiv_id not in found:
            continue
        changes = refresh_changes(record.data, found[arxiv_id], utc_today(today))
        if not changes:
            continue
        text = apply_changes(record.path.read_text(encoding="utf-8"), changes)
        item, problems = plan(record.path, text)
        report_problems(outcome, record.path.stem, problems)
        if item is not None:
            planned.append(item)
            outcome.out.extend(
                f"{record.path.stem}: {name}: {shown(old)} -> {shown(new)}"
                for name, (old, new) in changes.items()
            )
    written = finish(outcome, "refresh", dataset, planned, keep_going, dry_run)
    outcome.out.append(f"{len(found)} of {len(by_id)} records fetched, {len(planned)} with changes")
    if dry_run and written:
        outcome.out.append("dry run: nothing written")
    return outcome


@as_command
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
    dataset = open_curated(data_dir)
    if not query.strip():
        raise CommandError("QUERY", "is empty")
    if max_results < 1:
        raise CommandError("--max", f"{max_results} is not a positive number")
    if stage is not None:
        topics, taxonomy = classification(dataset.report, topics, taxonomy)
        if stage.resolve() == dataset.papers_dir.resolve():
            raise CommandError("--stage", "drafts need a folder of their own, not data/papers")
    entries = open_source(source).search(query, since, max_results)
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
        record = new_record(entry, topics, taxonomy, taken, utc_today(today), DRAFT_NOTE)
        item, problems = plan(record_path(stage, record["key"]), dump_record(record))
        report_problems(outcome, entry.arxiv_id, problems)
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
