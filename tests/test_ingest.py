"""arXiv ingestion: add, refresh and search against a local server that speaks the arXiv API.

The real ``arxiv`` client talks over HTTP to a server on 127.0.0.1 (``ARXIV_API_URL``), which
answers ``id_list`` and ``search_query`` requests with Atom feeds in arXiv's format: recorded
ones from ``tests/fixtures/arxiv`` and synthetic ones built from a template. Nothing here
needs the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest
import yaml

from alignment_survey.cli import main
from alignment_survey.data.schema import Paper
from alignment_survey.data.validate import validate_dataset
from alignment_survey.ingest.arxiv_client import Entry, Settings, normalise_id
from alignment_survey.ingest.arxiv_records import refresh_changes
from alignment_survey.ingest.commands import DRAFT_NOTE
from tests.helpers import copy_small_dataset

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"
TODAY = dt.datetime.now(dt.UTC).date().isoformat()
KEYS = (
    "cao2024scalable",
    "burns2023weaktostrong",
    "irving2018ai",
    "ouyang2022training",
    "koksal2024longform",
)
FROZEN = Path(__file__).parent / "fixtures" / "records"
BATCH = [f"2401.{n:05d}" for n in range(1, 151)]


# --- a local arXiv ------------------------------------------------------------------------


def atom_entry(
    arxiv_id: str,
    title: str,
    authors: list[str],
    published: str = "2024-01-15T10:00:00Z",
    version: int = 1,
    journal_ref: str | None = None,
    doi: str | None = None,
) -> str:
    """One ``<entry>`` as the arXiv API writes it."""
    abs_link = f"http://arxiv.org/abs/{arxiv_id}v{version}"
    extra = ""
    if doi:
        extra += f'\n    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">{escape(doi)}</arxiv:doi>'
        extra += f'\n    <link title="doi" href="http://dx.doi.org/{escape(doi)}" rel="related"/>'
    if journal_ref:
        extra += (
            '\n    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">'
            f"{escape(journal_ref)}</arxiv:journal_ref>"
        )
    names = "".join(
        f"\n    <author>\n      <name>{escape(name)}</name>\n    </author>" for name in authors
    )
    return f"""  <entry>
    <id>{abs_link}</id>
    <updated>{published}</updated>
    <published>{published}</published>
    <title>{escape(title)}</title>
    <summary>  An abstract that the dataset does not store.
</summary>{names}{extra}
    <link href="{abs_link}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v{version}" rel="related" \
