"""The PDF edition: the built site's pages printed by Chromium as one book (``make pdf``).

The pages are the site's own (``_build/html``): no second build and no second copy of any text.
In the browser they are joined into one document (:mod:`alignment_survey.book.pdfprint`), ids
prefixed by their page, so that citations, glossary terms, figure references and chapter links
become links inside the PDF; links to the rest of the site (downloads, the paper explorer) point to
the published site. The book is printed twice or more: the first print tells on which page every
contents entry's target landed (Chromium writes a named destination for each), the next one carries
those numbers, until they no longer move. The title page is printed alone (no running header) and
joined to the rest with pypdf.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from alignment_survey.book import toc
from alignment_survey.book.citation import load_citation
from alignment_survey.book.pdfprint import BookPage, PrintError, book_page
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_bytes_atomic

MAX_PRINTS = 4  # the contents' numbers settle on the second print unless they change the layout
FIRST_BODY_PAGE = 2  # the title page is page 1
# Pages of the website that are tools rather than text: the paper explorer and the map are
# interactive applications, what's new is a feed of the latest additions. The links to them point
# to the published site.
WEB_ONLY = ("explorer", "map", "whats_new")
NOTE = (
    "The website's charts are interactive; here they are printed as drawn, each with its number and "
    "caption. Where the website shows more on hover, the print says it beside the chart: every "
    "sunburst is followed by its sectors and their sizes."
)


@dataclass(frozen=True)
class BookInfo:
    """What the title page and the PDF's metadata say."""

    title: str
    author: str
    version: str
    date: str
    site_url: str
    repository: str
    licence: str
    note: str = NOTE

    @property
    def edition(self) -> str:
        return f"dataset {self.version}, {self.date}"


@dataclass(frozen=True)
class PdfEdition:
    path: Path
    pages: int
    size: int
    prints: int
    seconds: float


def dataset_version(root: Path) -> str:
    """``data/VERSION`` when the curators set one, else the package's version."""
    version_file = root / layout.DATA_VERSION
    if version_file.is_file() and version_file.read_text(encoding="utf-8").strip():
        return version_file.read_text(encoding="utf-8").strip()
    return metadata.version("alignment-survey")


def build_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def book_info(root: Path) -> BookInfo:
    config = yaml.safe_load((root / layout.CONFIG).read_text(encoding="utf-8"))
    citation = load_citation(root)
    return BookInfo(
        title=config["title"],
        author=config["author"],
        version=dataset_version(root),
        date=build_date().isoformat(),
        site_url=citation["url"],
        repository=citation["repository-code"],
        licence=" ".join(config.get("html", {}).get("extra_footer", "").split()),
    )


def printed_pages(root: Path, site: Path) -> list[str]:
    """The pages of the book in the order of ``_toc.yml``, less the landing page (the title page
    replaces it) and the website's tools (:data:`WEB_ONLY`)."""
    pages = [page for page in toc.documents(root)[1:] if page not in WEB_ONLY]
    for page in pages:
        if not (site / f"{page}.html").is_file():
            raise PrintError(f"{site / page}.html: not built (run `make book` first)")
    return pages


def destinations(pdf: Path) -> dict[str, tuple[int, float | None]]:
    """Every named destination of a PDF (Chromium names them after the element ids that links
    target): its page's index and the height it points at."""
    reader = PdfReader(pdf)
    return {
        str(name).lstrip("/"): (reader.get_destination_page_number(dest), dest.get("/Top"))
        for name, dest in reader.named_destinations.items()
    }


def join(title: Path, body: Path, info: BookInfo, entries: list[dict]) -> bytes:
    """The title page followed by the body, with the book's metadata and the contents as the
    outline (the PDF opens on it)."""
    landed = destinations(body)
    writer = PdfWriter(clone_from=body)
    writer.insert_page(PdfReader(title).pages[0], 0)
    writer.add_outline_item("Contents", FIRST_BODY_PAGE - 1)
    parents: dict[int, object] = {}
    for entry in entries:
        index, top = landed[entry["target"]]
        parent = parents.get(entry["level"] - 1)
        item = writer.add_outline_item(
            entry["title"], index + 1, parent=parent, fit=Fit.xyz(top=top)
        )
        parents[entry["level"]] = item
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Author": info.author,
            "/Subject": f"Dataset version {info.version}, built {info.date}",
            "/Creator": "alignment_survey.book.pdf (Chromium, pypdf)",
        }
    )
    writer.page_mode = "/UseOutlines"
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def print_numbered(book: BookPage, body: Path) -> int:
    """Print the body until the contents' page numbers are those of the print; return the prints."""
    numbers: dict[str, int] = {}
    targets = [entry["target"] for entry in book.entries]
    for prints in range(1, MAX_PRINTS + 1):
        book.number(numbers)
        book.print_body(body)
        landed = destinations(body)
        if missing := [target for target in targets if target not in landed]:
            raise PrintError(f"contents entries with no page in the PDF: {', '.join(missing)}")
        found = {target: landed[target][0] + FIRST_BODY_PAGE for target in targets}
        if found == numbers:
            return prints
        numbers = found
    raise PrintError(f"the contents' page numbers still moved after {MAX_PRINTS} prints")


def build_pdf(root: Path, out: Path | None = None) -> PdfEdition:
    """Print the built site of ``root`` as ``out`` (default ``_build/pdf/<book>.pdf``) and copy
    it into the site, which links it. Raises :class:`PrintError` with a one-line reason."""
    started = time.perf_counter()
    site = root / layout.HTML
    if not (site / "index.html").is_file():
        raise PrintError(f"{site}: no built site (run `make book` first)")
    out = out or root / layout.PDF
    info = book_info(root)
    pages = printed_pages(root, site)
    with tempfile.TemporaryDirectory(prefix="survey-pdf-") as folder:
        title, body = Path(folder) / "title.pdf", Path(folder) / "body.pdf"
        with book_page(site, pages, asdict(info) | {"edition": info.edition}) as book:
            book.print_title(title)
            prints = print_numbered(book, body)
        data = join(title, body, info, book.entries)
    write_bytes_atomic(out, data)
    if out.resolve() == (root / layout.PDF).resolve():
        write_bytes_atomic(root / layout.SITE_PDF, data)
    pages_total = len(PdfReader(BytesIO(data)).pages)
    return PdfEdition(out, pages_total, len(data), prints, time.perf_counter() - started)
