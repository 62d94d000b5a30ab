"""The order of the stages, for a build with work to do (``run``).

    read -> split -> normalise -> curate -> extract -> corpus -> render

Reached through ``pipeline.build``, which first asks whether the last build
is still current (``incremental.last_build``) and imports this module only
when it is not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from ..config import BuildConfig, search_engine
# Four stages are called through their modules (corpus_stories.link_stories, ...), so that a
# test can watch the stage itself: what it patches there, every caller sees.
from ..corpus import stories as corpus_stories
from ..corpus.stories import Fingerprint, StoryConfig, StoryLinks
from ..incremental import sources as changes
from ..incremental.pages import (Inputs, PageMaker, PagesAgain, SideWork, cached_references,
                                disagreements_updated, entity_and_index_pages, entity_pages_remembered,
                                index_pages_remembered, related_from_slugs, related_inputs, related_slugs, remembered,
                                timeline_remembered)
from ..incremental.last_build import source_salt
from ..incremental.state import BuildState, part
from ..incremental.store import ContentCache, MemoTable, PageSet, SourceCopy, glossary_version
from ..model import Briefing, BuildResult, Problem, sorted_problems
from ..paths import tell_apart
from ..parallel import render_missing
from ..read import discover
from ..registry import load_glossary, load_registry
from ..render import briefing as briefing_pages, entities as entity_pages
from ..render.briefing import (display_title, index_month_pages, render_glossary,
                              render_search_page)
from ..render.calendar import calendar_pages
from ..render.markup import link
from ..render.recipe import made_with
from ..render.stories import (feed_pages, group_by_story, pack_pages, render_figures_page, render_figures_table,
                             render_story, render_story_index, tagged_briefings)
from ..render.urls import GLOSSARY_PAGE, SEARCH_PAGE, STORIES_INDEX, briefing_path, raw_path, story_path
from ..timings import BESIDE, Laps


def link_to_story(story_id: str, reports: list[Briefing]) -> str:
    return link(display_title(reports[0]), "../" + story_path(story_id))


def page_salt(code: str, registry_dir: Path) -> str:
    """What every page cache entry depends on: the build code (``code``) and
    ``glossary.yml``, whose terms a briefing page explains where its text uses
    them. (The registry's acronyms are glossary terms too, each meaning its
    entry's name: they are names of the entry, so an edit to it extracts
    again, and renders again, every source whose text has one.)"""
    return code + glossary_version(registry_dir)


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


def _corpus(config: BuildConfig, gathered: _Gathered, registry, known_sources: frozenset[str],
            page_cache: ContentCache | None, memory: BuildState | None, registry_key: str, inputs: Inputs, lap: Laps):
    """The stories (linked again only where a report is new), the briefings
    of each topic and organisation, the disagreements, and the related
    briefings when the last build's still hold (else None: worked out in a
    second process started here with the entity pages, or later)."""
    briefings = gathered.briefings
    links_key = page_cache.key("story-links", b"", None) if page_cache is not None else None
    previous_links = page_cache.get(links_key) if page_cache is not None else None
    story_of, links = corpus_stories.link_stories(
        briefings, StoryConfig(config.story_threshold, config.story_window_days), gathered.fingerprints,
        [gathered.content_key.get(b.slug) for b in briefings],
        previous_links if isinstance(previous_links, StoryLinks) else None)
    if page_cache is not None and links is not None and links != previous_links:
        page_cache.put(links_key, links)
    briefings = [b.with_story(story_of[b.slug]) for b in briefings]
    stories = group_by_story(briefings)
    lap("stories")
    tagged = tagged_briefings(briefings, registry)  # topic or organisation -> briefings, newest first
    related, keep_related = remembered(page_cache, "related", briefings, inputs.of("related", related_inputs),
                                       related_slugs, related_from_slugs)
    # Related briefings (unless remembered) and the entity, curation and index pages, which
    # nothing else waits for, in a second process while this one does the rest.
    side = (SideWork.start(page_cache, briefings, registry, tagged, known_sources, related=related is None,
                           content_key=gathered.content_key, registry_key=registry_key)
            if memory is None and len(briefings) >= config.parallel.side_work_from else None)
    lap("tagged briefings")
    disagreements = disagreements_updated(page_cache, briefings, gathered.content_key)
    lap("disagreements")
    facts = SiteFacts(briefings, stories, tagged, disagreements, known_sources)
    return facts, related, keep_related, side


def _site_pages(config: BuildConfig, facts: SiteFacts, registry, glossary, made: PageMaker,
                page_cache: ContentCache | None, content_key: dict[str, str], inputs: Inputs, lap: Laps) -> dict:
    """The pages of stories, figures, the timeline, feeds, months and packs."""
    briefings, stories = facts.briefings, facts.stories
    pages: dict = {}
    for story_id, reports in stories.items():
        if len(reports) > 1:
            pages[story_path(story_id)] = made(story_path(story_id), reports, render_story, story_id, reports,
                                               registry)
    pages[STORIES_INDEX] = render_story_index(stories)
    pages[GLOSSARY_PAGE] = render_glossary(glossary)
    pages[SEARCH_PAGE] = render_search_page(config.search)
    figure_memo = MemoTable(page_cache, "figure-lines") if page_cache is not None else None

    def figure_lines(briefing: Briefing, flagged: frozenset, compute):
        if figure_memo is None or briefing.slug not in content_key:
            return compute()
        return figure_memo.get((content_key[briefing.slug], tuple(sorted(flagged, key=repr))), compute)

    lap("story pages")
    # Not cached whole (at 10,000 sources the figures files are 140 MB, changed by most additions):
    # joined again from the memo's lines, which are rendered only for changed briefings.
    pages.update(render_figures_page(briefings, registry, facts.disagreements, figure_lines))
    lap("figures")
    if figure_memo is not None:
        figure_memo.save()
    pages.update(timeline_remembered(page_cache, briefings, stories, inputs))
    pages.update(made_with(feed_pages(briefings, registry, config.site_url, config.directory_urls, facts.tagged),
                           made))
    pages.update(made_with(index_month_pages(briefings), made))
    pages.update(made_with(pack_pages(briefings, registry, stories, tagged=facts.tagged), made))
    pages.update(made_with(calendar_pages(briefings, registry, facts.tagged, config.site_url, config.directory_urls),
                           made))
    lap("timeline, feeds, packs")
    return pages


def _related_briefings(facts: SiteFacts, related: dict | None, keep_related, side, lap: Laps) -> dict:
    """The related briefings of each briefing: the last build's when they
    still hold, else the second process's, else worked out here (and kept)."""
    if related is not None:
        lap("related briefings")
        return related
    sent = side.related() if side is not None else None
    related = (related_from_slugs(sent, {b.slug: b for b in facts.briefings}) if sent is not None
               else entity_pages.related_briefings(facts.briefings))
    keep_related(related)
    lap("related briefings" + (" (waited for)" if side is not None else ""))
    return related


