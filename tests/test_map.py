"""The map of the field, related papers and the curator's assistant: offline, deterministic, cached."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import numpy as np
import pytest

from alignment_survey.analysis import embeddings, projection
from alignment_survey.analysis.embeddings import embed, nearest, neighbour_agreement, paper_texts
from alignment_survey.analysis.projection import map_coordinates
from alignment_survey.analysis.suggest import leave_one_out, suggest
from alignment_survey.book.related import related_lists, related_outputs
from alignment_survey.charts.map import field_map
from alignment_survey.files import layout
from tests.helpers import ROOT


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a connection fails, and is recorded."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] or kwargs)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_embedding_model_loads_and_embeds_with_the_network_blocked(no_network, tmp_path):
    embeddings.model.cache_clear()  # load it again, here, with every connection refused
    try:
        vectors = embed(["Debate helps weak judges", "AI safety via debate", "Llama 2 weights"])
    finally:
        embeddings.model.cache_clear()
    assert vectors.shape == (3, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # debate is nearer debate
    assert no_network == []


def test_a_fresh_process_builds_the_map_behind_a_dead_proxy(small_data, tmp_path):
    """No connection at all: every proxy points at a closed local port, and the map still draws."""
    code = (
        "from pathlib import Path\n"
        "from alignment_survey.data.load import load_dataset\n"
        "from alignment_survey.analysis.projection import map_coordinates\n"
        f"d = load_dataset(Path({str(small_data)!r}))\n"
        f"print(len(map_coordinates(d.papers, d.taxonomy, Path({str(tmp_path)!r}))))\n"
    )
    dead = "http://127.0.0.1:9"
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT / "src"),
        "HOME": str(tmp_path),
        **{name: dead for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")},
        "HF_HUB_OFFLINE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) >= 5
    assert not (tmp_path / ".cache").exists()  # nothing was downloaded into a cache


def test_nearest_leaves_each_paper_out_of_its_own_neighbours():
    vectors = embeddings._unit(np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], np.float32))
    indices, scores = nearest(vectors, 1)
    assert indices[:, 0].tolist() == [1, 0, 3, 2]
    assert np.all(scores[:, 0] > 0.9)
    query_indices, _ = nearest(vectors, 2, queries=vectors[:1])
    assert query_indices[0].tolist() == [0, 1]  # a query is not one of the rows: nothing left out


def test_neighbour_agreement_counts_papers_and_neighbours():
    vectors = embeddings._unit(np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], np.float32))
    assert neighbour_agreement(vectors, [["a"], ["a"], ["b"], ["b"]], k=1) == (1.0, 1.0)
    assert neighbour_agreement(vectors, [["a"], ["b"], ["b"], ["b"]], k=1) == (0.5, 0.5)


@pytest.fixture(scope="module")
def coordinates(dataset, tmp_path_factory):
    """The real dataset's map, computed once for this module (in a cache of its own)."""
    return map_coordinates(dataset.papers, dataset.taxonomy, tmp_path_factory.mktemp("map-cache"))


def test_the_layout_is_cached_by_content_and_the_same_input_gives_the_same_map(dataset, tmp_path):
    some = dataset.papers.head(60)
    first = map_coordinates(some, dataset.taxonomy, tmp_path)
    (cached,) = tmp_path.glob("layout-*.json")
    stamp = cached.stat().st_mtime_ns
    again = map_coordinates(some.sample(frac=1, random_state=1), dataset.taxonomy, tmp_path)
    assert again.equals(first)  # read back, whatever the order of the papers
    assert cached.stat().st_mtime_ns == stamp  # reused, not recomputed
    fresh = map_coordinates(some, dataset.taxonomy, None)
    assert fresh.equals(first)  # recomputed without a cache: the very same map
    assert sorted(first["key"]) == sorted(some["key"])
    changed = some.assign(title=some["title"].str.upper())
    map_coordinates(changed, dataset.taxonomy, tmp_path)
    assert len(list(tmp_path.glob("layout-*.json"))) == 2  # new content, new layout


def test_the_map_uses_the_embedding_whose_neighbours_agree_more(dataset):
    texts = paper_texts(dataset.papers, dataset.taxonomy)
    branches = list(dataset.papers["branches"])
    scores = {
        "wordllama": neighbour_agreement(embed(texts), branches),
        "TF-IDF + SVD": neighbour_agreement(embeddings.tfidf_svd(texts), branches),
    }
    name, vectors = embeddings.map_vectors(dataset.papers, dataset.taxonomy)
    assert scores[name] == max(scores.values()) and vectors.shape[0] == len(dataset.papers)


def test_the_cache_lives_under_build():
    assert layout.map_cache(ROOT / "data") == ROOT / "_build" / ".map-cache"
    assert layout.MAP_CACHE.parts[0] == "_build"


def test_a_tiny_dataset_still_gets_a_map():
    vectors = embed(["one", "two", "three"])
    assert projection.project(vectors).shape == (3, 2)
    assert projection.project(vectors[:0]).shape == (0, 2)