type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def atom_feed(entries: list[str], total: int, start: int, query: str) -> str:
    """A page of results with arXiv's header: self link, query title, opensearch counts."""
    opensearch = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?{escape(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: {escape(query)}</title>
  <id>http://arxiv.org/api/TvVv3nqw4NbgkVd3UxBKYGvvKWc</id>
  <updated>2024-05-06T00:00:00-04:00</updated>
  <opensearch:totalResults {opensearch}>{total}</opensearch:totalResults>
  <opensearch:startIndex {opensearch}>{start}</opensearch:startIndex>
  <opensearch:itemsPerPage {opensearch}>{len(entries)}</opensearch:itemsPerPage>
{"".join(entries)}</feed>
"""


def recorded_entries() -> dict[str, str]:
    """The entries of the recorded feeds, by arXiv id without version."""
    entries = {}
    for path in FIXTURES.glob("*.xml"):
        for entry in re.findall(r"  <entry>.*?</entry>\n", path.read_text(), re.DOTALL):
            match = re.search(r"<id>http://arxiv\.org/abs/(.+?)v\d+</id>", entry)
            if match:
                entries[match.group(1)] = entry
    return entries


@dataclass
class FakeArxiv:
    """What the local server knows and how it misbehaves; ``requests`` logs every query."""

    url: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)
    statuses: list[int] = field(default_factory=list)  # answered first, one per request
    always: int | None = None  # answer every request with this status
    body: bytes | None = None  # answer every request with this body
    stall: float = 0.0  # seconds to wait before answering
    requests: list[dict[str, str]] = field(default_factory=list)

    def answer(self, query: dict[str, str]) -> tuple[int, bytes]:
        self.requests.append(query)
        if self.stall:
            time.sleep(self.stall)
        status = self.statuses.pop(0) if self.statuses else self.always
        if status is not None:
            return status, b"busy"
        if self.body is not None:
            return 200, self.body
        if query["id_list"]:
            found = [self.entries[i] for i in query["id_list"].split(",") if i in self.entries]
        else:
            plain = re.sub(
                r"^\((.*)\) AND submittedDate:\[\d+ TO \d+\]$", r"\1", query["search_query"]
            )
            if plain == "bad:query":
                return 400, (FIXTURES / "api_error.xml").read_bytes()
            found = [self.entries[i] for i in self.searches.get(plain, [])]
        start, size = int(query["start"]), int(query["max_results"])
        raw = "&".join(f"{name}={value}" for name, value in query.items())
        return 200, atom_feed(found[start : start + size], len(found), start, raw).encode()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out closed its socket: nothing to report


@pytest.fixture
def arxiv_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    """A local arXiv API for one test, with the client's pauses shortened to keep tests fast."""
    fake = FakeArxiv(entries=recorded_entries())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pairs = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            query = {name: values[0] for name, values in pairs.items()}
            status, body = fake.answer(query)
            self.send_response(status)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/query"
    for name, value in {
        "ARXIV_API_URL": fake.url,
        "ARXIV_DELAY_SECONDS": "0",
        "ARXIV_BACKOFF_SECONDS": "0.01",
        "ARXIV_TIMEOUT_SECONDS": "5",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ARXIV_MAX_ATTEMPTS", raising=False)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A small valid dataset: the taxonomy, the tables and a few records."""
    folder = copy_small_dataset(tmp_path / "data", KEYS)
    for frozen in FROZEN.glob(
        "*.yaml"
    ):  # the records as these tests expect them, whatever curators do
        shutil.copy(frozen, folder / "papers" / frozen.name)
    assert validate_dataset(folder).ok
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """The dataset's files (not the loading cache in ``.snapshot/``)."""
    files = (
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".snapshot" not in path.relative_to(folder).parts
    )
    return {str(path.relative_to(folder)): path.read_bytes() for path in files}


def record(data: Path, key: str) -> dict:
    return yaml.safe_load((data / "papers" / f"{key}.yaml").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str, str]:
    """The command line in-process on the dataset ``data``: exit code, stdout, stderr."""
    code = main([*argv, "--data", str(data)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- add ----------------------------------------------------------------------------------


def test_add_one_id_writes_a_complete_valid_record(arxiv_server, data, capsys):
    arxiv_server.entries["2405.00001"] = atom_entry(
        "2405.00001",
        "Debate Helps Weak Judges\n  Find the Truth",
        ["Ada Lovelace", "Alan Turing"],
        published="2024-05-01T09:00:00Z",
        version=2,
        journal_ref="ICML 2024",
        doi="10.1234/abcd.5678",
    )
    code, out, err = run(
        capsys,
        data,
        "add",
        "2405.00001",
        "--topic",
        "scalable-oversight",
        "--taxonomy",
        "so-debate",
    )
    assert (code, err) == (0, "")
    assert "added" in out and "lovelace2024debate.yaml" in out
    assert record(data, "lovelace2024debate") == {
        "key": "lovelace2024debate",
        "title": "Debate Helps Weak Judges Find the Truth",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "year": 2024,
        "month": 5,
        "venue": "ICML 2024",
        "arxiv_id": "2405.00001",
        "doi": "10.1234/abcd.5678",
        "url": "https://arxiv.org/abs/2405.00001",
        "topics": ["scalable-oversight"],
        "taxonomy": ["so-debate"],
        "source": f"arXiv API {TODAY}",
        "added": dt.date.fromisoformat(TODAY),
    }
    assert validate_dataset(data).ok
    assert len(arxiv_server.requests) == 1 and arxiv_server.requests[0]["id_list"] == "2405.00001"


def test_add_a_batch_of_more_than_100_ids_uses_several_requests(arxiv_server, data, capsys):
    for arxiv_id in BATCH:
        title = f"Study{arxiv_id[-3:]} of a batch"  # distinct title words: distinct keys
        arxiv_server.entries[arxiv_id] = atom_entry(arxiv_id, title, ["Test Author"])
    code, out, err = run(capsys, data, "add", *BATCH, "--topic", "evaluation")
    assert (code, err) == (0, "")
    sizes = [len(request["id_list"].split(",")) for request in arxiv_server.requests]
    assert sizes == [100, 50]
    written = {record(data, p.stem)["arxiv_id"] for p in (data / "papers").glob("author2024*.yaml")}
    assert written == set(BATCH)
    assert out.count("added ") == 150
    assert validate_dataset(data).ok


def test_add_old_style_and_versioned_ids(arxiv_server, data, capsys):
    arxiv_server.entries["hep-th/9901001"] = atom_entry(
        "hep-th/9901001",
        "An old-style identifier in a test feed",
        ["Test Physicist"],
        published="1999-01-04T12:00:00Z",
        journal_ref="Phys. Test. D 59 (1999) 1",
    )
    arxiv_server.entries["2402.00001"] = atom_entry(
        "2402.00001",
        "A paper in its third version",
        ["Jo Doe"],
        published="2024-02-01T00:00:00Z",
        version=3,
    )
    ids = ("hep-th/9901001", "2402.00001v3", "arXiv:2406.01252v2")
    code, out, err = run(capsys, data, "add", *ids, "--topic", "adjacent")
    assert (code, err) == (0, "")
    assert "2406.01252: already in the dataset as cao2024scalable; nothing changed" in out
    assert arxiv_server.requests[0]["id_list"] == "hep-th/9901001,2402.00001"
    old = record(data, "physicist1999oldstyle")
    assert (old["arxiv_id"], old["year"], old["month"], old["venue"]) == (
        "hep-th/9901001",
        1999,
        1,
        "Phys. Test. D 59 (1999) 1",
    )
    assert record(data, "doe2024paper")["arxiv_id"] == "2402.00001"
    assert validate_dataset(data).ok


def test_adding_an_id_already_present_changes_nothing(arxiv_server, data, capsys):
    before = snapshot(data)
    code, out, _ = run(capsys, data, "add", "2312.09390", "--topic", "scalable-oversight")
    assert code == 0 and "already in the dataset as burns2023weaktostrong" in out
    assert snapshot(data) == before and arxiv_server.requests == []


def test_add_suggest_proposes_nodes_from_the_fetched_title_and_writes_nothing(
    arxiv_server, data, capsys
):
    arxiv_server.entries["2405.00001"] = atom_entry(
        "2405.00001", "Debate helps weak judges find the truth", ["Ada Lovelace"]
    )
    before = snapshot(data)
    code, out, err = run(capsys, data, "add", "2405.00001", "--suggest")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        lines[0]
        == "suggested taxonomy nodes for: 2405.00001 Debate helps weak judges find the truth"
    )
    assert [line[:2] for line in lines if line[:1].isdigit()] == ["1.", "2.", "3."]
    assert lines[-1].startswith("suggestions only: nothing written")
    assert snapshot(data) == before


def test_add_without_topic_or_suggest_is_refused(data, capsys):
    code, _, err = run(capsys, data, "add", "2405.00001")
    assert code == 2 and "--topic is required" in err


def test_unknown_id_is_a_clear_error_and_nothing_is_written(arxiv_server, data, capsys):
    arxiv_server.entries["2405.00001"] = atom_entry("2405.00001", "A known paper", ["Ada Lovelace"])
    before = snapshot(data)
    code, out, err = run(capsys, data, "add", "2405.00001", "2405.99999", "--topic", "evaluation")
    assert code == 1
    assert "papers.py: 2405.99999: arXiv does not return this id\n" in err
    assert "papers.py: add: nothing written" in err
    assert snapshot(data) == before and "added" not in out


def test_keep_going_writes_what_succeeded(arxiv_server, data, capsys):
    arxiv_server.entries["2405.00001"] = atom_entry("2405.00001", "A known paper", ["Ada Lovelace"])
    code, out, err = run(
        capsys, data, "add", "2405.00001", "2405.99999", "--topic", "evaluation", "--keep-going"
    )
    assert code == 1 and "2405.99999: arXiv does not return this id" in err
    assert record(data, "lovelace2024known")["arxiv_id"] == "2405.00001"


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["add", "2405.00001", "--topic", "no-such-topic"],
            "--topic: unknown topic 'no-such-topic'",
        ),
        (
            ["add", "2405.00001", "--topic", "evaluation", "--taxonomy", "nowhere"],
            "unknown node 'nowhere'",
        ),
        (["add", "not-an-id", "--topic", "evaluation"], "not-an-id: not an arXiv id"),
        (["search", "all:debate", "--stage", "drafts"], "--topic: is required"),
    ],
)
def test_bad_arguments_stop_before_any_request(arxiv_server, data, capsys, argv, message):
    before = snapshot(data)
    code, _, err = run(capsys, data, *argv)
    assert code == 2 and message in err and err.count("\n") == 1
    assert arxiv_server.requests == [] and snapshot(data) == before


def test_a_record_that_would_not_validate_is_not_written(arxiv_server, data, capsys):
    arxiv_server.entries["2405.00001"] = atom_entry("2405.00001", "Long " * 90, ["Ada Lovelace"])
    before = snapshot(data)
    code, _, err = run(capsys, data, "add", "2405.00001", "--topic", "evaluation")
    assert code == 1
    assert "papers.py: 2405.00001: title: too long (449 characters, at most 400)" in err
    assert snapshot(data) == before


def test_an_invalid_dataset_is_not_grown(arxiv_server, data, capsys):
    (data / "papers" / "irving2018ai.yaml").write_text("key: irving2018ai\n", encoding="utf-8")
    code, _, err = run(capsys, data, "refresh")
    assert code == 2 and "problem(s); fix them first" in err
    assert arxiv_server.requests == []


# --- faults -------------------------------------------------------------------------------


def test_a_503_is_retried(arxiv_server, data, capsys):
    arxiv_server.statuses = [503]
    arxiv_server.entries["2405.00001"] = atom_entry("2405.00001", "A known paper", ["Ada Lovelace"])
    code, out, err = run(capsys, data, "add", "2405.00001", "--topic", "evaluation")
    assert (code, err) == (0, "")
    assert len(arxiv_server.requests) == 2
    assert record(data, "lovelace2024known")["title"] == "A known paper"


def test_an_api_that_stays_unavailable_fails_fast_and_cleanly(arxiv_server, data):
    arxiv_server.always = 503
    before = snapshot(data)
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "papers.py"),
            "add",
            "2405.00001",
            "--topic",
            "evaluation",
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first == "papers.py: arXiv API: HTTP 503 (gave up after 4 attempts)"
    assert len(arxiv_server.requests) == 4
    assert snapshot(data) == before
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("fixture", ["truncated.xml", "maintenance.html"])
def test_a_malformed_feed_is_an_error(arxiv_server, data, capsys, fixture):
    arxiv_server.body = (FIXTURES / fixture).read_bytes()
    before = snapshot(data)
    code, _, err = run(capsys, data, "add", "2312.09391", "--topic", "evaluation")
    assert code == 1
    assert err.startswith("papers.py: arXiv API: malformed feed (")
    assert snapshot(data) == before


