"""The two path questions every stage asks, answered in one place."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path, root: Path) -> str:
    """``path`` as reports show it: relative to the project root, with '/'.
    Not resolved: a link is shown where it is, not where it points."""
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full.startswith(base) and full[len(base):len(base) + 1] == os.sep:  # the usual case, as strings
        return full[len(base) + 1:].replace(os.sep, "/")
    try:
        return Path(full).relative_to(Path(base)).as_posix()
    except ValueError:
        return Path(full).as_posix()


def is_inside(path: Path, folder: Path) -> bool:
    """``path``, with links followed, lies within ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False
