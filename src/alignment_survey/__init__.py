"""The executable survey's dataset: loading, validation, charts, bibliography and arXiv ingestion."""

from .load import Dataset, load_dataset
from .validate import validate_dataset

__all__ = ["Dataset", "load_dataset", "validate_dataset"]
