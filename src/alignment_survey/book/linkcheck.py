"""Check the built site's links: internal ones offline, external ones over the network.

``broken_links`` (every local target and anchor exists) needs no network and runs on every pull
request; ``broken_external`` asks every http(s) link once and runs weekly.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from alignment_survey.files import layout

USER_AGENT = "alignment-survey-linkcheck/1 (+https://github.com/alignment-survey/alignment-survey)"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}
WRITTEN_LATER = {layout.SITE_PDF.relative_to(layout.HTML)}  # by `make pdf`, after the site's build


@dataclass(frozen=True)
class BrokenLink:
    page: Path
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page.as_posix()}: {self.target}: {self.reason}"


class _Links(HTMLParser):
    """Collects a page's local link targets and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        target = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if target and not urlsplit(target).scheme and not target.startswith("//"):
            self.targets.append(target)


def _parse(path: Path, cache: dict[Path, _Links]) -> _Links:
    if path not in cache:
        links = _Links()
        links.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = links
    return cache[path]


def broken_links(site: Path) -> list[BrokenLink]:
    """Every local link of every HTML page of ``site`` whose file or anchor is missing."""
    site = site.resolve()
    cache: dict[Path, _Links] = {}
    broken = []
    pages = [
        page
        for page in sorted(site.rglob("*.html"))
        if page.relative_to(site).parts[0] != "_static"
    ]
    for page in pages:  # _static/ holds the theme's Jinja macro files, which are not pages
        for target in _parse(page, cache).targets:
            parts = urlsplit(target)
            path = unquote(parts.path)
            if path.startswith("/"):
                resolved = (site / path.lstrip("/")).resolve()
            else:
                resolved = (page.parent / path).resolve() if path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            relative = page.relative_to(site)
            if not resolved.is_relative_to(site):
                broken.append(BrokenLink(relative, target, "points outside the site"))
            elif not resolved.is_file() and resolved.relative_to(site) not in WRITTEN_LATER:
                broken.append(BrokenLink(relative, target, "no such file"))
            elif (
                parts.fragment
                and resolved.suffix == ".html"
                and unquote(parts.fragment) not in _parse(resolved, cache).ids
            ):
                broken.append(BrokenLink(relative, target, "no such anchor"))
    return broken


class _External(HTMLParser):
    """Collects a page's outgoing http(s) links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if urlsplit(href).scheme in ("http", "https"):
                self.urls.add(href.split("#", 1)[0])


def external_links(site: Path) -> dict[str, list[str]]:
    """Every http(s) link of the site's pages, with the pages that hold it."""
    site = site.resolve()
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] == "_static":
            continue
        parser = _External()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for url in parser.urls:
            found.setdefault(url, []).append(relative.as_posix())
    return found


def check_url(url: str, timeout: float = 20.0) -> str | None:
    """None when the URL answers (a redirect is followed); otherwise why it failed."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403, 429):  # the page exists, the site turns robots away
            return None
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return f"unreachable ({getattr(exc, 'reason', exc)})"


def broken_external(
    site: Path, workers: int = 8, timeout: float = 20.0
) -> list[tuple[str, str, list[str]]]:
    """(url, reason, pages) for every external link of the site that does not answer."""
    links = external_links(site)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reasons = pool.map(lambda url: check_url(url, timeout), sorted(links))
        return [
            (url, reason, links[url])
            for url, reason in zip(sorted(links), reasons, strict=True)
            if reason
        ]
