"""Normalise: digests split into articles, list pages recognised; page chrome out; headline, date, outlet, event; the editor's sidecar applied."""
