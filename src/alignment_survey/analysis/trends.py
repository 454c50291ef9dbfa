"""Papers per year in chosen parts of the taxonomy: how much work each line of research holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from alignment_survey.analysis.tree import subtree_ids


def yearly_counts(
    papers: pd.DataFrame,
    taxonomy: pd.DataFrame,
    groups: Mapping[str, Sequence[str]],
    years: range,
) -> pd.DataFrame:
    """Distinct papers per year in each group (a label and the nodes whose subtrees it spans).

    Returns one row per group and year in ``years`` (columns group, year, papers), zeros included,
    so every group has a point in every year. A paper on two nodes of one group counts once.
    """
    rows = []
    for label, nodes in groups.items():
        below = set().union(*(subtree_ids(taxonomy, node) for node in nodes))
        inside = papers[~papers["taxonomy"].map(below.isdisjoint).astype(bool)]
        per_year = inside.drop_duplicates("key").groupby("year").size()
        rows += [
            {"group": label, "year": year, "papers": int(per_year.get(year, 0))} for year in years
        ]
    return pd.DataFrame(rows, columns=["group", "year", "papers"])
