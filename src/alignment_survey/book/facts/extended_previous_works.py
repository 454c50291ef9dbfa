"""Facts of the chapter "Extended Previous Works" (chapters/extended_previous_works.md).

The chapter follows three threads of the seed report that border alignment proper: multimodal
alignment (a branch of the taxonomy), collective and deliberative input (the human collective
intelligence node of automated alignment and the deliberation node of adjacent work), and the
compression of models for deployment (the compression node of adjacent work).
``facts(survey)`` returns a pair:

- :class:`Frames`, the papers the chapter's figures draw (never glued), and
- :class:`ExtendedPreviousWorksFacts`, the short values its prose and captions glue.

A chapter cell reads ``frames, numbers = extended_previous_works.facts(survey)`` and then
``glue_facts(numbers)``; each chart cell passes ``frames.papers`` to one chart function. Every value
is a count over whatever papers exist, so a new paper in any topic, with or without arXiv id,
authors or month, changes a number and never a sentence: the chapter needs no guard.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis.selection import papers_in, papers_under
from alignment_survey.data.load import Dataset

MULTIMODAL = "multimodal-alignment"
COLLECTIVE = "aa-human-collective"
DELIBERATION = "adj-deliberation"
COMPRESSION = "adj-compression"
THREADS = (MULTIMODAL, COLLECTIVE, DELIBERATION, COMPRESSION)
RECENT_FROM = 2024  # the year the prose names: "from 2024 on"
DIRECT = r"DPO|Preference Optimi[sz]ation"  # titles naming a direct preference method
REINFORCE = r"RLHF|RLAIF|Reinforcement Learning"  # titles naming reinforcement learning


@dataclass(frozen=True)
class Frames:
    """The chapter's papers, placed only on the nodes of its threads, so that charts drawn
    without a root show the threads and nothing else."""

    papers: pd.DataFrame


@dataclass(frozen=True)
class ExtendedPreviousWorksFacts:
    """The values the chapter glues, each under its field's name."""

    epw_papers: int  # distinct papers on the three threads
    epw_mm: int  # the multimodal-alignment branch
    epw_mm_first_year: int
    epw_mm_last_year: int
    epw_mm_recent: int  # multimodal papers from RECENT_FROM on
    epw_recent_from: int
    epw_mm_hallucination: int
    epw_mm_safety: int
    epw_mm_reward_models: int
    epw_mm_direct: int  # multimodal titles naming DPO-style preference optimisation
    epw_mm_reinforce: int  # multimodal titles naming RLHF, RLAIF or reinforcement learning
    epw_collective: int  # human collective intelligence
    epw_adjacent: int  # deliberation and compression together


def thread_papers(papers: pd.DataFrame, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """Papers with a node in one of :data:`THREADS`, their ``taxonomy`` cut to those nodes."""
    return papers_under(papers, taxonomy, THREADS)


def facts(survey: Dataset) -> tuple[Frames, ExtendedPreviousWorksFacts]:
    """The chapter's frames and glued values, computed from the loaded data."""
    taxonomy = survey.taxonomy
    papers = thread_papers(survey.papers, taxonomy)
    mm = papers_in(papers, taxonomy, node=MULTIMODAL)

    def on(node: str, frame: pd.DataFrame = papers) -> int:
        return len(papers_in(frame, taxonomy, node=node))

    def titled(pattern: str) -> int:
        return int(mm["title"].str.contains(pattern, case=False, regex=True).sum())

    years = mm["year"].astype("Int64")
    numbers = ExtendedPreviousWorksFacts(
        epw_papers=int(papers["key"].nunique()),
        epw_mm=len(mm),
        epw_mm_first_year=int(years.min()) if len(mm) else 0,
        epw_mm_last_year=int(years.max()) if len(mm) else 0,
        epw_mm_recent=int((years >= RECENT_FROM).sum()),
        epw_recent_from=RECENT_FROM,
        epw_mm_hallucination=on("mm-hallucination", mm),
        epw_mm_safety=on("mm-safety", mm),
        epw_mm_reward_models=on("mm-reward-models", mm),
        epw_mm_direct=titled(DIRECT),
        epw_mm_reinforce=titled(REINFORCE),
        epw_collective=on(COLLECTIVE),
        epw_adjacent=on(DELIBERATION) + on(COMPRESSION),
    )
    return Frames(papers=papers), numbers
