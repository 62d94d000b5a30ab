"""The only code that knows the order of the stages.

    read -> split -> normalise -> curate -> render

``build(config)`` returns pages in memory and writes nothing, so the CLI, the
MkDocs hook and the tests share one path; ``write.write_pages`` puts them on disk.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable

from .config import BuildConfig
from .corpus.disagreements import Disagreements, find_disagreements, update_disagreements
from .corpus.stories import Fingerprint, StoryConfig, StoryLinks, link_stories
from .incremental import sources as changes
from .incremental.state import BuildState, part
from .incremental.store import (CachedPage, ContentCache, MemoTable, PageSet, SourceCopy, code_version,
                                glossary_version, load, registry_version, store)
from .model import Briefing, BuildResult, Problem, quoted_sentences, sorted_problems, sorted_unknowns
from .paths import tell_apart
from .parallel import can_fork, collector_paused, render_missing
from .read.discover import discover_sources, relative_name, source_tree
from .registry import load_glossary, load_registry
from .render.briefing import (display_title, index_month_pages, link_key, render_briefing, render_glossary, render_home,
                              render_index, render_search_page)
from .render.entities import (entity_counts, entity_pages, mention_index, related_briefings, render_curation,
                              render_entity_index, roles_by_organisation)
from .render.markup import link
from .render.stories import (feed_pages, group_by_story, pack_pages, render_figures_page, render_figures_table,
                             render_story, render_story_index, render_timeline, tagged_briefings)
from .render.urls import CURATION_PAGE, ENTITY_FOLDERS, briefing_path, raw_path, story_path
from .write import WriteReport, generated_files_intact, write_result


def link_to_story(story_id: str, reports: list[Briefing]) -> str:
    return link(display_title(reports[0]), "../" + story_path(story_id))




def _page_salt(code: str, registry_dir: Path) -> str:
    """What every page cache entry depends on: the build code (``code``) and
    ``glossary.yml``, whose terms a briefing page explains where its text uses
    them. (The registry's acronyms are glossary terms too, each meaning its
    entry's name: they are names of the entry, so an edit to it extracts
    again, and renders again, every source whose text has one.)"""
    return code + glossary_version(registry_dir)


LAST_BUILD = "last-build.pickle"


def build_stamp(config: BuildConfig, salt: str, tree: list[Path] | None = None,
                statuses: dict[str, os.stat_result] | None = None) -> str:
    """A hash of everything a build reads: the build code and registry
    (``salt``), its settings, and the path, size and modification time of
    every file under sources/ (``tree``, its ``source_tree``; as make and
    git's index, by stat). Each file's ``lstat``, by its path as a string,
    goes into ``statuses`` if given, so the build does not ask again."""
    digest = hashlib.sha256(f"{salt}\0{config!r}\0".encode("utf-8"))
    inside = relative_name(config)
    for path in tree if tree is not None else source_tree(config):
        try:
            status = path.lstat()
        except OSError:
            continue
        if statuses is not None:
            statuses[str(path)] = status
        digest.update(f"{inside(path)}\0{status.st_size}\0"
                      f"{status.st_mtime_ns}\0{status.st_mode}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def record_build(config: BuildConfig, result: BuildResult) -> None:
    """Remember a build whose pages were written, so that the next build with
    the same stamp can stop early (``up_to_date``)."""
    if not config.cache or result.stamp is None or not result.complete or result.up_to_date:
        return
    # What changed since the build before is not kept: a build that stops early changed nothing.
    kept = replace(result, pages={}, briefings=(), briefing_count=result.articles, page_sources={},
                   changed_sources=(), removed_sources=(), registry_edits=(), extracted_again=(),
                   reported_before=frozenset(), up_to_date=True)
    store(config.cache_dir / LAST_BUILD, kept)


def _recorded_build(config: BuildConfig) -> BuildResult | None:
    """The last recorded build's result (see ``record_build``), if any."""
    last = load(config.cache_dir / LAST_BUILD) if config.cache else None
    return last if isinstance(last, BuildResult) else None


def _still_current(last: BuildResult | None, config: BuildConfig, stamp: str) -> bool:
    """The recorded build read exactly what this one would, and its pages
    are still on disk as it wrote them."""
    return last is not None and last.stamp == stamp and generated_files_intact(config.docs_dir)


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
    salt = _salt(config, code, registry_key)
    tree = source_tree(config)
    statuses: dict[str, os.stat_result] = {}
    stamp = build_stamp(config, salt, tree, statuses)
    last = _recorded_build(config)
    reported = frozenset(last.problems) if last is not None else frozenset()
    checked = ("up-to-date check", time.perf_counter() - started)
    # A long-lived caller's first build runs in full even when up to date, so
    # that its memory holds every result before the first edit.
    if (memory is None or memory.used) and _still_current(last, config, stamp):
        return replace(last, timings=(checked,), reported_before=reported)
    with collector_paused():
        result = _build(config, progress, code, registry_key, memory, tree, statuses)
    return replace(result, stamp=stamp, timings=(checked, *result.timings), reported_before=reported)


class _Laps:
    """Seconds per stage of a build, for ``build --timings`` and the benchmark."""

    def __init__(self):
        self.laps: list[tuple[str, float]] = []
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self.last))
        self.last = now


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
    collector is paused around both (``parallel.collector_paused``); see
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


