"""Sphinx glue for the book (Jupyter Book 1): lean pages, self-hosted plotly.js, notebook downloads.

* plotly.js: the reduced bundle in ``_ext/plotly/`` (only the trace types the book draws; see
  ``scripts/plotly_bundle.py``) is copied once into ``_static/plotly.min.js`` at the end of the
  build; ``survey-charts.js`` loads it only on pages with charts, when a chart nears view, with
  the chart's JSON, which each page keeps in a file of its own (``_static/charts/``).
* Lean pages, so that the first paragraph paints early on a phone: scripts load with ``defer``
  and are not preloaded ahead of the stylesheets (``templates/layout.html``); each page gets
  only the assets its body uses (charts, explorer, sphinx-design, code highlighting and copy
  buttons, toggles); Thebe's assets are left out when no Thebe button is configured (they also
  declared ``THEBE_JS_URL`` twice, an error on every page); the theme's 1.5 MB Font Awesome
  *script* is neither loaded nor published (its stylesheet and web fonts draw every icon); the
  theme's stylesheet keeps only the rules the site can use (:mod:`alignment_survey.book.stylesheets`:
  about 400 KB to 110 KB) and its Font Awesome web fonts only the icons the site uses
  (:mod:`alignment_survey.book.icons`: about 300 KB to 5 KB); and the search index loads on the
  search page only.
* Every executed chapter is offered as ``.ipynb``: the theme's download menu gets an ``.ipynb``
  entry and the executed notebooks are copied next to the page sources (myst-nb does not do this
  for text notebooks).
* Cached chapters keep their outputs in that download: when myst-nb (1.4) takes a chapter from
  jupyter-cache, it renders a merged copy but writes the *unexecuted* notebook to
  ``_build/jupyter_execute``; :func:`keep_cached_outputs` merges into the notebook it writes.
* Incremental builds cite like clean ones: sphinxcontrib-bibtex gives every bibliography entry its
  anchor when the bibliography page is *read*, but only lists the cited entries when the page is
  *written*, and links each citation to the anchor kept in the environment. When a page starts
  citing a new key, or the bibliography's entries or anchors change, the bibliography page and
  every citing page must be written again, although their sources did not change;
  :func:`rewrite_citing_pages` marks them (Sphinx would otherwise link to anchors the old
  bibliography page does not have).
* Incremental builds navigate like clean ones: every page shows the whole table of contents
  (sidebar, previous and next links, ``{doc}`` titles, figure numbers of other pages), but Sphinx
  writes again only the pages it read. When a page is added, removed or moved, or a title or a
  number changes, :func:`rewrite_all_when_navigation_changes` writes every page again.
* Each chapter's kernel knows its chapter (``SURVEY_CHAPTER``), so that a broken guard
  (:mod:`alignment_survey.book.guards`) names the chapter without the chapter typing its name.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import nbformat
import pydata_sphinx_theme
from myst_nb.core.execute.cache import NotebookClientCache
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from alignment_survey.book.guards import CHAPTER_ENV_VAR
from alignment_survey.book.icons import subset_fonts
from alignment_survey.book.launch import repository_url, with_setup_cell
from alignment_survey.book.renderer import CHART_DATA, move_chart_data
from alignment_survey.book.stylesheets import purge_stylesheet
from alignment_survey.files.atomic import write_if_changed

HERE = Path(__file__).parent
LOGGER = logging.getLogger(__name__)
THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
THEME_FONTS = THEME_STATIC / "vendor/fontawesome/webfonts"
THEME_CSS = Path("styles/pydata-sphinx-theme.css")
PLOTLY_JS = HERE / "plotly" / "plotly-survey.min.js"
FONTAWESOME_STUB = (  # the theme copies its 1.5 MB script; no page loads it (templates/layout.html)
    "/* Left out by _ext/survey_book.py: the theme's stylesheet and web fonts draw the icons. */\n"
)
CHART_SOURCE = re.compile(r'class="survey-chart"[^>]* data-src="([^"]+)"')
SYNCHRONOUS = {"documentation_options.js"}  # inline scripts read DOCUMENTATION_OPTIONS at once
ONLY_WHERE = {  # asset -> what a page's body must hold for the page to load it
    "survey-charts.js": re.compile(r'class="survey-chart"'),
    "survey-explorer.js": re.compile(r'class="survey-explorer"'),
    "survey-explorer.css": re.compile(r'class="survey-explorer"'),
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab'),
    "pygments.css": re.compile(r'class="[^"]*\bhighlight'),
    "copybutton.css": re.compile(r'class="[^"]*\bhighlight'),
    "copybutton.js": re.compile(r'class="[^"]*\bhighlight'),
    "clipboard.min.js": re.compile(r'class="[^"]*\bhighlight'),
    "togglebutton.css": re.compile(r'class="[^"]*\b(toggle\b|admonition dropdown)'),
    "togglebutton.js": re.compile(r'class="[^"]*\b(toggle\b|admonition dropdown)'),
    "survey-related.js": re.compile(r'class="survey-related"'),
    "mystnb.css": re.compile(r'class="[^"]*\b(cell|output|pasted-text|pasted-inline|highlight)\b'),
}


def keep_cached_outputs() -> None:
    """Make myst-nb's cache client merge the cached outputs into the notebook it was given.

    ``NotebookClientCache.start_client`` replaces its notebook with a merged copy on a cache hit;
    myst-nb then writes the original, output-less object as the executed notebook. Updating that
    object in place makes the written notebook the rendered one, as after a fresh execution.
    """
    original = NotebookClientCache.start_client
    if getattr(original, "keeps_outputs", False):
        return

    def start_client(self: NotebookClientCache) -> None:
        given = self._notebook
        original(self)
        if self._notebook is not given:
            given.clear()
            given.update(self._notebook)
            self._notebook = given

    start_client.keeps_outputs = True  # type: ignore[attr-defined]
    NotebookClientCache.start_client = start_client  # type: ignore[method-assign]


def name_the_chapter() -> None:
    """Start each chapter's kernel with ``SURVEY_CHAPTER`` set to the chapter's file.

    The kernel inherits the build's environment when myst-nb starts it (cache misses only), so the
    variable is set around that call and restored afterwards.
    """
    original = NotebookClientCache.start_client
    if getattr(original, "names_chapter", False):
        return

    def start_client(self: NotebookClientCache) -> None:
        before = os.environ.get(CHAPTER_ENV_VAR)
        if self.path is not None:
            os.environ[CHAPTER_ENV_VAR] = str(Path(self.path).resolve())
        try:
            original(self)
        finally:
            if before is None:
                os.environ.pop(CHAPTER_ENV_VAR, None)
            else:
                os.environ[CHAPTER_ENV_VAR] = before

    start_client.names_chapter = True  # type: ignore[attr-defined]
    start_client.keeps_outputs = True  # type: ignore[attr-defined]
    NotebookClientCache.start_client = start_client  # type: ignore[method-assign]


def _changed(env: BuildEnvironment, name: str, state: object) -> bool:
    """Whether ``state`` differs from the one recorded under ``name`` by the last build."""
    fingerprint = hashlib.sha256(repr(state).encode()).hexdigest()
    if getattr(env, name, None) == fingerprint:
        return False
    setattr(env, name, fingerprint)  # pickled with the environment
    return True


def rewrite_citing_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The bibliography pages and every citing page, when what they show of the citations changed.

    Runs after every page is read (``env-updated``, after sphinxcontrib-bibtex's own handler has
    matched citations to bibliography entries); the pages returned are written again.
    """
    domain = env.get_domain("cite")
    citing = sorted({ref.docname for ref in domain.citation_refs})
    shown = sorted(
        (
            citation.bibliography_key.docname,
            citation.key,
            citation.citation_id,
            citation.formatted_entry.label,
            str(citation.formatted_entry.text),  # the plain text (render_as looks up a plugin)
        )
        for citation in domain.citations
    )
    if not _changed(env, "survey_citations", (shown, citing)):
        return []
    return sorted({key.docname for key in domain.bibliographies} | set(citing))


