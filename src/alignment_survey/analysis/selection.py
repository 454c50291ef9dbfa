"""Choose the papers a chapter is about."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from alignment_survey.analysis.tree import subtree_ids


def papers_in(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, topic: str | None = None, node: str | None = None
) -> pd.DataFrame:
    """Papers with ``topic`` among their topics and/or placed on ``node`` or any node below it."""
    chosen = pd.Series(True, index=papers.index)
    if topic is not None:
        chosen &= papers["topics"].map(lambda topics: topic in topics)
    if node is not None:
        below = subtree_ids(taxonomy, node)
        chosen &= papers["taxonomy"].map(lambda nodes: bool(below.intersection(nodes)))
    return papers[chosen]


def papers_under(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, roots: Iterable[str]
) -> pd.DataFrame:
    """Papers with a node at or below one of ``roots``, their ``taxonomy`` cut to those nodes."""
    inside = set().union(*(subtree_ids(taxonomy, root) for root in roots))
    kept = papers["taxonomy"].map(lambda nodes: [node for node in nodes if node in inside])
    chosen = kept.map(len) > 0
    return papers[chosen].assign(taxonomy=kept[chosen])