def test_the_map_has_one_point_per_paper_a_key_each_and_three_colourings(dataset, coordinates):
    fig = field_map(dataset.papers, dataset.taxonomy, dataset.topics, coordinates)
    points = fig.data[0]
    assert len(points.x) == len(dataset.papers)
    assert sorted(row[0] for row in points.customdata) == sorted(dataset.papers["key"])
    (menu,) = fig.layout.updatemenus
    assert [button.label for button in menu.buttons] == ["Branch", "Year", "Topic"]
    for button in menu.buttons:
        restyle = button.args[0]
        assert len(restyle["marker.color"][0]) == len(dataset.papers)
        assert len(restyle["visible"]) == len(fig.data) and restyle["visible"][0] is True
    row = next(row for row in points.customdata if row[0] == "irving2018ai")
    assert row[1:] == ["AI safety via debate", "Geoffrey Irving et al.", 2018]
    assert "customdata[1]" in points.hovertemplate
    assert "a click opens the paper" in fig.layout.meta["alt"]


def test_a_chapter_map_draws_a_fixed_sample(dataset, coordinates):
    fig = field_map(dataset.papers, dataset.taxonomy, dataset.topics, coordinates, max_points=50)
    assert len(fig.data[0].x) == 50
    assert f"a sample of 50 of {len(dataset.papers)}" in fig.layout.meta["alt"]
    again = field_map(dataset.papers, dataset.taxonomy, dataset.topics, coordinates, max_points=50)
    assert [r[0] for r in again.data[0].customdata] == [r[0] for r in fig.data[0].customdata]


def test_map_hover_text_is_escaped(dataset, coordinates):
    papers = dataset.papers.copy()
    papers.loc[0, "title"] = "<script>alert(1)</script>"
    fig = field_map(papers, dataset.taxonomy, dataset.topics, coordinates)
    assert not any("<script>" in row[1] for row in fig.data[0].customdata)
    assert any(row[1] == "&lt;script&gt;alert(1)&lt;/script&gt;" for row in fig.data[0].customdata)


def test_related_papers_are_five_others_most_similar_first(dataset):
    related = related_lists(dataset)
    assert set(related) == set(dataset.papers["key"])
    for key, others in related.items():
        assert len(others) == 5 and key not in {other["key"] for other in others}
        similarities = [other["similarity"] for other in others]
        assert similarities == sorted(similarities, reverse=True)
    debate = {other["key"] for other in related["irving2018ai"]}
    debate_titles = dataset.papers.set_index("key").loc[list(debate), "title"].str.lower()
    assert debate_titles.str.contains("debat").sum() >= 3


def test_related_files_cover_every_letter_and_every_paper_once(dataset):
    outputs = related_outputs(dataset)
    assert len(outputs) == 26
    assert all(path.parent == layout.RELATED for path in outputs)
    keys = [key for text in outputs.values() for key in json.loads(text)]
    assert sorted(keys) == sorted(dataset.papers["key"])


def test_suggest_proposes_three_nodes_with_their_voters(dataset):
    proposals = suggest(dataset, "Debate helps weak judges find the truth")
    assert len(proposals) == 3
    assert any(item.node.endswith("debate") for item in proposals)
    weights = [item.weight for item in proposals]
    assert weights == sorted(weights, reverse=True)
    keys = set(dataset.papers["key"])
    assert all(item.voters and {key for key, _ in item.voters} <= keys for item in proposals)
    assert all(" › " in item.path or item.path for item in proposals)


def test_leave_one_out_never_lets_a_paper_vote_for_itself(dataset):
    """Twins vote for each other (two hits); the odd one out only has the twins to ask (a miss).
    Were a paper its own voter, all three would hit."""
    three = dataset.papers.head(3).copy()
    three["title"] = ["Debate with weak judges", "Debate with weak judges", "Open weights of Llama"]
    three["taxonomy"] = [["surveys"], ["surveys"], ["adjacent"]]
    three["branches"] = [["surveys"], ["surveys"], ["adjacent"]]
    assert leave_one_out(three, dataset.taxonomy, voters=1, top=1) == pytest.approx(2 / 3)


def test_papers_suggest_works_offline_from_the_command_line(small_data):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "papers.py"),
            "suggest",
            "Weak-to-strong judges",
            "--data",
            str(small_data),
        ],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "src"),
            "HTTPS_PROXY": "http://127.0.0.1:9",
            "HTTP_PROXY": "http://127.0.0.1:9",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "suggested taxonomy nodes for: Weak-to-strong judges"
    assert [line[:2] for line in lines if line[:1].isdigit()] == ["1.", "2.", "3."]
    assert all("voted by" in line for line in lines if line.startswith("   "))


def test_papers_suggest_refuses_an_empty_title(small_data, capsys):
    from alignment_survey.cli import main

    assert main(["suggest", "  ", "--data", str(small_data)]) == 2
    assert "a title is empty" in capsys.readouterr().err
