"""Read a YAML file that people edit: every way it can fail becomes one problem.

Records in their plain form take the quick path of :mod:`alignment_survey.data.plain_yaml`; every
other file goes through PyYAML's C parser, with guards against huge, deeply nested or repeated
fields.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from alignment_survey.data.plain_yaml import parse_plain
from alignment_survey.data.problems import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_RECORD_BYTES = 64 * 1024  # the largest real record is a few kB; anything bigger is a mistake
MAX_DEPTH = 10  # a record is a mapping of scalars and lists: 2 levels
YAML_HINTS = {  # PyYAML's words for the usual slips, and what to do about them
    "mapping values are not allowed": " (a value holding ': ' needs quotes)",
    "found a tab character": " (indent with spaces, not tabs)",
    "found character that cannot start": " (a tab, @ or `: indent with spaces, quote the value)",
    "could not determine a constructor": " (YAML tags such as !!python are not allowed)",
}


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
