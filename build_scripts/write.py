"""Write generated pages into docs/: atomically, only when bytes change, and
never over a file the build did not generate.

The manifest (``docs/.generated.json``) lists every generated file with the
SHA-256 of the bytes written. It tells the writer which files it owns:
- a path not in the manifest that already exists is someone else's: refused;
- a generated file whose bytes differ from the manifest was edited by hand:
  the edit is kept aside in ``.edited/`` before the page is regenerated;
- a generated file no longer produced is removed (its edit kept aside, if any).

The manifest also keeps each file's size and modification time as the build
left it: a file that still has both is not read again (as git's index does),
so a rebuild that changes a few pages of a large site reads only those.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .config import GENERATED_DIRS, GENERATED_TOP_PAGES, MANIFEST_NAME
from .incremental.state import BuildState
from .model import BuildResult, Problem
from .paths import display_path, is_inside

MANIFEST_VERSION = 1
EDITED_DIR = ".edited"
# In docs/ while a write changes it (hidden: MkDocs skips it): a write cut short leaves it, so the
# next build knows to remove the temporary files left behind, and not to trust the pages unchecked.
WRITING_MARKER = ".writing"


def _file_mode() -> int:
    """The mode a new file gets here (0666 less the umask), as ``open()``
    would give it: ``mkstemp`` makes its files 0600, which left every page
    unreadable to anyone else (a web server, a colleague, a container)."""
    mask = os.umask(0o022)  # read by setting it: at import, before any thread of ours
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()
_MKSTEMP_MODE = 0o600


STALE_NOTE = ("> **This page is from an earlier build.** Its source failed to build this time "
              "(see the build report); the page is kept until the source is fixed or deleted.")


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_aside: list[str] = field(default_factory=list)
    kept_stale: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _sha256(data: bytes | tuple[bytes, ...]) -> str:
    """The SHA-256 of ``data``, or of a page's parts (``PageSet.chunks``) one after another."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    # A thousand parts a call: the figures files are 660,000 lines at 10,000 sources, a call each 0.2 s.
    for start in range(0, len(data), 1000):
        digest.update(b"".join(data[start:start + 1000]))
    return digest.hexdigest()


def _whole(data: bytes | tuple[bytes, ...]) -> bytes:
    return data if isinstance(data, bytes) else b"".join(data)


def is_generated_path(rel: str) -> bool:
    """``rel`` is a path the build may own: inside a generated folder or one of
    the generated top-level pages, with no '..', absolute or hidden parts."""
    if not _is_safe(rel):
        return False
    parts = rel.split("/")
    return rel in GENERATED_TOP_PAGES or (len(parts) > 1 and parts[0] in GENERATED_DIRS)


def _is_safe(rel: str) -> bool:
    """Relative, no empty, '.', '..' or hidden parts: no part is empty or
    starts with a dot. (String searches, not a loop over the parts: this runs
    twice for every page, 50,000 times at 10,000 sources.)"""
    return (bool(rel) and not rel.startswith(("/", ".")) and not rel.endswith("/")
            and "//" not in rel and "/." not in rel)


def read_manifest(docs_dir: Path) -> dict[str, str]:
    """Generated path -> SHA-256 of the bytes the build wrote."""
    return _read_manifest(docs_dir).files


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


@dataclass
class _Manifest:
    files: dict[str, str] = field(default_factory=dict)  # path -> SHA-256 of the bytes written
    sources: dict[str, str] = field(default_factory=dict)  # path -> the source it was built from
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime) as written
    keys: dict[str, str] = field(default_factory=dict)  # path -> the cache key its bytes are known by


def _read_manifest(docs_dir: Path) -> _Manifest:
    return _remembered_manifest(docs_dir / MANIFEST_NAME, None)[0]


def _remembered_manifest(path: Path, memory: dict | None) -> tuple[_Manifest, str | None]:
    """The manifest at ``path`` and its text (None: no readable manifest).
    A long-lived writer (``memory``: `mkdocs serve`) keeps the last one it
    wrote and takes it while the file's status is as it left it, instead of
    reading and parsing it again (7 MB of JSON at 10,000 sources)."""
    try:
        status = os.stat(path)
        kept = memory.get("manifest") if memory is not None else None
        if kept is not None and kept[0] == (status.st_size, status.st_mtime_ns, status.st_ino):
            return kept[2], kept[1]
        text = path.read_text("utf-8")
    except (OSError, ValueError):
        return _Manifest(), None
    try:
        return _parse_manifest(text), text
    except ValueError:
        return _Manifest(), text


