"""Plotly charts of the dataset: each function takes DataFrames and returns a Figure."""

from .models import benchmark_gap, model_releases
from .taxonomy import taxonomy_sunburst
from .timeline import timeline

__all__ = ["benchmark_gap", "model_releases", "taxonomy_sunburst", "timeline"]
