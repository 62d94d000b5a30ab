"""What a long-lived process keeps between builds (`mkdocs serve`): a
``BuildState``, in memory instead of the cache folder.

The command line keeps nothing (``memory=None``): each build reads the
cache folder. Under `mkdocs serve` the hook holds one ``BuildState`` for the
process (``serve_state.PROCESS.memory``) and passes it to every build; the build and
the writer each read and replace their own parts. A new state is empty: the
first build fills it, so it never stops early as "up to date" (a build that
stops early would leave it empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class BuildState:
    # Cache entries by key, as ``incremental.store.ContentCache`` keeps them in memory:
    sources: dict = field(default_factory=dict)  # each source's outcome
    pages: dict = field(default_factory=dict)  # rendered pages and remembered site-wide results
    # Each source file's stat and cache key at the last build (``incremental.sources.process_all``).
    seen: dict = field(default_factory=dict)
    # The registry's entries as the last build read them, to tell what an edit changed.
    registry_entries: dict = field(default_factory=dict)
    # The loaded registry and glossary (with their problems), by the salt they were loaded under.
    registry: dict = field(default_factory=dict)
    # What each remembered page was made of at the last build (``incremental.pages.Inputs``).
    inputs: dict = field(default_factory=dict)
    # The writer's own: the manifest as it last wrote it (``write.write_pages``).
    writer: dict = field(default_factory=dict)
    # Whether a build has used this state yet.
    used: bool = False


def part(memory: BuildState | None, name: str) -> dict | None:
    """A part of the state a long-lived caller keeps (None: nothing is kept)."""
    return getattr(memory, name) if memory is not None else None
