"""Any valid record builds: every chapter runs on the dataset plus new records, or stops on a guard.

The chapters run as notebooks (nbclient, one kept-up kernel per page), not through Sphinx, so that
each example costs seconds rather than a book build. Hypothesis generates valid records (every
topic and taxonomy node, with and without arXiv id, month, DOI, notes and authors, text from all of
Unicode that the schema accepts) and adds a few at a time to a copy of the dataset. Each example
must validate, give files before Sphinx (``references.bib`` rendered by the book's style, the
downloads), and run every page, or stop a page on one guard line naming the page and its sentence.
Example counts follow the Hypothesis profile (``HYPOTHESIS_PROFILE=dev`` for a long local run).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from alignment_survey.book.bibstyle import STYLE_NAME, register
from alignment_survey.book.generated import build_outputs
from alignment_survey.data.load import load_dataset
from alignment_survey.data.records import write_record
from alignment_survey.data.schema import _NAME_TROUBLE, ETAL, MAX_TITLE, Paper
from alignment_survey.data.validate import validate_dataset
from alignment_survey.files import layout
from tests.helpers import DATA, ROOT, ChapterKernels, examples

pytestmark = pytest.mark.book  # runs every chapter: not in a quick run (-m "not book")

TAXONOMY = yaml.safe_load((DATA / "taxonomy.yaml").read_text(encoding="utf-8"))
TOPICS = [topic["id"] for topic in TAXONOMY["topics"]]
NODES = [node["id"] for node in TAXONOMY["nodes"]]
EXISTING = {path.stem.lower() for path in (DATA / "papers").glob("*.yaml")}
EXISTING_IDS = set(
    re.findall(
        r"^arxiv_id: '?([^'\s]+)'?$",
        " ".join(path.read_text(encoding="utf-8") for path in (DATA / "papers").glob("*.yaml")),
        flags=re.M,
    )
)
GUARD_LINE = re.compile(
    r'^BrokenClaim: (?P<page>\S+): the sentence "[^"]+" no longer holds( \([^\n]+\))?; '
    r"the records are valid: reword the sentence or glue the number$"
)
NO_ARXIV_ID = {  # issue 17's second reproduction: valid, but it broke "all N have an arXiv id"
    "key": "smith2026oversight",
    "title": "Oversight without an arXiv identifier",
    "authors": ["Jane Smith"],
    "year": 2025,
    "venue": "A Workshop on Oversight",
    "url": "https://example.org/smith2026oversight",
    "topics": ["scalable-oversight"],
    "taxonomy": ["so-debate"],
    "source": "tests/test_any_record.py",
}

# --- valid records ----------------------------------------------------------------------------

# Every character the schema lets through: no controls (Cc), surrogates, or the invisible format
# characters it rejects (bidirectional overrides, the byte-order mark).
LETTER = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff",
)


def one_line(max_size: int) -> st.SearchStrategy[str]:
    """Text the schema takes for a one-line field: any visible Unicode, no outer spaces."""
    return st.text(LETTER, min_size=1, max_size=max_size).map(str.strip).filter(bool)


NAME = st.one_of(
    one_line(60).filter(lambda name: not _NAME_TROUBLE.search(name)),
    st.sampled_from(["Jane Smith", "Smith, Jane", "Müller, J.", "Gemma Team", "李 四"]),
)
AUTHORS = st.one_of(
    st.just([]),
    st.lists(NAME, min_size=1, max_size=6),
    st.lists(NAME, min_size=1, max_size=3).map(lambda names: [*names, ETAL]),
)


@st.composite
def papers(draw: st.DrawFn, key: str, topic: str | None = None, node: str | None = None) -> dict:
    """A valid record with key ``key``; on ``topic`` and ``node`` when given."""
    year = draw(st.integers(1950, dt.date.today().year))
    record = {
        "key": key,
        "title": draw(one_line(MAX_TITLE)),
        "authors": draw(AUTHORS),
        "year": year,
        "venue": draw(st.one_of(st.just("arXiv"), one_line(80))),
        "url": f"https://example.org/papers/{key}",
        "topics": [topic]
        if topic
        else draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)),
        "taxonomy": [node]
        if node
        else draw(st.lists(st.sampled_from(NODES), min_size=1, max_size=3, unique=True)),
        "source": draw(one_line(80)),
    }
    if draw(st.booleans()):
        record["month"] = draw(st.integers(1, 12))
    today = dt.date.today()
    if year >= 2015 and draw(st.booleans()):  # an id of the paper's year, in a range no paper holds
        last = today.month if year == today.year else 12
        month = min(record.get("month", draw(st.integers(1, 12))), last)
        number = draw(st.integers(0, 9999))
        record["arxiv_id"] = f"{year % 100:02d}{month:02d}.9{number:04d}"
    if draw(st.booleans()):
        record["doi"] = f"10.5555/{key}"
    if draw(st.booleans()) or not record["authors"]:  # an authorless record says why in notes
        notes = st.text(st.characters(codec="utf-8"), min_size=not record["authors"], max_size=200)
        record["notes"] = draw(notes)
    Paper.model_validate(record)  # the strategy makes only valid records
    return record


KEY = st.from_regex(r"zz[a-z]{2,8}[0-9]{4}[a-z_]{0,6}", fullmatch=True).filter(
    lambda key: key.lower() not in EXISTING
)


def distinct_ids(records: list[dict]) -> list[dict]:
    """The records without the arXiv ids already taken (by the dataset or an earlier record)."""
    taken = set(EXISTING_IDS)
    for record in records:
        if "arxiv_id" in record and record["arxiv_id"] in taken:
            del record["arxiv_id"]
        taken.add(record.get("arxiv_id"))
    return records


@st.composite
def batches(draw: st.DrawFn) -> list[dict]:
    """One to three valid records with distinct keys, arXiv ids and DOIs."""
    keys = draw(st.lists(KEY, min_size=1, max_size=3, unique_by=str.lower))
    return distinct_ids([draw(papers(key)) for key in keys])


# --- running the book's pages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    """A copy of the dataset, beside the book's citation metadata as in the repository."""
    folder = tmp_path_factory.mktemp("any-record")
    shutil.copy(ROOT / "CITATION.cff", folder)
    return Path(shutil.copytree(DATA, folder / "data"))


