"""What a build remembers of its site-wide results and pages, to do again
only what changed: related briefings, disagreements, the entity, timeline
and index pages (each kept in the page cache under what it was made of,
``Inputs``), and the second process that makes the related briefings and
entity pages of a large corpus while the build goes on (``SideWork``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
import threading
from collections.abc import Sequence
from typing import Callable

from ..corpus.disagreements import Disagreements, find_disagreements, update_disagreements
from ..model import Briefing, quoted_sentences, sorted_unknowns
from ..parallel import can_fork
from ..render.briefing import link_key, render_home, render_index
from ..render.entities import (entity_counts, entity_pages, mention_index, related_briefings, render_curation,
                               render_entity_index, roles_by_organisation)
from ..render.recipe import made_with, rendered
from ..render.stories import render_timeline
from ..render.urls import CURATION_PAGE, ENTITY_FOLDERS, HOME
from ..timings import Laps
from .state import BuildState
from .store import CachedPage, ContentCache


def remembered(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                inputs: Callable[[Briefing], bytes],
                keep: Callable[[dict, dict[str, Briefing]], dict],
                restore: Callable[[dict, dict[str, Briefing]], dict],
                context: str = "") -> tuple[dict | None, Callable[[dict], None]]:
    """The last build's result of a site-wide stage when every briefing's
    ``inputs`` (a digest of what the stage reads of it, ``Inputs``), in
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


def same(value, _by_slug=None):
    return value


def remembered_or_computed(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                            inputs: Callable[[Briefing], bytes], compute: Callable[[list[Briefing]], dict],
                            keep: Callable[[dict, dict[str, Briefing]], dict] | None = None,
                            restore: Callable[[dict, dict[str, Briefing]], dict] | None = None,
                            unchanged: Callable[[], None] | None = None, context: str = ""):
    """``compute(briefings)``, or the last build's result (see ``remembered``;
    ``keep`` and ``restore`` default to keeping it as it is), and then
    ``unchanged()`` if given (a stage's lap)."""
    found, kept = remembered(page_cache, name, briefings, inputs, keep or same, restore or same, context)
    if found is None:
        found = compute(briefings)
        kept(found)
    elif unchanged is not None:
        unchanged()
    return found


def related_slugs(found: dict, _by_slug=None) -> dict:
    return {slug: [b.slug for b in others] for slug, others in found.items()}


def related_from_slugs(kept: dict, by_slug: dict[str, Briefing]) -> dict:
    return {slug: [by_slug[o] for o in others] for slug, others in kept.items()}


def related_inputs(briefing: Briefing) -> str:
    return f"{briefing.slug}\x1f{briefing.sort_key!r}\x1f{briefing.story}\x1f{','.join(sorted(briefing.entity_ids))}"


