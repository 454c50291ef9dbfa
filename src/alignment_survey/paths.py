"""Where the dataset lives: the only module that knows the repository layout."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV_VAR = "SURVEY_DATA_DIR"
_MARKER = Path("data") / "taxonomy.yaml"


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


def papers_dir(data_dir: Path) -> Path:
    return data_dir / "papers"


def taxonomy_file(data_dir: Path) -> Path:
    return data_dir / "taxonomy.yaml"


def models_file(data_dir: Path) -> Path:
    return data_dir / "models.csv"


def scores_file(data_dir: Path) -> Path:
    return data_dir / "benchmark_scores.csv"


def benchmarks_file(data_dir: Path) -> Path:
    return data_dir / "benchmarks.csv"


def seed_file(data_dir: Path) -> Path:
    return data_dir / "seed_references.yaml"
