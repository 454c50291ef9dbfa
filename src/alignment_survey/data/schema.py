"""The record schemas: one pydantic model per kind of row in the dataset.

pydantic gives typed records, every error of a record in one pass with its field path,
and a fast validator core; cross-record rules (unique ids, known taxonomy nodes) live in
:mod:`alignment_survey.data.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
ARXIV_NEW = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_OLD = re.compile(r"^[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7}$")
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
URL_PATTERN = r"^https?://[^\s<>\"']+$"
DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d\d)?$")
PARAMS_PATTERN = r"^\d+(\.\d+)?([-/]\d+(\.\d+)?)*$"
YEAR_MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
# How a model's report says it was post-trained: a fixed vocabulary, ``;``-separated in the table.
POST_TRAINING = (
    "SFT",
    "RLHF-PPO",
    "DPO-family",
    "RLAIF",
    "RLVR/GRPO",
    "distillation",
    "rejection sampling",
    "other",
)
SCORE_KINDS = ("independent", "self-reported")
# A group author ("Gemma Team", "BigScience Workshop") is one name, never a given and a family name.
GROUP_WORDS = ("Team", "Workshop", "Collaboration", "Consortium", "Project")
ETAL = "others"  # BibTeX's spelling of "et al.": the list of authors is known to be incomplete
MAX_TITLE = 400
FIRST_ADDED = dt.date(2020, 1, 1)  # no record can have entered the dataset before this day

# Characters that have no business in a one-line field: control characters (newlines and
# terminal escapes included) and the bidirectional overrides that make text read other than it is.
_HIDDEN_CHARS = r"\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff"
_HIDDEN = re.compile(f"[{_HIDDEN_CHARS}]")
# A name BibTeX would misread: hidden characters, surrounding spaces, markup, more than two
# commas ("Family, Jr., Given" is the most), or the word "and", which separates two people.
_NAME_TROUBLE = re.compile(
    f"[{_HIDDEN_CHARS}{{}}\\\\]" + r"|^\s|\s$|,.*,.*,|\sand\s", re.IGNORECASE
)


def _one_line(value: str) -> str:
    if hidden := _HIDDEN.search(value):
        code = f"U+{ord(hidden.group()):04X}"
        raise ValueError(f"holds the invisible character {code}: one line of plain text only")
    if value.strip() != value:
        raise ValueError("has spaces at the start or the end")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_one_line)]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]


def _arxiv_id(value: str) -> str:
    if not (ARXIV_NEW.match(value) or ARXIV_OLD.match(value)):
        raise ValueError(
            f"{value!r} is not an arXiv id without version (like 2406.01252 or hep-th/9901001)"
        )
    if ARXIV_NEW.match(value):
        _arxiv_period(value)
    return value


def _arxiv_period(value: str) -> None:
    """A new-style id's ``YYMM`` is a month from 0704 on, and its number has the period's digits.

    arXiv numbered four digits a month (``YYMM.NNNN``) from April 2007 to December 2014 and five
    (``YYMM.NNNNN``) from January 2015.
    """
    yymm, number = value.split(".")
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r}: {yymm[2:]} in its YYMM is not a month (01 to 12)")
    if yymm < "0704":
        raise ValueError(f"{value!r}: new-style arXiv ids begin in April 2007 (0704)")
    if yymm > f"{dt.date.today():%y%m}":
        raise ValueError(f"{value!r}: its YYMM {yymm} is after this month")
    digits = 4 if yymm <= "1412" else 5
    if len(number) != digits:
        period = "up to 1412 (December 2014)" if digits == 4 else "from 1501 (January 2015)"
        raise ValueError(
            f"{value!r} has {len(number)} digits after the dot: ids {period} have {digits}"
        )


def arxiv_year(value: str) -> int | None:
    """The year an arXiv id was issued: ``2406.01252`` -> 2024, ``hep-th/9901001`` -> 1999."""
    if ARXIV_NEW.match(value):
        return 2000 + int(value[:2])
    if ARXIV_OLD.match(value):
        yy = int(value.split("/")[1][:2])
        return (1900 if yy >= 91 else 2000) + yy  # arXiv began in August 1991
    return None


def _plausible_year(value: int) -> int:
    this_year = dt.date.today().year
    if not 1950 <= value <= this_year:
        raise ValueError(f"{value} is not between 1950 and {this_year}")
    return value


def _month(value: int) -> int:
    if not 1 <= value <= 12:
        raise ValueError(f"{value} is not a month (1 to 12)")
    return value


def _date_text(value: str) -> str:
    """``YYYY-MM`` or ``YYYY-MM-DD``, and a day that exists."""
    try:
        if DATE_RE.match(value):
            dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
            return value
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM or YYYY-MM-DD)")


def _post_training(value: str) -> str:
    """Methods from :data:`POST_TRAINING`, ``;``-separated, each once."""
    methods = [method.strip() for method in value.split(";")]
    for method in methods:
        if method not in POST_TRAINING:
            raise ValueError(
                f"{method!r} is not a post-training method (one of {', '.join(POST_TRAINING)}; "
                "';' between two)"
            )
    if len(set(methods)) < len(methods):
        raise ValueError(f"{value!r} names a method twice")
    return value


def _score_kind(value: str) -> str:
    if value not in SCORE_KINDS:
        raise ValueError(f"{value!r} is not a kind of score ({' or '.join(SCORE_KINDS)})")
    return value


def _added(value: object) -> dt.date:
    """The day a record entered the dataset: ``YYYY-MM-DD`` (YAML reads it as a date, or a quoted
    string), not before the dataset began and not in the future."""
    day = value if type(value) is dt.date else None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        raise ValueError(f"{str(value)[:40]!r} is not a day (YYYY-MM-DD)")
    if not FIRST_ADDED <= day <= dt.date.today():
        raise ValueError(f"{day} is not between {FIRST_ADDED} and today")
    return day


def _authors(value: list[str]) -> list[str]:
    """Names as BibTeX will read them: one person each, no markup; ``others`` only at the end."""
    for position, name in enumerate(value, start=1):
        if not name or _NAME_TROUBLE.search(name):
            raise ValueError(_name_problem(position, name))
    if ETAL in value[:-1]:
        raise ValueError(f"{ETAL!r} (et al.) may only close the list")
    return value


def _name_problem(position: int, name: str) -> str:
    """What is wrong with a name that :data:`_NAME_TROUBLE` flagged, in a contributor's words."""
    who = f"author {position} ({name[:40]!r})"
    if hidden := _HIDDEN.search(name):
        return f"{who} holds the invisible character U+{ord(hidden.group()):04X}"
    if not name or name.strip() != name:
        return f"author {position} is empty or has spaces at the start or the end"
    if any(char in name for char in "{}\\"):
        return f'{who} holds LaTeX markup: write the name as it reads (Müller, not M{{\\"u}}ller)'
    if name.count(",") > 2:
        return f"{who} has {name.count(',')} commas: write 'Family, Given' or 'Given Family'"
    return f"{who} holds 'and', which BibTeX reads as two people: one name per line"


