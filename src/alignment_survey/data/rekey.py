"""Keys by one rule: find the records whose key breaks it, and rename them everywhere at once.

The rule is :func:`alignment_survey.data.keys.make_key`'s. A key that is the rule's base key, or the
base key with a tie-breaking suffix (``b``…``z``, ``27``…), follows it. ``papers.py rekey`` lists the
renames; ``--apply`` renames the record files, rewrites their ``key`` field and replaces every
whole-word mention of the old key in the book's sources (chapters, pages, taxonomy, tests).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from alignment_survey.data.keys import make_key
from alignment_survey.data.problems import Problem
from alignment_survey.data.records import read_records, record_path
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic

# Text files that may cite or name a key, relative to the book's root.
MENTIONING = (
    "*.md",
    "chapters/*.md",
    "data/*.yaml",
    "data/*.md",
    "data/papers/*.yaml",
    "tests/*.py",
    "bench/*.py",
)
_SUFFIX = re.compile(r"^(?:[b-z]|\d{2,})$")


def follows_rule(key: str, record: Mapping[str, Any]) -> bool:
    """True when ``key`` is the rule's key for the record, or that key with a tie-breaking suffix."""
    base = make_key(list(record.get("authors") or []), int(record["year"]), str(record["title"]))
    return key == base or (key.startswith(base) and bool(_SUFFIX.match(key[len(base) :])))


def planned_renames(records: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    """``{old key: new key}`` for every record whose key breaks the rule, in key order."""
    records = sorted(records, key=lambda item: item[0])
    keep = {key for key, record in records if follows_rule(key, record)}
    taken = {key for key, _ in records}  # no new key may be an old one: renames never chain
    renames = {}
    for key, record in records:
        if key in keep:
            continue
        new = make_key(
            list(record.get("authors") or []), int(record["year"]), str(record["title"]), taken
        )
        taken.add(new)
        renames[key] = new
    return renames


def dataset_renames(root: Path) -> tuple[dict[str, str], list[Problem]]:
    """The renames the dataset under ``root`` needs, and the records that could not be read
    (whose keys are therefore unchecked)."""
    records, unreadable = read_records(layout.papers_dir(root / layout.DATA))
    return planned_renames((record.path.stem, record.data) for record in records), unreadable


def apply_renames(root: Path, renames: Mapping[str, str]) -> list[Path]:
    """Rename the records and rewrite every mention of their keys; return the files changed."""
    if not renames:
        return []
    papers = layout.papers_dir(root / layout.DATA)
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True))) + r")\b"
    )
    changed = []
    for path in sorted({p for glob in MENTIONING for p in root.glob(glob) if p.is_file()}):
        text = path.read_text(encoding="utf-8")
        new_text = pattern.sub(lambda match: renames[match.group(1)], text)
        if new_text != text:
            write_text_atomic(path, new_text)
            changed.append(path)
    for old, new in renames.items():
        record_path(papers, old).rename(record_path(papers, new))
        changed.append(record_path(papers, new))
    return changed
