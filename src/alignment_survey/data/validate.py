"""Validate the whole dataset and report every problem at once, one line each."""

from __future__ import annotations

import csv
import difflib
import re
import reprlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from alignment_survey.data.problems import Problem
from alignment_survey.data.records import (
    RawRecord,
    gc_paused,
    read_record_file,
    read_records,
    read_yaml,
)
from alignment_survey.data.schema import (
    Benchmark,
    Model,
    Paper,
    Score,
    TaxonomyNode,
    Topic,
    arxiv_year,
)
from alignment_survey.files import layout

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


TAXONOMY_MAX_BYTES = 1_000_000
KINDS = ("topics", "nodes")
CROSS_FIELDS = (
    "key",
    "year",
    "month",
    "topics",
    "taxonomy",
    "arxiv_id",
    "doi",
)  # what rules across files read


def _short(value: Any) -> str:
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
            message = f"{_short(value)} {_PATTERN_HINTS.get(name, 'has the wrong form')}"
        elif kind == "string_too_long":
            message = f"too long ({len(value)} characters, at most {item['ctx']['max_length']})"
        elif kind == "value_error":
            message = str(item["ctx"]["error"])
        elif kind == "list_type":
            message = f"must be a list, one '- item' line each (got {_short(value)})"
        else:
            message = f"{item['msg'][0].lower()}{item['msg'][1:]} (got {_short(value)})"
        problems.append(Problem(path, where, message))
    return problems


