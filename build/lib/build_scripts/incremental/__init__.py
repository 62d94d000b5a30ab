"""Incremental building: the content cache, and the state a long-lived `mkdocs serve` keeps between rebuilds."""
