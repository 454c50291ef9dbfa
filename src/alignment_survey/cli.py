"""The ``papers`` command line: validate the dataset (and, with the ingestion module, grow it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .validate import validate_dataset


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate_dataset(args.data)
    for problem in sorted(report.problems, key=lambda p: str(p.path)):
        print(problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="papers.py", description="Curate the survey's paper dataset.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every record and table; one line per problem")
    validate.add_argument("--data", type=Path, default=None, help="dataset folder (default: ./data)")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data", None) is None:
        try:
            args.data = paths.find_data_dir()
        except FileNotFoundError as exc:
            print(f"papers.py: {exc}", file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
