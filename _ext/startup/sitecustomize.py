"""Imported first by every Python process of a book build (``scripts/build_book.py`` puts this
folder on ``PYTHONPATH``): Jupyter Book and each chapter's kernel.

Those processes import ``nbformat``, hence ``jsonschema``, which imports ``rfc3987_syntax`` for
its IRI format checks; that module compiles 38 grammars on import, about 2.5 s of a process's
start (python-jsonschema/jsonschema#1428). Nothing in the build checks an IRI, so the build's
processes go without it; outside the build (JupyterLab, Colab) nothing changes.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # an import of it now raises ImportError
