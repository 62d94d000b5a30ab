"""Corpus: what needs every briefing at once: stories across outlets, disagreements between them."""
