"""Fetch paper metadata from the arXiv API politely and fail clearly.

One reused ``arxiv.Client`` (which spaces requests by ``delay``), with what arxiv 4.0.2 lacks
added around it: a timeout on every request, a check that each answer is an arXiv Atom feed
(the client only logs a warning for a malformed one), exponential backoff on 429, 5xx,
timeouts and connection errors, and ``id_list`` requests in batches that are never cut short.

Settings come from the environment: ``ARXIV_API_URL`` (endpoint, default the real API),
``ARXIV_DELAY_SECONDS`` (default 3; never less than 3 for arxiv.org), ``ARXIV_TIMEOUT_SECONDS``
(default 30), ``ARXIV_BACKOFF_SECONDS`` (first pause before a retry, doubled each time,
default 5) and ``ARXIV_MAX_ATTEMPTS`` (default 4).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import arxiv
import requests
from requests import Response

from alignment_survey.data.schema import ARXIV_NEW, ARXIV_OLD, DOI_PATTERN

DEFAULT_ENDPOINT = "https://export.arxiv.org/api/query"
ARXIV_MIN_DELAY = 3.0  # arXiv's terms of use: at most one request every three seconds
BATCH_SIZE = 100
API = "arXiv API"  # the subject of errors that concern the service rather than one id

_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_API_ERROR_ID = "arxiv.org/api/errors"
_VERSION = re.compile(r"v\d+$")
_ID_PREFIX = re.compile(r"^(arxiv:|https?://(export\.)?arxiv\.org/(abs|pdf)/)", re.IGNORECASE)
_DOI = re.compile(DOI_PATTERN)


class SourceError(Exception):
    """arXiv could not give an answer: ``subject`` is an id or :data:`API`, ``what`` says why."""

    def __init__(self, subject: str, what: str):
        super().__init__(f"{subject}: {what}")
        self.subject = subject
        self.what = what


class MalformedFeed(Exception):
    """A 200 answer that is not an arXiv Atom feed (arxiv only logs it); retried like a 5xx."""


@dataclass(frozen=True)
class Settings:
    """Where the API is and how patiently to talk to it."""

    endpoint: str = DEFAULT_ENDPOINT
    delay: float = ARXIV_MIN_DELAY
    timeout: float = 30.0
    backoff: float = 5.0
    attempts: int = 4

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the ``ARXIV_*`` variables; a bad value raises :class:`SourceError` naming it."""
        env = os.environ if env is None else env
        endpoint = env.get("ARXIV_API_URL") or DEFAULT_ENDPOINT
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise SourceError("ARXIV_API_URL", f"{endpoint!r} is not an http(s) URL")
        delay = _number(env, "ARXIV_DELAY_SECONDS", cls.delay)
        host = urlsplit(endpoint).hostname or ""
        if host == "arxiv.org" or host.endswith(".arxiv.org"):
            delay = max(delay, ARXIV_MIN_DELAY)
        attempts = _number(env, "ARXIV_MAX_ATTEMPTS", cls.attempts)
        if attempts < 1 or attempts != int(attempts):
            raise SourceError("ARXIV_MAX_ATTEMPTS", f"{attempts:g} is not a whole number >= 1")
        timeout = _number(env, "ARXIV_TIMEOUT_SECONDS", cls.timeout)
        if timeout == 0:
            raise SourceError("ARXIV_TIMEOUT_SECONDS", "must be more than 0")
        backoff = _number(env, "ARXIV_BACKOFF_SECONDS", cls.backoff)
        return cls(endpoint, delay, timeout, backoff, int(attempts))


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SourceError(name, f"{raw!r} is not a number") from None
    if value < 0:
        raise SourceError(name, f"{raw!r} is negative")
    return value


@dataclass(frozen=True)
class Entry:
    """What the dataset takes from one arXiv result (no abstract)."""

    arxiv_id: str
    title: str
    authors: tuple[str, ...]
    published: dt.date
    journal_ref: str | None
    doi: str | None

    @classmethod
    def from_result(cls, result: arxiv.Result) -> Entry:
        names = (" ".join(author.name.split()) for author in result.authors)
        return cls(
            arxiv_id=_VERSION.sub("", result.get_short_id()),
            title=" ".join(result.title.split()),
            authors=tuple(name for name in names if name),
            published=result.published.date(),
            journal_ref=" ".join((result.journal_ref or "").split()) or None,
            doi=next((d for d in (result.doi or "").split() if _DOI.match(d)), None),
        )


