"""Render: the Markdown pages (briefings, entities, stories, figures, timeline,
feeds, packs), every source text escaped; ``urls`` owns every generated path."""
