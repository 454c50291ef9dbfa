"""Read and write paper records (``data/papers/<key>.yaml``)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .atomic import write_text_atomic
from .problems import Problem

FIELD_ORDER = (
    "key", "title", "authors", "year", "month", "venue", "arxiv_id", "doi", "url",
    "topics", "taxonomy", "source", "notes",
)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class RawRecord:
    """A record file's parsed mapping, before schema validation."""

    path: Path
    data: dict[str, Any]


def record_path(papers_dir: Path, key: str) -> Path:
    return papers_dir / f"{key}.yaml"


def read_record_file(path: Path) -> tuple[RawRecord | None, Problem | None]:
    """Parse one record file; return the mapping or the one problem that stops it."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(path, "-", f"not UTF-8 text (byte {exc.start})")
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return None, Problem(path, "-", f"YAML syntax error{where}: {reason}")
    if data is None:
        return None, Problem(path, "-", "empty file: expected a mapping of fields")
    if not isinstance(data, dict):
        return None, Problem(path, "-", f"expected a mapping of fields, found a {type(data).__name__}")
    return RawRecord(path, data), None


def read_records(papers_dir: Path) -> tuple[list[RawRecord], list[Problem]]:
    """Parse every ``*.yaml`` record in a folder, in file-name order."""
    records: list[RawRecord] = []
    problems: list[Problem] = []
    for path in sorted(papers_dir.glob("*.yaml")):
        record, problem = read_record_file(path)
        if record is not None:
            records.append(record)
        if problem is not None:
            problems.append(problem)
    return records, problems


def round_trip_yaml() -> YAML:
    """A YAML instance that keeps comments, quoting and field order when it rewrites a file."""
    handler = YAML()
    handler.preserve_quotes = True
    handler.indent(mapping=2, sequence=2, offset=0)
    handler.width = 4096
    return handler


def dump_record(record: dict[str, Any]) -> str:
    """Serialise a record in the canonical field order, leaving out empty optional fields."""
    ordered = CommentedMap()
    for field in FIELD_ORDER:
        value = record.get(field)
        if value is None and field not in ("key", "title", "authors", "year", "venue", "url"):
            continue
        ordered[field] = value
    buffer = io.StringIO()
    round_trip_yaml().dump(ordered, buffer)
    return buffer.getvalue()


def write_record(papers_dir: Path, record: dict[str, Any]) -> Path:
    """Write a record atomically to ``<papers_dir>/<key>.yaml`` and return its path."""
    path = record_path(papers_dir, record["key"])
    write_text_atomic(path, dump_record(record))
    return path
