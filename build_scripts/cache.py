"""A content-hash cache: what each source became (its briefings, with
entities and figures, and its problems), rendered pages, memo tables of small
per-briefing results, and the last build's story links, so a rebuild redoes
only what changed.

The key of a source hashes its bytes, its sidecar's bytes, its path, the
registry's files and the build code itself: editing any of them invalidates
exactly the entries it could change. Entries live in ``.cache/medreg/``
(git-ignored); entries no build used are removed at the end of a build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Callable, NamedTuple

from . import __version__
from .model import PageParts

CACHE_FORMAT = 2


def _digest_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def code_version() -> str:
    """A hash of the build code: a change to any stage invalidates the cache."""
    folder = Path(__file__).resolve().parent
    return _digest_files(list(folder.glob("*.py"))) + f"-{__version__}-{CACHE_FORMAT}"


def registry_version(registry_dir: Path) -> str:
    return _digest_files(list(registry_dir.glob("*.yml"))) if registry_dir.is_dir() else "no-registry"


class ContentCache:
    """Entries on disk under ``folder``; with ``memory`` (a dict kept by a
    long-lived process such as `mkdocs serve`), also in memory, so a rebuild
    takes unchanged entries without reading or unpickling them."""

    def __init__(self, folder: Path, salt: str, memory: dict | None = None):
        self.salt = salt
        self.used: set[str] = set()
        self.memory = memory
        self._root = os.fspath(folder)
        self._on_disk: set[str] | None = None  # the keys of the entries on disk, listed once when asked

    def key(self, rel: str, data: bytes, sidecar: bytes | None) -> str:
        digest = hashlib.sha256()
        for part in (self.salt.encode(), rel.encode("utf-8"), data, sidecar if sidecar is not None else b"\xff"):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        # A string, not a Path: a build looks up 25,000 entries at 10,000 sources.
        return os.path.join(self._root, key[:2], key + ".pickle")

    def _listed(self) -> set[str]:
        """The keys of the entries on disk: one listing of the cache's folders
        a build, instead of a file-system call for each entry asked about."""
        if self._on_disk is None:
            self._on_disk = set()
            try:
                shards = [entry.path for entry in os.scandir(self._root) if entry.is_dir()]
            except OSError:
                shards = []
            for shard in shards:
                try:
                    self._on_disk.update(entry.name[:-7] for entry in os.scandir(shard)
                                         if entry.name.endswith(".pickle"))
                except OSError:
                    pass
        return self._on_disk

    def get(self, key: str):
        self.used.add(key)
        value = self.memory.get(key) if self.memory is not None else None
        if value is None:
            value = load(self._path(key))
            if value is not None and self.memory is not None:
                self.memory[key] = value
        return value

    def has(self, key: str) -> bool:
        """An entry is kept under ``key`` (counted as used, not loaded)."""
        self.used.add(key)
        return (self.memory is not None and key in self.memory) or key in self._listed()

    def put(self, key: str, value) -> bool:
        """Keep ``value`` under ``key``; False if it could not be written to disk."""
        if self.memory is not None:
            self.memory[key] = value
        stored = store(self._path(key), value)
        if stored:
            self.put_elsewhere(key)
        else:
            self.used.add(key)
        return stored

    def file_for(self, key: str) -> str:
        """Where the entry of ``key`` is kept: for another process to ``store``
        it there (a worker of the process pool), then ``put_elsewhere``."""
        return self._path(key)

    def put_elsewhere(self, key: str) -> None:
        """The entry of ``key`` was stored at ``file_for(key)`` by another process."""
        self.used.add(key)
        if self._on_disk is not None:
            self._on_disk.add(key)

    def prune(self) -> None:
        """Remove entries this build did not use (changed or deleted sources)."""
        if self.memory is not None:
            for key in set(self.memory) - self.used:
                del self.memory[key]
        self._on_disk = None  # listed afresh: entries put by another process count too
        for key in self._listed() - self.used:
            try:
                os.unlink(self._path(key))
            except OSError:
                pass
        self._on_disk = None


class MemoTable:
    """Many small entries (say, one per briefing) kept in a few cache entries
    (shards, by a hash of the key) instead of a file each: a build reads only
    the shards it asks for, and rewrites only those whose keys changed.
    Entries a build did not ask for are dropped when it saves; call
    ``save()`` before the cache's ``prune()``."""

    SHARDS = 32

    def __init__(self, cache: ContentCache, name: str):
        self.cache = cache
        self.keys = [cache.key(f"{name}/{shard}", b"", None) for shard in range(self.SHARDS)]
        self.old: dict[int, dict] = {}
        self.new: dict[int, dict] = {}

    def _shard(self, key) -> int:
        return int.from_bytes(hashlib.blake2b(repr(key).encode("utf-8"), digest_size=4).digest(), "big") % self.SHARDS

    def get(self, key, compute: Callable[[], object]):
        """What ``compute()`` returned for ``key`` in this or the last build, else ``compute()``."""
        shard = self._shard(key)
        if shard not in self.old:
            self.old[shard] = self.cache.get(self.keys[shard]) or {}
            self.new[shard] = {}
        new = self.new[shard]
        if key not in new:
            value = self.old[shard].get(key)
            new[key] = compute() if value is None else value
        return new[key]

    def save(self) -> None:
        if not self.new:  # not asked for anything: the last build's entries stay
            self.cache.used.update(self.keys)
            return
        for shard, new in self.new.items():
            if new.keys() != self.old[shard].keys():  # a value is fixed by its key
                self.cache.put(self.keys[shard], new)
        # shards not asked for hold nothing this build needs: prune() removes them


