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


def unreadable_reason(path: Path, folder: Path) -> str | None:
    """Why the build must not open ``path`` (None when it may): a named pipe,
    socket or device would block or stream forever, and a link out of
    ``folder`` would publish a file from elsewhere. Checked before any read."""
    import stat

    try:
        status = path.lstat()
    except OSError:
        return None  # absent: the caller's own check says so
    if stat.S_ISLNK(status.st_mode):
        if not is_inside(path, folder):
            return f"is a link to a file outside {folder.name}/; copy the file in instead"
        try:
            status = path.stat()
        except OSError:
            return "is a link to nothing (its target is gone); delete it or copy the file in"
    if not stat.S_ISREG(status.st_mode):
        return "is not an ordinary file (a named pipe, socket or device); it was not read"
    return None