def _load_curation(config: BuildConfig, salt: str, memory: BuildState | None):
    """The registry, the glossary and their problems; under `mkdocs serve`
    kept in memory while the registry's files (part of ``salt``) are unchanged."""
    kept = part(memory, "registry")
    if kept is not None and salt in kept:
        registry, glossary, problems = kept[salt]
        return registry, glossary, list(problems)
    registry, problems = load_registry(config.registry_dir, config.root)
    glossary = None
    if registry is not None:
        glossary, glossary_problems = load_glossary(config.registry_dir, config.root, registry)
        problems += glossary_problems
        if kept is not None:
            kept.clear()
            kept[salt] = (registry, glossary, tuple(problems))
    return registry, glossary, problems


def _remembered(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                inputs: Callable[[Briefing], bytes],
                keep: Callable[[dict, dict[str, Briefing]], dict],
                restore: Callable[[dict, dict[str, Briefing]], dict],
                context: str = "") -> tuple[dict | None, Callable[[dict], None]]:
    """The last build's result of a site-wide stage when every briefing's
    ``inputs`` (a digest of what the stage reads of it, ``_Inputs``), in
    order, are as they were: an edit that names no new entity leaves the
    related briefings as they were (about 1 s at 10,000 sources); else None. With it, what keeps this build's result for the
    next (by slug, ``keep``; given back with its briefings, ``restore``).
    ``context``: what else the stage reads (the sources built), compared
    with the slugs: when either changed, nothing is
    worked out to compare (in the memo's name, it made a new memo, whose
    inputs were worked out for nothing: 0.7 s of adding a source at 10,000)."""
    if page_cache is None:
        return None, lambda result: None
    key = page_cache.key(f"site-wide/{name}", b"", None)
    last = page_cache.get(key)
    slugs = hashlib.blake2b("\0".join([context, *(b.slug for b in briefings)]).encode("utf-8", "surrogateescape"),
                            digest_size=16).digest()
    last = last if isinstance(last, tuple) and len(last) == 3 else None
    if last is not None and last[0] != slugs:
        # Briefings came or went (a source added or deleted), or the context changed: so
        # nothing is worked out to compare; the next build keeps what it computes.
        page_cache.put(key, (slugs, None, None))
        return None, lambda result: None
    digest = hashlib.blake2b(digest_size=16)
    for briefing in briefings:
        digest.update(inputs(briefing))
    by_slug = {b.slug: b for b in briefings}
    if last is not None and last[1] == digest.digest():
        return restore(last[2], by_slug), lambda result: None
    return None, lambda result: page_cache.put(key, (slugs, digest.digest(), keep(result, by_slug)))


def _same(value, _by_slug=None):
    return value


def _remembered_or_computed(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                            inputs: Callable[[Briefing], bytes], compute: Callable[[list[Briefing]], dict],
                            keep: Callable[[dict, dict[str, Briefing]], dict] | None = None,
                            restore: Callable[[dict, dict[str, Briefing]], dict] | None = None,
                            unchanged: Callable[[], None] | None = None, context: str = ""):
    """``compute(briefings)``, or the last build's result (see ``_remembered``;
    ``keep`` and ``restore`` default to keeping it as it is), and then
    ``unchanged()`` if given (a stage's lap)."""
    found, kept = _remembered(page_cache, name, briefings, inputs, keep or _same, restore or _same, context)
    if found is None:
        found = compute(briefings)
        kept(found)
    elif unchanged is not None:
        unchanged()
    return found


def _related_slugs(found: dict, _by_slug=None) -> dict:
    return {slug: [b.slug for b in others] for slug, others in found.items()}


def _related_from_slugs(kept: dict, by_slug: dict[str, Briefing]) -> dict:
    return {slug: [by_slug[o] for o in others] for slug, others in kept.items()}


def _related_inputs(briefing: Briefing) -> str:
    return f"{briefing.slug}\x1f{briefing.sort_key!r}\x1f{briefing.story}\x1f{','.join(sorted(briefing.entity_ids))}"


