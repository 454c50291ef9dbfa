"""Debian's Chromium, which the browser tests and ``make bench`` drive (never a downloaded one)."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [  # headless in a container: no sandbox, no GPU, no network of its own
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def reveal_chart(chart: object) -> None:
    """Bring one chart of a page (a Playwright locator) to life as a reader would: scroll to it,
    and point at it if it is drawn only on interaction (``data-facade``, the map page)."""
    chart.scroll_into_view_if_needed()
    if chart.get_attribute("data-facade"):
        chart.hover()
