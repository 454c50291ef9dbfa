"""Sphinx glue for the book (Jupyter Book 1): self-hosted plotly.js and executed-notebook downloads.

* plotly.js, taken from the installed plotly package, is copied once into ``_static/`` at the end
  of the build; ``survey-charts.js`` loads it only on pages with charts, when a chart nears view.
* Every executed chapter is offered as ``.ipynb``: the theme's download menu gets an ``.ipynb``
  entry and the executed notebooks are copied next to the page sources (myst-nb does not do this
  for text notebooks).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly
from sphinx.application import Sphinx

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _executed_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / "jupyter_execute"


def offer_ipynb(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    if (_executed_dir(app) / f"{pagename}.ipynb").is_file():
        context["ipynb_source"] = f"{pagename}.ipynb"


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    target = static / "plotly.min.js"
    if not target.is_file() or target.stat().st_size != PLOTLY_JS.stat().st_size:
        shutil.copyfile(PLOTLY_JS, target)
    sources = Path(app.outdir) / "_sources"
    for notebook in _executed_dir(app).rglob("*.ipynb"):
        destination = sources / notebook.relative_to(_executed_dir(app))
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, destination)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", offer_ipynb, priority=400)
    app.connect("build-finished", copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
