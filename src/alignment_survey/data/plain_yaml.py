"""A quick reader for records written in the plain form that ``add`` and the template use.

PyYAML's C parser still resolves and builds every scalar in Python, about 100 µs a record: at
50,000 records that is most of a cold load. Records almost always use a small part of YAML:
``field: value`` lines at the top level, block lists of ``- item`` lines, single-line plain or
quoted scalars, ``[]``, and comment lines. :func:`parse_plain` reads exactly that part and returns
the mapping PyYAML would build (text, whole numbers, dates, nulls); for anything else, or anything
it is unsure of, it returns ``None`` and the caller hands the text to PyYAML, which also words
every error. ``tests/test_plain_yaml.py`` compares the two on every record and on generated text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import yaml

_RESOLVERS = getattr(yaml, "CSafeLoader", yaml.SafeLoader).yaml_implicit_resolvers
_ANY_START = tuple(_RESOLVERS.get(None, ()))  # resolvers for every first character (none today)
_BY_START = {
    first: (*found, *_ANY_START) for first, found in _RESOLVERS.items() if first is not None
}
_STR, _INT, _NULL, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "null", "timestamp")
)
# Characters PyYAML reads as something else than text on one line: tabs, line breaks other than
# \n (\r, NEL, LS, PS), byte-order marks, and what it refuses as non-printable.
_OUTSIDE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: *| +#.*)")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\["\\])*)"(?: *| +#.*)')
_UNESCAPE = re.compile(r'\\(["\\])')
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_NULLS = frozenset(("~", "null", "Null", "NULL"))


class _Unsure(Exception):
    """The text leaves the plain form: PyYAML must read it."""


def parse_plain(text: str) -> dict[str, Any] | None:
    """The mapping PyYAML would read from ``text``, or ``None`` when the text is not plain."""
    if _OUTSIDE.search(text):
        return None
    try:
        return _parse(text.split("\n"))
    except _Unsure:
        return None


def _parse(lines: list[str]) -> dict[str, Any] | None:
    data: dict[str, Any] = {}
    last = ""  # the field read last
    items: list[Any] | None = None  # its list, when it was given no value on its line
    margin: str | None = None  # what precedes that list's dashes: "" or "  " (None: no item yet)
    for line in lines:
        if not line or line[0] == "#":  # blank, or a comment from the line's start
            continue
        if line[0] in " -":  # a list item, under the field that opened the list
            dash = line.find("- ")
            indent = line[:dash]
            if (
                items is None
                or dash not in (0, 2)
                or indent.strip(" ")
                or margin not in (None, indent)
            ):
                raise _Unsure
            margin = indent
            text = line[dash + 2 :].lstrip(" ")
            items.append([] if text.rstrip(" ") == "[]" else _scalar(text))
            continue
        name, colon, rest = line.partition(":")
        if not (colon and _NAME.fullmatch(name)) or name in data or _scalar(name) != name:
            raise _Unsure
        if items is not None and margin is None:
            data[last] = None  # ``field:`` and nothing under it
        last, text = name, rest.lstrip(" ")
        if not text:
            items, margin = [], None
            data[name] = items
        elif rest[0] != " ":
            raise _Unsure
        else:
            items = None
            data[name] = [] if text.rstrip(" ") == "[]" else _scalar(text)
    if items is not None and margin is None:
        data[last] = None
    return data or None


@functools.lru_cache(maxsize=8192)  # topics, nodes, venues and names repeat across records
def _scalar(text: str) -> str | int | dt.date | None:
    """One single-line scalar (a field's value or a list item), as PyYAML would construct it."""
    first = text[:1]
    if first == "'":
        quoted = _SINGLE.fullmatch(text)
        if quoted is None:
            raise _Unsure
        return quoted[1].replace("''", "'")
    if first == '"':
        quoted = _DOUBLE.fullmatch(text)
        if quoted is None:
            raise _Unsure
        return _UNESCAPE.sub(r"\1", quoted[1]) if "\\" in quoted[1] else quoted[1]
    if not first or first in _INDICATORS:
        raise _Unsure
    comment = text.find(" #")
    value = (text if comment < 0 else text[:comment]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise _Unsure
    if first not in _BY_START:
        return value
    tag = _tag(value)
    if tag == _STR:
        return value
    if tag == _INT and _DECIMAL.fullmatch(value):
        return int(value)
    if tag == _TIMESTAMP and _DATE.fullmatch(value):
        try:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            raise _Unsure from None
    if tag == _NULL and value in _NULLS:
        return None
    raise _Unsure  # floats, booleans, times, octal or sexagesimal numbers: PyYAML's constructors


def _tag(value: str) -> str:
    """The tag PyYAML's resolver gives a plain scalar (what ``Resolver.resolve`` does)."""
    for tag, pattern in _BY_START.get(value[:1], _ANY_START):
        if pattern.match(value):
            return tag
    return _STR
