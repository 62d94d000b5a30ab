"""The pipeline: ``build(config)`` makes every page in memory and writes
nothing, so the command line, the MkDocs hook and the tests share one path;
``write_build`` builds and writes, as the command line and the hook do.

    read -> split -> normalise -> curate -> extract -> corpus -> render -> write

A build first asks whether the last recorded build is still current
(``incremental.last_build``): then it returns that build's result without
running, or even importing, the stages. Otherwise ``stages.run`` runs them
in order.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..collector import collector_paused
from ..config import BuildConfig
from ..incremental.last_build import build_stamp, current_build, record_build, recorded_build, source_salt
from ..incremental.state import BuildState
from ..incremental.store import code_version, registry_version
from ..model import BuildResult, Problem, sorted_problems
from ..read.discover import source_tree
from ..write import WriteReport, write_result

if TYPE_CHECKING:
    from ..per_source import SourceOutcome
    from ..registry import Registry

__all__ = ["Preview", "WrittenBuild", "build", "preview_sources", "record_build", "write_build"]


def build(config: BuildConfig,
          progress: Callable[[int], Callable[[int], object] | None] | None = None,
          memory: BuildState | None = None) -> BuildResult:
    """Build every page from the sources in ``config``. Writes nothing.

    When nothing it reads changed since the last recorded build and that
    build's pages are intact, returns that build's result, ``up_to_date``.
    ``progress``, if given, is called with the number of sources and may return
    a function that is called with 1 after each source (a progress bar).
    ``memory``, the ``BuildState`` a long-lived caller keeps between builds
    (the MkDocs hook under `mkdocs serve`), holds cache entries in memory too."""
    started = time.perf_counter()
    # What every cache entry depends on besides its own inputs: the build code and the registry.
    code, registry_key = code_version(), registry_version(config.registry_dir)
    tree = source_tree(config)
    statuses: dict = {}
    stamp = build_stamp(config, source_salt(config, code, registry_key), tree, statuses)
    last = recorded_build(config)
    reported = frozenset(last.problems) if last is not None else frozenset()
    # A long-lived caller's first build runs in full even when up to date, so
    # that its memory holds every result before the first edit.
    current = current_build(last, config, stamp) if memory is None or memory.used else None
    checked = ("up-to-date check", time.perf_counter() - started)
    if current is not None:
        return replace(current, timings=(checked,), reported_before=reported)
    from .stages import run  # the stages: imported only by a build with work to do
    with collector_paused():
        result = run(config, progress, code, registry_key, memory, tree, statuses)
    return replace(result, stamp=stamp, timings=(checked, *result.timings), reported_before=reported)


@dataclass(frozen=True)
class WrittenBuild:
    """A build and what writing its pages did (see ``write_build``)."""

    result: BuildResult
    report: WriteReport | None  # None: the build could not run (its problems say why); nothing was written
    problems: tuple[Problem, ...]  # the build's and the writer's, sorted
    write_seconds: float = 0.0


def write_build(config: BuildConfig, memory: BuildState | None = None, progress=None) -> WrittenBuild:
    """Build, write the pages, and record the build when the writer wrote
    every page: the sequence the command line and the MkDocs hook share. The
    collector is paused around both (``collector.collector_paused``); see
    ``build`` for ``memory`` and ``progress``."""
    with collector_paused():
        result = build(config, progress=progress, memory=memory)
        if not result.complete:
            return WrittenBuild(result, None, result.problems)
        started = time.perf_counter()
        report = write_result(result, config.docs_dir, config.root, memory=memory)
        seconds = time.perf_counter() - started
    if not report.problems:
        record_build(config, result)
    problems = sorted_problems((*result.problems, *report.problems)) if report.problems else result.problems
    return WrittenBuild(result, report, problems, seconds)


@dataclass(frozen=True)
class Preview:
    """What a build would make of some sources (see ``preview_sources``)."""

    outcomes: tuple[SourceOutcome, ...]  # one per path, in order
    registry: Registry | None  # None: the registry has errors, and nothing was extracted
    registry_problems: tuple[Problem, ...]


def preview_sources(paths: Sequence[Path], config: BuildConfig, extract: bool = True) -> Preview:
    """Read, split, normalise and curate each of ``paths`` (sidecars beside
    them included) as a build with ``config`` would, and, when ``extract``
    and the registry loads, find their people, organisations and figures.
    Writes nothing: what ``add`` shows an editor before and after copying."""
    from ..extract.entities import Extractor
    from ..per_source import extract_source, process_source
    from ..registry import load_registry

    registry, registry_problems = load_registry(config.registry_dir, config.root)
    outlets = registry.outlets if registry is not None else None
    outcomes = [process_source(path, config, outlets) for path in paths]
    if extract and registry is not None:
        extractor = Extractor(registry, config.display(config.sources_dir))
        outcomes = [extract_source(outcome, extractor) for outcome in outcomes]
    return Preview(tuple(outcomes), registry, tuple(registry_problems))
