"""Create a new chapter from the book's template and list it in ``_toc.yml``."""

from __future__ import annotations

import re
from pathlib import Path

from alignment_survey.book import toc
from alignment_survey.data.keys import ascii_letters
from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic

# The front matter that makes a MyST Markdown file a notebook Jupyter Book executes (jupytext's).
FRONT_MATTER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

TEMPLATE = (
    FRONT_MATTER.replace("{", "{{").replace("}", "}}")
    + """
(ch-{slug})=
# {title}

## Overview

<!-- One paragraph: what this chapter is about and why it matters. Then the goals, one per section. -->

1. What the approaches are.
2. What the evidence shows.

## Prerequisites

| Concept | Importance | Notes |
| --- | --- | --- |
| {{doc}}`introduction` | Helpful | How the book and its dataset are organised |

**Time to read:** 10 minutes.

```{{code-cell}} ipython3
:tags: [remove-cell]

from alignment_survey import charts
from alignment_survey.analysis.selection import papers_in
from alignment_survey.book.chapter import glue, glue_figure, setup
```

```{{code-cell}} ipython3
:tags: [remove-cell]

survey = setup()
papers = papers_in(survey.papers, survey.taxonomy, topic="{topic}")
glue("{prefix}_n_papers", len(papers))
```

<!-- As the chapter grows, move what it states from the data into a facts module
(src/alignment_survey/book/facts/<chapter>.py, see the other chapters) and glue it with
glue_facts(); a sentence no number carries is guarded there with claim(). -->

## The literature at a glance

{{glue:text}}`{prefix}_n_papers` papers of the book are on this topic. {{numref}}`fig-{slug}-taxonomy`
shows where they sit in the taxonomy and {{numref}}`fig-{slug}-timeline` when they appeared.

```{{code-cell}} ipython3
:tags: [hide-input, remove-output]

glue_figure("{prefix}_taxonomy", charts.taxonomy_sunburst(papers, survey.taxonomy, title={sunburst_title}))
```

```{{code-cell}} ipython3
:tags: [hide-input, remove-output]

glue_figure("{prefix}_timeline", charts.timeline(papers, survey.taxonomy, title={timeline_title}))
```

```{{glue:figure}} {prefix}_taxonomy
:name: fig-{slug}-taxonomy

Papers on this topic by taxonomy node, sized by the number of papers on each node. Click a
sector to drill down; click the centre to go back.
```

```{{glue:figure}} {prefix}_timeline
:name: fig-{slug}-timeline

Papers on this topic per quarter, stacked by the branch of their first taxonomy node, with the
running total. Hover over a point to see a paper's title.
```

## Approaches

<!-- Write in your own words. Cite every paper you mention by its dataset key, e.g. {{cite:p}}`{example_key}`,
and compute every number with glue. -->
{{cite:t}}`{example_key}` is one of the papers of this topic.

<!-- At most one sentence in the whole chapter on the limits of the data, linking
{{doc}}`../dataset`, which holds all provenance and gap accounting. -->

## Summary

:::{{admonition}} Key takeaways
:class: tip

- <!-- two to four takeaways -->
:::

**What next:** <!-- link the related chapters with {{doc}} -->
"""
)


def slugify(title: str) -> str:
    words = [ascii_letters(word) for word in re.split(r"\s+", title)]
    return "_".join(word for word in words if word)[:48] or "chapter"


def new_chapter(root: Path, title: str, topic: str, example_key: str) -> Path:
    """Write ``chapters/<slug>.md`` and append it to the first part of ``_toc.yml``."""
    slug = slugify(title)
    path = root / layout.CHAPTERS / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path}: a chapter with this name exists already")
    text = TEMPLATE.format(
        title=title,
        slug=slug.replace("_", "-"),
        prefix=slug,
        topic=topic,
        example_key=example_key,
        sunburst_title=repr(f"{title}: papers by taxonomy node"),
        timeline_title=repr(f"{title}: papers per quarter"),
    )
    toc_text = toc.append_chapter(root, f"{layout.CHAPTERS.as_posix()}/{slug}")
    write_text_atomic(path, text)
    toc.write_toc(root, toc_text)
    return path
