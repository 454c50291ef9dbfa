"""Plotly charts of the dataset: each function takes DataFrames and returns a Figure."""

from alignment_survey.charts.models import benchmark_gap, model_releases
from alignment_survey.charts.open_models import open_gap_over_time, recipes_over_time
from alignment_survey.charts.taxonomy import taxonomy_sunburst
from alignment_survey.charts.timeline import timeline

__all__ = [
    "benchmark_gap",
    "model_releases",
    "open_gap_over_time",
    "recipes_over_time",
    "taxonomy_sunburst",
    "timeline",
]
