"""The PDF edition's rows of ``make bench``: what ``make pdf`` adds to a built site, and the file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from common import Row
from pypdf import PdfReader

from alignment_survey.files import layout


def pdf_rows(book: Path) -> list[Row]:
    """Print the PDF of ``book`` (a copy whose site is built); its build time, size and pages."""
    env = {**os.environ, "PYTHONPATH": str(book / "src")}
    command = [sys.executable, str(book / "scripts" / "build_pdf.py")]
    started = time.perf_counter()
    subprocess.run(command, cwd=book, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    pdf = book / layout.PDF
    pages = len(PdfReader(pdf).pages)
    return [
        Row("PDF edition: printed from the built site", f"{seconds:.0f} s"),
        Row("PDF edition: file", f"{pdf.stat().st_size / 1e6:.1f} MB, {pages} pages"),
    ]
