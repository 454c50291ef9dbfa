"""Validate the whole dataset and report every problem at once, one line each."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from alignment_survey.data.check_tables import (
    check_benchmark_ranges,
    check_model_sizes,
    check_scores_in_range,
    check_table,
)
from alignment_survey.data.problems import Problem
from alignment_survey.data.records import (
    RawRecord,
    gc_paused,
    read_record_file,
    read_records,
    read_yaml,
)
from alignment_survey.data.report import Report, parse_row, short
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
            parsed, problems = parse_row(model, item, path, f"{kind}[{index}].")
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
            paper, problems = parse_row(Paper, record.data, path)
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
            number = short(seed["number"])
            problem = Problem(path, f"[{index}].number", f"{number} is not a new reference number")
        elif not isinstance(seed["key"], str) or seed["key"] not in keys:
            problem = Problem(path, f"[{index}].key", f"{short(seed['key'])} is not a paper key")
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
    return parse_row(Paper, record.data, path)[1]
