"""Work shared among processes: the only module with state of its own, since a worker process or a forked renderer finds its
work in module globals (what a pool's initializer or a fork leaves there).

When a build shares work is a setting (``BuildConfig.parallel``, a
``Parallelism``): a process pool for many new sources, forked renderers
for many pages to render, a second process for the site-wide pages of a
large corpus (in ``pipeline``). Not under `mkdocs serve`, whose threads make
forking unsafe.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterator

from .config import BuildConfig, Parallelism
from .extract.entities import Extractor
from .incremental.store import CachedPage, ContentCache
from .per_source import SourceOutcome, cacheable, extract_source, process_source
from .registry import load_registry


# The process pool's per-worker state: each worker loads the registry once.
_WORKER: dict = {}
# [pages to render], for forked renderers to inherit.
_TO_RENDER: list = []
RENDER_PART = 200  # pages a forked renderer sends back at a time: the build holds a few parts at most


def _start_worker(config: BuildConfig, cache_folder: Path | None, salt: str) -> None:
    registry, _ = load_registry(config.registry_dir, config.root)
    _WORKER["config"], _WORKER["extractor"] = config, Extractor(registry, config.display(config.sources_dir))
    _WORKER["cache"] = ContentCache(cache_folder, salt) if cache_folder is not None else None
    # A worker's objects die with each source: the collector on (a forked
    # worker inherits the build's paused one), the registry kept out of its walks.
    gc.freeze()
    gc.enable()


def _work(job: tuple[Path, str | None]) -> tuple[SourceOutcome, bool]:
    """In a worker: a source's outcome, stored in the cache under ``job``'s
    key if given (here, not in the build: one process storing 10,000 entries
    after the pool had finished was 7 s); and whether it was stored. Two
    workers seldom wait on each other's write lock: a source takes 5 ms, its
    row 0.1 ms. (Sent back as an object, not as the cache's pickle: the pool
    pickles a chunk of outcomes at once, so the names they share arrive as
    one string each, 20 MB less at 10,000 sources than a pickle each.)"""
    path, key = job
    extractor = _WORKER["extractor"]
    outcome = cacheable(extract_source(process_source(path, _WORKER["config"], extractor.registry.outlets), extractor))
    cache = _WORKER["cache"]
    return outcome, key is not None and cache is not None and cache.put(key, outcome)  # bytes re-read, not shipped


def pool_for_sources(config: BuildConfig, count: int) -> bool:
    """Whether ``count`` sources to process are worth a process pool."""
    return count >= config.parallel.sources_from and config.parallel.cores() > 1


def outcomes_in_pool(config: BuildConfig, salt: str, jobs: list[tuple[Path, str | None]],
                     cache_folder: Path | None) -> Iterator[tuple[SourceOutcome, bool]]:
    """Each job's (source, cache key) outcome, in order, from a pool of
    worker processes, and whether the worker stored it in the cache in
    ``cache_folder`` (None: the caller stores it)."""
    with ProcessPoolExecutor(max_workers=config.parallel.cores(), initializer=_start_worker,
                             initargs=(config, cache_folder, salt)) as pool:
        yield from pool.map(_work, jobs, chunksize=32)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def render_missing(missing: list[tuple[str, CachedPage]], page_cache: ContentCache,
                   settings: Parallelism | None) -> dict[str, str]:
    """Render the pages not in the page cache and put them there; returns the
    text of those that could not be put there. Many pages (a cold build) are
    shared between forked processes, which inherit the build's memory instead
    of receiving it pickled, and send back each part's pages pickled, for
    this process to put in the cache (one writer: two renderers writing would
    wait on each other's lock); not under `mkdocs serve` (``settings`` None),
    whose cache lives in its own memory and whose threads make forking unsafe."""
    workers = settings.cores() if settings else 1
    if not (settings and workers > 1 and len(missing) >= settings.pages_from and can_fork()):
        return dict(_render_into(missing, page_cache))
    _TO_RENDER[:] = [missing]
    page_cache.close()  # a forked renderer must not inherit the database's connection
    unkept: dict[str, str] = {}
    try:
        starts = range(0, len(missing), RENDER_PART)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for start, part in zip(starts, pool.map(_render_part, starts)):
                references = missing[start:start + RENDER_PART]
                if not page_cache.put_pickled([(reference.key, data) for (_, reference), data in zip(references, part)]):
                    unkept.update((page, pickle.loads(data)) for (page, _), data in zip(references, part))
    finally:
        _TO_RENDER.clear()
    return unkept


def _render_into(missing: list[tuple[str, CachedPage]], page_cache: ContentCache) -> list[tuple[str, str]]:
    """Render each page into the cache; (page, text) of those it could not keep."""
    unkept = []
    for page, reference in missing:
        text = reference.render(*reference.args)
        if not page_cache.put(reference.key, text):
            unkept.append((page, text))
    return unkept


def _render_part(start: int) -> list[bytes]:
    """In a forked process: the pages of a part of what it inherited, each pickled."""
    return [pickle.dumps(reference.render(*reference.args), protocol=pickle.HIGHEST_PROTOCOL)
            for _, reference in _TO_RENDER[0][start:start + RENDER_PART]]
