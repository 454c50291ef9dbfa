"""A validation run's report and the parsing of one row into its schema, in a contributor's words."""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from alignment_survey.data.problems import Problem
from alignment_survey.data.schema import Benchmark, Model, Paper, Score, TaxonomyNode, Topic

Row = TypeVar("Row", bound=BaseModel)

_PATTERN_HINTS = {
    "key": "must be lowercase letters, digits and '_', starting with a letter",
    "url": "must be an http(s) URL",
    "paper_url": "must be an http(s) URL",
    "doi": "is not a DOI (10.NNNN/suffix)",
    "params_b": "is not a parameter count in billions (7, 0.5-13 or 7/13)",
    "topics": "is not a topic id (lowercase words joined by '-')",
    "taxonomy": "is not a node id (lowercase words joined by '-')",
    "id": "is not an id (lowercase words joined by '-')",
    "first_snapshot": "is not a month (YYYY-MM)",
    "last_snapshot": "is not a month (YYYY-MM)",
}


@dataclass
class Report:
    """The outcome of a validation run: problems and the parsed rows."""

    problems: list[Problem] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    nodes: list[TaxonomyNode] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    benchmarks: list[Benchmark] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    seeds: list[dict[str, Any]] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # id() of a parsed table row -> its line

    def line(self, row: BaseModel) -> int:
        """The line of the CSV file a parsed row was read from."""
        return self.lines[id(row)]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"dataset valid: {len(self.papers)} papers, {len(self.nodes)} taxonomy nodes, "
            f"{len(self.topics)} topics, {len(self.models)} models, {len(self.scores)} scores, "
            f"{len(self.seeds)} seed references"
        )


def short(value: Any) -> str:
    """A bounded ``repr``: safe on a 10,000-character title or a deeply nested list."""
    bounded = reprlib.Repr()
    bounded.maxlevel, bounded.maxlist, bounded.maxdict = 2, 4, 4
    bounded.maxstring = bounded.maxother = 60
    return bounded.repr(value)


def describe_errors(
    path: Path, error: ValidationError, prefix: str = "", known_fields: Iterable[str] = ()
) -> list[Problem]:
    """Turn a pydantic error into problems, one per field, in words a contributor understands."""
    problems = []
    known = list(known_fields)
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        name = loc[0] if loc else "-"
        where = prefix + ".".join(loc) if loc else prefix.rstrip(".") or "-"
        kind = item["type"]
        value = item.get("input")
        if kind == "extra_forbidden":
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "not in the schema"
            message = f"unknown field ({hint})"
        elif kind == "missing":
            message = "required field is missing"
        elif value is None and kind.endswith("_type"):  # an empty cell of a table
            message = "required field is empty"
        elif kind == "string_pattern_mismatch":
            message = f"{short(value)} {_PATTERN_HINTS.get(name, 'has the wrong form')}"
        elif kind == "string_too_long":
            message = f"too long ({len(value)} characters, at most {item['ctx']['max_length']})"
        elif kind == "value_error":
            message = str(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        elif kind == "list_type":
            message = f"must be a list, one '- item' line each (got {short(value)})"
        else:
            message = f"{item['msg'][0].lower()}{item['msg'][1:]} (got {short(value)})"
        problems.append(Problem(path, where, message))
    return problems


def parse_row(
    model: type[Row], data: Any, path: Path, prefix: str = ""
) -> tuple[Row | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, describe_errors(path, exc, prefix, model.model_fields)
