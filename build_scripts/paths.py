"""The two path questions every stage asks, answered in one place."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path, root: Path) -> str:
    """``path`` as reports show it: relative to the project root, with '/'.
    Not resolved: a link is shown where it is, not where it points."""
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return path.as_posix()


def is_inside(path: Path, folder: Path) -> bool:
    """``path``, with links followed, lies within ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False
