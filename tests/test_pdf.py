"""The PDF edition (``make pdf``): the real Chromium prints the real built site; pypdf and
poppler-utils read what a reader would get.

The tests marked ``pdf`` print the whole book, so ``make test`` leaves them out; ``make test-pdf``
and the pull request workflow's ``pdf`` job run them. The others are quick.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from alignment_survey.book import toc
from alignment_survey.book.chromium import CHROMIUM
from alignment_survey.book.linkcheck import broken_links
from alignment_survey.book.pdf import WEB_ONLY, build_pdf, dataset_version, printed_pages
from alignment_survey.book.pdfprint import PrintError
from alignment_survey.files import layout
from tests.helpers import ROOT, SITE

PT_PER_PX = 0.75  # Chromium prints 96 CSS px per inch
MARGIN_PT = 16 / 25.4 * 72  # the print stylesheet's left and right margins
DPI = 36
FIGURE = re.compile(r"^```\{glue:figure\}[^\n]*\n(.*?)^```", re.M | re.S)
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
SITE_FIGURE = re.compile(r'<figure[^>]*\bid="([^"]+)"[^>]*>(.*?)</figure>', re.S)
SITE_CHART = re.compile(r'<div class="survey-chart" id="([^"]+)"([^>]*)>(.*?)</div>', re.S)
INLINE_DATA = re.compile(
    r'<script type="application/json" class="survey-chart-data">(.*?)</script>', re.S
)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


# --- what the sources and the site say --------------------------------------------------------


def normalise(text: str) -> str:
    """Text as compared: Unicode compatibility forms, straight quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    for curly, straight in {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.items():
        text = text.replace(curly, straight)
    return " ".join(text.split())


def source_captions() -> dict[str, list[str]]:
    """Each chapter's figure captions as written, in order."""
    found = {}
    for chapter in toc.chapters(ROOT):
        text = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
        found[chapter] = [
            " ".join(line for line in block.splitlines() if not line.startswith(":"))
            for block in FIGURE.findall(text)
        ]
    return found


def squeezed(text: str) -> str:
    """Text without spaces and hyphens: pdftotext joins a word hyphenated at a line's end."""
    return re.sub(r"[\s-]", "", normalise(text))


def literal_fragments(caption: str) -> list[str]:
    """The parts of a caption that the print shows as written: everything between roles (glued
    numbers, citations, cross-references), Markdown marks and link targets left out."""
    caption = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", caption).replace("*", "")
    parts = [normalise(part.replace("`", "")) for part in ROLE.split(caption)]
    return [part.strip(" ,;:(") for part in parts if len(part.split()) >= 2]


def page_title(document: str) -> str:
    text = (ROOT / f"{document}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def site_figures() -> dict[str, tuple[str, int, str]]:
    """Every chart figure of the printed pages: id -> (number, chart height in px, caption's first word)."""
    figures = {}
    for page in printed_pages(ROOT, SITE):
        text = (SITE / f"{page}.html").read_text(encoding="utf-8")
        for figure_id, body in SITE_FIGURE.findall(text):
            height = re.search(r'class="survey-chart"[^>]*style="height:(\d+)px"', body)
            number = re.search(r'<span class="caption-number">(Fig\. [\d.]+) </span>', body)
            caption = body.partition('<span class="caption-text">')[2][:300]
            if height and number:
                first_word = re.sub(r"<[^>]+>", "", caption).split()[0]
                figures[figure_id] = (number.group(1), int(height.group(1)), first_word)
    return figures


# --- what the PDF says --------------------------------------------------------------------------


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{tool} is not installed: CI must test the PDF (apt-get install poppler-utils)"
            )
        pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")
    return found


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdftotext lays it out (index 0 is page 1)."""
    out = subprocess.run(
        [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


def page_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes in points from the top left."""
    out = subprocess.run(
        [need("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = out.stdout.split("<page ")[1:]
    return [
        [
            (float(a), float(b), float(c), float(d), html.unescape(w))
            for a, b, c, d, w in WORD.findall(page)
        ]
        for page in pages
    ]


def ink_share(pdf: Path, page: int, box: tuple[float, float, float, float], folder: Path) -> float:
    """The share of non-white pixels in ``box`` (x, y, width, height in points) of page ``page``."""
    x, y, width, height = (round(value * DPI / 72) for value in box)
    root = folder / f"p{page}-{x}-{y}"
    command = [
        need("pdftoppm"),
        "-r",
        str(DPI),
        "-gray",
        "-singlefile",
        "-f",
        str(page),
        "-l",
        str(page),
    ]
    command += [
        "-x",
        str(x),
        "-y",
        str(y),
        "-W",
        str(width),
        "-H",
        str(height),
        str(pdf),
        str(root),
    ]
    subprocess.run(command, check=True)
    data = root.with_suffix(".pgm").read_bytes()
    magic, _, _, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return sum(1 for value in pixels if value < 245) / len(pixels)


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every outline entry, in order."""
    entries = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return entries


@pytest.fixture(scope="session")
def pdf_book(site: Path) -> Path:
    """The PDF edition of this checkout, printed once per session by ``scripts/build_pdf.py``."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: CI must print the PDF edition")
        pytest.skip("chromium is not installed (apt-get install chromium): PDF tests skipped")
    with open(ROOT / "_build" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_pdf.py")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return ROOT / layout.PDF


@pytest.fixture(scope="session")
def pdf_pages(pdf_book: Path) -> list[str]:
    return page_texts(pdf_book)


# --- the PDF --------------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_pdf_parses_and_its_title_page_names_the_edition(pdf_book, pdf_pages):
    reader = PdfReader(pdf_book)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert reader.metadata.title == config["title"]
    assert len(reader.pages) == len(pdf_pages) > 20
    title_page = normalise(pdf_pages[0])
    assert normalise(config["title"]) in title_page
    assert f"Dataset version {dataset_version(ROOT)}" in title_page
    assert re.search(r"Built \d{4}-\d{2}-\d{2}", title_page)
    assert "Contents" in pdf_pages[1]


@pytest.mark.pdf
def test_every_page_after_the_title_page_has_the_running_header_and_its_number(pdf_pages):
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert not re.search(r"^\s*1\s*$", pdf_pages[0], re.M)  # the title page has neither
    for number, text in enumerate(pdf_pages[1:], start=2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert normalise(lines[0]).startswith(normalise(title)[:30]), (number, lines[0])
        assert lines[-1] == str(number), (number, lines[-1])


@pytest.mark.pdf
def test_the_outline_holds_every_chapter_and_page_of_the_book_in_order(pdf_book):
    entries = outline(PdfReader(pdf_book))
    top = [title for level, title, _ in entries if level == 1]
    wanted = [page_title(document) for document in printed_pages(ROOT, SITE)]
    assert top[0] == "Contents"
    assert len(top) == len(wanted) + 1
    for title, expected in zip(top[1:], wanted, strict=True):
        assert title.endswith(expected), (title, expected)
    assert [number for *_, number in entries] == sorted(number for *_, number in entries)


@pytest.mark.pdf
def test_the_contents_page_numbers_are_where_the_outline_lands(pdf_book, pdf_pages):
    entries = outline(PdfReader(pdf_book))[1:]
    first_chapter = entries[0][2]
    numbers = []
    for text in pdf_pages[1 : first_chapter - 1]:  # each page less its running header and number
        lines = [line for line in text.splitlines() if line.strip()][1:-1]
        numbers += [
            int(found.group(1)) for line in lines if (found := re.search(r"\s(\d+)$", line))
        ]
    assert numbers == [page for *_, page in entries]


@pytest.mark.pdf
def test_every_figure_caption_of_the_chapters_is_in_the_text(pdf_pages):
    text = normalise(" ".join(pdf_pages))
    captions = source_captions()
    for chapter, chapter_captions in captions.items():
        for caption in chapter_captions:
            for fragment in literal_fragments(caption):
                assert squeezed(fragment) in squeezed(text), f"{chapter}: {fragment!r}"
    assert len(re.findall(r"\bFig\. \d+\.\d+ ", text)) >= sum(map(len, captions.values()))
    assert len(site_figures()) == sum(map(len, captions.values()))


def find_caption(words: list, number: str, first_word: str) -> tuple[float, float] | None:
    """The top of a figure's caption ("Fig. 4.1 <first word>") on a page, and its left edge."""
    label, value = number.split()
    for n in range(len(words) - 2):
        if (words[n][4], words[n + 1][4]) == (label, value) and normalise(
            words[n + 2][4]
        ).startswith(normalise(first_word)):
            return words[n][1], words[n][0]
    return None


@pytest.mark.pdf
def test_no_chart_area_is_blank_and_no_chart_is_a_raster_image(pdf_book, tmp_path):
    reader = PdfReader(pdf_book)
    words = page_words(pdf_book)
    width = float(reader.pages[0].mediabox.width)
    box_width = width - 2 * MARGIN_PT
    blank = ink_share(pdf_book, 1, (MARGIN_PT, 700, box_width, 100), tmp_path)
    assert blank < 0.005  # the measure sees an empty area as empty
    for figure_id, (number, height_px, first_word) in site_figures().items():
        found = [
            (index, place)
            for index, page in enumerate(words)
            if (place := find_caption(page, number, first_word))
        ]
        assert len(found) == 1, f"{figure_id} ({number}): caption found on {len(found)} pages"
        index, (top, _) = found[0]
        height = height_px * PT_PER_PX
        share = ink_share(
            pdf_book, index + 1, (MARGIN_PT, top - height, box_width, height - 6), tmp_path
        )
        assert share > 0.05, f"{figure_id} ({number}, page {index + 1}): only {share:.1%} drawn"
        resources = reader.pages[index].get("/Resources") or {}
        images = [
            name
            for name, xobject in (resources.get("/XObject") or {}).items()
            if xobject.get_object().get("/Subtype") == "/Image"
        ]
        assert not images, f"{figure_id} ({number}): raster images on page {index + 1}"


@pytest.mark.pdf
def test_every_internal_link_lands_on_a_page_and_figure_links_on_their_figure(pdf_book, pdf_pages):
    reader = PdfReader(pdf_book)
    named = {str(name).lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    references_page = next(page for level, title, page in outline(reader) if title == "References")
    figures = site_figures()
    internal = external = 0
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" not in annotation:
                uri = str(annotation["/A"]["/URI"])
                assert re.match(r"(https?|mailto):", uri), f"page {index + 1}: {uri}"
                external += 1
                continue
            name = str(annotation["/Dest"]).lstrip("/")
            assert name in named, f"page {index + 1}: link to {name}, which is nowhere"
            landing = reader.get_destination_page_number(named[name]) + 1
            assert 1 <= landing <= len(reader.pages)
            internal += 1
            if name.startswith("references--"):
                assert landing >= references_page, f"page {index + 1}: {name} lands on {landing}"
            target = name.split("--", 1)[-1]
            if target in figures:
                number = figures[target][0]
                assert number in pdf_pages[landing - 1], (
                    f"{name} lands on page {landing}, not {number}"
                )
    assert internal > 100 and external > 10  # citations and glossary terms; papers' URLs


def site_charts() -> dict[str, dict]:
    """Every chart of the printed pages (each once), by id: its figure, inline or in its file."""
    charts = {}
    for page in printed_pages(ROOT, SITE):
        text = (SITE / f"{page}.html").read_text(encoding="utf-8")
        for chart_id, attributes, inside in SITE_CHART.findall(text):
            inline = INLINE_DATA.search(inside)
            source = re.search(r'data-src="([^"]+)"', attributes)
            payload = inline.group(1) if inline else (SITE / source.group(1)).read_text("utf-8")
            charts[chart_id] = json.loads(payload)
    return charts


def site_sunbursts() -> list[list[str]]:
    """The sector labels of every sunburst chart of the printed pages."""
    return [
        [
            label
            for trace in figure["data"]
            if trace.get("type") == "sunburst"
            for label in trace["labels"]
        ]
        for figure in site_charts().values()
        if any(trace.get("type") == "sunburst" for trace in figure["data"])
    ]


@pytest.mark.pdf
def test_every_sunburst_is_followed_by_all_its_sectors(pdf_pages):
    text = normalise(" ".join(pdf_pages))
    sunbursts = site_sunbursts()
    assert text.count("sector by sector") == len(sunbursts) > 0
    printed = set(re.findall(r"\w+", text))  # words: a list's label and count extract apart
    for labels in sunbursts:
        for label in labels:
            assert set(re.findall(r"\w+", normalise(label))) <= printed, label


@pytest.mark.pdf
def test_the_site_links_the_pdf_and_publishes_it(pdf_book):
    assert (ROOT / layout.SITE_PDF).read_bytes() == pdf_book.read_bytes()
    for page in ("index.html", "dataset.html"):
        assert f'href="{layout.PDF_NAME}"' in (SITE / page).read_text(encoding="utf-8"), page
    assert broken_links(SITE) == []


# --- quick checks -------------------------------------------------------------------------------


def test_without_a_built_site_the_pdf_is_not_written(tmp_path):
    for name in ("_config.yml", "_toc.yml", "CITATION.cff"):
        shutil.copy(ROOT / name, tmp_path / name)
    with pytest.raises(PrintError, match=r"no built site \(run `make book` first\)"):
        build_pdf(tmp_path)
    assert not (tmp_path / layout.PDF).exists()


def test_the_dataset_version_is_data_version_else_the_packages(tmp_path):
    from importlib import metadata

    (tmp_path / "data").mkdir()
    assert dataset_version(tmp_path) == metadata.version("alignment-survey")
    (tmp_path / layout.DATA_VERSION).write_text("2026.12\n")
    assert dataset_version(tmp_path) == "2026.12"


def test_the_printed_pages_are_the_chapters_then_the_dataset_glossary_and_references(tmp_path):
    site = tmp_path / "html"
    for document in toc.documents(ROOT):
        page = site / f"{document}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<p>text</p>")
    pages = printed_pages(ROOT, site)
    assert pages == [d for d in toc.documents(ROOT)[1:] if d not in WEB_ONLY]
    chapters = toc.chapters(ROOT)
    assert pages[: len(chapters)] == chapters
    assert {"dataset", "glossary", "references"} <= set(pages[len(chapters) :])
    assert pages.index("glossary") < pages.index("references")
    (site / "glossary.html").unlink()
    with pytest.raises(PrintError, match="glossary.html: not built"):
        printed_pages(ROOT, site)


def test_the_link_check_accepts_the_pdf_before_it_is_printed_and_nothing_else(tmp_path):
    (tmp_path / "index.html").write_text(
        f'<a href="{layout.PDF_NAME}">PDF</a> <a href="other.pdf">other</a>'
    )
    assert [link.target for link in broken_links(tmp_path)] == ["other.pdf"]
