"""The self-hosted, reduced plotly.js: the file is the one recorded, and it draws every chart.

``_ext/plotly/bundle.json`` records the bundle's plotly.js version, trace types, size and SHA-256
(``scripts/plotly_bundle.py`` writes it). A chart whose trace type the bundle lacks would be blank
on the site, with no warning at build time: the book test below reads every chart of the built
site and checks its trace types against the bundle.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pytest
from plotly.offline import get_plotlyjs_version

from tests.helpers import ROOT

FOLDER = ROOT / "_ext" / "plotly"
MANIFEST = json.loads((FOLDER / "bundle.json").read_text(encoding="utf-8"))
BUNDLE = FOLDER / MANIFEST["file"]
CHART_SOURCE = re.compile(r'class="survey-chart"[^>]* data-src="([^"]+)"')


def test_the_bundle_is_the_file_recorded():
    data = BUNDLE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == MANIFEST["sha256"]
    assert len(data) == MANIFEST["bytes"]
    assert len(gzip.compress(data, mtime=0)) == pytest.approx(MANIFEST["gzip_bytes"], rel=0.02)


def test_the_bundle_is_the_plotly_js_that_plotly_py_ships():
    assert MANIFEST["plotly.js"] == get_plotlyjs_version()
    pinned = json.loads((FOLDER / "package.json").read_text(encoding="utf-8"))
    assert pinned["dependencies"]["plotly.js"] == get_plotlyjs_version()


@pytest.mark.book
def test_every_chart_of_the_site_uses_a_trace_type_the_bundle_draws(site):
    used: dict[str, str] = {}
    for page in site.rglob("*.html"):
        for source in CHART_SOURCE.findall(page.read_text(encoding="utf-8")):
            path = site / "_static" / source.split("_static/", 1)[1]  # relative to the page
            figure = json.loads(path.read_text(encoding="utf-8"))
            for trace in figure.get("data", []):
                used.setdefault(trace.get("type", "scatter"), str(page.relative_to(site)))
    assert used, "the site has no chart"
    missing = {kind: page for kind, page in used.items() if kind not in MANIFEST["traces"]}
    assert not missing, (
        f"trace types the bundle cannot draw (rebuild it with scripts/plotly_bundle.py --traces): {missing}"
    )