@pytest.fixture(scope="module")
def kernels(data_copy) -> Iterator[ChapterKernels]:
    with ChapterKernels(data_copy) as running:
        yield running


def rendered_entries(bib: str, keys: list[str]) -> None:
    """Format the entries of ``keys`` with the book's style, as sphinxcontrib-bibtex will."""
    register()
    entries = parse_string(bib, "bibtex").entries
    style = find_plugin("pybtex.style.formatting", STYLE_NAME)()
    backend = find_plugin("pybtex.backends", "html")()
    for entry in style.format_entries([entries[key] for key in keys]):
        entry.text.render(backend)


def run_with(kernels: ChapterKernels, data_copy: Path, records: list[dict]) -> dict[str, str]:
    """Add ``records`` to the dataset copy, check what runs before Sphinx, then run every page."""
    written = [write_record(layout.papers_dir(data_copy), record) for record in records]
    try:
        report = validate_dataset(data_copy)
        assert report.ok, [str(problem) for problem in report.problems[:5]]
        outputs = build_outputs(load_dataset(data_copy))
        rendered_entries(outputs[layout.REFERENCES_BIB], [record["key"] for record in records])
        return kernels.failures()
    finally:
        for path in written:
            path.unlink()


def assert_guards_only(failures: dict[str, str]) -> None:
    """Every page runs, or stops on one guard line that names it."""
    for page, error in failures.items():
        match = GUARD_LINE.match(error)
        assert match and match["page"] == page, f"{page} failed otherwise: {error}"
        event(f"guard: {error.split(' no longer holds')[0]}")


def test_every_page_runs_on_the_dataset(kernels):
    assert kernels.failures() == {}


def test_a_scalable_oversight_paper_without_an_arxiv_id_runs_every_chapter(kernels, data_copy):
    assert run_with(kernels, data_copy, [NO_ARXIV_ID]) == {}


@settings(max_examples=examples("records"), suppress_health_check=[HealthCheck.too_slow])
@given(records=batches())
def test_any_valid_records_run_every_page_or_stop_on_a_guard(kernels, data_copy, records):
    assert_guards_only(run_with(kernels, data_copy, records))


@settings(max_examples=1, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_record_on_every_taxonomy_node_and_topic(kernels, data_copy, data):
    """One generated record per node and one per topic, all at once."""
    places = [(None, node) for node in NODES] + [(topic, None) for topic in TOPICS]
    records = distinct_ids(
        [
            data.draw(papers(f"zzevery{number:04d}", topic, node))
            for number, (topic, node) in enumerate(places)
        ]
    )
    assert_guards_only(run_with(kernels, data_copy, records))
