"""What chapters call: load the dataset, and show figures both in the book and in a notebook."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alignment_survey.book.renderer import BookFigure, building_book, use_book_renderer
from alignment_survey.data.load import Dataset, load_dataset


def setup(data_dir: Path | str | None = None) -> Dataset:
    """Load the validated dataset and choose the plotly renderer for the book build or a notebook."""
    use_book_renderer()
    return load_dataset(data_dir)


def glue(name: str, value: object, display: bool = False) -> None:
    """Glue a value for ``{glue:text}`` in the book; elsewhere (Colab, JupyterLab) do nothing.

    Glued values only matter to the book build, so a notebook run outside it needs no myst-nb.
    """
    if building_book():
        from myst_nb import glue as myst_glue

        myst_glue(name, value, display=display)


def glue_figure(name: str, fig: object) -> None:
    """Glue a plotly figure under ``name`` for a ``{glue:figure}`` in the book; elsewhere show it."""
    from IPython.display import display

    if building_book():
        glue(name, BookFigure(fig), display=True)
    else:
        display(fig)


def glue_facts(facts: object) -> None:
    """Glue every field of a chapter's facts (a dataclass from :mod:`alignment_survey.book.facts`).

    Each field is glued under its own name, so the prose writes ``{glue:text}`papers_total```.
    """
    if not dataclasses.is_dataclass(facts):
        raise TypeError(
            f"glue_facts() takes a chapter's facts dataclass, not {type(facts).__name__}"
        )
    for field in dataclasses.fields(facts):
        glue(field.name, getattr(facts, field.name))
