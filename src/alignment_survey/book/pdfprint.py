"""Chromium's side of the PDF edition: serve the built site, join its pages, print them.

Debian's ``chromium`` is driven by Playwright (never a browser of Playwright's own). The site's own
scripts are blocked, so nothing lazy or interactive runs; ``print/book.js`` joins the pages and
draws every chart, and ``print/book.css`` lays them out for A4.
"""

from __future__ import annotations

import functools
import html
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ASSETS = Path(__file__).with_name("print")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
CONTENT_WIDTH_PX = 672  # A4 (210 mm) less the stylesheet's 16 mm margins, at 96 px per inch
TEMPLATE_STYLE = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:7.5pt;color:#6a6d71;width:100%;margin:0 16mm;"
HEADER = '<div style="{style}display:flex;justify-content:space-between"><span>{title}</span><span>{edition}</span></div>'
FOOTER = '<div style="{style}text-align:center"><span class="pageNumber"></span></div>'


class PrintError(RuntimeError):
    """The PDF could not be printed; the message says why in one line."""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise PrintError("chromium is not installed (apt-get install chromium): the PDF needs it")
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on a local port for the length of the block; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _only_plotly(route: object) -> None:
    """Let everything through but the site's scripts (plotly.js itself is wanted)."""
    request = route.request
    if request.resource_type == "script" and not request.url.endswith("/plotly.min.js"):
        route.abort()
    else:
        route.continue_()


class BookPage:
    """One browser page holding the joined book, printed as often as the contents need."""

    def __init__(self, page: object, header: str, entries: list[dict]):
        self.page = page
        self.header = header
        self.entries = entries  # the contents: {"target": id, "level": 1 or 2, "title": text}

    def number(self, pages: dict[str, int]) -> list[str]:
        """Fill the contents' page numbers; return the targets that got none."""
        return self.page.evaluate("pages => window.surveyPrint.number(pages)", pages)

    def print_title(self, path: Path) -> None:
        self.page.pdf(
            path=str(path), page_ranges="1", prefer_css_page_size=True, print_background=True
        )

    def print_body(self, path: Path) -> None:
        """Every page after the title page, with the running header and page numbers. (The outline
        comes from the contents: Chromium's own names wrapped or page-top headings wrongly.)"""
        self.page.pdf(
            path=str(path),
            page_ranges="2-",
            display_header_footer=True,
            header_template=self.header,
            footer_template=FOOTER.format(style=TEMPLATE_STYLE),
            prefer_css_page_size=True,
            print_background=True,
            tagged=True,
        )


@contextmanager
def book_page(site: Path, pages: list[str], info: dict[str, str]) -> Iterator[BookPage]:
    """Open the site's first printed page, join every printed page into it and draw the charts."""
    from playwright.sync_api import Error, sync_playwright

    spec = {"pages": pages, "info": info, "width": CONTENT_WIDTH_PX}
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
            page.emulate_media(media="print", color_scheme="light")
            page.route("**/*", _only_plotly)
            page.goto(f"{base}{pages[0]}.html", wait_until="load")
            errors: list[str] = []  # from here on: the site's inline scripts miss their files
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.add_style_tag(content=(ASSETS / "book.css").read_text(encoding="utf-8"))
            page.add_script_tag(content=(ASSETS / "book.js").read_text(encoding="utf-8"))
            try:
                result = page.evaluate(
                    "spec => window.surveyPrint.assemble(spec)", {**spec, "base": base}
                )
            except Error as exc:
                raise PrintError(
                    f"joining the pages failed: {exc.message.splitlines()[0]}"
                ) from None
            if result["failed"] or errors:
                raise PrintError(f"charts not drawn: {'; '.join(result['failed'] + errors)}")
            header = HEADER.format(
                style=TEMPLATE_STYLE,
                title=html.escape(info["title"]),
                edition=html.escape(info["edition"]),
            )
            yield BookPage(page, header, result["entries"])
        finally:
            browser.close()
