"""A content-hash cache: what each source became (its briefings, with
entities and figures, and its problems), rendered pages, memo tables of small
per-briefing results, and the last build's story links, so a rebuild redoes
only what changed.

The key of a source hashes its bytes, its sidecar's bytes, its path, the
registry's files and the build code itself: editing any of them invalidates
exactly the entries it could change. Entries live in a SQLite database in
``.cache/medreg/`` (pages: ``.cache/medreg-pages/``; git-ignored); entries
no build used are removed at the end of a build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import __version__
from ..model import Page
from ..paths import unreadable_reason

CACHE_FORMAT = 2


def _digest_files(paths: list[Path], base: Path | None = None) -> str:
    """One digest of the files' names (relative to ``base``, else the
    names alone) and bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update((path.relative_to(base).as_posix() if base else path.name).encode("utf-8") + b"\0")
        reason = unreadable_reason(path, path.parent)
        try:
            # (A named pipe or a link to a device is never opened: its loader reports it.)
            digest.update(f"<{reason}>".encode("utf-8") if reason else path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


CODE_FOLDER = Path(__file__).resolve().parent.parent  # build_scripts/, its stage packages included


def _code_on_disk() -> str:
    code = [path for path in CODE_FOLDER.rglob("*.py") if "__pycache__" not in path.parts]
    return _digest_files(code, CODE_FOLDER) + f"-{__version__}-{CACHE_FORMAT}"


@functools.cache
def code_version() -> str:
    """A hash of the build code: a change to any stage invalidates the cache.

    The code this process runs: its files as they were when first asked, not
    as they are now. A long-lived process (`mkdocs serve`, which watches
    build_scripts/) goes on running the modules it imported after their files
    change; keyed by the new files, the entries it made with the old code
    would pass for the new code's, and the next build would reuse them."""
    return _code_on_disk()


def code_changed_on_disk() -> bool:
    """The build code's files are no longer those of the code this process runs."""
    return _code_on_disk() != code_version()


def registry_version(registry_dir: Path) -> str:
    return _digest_files(list(registry_dir.glob("*.yml"))) if registry_dir.is_dir() else "no-registry"


def glossary_version(registry_dir: Path) -> str:
    return _digest_files([registry_dir / "glossary.yml"])


class ContentCache:
    """Entries in one SQLite database under ``folder`` (``ENTRIES``); with
    ``memory`` (a dict kept by a long-lived process such as `mkdocs serve`),
    also in memory, so a rebuild takes unchanged entries without reading or
    unpickling them.

    One database, not a file per entry: a cold build at 10,000 sources puts
    24,000 entries, and creating a file costs 0.2 to 0.9 ms on a busy disk
    (a row, 0.1 ms). Each put is its own short transaction, so builds at once
    (`mkdocs serve` and the command line; forked renderers) hold the write
    lock only while a row is written; readers never wait (write-ahead log).
    A cache that cannot be opened, read or written only costs time: its
    entries count as missing, a damaged database is replaced."""

    ENTRIES = "entries.sqlite"
    KEYS_A_QUERY = 500  # SQLite takes at most 999 parameters a query in its older versions

    def __init__(self, folder: Path, salt: str, memory: dict | None = None):
        self.salt = salt
        self.used: set[str] = set()
        self.memory = memory
        self._folder = Path(folder)
        self._on_disk: set[str] | None = None  # the keys of the entries on disk, listed once when asked
        self._connection: sqlite3.Connection | None = None
        self._pid: int | None = None  # the process that opened the connection (a forked one opens its own)
        self._broken = False  # the database was unreadable: replaced at the next prune

    def key(self, rel: str, data: bytes, sidecar: bytes | None) -> str:
        digest = hashlib.sha256()
        for part in (self.salt.encode(), rel.encode("utf-8"), data, sidecar if sidecar is not None else b"\xff"):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()

    def _db(self) -> sqlite3.Connection | None:
        """The database, opened (and made) on first use; None if it cannot be."""
        if self._broken:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        path = self._folder / self.ENTRIES
        for attempt in range(2):
            try:
                self._folder.mkdir(parents=True, exist_ok=True)
                # Autocommit mode: transactions are begun and ended here, not by the module.
                connection = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
                try:
                    # A new database gives back the room of removed entries (see prune); set before its table.
                    connection.execute("PRAGMA auto_vacuum=INCREMENTAL")
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut may lose the last puts
                    connection.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                except BaseException:
                    connection.close()
                    raise
            except sqlite3.OperationalError:  # locked for longer than the timeout, or no room: work without it
                return None
            except (sqlite3.DatabaseError, OSError):  # not a database (damaged): start afresh, once
                if attempt or not _remove_database(path):
                    return None
                continue
            self._connection, self._pid = connection, os.getpid()
            return connection
        return None

    def _failed(self, exc: sqlite3.Error) -> None:
        """A query failed: a damaged database is replaced at the next prune;
        a busy one (another build writing) is only skipped."""
        if not isinstance(exc, sqlite3.OperationalError):
            self._broken = True

    def _listed(self) -> set[str]:
        """The keys of the entries on disk: listed once a build, instead of a
        query for each entry asked about."""
        if self._on_disk is None:
            self._on_disk = set()
            db = self._db()
            if db is not None:
                try:
                    self._on_disk.update(key for (key,) in db.execute("SELECT key FROM entries"))
                except sqlite3.Error as exc:
                    self._failed(exc)
        return self._on_disk

    def get(self, key: str):
        """The value kept under ``key``, or None."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict:
        """``get`` for many keys: one query for a few hundred of them, not
        one each. Returns the values found, by key."""
        found = {}
        wanted = []
        for key in keys:
            self.used.add(key)
            value = self.memory.get(key) if self.memory is not None else None
            if value is not None:
                found[key] = value
            else:
                wanted.append(key)
        db = self._db() if wanted else None
        if db is None:
            return found
        try:
            for start in range(0, len(wanted), self.KEYS_A_QUERY):
                part = wanted[start:start + self.KEYS_A_QUERY]
                for key, data in db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(part))})",
                                            part):
                    value = _unpickled(data)
                    if value is not None:
                        found[key] = value
                        if self.memory is not None:
                            self.memory[key] = value
        except sqlite3.Error as exc:
            self._failed(exc)
        return found

    def has(self, key: str) -> bool:
        """An entry is kept under ``key`` (counted as used, not loaded)."""
        self.used.add(key)
        return (self.memory is not None and key in self.memory) or key in self._listed()

    def hold(self, key: str, value) -> None:
        """Keep ``value`` under ``key``: in memory only, when the cache has a
        memory (a state that a long-lived process updates every build, and any
        earlier one of which is as good a start: pickling and writing it each
        edit under `mkdocs serve` would cost more than what it saves); else
        ``put``."""
        if self.memory is None:
            self.put(key, value)
        else:
            self.used.add(key)
            self.memory[key] = value

    def put(self, key: str, value) -> bool:
        """Keep ``value`` under ``key``; False if it could not be written to disk."""
        self.used.add(key)
        if self.memory is not None:
            self.memory[key] = value
        db = self._db()
        if db is None:
            return False
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return False
        try:
            # Its own transaction: the write lock is held for this row only, not
            # while the build (or a forked renderer) makes the next entry.
            db.execute("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", (key, data))
        except sqlite3.Error as exc:
            self._failed(exc)
            return False
        if self._on_disk is not None:
            self._on_disk.add(key)
        return True

    def put_pickled(self, entries: list[tuple[str, bytes]]) -> bool:
        """Keep entries already pickled, (key, pickle) each, in one
        transaction; False if they could not be written to disk. (Not kept
        in memory: for a build that does not keep its cache there.)"""
        self.used.update(key for key, _ in entries)
        db = self._db()
        if db is None:
            return False
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", entries)
        except sqlite3.Error as exc:
            self._failed(exc)
            return False
        if self._on_disk is not None:
            self._on_disk.update(key for key, _ in entries)
        return True

    def prune(self) -> None:
        """Remove entries this build did not use (changed or deleted sources);
        when that leaves a quarter of the database empty (the build code or
        the registry changed, and every entry was made again), give the room
        back to the disk. A damaged database is removed, for the next build
        to start afresh. Ends the build's use of the database."""
        if self.memory is not None:
            for key in set(self.memory) - self.used:
                del self.memory[key]
        _remove_shard_folders(self._folder)
        if self._broken:
            self.close()
            _remove_database(self._folder / self.ENTRIES)
            return
        self._on_disk = None  # listed afresh: what another build put since counts too
        unused = self._listed() - self.used
        db = self._db()
        if unused and db is not None:
            try:
                with db:  # one transaction
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("DELETE FROM entries WHERE key = ?", ((key,) for key in sorted(unused)))
                pages, free = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "freelist_count"))
                if free * 4 > pages:
                    # Run to its end by executescript (execute() stops after a page). At 10,000 sources
                    # all entries made again doubled the databases (300 MB more): given back in 0.6 s.
                    db.executescript("PRAGMA incremental_vacuum;")
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                self._failed(exc)
        self._on_disk = None
        self.close()

    def close(self) -> None:
        """Close the database (it is opened again if used again)."""
        if self._connection is not None and self._pid == os.getpid():
            try:
                self._connection.close()
            except sqlite3.Error:
                pass
        self._connection = self._pid = None

    def __len__(self) -> int:
        """How many entries are on disk."""
        self._on_disk = None
        return len(self._listed())


