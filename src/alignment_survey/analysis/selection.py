"""Choose the papers a chapter is about."""

from __future__ import annotations

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
