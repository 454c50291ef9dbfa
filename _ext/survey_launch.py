"""Launch buttons that open a runnable ``.ipynb`` instead of the chapter's ``.md`` source.

Jupyter Book 1 points the Binder and Colab buttons at the page's source file; for a MyST Markdown
notebook that is a ``.md``, which Colab cannot open. When ``survey_launch_branch`` is set, both
buttons open ``<page>.ipynb`` on that branch, where CI publishes the notebooks written by
``scripts/notebooks.py`` (see :mod:`alignment_survey.book.launch`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from alignment_survey.book.launch import launch_urls


def retarget_launch_buttons(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    branch = app.config.survey_launch_branch
    groups = [g for g in context.get("header_buttons", []) if g.get("label") == "launch-buttons"]
    if not branch or not groups:
        return
    options = app.config.html_theme_options
    launch = options.get("launch_buttons", {})
    prefix = options.get("path_to_docs", "").strip("/")
    notebook = f"{prefix}/{pagename}.ipynb" if prefix else f"{pagename}.ipynb"
    urls = launch_urls(
        options.get("repository_url", ""),
        branch,
        notebook,
        launch.get("binderhub_url", ""),
        launch.get("colab_url", ""),
    )
    for group in groups:
        for button in group["buttons"]:
            button["url"] = urls.get(button.get("text"), button.get("url"))


def setup(app: Sphinx) -> dict:
    app.add_config_value("survey_launch_branch", "", "html")
    # after sphinx-book-theme builds the buttons (priority 501), before the page is rendered
    app.connect("html-page-context", retarget_launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