def load(path: Path | str):
    """What ``store`` put at ``path``, or None (missing, unreadable or stale)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def store(path: Path | str, value) -> bool:
    """Pickle ``value`` to ``path`` atomically; False if it could not (a
    cache that cannot be written only costs time later)."""
    try:
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


class CachedPage(NamedTuple):
    """A page whose text is in a page cache under ``key``: loaded when read,
    or rendered again by ``render(*args)`` if the entry has gone since."""

    key: str
    render: Callable[..., str]
    args: tuple


class SourceCopy(NamedTuple):
    """A source file published as it is, read when the writer needs its
    bytes; ``key`` is the source's cache key, which hashes those bytes."""

    path: Path
    key: str


class PageSet(MutableMapping):
    """A build's pages by path: text, bytes, a ``CachedPage`` of ``cache``, a
    ``SourceCopy`` or ``PageParts``, loaded or joined only when read. So a build does not hold every
    page's text at once, and the writer, told a page's cache key
    (``cache_key``), skips a page whose key is the one it wrote last time
    without loading or hashing it."""

    def __init__(self, cache: ContentCache | None = None, pages: dict | None = None):
        self.cache = cache
        self._pages: dict[str, str | bytes | CachedPage | SourceCopy | PageParts] = dict(pages or {})

    def __getitem__(self, path: str) -> str | bytes:
        value = self._pages[path]
        if isinstance(value, SourceCopy):
            return value.path.read_bytes()
        if isinstance(value, PageParts):
            return value.joined()
        if not isinstance(value, CachedPage):
            return value
        text = self.cache.get(value.key) if self.cache is not None else None
        return text if text is not None else value.render(*value.args)

    def __setitem__(self, path: str, value: str | bytes | CachedPage | SourceCopy | PageParts) -> None:
        self._pages[path] = value

    def __delitem__(self, path: str) -> None:
        del self._pages[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def __repr__(self) -> str:
        return f"PageSet({len(self)} pages)"

    def chunks(self, path: str) -> tuple[bytes, ...] | None:
        """A page held in parts (``PageParts``): its parts, for the writer to
        hash and write one after another, never joined; else None."""
        value = self._pages[path]
        return value.parts if isinstance(value, PageParts) else None

    def cache_key(self, path: str) -> str | None:
        """The cache key a page's bytes are known by (a cached page, a source copy)."""
        value = self._pages.get(path)
        return value.key if isinstance(value, (CachedPage, SourceCopy)) else None
