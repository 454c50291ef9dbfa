"""``make bench`` rows for the map of the field and the curator's assistant (issue 15).

* Neighbour agreement: for each way of embedding the papers, the share of papers whose 5 nearest
  neighbours all share a taxonomy branch with them, and the share of neighbours that do. The map
  and the related papers use the embedding of titles + labels that agrees more (wordllama or the
  TF-IDF + SVD baseline; a tie keeps wordllama).
* The 2-D layout's time, computed and read back from its cache.
* ``papers.py suggest``: leave-one-out accuracy (the right branch among the three nodes proposed
  from the other papers' votes), beside the share a fixed guess of the three largest branches gets.

Run alone: ``python bench/map_rows.py`` (no browser needed); ``bench/run.py`` adds the rows to its table.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from common import Row, table  # noqa: E402 (after the path set-up, for a run on its own)

TARGET_SUGGEST = 0.70


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def agreement_rows(data: Path) -> list[Row]:
    from alignment_survey.analysis.embeddings import (
        embed,
        neighbour_agreement,
        paper_texts,
        tfidf_svd,
    )
    from alignment_survey.data.load import load_dataset

    dataset = load_dataset(data)
    papers, taxonomy, branches = dataset.papers, dataset.taxonomy, list(dataset.papers["branches"])
    measured = {}
    for labels in (True, False):
        texts = paper_texts(papers, taxonomy, labels=labels)
        for name, vectors in (("wordllama", embed(texts)), ("TF-IDF + SVD", tfidf_svd(texts))):
            measured[name, labels] = neighbour_agreement(vectors, branches)
    rows: list[Row] = []
    for (name, labels), (papers_all, neighbours) in measured.items():
        what = "titles + taxonomy labels" if labels else "titles only"
        rows.append(
            Row(
                f"map: neighbour agreement, {name}, {what}",
                f"{_pct(papers_all)} of papers (all 5 share a branch); {_pct(neighbours)} of neighbours",
            )
        )
    from alignment_survey.analysis.embeddings import map_vectors

    used, _ = map_vectors(papers, taxonomy)
    best = max(("wordllama", "TF-IDF + SVD"), key=lambda name: measured[name, True])
    rows.append(
        Row(
            "map: embedding used (titles + labels, the one whose neighbours agree more)",
            used,
            best,
            used == best,
        )
    )
    return rows


def layout_rows(data: Path) -> list[Row]:
    from alignment_survey.analysis.projection import map_coordinates
    from alignment_survey.data.load import load_dataset

    dataset = load_dataset(data)
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        first = map_coordinates(dataset.papers, dataset.taxonomy, Path(cache))
        computed = time.perf_counter() - started
        started = time.perf_counter()
        again = map_coordinates(dataset.papers, dataset.taxonomy, Path(cache))
        cached = time.perf_counter() - started
    same = "same map" if again.equals(first) else "**a different map**"
    return [
        Row(
            f"map: layout of {len(first)} papers, computed / from the cache",
            f"{computed:.1f} s / {cached:.2f} s ({same})",
            "cache reused, same map",
            again.equals(first),
        )
    ]


def suggest_rows(data: Path) -> list[Row]:
    from alignment_survey.analysis.suggest import leave_one_out
    from alignment_survey.data.load import load_dataset

    dataset = load_dataset(data)
    papers = dataset.papers
    accuracy = leave_one_out(papers, dataset.taxonomy)
    largest = set(papers["branches"].explode().value_counts().index[:3])
    guess = papers["branches"].map(lambda b: bool(set(b) & largest)).mean()
    return [
        Row(
            "suggest: leave-one-out, right branch among the top 3 nodes",
            f"{_pct(accuracy)} (a fixed guess of the 3 largest branches: {_pct(guess)})",
            f"≥ {_pct(TARGET_SUGGEST)}",
            accuracy >= TARGET_SUGGEST,
        )
    ]


def map_rows(data: Path = ROOT / "data") -> list[Row]:
    """Every row of this module, on the dataset in ``data``."""
    return agreement_rows(data) + layout_rows(data) + suggest_rows(data)


if __name__ == "__main__":
    print(table(map_rows()))