def rewrite_all_when_navigation_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when what all pages show of the book's structure changed since the last build.

    Runs once sections and figures are numbered (``env-get-updated``, after the toctree
    collector): at ``env-updated`` the numbers are those of the last build, so a change of number
    would be seen one build late, and a clean build would record none and write every page again
    on the next, unchanged, build.
    """
    navigation = (
        sorted(env.all_docs),
        sorted(env.toctree_includes.items()),
        sorted((doc, title.astext()) for doc, title in env.titles.items()),
        sorted(env.toc_secnumbers.items()),
        sorted(env.toc_fignumbers.items()),
    )
    return sorted(env.all_docs) if _changed(env, "survey_navigation", navigation) else []


def _executed_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "jupyter_execute"


def add_templates(app: Sphinx, config: Config) -> None:
    config.templates_path.insert(0, str(HERE / "templates"))


def offer_ipynb(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    if (_executed_dir(app) / f"{pagename}.ipynb").is_file():
        context["ipynb_source"] = f"{pagename}.ipynb"


def _name(asset: object) -> str:
    """The asset's file name, without the content hash some extensions add (``mystnb.<hash>.css``)."""
    name = Path(str(getattr(asset, "filename", "") or "")).name
    return re.sub(r"\.[0-9a-f]{32,}(?=\.\w+$)", "", name)


