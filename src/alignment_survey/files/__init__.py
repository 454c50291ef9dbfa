"""Where things live in the repository, and writing files atomically."""
