"""Read and write paper records (``data/papers/<key>.yaml``)."""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from alignment_survey.data.problems import Problem
from alignment_survey.data.schema import Paper
from alignment_survey.data.yaml_files import read_yaml
from alignment_survey.files.atomic import write_text_atomic

FIELD_ORDER = tuple(Paper.model_fields)  # a record's fields, in the order files are written
REQUIRED = frozenset(name for name, spec in Paper.model_fields.items() if spec.is_required())
PARALLEL_FROM = 5000  # records; below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class RawRecord:
    """A record file's parsed mapping, before schema validation."""

    path: Path
    data: dict[str, Any]


def record_path(papers_dir: Path, key: str) -> Path:
    return papers_dir / f"{key}.yaml"


def read_record_file(path: Path) -> tuple[RawRecord | None, Problem | None]:
    """Parse one record file; return the mapping or the one problem that stops it."""
    data, problem = _record_data(path)
    return (RawRecord(path, data) if problem is None else None), problem


def _record_data(path: Path) -> tuple[dict[str, Any], Problem | None]:
    data, problem = read_yaml(path)
    if problem is not None:
        return {}, problem
    if data is None:
        return {}, Problem(path, "-", "empty file: expected a mapping of fields")
    if not isinstance(data, dict):
        found = type(data).__name__
        return {}, Problem(path, "-", f"expected a mapping of fields, found a {found}")
    return data, None


def list_record_files(papers_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The ``*.yaml`` files of a folder in name order; anything else not hidden is a problem.

    A link is refused too: it could make validation read, and quote, a file outside the dataset.
    """
    files: list[str] = []
    problems: list[Problem] = []
    with os.scandir(papers_dir) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                files.append(entry.name)
            else:
                kind = (
                    "a link"
                    if entry.is_symlink()
                    else "a folder"
                    if entry.is_dir()
                    else "not a record"
                )
                message = f"{kind}: this folder holds only <key>.yaml files"
                problems.append(Problem(Path(entry.path), "-", message))
    return [papers_dir / name for name in sorted(files)], sorted(problems)


def read_records(papers_dir: Path) -> tuple[list[RawRecord], list[Problem]]:
    """Parse every ``*.yaml`` record of a folder, in file-name order (in parallel when many)."""
    paths, problems = list_record_files(papers_dir)
    records: list[RawRecord] = []
    for path, (data, problem) in zip(paths, _read_all(paths), strict=True):
        if problem is None:
            records.append(RawRecord(path, data))
        else:
            problems.append(problem)
    return records, problems


def _read_all(paths: list[Path]) -> list[tuple[dict[str, Any], Problem | None]]:
    """Read the files, sharing them with worker processes when there are many and cores to spare.

    This process reads the first share itself while the workers (forked: they start at once)
    read the others, so every core works and none waits.
    """
    cores = min(4, os.cpu_count() or 1)
    if (
        len(paths) < PARALLEL_FROM
        or cores < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return _read_chunk(paths)
    size = -(-len(paths) // cores)
    shares = [paths[start : start + size] for start in range(0, len(paths), size)]
    try:
        with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_read_chunk, share) for share in shares[1:]]
            mine = _read_chunk(shares[0])
            return mine + [result for future in others for result in future.result()]
    except (OSError, BrokenProcessPool):  # no processes allowed here: read them in this one
        return _read_chunk(paths)


def _read_chunk(paths: list[Path]) -> list[tuple[dict[str, Any], Problem | None]]:
    with gc_paused():
        return [_record_data(path) for path in paths]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (parsed records).

    Each full collection walks every live object, so with tens of thousands of records it costs
    more than the work itself; the collector's previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        if value is None and field not in REQUIRED:
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