def _wanted(app: Sphinx, asset: object, body: str) -> bool:
    name, text = _name(asset), getattr(asset, "attributes", {}).get("body", "")
    if "thebe" in name or "THEBE_JS_URL" in text:
        return bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))
    marker = ONLY_WHERE.get(name)
    return marker is None or marker.search(body) is not None


def _deferred(asset: object) -> object:
    attributes = asset.attributes
    if not asset.filename or _name(asset) in SYNCHRONOUS or {"async", "defer"} & set(attributes):
        return asset
    return type(asset)(asset.filename, priority=asset.priority, **attributes, defer="defer")


def lean_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Keep only the assets this page uses, and defer its scripts (not on the search page, whose
    template loads Sphinx's search scripts synchronously after them)."""
    body = context.get("body", "")
    scripts = [js for js in context.get("script_files", []) if _wanted(app, js, body)]
    if pagename != "search":
        scripts = [_deferred(js) for js in scripts]
    context["script_files"][:] = scripts
    context["css_files"][:] = [
        css for css in context.get("css_files", []) if _wanted(app, css, body)
    ]


def accessible_bibliography(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Bibliography entries are items of their list: docutils marks them ``doc-biblioentry``, a
    role that ARIA deprecated and that a ``list`` may not hold (Lighthouse's accessibility 93)."""
    if 'role="doc-biblioentry"' in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def chart_data_files(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Move each chart's JSON out of the page into its own file (``renderer.move_chart_data``)."""
    body, files = move_chart_data(context.get("body", ""))
    context["body"] = body
    for path, payload in files.items():
        target = Path(app.outdir) / path
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(payload, encoding="utf-8")


def prune_chart_data(site: Path) -> None:
    """Delete the chart files no page names any more (an edited chart gets a new name)."""
    named = {
        name
        for page in site.rglob("*.html")
        for name in CHART_SOURCE.findall(page.read_text(encoding="utf-8"))
    }
    for path in (site / CHART_DATA).glob("*.json"):
        if path.relative_to(site).as_posix() not in named:
            path.unlink()


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    target = static / "plotly.min.js"
    if not target.is_file() or target.read_bytes() != PLOTLY_JS.read_bytes():
        shutil.copyfile(PLOTLY_JS, target)
    write_if_changed(static / "scripts" / "fontawesome.js", FONTAWESOME_STUB)
    cache = Path(app.outdir).parent / ".stylesheets"
    before, after = purge_stylesheet(
        THEME_STATIC / THEME_CSS, static / THEME_CSS, Path(app.outdir), cache
    )
    LOGGER.info(
        f"theme stylesheet cut to the rules the site uses: {before // 1000} KB -> {after // 1000} KB"
    )
    sizes = subset_fonts(THEME_FONTS, Path(app.outdir)).values()
    before, after = (sum(size) // 1000 for size in zip(*sizes, strict=True))
    LOGGER.info(f"icon fonts cut to the icons the site uses: {before} KB -> {after} KB")
    prune_chart_data(Path(app.outdir))
    sources = Path(app.outdir) / "_sources"
    for notebook in _executed_dir(app).rglob("*.ipynb"):
        destination = sources / notebook.relative_to(_executed_dir(app))
        destination.parent.mkdir(parents=True, exist_ok=True)
        executed = nbformat.read(notebook, as_version=4)
        nbformat.write(with_setup_cell(executed, repository_url(Path(app.confdir))), destination)


def setup(app: Sphinx) -> dict:
    keep_cached_outputs()
    name_the_chapter()
    app.connect("config-inited", add_templates)
    app.connect("env-updated", rewrite_citing_pages, priority=900)  # after sphinxcontrib-bibtex
    # after Sphinx's toctree collector (priority 500) has numbered sections and figures
    app.connect("env-get-updated", rewrite_all_when_navigation_changes, priority=900)
    app.connect("html-page-context", offer_ipynb, priority=400)
    app.connect("html-page-context", chart_data_files, priority=800)
    app.connect("html-page-context", accessible_bibliography, priority=800)
    app.connect("html-page-context", lean_assets, priority=900)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
