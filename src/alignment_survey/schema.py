"""The record schemas: one pydantic model per kind of row in the dataset.

pydantic gives typed records, every error of a record in one pass with its field path,
and a fast validator core; cross-record rules (unique ids, known taxonomy nodes) live in
:mod:`alignment_survey.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_OLD = re.compile(r"^[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7}$")
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
URL_PATTERN = r"^https?://[^\s<>\"']+$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
PARAMS_PATTERN = r"^\d+(\.\d+)?([-/]\d+(\.\d+)?)*$"
ETAL = "others"  # BibTeX's spelling of "et al.": the list of authors is known to be incomplete
MAX_TITLE = 400

Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=500)]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]


def _arxiv_id(value: str) -> str:
    if not (ARXIV_NEW.match(value) or ARXIV_OLD.match(value)):
        raise ValueError(
            f"{value!r} is not an arXiv id without version (like 2406.01252 or hep-th/9901001)"
        )
    return value


def _plausible_year(value: int) -> int:
    this_year = dt.date.today().year
    if not 1950 <= value <= this_year:
        raise ValueError(f"{value} is not between 1950 and {this_year}")
    return value


def _authors(value: list[str]) -> list[str]:
    for position, name in enumerate(value):
        if name.strip() != name or not name:
            raise ValueError(f"author {position + 1} is empty or has surrounding spaces")
        if name == ETAL and position != len(value) - 1:
            raise ValueError(f"{ETAL!r} (et al.) may only close the list")
    return value


ArxivId = Annotated[str, AfterValidator(_arxiv_id)]
Year = Annotated[int, AfterValidator(_plausible_year)]


class Paper(BaseModel):
    """One paper: the content of ``data/papers/<key>.yaml``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    key: Key
    title: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
    authors: Annotated[list[Annotated[str, StringConstraints(max_length=200)]], AfterValidator(_authors)]
    year: Year
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    venue: Text
    arxiv_id: ArxivId | None = None
    doi: Annotated[str, StringConstraints(pattern=DOI_PATTERN, max_length=300)] | None = None
    url: Url
    topics: Annotated[list[NodeId], Field(min_length=1)]
    taxonomy: Annotated[list[NodeId], Field(min_length=1)]
    source: Text
    notes: Annotated[str, StringConstraints(max_length=4000)] | None = None


class Topic(BaseModel):
    """A topic of the fixed vocabulary (``topics:`` in ``taxonomy.yaml``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: NodeId
    label: Text
    description: Text


class TaxonomyNode(BaseModel):
    """A node of the taxonomy tree (``nodes:`` in ``taxonomy.yaml``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: NodeId
    label: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    description: Text
    parent: str | None = None
    credit: Key | None = None


class Model(BaseModel):
    """A row of ``models.csv``: one model release."""

    model_config = ConfigDict(extra="forbid")

    name: Text
    organization: Text | None = None
    release_date: Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
    params_b: Annotated[str, StringConstraints(pattern=PARAMS_PATTERN)] | None = None
    open_weights: bool
    license: Text | None = None
    context_length: Text | None = None
    paper_url: Url | None = None
    source: Text


class Benchmark(BaseModel):
    """A row of ``benchmarks.csv``: what a benchmark's scores mean and their range."""

    model_config = ConfigDict(extra="forbid")

    benchmark: Text
    metric: Text
    min: float
    max: float
    higher_is_better: bool
    description: Text


class Score(BaseModel):
    """A row of ``benchmark_scores.csv``: one model's score on one benchmark at one date."""

    model_config = ConfigDict(extra="forbid")

    model: Text
    open_weights: bool | None = None
    benchmark: Text
    metric: Text
    score: float
    as_of: Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
    notes: Text | None = None
    source: Text
