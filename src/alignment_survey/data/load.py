"""Load the validated dataset into pandas: the one entry point chapters use.

The first load of a given content validates it and saves the frames (:mod:`.snapshot`); every
later load of the same content, such as each chapter of a build, reads them back.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alignment_survey.data import snapshot
from alignment_survey.data.problems import DatasetError
from alignment_survey.data.records import gc_paused
from alignment_survey.data.report import Report
from alignment_survey.data.schema import ETAL, SCORE_KINDS, Paper
from alignment_survey.data.validate import validate_dataset
from alignment_survey.files import layout


@dataclass(frozen=True)
class Dataset:
    """The survey's data as DataFrames (see the dataset page for every column)."""

    papers: pd.DataFrame
    taxonomy: pd.DataFrame
    topics: pd.DataFrame
    models: pd.DataFrame
    scores: pd.DataFrame
    benchmarks: pd.DataFrame
    data_dir: Path
    key: str = ""  # a hash of the data's content and of the code that loads it


FRAMES = ("papers", "taxonomy", "topics", "models", "scores", "benchmarks")


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Validate and load every table; raise :class:`DatasetError` listing all problems.

    Data validated before (same content, same code) is read from its snapshot instead.
    """
    folder = Path(data_dir) if data_dir else layout.find_data_dir()
    with gc_paused():  # tens of thousands of records: the collector would cost more than the work
        current = snapshot.scan(folder)
        frames = snapshot.read(current, FRAMES)
        if frames is None:
            frames = validated_frames(folder)
            snapshot.write(current, frames)
    return Dataset(**frames, data_dir=folder, key=current.key)


def validated_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """Validate every file of the dataset and build its frames, by name."""
    report = validate_dataset(folder)
    if report.problems:
        raise DatasetError(report.problems)
    taxonomy = taxonomy_frame(report)
    return {
        "papers": papers_frame(report, taxonomy),
        "taxonomy": taxonomy,
        "topics": pd.DataFrame([t.model_dump() for t in report.topics]).astype("string"),
        "models": models_frame(report),
        "scores": scores_frame(report),
        "benchmarks": benchmarks_frame(report),
    }


def taxonomy_frame(report: Report) -> pd.DataFrame:
    """Nodes with their depth, root (branch) and path from the root."""
    nodes = pd.DataFrame([n.model_dump() for n in report.nodes])
    parent = {node.id: node.parent for node in report.nodes}

    def lineage(node: str) -> list[str]:
        chain = [node]
        while parent[chain[-1]] is not None:
            chain.append(parent[chain[-1]])
        return chain[::-1]

    nodes["path"] = nodes["id"].map(lineage)
    nodes["root"] = nodes["path"].str[0]
    nodes["depth"] = nodes["path"].str.len() - 1
    for column in ("id", "label", "description", "parent", "credit", "root"):
        nodes[column] = nodes[column].astype("string")
    return nodes


def papers_frame(report: Report, taxonomy: pd.DataFrame) -> pd.DataFrame:
    """One row per paper, lists kept as lists, dates as timestamps, branches derived."""
    fields = Paper.model_fields  # one column per field, read straight off the records
    papers = pd.DataFrame({name: [getattr(p, name) for p in report.papers] for name in fields})
    root_of = dict(zip(taxonomy["id"], taxonomy["root"], strict=True))
    seed_number = {seed["key"]: seed["number"] for seed in report.seeds}
    known = papers["authors"].map(lambda names: [n for n in names if n != ETAL])
    papers["first_author"] = known.map(lambda names: names[0] if names else None).astype("string")
    papers["n_authors_known"] = known.str.len().astype("int64")
    papers["authors_complete"] = papers["authors"].map(lambda n: bool(n) and n[-1] != ETAL)
    papers["year"] = papers["year"].astype("Int64")
    papers["month"] = papers["month"].astype("Int64")
    papers["date"] = pd.to_datetime(
        {"year": papers["year"], "month": papers["month"].fillna(1), "day": 1}
    )
    papers["date_precision"] = pd.Categorical(
        papers["month"].notna().map({True: "month", False: "year"}), categories=["month", "year"]
    )
    papers["quarter"] = papers["date"].dt.to_period("Q").where(papers["month"].notna())
    papers["branches"] = papers["taxonomy"].map(
        lambda nodes: list(dict.fromkeys(root_of[n] for n in nodes))
    )
    papers["seed"] = papers["key"].map(seed_number).astype("Int64")
    papers["venue"] = papers["venue"].astype("category")
    for column in ("key", "title", "arxiv_id", "doi", "url", "source", "notes"):
        papers[column] = papers[column].astype("string")
    return papers


def models_frame(report: Report) -> pd.DataFrame:
    models = pd.DataFrame([m.model_dump() for m in report.models])
    models["release_date"] = pd.to_datetime(models["release_date"], format="mixed")
    sizes = models["params_b"].fillna("").str.split(r"[-/]", regex=True)
    numbers = sizes.map(lambda parts: [float(p) for p in parts if p])
    models["params_min_b"] = numbers.map(lambda v: min(v) if v else None).astype("Float64")
    models["params_max_b"] = numbers.map(lambda v: max(v) if v else None).astype("Float64")
    models["active_params_b"] = models["active_params_b"].astype("Float64")
    models["openness"] = pd.Categorical(
        models["open_weights"].map({True: "open weights", False: "proprietary"}),
        categories=["open weights", "proprietary"],
    )
    for column in (
        "name",
        "organization",
        "params_b",
        "license",
        "context_length",
        "post_training",
        "paper_url",
        "source",
    ):
        models[column] = models[column].astype("string")
    return models


def scores_frame(report: Report) -> pd.DataFrame:
    scores = pd.DataFrame([s.model_dump() for s in report.scores])
    scores["as_of"] = pd.to_datetime(scores["as_of"], format="mixed")
    scores["open_weights"] = scores["open_weights"].astype("boolean")
    scores["kind"] = pd.Categorical(scores["kind"], categories=list(SCORE_KINDS))
    for column in ("model", "benchmark", "metric", "notes", "source"):
        scores[column] = scores[column].astype("string")
    return scores


def benchmarks_frame(report: Report) -> pd.DataFrame:
    """Each benchmark's metric and range; ``first_snapshot``/``last_snapshot`` stay ``YYYY-MM``."""
    benchmarks = pd.DataFrame([b.model_dump() for b in report.benchmarks])
    for column in ("first_snapshot", "last_snapshot"):
        benchmarks[column] = benchmarks[column].astype("string")
    return benchmarks


def post_training_methods(models: pd.DataFrame) -> pd.Series:
    """Each model's post-training methods as a list (empty when its report does not say)."""
    return models["post_training"].map(
        lambda value: [m.strip() for m in value.split(";")] if isinstance(value, str) else []
    )


def load_for_command(root: Path, command: str) -> Dataset | None:
    """The book's dataset for a command-line script, or None after printing why it cannot load."""
    try:
        return load_dataset(root / layout.DATA)
    except DatasetError as exc:
        print(f"{command}: the dataset does not validate:\n{exc}", file=sys.stderr)
        return None
