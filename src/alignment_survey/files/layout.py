"""Where things live in the repository: the only module that knows its layout.

Every other module asks this one for a path, relative to the book's root (or, for the dataset's
files, to the data folder), so moving a folder is a change here and nowhere else.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DATA_ENV_VAR = "SURVEY_DATA_DIR"
_MARKER = Path("data") / "taxonomy.yaml"

# The book's sources, relative to its root.
DATA = Path("data")
PACKAGE = Path("src") / "alignment_survey"
TOC = Path("_toc.yml")
CONFIG = Path("_config.yml")
CHAPTERS = Path("chapters")
REFERENCES_BIB = Path("references.bib")
CITATION = Path("CITATION.cff")
CHANGELOG = Path("CHANGELOG.md")
ZENODO = Path(".zenodo.json")
DATA_VERSION = DATA / "VERSION"  # the dataset's version, when the curators set one
STARTUP = Path("_ext") / "startup"  # sitecustomize.py for the build's processes

# What the build writes, relative to the book's root.
BUILD = Path("_build")
HTML = BUILD / "html"
REPORTS = HTML / "reports"
EXECUTION_CACHE = BUILD / ".jupyter_cache"
EXECUTED = BUILD / "jupyter_execute"
FINGERPRINT = BUILD / ".inputs-fingerprint"
GENERATED = Path("_generated")
GENERATED_SITE = GENERATED / "site"  # copied into the site as it is (html_extra_path)
DOWNLOADS = GENERATED_SITE / "downloads"
EXPLORER = GENERATED_SITE / "explorer"
RELATED = EXPLORER / "related"  # one small JSON file per paper: its most similar papers
FEEDS = GENERATED_SITE / "feeds"  # Atom feeds of the newest papers
MAP_CACHE = BUILD / ".map-cache"  # the map's 2-D layouts, keyed by the content they come from
STATIC = Path("_static")  # in the sources and in the built site alike
PDF_NAME = "alignment-survey.pdf"
PDF = BUILD / "pdf" / PDF_NAME  # the PDF edition (make pdf)
SITE_PDF = HTML / PDF_NAME  # its copy published with the site; pages link it as PDF_NAME

# Never copied with the book (tests, benchmarks): environments, builds and caches.
NOT_COPIED = (
    ".git",
    ".venv",
    "_build",
    "_generated",
    "node_modules",
    "bench-results",
    "*.egg-info",
    ".*cache",
    ".hypothesis",
    "__pycache__",
)


def find_data_dir(start: Path | None = None) -> Path:
    """Return the dataset folder.

    Order: the ``SURVEY_DATA_DIR`` environment variable; a ``data/`` folder holding
    ``taxonomy.yaml`` in the working directory or any parent (a chapter runs in
    ``chapters/``); the ``data/`` folder beside an editable install of this package.
    """
    if env := os.environ.get(DATA_ENV_VAR):
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / _MARKER).is_file():
            return folder / "data"
    beside_package = Path(__file__).resolve().parents[2] / "data"
    if (beside_package / "taxonomy.yaml").is_file():
        return beside_package
    raise FileNotFoundError(
        f"no dataset found: set {DATA_ENV_VAR} or run from inside the book's repository"
    )


def _in_data(name: str, what: str) -> Callable[[Path], Path]:
    """The function that gives the path of ``name`` in a data folder; ``what`` documents it."""

    def path(data_dir: Path) -> Path:
        return data_dir / name

    path.__doc__ = what
    return path


snapshot_dir = _in_data(
    ".snapshot",
    "The validated dataset saved by the last load (hidden: never data, never committed).",
)
papers_dir = _in_data("papers", "The folder of paper records, one YAML file each.")
taxonomy_file = _in_data("taxonomy.yaml", "The topics and the taxonomy tree.")
models_file = _in_data("models.csv", "The model releases.")
scores_file = _in_data("benchmark_scores.csv", "The dated benchmark scores.")
benchmarks_file = _in_data("benchmarks.csv", "What each benchmark's scores mean, and their range.")
seed_file = _in_data("seed_references.yaml", "The seed report's numbered references.")
version_file = _in_data(
    "VERSION", "The dataset's release version (``0.1.0``), which CITATION.cff repeats."
)


def map_cache(data_dir: Path) -> Path:
    """The map layouts' cache of the book that holds ``data_dir``."""
    return data_dir.parent / MAP_CACHE
