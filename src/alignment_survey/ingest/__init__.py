"""Growing and refreshing the dataset from arXiv (curators' commands; never run at build time)."""
