"""The paper explorer's data: a first page of rows, and every paper in columns.

The explorer page (``explorer.md``) stays the same size whatever the number of papers. Its script
fetches two generated files at once: ``explorer/head.json``, the filters' vocabularies and the
first rows in the table's default order (a few kilobytes, drawn as soon as they arrive), and
``explorer/papers.json``, every paper, column by column.

Why columns: at 50,000 papers, a list of rows repeats every field name or position and every
author, venue and URL prefix (12 MB, 2.0 MB gzipped), and the table could draw nothing before it
all arrived. In columns, values that repeat (author names, venues, URL prefixes, topics, taxonomy
nodes) are numbers into a list of distinct values, and like values sit together for gzip: 6.5 MB,
1.3 MB gzipped, read by a single ``JSON.parse``. Search needs no index: the script joins each
paper's searchable text once, and one pass over 50,000 strings takes milliseconds. Filters mean
what they mean in the chapters (:func:`alignment_survey.analysis.selection.papers_in`): a topic,
or a taxonomy node and every node below it.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from alignment_survey.data.load import Dataset
from alignment_survey.data.schema import ETAL
from alignment_survey.files import layout

FORMAT = 1
DATA_FILE = layout.EXPLORER / "papers.json"
HEAD_FILE = layout.EXPLORER / "head.json"
HEAD_ROWS = 25  # the table's first page
FIELDS = ("key", "title", "authors", "year", "venue", "url", "topics", "taxonomy")


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or pd.isna(value) else str(value)


def explorer_rows(papers: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict of :data:`FIELDS` per paper, newest first, then by title.

    An incomplete author list ends in "et al.".
    """
    order = papers.assign(_title=papers["title"].str.casefold()).sort_values(
        ["year", "_title", "key"], ascending=[False, True, True]
    )
    return [
        {
            "key": paper.key,
            "title": paper.title,
            "authors": ["et al." if name == ETAL else name for name in paper.authors],
            "year": int(paper.year),
            "venue": _text(paper.venue),
            "url": paper.url,
            "topics": list(paper.topics),
            "taxonomy": list(paper.taxonomy),
        }
        for paper in order.itertuples(index=False)
    ]


def vocabularies(dataset: Dataset) -> dict[str, list[dict]]:
    """The topics and the taxonomy's nodes (tree order, with parents and depths)."""
    return {
        "topics": [{"id": t.id, "label": t.label} for t in dataset.topics.itertuples(index=False)],
        "nodes": [
            {"id": n.id, "label": n.label, "parent": _text(n.parent), "depth": int(n.depth)}
            for n in dataset.taxonomy.itertuples(index=False)
        ],
    }


def encode(rows: list[dict[str, Any]], topics: list[dict], nodes: list[dict]) -> dict[str, Any]:
    """The explorer's document: vocabularies, lists of distinct values, and one list per field."""
    tables: dict[str, dict[str, int]] = {"names": {}, "venues": {}, "prefixes": {}}
    topic_at = {topic["id"]: index for index, topic in enumerate(topics)}
    node_at = {node["id"]: index for index, node in enumerate(nodes)}

    def number(table: str, value: str | None) -> int:
        return tables[table].setdefault(value, len(tables[table]))

    columns: dict[str, list] = {name: [] for name in (*FIELDS, "prefix")}
    for row in rows:
        cut = row["url"].rfind("/") + 1
        columns["key"].append(row["key"])
        columns["title"].append(row["title"])
        columns["authors"].append([number("names", name) for name in row["authors"]])
        columns["year"].append(row["year"])
        columns["venue"].append(number("venues", row["venue"]))
        columns["prefix"].append(number("prefixes", row["url"][:cut]))
        columns["url"].append(row["url"][cut:])
        columns["topics"].append([topic_at[topic] for topic in row["topics"]])
        columns["taxonomy"].append([node_at[node] for node in row["taxonomy"]])
    return {
        "format": FORMAT,
        "count": len(rows),
        "topics": topics,
        "nodes": nodes,
        **{table: list(values) for table, values in tables.items()},
        "papers": columns,
    }


def decode(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a document, as :func:`explorer_rows` gave them (what the page's script reads)."""
    papers, topics, nodes = document["papers"], document["topics"], document["nodes"]
    return [
        {
            "key": papers["key"][i],
            "title": papers["title"][i],
            "authors": [document["names"][n] for n in papers["authors"][i]],
            "year": papers["year"][i],
            "venue": document["venues"][papers["venue"][i]],
            "url": document["prefixes"][papers["prefix"][i]] + papers["url"][i],
            "topics": [topics[t]["id"] for t in papers["topics"][i]],
            "taxonomy": [nodes[n]["id"] for n in papers["taxonomy"][i]],
        }
        for i in range(len(papers["key"]))
    ]


def explorer_documents(rows: list[dict], topics: list[dict], nodes: list[dict]) -> dict[str, Any]:
    """Both files' documents by path: every paper, and the first page with the total count."""
    head = encode(rows[:HEAD_ROWS], topics, nodes) | {"count": len(rows)}
    return {DATA_FILE: encode(rows, topics, nodes), HEAD_FILE: head}


def explorer_files(dataset: Dataset) -> dict[Any, str]:
    """The explorer's generated files, relative to the book's root, with their compact JSON."""
    words = vocabularies(dataset)
    documents = explorer_documents(explorer_rows(dataset.papers), words["topics"], words["nodes"])
    return {path: to_json(document) for path, document in documents.items()}


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
