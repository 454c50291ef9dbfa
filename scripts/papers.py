"""Curate the paper dataset: ``python scripts/papers.py validate|add|refresh|search``."""

import sys

from alignment_survey.cli import main

if __name__ == "__main__":
    sys.exit(main())
