"""The executable survey's dataset: loading, validation, charts, bibliography and arXiv ingestion."""

from alignment_survey.data.load import Dataset, load_dataset
from alignment_survey.data.validate import validate_dataset

__all__ = ["Dataset", "load_dataset", "validate_dataset"]
