"""Read: one reader per source format, with encoding detection; the editor's overrides (sidecars, front matter)."""
