"""What changed since the last build, source by source: which sources are
new or edited (by their files' stat, then their bytes), what an edit to the
registry can change (the sources whose text names an edited entry), and the
outcome of every source, from the cache or worked out again
(``process_all``). Kept in the cache folder, or under `mkdocs serve` in the
``BuildState``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import ahocorasick

from ..config import BuildConfig
from ..extract.entities import Extractor
from ..extract.matcher import fold, on_word_boundaries
from ..model import Briefing
from ..parallel import outcomes_in_pool, pool_for_sources
from ..paths import unreadable_reason
from ..per_source import SourceOutcome, cacheable, extract_source, process_source, sidecar_for
from ..read.discover import relative_name
from .state import BuildState, part as state_part
from .store import ContentCache, load, store


SEEN_SOURCES = "sources-seen.pickle"  # in the cache folder: each source's stat and key


def _file_status(path: Path) -> os.stat_result | None:
    """``path.stat()`` if it is a file, else None: one system call, not ``is_file()`` and ``stat()``."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _known_status(name: str, statuses: dict[str, os.stat_result] | None) -> os.stat_result | None:
    """The status the build listed for a regular file (a link's is its own, not its target's)."""
    status = statuses.get(name) if statuses is not None else None
    return status if status is not None and stat.S_ISREG(status.st_mode) else None


def _signature(status: os.stat_result) -> tuple[int, int, int]:
    return status.st_size, status.st_mtime_ns, status.st_ino


def _content_digest(rel: str, data: bytes, sidecar: bytes | None) -> bytes:
    digest = hashlib.sha256()
    for part in (rel.encode("utf-8", "surrogateescape"), data, sidecar if sidecar is not None else b"\xff"):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


@dataclass
class Processed:
    """Every source's outcome, its cache key (if any) and what changed since the last build."""

    outcomes: list[SourceOutcome]
    # A hash of everything a source's outcome depends on (after an edit to the registry alone, an
    # outcome kept (``_carried_over``) keeps the key it was extracted under: it names the same outcome).
    keys: list[str | None]
    edited: list[int]  # indexes of the sources new or changed (all, without a cache or a last build)
    removed: list[str]  # sources (under sources/) the last build had and this one has not
    registry_edits: tuple = ()  # ``_RegistryChange.edits``, when the registry alone changed
    # Indexes of the sources extracted again then, as their text has an edited entry's name.
    extracted_again: list[int] = field(default_factory=list)


REGISTRY_SEEN = "registry-seen.pickle"  # in the cache folder: the code's version, the registry's entries, the salt


