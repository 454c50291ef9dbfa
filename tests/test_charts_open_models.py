"""Charts of open-weight models over time: values equal the score and model tables."""

from __future__ import annotations

import pandas as pd

from alignment_survey import load_dataset
from alignment_survey.book.facts.open_weight_models import GAP_PANELS
from alignment_survey.charts.open_models import (
    open_gap_over_time,
    recipe_counts,
    recipes_over_time,
    snapshot_gaps,
)
from alignment_survey.charts.style import alt_text

ARENA = ("Chatbot Arena", "Arena Elo rating")


def scores(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["model", "open_weights", "benchmark", "metric", "score", "as_of", "kind"]
    )
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    frame["open_weights"] = frame["open_weights"].astype("boolean")
    return frame


def test_gap_is_best_proprietary_minus_best_open_per_date_and_kind():
    table = scores(
        [
            ("A", True, "B", "m", 60.0, "2025-01", "self-reported"),
            ("A2", True, "B", "m", 70.0, "2025-01", "self-reported"),
            ("C", False, "B", "m", 65.0, "2025-01", "self-reported"),
            ("D", None, "B", "m", 99.0, "2025-01", "self-reported"),  # unsettled: left out
            ("E", False, "B", "m", 80.0, "2025-02", "self-reported"),  # no open model that month
        ]
    )
    gaps = snapshot_gaps(table, [("B", "m")])
    assert len(gaps) == 1
    row = gaps.iloc[0]
    assert (row["open_model"], row["proprietary_model"], row["gap"]) == ("A2", "C", -5.0)


def test_self_reported_lines_are_dashed_and_named_in_the_legend():
    data = load_dataset()
    fig = open_gap_over_time(data.scores, data.benchmarks, GAP_PANELS)
    names = {trace.name: trace.line.dash for trace in fig.data}
    assert names["Chatbot Arena (independent)"] == "solid"
    reported = [name for name in names if name.endswith("(self-reported)")]
    assert reported and all(names[name] == "dash" for name in reported)
    assert len(fig.data) <= len(GAP_PANELS) * 2
    assert "Chatbot Arena (independent)" in alt_text(fig)


def test_arena_gaps_in_the_chart_equal_the_scores():
    data = load_dataset()
    fig = open_gap_over_time(data.scores, data.benchmarks, [ARENA])
    (trace,) = fig.data
    arena = data.scores[
        (data.scores["benchmark"] == ARENA[0]) & data.scores["open_weights"].notna()
    ]
    for date, gap in zip(trace.x, trace.y, strict=True):
        day = arena[arena["as_of"] == pd.Timestamp(date)]
        best = day.groupby("open_weights")["score"].max()
        assert gap == best[False] - best[True]


def test_recipe_cells_count_open_releases_naming_each_method():
    models = pd.DataFrame(
        {
            "open_weights": [True, True, True, False],
            "release_date": pd.to_datetime(["2024-01", "2024-05", "2025-03", "2025-03"]),
            "post_training": ["SFT;DPO-family", None, "SFT;RLVR/GRPO", "SFT;RLHF-PPO"],
        }
    )
    counts = recipe_counts(models).set_index(["year", "method"])
    assert counts.loc[(2024, "DPO-family"), "releases"] == 1
    assert counts.loc[(2024, "DPO-family"), "recorded"] == 1  # the release without a recipe is out
    assert counts.loc[(2025, "DPO-family"), "releases"] == 0
    assert (2025, "RLHF-PPO") not in counts.index  # proprietary models are not counted
    fig = recipes_over_time(models)
    assert list(fig.data[0].x) == ["2024", "2025"]
    assert "0 of 1" in fig.data[0].text.ravel().tolist()


def test_recipe_heatmap_on_the_real_models_is_small_and_labelled():
    data = load_dataset()
    fig = recipes_over_time(data.models)
    assert fig.data[0].z.size <= 300
    assert "post-training" in alt_text(fig)
