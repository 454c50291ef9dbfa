"""The book: what chapters call, the figure renderer, the bibliography, generated files, checks."""
