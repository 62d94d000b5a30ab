"""The last build, remembered: a build that would read exactly what it read,
with its pages on disk as it wrote them, stops early with its result.

A build's *stamp* hashes everything it reads: the build code and the registry
(the salt), its settings, and the path, size and modification time of every
file under sources/ (by stat, as make and git's index do). The result of a
build whose pages were all written is recorded under its stamp
(``record_build``); the next build with the same stamp, while every generated
file still has the size and time the manifest recorded, returns that result
(``current_build``) instead of running the stages.

This module and what it imports are light on purpose: the stages are not
imported for a build with nothing to do.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from ..config import BuildConfig
from ..model import BuildResult
from ..read.discover import relative_name
from ..write import generated_files_intact
from .store import load, store

LAST_BUILD = "last-build.pickle"


def source_salt(config: BuildConfig, code: str, registry_key: str) -> str:
    """What every source's outcome depends on besides its own bytes: the
    build code (``code``), the registry (``registry_key``), and where the
    sources are (its messages name the folder)."""
    return code + registry_key + "|" + config.display(config.sources_dir)


def build_stamp(config: BuildConfig, salt: str, tree: list[Path],
                statuses: dict[str, os.stat_result] | None = None) -> str:
    """A hash of everything a build reads: ``salt`` (the build code and the
    registry), its settings, and the path, size and modification time of
    every file in ``tree`` (its ``source_tree``). Each file's ``lstat``, by
    its path as a string, goes into ``statuses`` if given, so the build does
    not ask again."""
    digest = hashlib.sha256(f"{salt}\0{config!r}\0".encode("utf-8"))
    inside = relative_name(config)
    for path in tree:
        name = str(path)
        try:
            status = os.lstat(name)
        except OSError:
            continue
        if statuses is not None:
            statuses[name] = status
        digest.update(f"{inside(path)}\0{status.st_size}\0"
                      f"{status.st_mtime_ns}\0{status.st_mode}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def record_build(config: BuildConfig, result: BuildResult) -> None:
    """Remember a build whose pages were written, so that the next build with
    the same stamp can stop early (``current_build``)."""
    if not config.cache or result.stamp is None or not result.complete or result.up_to_date:
        return
    # What changed since the build before is not kept: a build that stops early changed nothing.
    kept = replace(result, pages={}, briefings=(), briefing_count=result.articles, page_sources={},
                   changed_sources=(), removed_sources=(), registry_edits=(), extracted_again=(),
                   reported_before=frozenset(), up_to_date=True)
    store(config.cache_dir / LAST_BUILD, kept)


def recorded_build(config: BuildConfig) -> BuildResult | None:
    """The last recorded build's result (see ``record_build``), if any."""
    last = load(config.cache_dir / LAST_BUILD) if config.cache else None
    return last if isinstance(last, BuildResult) else None


def current_build(last: BuildResult | None, config: BuildConfig, stamp: str) -> BuildResult | None:
    """``last``, up to date, when it read exactly what this build would
    (``stamp``) and its pages are still on disk as it wrote them; else None."""
    if last is None or last.stamp != stamp:
        return None
    intact = generated_files_intact(config.docs_dir)
    return replace(last, intact_files=intact) if intact is not None else None
