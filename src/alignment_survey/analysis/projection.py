"""The map of the field: every paper placed in two dimensions, the same way on every build.

Papers are embedded (:func:`alignment_survey.analysis.embeddings.map_vectors`: the embedding
whose neighbours agree more with the taxonomy) and projected with t-SNE (scikit-learn, seeded,
PCA start, one thread), which took 2-6 s for 465 papers here; UMAP (umap-learn) gave a comparable
map but spent about 20 s compiling its numba code in every fresh process, and would add numba and
llvmlite to the build. The layout is cached under ``_build/.map-cache`` by the content it comes
from (the models, the method, and each paper's key, embedded text and branches), so an unchanged
dataset reuses it and the same input always gives the same map.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from alignment_survey.analysis.embeddings import MODEL_ID, map_vectors, paper_texts
from alignment_survey.data.load import Dataset
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic

METHOD = "tsne perplexity<=30 pca seed0"
KEEP = 8  # cached layouts kept (the newest), so that switching branches stays fast


def content_key(keys: list[str], texts: list[str], branches: list[list[str]]) -> str:
    """A hash of what a layout depends on."""
    digest = hashlib.sha256(f"{MODEL_ID}\n{METHOD}\n".encode())
    for key, text, roots in zip(keys, texts, branches, strict=True):
        digest.update(f"{key}\t{text}\t{' '.join(roots)}\n".encode())
    return digest.hexdigest()[:32]


def project(vectors: np.ndarray) -> np.ndarray:
    """Seeded t-SNE to two dimensions; fewer than four papers are simply set on a line."""
    n = len(vectors)
    if n < 4:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    tsne = TSNE(
        n_components=2,
        perplexity=float(min(30, (n - 1) / 3)),
        init="pca",
        metric="cosine",
        random_state=0,
    )
    with threadpool_limits(1):  # one thread: as fast for a few thousand points, and never
        return tsne.fit_transform(vectors.astype(np.float64))  # oversubscribed on a busy machine


def map_coordinates(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, cache_dir: Path | None = None
) -> pd.DataFrame:
    """Columns ``key``, ``x``, ``y``: one row per paper, in key order (``attrs["embedding"]``
    names the embedding used).

    With ``cache_dir`` a layout computed before for the same content is read back instead.
    """
    ordered = papers.sort_values("key")
    keys = [str(key) for key in ordered["key"]]
    texts = paper_texts(ordered, taxonomy)
    content = content_key(keys, texts, [list(b) for b in ordered["branches"]])
    path = cache_dir / f"layout-{content}.json" if cache_dir else None
    if path is not None and path.is_file():
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored["keys"] == keys:
            return _frame(keys, stored["points"], stored["embedding"])
    embedding, vectors = map_vectors(ordered, taxonomy)
    points = project(vectors)
    if path is not None:
        payload = {
            "embedding": embedding,
            "method": METHOD,
            "keys": keys,
            "points": points.tolist(),
        }
        write_text_atomic(path, json.dumps(payload) + "\n")
        _prune(path.parent)
    return _frame(keys, points.tolist(), embedding)


def _frame(keys: list[str], points: list[list[float]], embedding: str) -> pd.DataFrame:
    """The coordinates; ``attrs["embedding"]`` names the embedding they come from."""
    frame = pd.DataFrame(points, columns=["x", "y"]).assign(key=keys)[["key", "x", "y"]]
    frame.attrs["embedding"] = embedding
    return frame


def _prune(folder: Path) -> None:
    layouts = sorted(folder.glob("layout-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in layouts[KEEP:]:
        old.unlink(missing_ok=True)


def map_of(dataset: Dataset) -> pd.DataFrame:
    """The dataset's map coordinates, cached beside the book that holds its data folder."""
    return map_coordinates(dataset.papers, dataset.taxonomy, layout.map_cache(dataset.data_dir))