def _parse_manifest(text: str) -> _Manifest:
    data = json.loads(text)
    files = data.get("files") if isinstance(data, dict) else None
    sources = data.get("sources") if isinstance(data, dict) else None
    stats = data.get("stats") if isinstance(data, dict) else None
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return _Manifest()
    # Paths an earlier version generated are kept too, so that what it made is
    # cleaned up; but only safe ones (relative, no "..", nothing hidden).
    files = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _is_safe(k)}
    sources = {k: v for k, v in (sources or {}).items() if k in files and isinstance(v, str)}
    stats = {k: (v[0], v[1]) for k, v in (stats if isinstance(stats, dict) else {}).items()
             if k in files and type(v) is list and len(v) == 2 and type(v[0]) is int and type(v[1]) is int}
    keys = {k: v for k, v in (keys if isinstance(keys, dict) else {}).items() if k in files and isinstance(v, str)}
    return _Manifest(files, sources, stats, keys)


def atomic_write(path: Path, data: bytes | tuple[bytes, ...], *, durable: bool = False) -> None:
    """Write ``data`` (or its parts, one after another) to ``path`` so that a
    reader sees the old or the new bytes, never half. ``durable``: on disk
    before this returns (``fsync``): the manifest. Pages are left to the
    system to flush, as build tools leave their output (at 10,000 sources a
    cold build's 24,600 fsyncs were 8 s of its 13 s writing): a page a power
    cut leaves short no longer matches the manifest, so the next build keeps
    it aside, as an edit, and writes it again. The folder must exist (the
    writer makes each once a write, not once a page: 24,600 pages in a few
    dozen folders)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_pages(pages: Mapping[str, str | bytes], docs_dir: Path, root: Path,
                page_sources: dict[str, str] | None = None,
                failed_sources: frozenset[str] = frozenset(), memory: dict | None = None) -> WriteReport:
    """Make the generated files under ``docs_dir`` equal ``pages``.

    ``page_sources`` maps a page to the source it was built from (kept in the
    manifest; ``memory``, a dict a long-lived caller keeps between writes,
    holds the manifest it last wrote). A page of a source in ``failed_sources`` (it exists but failed
    this build; a name ending in '/' is a folder that could not be read, for
    every source in it) is not removed: it is kept, marked stale, until the
    source is fixed or deleted.

    When ``pages`` can tell a page's cache key (``PageSet.cache_key``), the
    manifest keeps it: a page whose key and file are as the last write left
    them is not loaded, hashed or read."""
    report = WriteReport()
    docs_dir = docs_dir.resolve()
    marker = docs_dir / WRITING_MARKER
    writing = marker.exists()
    if writing:  # the last write was cut short
        _remove_leftover_temp_files(docs_dir)

    def changing() -> None:
        """Called before each change to docs/: the first leaves the marker."""
        nonlocal writing
        if not writing:
            docs_dir.mkdir(parents=True, exist_ok=True)
            marker.touch()
            writing = True

    manifest_path = docs_dir / MANIFEST_NAME
    last, last_text = _remembered_manifest(manifest_path, memory)
    previous, previous_sources, previous_stats = last.files, last.sources, last.stats
    cache_key = getattr(pages, "cache_key", lambda rel: None)
    chunks = getattr(pages, "chunks", lambda rel: None)
    keys: dict[str, str] = {}
    manifest: dict[str, str] = {}
    # Size and modification time of each file as the build left it: a file
    # that still has them holds the bytes of the manifest's hash, unread.
    stats: dict[str, tuple[int, int]] = {}
    sources = dict(page_sources or {})
    folders_inside: dict[str, bool] = {}
    folders_made: set[str] = set()  # folders of docs/ this write made or found
    # Paths as strings in the loop below: it runs for every page (24,000 at
    # 10,000 sources), and pathlib's objects cost more than the system calls.
    docs_prefix = str(docs_dir) + os.sep

    def inside(rel: str, status: os.stat_result | None) -> bool:
        if status is not None and stat.S_ISLNK(status.st_mode):
            return is_inside(docs_dir / rel, docs_dir)
        folder = rel.rpartition("/")[0]
        if folder not in folders_inside:
            folders_inside[folder] = is_inside((docs_dir / rel).parent, docs_dir)
        return folders_inside[folder]

    def shown(rel: str) -> str:
        return display_path(docs_dir / rel, root)

    def keep_aside(rel: str) -> None:
        target = root / EDITED_DIR / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs_dir / rel, target)
        report.kept_aside.append(rel)
        report.problems.append(Problem(
            shown(rel), 0, "warning",
            f"this generated page was edited by hand; the edit is kept in {display_path(target, root)}. "
            "Generated pages are rebuilt from sources: put corrections in the source's "
            ".meta.yml sidecar instead",
        ))

    for rel in sorted(pages):
        if not is_generated_path(rel):
            report.problems.append(Problem(shown(rel), 0, "error",
                                           "refusing to write outside the generated folders"))
            continue
        status = _stat(docs_prefix + rel)
        if not inside(rel, status):
            report.problems.append(Problem(shown(rel), 0, "error",
                                           "refusing to write through a link that leaves docs/"))
            continue
        # as the build left it: no hand edit to keep, nothing to read
        as_left = (status is not None and stat.S_ISREG(status.st_mode) and rel in previous
                   and previous_stats.get(rel) == (status.st_size, status.st_mtime_ns))
        if as_left and status.st_mode & 0o777 == _MKSTEMP_MODE != FILE_MODE:
            os.chmod(docs_prefix + rel, FILE_MODE)  # written before atomic_write set the mode (its mtime stays)
        key = cache_key(rel)
        if key is not None:
            keys[rel] = key
            if as_left and last.keys.get(rel) == key:  # the text it was written from: nothing to load
                manifest[rel], stats[rel] = previous[rel], previous_stats[rel]
                report.unchanged.append(rel)
                continue
        try:
            # A page in parts (the figures files, tens of megabytes on a large site) is hashed and
            # written part by part: joined only to compare it with a file the last write did not leave.
            content = chunks(rel)
            if content is None:
                content = pages[rel]
        except OSError as exc:  # a source published as is, deleted or unreadable since the build read it
            report.problems.append(Problem(shown(rel), 0, "error", f"could not be read to publish it ({exc.strerror or exc}); "
                                           "build again"))
            if rel in previous:  # left as it is, and still the build's
                manifest[rel] = previous[rel]
                if rel in previous_stats:
                    stats[rel] = previous_stats[rel]
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = _sha256(data)
        if as_left and previous[rel] == digest:
            manifest[rel], stats[rel] = digest, previous_stats[rel]
            report.unchanged.append(rel)
            continue
        target = docs_dir / rel
        if as_left:
            pass  # overwritten below
        elif status is not None and (stat.S_ISREG(status.st_mode) or stat.S_ISLNK(status.st_mode)):
            current = target.read_bytes() if target.is_file() else None
            data = _whole(data)
            if rel not in previous:
                if current == data:  # same bytes: adopt it (e.g. a manifest lost)
                    manifest[rel] = digest
                    report.unchanged.append(rel)
                    if stat.S_ISREG(status.st_mode):
                        stats[rel] = (status.st_size, status.st_mtime_ns)
                    continue
                report.problems.append(Problem(
                    shown(rel), 0, "error",
                    "a file the build did not generate is in the way of a generated page; "
                    "move or rename it (it was left untouched)",
                ))
                continue
            if current is not None and _sha256(current) != previous[rel] and current != data:
                keep_aside(rel)
            if current == data:
                manifest[rel] = digest
                report.unchanged.append(rel)
                if status is not None and stat.S_ISREG(status.st_mode):
                    stats[rel] = (status.st_size, status.st_mtime_ns)
                continue
        elif status is not None:
            report.problems.append(Problem(shown(rel), 0, "error",
                                           "a folder is in the way of a generated page; move it"))
            continue
        changing()
        folder = rel.rpartition("/")[0]
        if folder not in folders_made:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders_made.add(folder)
        atomic_write(target, data)
        manifest[rel] = digest
        written = os.stat(target)
        stats[rel] = (written.st_size, written.st_mtime_ns)
        report.written.append(rel)

    failed_folders = tuple(name for name in failed_sources if name.endswith("/"))
    for rel in sorted(set(previous) - set(pages)):
        target = docs_dir / rel
        if not target.is_file() or not is_inside(target, docs_dir):
            continue
        if _failed(previous_sources.get(rel), failed_sources, failed_folders):
            data = target.read_bytes()
            if rel.endswith(".md") and STALE_NOTE.encode() not in data:
                data = _mark_stale(data)
                changing()
                atomic_write(target, data)
            manifest[rel] = _sha256(data)
            kept = os.stat(target)
            stats[rel] = (kept.st_size, kept.st_mtime_ns)
            sources[rel] = previous_sources[rel]
            report.kept_stale.append(rel)
            report.problems.append(Problem(
                shown(rel), 0, "warning",
                f"kept the last good page of sources/{previous_sources[rel]}, which failed this build; "
                "it is marked stale until the source is fixed or deleted"))
            continue
        if _sha256(target.read_bytes()) != previous[rel]:
            keep_aside(rel)
        changing()
        target.unlink()
        report.removed.append(rel)
        _remove_empty_parents(target.parent, docs_dir)

    kept = _Manifest(manifest, {k: v for k, v in sources.items() if k in manifest},
                     {k: v for k, v in stats.items() if k in manifest}, {k: v for k, v in keys.items() if k in manifest})
    manifest_data = json.dumps({"version": MANIFEST_VERSION, "files": kept.files, "sources": kept.sources,
                                "stats": {k: list(v) for k, v in kept.stats.items()}, "keys": kept.keys},
                               # one entry a line, by json's C encoder (indent= would use the slow Python one)
                               sort_keys=True, separators=(",\n", ": "), ensure_ascii=False) + "\n"
    if last_text != manifest_data:
        changing()
        atomic_write(manifest_path, manifest_data.encode("utf-8"), durable=True)
    if memory is not None:
        written = os.stat(manifest_path)
        memory["manifest"] = ((written.st_size, written.st_mtime_ns, written.st_ino), manifest_data, kept)
    if writing:
        marker.unlink(missing_ok=True)
    return report


def generated_files_intact(docs_dir: Path) -> tuple[str, ...] | None:
    """The generated files, sorted, when every one is as the build left it
    (size and modification time as the manifest records them) and no write
    was cut short; else None."""
    docs = docs_dir.resolve()
    last = _read_manifest(docs)
    files, stats = last.files, last.stats
    if not files or set(stats) != set(files) or (docs / WRITING_MARKER).exists():
        return None
    folder = os.path.join(str(docs), "")  # paths as strings: 25,000 of them at 10,000 sources
    for rel, (size, mtime_ns) in stats.items():
        status = _stat(folder + rel)
        if status is None or not stat.S_ISREG(status.st_mode) or (status.st_size, status.st_mtime_ns) != (size, mtime_ns):
            return None
    return tuple(sorted(files))


def write_result(result: BuildResult, docs_dir: Path, root: Path, memory: BuildState | None = None) -> WriteReport:
    """Write a build's pages (see ``write_pages``); an up-to-date build
    writes nothing and reports every generated file unchanged."""
    if result.up_to_date:
        return WriteReport(unchanged=list(result.intact_files))
    return write_pages(result.pages, docs_dir, root, result.page_sources, result.failed_sources,
                       memory.writer if memory is not None else None)


def _remove_leftover_temp_files(docs_dir: Path) -> None:
    """A build killed mid-write leaves its temporary file (never served: the
    name starts with a dot, which MkDocs skips); the next write removes it
    (it knows by the marker the killed write left)."""
    for folder in [docs_dir] + [docs_dir / name for name in GENERATED_DIRS]:
        if folder.is_dir():
            for leftover in folder.rglob(".*.tmp"):
                if leftover.is_file() and is_inside(leftover, docs_dir):
                    leftover.unlink()


def _mark_stale(data: bytes) -> bytes:
    """Put the stale note under the page's front matter."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4) + len("\n---\n")
        return (text[:end] + "\n" + STALE_NOTE + "\n" + text[end:]).encode("utf-8")
    return (STALE_NOTE + "\n\n" + text).encode("utf-8")


def _remove_empty_parents(folder: Path, docs_dir: Path) -> None:
    while folder != docs_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _failed(source: str | None, failed_sources: frozenset[str], failed_folders: tuple[str, ...]) -> bool:
    return source is not None and (source in failed_sources or source.startswith(failed_folders))

