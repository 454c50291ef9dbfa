"""Papers as vectors, offline: a static sentence-embedding model that ships inside its wheel.

``wordllama`` (256 dimensions) carries its weights and tokenizer in the installed package. Its
loader looks for the tokenizer under a folder that does not exist (``tokenizer/``, the package has
``tokenizers/``) and would then download it; given the package's own folder as ``cache_dir`` and
``disable_download=True`` it finds both files and never opens a connection. A TF-IDF + SVD
baseline (scikit-learn, fitted on the texts themselves) is the other candidate: the map and the
related papers use whichever of the two has neighbours that agree more with the taxonomy
(:func:`map_vectors`); ``make bench`` reports both figures. The curator's assistant embeds a new
title alone, so it keeps the fixed wordllama model (no refit, no leak of the paper left out).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

MODEL_ID = "wordllama l2_supercat 256 | tfidf-svd 64"  # in every cache key: new models, new layouts
NEIGHBOURS = 5
_CHUNK = 2048  # rows of the similarity matrix computed at once (50,000 papers: 400 MB a chunk)


@functools.lru_cache(maxsize=1)
def model() -> object:
    """The wordllama model, loaded from the installed package only (downloads disabled)."""
    import wordllama

    folder = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(
        config="l2_supercat", dim=256, cache_dir=folder, disable_download=True
    )


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 vector per text (an empty list gives a 0 x 256 array)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vectors = np.asarray(model().embed(list(texts), norm=True), dtype=np.float32)
    return _unit(vectors)


def tfidf_svd(texts: Sequence[str], dims: int = 64) -> np.ndarray:
    """The baseline: TF-IDF of words and word pairs, reduced to ``dims`` by a seeded SVD."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))
    counts = matrix.fit_transform(list(texts))
    dims = max(1, min(dims, counts.shape[1] - 1, len(texts) - 1))
    reduced = TruncatedSVD(dims, random_state=0).fit_transform(counts)
    return _unit(reduced.astype(np.float32))


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def paper_texts(papers: pd.DataFrame, taxonomy: pd.DataFrame, labels: bool = True) -> list[str]:
    """What is embedded for each paper: its title, and (``labels``) its taxonomy nodes' labels.

    The labels place a paper among its taxonomy neighbours on the map (``make bench`` measures how
    much); a title alone is what a new paper has, so :mod:`alignment_survey.analysis.suggest` uses
    titles only.
    """
    if not labels:
        return [str(title) for title in papers["title"]]
    label = taxonomy.set_index("id")["label"]
    return [
        f"{title}. {'; '.join(str(label[node]) for node in nodes)}"
        for title, nodes in zip(papers["title"], papers["taxonomy"], strict=True)
    ]


def nearest(
    vectors: np.ndarray, k: int = NEIGHBOURS, queries: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` most similar rows of ``vectors`` for each query (cosine similarity, best first).

    Without ``queries`` every row is a query and is left out of its own neighbours. Ties are
    broken by row number, so the answer is the same on every run. Returns (indices, similarities).
    """
    own = queries is None
    queries = vectors if own else queries
    k = max(0, min(k, len(vectors) - (1 if own else 0)))
    indices = np.zeros((len(queries), k), dtype=np.int64)
    scores = np.zeros((len(queries), k), dtype=np.float32)
    for start in range(0, len(queries), _CHUNK):
        block = queries[start : start + _CHUNK] @ vectors.T
        if own:
            rows = np.arange(len(block))
            block[rows, rows + start] = -np.inf
        order = np.argsort(-block, axis=1, kind="stable")
        indices[start : start + len(block)] = order[:, :k]
        scores[start : start + len(block)] = np.take_along_axis(block, order[:, :k], axis=1)
    return indices, scores


def neighbour_agreement(
    vectors: np.ndarray, branches: Sequence[Sequence[str]], k: int = NEIGHBOURS
) -> tuple[float, float]:
    """How well neighbours agree with the taxonomy.

    Returns (the share of papers whose ``k`` nearest neighbours all share a branch with them, the
    share of neighbours that share a branch with their paper).
    """
    indices, _ = nearest(vectors, k)
    sets = [set(paper) for paper in branches]
    agree = np.array([[bool(sets[i] & sets[j]) for j in row] for i, row in enumerate(indices)])
    if not agree.size:
        return 0.0, 0.0
    return float(agree.all(axis=1).mean()), float(agree.mean())


def map_vectors(papers: pd.DataFrame, taxonomy: pd.DataFrame) -> tuple[str, np.ndarray]:
    """The embedding of titles and labels whose neighbours agree more with the taxonomy.

    Both candidates are computed; the one with the higher agreement (papers whose neighbours all
    share a branch, then neighbours that do) is returned with its name. A tie keeps wordllama.
    """
    texts = paper_texts(papers, taxonomy)
    branches = list(papers["branches"])
    best: tuple[tuple[float, float], str, np.ndarray] | None = None
    for name, make in (("wordllama", embed), ("TF-IDF + SVD", tfidf_svd)):
        vectors = make(texts)
        score = neighbour_agreement(vectors, branches)
        if best is None or score > best[0]:
            best = (score, name, vectors)
    assert best is not None
    return best[1], best[2]