def _disagreements_updated(page_cache: ContentCache | None, briefings: list[Briefing],
                           content_key: dict[str, str]) -> dict:
    """``find_disagreements``: when every briefing has a content key, updated
    from the state the last build kept (``update_disagreements``), and the
    new state kept for the next."""
    if page_cache is None or len(content_key) < len(briefings):
        return find_disagreements(briefings)
    key = page_cache.key("site-wide/disagreements", b"", None)
    last = page_cache.get(key)
    found, kept = update_disagreements(briefings, content_key, last if isinstance(last, Disagreements) else None)
    if kept != last:
        page_cache.hold(key, kept)  # any earlier state is as good a start: under `mkdocs serve`, kept in memory only
    return found


def _render_briefing_page(briefing: Briefing, page: str, registry, related: list[Briefing], story_line: str | None,
                          disagreements: dict, glossary) -> str:
    return render_briefing(briefing, registry, related, story_line,
                           render_figures_table(briefing, disagreements, page), glossary)


def _entity_pages(briefings: list[Briefing], registry, tagged: dict, known_sources: frozenset[str],
                  lap: Callable[[str], None], memo=None) -> dict:
    """The people, organisation and topic pages (with their months, for a long
    listing: through ``memo``, if given, see ``archive_pages``) and their indexes."""
    pages: dict = {}
    mentions = mention_index(briefings)
    roles_at = roles_by_organisation(briefings)
    lines: dict[str, str] = {}  # each briefing's line on the archive pages, made once
    for entity in registry.entities.values():
        pages.update(entity_pages(entity, registry, briefings, mentions, tagged, roles_at, known_sources, lines,
                                  memo))
    counts = entity_counts(briefings)
    for kind, folder in ENTITY_FOLDERS.items():
        pages[f"{folder}/index.md"] = render_entity_index(kind, registry, briefings, counts)
    lap("people, organisation and topic pages")
    return pages


def _entity_page_inputs(briefing: Briefing) -> str:
    """All the people, organisation and topic pages read of a briefing: where
    it sorts and its story, what a listing line shows (titles, date, outlet,
    event date), the entities it names, its people in the registry with their
    roles, and the sentence quoted for each person and organisation (a
    topic's page quotes none)."""
    entities = briefing.entities
    quoted = [(entity, sentence) for entity, sentence in entities.quoted or quoted_sentences(entities.mentions)
              if not entity.startswith("topic/")]
    return repr((briefing.slug, briefing.sort_key, briefing.story, briefing.title, briefing.title_en, briefing.date,
                 briefing.time, briefing.outlet, briefing.event.date if briefing.event else None,
                 sorted(briefing.entity_ids), [person for person in entities.people if person.id], quoted))


class _Inputs:
    """What each site-wide memo reads of each briefing (``inputs`` of
    ``_remembered``), worked out once a build for the memos that share it;
    under `mkdocs serve` (``memory``) kept between builds by what the briefing
    is made of (its content key: its source, sidecar, the registry and the
    code) with its slug and story, so that an edit works out its own
    briefing's again, not 10,000 (0.5-0.6 s of an edit at 10,000 sources).
    A briefing without a content key (no cache) is worked out each build.
    Kept as digests, not text: the entity pages' inputs quote sentences, and
    the timeline's and indexes' repeat them (tens of megabytes at 10,000
    sources, for the whole build)."""

    def __init__(self, content_key: dict[str, str], memory: BuildState | None):
        self._content_key = content_key
        self._now: dict[tuple, bytes] = {}
        self._last: dict[tuple, bytes] = {}
        if memory is not None:  # this build's replace the last build's: only those in use are kept
            self._last = memory.inputs
            memory.inputs = self._now

    def of(self, kind: str, compute: Callable[[Briefing], str]) -> Callable[[Briefing], bytes]:
        """A digest of ``compute`` (the memo ``kind``'s inputs), looked up before it is worked out."""
        now, last, content_key = self._now, self._last, self._content_key

        def inputs(briefing: Briefing) -> bytes:
            key = (kind, content_key.get(briefing.slug), briefing.slug, briefing.story)
            found = now.get(key)
            if found is None:
                found = last.get(key) if key[1] is not None else None
                if found is None:
                    found = hashlib.blake2b(compute(briefing).encode("utf-8", "surrogateescape"),
                                            digest_size=16).digest()
                now[key] = found
            return found

        return inputs


def _entity_inputs(inputs: _Inputs) -> Callable[[Briefing], bytes]:
    """``_entity_page_inputs``, through ``inputs`` (shared by the entity, index and timeline memos)."""
    return inputs.of("entity-pages", _entity_page_inputs)


