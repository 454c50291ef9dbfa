"""Rerunning the book: executed .ipynb downloads, launch notebooks and buttons, `make lab`."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from alignment_survey.book.launch import (
    LAUNCH_BRANCH,
    launch_notebook,
    launch_urls,
    notebook_pages,
    repository_url,
    setup_cell,
    write_launch_notebooks,
)

ROOT = Path(__file__).resolve().parents[1]
PAGES = [page.relative_to(ROOT).with_suffix("").as_posix() for page in notebook_pages(ROOT)]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def first_code_cell(notebook: nbformat.NotebookNode) -> str:
    return next(cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_pages_follow_the_toc():
    assert "chapters/introduction" in PAGES and "dataset" in PAGES
    assert "explorer" not in PAGES and "references" not in PAGES  # plain pages: no launch buttons


@pytest.mark.parametrize("page", PAGES)
def test_launch_notebooks_first_code_cell_finds_or_installs_the_package(page, tmp_path):
    """On Colab or a bare kernel the first cell fetches code and data; elsewhere it only imports."""
    notebook = launch_notebook(ROOT / f"{page}.md", repository_url(ROOT))
    source = first_code_cell(notebook)
    assert "import alignment_survey" in source
    assert "except ModuleNotFoundError:" in source
    assert f"git clone -q --depth 1 {repository_url(ROOT)}.git" in source
    assert "pip install" in source and "SURVEY_DATA_DIR" in source


def test_pages_do_not_carry_the_setup_cell():
    """It is generated into the launch and download copies (one source), never copied by hand."""
    for page in PAGES:
        assert "git clone" not in (ROOT / f"{page}.md").read_text(encoding="utf-8"), page


def test_launch_notebooks_are_the_pages_without_outputs(tmp_path):
    written = write_launch_notebooks(ROOT, tmp_path, "https://example.org/book/")
    assert sorted(p.relative_to(tmp_path).with_suffix("").as_posix() for p in written) == sorted(
        PAGES
    )
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        page = path.relative_to(tmp_path).with_suffix("")
        source = jupytext.read(ROOT / page.with_suffix(".md"))
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        assert code[0] == setup_cell(repository_url(ROOT)).source  # generated, then the page's own
        assert code[1:] == [c.source for c in source.cells if c.cell_type == "code"]
        assert all(
            not c.outputs and c.execution_count is None
            for c in notebook.cells
            if c.cell_type == "code"
        )
        assert f"(https://example.org/book/{page.as_posix()}.html)" in notebook.cells[0].source
        assert (
            "jupytext" not in notebook.metadata and notebook.metadata.kernelspec.name == "python3"
        )


def test_notebooks_script_writes_beside_the_pages(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "notebooks.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "chapters" / "introduction.ipynb").is_file()
    assert result.stdout.count("wrote ") == len(PAGES)


def test_launch_urls():
    urls = launch_urls(
        "https://github.com/org/book.git",
        "notebooks",
        "chapters/a.ipynb",
        "https://mybinder.org/",
        "https://colab.research.google.com",
    )
    assert urls == {
        "Binder": "https://mybinder.org/v2/gh/org/book/notebooks?urlpath=lab/tree/chapters/a.ipynb",
        "Colab": "https://colab.research.google.com/github/org/book/blob/notebooks/chapters/a.ipynb",
    }


def test_binder_environment_installs_the_locked_stack_and_the_package():
    requirements = (ROOT / "binder" / "requirements.txt").read_text().split("\n")
    assert "-r ../requirements.lock" in requirements and (ROOT / "requirements.lock").is_file()
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime) and runtime.endswith("3.11")
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install --no-cache-dir --no-deps -e ." in post_build.read_text()


# --- the built site ------------------------------------------------------------------------------


def launch_links(html: str) -> dict[str, str]:
    links = {}
    for href in re.findall(r'href="([^"]+)"', html):
        href = unescape(href)
        if href.startswith("https://mybinder.org/"):
            links["Binder"] = href
        elif href.startswith("https://colab.research.google.com/"):
            links["Colab"] = href
    return links


@pytest.mark.parametrize("page", PAGES)
def test_page_offers_its_executed_notebook(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    depth = page.count("/")
    assert f'href="{"../" * depth}_sources/{page}.ipynb"' in html
    notebook = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    nbformat.validate(notebook)
    source = jupytext.read(ROOT / f"{page}.md")
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert code[0] == setup_cell(repository_url(ROOT)).source  # generated for Colab and Binder
    assert code[1:] == [c.source for c in source.cells if c.cell_type == "code"]
    # executed: every cell of the page ran (a page of glued values alone keeps no outputs, since
    # myst-nb drops those of removed cells once it has read their values)
    assert all(
        c.execution_count for c in notebook.cells if c.cell_type == "code" and c.source != code[0]
    ), "executed"


@pytest.mark.parametrize("page", PAGES)
def test_launch_buttons_open_the_ipynb_on_the_notebooks_branch(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    expected = launch_urls(
        CONFIG["repository"]["url"],
        LAUNCH_BRANCH,
        f"{page}.ipynb",
        CONFIG["launch_buttons"]["binderhub_url"],
        CONFIG["launch_buttons"]["colab_url"],
    )
    assert launch_links(html) == expected
    assert CONFIG["sphinx"]["config"]["survey_launch_branch"] == LAUNCH_BRANCH


@pytest.fixture(scope="module")
def executed_notebooks(site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rerun")
    shutil.copytree(
        site / "_sources",
        folder,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("*.md", "*.txt"),
    )
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_downloaded_notebook_reruns(executed_notebooks, page, monkeypatch):
    """The .ipynb a reader downloads runs top to bottom in the project's environment."""
    monkeypatch.setenv("SURVEY_DATA_DIR", str(ROOT / "data"))
    monkeypatch.delenv("SURVEY_BOOK_BUILD", raising=False)
    path = executed_notebooks / f"{page}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


