"""Facts of the Literature Review chapter: its papers, their counts and the arena gap it quotes.

The chapter reads the field through its surveys and its benchmarks. :func:`papers` selects them
(every paper under the ``surveys`` node, the ``evaluation`` branch and the judges'
``judge-meta-evaluation`` node) and keeps, of each paper's taxonomy nodes, only those inside that
scope, so the chapter's sunburst and timeline show one frame: surveys, benchmarks, meta-evaluation.
:func:`facts` returns the glued values (numbers and short strings, no frames), so
``glue_facts(facts(survey))`` glues them all; the frames stay with :func:`papers`, and the
framing chart's groups are :data:`RESEARCH_LINES`. No sentence of the chapter states a ranking or
an absence that new records could overturn, so no guard is needed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis.selection import papers_in
from alignment_survey.analysis.tree import subtree_ids
from alignment_survey.charts.models import score_gaps
from alignment_survey.data.load import Dataset

#: The parts of the taxonomy the chapter is about, in the order a paper's group is chosen.
SCOPE = ("surveys", "evaluation", "judge-meta-evaluation")

#: Lines of research whose growth shows how the field's framing moved (label: taxonomy nodes).
RESEARCH_LINES: dict[str, tuple[str, ...]] = {
    "Human feedback (RLHF, reward models)": ("po-rlhf",),
    "AI feedback and constitutions": ("po-ai-feedback",),
    "Verifiable rewards and reasoning RL": ("reasoning-rl",),
    "Chain-of-thought monitoring": ("so-cot-monitoring",),
    "Interpretability-based oversight": ("so-interpretability",),
    "AI control": ("so-control",),
}
#: The years the framing chart spans.
YEARS = range(2017, 2027)
ARENA = "Chatbot Arena"


@dataclass(frozen=True)
class LiteratureReviewFacts:
    """Values the chapter glues (``{glue:text}`lr_...```)."""

    lr_n_papers: int  # surveys, benchmarks and meta-evaluations together
    lr_n_surveys: int
    lr_n_benchmarks: int  # the evaluation branch and judge meta-evaluation
    lr_n_arena_snapshots: int
    lr_arena_first: str  # "June 2023"
    lr_arena_first_gap: int  # Elo points, best proprietary minus best open
    lr_arena_last: str
    lr_arena_last_gap: int


def papers(survey: Dataset) -> pd.DataFrame:
    """The chapter's papers, each keeping only its taxonomy nodes inside :data:`SCOPE`.

    The kept nodes are ordered as :data:`SCOPE` is, so a chart that groups a paper by its first
    node puts every survey under surveys.
    """
    rank = {n: i for i, root in enumerate(SCOPE) for n in subtree_ids(survey.taxonomy, root)}
    chosen = pd.concat([papers_in(survey.papers, survey.taxonomy, node=n) for n in SCOPE])
    chosen = chosen.drop_duplicates("key").copy()
    chosen["taxonomy"] = chosen["taxonomy"].map(
        lambda nodes: sorted((n for n in nodes if n in rank), key=rank.__getitem__)
    )
    return chosen.reset_index(drop=True)


def arena_gaps(scores: pd.DataFrame) -> pd.DataFrame:
    """Best proprietary minus best open-weight Arena rating at each dated snapshot, oldest first."""
    gaps = score_gaps(scores)
    return gaps[gaps["benchmark"] == ARENA].sort_values("as_of").reset_index(drop=True)


def facts(survey: Dataset) -> LiteratureReviewFacts:
    """Compute the chapter's glued values from the dataset."""
    chosen = papers(survey)
    in_surveys = papers_in(chosen, survey.taxonomy, node="surveys")
    arena = arena_gaps(survey.scores)
    if arena.empty:
        raise ValueError(
            f"literature_review: no dated {ARENA} snapshot with both open and proprietary scores"
        )
    first, last = arena.iloc[0], arena.iloc[-1]
    return LiteratureReviewFacts(
        lr_n_papers=len(chosen),
        lr_n_surveys=len(in_surveys),
        lr_n_benchmarks=len(chosen) - len(in_surveys),
        lr_n_arena_snapshots=len(arena),
        lr_arena_first=f"{pd.Timestamp(first['as_of']):%B %Y}",
        lr_arena_first_gap=round(first["gap"]),
        lr_arena_last=f"{pd.Timestamp(last['as_of']):%B %Y}",
        lr_arena_last_gap=round(last["gap"]),
    )
