"""Plotly charts of the dataset: each function takes DataFrames and returns a Figure."""

from alignment_survey.charts.branches import branch_years
from alignment_survey.charts.families import family_years
from alignment_survey.charts.map import field_map
from alignment_survey.charts.models import benchmark_gap, model_releases
from alignment_survey.charts.open_models import open_gap_over_time, recipes_over_time
from alignment_survey.charts.open_problems import problem_years
from alignment_survey.charts.taxonomy import taxonomy_sunburst
from alignment_survey.charts.timeline import timeline
from alignment_survey.charts.trends import research_lines

__all__ = [
    "benchmark_gap",
    "field_map",
    "branch_years",
    "family_years",
    "model_releases",
    "open_gap_over_time",
    "problem_years",
    "recipes_over_time",
    "research_lines",
    "taxonomy_sunburst",
    "timeline",
]