def _entity_pages_remembered(page_cache: ContentCache | None, briefings: list[Briefing], registry, tagged: dict,
                             known_sources: frozenset[str], lap: Callable[[str], None],
                             inputs: _Inputs, registry_key: str) -> dict[str, str | CachedPage]:
    """``_entity_pages`` (kept in the page cache, see ``_pages_remembered``),
    or the last build's when nothing they read changed
    (``_entity_page_inputs``; the code is in the cache's salt, the whole
    registry, which they read, ``registry_key``, in the memo's name, and
    the sources a person's roles link to in its context): an edit to a
    clipping's text under `mkdocs serve` leaves them as they were (1 s at
    10,000 sources, with the months of long listings)."""
    return _pages_remembered(
        page_cache, f"entity-pages/{registry_key}", briefings, _entity_inputs(inputs),
        lambda found: (_entity_pages(found, registry, tagged, known_sources, lap), None),
        unchanged=lambda: lap("people, organisation and topic pages (unchanged)"),
        context="\0".join(sorted(known_sources)))[0]


def _timeline_remembered(page_cache: ContentCache | None, briefings: list[Briefing], stories: dict,
                         inputs: _Inputs) -> dict[str, str | CachedPage]:
    """The timeline (kept in the page cache, see ``_pages_remembered``), or
    the last build's when nothing it reads changed: what the entity pages
    read of each briefing (``inputs``: its story, titles, dates, outlet,
    entities) and its event."""
    entity_inputs = _entity_inputs(inputs)
    return _pages_remembered(
        page_cache, "timeline", briefings,
        inputs.of("timeline", lambda b: f"{entity_inputs(b).hex()}\x1f{b.event!r}"),
        lambda found: (render_timeline(found, stories), None))[0]


def _index_pages(briefings: list[Briefing], registry, sources_built: int,
                 lap: Callable[[str], None]) -> tuple[dict[str, str], list]:
    """The curation page, the home page and the index of all briefings (its
    months' pages are kept in the page cache one by one: ``index_month_pages``);
    the unknown names."""
    unknown = sorted_unknowns(u for b in briefings for u in b.entities.unknown)
    pages = {CURATION_PAGE: render_curation(unknown, registry, briefings),
             "index.md": render_home(briefings, registry, sources=sources_built), **render_index(briefings)}
    lap("curation, home and indexes")
    return pages, unknown


def _index_pages_remembered(page_cache: ContentCache | None, briefings: list[Briefing], registry,
                            sources_built: int, lap: Callable[[str], None],
                            inputs: _Inputs, registry_key: str) -> tuple[dict[str, str | CachedPage], list]:
    """``_index_pages`` (kept in the page cache, see ``_pages_remembered``),
    or the last build's when nothing they read changed: what the entity
    pages read of each briefing (``inputs``) and the names it found that the
    registry lacks (and the count of sources built); they read the whole
    registry (``registry_key``, in the memo's name)."""
    entity_inputs = _entity_inputs(inputs)
    return _pages_remembered(
        page_cache, f"index-pages/{registry_key}", briefings,
        inputs.of("index-pages", lambda briefing: entity_inputs(briefing).hex() + repr(briefing.entities.unknown)),
        lambda found: _index_pages(found, registry, sources_built, lap),
        unchanged=lambda: lap("curation, home and indexes (unchanged)"), context=str(sources_built))


def _pages_remembered(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                      inputs: Callable[[Briefing], bytes],
                      make: Callable[[list[Briefing]], tuple[dict[str, str], object]],
                      unchanged: Callable[[], None] | None = None, context: str = "") -> tuple[dict, object]:
    """Site-wide pages and a value made with them, ``make(briefings)``, or the
    last build's (``_remembered_or_computed``). The pages are kept in the page
    cache, each under a key of its path and text, and given as references to
    it (``CachedPage``): the build does not hold their text (with the memos'
    inputs kept as digests, 110 MB off a cold build's peak at 10,000
    sources: 598-601 -> 484-488 MB), the memo keeps their keys, not a pickle
    of their text, and the writer skips a page it wrote from the same key
    without loading or hashing it. A page that could not be put in the cache
    is kept as text; one gone when the writer reads it is made again."""
    again = _PagesAgain(lambda: make(briefings)[0])

    def made(found: list[Briefing]) -> tuple[dict, object]:
        pages, value = make(found)
        left, keys = _keep_in_cache(pages, page_cache)
        return {path: left[path] if path in left else CachedPage(keys[path], again, (path,)) for path in pages}, value

    def keep(result: tuple[dict, object], _by_slug=None) -> tuple[dict, object]:
        pages, value = result
        return {path: (page.key, None) if isinstance(page, CachedPage) else (None, page)
                for path, page in pages.items()}, value

    def restore(kept: tuple[dict, object], _by_slug=None) -> tuple[dict, object]:
        pages, value = kept
        references = _references(page_cache, {path: key for path, (key, _) in pages.items() if key is not None}, again)
        return {path: references.get(path, text) for path, (_, text) in pages.items()}, value

    return _remembered_or_computed(page_cache, name, briefings, inputs, made, keep, restore, unchanged, context)


