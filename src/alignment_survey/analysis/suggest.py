"""A curator's assistant: the taxonomy nodes a new paper most likely belongs to, from its title.

The title is embedded with the offline model and compared with every paper's title; the
:data:`VOTERS` most similar papers vote for their taxonomy nodes, each vote weighted by the
voter's similarity. The three nodes with most weight are proposed, with the papers that voted
for each. ``make bench`` reports the leave-one-out accuracy: how often the right branch is among
the three nodes proposed for a paper of the dataset when that paper is left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alignment_survey.analysis.embeddings import embed, nearest, paper_texts
from alignment_survey.data.load import Dataset

VOTERS = 10
PROPOSED = 3


@dataclass(frozen=True)
class Suggestion:
    """A proposed taxonomy node, its weight of votes, and the papers that voted (key, similarity)."""

    node: str
    path: str
    weight: float
    voters: tuple[tuple[str, float], ...]


def _votes(
    taxonomy_lists: list[list[str]],
    keys: list[str],
    neighbours: np.ndarray,
    similarities: np.ndarray,
) -> dict[str, list[tuple[str, float]]]:
    votes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for index, similarity in zip(neighbours, similarities, strict=True):
        for node in taxonomy_lists[index]:
            votes[node].append((keys[index], float(similarity)))
    return votes


def _ranked(votes: dict[str, list[tuple[str, float]]], top: int) -> list[tuple[str, float]]:
    weight = {node: sum(max(s, 0.0) for _, s in voters) for node, voters in votes.items()}
    return sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:top]


def suggest(
    dataset: Dataset, title: str, voters: int = VOTERS, top: int = PROPOSED
) -> list[Suggestion]:
    """The ``top`` most likely taxonomy nodes for a paper titled ``title``, best first."""
    papers = dataset.papers
    vectors = embed(paper_texts(papers, dataset.taxonomy, labels=False))
    neighbours, similarities = nearest(vectors, voters, queries=embed([title]))
    keys = [str(key) for key in papers["key"]]
    votes = _votes(list(papers["taxonomy"]), keys, neighbours[0], similarities[0])
    nodes = dataset.taxonomy.set_index("id")
    return [
        Suggestion(
            node,
            " › ".join(str(nodes.at[n, "label"]) for n in nodes.at[node, "path"]),
            round(weight, 3),
            tuple(votes[node]),
        )
        for node, weight in _ranked(votes, top)
    ]


def leave_one_out(
    papers: pd.DataFrame, taxonomy: pd.DataFrame, voters: int = VOTERS, top: int = PROPOSED
) -> float:
    """The share of papers whose branch is among the branches of the ``top`` nodes proposed for
    them by the other papers (the paper itself never votes)."""
    if len(papers) < 2:
        return 0.0
    vectors = embed(paper_texts(papers, taxonomy, labels=False))
    neighbours, similarities = nearest(vectors, voters)
    root = taxonomy.set_index("id")["root"]
    keys = [str(key) for key in papers["key"]]
    lists = list(papers["taxonomy"])
    hits = 0
    for row, branches in enumerate(papers["branches"]):
        ranked = _ranked(_votes(lists, keys, neighbours[row], similarities[row]), top)
        hits += bool({root[node] for node, _ in ranked} & set(branches))
    return hits / len(papers)


def format_suggestions(title: str, suggestions: list[Suggestion], shown_voters: int = 3) -> str:
    """The command line's answer: each node with its weight and the papers that voted for it."""
    lines = [f"suggested taxonomy nodes for: {title}"]
    for rank, item in enumerate(suggestions, start=1):
        lines.append(f"{rank}. {item.node} ({item.path}), weight {item.weight:.2f}")
        best = sorted(item.voters, key=lambda voter: -voter[1])[:shown_voters]
        lines.append("   voted by " + ", ".join(f"{key} ({sim:.2f})" for key, sim in best))
    if not suggestions:
        lines.append("no suggestion: the dataset holds no paper to compare with")
    return "\n".join(lines)
