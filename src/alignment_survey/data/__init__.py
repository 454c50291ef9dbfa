"""The dataset: record schemas, reading and writing records, validation, loading into pandas."""
