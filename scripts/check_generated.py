"""Fail when a generated file differs from what the dataset gives: ``python scripts/check_generated.py``.

Checks the committed bibliography (``references.bib``) by default; ``--all`` also checks the
downloads and explorer data of the last build. Fix a drift with ``make book`` (or
``python scripts/build_book.py``), never by editing the generated file.
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.book.generated import drifted_outputs
from alignment_survey.data.load import load_for_command

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also check the build's downloads")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder")
    args = parser.parse_args()
    dataset = load_for_command(args.root, "check_generated.py")
    if dataset is None:
        return 2
    drifted = drifted_outputs(args.root, dataset, committed_only=not args.all)
    for path in drifted:
        print(
            f"{path.as_posix()}: generated file differs from the dataset "
            "(edited by hand or stale): regenerate it with `make book`",
            file=sys.stderr,
        )
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