def test_a_server_slower_than_the_timeout(arxiv_server, data, capsys, monkeypatch):
    monkeypatch.setenv("ARXIV_TIMEOUT_SECONDS", "0.2")
    monkeypatch.setenv("ARXIV_MAX_ATTEMPTS", "2")
    arxiv_server.stall = 1.0
    before = snapshot(data)
    code, _, err = run(capsys, data, "add", "2405.00001", "--topic", "evaluation")
    assert code == 1
    assert "papers.py: arXiv API: no answer within 0.2 s (gave up after 2 attempts)" in err
    assert snapshot(data) == before


def test_an_api_error_feed_is_reported_without_retrying(arxiv_server, data, capsys):
    code, _, err = run(capsys, data, "search", "bad:query")
    assert code == 1
    assert "arXiv API: the API reports an error: start must be non-negative" in err
    assert len(arxiv_server.requests) == 1


# --- refresh ------------------------------------------------------------------------------

COMMENTED = """\
# Curated by hand: the venue is the preprint.
key: burns2023weaktostrong
title: 'Weak-to-strong generalization'  # the list's spelling
authors:
- Collin Burns
- others
# the full list is on arXiv
year: 2023
venue: arXiv
arxiv_id: '2312.09390'
url: http://arxiv.org/abs/2312.09390v1
topics:
- automated-alignment
- scalable-oversight
taxonomy:
- aa-weak-to-strong
source: icip-cas/awesome-auto-alignment README.md
notes: Keep this note.
"""