BESIDE = " (second process)"  # marks the stage times of the second process: not part of the build's own


class _SideWork:
    """Work a forked process does while the build goes on: related briefings
    (when not remembered; sent first, as the briefing pages need them), then
    the people, organisation and topic pages, which nothing else in the
    build reads (the curation, home and index pages the build makes itself
    meanwhile: at 10,000 sources, with the entities' months, the two
    processes' shares are then about even). It inherits the briefings instead
    of receiving them pickled, and sends back slugs, and its pages as keys of
    the page cache it put them in (``_keep_in_cache``): adding a source at
    10,000 sources took 8-9 s instead of 12.6-13. If it fails, the build does
    that work itself. Not under `mkdocs serve`, whose threads make forking
    unsafe."""

    def __init__(self, process, receiver, related: bool):
        self._process, self._receiver = process, receiver
        self._related_pending = related

    @classmethod
    def start(cls, page_cache: ContentCache | None, briefings: list[Briefing], registry, tagged: dict,
              known_sources: frozenset[str], related: bool, content_key: dict[str, str],
              registry_key: str) -> _SideWork | None:
        if not can_fork():
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        if page_cache is not None:
            page_cache.close()  # a forked process must not inherit the database's connection
        process = context.Process(target=_side_work, daemon=True,
                                  args=(sender, briefings, registry, tagged, known_sources, related, page_cache,
                                        content_key, registry_key))
        process.start()
        sender.close()
        return cls(process, receiver, related)

    def _receive(self, kind: str):
        """The next message's contents if it is ``kind``; else (a failure) None, and the process is done."""
        if self._process is None:
            return None
        try:
            message = self._receiver.recv()
        except (EOFError, OSError):
            message = ("failed",)
        if message[0] != kind:
            self.close()
            return None
        return message[1:]

    def related(self) -> dict | None:
        """Related briefings as slugs; None if the process failed."""
        self._related_pending = False
        found = self._receive("related")
        return found[0] if found is not None else None

    def pages(self) -> tuple[dict[str, str], dict[str, str], list] | None:
        """The pages (their text; path -> cache key of those it kept in the
        page cache) and the process's stage times; None if it failed."""
        if self._related_pending:  # not asked for: read past them
            self.related()
        found = self._receive("pages")
        self.close()
        return found

    def close(self) -> None:
        if self._process is not None:
            self._receiver.close()
            self._process.join()
            self._process = None


def _shown_key(page_cache: ContentCache | None, content_key: dict[str, str], page: str, shown: list) -> str | None:
    """The page cache key of what a page shows (``shown``: briefings, by
    their content keys, and plain values), or None when there is no cache or
    a briefing has no key."""
    if page_cache is None:
        return None
    parts = []
    for item in shown:
        if isinstance(item, Briefing):
            if item.slug not in content_key:
                return None
            parts.append(content_key[item.slug])
        elif type(item) is str and "\0" not in item:
            parts.append(item)  # as it is: repr() copied 280,000 of them at 10,000 sources
        else:
            parts.append(repr(item))
    return page_cache.key(page, "\0".join(parts).encode("utf-8"), None)


class _KeptBeside:
    """The per-page memo of the second process (``memo`` of ``archive_pages``):
    a page whose inputs are in the page cache is not rendered, the others are
    rendered and kept there together at the end (``put``); both are given as
    references (``CachedPage``), which the process sends as keys. The pages
    read the whole registry (an entity's title names its parent's):
    ``registry_key`` is in every key."""

    def __init__(self, page_cache: ContentCache, content_key: dict[str, str], registry_key: str):
        self._page_cache, self._content_key, self._registry_key = page_cache, content_key, registry_key
        self._new: list[tuple[str, bytes]] = []

    def __call__(self, page: str, shown: list, render: Callable[..., str], *args) -> str | CachedPage:
        key = _shown_key(self._page_cache, self._content_key, page, [self._registry_key, *shown])
        if key is None:
            return render(*args)
        if not self._page_cache.has(key):
            self._new.append((key, pickle.dumps(render(*args), pickle.HIGHEST_PROTOCOL)))
        return CachedPage(key, render, args)

    def put(self) -> bool:
        """Keep the pages rendered in the page cache (one transaction); False if they could not be."""
        return not self._new or self._page_cache.put_pickled(self._new)


def _keep_in_cache(pages: dict[str, str], page_cache: ContentCache | None) -> tuple[dict[str, str], dict[str, str]]:
    """Put ``pages`` in the page cache, each under a key of its path and text:
    (the pages that could not be put there, path -> the key of each that was)."""
    if page_cache is None:
        return pages, {}
    keys = {path: page_cache.key(path, text.encode("utf-8", "surrogateescape"), None) for path, text in pages.items()}
    new = [path for path, key in keys.items() if not page_cache.has(key)]
    # One transaction for all (a cold build puts 600 of them while the build puts its rendered pages).
    if new and not page_cache.put_pickled([(keys[path], pickle.dumps(pages[path], pickle.HIGHEST_PROTOCOL))
                                           for path in new]):
        return {path: pages[path] for path in new}, {path: key for path, key in keys.items() if path not in new}
    return {}, keys


