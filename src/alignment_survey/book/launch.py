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
from alignment_survey.files import layout

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


# The first code cell of every notebook a reader runs outside a clone (launch and download copies):
# in the book build, a clone or Binder it only imports; on Colab or a bare kernel it fetches the
# book's code and data once. The pages themselves never carry it, so it is written once, here.
SETUP_SOURCE = """\
# Runs as it is in a clone (`make lab`) and on Binder, where the package is installed. On Colab or a
# bare kernel it fetches the book's code and data once, then goes on.
try:
    import alignment_survey  # noqa: F401
except ModuleNotFoundError:
    !git clone -q --depth 1 {repository}.git
    %pip install -q ./{name}
    %env SURVEY_DATA_DIR={name}/data"""


def repository_url(root: Path) -> str:
    """The book's repository, as ``_config.yml`` names it (``repository.url``)."""
    config = yaml.safe_load((root / layout.CONFIG).read_text(encoding="utf-8"))
    return str(config["repository"]["url"]).rstrip("/")


def setup_cell(repository: str) -> nbformat.NotebookNode:
    """The code cell that finds or installs the package and data (see :data:`SETUP_SOURCE`)."""
    name = repository.rstrip("/").rsplit("/", 1)[-1]
    source = SETUP_SOURCE.format(repository=repository.rstrip("/"), name=name)
    return nbformat.v4.new_code_cell(source, metadata={"tags": ["remove-cell"]})


def with_setup_cell(notebook: nbformat.NotebookNode, repository: str) -> nbformat.NotebookNode:
    """``notebook`` with the set-up cell before its first code cell (once)."""
    first = next(
        (i for i, c in enumerate(notebook.cells) if c.cell_type == "code"), len(notebook.cells)
    )
    if (
        first < len(notebook.cells)
        and "import alignment_survey  # noqa" in notebook.cells[first].source
    ):
        return notebook
    notebook.cells.insert(first, setup_cell(repository))
    return notebook


def launch_notebook(
    page: Path, repository: str, page_url: str | None = None
) -> nbformat.NotebookNode:
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
    return with_setup_cell(notebook, repository)


def write_launch_notebooks(root: Path, out: Path, site_url: str | None = None) -> list[Path]:
    """Write ``<out>/<page>.ipynb`` for every notebook page; return the paths written."""
    written = []
    repository = repository_url(root)
    for page in notebook_pages(root):
        relative = page.relative_to(root).with_suffix(".ipynb")
        page_url = (
            f"{site_url.rstrip('/')}/{relative.with_suffix('.html').as_posix()}"
            if site_url
            else None
        )
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(launch_notebook(page, repository, page_url), target)
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