ArxivId = Annotated[str, AfterValidator(_arxiv_id)]
Year = Annotated[int, AfterValidator(_plausible_year)]
Month = Annotated[int, AfterValidator(_month)]
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TITLE), AfterValidator(_one_line)
]
Name = Annotated[str, StringConstraints(max_length=200)]
DateText = Annotated[str, AfterValidator(_date_text)]
YearMonth = Annotated[str, StringConstraints(pattern=YEAR_MONTH_PATTERN)]
PostTraining = Annotated[str, StringConstraints(max_length=200), AfterValidator(_post_training)]
ScoreKind = Annotated[str, AfterValidator(_score_kind)]
AddedDay = Annotated[dt.date, BeforeValidator(_added)]


class Paper(BaseModel):
    """One paper: the content of ``data/papers/<key>.yaml``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    key: Key
    title: Title
    authors: Annotated[list[Name], AfterValidator(_authors)]
    year: Year
    month: Month | None = None
    venue: Text
    arxiv_id: ArxivId | None = None
    doi: Annotated[str, StringConstraints(pattern=DOI_PATTERN, max_length=300)] | None = None
    url: Url
    topics: Annotated[list[NodeId], Field(min_length=1)]
    taxonomy: Annotated[list[NodeId], Field(min_length=1)]
    source: Text
    # The day the paper entered the dataset (set by `papers.py add`, back-filled from git history
    # by scripts/backfill_added.py). Optional until the back-fill has run on every record.
    added: AddedDay | None = None
    notes: Annotated[str, StringConstraints(max_length=4000)] | None = None

    @model_validator(mode="after")
    def _authorless_says_why(self) -> Paper:
        """A record without authors says in ``notes`` why they are unknown (reported on authors)."""
        if not self.authors and not self.notes:
            why = "the list is empty: name the authors, or say in notes why they are unknown"
            error = InitErrorDetails(
                type=PydanticCustomError("value_error", why), loc=("authors",), input=self.authors
            )
            raise ValidationError.from_exception_data(type(self).__name__, [error])
        return self


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


class TableRow(BaseModel):
    """A row of one of the CSV tables: an unknown column is an error."""

    model_config = ConfigDict(extra="forbid")


class Model(TableRow):
    """A row of ``models.csv``: one model release."""

    name: Text
    organization: Text | None = None
    release_date: DateText
    params_b: Annotated[str, StringConstraints(pattern=PARAMS_PATTERN)] | None = None
    active_params_b: Annotated[float, Field(gt=0)] | None = None
    open_weights: bool
    license: Text | None = None
    context_length: Text | None = None
    post_training: PostTraining | None = None
    paper_url: Url | None = None
    source: Text


class Benchmark(TableRow):
    """A row of ``benchmarks.csv``: what a benchmark's scores mean and their range."""

    benchmark: Text
    metric: Text
    min: float
    max: float
    higher_is_better: bool
    description: Text
    first_snapshot: YearMonth | None = None
    last_snapshot: YearMonth | None = None


class Score(TableRow):
    """A row of ``benchmark_scores.csv``: one model's score on one benchmark at one date."""

    model: Text
    open_weights: bool | None = None
    benchmark: Text
    metric: Text
    score: float
    as_of: DateText
    kind: ScoreKind
    notes: Text | None = None
    source: Text
