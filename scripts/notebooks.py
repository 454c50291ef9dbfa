"""Write every notebook page as a plain ``.ipynb`` beside its ``.md``, for the ``notebooks`` branch.

    python scripts/notebooks.py --out DIR       # DIR/chapters/<name>.ipynb, DIR/index.ipynb, ...

CI runs it with ``--out .`` in a checkout of main and pushes the result to the ``notebooks``
branch, which the book's Binder and Colab buttons open. (Not in a working copy: Sphinx would find
each page twice, as .md and .ipynb.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alignment_survey.book.citation import load_citation
from alignment_survey.book.launch import write_launch_notebooks

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write the notebooks into"
    )
    args = parser.parse_args()
    site_url = load_citation(ROOT).get("url")
    for path in write_launch_notebooks(ROOT, args.out, site_url):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
