"""Print the built book as a PDF: ``python scripts/build_pdf.py [--out FILE]`` (after `make book`).

Writes ``_build/pdf/alignment-survey.pdf`` and its copy in the site, which the landing page and the
dataset page link. Needs Debian's ``chromium``.
"""

import argparse
import sys
from pathlib import Path

from alignment_survey.book.pdf import build_pdf
from alignment_survey.book.pdfprint import PrintError

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to write the PDF (default: _build/pdf/)")
    args = parser.parse_args()
    try:
        edition = build_pdf(ROOT, args.out)
    except PrintError as exc:
        print(f"build_pdf.py: {exc}", file=sys.stderr)
        return 1
    print(
        f"{edition.path}: {edition.pages} pages, {edition.size / 1e6:.1f} MB, "
        f"{edition.prints + 1} prints in {edition.seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
