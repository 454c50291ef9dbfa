"""Launch notebooks: each notebook page of the book as a plain ``.ipynb`` for Binder and Colab.

Chapters are MyST Markdown notebooks, which Jupyter Book 1's launch buttons link as ``.md``:
Colab cannot open that. So CI converts every notebook page to ``<page>.ipynb`` (no outputs; its
first code cell installs the package and data where they are missing) and publishes them on the
``notebooks`` branch, beside a copy of the repository (Binder builds its image from ``binder/``
there). The book's launch buttons point at those files (``_ext/survey_launch.py``).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml

from alignment_survey.book import toc

LAUNCH_BRANCH = "notebooks"


def front_matter(path: Path) -> dict:
    """The YAML front matter of a Markdown file ({} when it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    if end < 0:
        return {}
    return yaml.safe_load(text[4:end]) or {}


def notebook_pages(root: Path) -> list[Path]:
    """The book's pages, in table-of-contents order, that are MyST notebooks (have a kernelspec)."""
    pages = [root / f"{name}.md" for name in toc.documents(root)]
    return [page for page in pages if page.is_file() and "kernelspec" in front_matter(page)]


def launch_notebook(page: Path, page_url: str | None = None) -> nbformat.NotebookNode:
    """The page as a notebook without outputs, opening with a note that links its rendered page."""
    import jupytext

    notebook = jupytext.read(page)
    notebook.metadata.pop("jupytext", None)  # a plain notebook: nothing to pair with
    where = f"[rendered page]({page_url})" if page_url else "rendered page in the book"
    notebook.cells.insert(
        0,
        nbformat.v4.new_markdown_cell(
            f"*This notebook is a page of the survey book, opened to be run; its {where} shows "
            "the figures and citations. Run all cells: the first code cell installs the book's "
            "package and data if they are missing (on Colab), then every chart is recomputed "
            "from the dataset.*"
        ),
    )
    return notebook


def write_launch_notebooks(root: Path, out: Path, site_url: str | None = None) -> list[Path]:
    """Write ``<out>/<page>.ipynb`` for every notebook page; return the paths written."""
    written = []
    for page in notebook_pages(root):
        relative = page.relative_to(root).with_suffix(".ipynb")
        page_url = (
            f"{site_url.rstrip('/')}/{relative.with_suffix('.html').as_posix()}"
            if site_url
            else None
        )
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(launch_notebook(page, page_url), target)
        written.append(target)
    return written


def launch_urls(
    repository_url: str, branch: str, notebook: str, binderhub_url: str = "", colab_url: str = ""
) -> dict[str, str]:
    """Binder and Colab addresses opening ``notebook`` (a path in the repository) on ``branch``."""
    owner_repo = repository_url.rstrip("/").removesuffix(".git").split("github.com/")[-1]
    urls = {}
    if binderhub_url:
        urls["Binder"] = (
            f"{binderhub_url.rstrip('/')}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{notebook}"
        )
    if colab_url:
        urls["Colab"] = f"{colab_url.rstrip('/')}/github/{owner_repo}/blob/{branch}/{notebook}"
    return urls