def _briefing_pages(facts: SiteFacts, related: dict[str, list[Briefing]], registry, glossary,
                    made: PageMaker) -> dict:
    """Each briefing's page, kept under what it shows: the briefing, its
    related briefings and disagreeing figures as links show them, its story."""
    pages: dict = {}
    for briefing in facts.briefings:
        reports = facts.stories[briefing.story]
        story_line = None
        if len(reports) > 1:
            others = len(reports) - 1
            story_line = (f"**Story:** {link_to_story(briefing.story, reports)} — this report and {others} "
                          f"other{'s' if others != 1 else ''} of the same story")
        page = briefing_path(briefing)
        # What the key-figures table shows besides the briefing: each flagged figure and the other report's link.
        flags: list = []
        if briefing.slug in facts.disagreements:
            for position, other, other_figure in facts.disagreements[briefing.slug]:
                flags += (repr((position, other_figure.value, other_figure.unit, other_figure.qualifier)),
                          made.linked(other))
        # Other briefings by what the page shows of them (``link_key``), not by all they are.
        # (The glossary is not in the key: it is in the page cache's salt.)
        pages[page] = made(page, [briefing, *map(made.linked, related[briefing.slug]), story_line, "|", *flags],
                           _render_briefing_page, briefing, page, registry, related[briefing.slug], story_line,
                           facts.disagreements, glossary)
    return pages


def _entity_pages(facts: SiteFacts, registry, side, page_cache: ContentCache | None, inputs: Inputs,
                  registry_key: str, lap: Laps) -> dict:
    """The people, organisation and topic pages and their indexes: from the
    second process when it made them, else here (each kept in the page cache)."""
    found = side.pages() if side is not None else None
    if found is None:
        return entity_pages_remembered(page_cache, facts.briefings, registry, facts.tagged, facts.known_sources, lap,
                                       inputs, registry_key)
    texts, kept, laps = found
    pages = dict(texts)
    again = PagesAgain(lambda: entity_and_index_pages(facts.briefings, registry, facts.tagged, facts.known_sources,
                                                      lambda stage: None))
    pages.update(cached_references(page_cache, kept, again))
    lap.laps += [(stage + BESIDE, seconds) for stage, seconds in laps]
    lap("entity pages (waited for)")
    return pages


def _render_briefing_page(briefing: Briefing, page: str, registry, related: list[Briefing], story_line: str | None,
                          disagreements: dict, glossary) -> str:
    return briefing_pages.render_briefing(briefing, registry, related, story_line,
                           render_figures_table(briefing, disagreements, page), glossary)