# --- `make lab` -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_lab_opens_chapters_as_notebooks_and_saves_them_back_unchanged(tmp_path):
    """JupyterLab as `make lab` starts it: a .md opens as a notebook and saves back unchanged."""
    chapters = tmp_path / "chapters"
    shutil.copytree(ROOT / "chapters", chapters)
    port, token = free_port(), "test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(ROOT / ".jupyter"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "SURVEY_DATA_DIR": str(ROOT / "data"),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jupyter")),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={chapters}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )

    def call(method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    try:
        for _ in range(120):
            assert server.poll() is None, server.stderr.read()[-3000:]
            try:
                call("GET", "/api/status")
                break
            except OSError:
                time.sleep(0.5)
        viewers = call("GET", "/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
        assert (
            viewers["schema"]["properties"]["defaultViewers"]["default"]["markdown"]
            == "Jupytext Notebook"
        )
        before = (chapters / "introduction.md").read_text(encoding="utf-8")
        model = call("GET", "/api/contents/introduction.md?type=notebook&content=1")
        assert model["type"] == "notebook"
        notebook = model["content"]
        assert any(cell["cell_type"] == "code" for cell in notebook["cells"])
        for cell in notebook[
            "cells"
        ]:  # what a run in JupyterLab adds; none of it belongs in the .md
            cell["metadata"]["collapsed"] = False
            if cell["cell_type"] == "code":
                cell["execution_count"] = 1
                cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
        call(
            "PUT",
            "/api/contents/introduction.md",
            {"type": "notebook", "format": "json", "content": notebook},
        )
        assert (chapters / "introduction.md").read_text(encoding="utf-8") == before
        assert not list(chapters.glob("*.ipynb"))
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- a fresh kernel, as on Colab (opt-in: it installs the package's dependencies from PyPI) ---


@pytest.mark.skipif(
    not os.environ.get("SURVEY_TEST_FRESH_KERNEL"),
    reason="set SURVEY_TEST_FRESH_KERNEL=1 to run a launch notebook in a fresh venv",
)
def test_launch_notebook_runs_in_a_fresh_environment(tmp_path, monkeypatch):
    """The first cell clones the repository (here: this checkout's HEAD), installs the package."""
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "ipykernel"], check=True)
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(ROOT), str(tmp_path / "origin.git")], check=True
    )
    kernel = tmp_path / "kernels" / "fresh"
    kernel.mkdir(parents=True)
    url = re.search(
        r"git clone -q --depth 1 (\S+)",
        first_code_cell(
            launch_notebook(ROOT / "chapters" / "introduction.md", repository_url(ROOT))
        ),
    )
    (kernel / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "fresh",
                "language": "python",
                "env": {
                    "GIT_CONFIG_COUNT": "1",
                    "GIT_CONFIG_KEY_0": f"url.{tmp_path / 'origin.git'}.insteadOf",
                    "GIT_CONFIG_VALUE_0": url.group(1),
                    "PATH": f"{python.parent}:{os.environ['PATH']}",
                },
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.delenv("SURVEY_DATA_DIR", raising=False)
    (path,) = [
        p for p in write_launch_notebooks(ROOT, tmp_path / "run") if p.stem == "introduction"
    ]
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=900,
        kernel_name="fresh",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
