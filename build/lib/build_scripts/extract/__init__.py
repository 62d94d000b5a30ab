"""Extract: people with their roles, organisations, topics and key figures, through the curated registry."""