def test_refresh_updates_metadata_and_keeps_curator_fields_and_comments(arxiv_server, data, capsys):
    path = data / "papers" / "burns2023weaktostrong.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = run(capsys, data, "refresh", "burns2023weaktostrong")
    assert (code, err) == (0, "")
    assert (
        "burns2023weaktostrong: authors: [Collin Burns, others] -> "
        "[Collin Burns, Pavel Izmailov, Jan Hendrik Kirchner, … 12 names]"
    ) in out
    assert "burns2023weaktostrong: month: (none) -> 12" in out
    text = path.read_text(encoding="utf-8")
    for comment in (
        "# Curated by hand: the venue is the preprint.",
        "# the list's spelling",
        "# the full list is on arXiv",
    ):
        assert comment in text
    assert text.index("- Jeff Wu\n# the full list is on arXiv\nyear: 2023\nmonth: 12\n") > 0
    refreshed = record(data, "burns2023weaktostrong")
    assert len(refreshed["authors"]) == 12 and "others" not in refreshed["authors"]
    assert refreshed["title"] == (
        "Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak Supervision"
    )
    assert refreshed["url"] == "https://arxiv.org/abs/2312.09390"
    assert refreshed["topics"] == ["automated-alignment", "scalable-oversight"]
    assert refreshed["taxonomy"] == ["aa-weak-to-strong"]
    assert refreshed["notes"] == "Keep this note."
    assert refreshed["source"] == (
        f"icip-cas/awesome-auto-alignment README.md; refreshed from arXiv API {TODAY}"
    )
    assert list(refreshed) == [name for name in Paper.model_fields if name in refreshed]
    assert "doi" not in refreshed and "month" in refreshed
    assert validate_dataset(data).ok
    code, out, _ = run(capsys, data, "refresh", "burns2023weaktostrong")
    assert code == 0 and "0 with changes" in out  # a second refresh finds nothing to change