def disagreements_updated(page_cache: ContentCache | None, briefings: list[Briefing],
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


def entity_and_index_pages(briefings: list[Briefing], registry, tagged: dict, known_sources: frozenset[str],
                  lap: Callable[[str], None], memo=None) -> dict:
    """The people, organisation and topic pages (with their months, for a long
    listing: ``archive_pages``' recipes, each given to ``memo(page, shown,
    render, *args)`` if given, else rendered) and their indexes."""
    pages: dict = {}
    mentions = mention_index(briefings)
    roles_at = roles_by_organisation(briefings)
    lines: dict[str, str] = {}  # each briefing's line on the archive pages, made once
    for entity in registry.entities.values():
        made = entity_pages(entity, registry, briefings, mentions, tagged, roles_at, known_sources, lines)
        pages.update(made_with(made, memo) if memo is not None else rendered(made))
    counts = entity_counts(briefings)
    for kind, folder in ENTITY_FOLDERS.items():
        pages[f"{folder}/index.md"] = render_entity_index(kind, registry, briefings, counts)
    lap("people, organisation and topic pages")
    return pages


def entity_page_inputs(briefing: Briefing) -> str:
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


class Inputs:
    """What each site-wide memo reads of each briefing (``inputs`` of
    ``remembered``), worked out once a build for the memos that share it;
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


def inputs_of_entity_pages(inputs: Inputs) -> Callable[[Briefing], bytes]:
    """``entity_page_inputs``, through ``inputs`` (shared by the entity, index and timeline memos)."""
    return inputs.of("entity-pages", entity_page_inputs)


def entity_pages_remembered(page_cache: ContentCache | None, briefings: list[Briefing], registry, tagged: dict,
                             known_sources: frozenset[str], lap: Callable[[str], None],
                             inputs: Inputs, registry_key: str) -> dict[str, str | CachedPage]:
    """``entity_and_index_pages`` (kept in the page cache, see ``pages_remembered``),
    or the last build's when nothing they read changed
    (``entity_page_inputs``; the code is in the cache's salt, the whole
    registry, which they read, ``registry_key``, in the memo's name, and
    the sources a person's roles link to in its context): an edit to a
    clipping's text under `mkdocs serve` leaves them as they were (1 s at
    10,000 sources, with the months of long listings)."""
    return pages_remembered(
        page_cache, f"entity-pages/{registry_key}", briefings, inputs_of_entity_pages(inputs),
        lambda found: (entity_and_index_pages(found, registry, tagged, known_sources, lap), None),
        unchanged=lambda: lap("people, organisation and topic pages (unchanged)"),
        context="\0".join(sorted(known_sources)))[0]


def timeline_remembered(page_cache: ContentCache | None, briefings: list[Briefing], stories: dict,
                         inputs: Inputs) -> dict[str, str | CachedPage]:
    """The timeline (kept in the page cache, see ``pages_remembered``), or
    the last build's when nothing it reads changed: what the entity pages
    read of each briefing (``inputs``: its story, titles, dates, outlet,
    entities) and its event."""
    entity_inputs = inputs_of_entity_pages(inputs)
    return pages_remembered(
        page_cache, "timeline", briefings,
        inputs.of("timeline", lambda b: f"{entity_inputs(b).hex()}\x1f{b.event!r}"),
        lambda found: (render_timeline(found, stories), None))[0]


def site_index_pages(briefings: list[Briefing], registry, sources_built: int,
                 lap: Callable[[str], None]) -> tuple[dict[str, str], list]:
    """The curation page, the home page and the index of all briefings (its
    months' pages are kept in the page cache one by one: ``index_month_pages``);
    the unknown names."""
    unknown = sorted_unknowns(u for b in briefings for u in b.entities.unknown)
    pages = {CURATION_PAGE: render_curation(unknown, registry, briefings),
             HOME: render_home(briefings, registry, sources=sources_built), **render_index(briefings)}
    lap("curation, home and indexes")
    return pages, unknown


def index_pages_remembered(page_cache: ContentCache | None, briefings: list[Briefing], registry,
                            sources_built: int, lap: Callable[[str], None],
                            inputs: Inputs, registry_key: str) -> tuple[dict[str, str | CachedPage], list]:
    """``site_index_pages`` (kept in the page cache, see ``pages_remembered``),
    or the last build's when nothing they read changed: what the entity
    pages read of each briefing (``inputs``) and the names it found that the
    registry lacks (and the count of sources built); they read the whole
    registry (``registry_key``, in the memo's name)."""
    entity_inputs = inputs_of_entity_pages(inputs)
    return pages_remembered(
        page_cache, f"index-pages/{registry_key}", briefings,
        inputs.of("index-pages", lambda briefing: entity_inputs(briefing).hex() + repr(briefing.entities.unknown)),
        lambda found: site_index_pages(found, registry, sources_built, lap),
        unchanged=lambda: lap("curation, home and indexes (unchanged)"), context=str(sources_built))


def pages_remembered(page_cache: ContentCache | None, name: str, briefings: list[Briefing],
                      inputs: Callable[[Briefing], bytes],
                      make: Callable[[list[Briefing]], tuple[dict[str, str], object]],
                      unchanged: Callable[[], None] | None = None, context: str = "") -> tuple[dict, object]:
    """Site-wide pages and a value made with them, ``make(briefings)``, or the
    last build's (``remembered_or_computed``). The pages are kept in the page
    cache, each under a key of its path and text, and given as references to
    it (``CachedPage``): the build does not hold their text (with the memos'
    inputs kept as digests, 110 MB off a cold build's peak at 10,000
    sources: 598-601 -> 484-488 MB), the memo keeps their keys, not a pickle
    of their text, and the writer skips a page it wrote from the same key
    without loading or hashing it. A page that could not be put in the cache
    is kept as text; one gone when the writer reads it is made again."""
    again = PagesAgain(lambda: make(briefings)[0])

    def made(found: list[Briefing]) -> tuple[dict, object]:
        pages, value = make(found)
        left, keys = keep_in_cache(pages, page_cache)
        return {path: left[path] if path in left else CachedPage(keys[path], again, (path,)) for path in pages}, value

    def keep(result: tuple[dict, object], _by_slug=None) -> tuple[dict, object]:
        pages, value = result
        return {path: (page.key, None) if isinstance(page, CachedPage) else (None, page)
                for path, page in pages.items()}, value

    def restore(kept: tuple[dict, object], _by_slug=None) -> tuple[dict, object]:
        pages, value = kept
        references = cached_references(page_cache, {path: key for path, (key, _) in pages.items() if key is not None}, again)
        return {path: references.get(path, text) for path, (_, text) in pages.items()}, value

    return remembered_or_computed(page_cache, name, briefings, inputs, made, keep, restore, unchanged, context)




class SideWork:
    """Work a forked process does while the build goes on: related briefings
    (when not remembered; sent first, as the briefing pages need them), then
    the people, organisation and topic pages, which nothing else in the
    build reads (the curation, home and index pages the build makes itself
    meanwhile: at 10,000 sources, with the entities' months, the two
    processes' shares are then about even). It inherits the briefings instead
    of receiving them pickled, and sends back slugs, and its pages as keys of
    the page cache it put them in (``keep_in_cache``): adding a source at
    10,000 sources took 8-9 s instead of 12.6-13. If it fails, the build does
    that work itself. Not under `mkdocs serve`, whose threads make forking
    unsafe."""

    def __init__(self, process, receiver, related: bool):
        self._process, self._receiver = process, receiver
        self._related_pending = related

    @classmethod
    def start(cls, page_cache: ContentCache | None, briefings: list[Briefing], registry, tagged: dict,
              known_sources: frozenset[str], related: bool, content_key: dict[str, str],
              registry_key: str) -> SideWork | None:
        if not can_fork():
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        if page_cache is not None:
            page_cache.close()  # a forked process must not inherit the database's connection
        process = context.Process(target=side_work, daemon=True,
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


def shown_key(page_cache: ContentCache | None, content_key: dict[str, str], page: str, shown: Sequence) -> str | None:
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


class PageMaker:
    """Pages kept in the page cache under what they show (``shown_key``):
    ``made(page, shown, render, *args)`` gives a reference the writer loads
    only if its file needs writing, and notes a page not in the cache yet in
    ``missing`` (rendered together later); with no cache, the page itself.
    ``linked(briefing)``: what a page shows of a briefing it links to
    (``link_key``), worked out once a build."""

    def __init__(self, page_cache: ContentCache | None, content_key: dict[str, str]):
        self._page_cache, self._content_key = page_cache, content_key
        self.missing: list[tuple[str, CachedPage]] = []
        self._link_keys: dict[str, str] = {}

    def __call__(self, page: str, shown: Sequence, render: Callable[..., str], *args) -> str | CachedPage:
        key = shown_key(self._page_cache, self._content_key, page, shown)
        if key is None:
            return render(*args)
        reference = CachedPage(key, render, args)
        if not self._page_cache.has(key):
            self.missing.append((page, reference))
        return reference

    def linked(self, other: Briefing) -> str:
        if other.slug not in self._link_keys:
            self._link_keys[other.slug] = link_key(other)
        return self._link_keys[other.slug]


class KeptBeside:
    """The per-page memo of the second process (``memo`` of ``archive_pages``):
    a page whose inputs are in the page cache is not rendered, the others are
    rendered and kept there together at the end (``put``); both are given as
    references (``CachedPage``), which the process sends as keys. The pages
    read the whole registry (an entity's title names its parent's):
    ``registry_key`` is in every key."""

    def __init__(self, page_cache: ContentCache, content_key: dict[str, str], registry_key: str):
        self._page_cache, self._content_key, self._registry_key = page_cache, content_key, registry_key
        self._new: list[tuple[str, bytes]] = []

    def __call__(self, page: str, shown: Sequence, render: Callable[..., str], *args) -> str | CachedPage:
        key = shown_key(self._page_cache, self._content_key, page, [self._registry_key, *shown])
        if key is None:
            return render(*args)
        if not self._page_cache.has(key):
            self._new.append((key, pickle.dumps(render(*args), pickle.HIGHEST_PROTOCOL)))
        return CachedPage(key, render, args)

    def put(self) -> bool:
        """Keep the pages rendered in the page cache (one transaction); False if they could not be."""
        return not self._new or self._page_cache.put_pickled(self._new)


def keep_in_cache(pages: dict[str, str], page_cache: ContentCache | None) -> tuple[dict[str, str], dict[str, str]]:
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


def cached_references(page_cache: ContentCache, keys: dict[str, str], again: Callable[[str], str]) -> dict[str, CachedPage]:
    """References to pages an earlier step kept in the page cache (path ->
    key), each counted as used by this build (kept by its prune), made
    again by ``again(path)`` if gone when read."""
    for key in keys.values():
        page_cache.has(key)
    return {path: CachedPage(key, again, (path,)) for path, key in keys.items()}


class PagesAgain:
    """Pages made again in this process, once (``make()``), for a page kept
    in the page cache that is gone when the writer reads it (another build
    pruned it meanwhile)."""

    def __init__(self, make: Callable[[], dict[str, str]]):
        self._make, self._pages = make, None

    def __call__(self, path: str) -> str:
        if self._pages is None:
            self._pages = self._make()
        return self._pages[path]


def side_work(sender, briefings, registry, tagged, known_sources, related: bool,
               page_cache: ContentCache | None, content_key: dict[str, str], registry_key: str) -> None:
    """In the forked process: see ``SideWork``. The related briefings (1 MB
    at 10,000 sources, more than a pipe holds) are sent by a thread, so that
    the pages are made while the build has not read them yet."""
    sending = None
    try:
        lap = Laps()
        if related:
            message = ("related", related_slugs(related_briefings(briefings)))
            sending = threading.Thread(target=sender.send, args=(message,))
            sending.start()
            lap("related briefings")
        # Kept in the page cache, and sent as keys: the build holds no copy of their text (30 MB at
        # 10,000 sources, with the months of long listings), and the writer skips those it wrote last time.
        # The months' pages are kept under what they list, and made only when that changed.
        memo = KeptBeside(page_cache, content_key, registry_key) if page_cache is not None else None
        made = entity_and_index_pages(briefings, registry, tagged, known_sources, lap, memo)
        pages, kept = keep_in_cache({path: page for path, page in made.items() if isinstance(page, str)}, page_cache)
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
