"""Small summaries of the dataset that chapters glue into their prose."""

from __future__ import annotations

import pandas as pd

from alignment_survey.analysis.tree import node_counts


def coverage(papers: pd.DataFrame) -> dict[str, int]:
    """How complete a set of records is: counts of papers and of the gaps in them.

    The arXiv refresh can fill in authors only where a record has an arXiv id
    (``no_authors_no_arxiv`` it cannot reach), and a month only where the id's year is also the
    record's (venue) year (``no_month_refreshable`` it can date).
    """
    no_authors = papers["n_authors_known"] == 0
    no_arxiv = papers["arxiv_id"].isna()
    id_year = papers["arxiv_id"].str.extract(r"^(\d{2})\d{2}\.", expand=False).astype(float) + 2000
    return {
        "papers": len(papers),
        "no_authors": int(no_authors.sum()),
        "no_authors_no_arxiv": int((no_authors & no_arxiv).sum()),
        "partial_authors": int(
            ((papers["n_authors_known"] > 0) & ~papers["authors_complete"]).sum()
        ),
        "no_month": int(papers["month"].isna().sum()),
        "no_month_refreshable": int((papers["month"].isna() & (id_year == papers["year"])).sum()),
        "no_arxiv": int(no_arxiv.sum()),
        "first_year": int(papers["year"].min()),
        "last_year": int(papers["year"].max()),
    }


def from_list(papers: pd.DataFrame, repository: str) -> int:
    """How many of these papers one source list (a GitHub repository named in ``source``) gave."""
    return int(papers["source"].str.contains(repository, regex=False).sum())


def children_counts(papers: pd.DataFrame, taxonomy: pd.DataFrame, parent: str) -> pd.DataFrame:
    """Distinct papers under each child of ``parent``, largest first (columns id, label, papers)."""
    counts = node_counts(papers, taxonomy)
    children = counts[counts["parent"] == parent][["id", "label", "papers"]]
    return children.sort_values(["papers", "label"], ascending=[False, True]).reset_index(drop=True)


def papers_per_branch(papers: pd.DataFrame, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """Distinct papers per branch (root node) that holds any, largest first (id, label, papers)."""
    counts = node_counts(papers, taxonomy)
    roots = counts[counts["parent"].isna() & (counts["papers"] > 0)][["id", "label", "papers"]]
    return roots.sort_values(["papers", "label"], ascending=[False, True]).reset_index(drop=True)


def growth(papers: pd.DataFrame, taxonomy: pd.DataFrame, early: range, late: range) -> pd.DataFrame:
    """Papers per branch in two year ranges and the ratio late/early, fastest-growing first.

    Branches with no paper in the early range get no ratio (growth from zero is undefined).
    ``late_until`` is the date of the branch's latest paper in the late range that is dated to the
    month: where it falls well before the range ends, the branch's source lists stop early.
    """
    labels = taxonomy.set_index("id")["label"]
    branches = papers[["year", "month", "date", "branches"]].explode("branches")
    in_late = branches[branches["year"].isin(late)]
    table = (
        pd.DataFrame(
            {
                "early": branches[branches["year"].isin(early)].groupby("branches").size(),
                "late": in_late.groupby("branches").size(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    table["ratio"] = (table["late"] / table["early"].where(table["early"] > 0)).astype(float)
    table["late_until"] = in_late[in_late["month"].notna()].groupby("branches")["date"].max()
    table["label"] = table.index.map(labels)
    return table.sort_values(["ratio", "late"], ascending=False).rename_axis("id").reset_index()


def share(part: int, whole: int) -> str:
    """A share as a whole percentage for prose, e.g. ``"42%"``."""
    return f"{round(100 * part / whole)}%" if whole else "0%"


LICENCE_FAMILIES = ("open licence", "use-restricted", "developer's own", "not recorded")


def licence_family(licence: str | None) -> str:
    """Sort a model licence as written in ``models.csv`` into one of :data:`LICENCE_FAMILIES`.

    Standard open licences (Apache 2.0, MIT, BSD, Creative Commons) put no limit on use;
    responsible-AI and non-commercial licences (OpenRAIL-M, CC BY-NC) forbid listed uses; custom,
    community and modified licences are the developer's own terms, even when based on Apache 2.0 or
    MIT ("Modified MIT").
    """
    if licence is None or pd.isna(licence) or not str(licence).strip():
        return "not recorded"
    text = str(licence).lower()
    if "-nc" in text or "non-commercial" in text or "noncommercial" in text:
        return "use-restricted"
    if any(word in text for word in ("custom", "licen", "terms of use", "modified")):
        return "developer's own"
    if "rail" in text or "restriction" in text:
        return "use-restricted"
    if any(name in text for name in ("apache", "mit", "bsd", "cc by")):
        return "open licence"
    return "developer's own"
