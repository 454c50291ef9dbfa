"""Write CHANGELOG.md from the dataset's release tags (v*), or print one release's notes.

python scripts/changelog.py                  # writes CHANGELOG.md (every release, newest first)
python scripts/changelog.py --unreleased     # ... with the changes since the last release
python scripts/changelog.py --tag v0.2.0     # prints that release's section (release notes)
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.data.changelog import changelog, release_notes
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="dataset folder (default: ./data)")
    parser.add_argument("--tag", help="print this release's section instead of writing the file")
    parser.add_argument("--unreleased", action="store_true", help="add the unreleased changes")
    parser.add_argument(
        "--out", type=Path, default=None, help="file to write (default: CHANGELOG.md)"
    )
    args = parser.parse_args()
    data = args.data or layout.find_data_dir()
    papers = layout.papers_dir(data)
    try:
        if args.tag:
            print(release_notes(papers, args.tag), end="")
            return 0
        text = changelog(papers, unreleased=args.unreleased)
    except ValueError as exc:
        print(f"changelog.py: {exc}", file=sys.stderr)
        return 2
    out = args.out or data.parent / layout.CHANGELOG
    write_text_atomic(out, text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
