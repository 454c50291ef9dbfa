"""The taxonomy as a tree: which nodes lie below which, and how many papers each holds."""

from __future__ import annotations

import pandas as pd


def node_counts(papers: pd.DataFrame, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """Per node: papers placed directly on it and distinct papers in its subtree."""
    placed = (
        papers[["key", "title", "taxonomy"]].explode("taxonomy").rename(columns={"taxonomy": "id"})
    )
    direct = placed.groupby("id").size()
    paths = taxonomy.set_index("id")["path"]
    ancestry = placed.assign(ancestor=placed["id"].map(paths)).explode("ancestor")
    subtree = ancestry.groupby("ancestor")["key"].nunique()
    titles = ancestry.drop_duplicates(["ancestor", "key"]).groupby("ancestor")["title"].apply(list)
    counts = taxonomy[["id", "label", "parent", "root", "depth", "description"]].copy()
    counts["direct"] = counts["id"].map(direct).fillna(0).astype(int)
    counts["papers"] = counts["id"].map(subtree).fillna(0).astype(int)
    counts["titles"] = counts["id"].map(titles).map(lambda t: t if isinstance(t, list) else [])
    return counts


def subtree_ids(taxonomy: pd.DataFrame, root: str) -> set[str]:
    """The node ``root`` and every node below it."""
    return set(taxonomy.loc[taxonomy["path"].map(lambda p: root in p), "id"])