def _references(page_cache: ContentCache, keys: dict[str, str], again: Callable[[str], str]) -> dict[str, CachedPage]:
    """References to pages an earlier step kept in the page cache (path ->
    key), each counted as used by this build (kept by its prune), made
    again by ``again(path)`` if gone when read."""
    for key in keys.values():
        page_cache.has(key)
    return {path: CachedPage(key, again, (path,)) for path, key in keys.items()}


class _PagesAgain:
    """Pages made again in this process, once (``make()``), for a page kept
    in the page cache that is gone when the writer reads it (another build
    pruned it meanwhile)."""

    def __init__(self, make: Callable[[], dict[str, str]]):
        self._make, self._pages = make, None

    def __call__(self, path: str) -> str:
        if self._pages is None:
            self._pages = self._make()
        return self._pages[path]


def _side_work(sender, briefings, registry, tagged, known_sources, related: bool,
               page_cache: ContentCache | None, content_key: dict[str, str], registry_key: str) -> None:
    """In the forked process: see ``_SideWork``. The related briefings (1 MB
    at 10,000 sources, more than a pipe holds) are sent by a thread, so that
    the pages are made while the build has not read them yet."""
    sending = None
    try:
        lap = _Laps()
        if related:
            message = ("related", _related_slugs(related_briefings(briefings)))
            sending = threading.Thread(target=sender.send, args=(message,))
            sending.start()
            lap("related briefings")
        # Kept in the page cache, and sent as keys: the build holds no copy of their text (30 MB at
        # 10,000 sources, with the months of long listings), and the writer skips those it wrote last time.
        # The months' pages are kept under what they list, and made only when that changed.
        memo = _KeptBeside(page_cache, content_key, registry_key) if page_cache is not None else None
        made = _entity_pages(briefings, registry, tagged, known_sources, lap, memo)
        pages, kept = _keep_in_cache({path: page for path, page in made.items() if isinstance(page, str)}, page_cache)
        if memo is not None and memo.put():
            kept.update((path, page.key) for path, page in made.items() if isinstance(page, CachedPage))
        else:  # not kept: sent as text
            pages.update((path, page.render(*page.args)) for path, page in made.items() if isinstance(page, CachedPage))
        if sending is not None:
            sending.join()
        sender.send(("pages", pages, kept, lap.laps))
    except BaseException as exc:  # the build does the work itself
        try:
            if sending is not None:
                sending.join()
            sender.send(("failed", f"{type(exc).__name__}: {exc}"))
        except Exception:
            pass
    finally:
        sender.close()


def _salt(config: BuildConfig, code: str, registry_key: str) -> str:
    """What every source's outcome depends on besides its own bytes: the
    build code, the registry, and where the sources are (its messages name
    the folder)."""
    return code + registry_key + "|" + config.display(config.sources_dir)