def _unpickled(data: bytes):
    """The value pickled in ``data``, or None if it is damaged or stale (made by other code)."""
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError,
            KeyError, MemoryError):
        return None


def _remove_database(path: Path) -> bool:
    """Remove a damaged database and its log; False if it could not."""
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _remove_shard_folders(folder: Path) -> None:
    """Remove the file-per-entry cache of earlier versions (folders 00 to ff of .pickle files)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if len(entry.name) == 2 and all(c in "0123456789abcdef" for c in entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


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
            data = handle.read()
    except OSError:
        return None
    return _unpickled(data)


def store(path: Path | str, value) -> bool:
    """Pickle ``value`` to ``path`` atomically; False if it could not (a
    cache that cannot be written only costs time later)."""
    tmp = None
    try:
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:  # a value that cannot be pickled (a bug, raised) or a full disk leaves no half-written file
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@dataclass(frozen=True)
class CachedPage(Page):
    """A page whose text is in a page cache under ``key``: loaded when read,
    or rendered again by ``render(*args)`` if the entry has gone since."""

    key: str
    render: Callable[..., str]
    args: tuple

    def content(self, cache: ContentCache | None = None) -> str:
        text = cache.get(self.key) if cache is not None else None
        return text if text is not None else self.render(*self.args)

    def cache_key(self) -> str:
        return self.key


@dataclass(frozen=True)
class SourceCopy(Page):
    """A source file published as it is, read when the writer needs its
    bytes; ``key`` is the source's cache key, which hashes those bytes."""

    path: Path
    key: str

    def content(self, cache: ContentCache | None = None) -> bytes:
        return self.path.read_bytes()

    def cache_key(self) -> str:
        return self.key


class PageSet(MutableMapping):
    """A build's pages by path: text, bytes or a ``Page`` (in the page cache
    ``cache``, a source published as it is, a file in parts), loaded or joined
    only when read. So a build does not hold every page's text at once, and
    the writer, told a page's cache key (``cache_key``), skips a page whose
    key is the one it wrote last time without loading or hashing it."""

    def __init__(self, cache: ContentCache | None = None, pages: dict | None = None):
        self.cache = cache
        self._pages: dict[str, str | bytes | Page] = dict(pages or {})

    def __getitem__(self, path: str) -> str | bytes:
        value = self._pages[path]
        return value.content(self.cache) if isinstance(value, Page) else value

    def __setitem__(self, path: str, value: str | bytes | Page) -> None:
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
        return value.parts() if isinstance(value, Page) else None

    def cache_key(self, path: str) -> str | None:
        """The cache key a page's bytes are known by (a cached page, a source copy)."""
        value = self._pages.get(path)
        return value.cache_key() if isinstance(value, Page) else None
