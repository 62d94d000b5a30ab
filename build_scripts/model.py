"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass. Records that appear in lists have a total
order so that sorting them is deterministic.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from .paths import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with an input, reported as ``path:line: severity: message``.

    An *error* means a source could not become a page; a *warning* means the page
    was built but something needs an editor's attention.
    """

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        """One line, whatever a file name or a quoted value holds (see ``paths.visible``)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return visible(f"{where}: {self.severity}: {self.message}")


def sorted_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """``tuple(sorted(set(problems)))``, in the same order (a Problem's fields,
    in turn) by a key compared in C: the generated ``__lt__`` runs Python code
    for each comparison (0.2 s for the 22,000 warnings of 10,000 sources)."""
    return tuple(sorted(set(problems), key=_PROBLEM_ORDER))


_PROBLEM_ORDER = attrgetter("path", "line", "severity", "message")


@dataclass(frozen=True)
class Document:
    """One source file, decoded, before any interpretation.

    ``lines`` is the text with line endings normalised; ``first_line`` is the
    1-based line number of ``lines[0]`` in the source file (past a Markdown
    front matter block, whose YAML text is ``front_matter``: values an editor set
    in the file itself). ``found_meta`` holds
    values a reader found in the file's own metadata (an HTML page's title,
    date or site name).
    """

    path: str
    format: str
    encoding: str
    sha256: str
    lines: tuple[str, ...]
    first_line: int = 1
    front_matter: str | None = None
    found_meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Article:
    """One article cut out of a document (a digest holds several).

    ``part`` is 1-based among ``parts``; for a single-article source both are 1.
    ``header`` holds what the digest's item header stated (headline, outlet,
    date, time). ``lines`` are the article's own lines, the first of which is
    line ``first_line`` of the source.
    """

    document: Document
    part: int
    parts: int
    first_line: int
    lines: tuple[str, ...]
    header: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, order=True)
class Event:
    name: str | None = None
    date: str | None = None
    end_date: str | None = None
    venue: str | None = None
    city: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "date": self.date,
            "end_date": self.end_date,
            "venue": self.venue,
            "city": self.city,
        }


BlockKind = Literal["heading", "paragraph", "lines", "list", "table"]


@dataclass(frozen=True)
class Block:
    """A piece of cleaned body text. ``items`` holds the lines of a ``lines``
    block, the entries of a ``list`` or the rows of a ``table`` (cells apart:
    ``a | b | c``, the first row its header); ``text`` holds a heading or paragraph.
    Heading levels are those of the briefing page, under its "Full text"."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    line: int = 0
    level: int = 3  # headings: 3 for a section of the text, 4 for a label within one


@dataclass(frozen=True)
class Section:
    """A group of key points, optionally under a heading of the text's own."""

    heading: str | None
    points: tuple[str, ...]


class Mention(NamedTuple):
    """An entity named in a briefing: which text unit, where, and the sentence.
    A named tuple, not a dataclass: a briefing has dozens, and every build
    unpickles them all from the cache (a tuple loads in half the time; the
    mentions were half of a cached source's loading)."""

    entity: str
    unit: tuple
    start: int
    end: int
    sentence: str


_UNIT_ORDER = {"summary": 0, "title_en": 1, "point": 2, "block": 3, "title": 4}


def quoted_sentences(mentions: tuple[Mention, ...]) -> tuple[tuple[str, str], ...]:
    """For each entity mentioned, the sentence to quote: a real sentence
    before a bare name in a speakers list, the summary before the body,
    else the earliest on the page."""
    best: dict[str, tuple] = {}
    for mention in mentions:
        rank = (len(mention.sentence) < 60, _UNIT_ORDER.get(mention.unit[0], 9), mention.unit, mention.start)
        if mention.entity not in best or rank < best[mention.entity][0]:
            best[mention.entity] = (rank, mention.sentence)
    return tuple((entity, sentence) for entity, (_, sentence) in best.items())


