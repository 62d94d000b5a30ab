"""What the MkDocs hook remembers between the rebuilds of one `mkdocs serve`.

MkDocs executes hook files afresh on every rebuild, so the hook keeps its
memory here, in a module imported once per process.
"""

from __future__ import annotations

# Problems the previous build of this process reported (None: no build yet).
reported: set | None = None
