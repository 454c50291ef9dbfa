"""Facts of the chapter "Core Concepts of LLM Alignment" (chapters/core_concepts.md).

The chapter is about three branches of the taxonomy: preference optimisation (RLHF, reward
models, direct methods, specifications), reasoning with verifiable rewards, and automated
alignment (the sources of signal that replace human labels). ``facts(survey)`` returns a pair:

- :class:`Frames`, the papers the chapter's figures draw (never glued), and
- :class:`CoreConceptsFacts`, the short values its prose and captions glue.

A chapter cell reads ``frames, numbers = core_concepts.facts(survey)`` and then
``glue_facts(numbers)``; each chart cell passes ``frames.papers`` or ``frames.judges`` to one chart
function. Every value is a count over whatever records exist, so a new record in any topic, with
or without arXiv id, authors or month, changes a number and never a sentence: the chapter needs no
guard.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis.selection import papers_in, papers_under
from alignment_survey.data.load import Dataset

BRANCHES = ("preference-optimization", "reasoning-rl", "automated-alignment")
JUDGE_BRANCH = "llm-as-judge"
RECENT_FROM = 2025  # the year the prose names: "from 2025 on"


@dataclass(frozen=True)
class Frames:
    """The chapter's papers: those on its three branches, placed only on those branches' nodes
    (so that charts drawn without a root show the three branches and nothing else), and the
    papers of the LLM-as-a-judge branch."""

    papers: pd.DataFrame
    judges: pd.DataFrame


@dataclass(frozen=True)
class CoreConceptsFacts:
    """The values the chapter glues, each under its field's name."""

    cc_papers: int  # distinct papers on the three branches
    cc_po_papers: int  # preference optimisation
    cc_rr_papers: int  # reasoning and verifiable rewards
    cc_aa_papers: int  # automated alignment
    cc_rr_recent: int  # reasoning and verifiable rewards, from RECENT_FROM on
    cc_rr_recent_from: int
    cc_po_before: int  # preference optimisation, before RECENT_FROM
    cc_judges: int  # distinct papers on the LLM-as-a-judge branch


def chapter_papers(papers: pd.DataFrame, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """Papers with a node in one of :data:`BRANCHES`, their ``taxonomy`` cut to those nodes."""
    return papers_under(papers, taxonomy, BRANCHES)


def facts(survey: Dataset) -> tuple[Frames, CoreConceptsFacts]:
    """The chapter's frames and glued values, computed from the loaded data."""
    taxonomy = survey.taxonomy
    papers = chapter_papers(survey.papers, taxonomy)
    judges = papers_in(survey.papers, taxonomy, node=JUDGE_BRANCH)
    po = papers_in(papers, taxonomy, node="preference-optimization")
    rr = papers_in(papers, taxonomy, node="reasoning-rl")
    aa = papers_in(papers, taxonomy, node="automated-alignment")
    numbers = CoreConceptsFacts(
        cc_papers=int(papers["key"].nunique()),
        cc_po_papers=len(po),
        cc_rr_papers=len(rr),
        cc_aa_papers=len(aa),
        cc_rr_recent=int((rr["year"] >= RECENT_FROM).sum()),
        cc_rr_recent_from=RECENT_FROM,
        cc_po_before=int((po["year"] < RECENT_FROM).sum()),
        cc_judges=len(judges),
    )
    return Frames(papers=papers, judges=judges), numbers
