"""Facts of the introduction (``chapters/introduction.md``): the size and shape of the whole survey.

The introduction is about every paper, so its charts take ``survey.papers`` and
``survey.taxonomy`` directly and no frame needs carrying: :class:`IntroductionFacts` holds only
the values the prose and captions glue, each under its field's name (``{glue:text}`n_papers```).
The sentences are phrased so that new records keep them true (shares and counts are glued, no
ranking is stated), so no guard is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis import stats
from alignment_survey.analysis.selection import papers_in
from alignment_survey.data.load import Dataset

REASONING_FROM = 2025  # reasoning models and RLVR: the year after o1 and DeepSeek-R1's arrival
FAILURES_FROM = 2024  # scheming, alignment-faking and evaluation-awareness studies


@dataclass(frozen=True)
class IntroductionFacts:
    """What the introduction glues; see the chapter for the sentence each one completes."""

    n_papers: int
    first_year: int
    last_year: int
    n_dated: int
    n_branches: int
    n_nodes: int
    n_branches_credited: int
    n_reasoning: int
    reasoning_from: int
    share_reasoning_recent: str
    n_failures: int
    failures_from: int
    share_failures_recent: str


def facts(survey: Dataset) -> IntroductionFacts:
    """The introduction's glued values, computed from the loaded survey."""
    papers, taxonomy = survey.papers, survey.taxonomy
    roots = taxonomy[taxonomy["parent"].isna()]
    reasoning = papers_in(papers, taxonomy, node="reasoning-rl")
    failures = papers_in(papers, taxonomy, node="alignment-failures")
    return IntroductionFacts(
        n_papers=len(papers),
        first_year=int(papers["year"].min()),
        last_year=int(papers["year"].max()),
        n_dated=int(papers["month"].notna().sum()),
        n_branches=len(roots),
        n_nodes=len(taxonomy),
        n_branches_credited=int(roots["credit"].notna().sum()),
        n_reasoning=len(reasoning),
        reasoning_from=REASONING_FROM,
        share_reasoning_recent=recent_share(reasoning, REASONING_FROM),
        n_failures=len(failures),
        failures_from=FAILURES_FROM,
        share_failures_recent=recent_share(failures, FAILURES_FROM),
    )


def recent_share(papers: pd.DataFrame, since: int) -> str:
    """The share of ``papers`` dated ``since`` or later, as prose ("83%")."""
    return stats.share(int((papers["year"] >= since).sum()), len(papers))