@dataclass(frozen=True, order=True)
class PersonRef:
    id: str | None
    name: str
    role: str | None
    organisation: str | None  # an organisation id, or the name as printed if not in the registry
    role_from: str  # "text", "registry" or "none"
    # A Chinese-only name's machine romanisation (pypinyin), for the English page: never a registry name.
    romanised: str | None = None

    def as_dict(self) -> dict:
        data = {"id": self.id, "name": self.name, "role": self.role,
                "organisation": self.organisation, "role_from": self.role_from}
        if self.id is None:
            data["registered"] = False
        if self.romanised:
            data["romanised"] = self.romanised
        return data


@dataclass(frozen=True, order=True)
class Unknown:
    """A person or organisation found in text that the registry lacks."""

    kind: str
    name: str
    source: str
    line: int
    briefing: str
    role: str | None = None
    organisation: str | None = None
    acronym: str | None = None


def sorted_unknowns(unknowns: Iterable[Unknown]) -> list[Unknown]:
    """``sorted(set(unknowns))`` by a key compared in C (as ``sorted_problems``)."""
    return sorted(set(unknowns), key=_UNKNOWN_ORDER)


_UNKNOWN_ORDER = attrgetter("kind", "name", "source", "line", "briefing", "role", "organisation", "acronym")


class Packed(Sequence):
    """A tuple kept as its pickle: what a build reads of a few briefings only.
    Iterating unpickles it for that pass; any other use unpickles it once and
    keeps the tuple. Equal to (and hashed as) the tuple it holds."""

    __slots__ = ("_pickle", "_items")

    def __init__(self, data: bytes):
        self._pickle: bytes | None = data
        self._items: tuple | None = None

    @classmethod
    def of(cls, items: Sequence) -> Sequence:
        """``items`` packed (an empty tuple as it is)."""
        if isinstance(items, Packed) or not items:
            return items
        return cls(pickle.dumps(tuple(items), pickle.HIGHEST_PROTOCOL))

    def _read(self) -> tuple:
        """The tuple: the kept one, else unpickled (and not kept)."""
        items, data = self._items, self._pickle
        if items is None and data is not None:
            return pickle.loads(data)
        return items if items is not None else self._items  # kept by another thread meanwhile (set first)

    def unpacked(self) -> tuple:
        """The tuple, kept from now on."""
        if self._items is None:
            self._items = self._read()
            self._pickle = None
        return self._items

    def __reduce__(self):
        return Packed, (self._pickle if self._pickle is not None else pickle.dumps(self._items, pickle.HIGHEST_PROTOCOL),)

    def __getitem__(self, index):
        return self.unpacked()[index]

    def __len__(self) -> int:
        return len(self.unpacked())

    def __iter__(self):
        # Read through, not kept: a renderer reads the mentions of each briefing once,
        # and thousands of unpacked tuples would stay in its memory to the end of the build.
        return iter(self._read())

    def __eq__(self, other) -> bool:
        if isinstance(other, Packed):
            other = other.unpacked()
        return self.unpacked() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.unpacked())

    def __repr__(self) -> str:
        return repr(self.unpacked())


@dataclass(frozen=True)
class Extraction:
    people: tuple[PersonRef, ...] = ()
    organisations: tuple[str, ...] = ()
    outlet: str | None = None  # the outlet's organisation id, when the registry knows it
    topics: tuple[str, ...] = ()
    # Where each entity is named: read only to render the briefing's own page
    # (and its story's), so the cache keeps them packed (``Packed``): they were
    # a quarter of loading a cached source (360,000 at 10,000 sources).
    mentions: tuple[Mention, ...] = ()
    unknown: tuple[Unknown, ...] = ()
    # (entity id, the sentence its page quotes from this briefing): computed
    # once, when the briefing is extracted, not by every build for every page.
    quoted: tuple[tuple[str, str], ...] = ()

    def __reduce__(self):
        return Extraction, tuple(Packed.of(getattr(self, f.name)) if f.name == "mentions" else getattr(self, f.name)
                                 for f in fields(self))


