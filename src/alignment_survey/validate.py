"""Validate the whole dataset and report every problem at once, one line each."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import paths
from .problems import Problem
from .records import RawRecord, read_record_file, read_records
from .schema import Benchmark, Model, Paper, Score, TaxonomyNode, Topic

Row = TypeVar("Row", bound=BaseModel)

_PATTERN_HINTS = {
    "key": "must be lowercase letters, digits and '_', starting with a letter",
    "url": "must be an http(s) URL",
    "paper_url": "must be an http(s) URL",
    "doi": "is not a DOI (10.NNNN/suffix)",
    "release_date": "is not a date (YYYY-MM or YYYY-MM-DD)",
    "as_of": "is not a date (YYYY-MM or YYYY-MM-DD)",
    "params_b": "is not a parameter count in billions (7, 0.5-13 or 7/13)",
    "topics": "is not a topic id (lowercase words joined by '-')",
    "taxonomy": "is not a node id (lowercase words joined by '-')",
    "id": "is not an id (lowercase words joined by '-')",
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

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"dataset valid: {len(self.papers)} papers, {len(self.nodes)} taxonomy nodes, "
            f"{len(self.topics)} topics, {len(self.models)} models, {len(self.scores)} scores, "
            f"{len(self.seeds)} seed references"
        )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def describe_errors(path: Path, error: ValidationError, prefix: str = "") -> list[Problem]:
    """Turn a pydantic error into problems, one per field, in words a contributor understands."""
    problems = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        name = loc[0] if loc else "-"
        where = prefix + ".".join(loc) if loc else prefix.rstrip(".") or "-"
        kind = item["type"]
        value = item.get("input")
        if kind == "extra_forbidden":
            message = "unknown field (not in the schema)"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "string_pattern_mismatch":
            message = f"{_short(value)} {_PATTERN_HINTS.get(name, 'has the wrong form')}"
        elif kind == "string_too_long":
            message = f"too long ({len(value)} characters, at most {item['ctx']['max_length']})"
        elif kind == "value_error":
            message = str(item["ctx"]["error"])
        else:
            message = f"{item['msg'][0].lower()}{item['msg'][1:]} (got {_short(value)})"
        problems.append(Problem(path, where, message))
    return problems


def _parse(model: type[Row], data: Any, path: Path, prefix: str = "") -> tuple[Row | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, describe_errors(path, exc, prefix)


def check_taxonomy(path: Path, report: Report) -> None:
    """Topics and nodes of ``taxonomy.yaml``: schema, unique ids, parents that exist, no cycle."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        report.problems.append(Problem(path, "-", f"cannot read the taxonomy: {exc.__class__.__name__}"))
        return
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("topics"), list):
        report.problems.append(Problem(path, "-", "expected a mapping with lists 'topics' and 'nodes'"))
        return
    for kind, model, target in (("topics", Topic, report.topics), ("nodes", TaxonomyNode, report.nodes)):
        seen: set[str] = set()
        for index, item in enumerate(data[kind]):
            parsed, problems = _parse(model, item, path, f"{kind}[{index}].")
            report.problems.extend(problems)
            if parsed is None:
                continue
            if parsed.id in seen:
                report.problems.append(Problem(path, f"{kind}[{index}].id", f"duplicate id {parsed.id!r}"))
                continue
            seen.add(parsed.id)
            target.append(parsed)
    parents = {node.id: node.parent for node in report.nodes}
    for index, node in enumerate(report.nodes):
        if node.parent is not None and node.parent not in parents:
            report.problems.append(
                Problem(path, f"nodes[{index}].parent", f"{node.parent!r} is not a node id")
            )
    for node in report.nodes:
        seen_chain = [node.id]
        current = parents.get(node.id)
        while current is not None and current in parents:
            if current in seen_chain:
                cycle = " -> ".join([*seen_chain[seen_chain.index(current):], current])
                report.problems.append(Problem(path, "nodes", f"cycle: {cycle}"))
                break
            seen_chain.append(current)
            current = parents[current]
    # a cycle is found from each of its nodes: keep one line per cycle
    unique = list(dict.fromkeys(report.problems))
    report.problems[:] = unique


