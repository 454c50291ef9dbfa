"""Files generated from the dataset: the book's bibliography, the downloads and the explorer's data.

``references.bib`` is committed (the book cites from it) and guarded by ``--check``; the
downloads are written to ``_generated/site/downloads/`` at build time and published with the site,
as are the paper explorer's data files (``_generated/site/explorer/``, outside ``_static/`` so that
only the explorer page loads them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from alignment_survey.book.bibliography import to_bibtex
from alignment_survey.book.explorer import explorer_files
from alignment_survey.book.feeds import feed_outputs
from alignment_survey.book.related import related_outputs
from alignment_survey.data.load import Dataset
from alignment_survey.data.records import FIELD_ORDER
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_if_changed

# The published columns: every field of a record, plus the branches and seed flag derived on load.
_AFTER = FIELD_ORDER.index("taxonomy") + 1
PAPER_COLUMNS = [*FIELD_ORDER[:_AFTER], "branches", "seed", *FIELD_ORDER[_AFTER:]]


def papers_table(papers: pd.DataFrame) -> pd.DataFrame:
    """The papers as published: lists joined with '; ' for CSV readers."""
    table = papers[PAPER_COLUMNS].copy()
    for column in ("authors", "topics", "taxonomy", "branches"):
        table[column] = table[column].map("; ".join)
    return table


def papers_json(papers: pd.DataFrame) -> str:
    records = []
    for row in papers[PAPER_COLUMNS].itertuples(index=False):
        record = {}
        for name, value in zip(PAPER_COLUMNS, row, strict=True):
            if isinstance(value, list):
                record[name] = value
            elif value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
                record[name] = None
            else:
                record[name] = int(value) if name in ("year", "month", "seed") else str(value)
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def build_outputs(dataset: Dataset) -> dict[Path, str]:
    """Every generated file, relative to the book's root, with its content."""
    taxonomy = dataset.taxonomy.drop(columns=["path"]).assign(
        path=dataset.taxonomy["path"].map(" > ".join)
    )
    models = dataset.models.drop(columns=["openness"]).assign(
        release_date=dataset.models["release_date"].dt.strftime("%Y-%m")
    )
    scores = dataset.scores.assign(as_of=dataset.scores["as_of"].dt.strftime("%Y-%m"))
    return {
        layout.REFERENCES_BIB: to_bibtex(dataset.papers, disambiguate=True),
        layout.DOWNLOADS / "papers.csv": csv_text(papers_table(dataset.papers)),
        layout.DOWNLOADS / "papers.json": papers_json(dataset.papers),
        layout.DOWNLOADS / "papers.bib": to_bibtex(dataset.papers),
        layout.DOWNLOADS / "taxonomy.csv": csv_text(taxonomy),
        layout.DOWNLOADS / "topics.csv": csv_text(dataset.topics),
        layout.DOWNLOADS / "models.csv": csv_text(models),
        layout.DOWNLOADS / "benchmark_scores.csv": csv_text(scores),
        layout.DOWNLOADS / "benchmarks.csv": csv_text(dataset.benchmarks),
        **explorer_files(dataset),
        **related_outputs(dataset),
        **feed_outputs(dataset),
    }


def write_outputs(root: Path, dataset: Dataset) -> list[Path]:
    """Write the generated files that changed; return their paths."""
    return [
        path for path, text in build_outputs(dataset).items() if write_if_changed(root / path, text)
    ]


def drifted_outputs(root: Path, dataset: Dataset, committed_only: bool = True) -> list[Path]:
    """Generated files whose content differs from what the dataset gives (edited by hand, or stale)."""
    outputs = build_outputs(dataset)
    checked = {layout.REFERENCES_BIB: outputs[layout.REFERENCES_BIB]} if committed_only else outputs
    return [
        path
        for path, text in checked.items()
        if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != text
    ]