def registry_entries(registry) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each registry entry as extraction reads it (all of it but the file
    and line it is written at: an entry added above would move the others),
    with its names."""
    entries = {entity_id: (repr(replace(entity, origin=("", 0))), entity.names)
               for entity_id, entity in registry.entities.items()}
    entries.update((outlet.id, (repr(replace(outlet, origin=("", 0))), outlet.names))
                   for outlet in registry.outlets.entries)
    return entries


def shown_entries(registry, entries: dict) -> dict[str, int]:
    """Each registry entry's digest (64 bits), with the entries it names (a
    person's roles' organisations, an organisation's parent and predecessor,
    and theirs): all a page reads of the registry for an entity it shows."""
    digests: dict[str, int] = {}
    for entity_id in entries:
        named, todo = {entity_id}, [entity_id]
        while todo:
            entity = registry.entities.get(todo.pop())
            if entity is None:
                continue
            for other in [role.organisation for role in entity.roles] + [entity.parent, entity.predecessor]:
                if other and other not in named:
                    named.add(other)
                    todo.append(other)
        digest = hashlib.blake2b(digest_size=8)
        for other in sorted(named):
            entry = entries[other][0] if other in entries else "\xff"
            digest.update(f"{other}\0{entry}\0".encode("utf-8", "surrogateescape"))
        digests[entity_id] = int.from_bytes(digest.digest(), "big")
    return digests


def registry_shown(briefing: Briefing, digests: dict[str, int]) -> int:
    """What ``briefing``'s pages read of the registry: the entries of the
    people, organisations and topics it names and of its outlet
    (``shown_entries``: a person's entry holds the organisations of their
    roles), combined by exclusive or (6 microseconds a briefing, not 12 for
    a hash of them in order): an edit to one changes it. (The entities its
    text names are among them too, and an edit to one of those extracts the
    source again, ``_RegistryChange``.)"""
    entities = briefing.entities
    # Not ``briefing.entity_ids``, which would be kept in the __dict__ of a briefing the build then
    # copies into its story: the dicts outgrew their size, 16 MB more at the peak of a cold build at 10,000.
    named = {person.id for person in entities.people if person.id}
    named.update(entities.organisations, entities.topics)
    if entities.outlet:
        named.add(entities.outlet)
    combined = 0
    for entity_id in named:
        digest = digests.get(entity_id)
        if digest is None:  # not in the registry: its own, so that two such do not cancel out
            digest = int.from_bytes(hashlib.blake2b(entity_id.encode("utf-8", "surrogateescape"),
                                                    digest_size=8).digest(), "big")
        combined ^= digest
    return combined


class _RegistryChange:
    """What a change to the registry alone can change of a source's outcome.
    Extraction reads the registry through the names it finds in a briefing's
    text (each unit folded as the matcher folds it, and the outlet's name),
    the entries so found (a person's roles, an organisation's parent) and,
    for a sidecar's topics, the topics by name: a source none of whose
    briefings holds a name of an added, removed or edited entry (as it was or
    is), nor lists topics in its sidecar when a topic changed, is extracted
    as before. Every name on word boundaries, as the matcher takes it
    (``on_word_boundaries``; extraction's other lookups, of a role's
    organisation, match parts of a text cut at spaces and punctuation): more
    than the matcher takes (the case of acronyms, the longest of overlapping
    names), never less. (As plain substrings, "He Li" had been found in
    every text with "the light" or "the licence".)"""

    def __init__(self, before: dict, after: dict):
        changed = {entity_id for entity_id in before.keys() | after.keys()
                   if before.get(entity_id, (None,))[0] != after.get(entity_id, (None,))[0]}
        # What changed, for the build's report: (what, id, name) of each entry.
        self.edits = tuple(sorted(
            ("added" if entity_id not in before else "removed" if entity_id not in after else "edited",
             entity_id, (after.get(entity_id) or before[entity_id])[1][0]) for entity_id in changed))
        self.topics = any(entity_id.startswith("topic/") for entity_id in changed)
        # Outlets are read by normalising (a footer, a page header): an edit to one normalises every source again.
        self.outlets = any(entity_id.startswith("outlet/") for entity_id in changed)
        self._names = ahocorasick.Automaton()
        for entity_id in changed:
            for version in (before.get(entity_id), after.get(entity_id)):
                for name in version[1] if version else ():
                    key = fold(" ".join(name.split()))
                    if key:
                        self._names.add_word(key, key)
        self._empty = len(self._names) == 0
        if not self._empty:
            self._names.make_automaton()

    def touches(self, outcome: SourceOutcome) -> bool:
        """Whether extracting ``outcome``'s source again may give another outcome."""
        if self.outlets:
            return True
        for briefing in outcome.briefings:
            if self.topics and "topics" in briefing.curated:
                return True
            if self._empty:
                continue
            texts = [text for _, text, _ in briefing.text_units()] + [briefing.outlet or "", briefing.outlet_original or ""]
            for text in texts:
                if not text:
                    continue
                folded = fold(text)
                for last, key in self._names.iter(folded):
                    if on_word_boundaries(folded, last - len(key) + 1, last + 1):
                        return True
        return False


def process_all(paths: list[Path], config: BuildConfig, registry, advance, code: str, salt: str,
                 memory: BuildState | None, entries: dict,
                 statuses: dict[str, os.stat_result] | None = None) -> Processed:
    """Every source's outcome: from the cache where its inputs are unchanged,
    else processed (in a pool of processes when there are many).
    ``statuses``: the ``lstat`` of every file under sources/ by path (see
    ``build_stamp``), taken for a regular file's status instead of asking again.
    ``code``: the build code's version, with the registry's in ``salt``;
    ``entries``: the registry's (``registry_entries``)."""
    cache = ContentCache(config.cache_dir, salt, state_part(memory, "sources")) if config.cache else None
    outcomes: list[SourceOutcome | None] = [None] * len(paths)
    keys: list[str | None] = [None] * len(paths)
    todo: list[int] = []
    # Each source's stat (and its sidecar's) and key as the last build found
    # them: an unchanged source is neither read nor hashed again (as git's
    # index). Under `mkdocs serve` kept in memory, else in the cache folder.
    seen = state_part(memory, "seen")
    seen_file = config.cache_dir / SEEN_SOURCES
    if seen is None and cache is not None:
        seen = load(seen_file)
        seen = seen if isinstance(seen, dict) else {}
    changed = False
    edited: list[int] = []
    # Sources unchanged since the last build, whose code or registry differed: what it saw of each, its
    # signature now, and its status, sidecar and sidecar's status (for ``keyed``).
    before: dict[int, tuple[tuple, tuple, tuple]] = {}

    def keyed(index: int, path: Path, status: os.stat_result, sidecar: Path, side_status, signature: tuple,
              known: tuple | None) -> None:
        """Read the source (and its sidecar) and work out its key."""
        nonlocal changed
        if status.st_size > config.max_source_bytes:
            edited.append(index)
            return
        side = sidecar.read_bytes() if side_status else None
        rel, data = path.relative_to(config.sources_dir).as_posix(), path.read_bytes()
        keys[index] = cache.key(rel, data, side)
        # What the source is, without the build code's version: new code is not a new source.
        content = _content_digest(rel, data, side)
        seen[str(path)], changed = (signature, keys[index], content), True
        if known is None or known[2:] != (content,):
            edited.append(index)

    for index, path in enumerate(paths):
        if cache is None:
            edited.append(index)
        else:  # each source's key
            name = str(path)
            try:
                status = _known_status(name, statuses) or path.stat()
                sidecar = sidecar_for(path)
                side_name = str(sidecar)
                known_side = _known_status(side_name, statuses)  # an ordinary file, as the build listed it
                if statuses is not None and side_name not in statuses:
                    side_status = None  # not under sources/ when the build listed it
                elif known_side is None and unreadable_reason(sidecar, config.sources_dir):
                    side_status = None  # never read: processing the source says why
                else:
                    side_status = known_side or _file_status(sidecar)
                signature = (salt, _signature(status), side_status and _signature(side_status))
                known = seen.get(name)
                if known is not None and known[0] == signature:
                    keys[index] = known[1]
                    continue
                if known is not None and known[0][1:] == signature[1:]:
                    before[index] = (known, signature, (status, sidecar, side_status))  # read below, unless kept
                    continue
                keyed(index, path, status, sidecar, side_status, signature, known)
            except OSError:
                keys[index] = None
                edited.append(index)
    # Cached without the source's bytes (data b""), which are published from the file itself.
    cached = cache.get_many([key for key in keys if key is not None]) if cache is not None else {}
    remember_registry = None
    registry_edits, extracted_again = (), []
    if cache is not None:
        # After an edit to the registry alone, a source it cannot change keeps its last outcome,
        # under the key it has: neither read, hashed nor extracted again (``_carried_over``).
        change, then, remember_registry = _registry_seen(config, code, salt, entries, memory)
        carried = _carried_over(cache, change, {index: known[1] for index, (known, _, _) in before.items()
                                                if known[0][0] == then})
        for index, (known, signature, status) in before.items():
            path = paths[index]
            if index in carried:
                keys[index] = known[1]
                cached[known[1]] = carried[index]
                seen[str(path)], changed = (signature, *known[1:]), True
                continue
            try:
                keyed(index, path, *status, signature, known)
            except OSError:
                keys[index] = None
                edited.append(index)
        cached.update(cache.get_many([keys[index] for index in before if index not in carried and keys[index]]))
        if change is not None and change.edits and before:
            registry_edits = change.edits
            extracted_again = [index for index in before if index not in carried and keys[index] not in cached]
    for index, key in enumerate(keys):
        if key in cached:
            outcomes[index] = cached[key]
            if advance:
                advance(1)
        else:
            todo.append(index)
    removed: list[str] = []
    if seen is not None:
        names = {str(path) for path in paths}
        inside = relative_name(config)
        for gone in [name for name in seen if name not in names]:
            del seen[gone]
            changed = True
            try:
                removed.append(inside(Path(gone)))
            except ValueError:  # seen under another sources folder
                pass
        if changed and memory is None and not store(seen_file, seen):
            remember_registry = None  # the keys recorded are the last build's: so are the entries remembered
    if remember_registry is not None:
        remember_registry()
    if pool_for_sources(config, len(todo)):
        # Under `mkdocs serve` the cache is also kept in memory: entries are put there, by this process.
        store_here = cache is None or cache.memory is not None
        if cache is not None:
            cache.close()  # a forked worker must not inherit the database's connection
        pooled = outcomes_in_pool(config, salt, [(paths[i], keys[i]) for i in todo],
                                  None if store_here else config.cache_dir)
        for index, (outcome, kept) in zip(todo, pooled):
            if kept:
                cache.used.add(keys[index])
            elif keys[index] is not None:
                cache.put(keys[index], outcome)
            elif not outcome.failed:  # shipped without its bytes, and no key to publish it by
                outcome = replace(outcome, data=paths[index].read_bytes())
            outcomes[index] = outcome
            if advance:
                advance(1)
        pooled.close()  # the pool shut down now, not when the generator is collected
    else:
        extractor = Extractor(registry, config.display(config.sources_dir))
        for index in todo:
            outcomes[index] = extract_source(process_source(paths[index], config, registry.outlets), extractor)
            if keys[index] is not None:
                cache.put(keys[index], cacheable(outcomes[index]))
            if advance:
                advance(1)
    if cache is not None:
        cache.prune()
    return Processed(outcomes, keys, sorted(edited), sorted(removed), registry_edits, extracted_again)


def _registry_seen(config: BuildConfig, code: str, salt: str, entries: dict,
                   memory: BuildState | None) -> tuple[_RegistryChange | None, str | None, Callable[[], None]]:
    """How the registry's entries changed since they were last remembered
    (None if unknown, or the code changed too), the salt they were
    remembered with (only a source whose key was made with that salt may keep
    its outcome, ``_carried_over``), and a function that remembers this
    build's (under `mkdocs serve` in memory, else in the cache folder), to
    be called once every source's key is recorded."""
    kept = state_part(memory, "registry_entries")
    seen_file = config.cache_dir / REGISTRY_SEEN
    last = kept.get("last") if kept is not None else load(seen_file)
    now = (code, entries, salt)

    def remember() -> None:
        if last == now:
            return
        if kept is not None:
            kept["last"] = now
        else:
            store(seen_file, now)

    if not (isinstance(last, tuple) and len(last) == 3 and last[0] == now[0]):
        return None, None, remember
    return _RegistryChange(last[1], now[1]), last[2], remember


def _carried_over(cache: ContentCache, change: _RegistryChange | None,
                  before: dict[int, str]) -> dict[int, SourceOutcome]:
    """After an edit to the registry alone (``change``: the same code), the
    last outcomes of the sources it cannot change, by index; ``before``: the
    sources unchanged since the last build, by index, with their keys then.
    Each keeps its key (made with the last registry): it names the same
    outcome, which the cache keeps. An edit that changed no entry (a comment,
    the glossary) keeps every outcome."""
    if change is None or not before:
        return {}
    found = cache.get_many(list(before.values()))
    return {index: found[old] for index, old in before.items()
            if isinstance(found.get(old), SourceOutcome) and not change.touches(found[old])}
