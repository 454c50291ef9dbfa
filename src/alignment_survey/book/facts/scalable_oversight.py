"""What the Scalable Oversight chapter glues: the size and span of its map, and what changed recently.

The chapter's code has one pattern, two calls: :func:`papers` gives the chapter's papers (the
scalable-oversight branch of the taxonomy) as a DataFrame for the chart cells, and :func:`facts`
gives the numbers the prose and captions glue, as a frozen dataclass of ints and short strings that
:func:`alignment_survey.book.chapter.glue_facts` glues field by field. Frames never go into the
facts, so every glued value is text.

The prose states what papers found, which no record can change; the numbers it takes from the data
are all glued, so the module needs no guard. Every value is defined for any valid set of records
(a paper without month, authors or arXiv id counts like any other).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from alignment_survey.analysis import stats
from alignment_survey.analysis.selection import papers_in
from alignment_survey.data.load import Dataset

ROOT = "scalable-oversight"
# Families whose founding papers date from 2022 on: AI control, chain-of-thought monitoring,
# interpretability-based oversight. The prose calls them the newer families.
NEWER = ("so-control", "so-cot-monitoring", "so-interpretability")


@dataclass(frozen=True)
class ScalableOversightFacts:
    """Glued values of the chapter, each under its own name."""

    so_n_papers: int  # papers in the scalable-oversight branch
    so_n_families: int  # families (child nodes) holding at least one paper
    so_first_year: int
    so_last_year: int
    so_recent_from: int  # the year before the last one
    so_n_recent: int  # papers from so_recent_from on
    so_share_recent_newer: str  # share of those placed in one of the NEWER families
    so_share_earlier_newer: str  # the same share among the earlier papers
    so_newer_first_year: int  # year of the first paper in any NEWER family
    so_n_control: int  # papers on AI control


def papers(survey: Dataset) -> pd.DataFrame:
    """The chapter's papers: every paper placed in the scalable-oversight branch."""
    return papers_in(survey.papers, survey.taxonomy, node=ROOT)


def facts(survey: Dataset) -> ScalableOversightFacts:
    """The chapter's glued values, computed from the dataset."""
    branch = papers(survey)
    taxonomy = survey.taxonomy
    families = stats.children_counts(branch, taxonomy, ROOT)
    years = branch["year"].dropna().astype(int)
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, 0)
    recent_from = last - 1
    newer = newer_papers(branch, taxonomy)
    dated = branch[branch["year"].notna()]
    recent = dated[dated["year"] >= recent_from]
    earlier = dated[dated["year"] < recent_from]
    newer_years = newer["year"].dropna()
    return ScalableOversightFacts(
        so_n_papers=len(branch),
        so_n_families=int((families["papers"] > 0).sum()),
        so_first_year=first,
        so_last_year=last,
        so_recent_from=recent_from,
        so_n_recent=len(recent),
        so_share_recent_newer=stats.share(int(recent.index.isin(newer.index).sum()), len(recent)),
        so_share_earlier_newer=stats.share(
            int(earlier.index.isin(newer.index).sum()), len(earlier)
        ),
        so_newer_first_year=int(newer_years.min()) if len(newer_years) else last,
        so_n_control=len(papers_in(branch, taxonomy, node="so-control")),
    )


def newer_papers(branch: pd.DataFrame, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """Papers of the branch placed in at least one of the NEWER families."""
    keys = set()
    for node in NEWER:
        keys |= set(papers_in(branch, taxonomy, node=node).index)
    return branch[branch.index.isin(keys)]
