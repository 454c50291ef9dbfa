"""Facts of the Conclusion (``chapters/conclusion.md``): the open problems and their papers.

The chapter's code is::

    survey = setup()
    facts = conclusion.facts(survey)
    glue_facts(facts)
    papers = conclusion.papers(survey)

:data:`PROBLEMS` names each open problem the chapter discusses and the taxonomy nodes whose papers
frame it (the how-alignment-fails branch, the oversight nodes and the open-weight safety nodes).
:func:`papers` selects the papers on those nodes, keeping of each paper only its nodes inside
them, for the chapter's taxonomy and timeline charts; the heatmap of problems per year takes
:data:`PROBLEMS` itself. :func:`facts` returns only glued values (numbers and short strings), so
``glue_facts`` never sees a frame. The prose states no ranking or absence that new papers could
overturn, so no sentence needs a guard.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.charts.open_problems import SINCE
from alignment_survey.data.load import Dataset

#: The open problems, in the chapter's order, and the taxonomy nodes whose papers frame each.
PROBLEMS: dict[str, tuple[str, ...]] = {
    "Deception and scheming": ("af-deception",),
    "Reward hacking and sycophancy": ("af-reward-hacking", "af-sycophancy"),
    "Faithfulness of reasoning traces": ("so-cot-monitoring",),
    "Evaluation awareness": ("af-evaluation-awareness",),
    "Overseeing outputs no one can check": (
        "so-debate",
        "so-weak-to-strong",
        "so-critique",
        "so-prover-verifier",
        "so-task-decomposition",
        "so-reward-modeling",
        "so-human-factors",
        "so-theory",
    ),
    "Safety of open weights": ("ow-tampering", "ow-safeguards", "ow-policy"),
    "Emergent misalignment": ("af-emergent-misalignment",),
}
#: "Of the N papers ..., M appeared in RECENT_FROM or later": the recent period of the captions.
RECENT_FROM = 2025


@dataclass(frozen=True)
class ConclusionFacts:
    """The values the chapter glues; every name starts with ``cn_``."""

    cn_n_papers: int  # papers on the nodes of the open problems, each counted once
    cn_recent_from: int
    cn_n_recent: int  # of those papers, the ones of RECENT_FROM or later
    cn_since: int  # the heatmap's first single-year column
    cn_last_year: int  # the heatmap's last column: the latest year of any paper


def papers(survey: Dataset) -> pd.DataFrame:
    """The papers on the open problems' nodes, each keeping only its nodes among them.

    Kept nodes are ordered as :data:`PROBLEMS` lists them, so a chart that groups a paper by its
    first node files it under the first problem it frames.
    """
    rank: dict[str, int] = {}
    for nodes in PROBLEMS.values():
        for node in nodes:
            for inside in sorted(subtree_ids(survey.taxonomy, node)):
                rank.setdefault(inside, len(rank))
    chosen = survey.papers[survey.papers["taxonomy"].map(lambda ns: any(n in rank for n in ns))]
    chosen = chosen.copy()
    chosen["taxonomy"] = chosen["taxonomy"].map(
        lambda nodes: sorted((n for n in nodes if n in rank), key=rank.__getitem__)
    )
    return chosen.reset_index(drop=True)


def facts(survey: Dataset) -> ConclusionFacts:
    """Compute the chapter's glued values from the dataset."""
    chosen = papers(survey)
    years = chosen["year"].astype(int)
    return ConclusionFacts(
        cn_n_papers=len(chosen),
        cn_recent_from=RECENT_FROM,
        cn_n_recent=int((years >= RECENT_FROM).sum()),
        cn_since=SINCE,
        cn_last_year=int(survey.papers["year"].max()),
    )
