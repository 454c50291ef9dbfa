"""The checks of the tables: ``models.csv``, ``benchmarks.csv`` and ``benchmark_scores.csv``."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from alignment_survey.data.problems import Problem
from alignment_survey.data.report import Report, Row, parse_row


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
        parsed, row_problems = parse_row(model, row, path, f"line {line}: ")
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