def _build(config: BuildConfig, progress, code: str, registry_key: str, memory: BuildState | None, tree: list[Path],
           statuses: dict[str, os.stat_result] | None = None) -> BuildResult:
    """A build (see ``build``): ``code`` and ``registry_key`` are the versions of the build code and
    the registry, which every source's outcome depends on (the cache's salt)."""
    lap = _Laps()
    salt = _salt(config, code, registry_key)
    if memory is not None:
        memory.used = True
    registry, glossary, problems = _load_curation(config, salt, memory)
    if registry is None:
        problems.append(Problem(config.display(config.registry_dir), 0, "error",
                                "the registry has errors (each listed with its file and line); "
                                "nothing was built or changed"))
        return BuildResult({}, (), sorted_problems(problems), 0, 0, complete=False)
    paths, discovered, unread_folders = discover_sources(config, tree)
    problems += discovered
    advance = progress(len(paths)) if progress else None
    entries = changes.registry_entries(registry)
    lap("registry and list of sources")
    processed = changes.process_all(paths, config, registry, advance, code, salt, memory, entries, statuses)
    outcomes, keys = processed.outcomes, processed.keys
    lap("sources (read, extract or from the cache)")
    # A briefing's content key: its source's cache key, its part and what its pages read of the
    # registry. Pages are cached under the content keys of the briefings they show, not their text;
    # an edit to the registry renders again only the pages of the briefings it changes.
    content_key: dict[str, str] = {}
    shown_entries = changes.shown_entries(registry, entries)
    # The pages' salt: the code and glossary.yml; the rest of the registry is in the content keys,
    # or (for the pages that read all of it) ``registry_key``.
    page_salt = _page_salt(code, config.registry_dir)

    briefings: list[Briefing] = []
    fingerprints: list[Fingerprint] = []
    # Rendered pages are cached too, keyed by everything they show; and the last build's story links.
    page_cache = ContentCache(config.cache_dir.with_name("medreg-pages"), page_salt, part(memory, "pages")) \
        if config.cache else None
    pages = PageSet(page_cache)
    owners: dict[str, str] = {}
    page_sources: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    def shown(rel: str) -> str:  # as reports show a source; only computed for a problem
        return config.display(config.sources_dir / rel)

    for outcome, key in zip(outcomes, keys):
        problems += outcome.problems
        if outcome.failed:
            continue
        rel = outcome.rel
        digest = outcome.briefings[0].sha256
        if digest in by_hash:
            problems.append(Problem(shown(rel), 0, "warning",
                                    f"has the same bytes as {shown(by_hash[digest])}; delete one of them"))
        by_hash.setdefault(digest, rel)
        for briefing, fp in zip(outcome.briefings, outcome.fingerprints):
            path = briefing_path(briefing)
            if path in owners:
                problems.append(Problem(
                    shown(rel), briefing.line, "error",
                    f"its page {path} would overwrite the one built from {shown(owners[path])}"
                    f"{tell_apart(rel, owners[path])}; set a different 'slug:' in its sidecar",
                ))
                continue
            owners[path] = rel
            page_sources[path] = rel
            if key:
                content_key[briefing.slug] = f"{key}:{briefing.part}:{changes.registry_shown(briefing, shown_entries):x}"
            briefings.append(briefing)
            fingerprints.append(fp)
            if briefing.date and config.today and briefing.date > config.today and "date" not in briefing.curated:
                problems.append(Problem(shown(rel), briefing.date_line or briefing.line, "warning",
                                        f"the publication date {briefing.date} is in the future; check the source, "
                                        "or set 'date:' in its sidecar"))
        # The source as published: read from its file when the writer needs it (its key names its bytes).
        pages[raw_path(outcome.rel)] = SourceCopy(config.sources_dir / outcome.rel, key) if key else outcome.data
        page_sources[raw_path(outcome.rel)] = outcome.rel

    links_key = page_cache.key("story-links", b"", None) if page_cache is not None else None
    previous_links = page_cache.get(links_key) if page_cache is not None else None
    story_of, links = link_stories(briefings, StoryConfig(config.story_threshold, config.story_window_days),
                                   fingerprints, [content_key.get(b.slug) for b in briefings],
                                   previous_links if isinstance(previous_links, StoryLinks) else None)
    if page_cache is not None and links is not None and links != previous_links:
        page_cache.put(links_key, links)
    briefings = [b.with_story(story_of[b.slug]) for b in briefings]
    stories = group_by_story(briefings)
    lap("stories")
    tagged = tagged_briefings(briefings, registry)  # topic or organisation -> briefings, newest first
    known_sources = frozenset(o.rel for o in outcomes if not o.failed)
    sources_built = sum(not o.failed for o in outcomes)
    inputs = _Inputs(content_key, memory)
    related, keep_related = _remembered(page_cache, "related", briefings, inputs.of("related", _related_inputs),
                                        _related_slugs, _related_from_slugs)
    # Related briefings (unless remembered) and the entity, curation and index pages, which
    # nothing else waits for, in a second process while this one does the rest.
    side = (_SideWork.start(page_cache, briefings, registry, tagged, known_sources, related=related is None,
                            content_key=content_key, registry_key=registry_key)
            if memory is None and len(briefings) >= config.parallel.side_work_from else None)
    related_beside = side is not None and related is None
    lap("tagged briefings")
    disagreements = _disagreements_updated(page_cache, briefings, content_key)
    lap("disagreements")

    page_key = partial(_shown_key, page_cache, content_key)
    missing: list[tuple[str, CachedPage]] = []  # pages not in the cache: rendered together, below

    def cached(page: str, shown: list, render: Callable[..., str], *args) -> str | CachedPage:
        """A page: ``render(*args)``, kept in the page cache under what it
        shows; a reference the writer loads only if its file needs writing."""
        key = page_key(page, shown)
        if key is None:
            return render(*args)
        reference = CachedPage(key, render, args)
        if not page_cache.has(key):
            missing.append((page, reference))
        return reference

    link_keys: dict[str, str] = {}

    def linked(other: Briefing) -> str:
        """What a briefing page shows of ``other`` (``link_key``), worked out once a build."""
        if other.slug not in link_keys:
            link_keys[other.slug] = link_key(other)
        return link_keys[other.slug]

    for story_id, reports in stories.items():
        if len(reports) > 1:
            pages[story_path(story_id)] = cached(story_path(story_id), reports, render_story, story_id, reports,
                                                 registry)
    pages["stories/index.md"] = render_story_index(stories)
    pages["glossary/index.md"] = render_glossary(glossary)
    pages["find/index.md"] = render_search_page(config.search)
    figure_memo = MemoTable(page_cache, "figure-lines") if page_cache is not None else None

    def figure_lines(briefing: Briefing, flagged: frozenset, compute):
        if figure_memo is None or briefing.slug not in content_key:
            return compute()
        return figure_memo.get((content_key[briefing.slug], tuple(sorted(flagged, key=repr))), compute)

    lap("story pages")
    # Not cached whole (at 10,000 sources the figures files are 140 MB, changed by most additions):
    # joined again from the memo's lines, which are rendered only for changed briefings.
    pages.update(render_figures_page(briefings, registry, disagreements, figure_lines))
    lap("figures")
    if figure_memo is not None:
        figure_memo.save()
    pages.update(_timeline_remembered(page_cache, briefings, stories, inputs))
    pages.update(feed_pages(briefings, registry, config.site_url, config.directory_urls, tagged, memo=cached))
    pages.update(index_month_pages(briefings, memo=cached))
    pages.update(pack_pages(briefings, registry, stories, memo=cached, tagged=tagged))
    lap("timeline, feeds, packs")
    # Briefing pages last: they need the related briefings, which may come from the second process.
    if related is None:
        sent = side.related() if side is not None else None
        related = (_related_from_slugs(sent, {b.slug: b for b in briefings}) if sent is not None
                   else related_briefings(briefings))
        keep_related(related)
    lap("related briefings" + (" (waited for)" if related_beside else ""))
    for briefing in briefings:
        reports = stories[briefing.story]
        story_line = None
        if len(reports) > 1:
            others = len(reports) - 1
            story_line = (f"**Story:** {link_to_story(briefing.story, reports)} — this report and {others} "
                          f"other{'s' if others != 1 else ''} of the same story")
        page = briefing_path(briefing)
        # What the key-figures table shows besides the briefing: each flagged figure and the other report's link.
        flags: list = []
        if briefing.slug in disagreements:
            for position, other, other_figure in disagreements[briefing.slug]:
                flags += (repr((position, other_figure.value, other_figure.unit, other_figure.qualifier)),
                          linked(other))
        # Other briefings by what the page shows of them (``link_key``), not by all they are.
        # (The glossary is not in the key: it is in the page cache's salt.)
        pages[page] = cached(page, [briefing, *map(linked, related[briefing.slug]), story_line, "|", *flags],
                             _render_briefing_page, briefing, page, registry, related[briefing.slug], story_line,
                             disagreements, glossary)
    lap("briefing pages")
    if page_cache is not None:
        pages.update(render_missing(missing, page_cache, config.parallel if memory is None else None))
    lap("pages not in the cache")
    index_pages, unknown = _index_pages_remembered(page_cache, briefings, registry, sources_built, lap, inputs,
                                                   registry_key)
    pages.update(index_pages)
    found = side.pages() if side is not None else None
    if found is None:
        pages.update(_entity_pages_remembered(page_cache, briefings, registry, tagged, known_sources, lap, inputs,
                                              registry_key))
    else:
        texts, kept, laps = found
        pages.update(texts)
        again = _PagesAgain(lambda: _entity_pages(briefings, registry, tagged, known_sources, lambda stage: None))
        pages.update(_references(page_cache, kept, again))
        lap.laps += [(stage + BESIDE, seconds) for stage, seconds in laps]
        lap("entity pages (waited for)")
    if page_cache is not None:
        page_cache.prune()
        lap("cache pruned")
    return BuildResult(
        pages=pages,
        briefings=tuple(briefings),
        problems=sorted_problems(problems),
        sources_read=len(outcomes),
        sources_failed=sum(o.failed for o in outcomes),
        unknown=tuple(unknown),
        page_sources=page_sources,
        # A folder that could not be listed stands for every source in it: their pages are kept too.
        failed_sources=frozenset(o.rel for o in outcomes if o.failed) | unread_folders,
        changed_sources=tuple(outcomes[index].rel for index in processed.edited),
        registry_edits=processed.registry_edits,
        extracted_again=tuple(outcomes[index].rel for index in processed.extracted_again),
        removed_sources=tuple(processed.removed),
        # Short names only: a long one ("粤港澳大湾区临床试验协作平台") kept whole
        # would hide the words inside it (临床试验) from search.
        chinese_names=tuple(sorted({name for entity in registry.entities.values() for name in entity.names
                                    if len(name) <= 6 and any("\u4e00" <= c <= "\u9fff" for c in name)})),
        timings=tuple(lap.laps),
    )