class _Gathered(NamedTuple):
    briefings: list[Briefing]
    fingerprints: list[Fingerprint]
    # A briefing's content key: its source's cache key, its part and what its pages read of the
    # registry. Pages are cached under the content keys of the briefings they show, not their text;
    # an edit to the registry renders again only the pages of the briefings it changes.
    content_key: dict[str, str]
    problems: list[Problem]


def _gather(config: BuildConfig, outcomes: list, keys: list, shown_entries: dict[str, int], pages: PageSet,
            page_sources: dict[str, str]) -> _Gathered:
    """The briefings of the sources' outcomes, in order, and their problems;
    each source's copy put in ``pages``. A source with the same bytes as
    another, a briefing whose page another took and a date in the future are
    reported here; a page is its first source's."""
    problems: list[Problem] = []
    briefings: list[Briefing] = []
    fingerprints: list[Fingerprint] = []
    content_key: dict[str, str] = {}
    owners: dict[str, str] = {}
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
    return _Gathered(briefings, fingerprints, content_key, problems)


@dataclass(frozen=True)
class SiteFacts:
    """What needs every briefing (corpus/), worked out once a build and read
    by the renderers: the briefings with their stories, the stories, the
    briefings on each topic and naming each organisation, and the figures
    outlets disagree on (by each briefing's figure positions)."""

    briefings: list[Briefing]
    stories: dict[str, list[Briefing]]  # story id -> its reports, the earliest first
    tagged: dict[str, list[Briefing]]  # topic or organisation id -> its briefings, newest first
    disagreements: dict
    known_sources: frozenset[str]  # the sources built


def run(config: BuildConfig, progress, code: str, registry_key: str, memory: BuildState | None, tree: list[Path],
        statuses: dict[str, os.stat_result] | None = None) -> BuildResult:
    """A build (see ``pipeline.build``): ``code`` and ``registry_key`` are the versions of the build code and
    the registry, which every source's outcome depends on (the cache's salt)."""
    lap = Laps()
    salt = source_salt(config, code, registry_key)
    if memory is not None:
        memory.used = True
    registry, glossary, problems = _load_curation(config, salt, memory)
    if registry is None:
        problems.append(Problem(config.display(config.registry_dir), 0, "error",
                                "the registry has errors (each listed with its file and line); "
                                "nothing was built or changed"))
        return BuildResult({}, (), sorted_problems(problems), 0, 0, complete=False)
    paths, discovered, unread_folders = discover.discover_sources(config, tree)
    problems += discovered
    # `search: auto` is decided by the number of sources, as the MkDocs hook decides it (search_engine).
    config = replace(config, search=search_engine(config.search, len(paths))[0])
    entries = changes.registry_entries(registry)
    lap("registry and list of sources")
    # read -> split -> normalise -> curate -> extract, each source (or its outcome from the cache)
    processed = changes.process_all(paths, config, registry, progress(len(paths)) if progress else None, code, salt,
                                    memory, entries, statuses)
    outcomes = processed.outcomes
    lap("sources (read, extract or from the cache)")
    # Rendered pages are cached too, keyed by everything they show (the pages' salt: the code and
    # glossary.yml; the rest of the registry is in the content keys, or in ``registry_key``).
    page_cache = ContentCache(config.cache_dir.with_name("medreg-pages"), page_salt(code, config.registry_dir),
                              part(memory, "pages")) if config.cache else None
    pages = PageSet(page_cache)
    page_sources: dict[str, str] = {}
    gathered = _gather(config, outcomes, processed.keys, changes.shown_entries(registry, entries), pages,
                       page_sources)
    problems += gathered.problems
    content_key, inputs = gathered.content_key, Inputs(gathered.content_key, memory)
    # corpus: stories across outlets, what each topic and organisation has, related briefings, disagreements
    known_sources = frozenset(o.rel for o in outcomes if not o.failed)
    facts, related, keep_related, side = _corpus(config, gathered, registry, known_sources, page_cache, memory,
                                                 registry_key, inputs, lap)
    # render
    made = PageMaker(page_cache, content_key)
    pages.update(_site_pages(config, facts, registry, glossary, made, page_cache, content_key, inputs, lap))
    # Briefing pages last: they need the related briefings, which may come from the second process.
    related = _related_briefings(facts, related, keep_related, side, lap)
    pages.update(_briefing_pages(facts, related, registry, glossary, made))
    lap("briefing pages")
    if page_cache is not None:
        pages.update(render_missing(made.missing, page_cache, config.parallel if memory is None else None))
    lap("pages not in the cache")
    index_pages, unknown = index_pages_remembered(page_cache, facts.briefings, registry,
                                                   sum(not o.failed for o in outcomes), lap, inputs, registry_key)
    pages.update(index_pages)
    pages.update(_entity_pages(facts, registry, side, page_cache, inputs, registry_key, lap))
    if page_cache is not None:
        page_cache.prune()
        lap("cache pruned")
    return BuildResult(
        pages=pages,
        briefings=tuple(facts.briefings),
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