def check_papers(records: list[RawRecord], report: Report) -> None:
    """Schema of each record, then the rules across records and files."""
    topic_ids = {topic.id for topic in report.topics}
    node_ids = {node.id for node in report.nodes}
    by_lower: dict[str, list[Path]] = defaultdict(list)
    by_arxiv: dict[str, list[Path]] = defaultdict(list)
    by_doi: dict[str, list[Path]] = defaultdict(list)
    for record in records:
        path = record.path
        by_lower[path.stem.lower()].append(path)
        paper, problems = _parse(Paper, record.data, path)
        report.problems.extend(problems)
        if paper is None:
            continue
        if paper.key != path.stem:
            report.problems.append(
                Problem(path, "key", f"{paper.key!r} differs from the file name {path.stem!r}")
            )
        if report.topics:
            for topic in paper.topics:
                if topic not in topic_ids:
                    report.problems.append(Problem(path, "topics", f"unknown topic {topic!r}"))
        if report.nodes:
            for node in paper.taxonomy:
                if node not in node_ids:
                    report.problems.append(Problem(path, "taxonomy", f"unknown taxonomy node {node!r}"))
        if paper.arxiv_id:
            by_arxiv[paper.arxiv_id].append(path)
        if paper.doi:
            by_doi[paper.doi.lower()].append(path)
        report.papers.append(paper)
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
                    report.problems.append(Problem(path, field_name, f"{value!r} is also in {others}"))
def check_credits(path: Path, report: Report) -> None:
    """A node's ``credit`` names the survey that proposed it: it must be a paper of the dataset."""
    keys = {paper.key for paper in report.papers}
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


def check_scores_in_range(path: Path, report: Report) -> None:
    """Each score lies within its benchmark's range, and its benchmark is described."""
    ranges = {(b.benchmark, b.metric): b for b in report.benchmarks}
    for line, score in enumerate(report.scores, start=2):
        bench = ranges.get((score.benchmark, score.metric))
        if bench is None:
            report.problems.append(
                Problem(path, f"line {line}: benchmark",
                        f"{score.benchmark!r} / {score.metric!r} is not described in benchmarks.csv")
            )
        elif not bench.min <= score.score <= bench.max:
            report.problems.append(
                Problem(path, f"line {line}: score",
                        f"{score.score} is outside the metric's range [{bench.min:g}, {bench.max:g}]")
            )


def check_seeds(path: Path, report: Report) -> None:
    """The seed report's references: numbered, and each one a paper of the dataset."""
    try:
        seeds = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        report.problems.append(Problem(path, "-", f"cannot read the seed references: {exc.__class__.__name__}"))
        return
    keys = {paper.key for paper in report.papers}
    if not isinstance(seeds, list):
        report.problems.append(Problem(path, "-", "expected a list of {number, key}"))
        return
    for index, seed in enumerate(seeds):
        if not isinstance(seed, dict) or set(seed) != {"number", "key"}:
            report.problems.append(Problem(path, f"[{index}]", "expected exactly the fields number and key"))
        elif seed["key"] not in keys:
            report.problems.append(Problem(path, f"[{index}].key", f"{seed['key']!r} is not a paper key"))
        else:
            report.seeds.append(seed)


def validate_dataset(data_dir: Path | None = None) -> Report:
    """Validate every file of the dataset; the report lists all problems found."""
    data_dir = Path(data_dir) if data_dir else paths.find_data_dir()
    report = Report()
    check_taxonomy(paths.taxonomy_file(data_dir), report)
    papers_dir = paths.papers_dir(data_dir)
    if not papers_dir.is_dir():
        report.problems.append(Problem(papers_dir, "-", "folder of paper records is missing"))
        records: list[RawRecord] = []
    else:
        records, problems = read_records(papers_dir)
        report.problems.extend(problems)
    check_papers(records, report)
    check_credits(paths.taxonomy_file(data_dir), report)
    check_table(paths.models_file(data_dir), Model, report.models, report)
    check_table(paths.benchmarks_file(data_dir), Benchmark, report.benchmarks, report)
    check_table(paths.scores_file(data_dir), Score, report.scores, report)
    check_scores_in_range(paths.scores_file(data_dir), report)
    check_seeds(paths.seed_file(data_dir), report)
    return report


def validate_record_file(path: Path) -> list[Problem]:
    """Schema problems of a single record file (no cross-file rules)."""
    record, problem = read_record_file(path)
    if problem is not None:
        return [problem]
    assert record is not None
    return _parse(Paper, record.data, path)[1]