def normalise_id(text: str) -> str | None:
    """``2406.01252v3``, ``arXiv:2406.01252``, an abs/pdf URL -> ``2406.01252``; None if no id."""
    candidate = _ID_PREFIX.sub("", text.strip())
    candidate = _VERSION.sub("", candidate.removesuffix(".pdf"))
    return candidate if ARXIV_NEW.match(candidate) or ARXIV_OLD.match(candidate) else None


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def check_feed(content: bytes) -> None:
    """Raise unless ``content`` is an arXiv Atom feed without an API error entry."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise MalformedFeed(f"malformed feed ({exc})") from None
    if root.tag != f"{_ATOM}feed" or root.find(f"{_OPENSEARCH}totalResults") is None:
        raise MalformedFeed("malformed feed (not an Atom feed with opensearch:totalResults)")
    for entry in root.iter(f"{_ATOM}entry"):
        if _API_ERROR_ID in (entry.findtext(f"{_ATOM}id") or ""):
            summary = " ".join((entry.findtext(f"{_ATOM}summary") or "unknown error").split())
            raise SourceError(API, f"the API reports an error: {summary}")


class _FeedSession(requests.Session):
    """A session that puts a timeout on every request and checks every feed it receives."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Response:
        kwargs.setdefault("timeout", self.timeout)
        response = super().request(method, url, *args, **kwargs)
        if response.status_code == 200:
            check_feed(response.content)
        elif response.status_code == 400:  # arXiv explains a bad query in an error feed
            with contextlib.suppress(MalformedFeed):
                check_feed(response.content)
        return response


class ArxivSource:
    """The one client a command uses; every call obeys the delay, timeout and backoff."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._client = arxiv.Client(BATCH_SIZE, delay_seconds=settings.delay, num_retries=0)
        separator = "&" if "?" in settings.endpoint else "?"
        self._client.query_url_format = f"{settings.endpoint}{separator}{{}}"
        self._client._session = _FeedSession(settings.timeout)

    def fetch(
        self, ids: Sequence[str], keep_going: bool = False
    ) -> tuple[dict[str, Entry], list[SourceError]]:
        """Entries by id, in batches, and what went wrong.

        An id arXiv does not return is a :class:`SourceError` naming it; a batch that fails is
        one error naming the cause. Without ``keep_going`` no batch is requested after a failure.
        """
        found: dict[str, Entry] = {}
        failures: list[SourceError] = []
        for batch in _batches(list(dict.fromkeys(ids)), BATCH_SIZE):
            try:
                results = self._run(arxiv.Search(id_list=batch, max_results=len(batch)))
            except SourceError as exc:
                if exc.subject == API and len(batch) > 1:
                    what = f"{exc.what}; {len(batch)} ids from {batch[0]} not fetched"
                    exc = SourceError(API, what)
                failures.append(exc)
            else:
                entries = {entry.arxiv_id: entry for entry in map(Entry.from_result, results)}
                for arxiv_id in batch:
                    if arxiv_id in entries:
                        found[arxiv_id] = entries[arxiv_id]
                    else:
                        failures.append(SourceError(arxiv_id, "arXiv does not return this id"))
            if failures and not keep_going:
                break
        return found, failures

    def search(self, query: str, since: dt.date | None, max_results: int) -> list[Entry]:
        """The newest ``max_results`` papers that match a query, submitted on or after ``since``."""
        if since is not None:
            until = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
            query = f"({query}) AND submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"
        search = arxiv.Search(
            query=query,
            max_results=max_results,
            sort_by=arxiv.SortCriterion.SubmittedDate,
            sort_order=arxiv.SortOrder.Descending,
        )
        entries = [Entry.from_result(result) for result in self._run(search)]
        return [entry for entry in entries if since is None or entry.published >= since]

    def _run(self, search: arxiv.Search) -> list[arxiv.Result]:
        """All results of one search, retried with exponential backoff on transient failures."""
        attempt = 1
        while True:
            try:
                return list(self._client.results(search))
            except (arxiv.ArxivError, requests.RequestException, MalformedFeed) as exc:
                reason = self._retry_reason(exc)
                if attempt == self.settings.attempts:
                    tries = "1 attempt" if attempt == 1 else f"{attempt} attempts"
                    raise SourceError(API, f"{reason} (gave up after {tries})") from exc
            # at least the client's delay: a request that raised did not restart its clock
            time.sleep(max(self.settings.delay, self.settings.backoff * 2 ** (attempt - 1)))
            attempt += 1

    def _retry_reason(self, exc: Exception) -> str:
        """Why a failure is worth retrying; raise :class:`SourceError` when it is not."""
        if isinstance(exc, arxiv.HTTPError):
            if exc.status == 429 or exc.status >= 500:
                return f"HTTP {exc.status}"
            raise SourceError(API, f"HTTP {exc.status} from {self.settings.endpoint}") from exc
        if isinstance(exc, requests.Timeout):
            return f"no answer within {self.settings.timeout:g} s"
        if isinstance(exc, requests.ConnectionError):
            return f"cannot connect to {urlsplit(self.settings.endpoint).netloc}"
        if isinstance(exc, MalformedFeed):
            return str(exc)
        if isinstance(exc, arxiv.UnexpectedEmptyPageError):
            return "an empty page in the middle of the results"
        raise SourceError(API, f"{type(exc).__name__}: {exc}") from exc


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
