"""Fill the ``added`` field of records that lack it, from git history.

Each record without ``added`` gets the day its file was first committed
(:func:`alignment_survey.data.history.added_dates`, following renames). The file keeps its
comments, quoting and field order; every new record is checked before anything is written, and
each file is replaced atomically. Records that already have ``added`` are never changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alignment_survey.data.history import added_dates
from alignment_survey.data.problems import display_path
from alignment_survey.ingest.arxiv_records import apply_changes
from alignment_survey.ingest.session import (
    CommandError,
    Outcome,
    as_command,
    finish,
    open_curated,
    plan,
    report_problems,
)


@as_command
def backfill_added(data_dir: Path, *, dry_run: bool = False) -> Outcome:
    """Set ``added`` on every record that lacks it; report records git does not know yet."""
    dataset = open_curated(data_dir)
    try:
        dates = added_dates(dataset.papers_dir)
    except ValueError as exc:
        raise CommandError("git", str(exc)) from None
    outcome, planned, untracked = Outcome(), [], []
    for record in dataset.records:
        if record.data.get("added") is not None:
            continue
        day: dt.date | None = dates.get(record.path.stem)
        if day is None:
            untracked.append(record.path.stem)
            continue
        text = apply_changes(record.path.read_text(encoding="utf-8"), {"added": (None, day)})
        item, problems = plan(record.path, text)
        report_problems(outcome, record.path.stem, problems)
        if item is not None:
            planned.append(item)
            outcome.out.append(f"{display_path(record.path)}: added {day.isoformat()}")
    for key in untracked:
        outcome.out.append(f"{key}: not committed yet, left without added (commit it, run again)")
    written = finish(outcome, "backfill", dataset, planned, keep_going=False, dry_run=dry_run)
    verb = "would fill" if dry_run else "filled"
    if written:
        outcome.out.append(f"{verb} added on {len(planned)} record(s)")
    return outcome
