"""Read and write paper records (``data/papers/<key>.yaml``)."""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
from collections.abc import Hashable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from alignment_survey.data.plain_yaml import parse_plain
from alignment_survey.data.problems import Problem
from alignment_survey.data.schema import Paper
from alignment_survey.files.atomic import write_text_atomic

FIELD_ORDER = tuple(Paper.model_fields)  # a record's fields, in the order files are written
REQUIRED = frozenset(name for name, spec in Paper.model_fields.items() if spec.is_required())
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_RECORD_BYTES = 64 * 1024  # the largest real record is a few kB; anything bigger is a mistake
MAX_DEPTH = 10  # a record is a mapping of scalars and lists: 2 levels
YAML_HINTS = {  # PyYAML's words for the usual slips, and what to do about them
    "mapping values are not allowed": " (a value holding ': ' needs quotes)",
    "found a tab character": " (indent with spaces, not tabs)",
    "found character that cannot start": " (a tab, @ or `: indent with spaces, quote the value)",
    "could not determine a constructor": " (YAML tags such as !!python are not allowed)",
}
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


def read_yaml(path: Path, max_bytes: int = MAX_RECORD_BYTES) -> tuple[Any, Problem | None]:
    """Parse a YAML file that people edit; every way it can fail becomes one problem."""
    try:
        raw = read_at_most(path, max_bytes + 1)  # never more than needed: the file may be huge
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return None, Problem(path, "-", f"cannot read the file ({reason})")
    if len(raw) > max_bytes:
        return None, Problem(path, "-", f"file of more than {max_bytes:,} bytes: not a record")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Problem(path, "-", f"not UTF-8 text (byte {exc.start}): save it as UTF-8")
    plain = parse_plain(text)  # most records: the same mapping, several times faster
    if plain is not None:
        return plain, None
    try:
        depth = _suspicious_depth(text)
        if depth > MAX_DEPTH:
            too_deep = f"nested {depth} levels deep: fields hold text, numbers or lists"
            return None, Problem(path, "-", too_deep)
        data, repeated = _load_mapping(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "invalid YAML"
        hint = next((h for cause, h in YAML_HINTS.items() if reason.startswith(cause)), "")
        return None, Problem(path, "-", f"YAML syntax error{where}: {reason}{hint}")
    if repeated:
        name, line = repeated
        return None, Problem(path, name, f"appears twice (again at line {line}): keep one")
    return data, None


def read_at_most(path: Path | str, limit: int) -> bytes:
    """The first ``limit`` bytes of a file (a plain ``os.read`` loop: a third of ``open``'s cost)."""
    chunks: list[bytes] = []
    size = 0
    fd = os.open(path, os.O_RDONLY)
    try:
        while size < limit and (chunk := os.read(fd, limit - size)):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _suspicious_depth(text: str) -> int:
    """How deeply a document that might nest deeply does nest; 0 for one that cannot.

    libyaml's composer recurses in C and crashes the interpreter at a few thousand levels, so a
    file with many nesting marks is measured with the event parser, which does not recurse.
    Without them, nesting needs ever deeper indentation, which a record's size bounds.
    """
    if text.count("[") + text.count("{") + text.count("-") < 500:
        return 0
    depth = deepest = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return deepest


def _load_mapping(text: str) -> tuple[Any, tuple[str, int] | None]:
    """The document's data, and the first top-level field given twice (YAML would keep the last)."""
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            data = _quick_build(loader, node, set(), 0)
        except _NotPlain:
            data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, _repeated_field(node)


def _repeated_field(node: yaml.Node) -> tuple[str, int] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                return key.value, key.start_mark.line + 1
            seen.add(key.value)
    return None


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "merge"))
_PLAIN_STARTS = frozenset(_LOADER.yaml_implicit_resolvers)  # first characters of non-strings


class _RecordLoader(_LOADER):
    """PyYAML's safe loader with a quick answer for the commonest scalar: plain text.

    Only a plain scalar whose first character starts some implicit type (digits, ``~``, ``y``,
    ``n``, ``t``, ``f``, ``o``, ``.``, ``-``, ``<``, ``=``…) needs the resolver's regular
    expressions; every other scalar is a string, exactly as the full resolver decides.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and (not implicit[0] or value[:1] not in _PLAIN_STARTS):
            return _STR
        return super().resolve(kind, value, implicit)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's, but a value its tag cannot read (``!!timestamp ''``, ``!!int x``,
        ``!!int ""``) is a YAML error at that value, not a crash in PyYAML's constructor."""
        try:
            return super().construct_object(node, deep)
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            value = node.value if isinstance(node, yaml.ScalarNode) else "this value"
            problem = (
                f"{str(value)[:40]!r} cannot be read as {tag}: remove the tag or fix the value"
            )
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from exc


def _date_or_text(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Any:
    """A value YAML reads as a date; kept as text when no such day exists (``2024-13-01``), so that
    the schema names the field instead of the parser failing on the whole file."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


class _NotPlain(Exception):
    """The document uses a YAML feature that the quick builder leaves to PyYAML's constructor."""


def _quick_build(loader: yaml.BaseLoader, node: yaml.Node, seen: set[int], depth: int) -> Any:
    """Build strings, lists and dicts straight from the node tree (what records are made of).

    Anything else is handed to PyYAML's constructor, which gives the same result more slowly:
    merge keys, unusual tags, aliases of a collection, unhashable keys, deep nesting.
    """
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node)
    if id(node) in seen or depth > MAX_DEPTH:
        raise _NotPlain
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_quick_build(loader, item, seen, depth + 1) for item in node.value]
    if not (isinstance(node, yaml.MappingNode) and node.tag == _MAP):
        raise _NotPlain
    mapping = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
            raise _NotPlain
        key = _quick_build(loader, key_node, seen, depth + 1)
        if not isinstance(key, Hashable):  # ``!!set key: x``: PyYAML's constructor reports it
            raise _NotPlain
        mapping[key] = _quick_build(loader, value_node, seen, depth + 1)
    return mapping


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
