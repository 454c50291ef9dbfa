"""``make bench``: the site's reader, build and scale figures in one table, each beside its target.

The targets are issue 16's (and issue 4's transfer budgets, which still hold). The table never
fails a build: timings on a shared machine are noisy, so ``bench/README.md`` records what was
measured and, for a target missed, the traced reason. Each section is a module of this folder:

* ``builds.py``: a clean build of a copy of the book, a rebuild with no change, one after a
  prose-only edit; a clean build of a 5,000-paper book (the real papers and made-up ones);
* ``pages.py``: Lighthouse on every page of the site, and the bytes of a visit;
* ``explorer.py``: the paper explorer at 50,000 made-up papers;
* ``scale.py``: loading 5,000 and 50,000 papers cold and warm; chart and page weights at 5,000.

Run: ``make bench`` (Lighthouse from ``bench/node_modules``, Debian's ``chromium``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import builds
import explorer
import pages
import scale
from common import Row, copy_book, load_average, table
from map_rows import map_rows
from pdf_edition import pdf_rows

from alignment_survey.book.chromium import CHROMIUM
from alignment_survey.data.synthetic import write_synthetic_dataset
from alignment_survey.files import layout


def main() -> int:
    if CHROMIUM is None or not pages.LIGHTHOUSE.is_file():
        print(
            "make bench needs chromium (apt-get install chromium) and bench/node_modules "
            "(npm ci --prefix bench)",
            file=sys.stderr,
        )
        return 1
    rows: list[Row] = []

    def add(section: list[Row]) -> None:
        """Keep a section's rows, and print them at once: a later crash loses none of them."""
        rows.extend(section)
        say(table(section))

    with tempfile.TemporaryDirectory(prefix="survey-bench-") as folder:
        work = Path(folder)
        book = copy_book(work / "book")
        say("building a copy of the book three times…")
        add(builds.real_book_rows(book))
        add(pdf_rows(book))
        say("Lighthouse and transfers on every page…")
        add(pages.page_rows(book, book / layout.HTML))
        say("a 5,000-paper book…")
        big_book = copy_book(work / "book-5000")
        built, raised = builds.synthetic_book_rows(big_book)
        add(built + scale.chart_rows(book, big_book, builds.SYNTHETIC_PAPERS, raised))
        say("synthetic datasets: loading, and the explorer at 50,000 papers…")
        datasets = {n: write_synthetic_dataset(work / f"synthetic-{n}", n) for n in (5_000, 50_000)}
        add(scale.load_rows(datasets))
        add(explorer.explorer_rows(book / layout.HTML, datasets[50_000], work))
    add(map_rows())  # the map and suggest: bench/map_rows.py
    rows.append(Row("machine load (1 / 5 minutes) at the end", load_average()))
    print(table(rows))
    return 0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
