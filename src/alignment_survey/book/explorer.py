"""The paper explorer's data file: every paper as a compact row, plus the filters' vocabularies.

The explorer page (``explorer.md``) stays the same size whatever the number of papers: its
script fetches this file and hands the rows to DataTables. Filters mean what they mean in the
chapters (:func:`alignment_survey.analysis.selection.papers_in`): a topic, or a taxonomy node and every
node below it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from alignment_survey.data.load import Dataset
from alignment_survey.data.schema import ETAL
from alignment_survey.files import layout

DATA_FILE = layout.EXPLORER / "papers.json"
FIELDS = ["key", "title", "authors", "year", "venue", "url", "topics", "taxonomy"]
DATATABLES_FILES = ("dt_bundle.js", "dt_bundle.css")


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or pd.isna(value) else str(value)


def explorer_rows(papers: pd.DataFrame) -> list[list]:
    """One list per paper in :data:`FIELDS` order, newest first, then by title.

    An incomplete author list ends in "et al.".
    """
    order = papers.assign(_title=papers["title"].str.casefold()).sort_values(
        ["year", "_title", "key"], ascending=[False, True, True]
    )
    rows = []
    for paper in order.itertuples(index=False):
        authors = ["et al." if name == ETAL else name for name in paper.authors]
        rows.append(
            [
                paper.key,
                paper.title,
                authors,
                int(paper.year),
                _text(paper.venue),
                paper.url,
                list(paper.topics),
                list(paper.taxonomy),
            ]
        )
    return rows


def explorer_data(dataset: Dataset) -> dict:
    """The explorer's whole data: topics, taxonomy nodes (tree order, with parents) and rows."""
    taxonomy = dataset.taxonomy
    return {
        "fields": FIELDS,
        "topics": [{"id": t.id, "label": t.label} for t in dataset.topics.itertuples(index=False)],
        "nodes": [
            {"id": n.id, "label": n.label, "parent": _text(n.parent), "depth": int(n.depth)}
            for n in taxonomy.itertuples(index=False)
        ],
        "rows": explorer_rows(dataset.papers),
    }


def explorer_json(dataset: Dataset) -> str:
    """Compact JSON: about 250 bytes a paper (50,000 papers: about 12 MB, 3 MB gzipped)."""
    return json.dumps(explorer_data(dataset), ensure_ascii=False, separators=(",", ":")) + "\n"


def datatables_bundle() -> dict[str, str]:
    """The DataTables build shipped inside itables (an ES module and its CSS), by file name."""
    import itables

    folder = Path(itables.__file__).parent / "html"
    return {name: (folder / name).read_text(encoding="utf-8") for name in DATATABLES_FILES}
