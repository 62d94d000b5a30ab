"""The two path questions every stage asks, answered in one place."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path


def display_path(path: Path, root: Path) -> str:
    """``path`` as reports show it: relative to the project root, with '/',
    and ``visible``. Not resolved: a link is shown where it is, not where it
    points."""
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full.startswith(base) and full[len(base):len(base) + 1] == os.sep:  # the usual case, as strings
        return visible(full[len(base) + 1:].replace(os.sep, "/"))
    try:
        return visible(Path(full).relative_to(Path(base)).as_posix())
    except ValueError:
        return visible(Path(full).as_posix())


def visible(text: str) -> str:
    """``text`` with each character that does not print and is no space (a
    newline, an escape, a zero-width or direction mark, a line separator)
    written as its Python escape (``\\n``, ``\\x1b``, ``\\u200b``): a file name
    holding them can neither start a line of its own in a report nor send
    escape sequences to a terminal, and two names that differ only there look
    different. Printable text, and spaces of every width (a Chinese headline's
    full-width space; two names that differ in a space's width are told apart
    by ``tell_apart``), are returned as they are."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    shown = repr(ch)[1:-1]  # '\n', '\x1b', '\u200b' (repr leaves some characters as they are)
    return shown if shown != ch else f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def tell_apart(first: str, second: str) -> str:
    """For a message naming two files: where their names look alike (the same
    letters once Unicode's compatibility forms are folded: 'é' as one
    character or as 'e' and an accent), both names again with every
    character past ASCII as its code, which shows how they differ; else ''."""
    if first == second or unicodedata.normalize("NFKC", first) != unicodedata.normalize("NFKC", second):
        return ""
    return f" (the names look alike; as code points: {ascii(first)} and {ascii(second)})"


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
