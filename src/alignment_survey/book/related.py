"""Related papers for the explorer's one-paper view (``explorer.html?key=...``).

Each paper's :data:`~alignment_survey.analysis.embeddings.NEIGHBOURS` most similar papers (by the
embedding of title and taxonomy labels that places papers on the map,
:func:`~alignment_survey.analysis.embeddings.map_vectors`), with their similarity, in
one small JSON file per first letter of the key: ``_generated/site/explorer/related/<a-z>.json``.
The explorer's ``survey-related.js`` fetches only the file of the paper shown, and only on the
one-paper view, so the table's own data stays as it is. All 26 files are always written (keys
start with a letter), so a key that is not in the dataset finds an empty file, never a 404, and a
removed paper leaves no stale file behind.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

from alignment_survey.analysis.embeddings import NEIGHBOURS, map_vectors, nearest
from alignment_survey.data.load import Dataset
from alignment_survey.files import layout


def related_lists(dataset: Dataset, k: int = NEIGHBOURS) -> dict[str, list[dict]]:
    """Each paper's ``k`` most similar papers: key, title, year and similarity (0 to 1)."""
    papers = dataset.papers
    _, vectors = map_vectors(papers, dataset.taxonomy)
    indices, similarities = nearest(vectors, k)
    keys = [str(key) for key in papers["key"]]
    titles = [str(title) for title in papers["title"]]
    years = [int(year) for year in papers["year"]]
    return {
        keys[row]: [
            {
                "key": keys[j],
                "title": titles[j],
                "year": years[j],
                "similarity": round(max(float(s), 0.0), 3),
            }
            for j, s in zip(indices[row], similarities[row], strict=True)
        ]
        for row in range(len(keys))
    }


def related_outputs(dataset: Dataset) -> dict[Path, str]:
    """The 26 related-papers files (keys by first letter), relative to the book's root."""
    shards: dict[str, dict[str, list[dict]]] = {letter: {} for letter in string.ascii_lowercase}
    for key, related in sorted(related_lists(dataset).items()):
        shards[key[0]][key] = related
    return {
        layout.RELATED / f"{letter}.json": json.dumps(
            papers, ensure_ascii=False, separators=(",", ":")
        )
        + "\n"
        for letter, papers in shards.items()
    }
