"""Plotly charts of the dataset: each function takes DataFrames and returns a Figure."""

from alignment_survey.charts.map import field_map
from alignment_survey.charts.models import benchmark_gap, model_releases
from alignment_survey.charts.taxonomy import taxonomy_sunburst
from alignment_survey.charts.timeline import timeline

__all__ = ["benchmark_gap", "field_map", "model_releases", "taxonomy_sunburst", "timeline"]
