"""The ``papers`` command line: validate and diff the dataset; add, refresh, search papers on arXiv."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from alignment_survey.data.diff import diff_records, records_at, records_in_folder
from alignment_survey.data.problems import github_annotation, printable
from alignment_survey.data.rekey import apply_renames, dataset_renames
from alignment_survey.data.validate import validate_dataset
from alignment_survey.files import layout
from alignment_survey.ingest.commands import (
    add_papers,
    refresh_papers,
    search_papers,
    suggest_for_ids,
)
from alignment_survey.ingest.session import Outcome


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate_dataset(args.data)
    for problem in sorted(report.problems, key=lambda p: str(p.path)):
        print(github_annotation(problem) if args.format == "github" else problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    if args.suggest:
        return print_outcome(suggest_for_ids(args.data, args.ids))
    if not args.topic:
        print(
            "papers.py: add: --topic is required (or --suggest to see proposals)", file=sys.stderr
        )
        return 2
    outcome = add_papers(args.data, args.ids, args.topic, args.taxonomy, keep_going=args.keep_going)
    return print_outcome(outcome)


def cmd_suggest(args: argparse.Namespace) -> int:
    """Propose taxonomy nodes for titles, offline, from the papers with the most similar titles."""
    from alignment_survey.analysis.suggest import format_suggestions, suggest
    from alignment_survey.data.load import load_dataset
    from alignment_survey.data.problems import DatasetError

    try:
        dataset = load_dataset(args.data)
    except DatasetError as exc:
        print(
            f"papers.py: suggest: the dataset does not validate ({len(exc.problems)} problem(s)): "
            "run papers.py validate",
            file=sys.stderr,
        )
        return 2
    titles = [title.strip() for title in args.titles]
    if not all(titles):
        print("papers.py: suggest: a title is empty", file=sys.stderr)
        return 2
    for title in titles:
        for line in format_suggestions(title, suggest(dataset, title, top=args.top)).splitlines():
            print(printable(line))
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    outcome = refresh_papers(args.data, args.keys, dry_run=args.dry_run, keep_going=args.keep_going)
    return print_outcome(outcome)


def cmd_search(args: argparse.Namespace) -> int:
    outcome = search_papers(
        args.data,
        args.query,
        since=args.since,
        max_results=args.max,
        stage=args.stage,
        topics=args.topic or (),
        taxonomy=args.taxonomy,
    )
    return print_outcome(outcome)


def cmd_diff(args: argparse.Namespace) -> int:
    papers = layout.papers_dir(args.data)
    try:
        base = records_at(args.base, papers)
    except ValueError as exc:
        print(printable(f"papers.py: diff: {exc}"), file=sys.stderr)
        return 2
    head = records_in_folder(papers)
    titles = {key: str(record.get("title", "")) for key, record in head.items()}
    print(diff_records(base, head).markdown(titles), end="")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    root = args.data.resolve().parent
    renames, unreadable = dataset_renames(root)
    for old, new in renames.items():
        print(f"{old} -> {new}")
    for problem in unreadable:
        print(printable(str(problem)), file=sys.stderr)
    if unreadable:
        print(
            f"{len(unreadable)} record(s) could not be read, so their keys are unchecked and "
            "nothing was renamed: fix them (make validate), then run rekey again",
            file=sys.stderr,
        )
        return 1
    if not renames:
        print("every key follows the rule")
        return 0
    if not args.apply:
        print(
            f"{len(renames)} key(s) break the rule: run 'python scripts/papers.py rekey --apply'",
            file=sys.stderr,
        )
        return 1
    changed = apply_renames(root, renames)
    print(f"renamed {len(renames)} record(s); {len(changed)} file(s) changed")
    return 0


def print_outcome(outcome: Outcome) -> int:
    """Print a command's lines to stdout, its errors to stderr (one line each); return its code."""
    for line in outcome.out:
        print(printable(line))
    for line in outcome.errors:
        print(printable(f"papers.py: {line}"), file=sys.stderr)
    return outcome.code


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _classify_options(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument(
        "--topic",
        action="append",
        required=required,
        metavar="TOPIC",
        help="topic id from data/taxonomy.yaml (repeat for several)",
    )
    parser.add_argument(
        "--taxonomy",
        action="extend",
        nargs="+",
        metavar="NODE",
        help="taxonomy node ids (default: the node named as each topic)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers.py", description="Curate the survey's paper dataset."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check every record and table; one line per problem"
    )
    validate.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: print problems as GitHub Actions error annotations on the files",
    )
    validate.set_defaults(func=cmd_validate)

    diff = commands.add_parser(
        "diff", help="papers added, removed, changed and reclassified since a git revision"
    )
    diff.add_argument("--base", default="origin/main", help="git revision (default: origin/main)")
    diff.set_defaults(func=cmd_diff)

    add = commands.add_parser("add", help="fetch papers from arXiv and write one new record each")
    add.add_argument(
        "ids", nargs="+", metavar="ID", help="arXiv id (2406.01252, 2406.01252v3, hep-th/9901001)"
    )
    _classify_options(add, required=False)
    add.add_argument(
        "--suggest",
        action="store_true",
        help="fetch the titles and propose taxonomy nodes for each paper; write nothing",
    )
    add.set_defaults(func=cmd_add)

    suggest = commands.add_parser(
        "suggest", help="propose taxonomy nodes for a paper from its title (offline)"
    )
    suggest.add_argument("titles", nargs="+", metavar="TITLE", help="the paper's title")
    suggest.add_argument(
        "--top", type=int, default=3, metavar="N", help="how many nodes to propose (default 3)"
    )
    suggest.set_defaults(func=cmd_suggest)

    refresh = commands.add_parser("refresh", help="update records' metadata from arXiv")
    refresh.add_argument(
        "keys", nargs="*", metavar="KEY", help="records to refresh (default: all with an arxiv_id)"
    )
    refresh.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    refresh.set_defaults(func=cmd_refresh)

    search = commands.add_parser("search", help="list arXiv papers not in the dataset yet")
    search.add_argument(
        "query", metavar="QUERY", help="arXiv query, e.g. 'ti:\"scalable oversight\" AND cat:cs.CL'"
    )
    search.add_argument(
        "--since", type=_date, metavar="YYYY-MM-DD", help="submitted on or after this day"
    )
    search.add_argument(
        "--max",
        type=int,
        default=50,
        metavar="N",
        help="how many results to ask arXiv for (default 50)",
    )
    search.add_argument(
        "--stage",
        type=Path,
        metavar="DIR",
        help="write draft records there for review (needs --topic)",
    )
    _classify_options(search, required=False)
    search.set_defaults(func=cmd_search)

    rekey = commands.add_parser(
        "rekey", help="list records whose key breaks the key rule; --apply renames them everywhere"
    )
    rekey.add_argument(
        "--apply", action="store_true", help="rename the records and rewrite every mention"
    )
    rekey.set_defaults(func=cmd_rekey)

    for command in (validate, diff, add, refresh, search, suggest, rekey):
        command.add_argument(
            "--data", type=Path, default=None, help="dataset folder (default: ./data)"
        )
    for command in (add, refresh):
        command.add_argument(
            "--keep-going",
            action="store_true",
            help="write what succeeded, report the rest (still exit 1)",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data", None) is None:
        try:
            args.data = layout.find_data_dir()
        except FileNotFoundError as exc:
            print(f"papers.py: {exc}", file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
