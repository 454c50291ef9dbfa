"""Check the built site's links: ``python scripts/check_links.py [SITE] [--external] [--report FILE]``.

Without ``--external``: every internal link and anchor resolves (offline; CI runs it on every pull
request). With ``--external``: every http(s) link answers (network; the weekly workflow runs it and
files the ``--report`` Markdown as one issue).
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.book.linkcheck import broken_external, broken_links
from alignment_survey.book.outcome import NEXT_AFTER_LINKS
from alignment_survey.files.atomic import write_text_atomic


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=Path("_build/html"))
    parser.add_argument("--external", action="store_true", help="check http(s) links (network)")
    parser.add_argument("--report", type=Path, help="write the broken external links as Markdown")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        print(f"check_links.py: {args.site}: no built site here (run `make book`)", file=sys.stderr)
        return 2
    if not args.external:
        broken = broken_links(args.site)
        for link in broken:
            print(link, file=sys.stderr)
        if broken:
            print(f"{len(broken)} broken internal link(s)", file=sys.stderr)
            print(NEXT_AFTER_LINKS, file=sys.stderr)
            return 1
        print(f"{args.site}: every internal link resolves")
        return 0
    failures = broken_external(args.site)
    lines = [f"- {url}: {reason} (on {', '.join(pages[:3])})" for url, reason, pages in failures]
    for line in lines:
        print(line, file=sys.stderr)
    if args.report:
        header = f"{len(failures)} external link(s) of the built book did not answer:\n\n"
        write_text_atomic(args.report, header + "\n".join(lines) + "\n")
    if failures:
        return 1
    print(f"{args.site}: every external link answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