@dataclass(frozen=True)
class Figure:
    """A number with its unit, what it measures, its period and its sentence.
    ``qualifier`` keeps "over", "nearly"... as the text states it."""

    value: int | float
    unit: str
    what: str | None
    period: str | None
    sentence: str
    qualifier: str | None = None

    def as_dict(self) -> dict:
        data = {"value": self.value, "unit": self.unit, "what": self.what, "period": self.period,
                "sentence": self.sentence}
        if self.qualifier:
            data["qualifier"] = self.qualifier
        return data


@dataclass(frozen=True)
class Briefing:
    """A normalised article with every field a briefing page shows.

    ``curated`` names the fields an editor set (sidecar or front matter);
    ``inferred`` names those the build found in the text.
    """

    slug: str
    source: str
    part: int
    parts: int
    line: int
    title: str
    title_en: str | None
    date: str | None
    time: str | None
    outlet: str | None
    outlet_original: str | None
    event: Event | None
    location: str | None
    language: tuple[str, ...]
    summary: str | None
    sections: tuple[Section, ...]
    body: tuple[Block, ...]
    body_is_summary: bool
    topics: tuple[str, ...]
    sha256: str
    original_name: str
    encoding: str
    curated: tuple[str, ...]
    inferred: tuple[str, ...]
    entities: Extraction = field(default_factory=Extraction)
    figures: tuple[Figure, ...] = ()
    story: str | None = None  # story id (see dedupe.py)
    story_override: str | None = None  # an editor's 'story:' (a story id, or "" to stand alone)
    date_line: int = 0  # the source line the publication date was found on
    # Where a field came from when not from the text's own place for it: ("outlet", "footer"),
    # ("date", "front matter"), ("title", "lead": the source has no headline).
    found_from: tuple[tuple[str, str], ...] = ()
    # A notice's or guideline's number as printed under its title (国药监械注〔2025〕12号, No. 12 [2025]).
    document_number: str | None = None
    # The web address an editor fetched the source from (sidecar ``url:``), and the day (``retrieved:``).
    address: str | None = None
    retrieved: str | None = None
    author: str | None = None  # the author a page's own data names (a WeChat article's), as shown

    def text_units(self) -> list[tuple[tuple, str, int]]:
        """Every piece of text on the page that entities are found in, as
        ``(key, text, source line)``. Keys: ``("title",)``, ``("title_en",)``,
        ``("summary",)``, ``("point", section, n)``, ``("block", n)`` for a
        heading or paragraph and ``("block", n, item)`` for a line or list item."""
        units: list[tuple[tuple, str, int]] = [(("title",), self.title, self.line)]
        if self.title_en:
            units.append((("title_en",), self.title_en, self.line))
        if self.summary:
            units.append((("summary",), self.summary, self.line))
        for i, section in enumerate(self.sections):
            units += [(("point", i, j), point, self.line) for j, point in enumerate(section.points)]
        for i, block in enumerate(self.body):
            if block.kind in ("heading", "paragraph"):
                units.append((("block", i), block.text, block.line))
            else:
                units += [(("block", i, j), item, block.line + j) for j, item in enumerate(block.items)]
        return units

    @property
    def key_points(self) -> tuple[str, ...]:
        return tuple(point for section in self.sections for point in section.points)

    # Worked out once per briefing object (kept in its __dict__, which a frozen
    # dataclass still has): a build sorts and groups all briefings a dozen times.
    @cached_property
    def chronological(self) -> tuple[str, str, str]:
        """The order of a story's reports, the first its earliest: by date
        (undated last), time (a report without one after those with) and slug.
        Every place that asks for "the earliest report" asks this."""
        return (self.date or "9999", self.time or "99:99", self.slug)

    @cached_property
    def sort_key(self) -> tuple[str, str, str, int]:
        """Newest first when sorted in reverse; undated last."""
        when = self.date or (self.event.date if self.event and self.event.date else "")
        return (when, self.time or "", self.source, -self.part)

    @cached_property
    def entity_ids(self) -> frozenset[str]:
        """The registry ids of the people, organisations and topics it names."""
        entities = self.entities
        return frozenset([p.id for p in entities.people if p.id] + list(entities.organisations)
                         + list(entities.topics))

    def with_story(self, story: str | None) -> Briefing:
        """This briefing in ``story``: ``dataclasses.replace(self, story=story)``
        without its per-field checks (a build places every briefing in its
        story; replace() was 0.3 s at 10,000 sources). What was worked out of
        it (sort key, entity ids; none depends on the story) comes along."""
        if story == self.story:
            return self
        placed = object.__new__(Briefing)
        placed.__dict__.update(self.__dict__)
        placed.__dict__["story"] = story
        return placed


