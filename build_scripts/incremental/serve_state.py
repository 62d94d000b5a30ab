"""What the MkDocs hook remembers between the rebuilds of one `mkdocs serve`.

MkDocs executes hook files afresh on every rebuild, so the hook keeps its
memory here, in a module imported once per process: one typed record,
``PROCESS``, which a test replaces with a fresh ``ServeState`` of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .state import BuildState


@dataclass(eq=False)
class ServeState:
    # True under `mkdocs serve`, and under `mkdocs serve --dirty` (set by the hook's on_startup).
    serving: bool = False
    dirty: bool = False
    # Generated files the last build removed from docs/ (a dirty rebuild leaves their HTML behind).
    removed: list[str] = field(default_factory=list)
    # Problems the previous build of this process reported (None: no build yet).
    reported: set | None = None
    # The registry's version at the previous build (None: no build yet): the log says when it changed.
    registry_version: str | None = None
    # What the builds of this process keep between them (cache entries, the registry, the writer's manifest).
    memory: BuildState = field(default_factory=BuildState)
    # Compiled theme templates (jinja2 bytecode by template and checksum): MkDocs makes a new Jinja
    # environment on every rebuild, which would compile them all again (about 0.4 s of each rebuild).
    template_bytecode: dict[str, bytes] = field(default_factory=dict)
    # Under `mkdocs serve --dirty` with Pagefind: what indexes the site after each rebuild but the
    # first (a search_index.BackgroundIndexer).
    indexer: object = None


# The process's one record: the hook's memory across its reloads.
PROCESS = ServeState()
