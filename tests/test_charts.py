"""Charts: their traces and counts equal what the data says, and every chart is labelled."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from alignment_survey import charts
from alignment_survey.analysis.tree import node_counts
from alignment_survey.book.renderer import figure_html
from alignment_survey.charts.models import best_scores, score_gaps
from alignment_survey.charts.timeline import group_papers


def placements(papers: pd.DataFrame) -> pd.Series:
    return papers["taxonomy"].explode().value_counts()


def test_sunburst_sizes_are_the_papers_placed_on_each_node(dataset):
    fig = charts.taxonomy_sunburst(dataset.papers, dataset.taxonomy)
    trace = fig.data[0]
    sizes = dict(zip(trace.ids, trace.values, strict=True))
    expected = placements(dataset.papers)
    for node, count in expected.items():
        assert sizes[node] == count
    assert sum(sizes.values()) == expected.sum()


@pytest.mark.parametrize("root", [None, "scalable-oversight"])
def test_sunburst_sectors_sit_under_their_parent_node(dataset, root):
    fig = charts.taxonomy_sunburst(dataset.papers, dataset.taxonomy, root=root)
    trace = fig.data[0]
    parent = dataset.taxonomy.set_index("id")["parent"]
    for node, drawn_under in zip(trace.ids, trace.parents, strict=True):
        top = node == root or (root is None and pd.isna(parent[node]))
        assert drawn_under == ("" if top else parent[node]), node


def test_sunburst_hover_counts_distinct_papers_in_a_subtree(dataset):
    counts = node_counts(dataset.papers, dataset.taxonomy).set_index("id")
    in_branch = dataset.papers["branches"].map(lambda b: "scalable-oversight" in b).sum()
    assert counts.at["scalable-oversight", "papers"] == in_branch
    fig = charts.taxonomy_sunburst(dataset.papers, dataset.taxonomy, root="scalable-oversight")
    trace = fig.data[0]
    assert set(trace.ids) <= set(
        dataset.taxonomy.loc[dataset.taxonomy["root"] == "scalable-oversight", "id"]
    )
    hover = dict(zip(trace.ids, trace.hovertext, strict=True))["scalable-oversight"]
    assert f"{in_branch} papers" in hover
    assert trace.parents[list(trace.ids).index("scalable-oversight")] == ""


def test_timeline_bars_count_papers_dated_to_the_month(dataset):
    papers, taxonomy = dataset.papers, dataset.taxonomy
    fig = charts.timeline(papers, taxonomy)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == papers["month"].notna().sum()
    cumulative = next(t for t in fig.data if t.name == "cumulative")
    assert cumulative.y[-1] == papers["month"].notna().sum()


def test_yearly_timeline_counts_every_paper_once(dataset):
    fig = charts.timeline(dataset.papers, dataset.taxonomy, freq="Y")
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(sum(t.y) for t in bars) == len(dataset.papers)
    per_group = {t.legendgroup: sum(t.y) for t in bars}
    expected = group_papers(dataset.papers, dataset.taxonomy)["group"].value_counts()
    assert per_group == expected.to_dict()


def test_timeline_points_are_papers_and_are_sampled_past_the_limit(dataset):
    scoped = charts.timeline(dataset.papers, dataset.taxonomy, root="scalable-oversight")
    points = [t for t in scoped.data if t.type == "scatter" and t.mode == "markers"]
    in_branch = dataset.papers["branches"].map(lambda b: "scalable-oversight" in b).sum()
    assert sum(len(t.x) for t in points) == in_branch
    assert set().union(*(set(t.customdata) for t in points)) <= set(dataset.papers["key"])
    sampled = charts.timeline(dataset.papers, dataset.taxonomy, max_points=50)
    assert sum(len(t.x) for t in sampled.data if t.type == "scatter" and t.mode == "markers") == 50


def test_model_releases_plot_every_model_once(dataset):
    fig = charts.model_releases(dataset.models)
    assert sum(len(t.x) for t in fig.data) == len(dataset.models)
    open_points = sum(len(t.x) for t in fig.data if t.legendgroup == "open weights")
    assert open_points == dataset.models["open_weights"].sum()
    assert fig.layout.yaxis.type == "log"


def test_benchmark_gap_has_one_panel_per_benchmark_with_the_best_scores(dataset):
    scores = dataset.scores
    fig = charts.benchmark_gap(scores)
    panels = score_gaps(scores)[["benchmark", "metric"]].drop_duplicates()
    assert len(fig.layout.annotations) == len(panels)
    arena = scores[(scores["benchmark"] == "Chatbot Arena") & scores["open_weights"].notna()]
    best = best_scores(scores)
    for (as_of, is_open), group in arena.groupby(["as_of", "open_weights"]):
        label = "open weights" if is_open else "proprietary"
        row = best[
            (best["benchmark"] == "Chatbot Arena")
            & (best["as_of"] == as_of)
            & (best["group"] == label)
        ]
        assert row["score"].item() == group["score"].max()


@pytest.mark.parametrize("name", ["taxonomy", "timeline", "models", "gap"])
def test_every_chart_has_title_axis_labels_and_alt_text(dataset, name):
    fig = {
        "taxonomy": lambda: charts.taxonomy_sunburst(dataset.papers, dataset.taxonomy),
        "timeline": lambda: charts.timeline(dataset.papers, dataset.taxonomy),
        "models": lambda: charts.model_releases(dataset.models),
        "gap": lambda: charts.benchmark_gap(dataset.scores),
    }[name]()
    assert fig.layout.title.text
    assert len(fig.layout.meta["alt"]) > 40
    if name in ("timeline", "models"):
        assert fig.layout.yaxis.title.text and (
            fig.layout.xaxis2.title.text or fig.layout.xaxis.title.text
        )
    html = figure_html(fig)
    assert 'role="img"' in html and "aria-label=" in html


def test_hover_text_escapes_markup_from_the_data(dataset):
    papers = dataset.papers.copy()
    papers.loc[papers.index[0], "title"] = "<img src=x onerror=alert(1)> & <b>"
    fig = charts.timeline(papers, dataset.taxonomy, max_points=len(papers))
    hovers = [h for t in fig.data if t.hovertext is not None for h in t.hovertext]
    assert any("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;" in h for h in hovers)
    html = figure_html(fig)
    assert "<img" not in html and html.count("</script>") == 1
    payload = html.split('class="survey-chart-data">', 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(payload)["data"]