def _parse(
    model: type[Row], data: Any, path: Path, prefix: str = ""
) -> tuple[Row | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, describe_errors(path, exc, prefix, model.model_fields)


def check_taxonomy(path: Path, report: Report) -> None:
    """Topics and nodes of ``taxonomy.yaml``: schema, unique ids, parents that exist, no cycle."""
    data, problem = read_yaml(path, TAXONOMY_MAX_BYTES)
    if problem is not None:
        report.problems.append(problem)
        return
    if not (isinstance(data, dict) and all(isinstance(data.get(k), list) for k in KINDS)):
        expected = "expected a mapping with lists 'topics' and 'nodes'"
        report.problems.append(Problem(path, "-", expected))
        return
    kinds = (("topics", Topic, report.topics), ("nodes", TaxonomyNode, report.nodes))
    position: dict[str, int] = {}  # a node's index in the file
    for kind, model, target in kinds:
        seen: set[str] = set()
        for index, item in enumerate(data[kind]):
            parsed, problems = _parse(model, item, path, f"{kind}[{index}].")
            report.problems.extend(problems)
            if parsed is None:
                continue
            if parsed.id in seen:
                report.problems.append(
                    Problem(path, f"{kind}[{index}].id", f"duplicate id {parsed.id!r}")
                )
                continue
            seen.add(parsed.id)
            position[parsed.id] = index
            target.append(parsed)
    parents = {node.id: node.parent for node in report.nodes}
    for node in report.nodes:
        if node.parent is not None and node.parent not in parents:
            where = f"nodes[{position[node.id]}].parent"
            report.problems.append(Problem(path, where, f"{node.parent!r} is not a node id"))
    for loop in cycles(parents):
        report.problems.append(Problem(path, "nodes", f"cycle of parents: {loop}"))


def cycles(parents: dict[str, str | None]) -> list[str]:
    """Each cycle of the parent links once, as ``a -> b -> a`` from its first node in file order.

    One walk up from every node, never walking a node twice: linear in the number of nodes.
    """
    order = {node: position for position, node in enumerate(parents)}
    done: set[str] = set()
    found: list[str] = []
    for start in parents:
        walk: dict[str, int] = {}
        current: str | None = start
        while current in parents and current not in done:
            if current in walk:
                loop = list(walk)[walk[current] :]
                first = min(range(len(loop)), key=lambda i: order[loop[i]])
                loop = loop[first:] + loop[:first]
                found.append(" -> ".join([*loop, loop[0]]))
                break
            walk[current] = len(walk)
            current = parents[current]
        done.update(walk)
    return found


def check_papers(records: list[RawRecord], report: Report) -> None:
    """Schema of each record, then the rules across records and files.

    The cross-record rules also read the valid fields of an invalid record, so one run reports a
    new record's unknown topic or duplicate arXiv id along with its malformed month.
    """
    topic_ids = {topic.id for topic in report.topics}
    node_ids = {node.id for node in report.nodes}
    by_lower: dict[str, list[Path]] = defaultdict(list)
    by_arxiv: dict[str, list[Path]] = defaultdict(list)
    by_doi: dict[str, list[Path]] = defaultdict(list)
    with gc_paused():
        for record in records:
            path, stem = record.path, record.path.stem
            by_lower[stem.lower()].append(path)
            paper, problems = _parse(Paper, record.data, path)
            report.problems.extend(problems)
            if paper is not None:
                report.papers.append(paper)
                fields = {name: getattr(paper, name) for name in CROSS_FIELDS}
            else:
                invalid = {problem.field.split(".")[0] for problem in problems}
                fields = {n: record.data.get(n) for n in CROSS_FIELDS if n not in invalid}
            key = fields.get("key")
            if key is not None and key != stem:
                report.problems.append(
                    Problem(path, "key", f"{key!r} differs from the file name {stem!r}")
                )
            if report.topics:  # (unknown when taxonomy.yaml itself is broken)
                for topic in fields.get("topics") or []:
                    if topic not in topic_ids:
                        report.problems.append(Problem(path, "topics", f"unknown topic {topic!r}"))
            if report.nodes:
                for node in fields.get("taxonomy") or []:
                    if node not in node_ids:
                        unknown = f"unknown taxonomy node {node!r}"
                        report.problems.append(Problem(path, "taxonomy", unknown))
            if paper is not None and not paper.authors and not paper.notes:
                unexplained = (
                    "the list is empty: name the authors, or say in notes why they are unknown"
                )
                report.problems.append(Problem(path, "authors", unexplained))
            if fields.get("arxiv_id"):
                by_arxiv[fields["arxiv_id"]].append(path)
                _check_year_of_arxiv_id(path, fields, report)
            if fields.get("doi"):
                by_doi[fields["doi"].lower()].append(path)
    for paths_ in by_lower.values():
        if len(paths_) > 1:
            for path in paths_:
                others = ", ".join(p.name for p in paths_ if p != path)
                report.problems.append(Problem(path, "key", f"differs only in case from {others}"))
    for field_name, groups in (("arxiv_id", by_arxiv), ("doi", by_doi)):
        for value, paths_ in groups.items():
            if len(paths_) > 1:
                for path in paths_:
                    others = ", ".join(p.name for p in paths_ if p != path)
                    report.problems.append(
                        Problem(path, field_name, f"{value!r} is also in {others}")
                    )


def _check_year_of_arxiv_id(path: Path, fields: dict[str, Any], report: Report) -> None:
    """A paper cannot be published before its arXiv id was issued (the id's YY).

    One exception: a paper submitted in the last days of December is announced, and numbered,
    in January, so a record of December of year Y may carry an id of January of Y+1.
    """
    year, arxiv_id, month = fields.get("year"), fields["arxiv_id"], fields.get("month")
    issued = arxiv_year(arxiv_id) if isinstance(arxiv_id, str) else None
    if not (isinstance(year, int) and issued is not None and year < issued):
        return
    if year == issued - 1 and month == 12 and str(arxiv_id)[2:5] == "01.":
        return
    message = f"{year} is before {issued}, the year of its arXiv id {arxiv_id!r}"
    report.problems.append(Problem(path, "year", message))


def check_credits(path: Path, report: Report, keys: set[str]) -> None:
    """A node's ``credit`` names the work that proposed it: it must be a record of the dataset.

    ``keys`` are the records' file names, valid or not, so a broken record is reported once, not
    again as a missing credit."""
    for index, node in enumerate(report.nodes):
        if node.credit is not None and node.credit not in keys:
            report.problems.append(
                Problem(path, f"nodes[{index}].credit", f"{node.credit!r} is not a paper key")
            )


def read_csv_rows(path: Path) -> tuple[list[dict[str, str | None]], list[Problem]]:
    """Rows of a CSV file as strings, empty cells as ``None``."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                {name: (value if value != "" else None) for name, value in row.items()}
                for row in csv.DictReader(handle)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [], [Problem(path, "-", f"cannot read the table: {exc}")]
    return rows, []


def check_table(path: Path, model: type[Row], target: list[Row], report: Report) -> None:
    rows, problems = read_csv_rows(path)
    report.problems.extend(problems)
    for line, row in enumerate(rows, start=2):
        if None in row:
            report.problems.append(Problem(path, f"line {line}", "more cells than columns"))
            continue
        parsed, row_problems = _parse(model, row, path, f"line {line}: ")
        report.problems.extend(row_problems)
        if parsed is not None:
            target.append(parsed)
            report.lines[id(parsed)] = line


def largest_params(params_b: str | None) -> float | None:
    """The largest size in a ``params_b`` cell: ``7-70`` and ``7/70`` give 70."""
    if not params_b:
        return None
    return max(float(part) for part in re.split(r"[-/]", params_b) if part)


def check_model_sizes(path: Path, report: Report) -> None:
    """A mixture of experts activates no more parameters per token than it has in all."""
    for model in report.models:
        total = largest_params(model.params_b)
        if (
            model.active_params_b is not None
            and total is not None
            and model.active_params_b > total
        ):
            message = (
                f"{model.active_params_b:g} active is above the total of {total:g} "
                f"(params_b {model.params_b!r})"
            )
            report.problems.append(
                Problem(path, f"line {report.line(model)}: active_params_b", message)
            )


def check_benchmark_ranges(path: Path, report: Report) -> None:
    """Each benchmark's range is a range, and its life ends no earlier than it starts."""
    for bench in report.benchmarks:
        line = report.line(bench)
        if not bench.min < bench.max:
            report.problems.append(
                Problem(path, f"line {line}: max", f"{bench.max:g} is not above min {bench.min:g}")
            )
        if (
            bench.first_snapshot
            and bench.last_snapshot
            and bench.last_snapshot < bench.first_snapshot
        ):
            ends = f"{bench.last_snapshot} is before first_snapshot {bench.first_snapshot}"
            report.problems.append(Problem(path, f"line {line}: last_snapshot", ends))


def check_scores_in_range(path: Path, report: Report) -> None:
    """Each score lies within its benchmark's range and life, and its benchmark is described."""
    ranges = {(b.benchmark, b.metric): b for b in report.benchmarks}
    for score in report.scores:
        line = report.line(score)
        bench = ranges.get((score.benchmark, score.metric))
        if bench is None:
            described = f"{score.benchmark!r} / {score.metric!r} is not described in benchmarks.csv"
            report.problems.append(Problem(path, f"line {line}: benchmark", described))
            continue
        if not bench.min <= score.score <= bench.max:
            outside = f"{score.score} is outside the metric's range [{bench.min:g}, {bench.max:g}]"
            report.problems.append(Problem(path, f"line {line}: score", outside))
        month = score.as_of[:7]
        if bench.first_snapshot and month < bench.first_snapshot:
            early = (
                f"{score.as_of} is before the benchmark's first snapshot ({bench.first_snapshot})"
            )
            report.problems.append(Problem(path, f"line {line}: as_of", early))
        if bench.last_snapshot and month > bench.last_snapshot:
            late = f"{score.as_of} is after the benchmark's last snapshot ({bench.last_snapshot})"
            report.problems.append(Problem(path, f"line {line}: as_of", late))


def check_seeds(path: Path, report: Report, keys: set[str]) -> None:
    """The seed report's references: numbered, and each one a paper of the dataset."""
    seeds, problem = read_yaml(path, TAXONOMY_MAX_BYTES)
    if problem is not None:
        report.problems.append(problem)
        return
    if not isinstance(seeds, list):
        report.problems.append(Problem(path, "-", "expected a list of {number, key}"))
        return
    numbers: set[int] = set()
    for index, seed in enumerate(seeds):
        if not isinstance(seed, dict) or set(seed) != {"number", "key"}:
            problem = Problem(path, f"[{index}]", "expected exactly the fields number and key")
        elif type(seed["number"]) is not int or seed["number"] < 1 or seed["number"] in numbers:
            number = _short(seed["number"])
            problem = Problem(path, f"[{index}].number", f"{number} is not a new reference number")
        elif not isinstance(seed["key"], str) or seed["key"] not in keys:
            problem = Problem(path, f"[{index}].key", f"{_short(seed['key'])} is not a paper key")
        else:
            numbers.add(seed["number"])
            report.seeds.append(seed)
            continue
        report.problems.append(problem)


def validate_dataset(data_dir: Path | None = None) -> Report:
    """Validate every file of the dataset; the report lists all problems found."""
    data_dir = Path(data_dir) if data_dir else layout.find_data_dir()
    report = Report()
    check_taxonomy(layout.taxonomy_file(data_dir), report)
    papers_dir = layout.papers_dir(data_dir)
    if not papers_dir.is_dir():
        report.problems.append(Problem(papers_dir, "-", "folder of paper records is missing"))
        records: list[RawRecord] = []
    else:
        records, problems = read_records(papers_dir)
        report.problems.extend(problems)
    check_papers(records, report)
    # Every record file counts as a key, readable or not, so a broken record is reported once.
    record_keys = {
        problem.path.stem for problem in report.problems if problem.path.parent == papers_dir
    }
    record_keys |= {record.path.stem for record in records}
    check_credits(layout.taxonomy_file(data_dir), report, record_keys)
    check_table(layout.models_file(data_dir), Model, report.models, report)
    check_table(layout.benchmarks_file(data_dir), Benchmark, report.benchmarks, report)
    check_table(layout.scores_file(data_dir), Score, report.scores, report)
    check_model_sizes(layout.models_file(data_dir), report)
    check_benchmark_ranges(layout.benchmarks_file(data_dir), report)
    check_scores_in_range(layout.scores_file(data_dir), report)
    check_seeds(layout.seed_file(data_dir), report, record_keys)
    return report


def validate_record_file(path: Path) -> list[Problem]:
    """Schema problems of a single record file (no cross-file rules)."""
    record, problem = read_record_file(path)
    if problem is not None:
        return [problem]
    assert record is not None
    return _parse(Paper, record.data, path)[1]