def test_refresh_dry_run_writes_nothing(arxiv_server, data, capsys):
    before = snapshot(data)
    code, out, err = run(capsys, data, "refresh", "burns2023weaktostrong", "--dry-run")
    assert (code, err) == (0, "")
    assert "burns2023weaktostrong: authors:" in out and "dry run: nothing written" in out
    assert snapshot(data) == before


def test_refresh_all_reports_records_arxiv_no_longer_returns(arxiv_server, data, capsys):
    before = snapshot(data)
    code, out, err = run(capsys, data, "refresh")
    assert code == 1
    missing = "papers.py: 2406.01252: arXiv does not return this id; record cao2024scalable kept"
    assert missing in err
    assert snapshot(data) == before  # without --keep-going nothing is written
    code, out, err = run(capsys, data, "refresh", "--keep-going")
    assert code == 1 and "record cao2024scalable kept" in err
    assert record(data, "cao2024scalable") == yaml.safe_load(before["papers/cao2024scalable.yaml"])
    assert len(record(data, "burns2023weaktostrong")["authors"]) == 12
    with_ids = sum(
        1 for path in (data / "papers").glob("*.yaml") if "arxiv_id:" in path.read_text()
    )
    # burns2023weaktostrong alone is in the recorded feed: every other record is "not returned"
    assert f"1 of {with_ids} records fetched, 1 with changes" in out


