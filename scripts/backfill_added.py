"""Fill the ``added`` field of paper records from git history (the day each file was first added).

python scripts/backfill_added.py             # writes data/papers/*.yaml that lack `added`
python scripts/backfill_added.py --dry-run   # lists what it would write
python scripts/backfill_added.py --check     # fails when a committed record lacks `added` (make check)
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.cli import print_outcome
from alignment_survey.files import layout
from alignment_survey.ingest.backfill import backfill_added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="dataset folder (default: ./data)")
    parser.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a record lacks added"
    )
    args = parser.parse_args()
    data = args.data or layout.find_data_dir()
    outcome = backfill_added(data, dry_run=args.dry_run or args.check)
    if args.check and any(": added " in line for line in outcome.out):
        outcome.fail(
            "added",
            "records above lack the day they entered the dataset: run "
            "'python scripts/backfill_added.py' (or set added: YYYY-MM-DD) and commit",
        )
    return print_outcome(outcome)


if __name__ == "__main__":
    sys.exit(main())
