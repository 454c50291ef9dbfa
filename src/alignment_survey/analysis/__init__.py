"""Summaries of the dataset that chapters state in their prose: counts, rankings, selections."""
