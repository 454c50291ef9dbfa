"""Records from arXiv entries: new records, and the changes a refresh makes to existing ones."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from alignment_survey.data.keys import make_key
from alignment_survey.data.records import (
    FIELD_ORDER,
    round_trip_yaml,
)
from alignment_survey.ingest.arxiv_client import (
    Entry,
    abs_url,
)

REFRESHED = "; refreshed from arXiv API "
_REFRESHED_STAMP = re.compile(re.escape(REFRESHED) + r"\d{4}-\d{2}-\d{2}$")
_ARXIV_URL = re.compile(r"^https?://(www\.|export\.)?arxiv\.org/(abs|pdf)/", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


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
        "added": today,
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


def shown(value: Any) -> str:
    """A value for a ``field: old -> new`` line: strings quoted, long author lists shortened."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        names = [str(item) for item in value]
        if len(names) > 4:
            names = [*names[:3], f"… {len(value)} names"]
        return "[" + ", ".join(names) + "]"
    return repr(str(value)) if isinstance(value, str) else str(value)