def test_refresh_is_conservative_with_venue_year_month_and_url():
    entry = Entry(
        "2304.08460",
        "LongForm: Effective Instruction Tuning with Reverse Instructions",
        ("Abdullatif Köksal", "Timo Schick"),
        dt.date(2023, 4, 17),
        None,
        None,
    )
    conference = {
        "key": "k",
        "title": entry.title,
        "authors": list(entry.authors),
        "year": 2024,
        "venue": "Findings of EMNLP 2024",
        "url": "https://aclanthology.org/x",
        "source": "s",
    }
    assert refresh_changes(conference, entry, dt.date(2025, 1, 1)) == {}
    preprint = {
        **conference,
        "venue": "arXiv",
        "year": 2023,
        "url": "https://arxiv.org/pdf/2304.08460v2",
    }
    changes = refresh_changes(preprint, entry, dt.date(2025, 1, 1))
    assert changes["month"] == (None, 4)
    assert changes["url"] == (
        "https://arxiv.org/pdf/2304.08460v2",
        "https://arxiv.org/abs/2304.08460",
    )
    assert changes["source"] == ("s", "s; refreshed from arXiv API 2025-01-01")
    published = dataclasses.replace(entry, journal_ref="ICLR 2024")
    changes = refresh_changes(preprint, published, dt.date(2025, 1, 1))
    assert changes["venue"] == ("arXiv", "ICLR 2024") and changes["year"] == (2023, 2024)
    assert "month" not in changes  # arXiv's month is not the venue's


# --- search -------------------------------------------------------------------------------


def test_search_lists_new_papers_and_stages_drafts(arxiv_server, data, tmp_path, capsys):
    arxiv_server.entries["2405.00002"] = atom_entry(
        "2405.00002", "Debate for Scalable Oversight", ["Ada Lovelace"], "2024-05-02T00:00:00Z"
    )
    arxiv_server.entries["2001.00003"] = atom_entry(
        "2001.00003", "An Older Debate Paper", ["Old Author"], "2020-01-03T00:00:00Z"
    )
    arxiv_server.entries["1805.00899"] = atom_entry(
        "1805.00899", "AI safety via debate", ["Geoffrey Irving"]
    )
    arxiv_server.searches["all:debate"] = ["2405.00002", "1805.00899", "2001.00003"]

    code, out, err = run(capsys, data, "search", "all:debate")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2405.00002  2024-05-02  Debate for Scalable Oversight",
        "2001.00003  2020-01-03  An Older Debate Paper",
        "2 of 3 results not in the dataset",
    ]
    assert arxiv_server.requests[0]["sortBy"] == "submittedDate"

    stage = tmp_path / "drafts"
    before = snapshot(data)
    staging = ("--since", "2024-01-01", "--stage", str(stage), "--topic", "scalable-oversight")
    code, out, err = run(capsys, data, "search", "all:debate", *staging, "--taxonomy", "so-debate")
    assert (code, err) == (0, "")
    assert "submittedDate:[202401010000 TO " in arxiv_server.requests[-1]["search_query"]
    assert [p.name for p in stage.iterdir()] == ["lovelace2024debate.yaml"]
    draft = yaml.safe_load((stage / "lovelace2024debate.yaml").read_text(encoding="utf-8"))
    Paper.model_validate(draft)
    assert draft["notes"] == DRAFT_NOTE and draft["taxonomy"] == ["so-debate"]
    assert snapshot(data) == before

    code, out, _ = run(capsys, data, "search", "all:debate", *staging)
    assert code == 0 and "2405.00002: already staged as lovelace2024debate" in out


# --- identifiers and settings -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2406.01252", "2406.01252"),
        ("2406.01252v3", "2406.01252"),
        ("arXiv:2406.01252", "2406.01252"),
        ("https://arxiv.org/abs/2406.01252v2", "2406.01252"),
        ("https://arxiv.org/pdf/2406.01252.pdf", "2406.01252"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("0704.0001", "0704.0001"),
        ("2406.12", None),
        ("debate", None),
    ],
)
def test_normalise_id(raw, expected):
    assert normalise_id(raw) == expected


def test_the_real_api_is_never_asked_more_than_once_every_3_seconds():
    assert Settings.from_env({"ARXIV_DELAY_SECONDS": "0"}).delay == 3
    local = {"ARXIV_API_URL": "http://127.0.0.1:8000/api/query", "ARXIV_DELAY_SECONDS": "0"}
    assert Settings.from_env(local).delay == 0
    assert Settings.from_env({}) == Settings()