def display_title(briefing: Briefing) -> str:
    """The title a listing shows: the English gloss when there is one."""
    return briefing.title_en or briefing.title


class Page:
    """A generated file the build holds as something other than its text or
    bytes (which it holds as ``str`` or ``bytes``): in parts, in the page
    cache, or as a source published as it is. The writer asks each the same
    three things, and nothing else: its ``content()``, its ``parts()`` (to
    hash and write a large file part by part), and the ``cache_key()`` its
    bytes are known by (to skip a page it wrote last time under the same key)."""

    def content(self, cache: Any = None) -> str | bytes:
        """Its text or bytes; ``cache`` is the build's page cache (``incremental.store.ContentCache``)."""
        raise NotImplementedError

    def parts(self) -> tuple[bytes, ...] | None:
        """Its bytes in parts, when it holds them so; else None."""
        return None

    def cache_key(self) -> str | None:
        """The key its bytes are known by in a cache, when they are; else None."""
        return None


@dataclass(frozen=True)
class PageParts(Page):
    """A page's bytes in parts, joined only when read (``content()``): the
    figures files of a large site are tens of megabytes made of lines the
    build already holds, and are not copied into one more string each."""

    chunks: tuple[bytes, ...]

    def content(self, cache: Any = None) -> bytes:
        return b"".join(self.chunks)

    def parts(self) -> tuple[bytes, ...]:
        return self.chunks


@dataclass(frozen=True)
class BuildResult:
    """What one build produced: pages in memory (path -> text or bytes,
    relative to the docs folder), the briefings behind them, the problems
    found, and counts for the report."""

    pages: Mapping[str, str | bytes]  # a dict, or a cache.PageSet that loads cached pages when read
    briefings: tuple[Briefing, ...]
    problems: tuple[Problem, ...]
    sources_read: int
    sources_failed: int
    # False when the build could not run at all (the registry is unreadable):
    # then ``pages`` is empty and must not be written, or every page would go.
    complete: bool = True
    unknown: tuple[Unknown, ...] = ()
    chinese_names: tuple[str, ...] = ()  # the registry's Chinese names and keywords, for search
    page_sources: dict[str, str] = field(default_factory=dict)  # page -> the source it came from
    failed_sources: frozenset[str] = frozenset()  # sources that exist but could not be built; "name/": a folder not read
    changed_sources: tuple[str, ...] = ()  # sources new or changed since the last build
    removed_sources: tuple[str, ...] = ()  # sources the last build had and this one has not
    # Registry entries added, edited or removed since the last build: (what, id, name) each, and the
    # sources extracted again because they name one (empty when the code changed too: all were).
    registry_edits: tuple[tuple[str, str, str], ...] = ()
    extracted_again: tuple[str, ...] = ()
    reported_before: frozenset[Problem] = frozenset()  # the problems the last recorded build reported
    # Nothing changed since the last build, whose pages are on disk as it left
    # them: ``pages`` and ``briefings`` are empty and must not be written.
    up_to_date: bool = False
    intact_files: tuple[str, ...] = ()  # an up-to-date build's: its generated files, found as it left them
    briefing_count: int | None = None  # when ``briefings`` is not kept
    stamp: str | None = None  # what the build read (see pipeline.build_stamp)
    timings: tuple[tuple[str, float], ...] = ()  # (stage, seconds), in the order they ran

    @property
    def articles(self) -> int:
        return self.briefing_count if self.briefing_count is not None else len(self.briefings)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")
