"""The curated registry: people, organisations, topics and outlets, kept in
``registry/*.yml`` beside the sources. Loaded and validated in one place.

Ids are ``kind/slug`` (``person/li-li``, ``organisation/nmpa``,
``topic/clinical-trials``); in the YAML files an entry gives only its slug,
and references between entries (a role's organisation, a parent) give the
other entry's slug.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Problem
from .normalise.dates import parse_iso_date
from .normalise.outlets import Outlets, parse_outlet
from .paths import display_path, unreadable_reason
from .read.overrides import MAX_YAML_DEPTH, DatesAsTextLoader, yaml_too_deep
from .render.markup import clean_text
from .slugs import RESERVED_SLUGS, SLUG_PATTERN

OUTLETS_FILE = "outlets.yml"
REGISTRY_FILES = {"person": "people.yml", "organisation": "organisations.yml", "topic": "topics.yml"}
ORGANISATION_KINDS = ("regulator", "government", "company", "university", "international body",
                      "association", "event", "media", "programme", "venue", "other")
HONORIFICS = ("Dr.", "Mr.", "Ms.", "Mrs.", "Prof.", "Professor")


@dataclass(frozen=True, order=True)
class Role:
    title: str
    organisation: str | None  # organisation id
    as_of: str | None
    source: str | None


@dataclass(frozen=True)
class Entity:
    """A registry entry. ``names`` are every spelling to match in text
    (canonical name, Chinese name, acronym, aliases), deduplicated."""

    id: str
    kind: str
    name: str
    name_zh: str | None
    aliases: tuple[str, ...]
    origin: tuple[str, int]
    # person
    honorific: str | None = None
    roles: tuple[Role, ...] = ()
    # organisation
    acronym: str | None = None
    org_kind: str | None = None
    parent: str | None = None
    predecessor: str | None = None
    # topic
    keywords: tuple[str, ...] = ()
    description: str | None = None

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def names(self) -> tuple[str, ...]:
        names = [self.name, self.name_zh, self.acronym, *self.aliases, *self.keywords]
        return tuple(dict.fromkeys(n for n in names if n))

    def current_role(self, on: str | None = None) -> Role | None:
        """The latest role stated on or before ``on`` (any date when None); of
        roles stated on the same date, the one listed first."""
        known = [r for r in self.roles if not on or (r.as_of and r.as_of <= on)]
        if not known:
            return None
        latest = max(r.as_of or "" for r in known)
        return next(r for r in known if (r.as_of or "") == latest)


@dataclass(frozen=True)
class Registry:
    entities: dict[str, Entity] = field(default_factory=dict)
    # alias (as written) -> ids of the entities that claim it, where more than one does
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # outlets.yml: who publishes sources (not entities of the text: never matched in it)
    outlets: Outlets = field(default_factory=Outlets)

    def of_kind(self, kind: str) -> list[Entity]:
        return sorted((e for e in self.entities.values() if e.kind == kind), key=lambda e: e.id)

    def get(self, entity_id: str | None) -> Entity | None:
        return self.entities.get(entity_id) if entity_id else None

    def topic_by_name(self, name: str) -> Entity | None:
        """A topic named (or with the slug) ``name``, case-insensitively."""
        wanted = name.strip().casefold()
        for topic in self.of_kind("topic"):
            if wanted in (topic.name.casefold(), topic.slug, topic.id, *(a.casefold() for a in topic.aliases)):
                return topic
        return None

    def children(self, entity_id: str) -> list[Entity]:
        return [e for e in self.of_kind("organisation") if e.parent == entity_id]

    def successors(self, entity_id: str) -> list[Entity]:
        return [e for e in self.of_kind("organisation") if e.predecessor == entity_id]


# libyaml's parser when PyYAML has it (about ten times faster); a file it
# rejects is parsed again by Python's, whose messages the reports quote.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastDatesAsText(_FAST_LOADER):
    """Dates left as text (``sidecar.DatesAsTextLoader``): an impossible
    ``as_of: 2025-02-30`` is reported with its line, not raised."""


class _DatesAsText(yaml.SafeLoader):
    pass


_FastDatesAsText.yaml_implicit_resolvers = _DatesAsText.yaml_implicit_resolvers = \
    DatesAsTextLoader.yaml_implicit_resolvers


def _parse(text: str, how) -> object:
    try:
        try:
            return how(text, Loader=_FastDatesAsText)
        except yaml.YAMLError:
            return how(text, Loader=_DatesAsText)
    except RecursionError:  # indentation nested past Python's limit (brackets are checked before)
        raise _TooDeep(1) from None


class _Loader:
    def __init__(self, display: str, text: str):
        self.display = display
        self.problems: list[Problem] = []
        deep = yaml_too_deep(text)
        if deep is not None:  # raised as YAML's own errors are, with the line
            raise _TooDeep(deep)
        self.node = _parse(text, yaml.compose)
        self.data = _parse(text, yaml.load)

    def problem(self, line: int, severity: str, message: str) -> None:
        self.problems.append(Problem(self.display, line, severity, message))


def _entries(loader: _Loader, first: str = "- id: ...") -> list[tuple[dict, int, dict[str, int]]]:
    """(entry, line, key lines) for each list item; problems for the rest."""
    if loader.data is None:
        return []
    if not isinstance(loader.data, list):
        loader.problem(1, "error", f"must be a list of entries, each starting with '{first}'")
        return []
    found = []
    for item, node in zip(loader.data, loader.node.value):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            loader.problem(line, "error", "each entry must be a mapping of fields")
            continue
        keys = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        if len(keys) != len(node.value):
            seen: set[str] = set()
            for key, _ in node.value:
                if key.value in seen:
                    loader.problem(key.start_mark.line + 1, "error", f"key '{key.value}' is given twice; keep one")
                seen.add(key.value)
        found.append((item, line, keys))
    return found


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return clean_text(value) or None
    return None


FIELDS = {
    "person": {"id", "name", "honorific", "name_zh", "aliases", "roles", "note"},
    "organisation": {"id", "name", "acronym", "name_zh", "aliases", "kind", "parent", "predecessor", "note"},
    "topic": {"id", "name", "name_zh", "aliases", "keywords", "description", "note"},
}


def _parse_entry(kind: str, item: dict, line: int, keys: dict[str, int], loader: _Loader) -> Entity | None:
    def where(key: str) -> int:
        return keys.get(key, line)

    ok = True

    def bad(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        loader.problem(where(key), "error", f"'{key}' {message}")

    for key in sorted(set(map(str, item)) - FIELDS[kind]):
        loader.problem(where(key), "warning", f"unknown field '{key}' is ignored; known fields: "
                       f"{', '.join(sorted(FIELDS[kind]))}")
    slug = item.get("id")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        bad("id", "must be a slug: lower-case letters, digits and single hyphens, like 'li-li'")
        return None
    if slug in RESERVED_SLUGS:
        bad("id", f"'{slug}' is the name of the site's own list page; choose another, like '{slug}-1'")
        return None
    name = _text(item.get("name"))
    if name is None:
        bad("name", "must be non-empty text")

    def texts(key: str) -> tuple[str, ...]:
        value = item.get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or any(_text(v) is None for v in value):
            bad(key, "must be a list of text items")
            return ()
        return tuple(_text(v) for v in value)

    def optional_text(key: str) -> str | None:
        value = item.get(key)
        if value is not None and _text(value) is None:
            bad(key, "must be text")
        return _text(value) if value is not None else None

    aliases = texts("aliases")
    name_zh = optional_text("name_zh")
    entity = dict(id=f"{kind}/{slug}", kind=kind, name=name or slug, name_zh=name_zh, aliases=aliases,
                  origin=(loader.display, line))
    if kind == "person":
        honorific = optional_text("honorific")
        if honorific and honorific not in HONORIFICS:
            bad("honorific", f"must be one of {', '.join(HONORIFICS)}")
        roles = []
        raw_roles = item.get("roles") or []
        if not isinstance(raw_roles, list):
            bad("roles", "must be a list of {title, organisation, as_of, source}")
            raw_roles = []
        for raw in raw_roles:
            if not isinstance(raw, dict) or _text(raw.get("title")) is None:
                bad("roles", "entries need at least a 'title'")
                continue
            as_of = raw.get("as_of")
            if as_of is not None and parse_iso_date(as_of) is None:
                bad("roles", f"as_of must be a date written YYYY-MM-DD (got {as_of!r})")
            org = raw.get("organisation")
            roles.append(Role(_text(raw["title"]), f"organisation/{org}" if org else None,
                              parse_iso_date(as_of) if as_of is not None else None, _text(raw.get("source"))))
        entity.update(honorific=honorific, roles=tuple(roles))
    elif kind == "organisation":
        org_kind = item.get("kind", "other")
        if org_kind not in ORGANISATION_KINDS:
            bad("kind", f"must be one of {', '.join(ORGANISATION_KINDS)}")
        parent, predecessor = optional_text("parent"), optional_text("predecessor")
        acronym = optional_text("acronym")
        if acronym and abbreviation_problem(acronym):
            loader.problem(where("acronym"), "warning", f"the acronym '{acronym}' {abbreviation_problem(acronym)}: "
                           "it is found in the text but not explained on hover")
        entity.update(acronym=acronym, org_kind=org_kind,
                      parent=f"organisation/{parent}" if parent else None,
                      predecessor=f"organisation/{predecessor}" if predecessor else None)
    else:
        entity.update(keywords=texts("keywords"), description=optional_text("description"))
    return Entity(**entity) if ok else None


def load_registry(registry_dir: Path, display_root: Path) -> tuple[Registry | None, list[Problem]]:
    """Load ``people.yml``, ``organisations.yml`` and ``topics.yml``. Returns
    ``None`` as the registry when an error makes it unusable."""
    problems: list[Problem] = []
    entities: dict[str, Entity] = {}
    fatal = False
    for kind, filename in REGISTRY_FILES.items():
        path = registry_dir / filename
        display = display_path(path, display_root)
        if not os.path.lexists(path):
            continue
        found, file_problems = _read_entries(path, display, lambda item, line, keys, loader, kind=kind:
                                             _parse_entry(kind, item, line, keys, loader))
        entities.update(found)
        problems += file_problems
        fatal = fatal or any(p.severity == "error" for p in file_problems)

    outlets, outlet_problems = _load_outlets(registry_dir / OUTLETS_FILE, display_path(registry_dir / OUTLETS_FILE,
                                                                                       display_root))
    problems += outlet_problems
    fatal = fatal or any(p.severity == "error" for p in outlet_problems)
    problems += _check_references(entities)
    fatal = fatal or any(p.severity == "error" for p in problems)
    ambiguous = _find_ambiguous(entities, problems)
    problems.sort()
    if fatal:
        return None, problems
    return Registry(entities, ambiguous, outlets), problems


def _load_outlets(path: Path, display: str) -> tuple[Outlets, list[Problem]]:
    """``outlets.yml``, with a problem (file, line, reason) for each bad entry."""
    if not os.path.lexists(path):
        return Outlets(), []
    found, problems = _read_entries(path, display, lambda item, line, keys, loader:
                                    parse_outlet(item, (display, line), keys, loader.problem))
    return Outlets.of(tuple(found.values())), problems


class _TooDeep(yaml.YAMLError):
    def __init__(self, line: int):
        super().__init__(f"brackets nested more than {MAX_YAML_DEPTH} deep")
        self.problem = str(self)
        self.problem_mark = yaml.Mark("", 0, line - 1, 0, None, None)


def _read_entries(path: Path, display: str, parse) -> tuple[dict, list[Problem]]:
    """The entries of one registry file by id, each made by ``parse(item,
    line, keys, loader)`` (None for a bad one, whose problems it reported),
    and the file's problems: YAML that cannot be read, ids given twice."""
    reason = unreadable_reason(path, path.parent)
    if reason:
        return {}, [Problem(display, 0, "error", reason)]
    try:
        loader = _Loader(display, path.read_text("utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, [Problem(display, mark.line + 1 if mark else 1, "error",
                            f"malformed YAML: {detail}; fix the YAML and rebuild")]
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(display, 0, "error", f"could not be read ({exc}); save it as UTF-8")]
    found: dict = {}
    for item, line, keys in _entries(loader):
        entry = parse(item, line, keys, loader)
        if entry is None:
            continue
        if entry.id in found:
            first = found[entry.id].origin
            loader.problem(line, "error", f"id '{entry.id.split('/', 1)[1]}' is used twice (first at "
                           f"{first[0]}:{first[1]}); ids must be unique")
            continue
        found[entry.id] = entry
    return found, loader.problems


def _check_references(entities: dict[str, Entity]) -> list[Problem]:
    problems = []
    for entity in entities.values():
        refs = [("parent", entity.parent), ("predecessor", entity.predecessor)]
        refs += [("roles", role.organisation) for role in entity.roles]
        for key, ref in refs:
            if ref and (ref not in entities or entities[ref].kind != "organisation"):
                problems.append(Problem(
                    entity.origin[0], entity.origin[1], "error",
                    f"'{entity.slug}' {key} names unknown organisation '{ref.split('/', 1)[1]}'; "
                    "add it to organisations.yml or fix the id"))
    return problems


def match_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.casefold()).strip()


def _find_ambiguous(entities: dict[str, Entity], problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """Aliases claimed by two entries of the same kind (a person's name and a
    topic keyword may coincide): warned about, and never matched."""
    claims: dict[tuple[str, str], set[str]] = {}
    for entity in entities.values():
        for name in entity.names:
            claims.setdefault((entity.kind, match_key(name)), set()).add(entity.id)
    ambiguous = {}
    for (kind, key), ids in sorted(claims.items()):
        if len(ids) > 1:
            ordered = tuple(sorted(ids))
            ambiguous[key] = ordered
            first = entities[ordered[0]]
            problems.append(Problem(
                first.origin[0], first.origin[1], "warning",
                f"'{key}' names {len(ordered)} entries ({', '.join(ordered)}); it is not matched in "
                "text until one of them drops it"))
    return ambiguous


def yaml_stub(kind: str, name: str, role: str | None = None, organisation: str | None = None,
              source: str | None = None, acronym: str | None = None, as_of: str | None = None) -> str:
    """A ready-to-paste registry entry for something found in text. A role's
    ``organisation`` is a registry id ("organisation/cde") or the name as
    printed, which the registry must have before a role can name it."""
    from .slugs import slugify

    if kind == "outlet":
        if slugify(name, fallback="") in ("", "untitled"):  # a Chinese name: the English one is the editor's to add
            lines = [f"- id: outlet-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}  # a short English id",
                     f"  name: {_yaml_scalar(name)}  # the outlet's usual English name",
                     f"  name_zh: [{_yaml_scalar(name)}]"]
        else:
            lines = [f"- id: {slugify(name)}", f"  name: {_yaml_scalar(name)}", "  name_zh: []"]
        return "\n".join(lines + ["  aliases: []", "  domains: []  # its web domains, like example.com"])
    lines = [f"- id: {slugify(name)}", f"  name: {_yaml_scalar(name)}"]
    if kind == "person" and slugify(name, fallback="") in ("", "untitled"):
        from .extract.chinese_names import romanise

        roman = romanise(name)  # a Chinese name: its pinyin as the English name, for the editor to check
        lines = [f"- id: {slugify(roman)}", f"  name: {_yaml_scalar(roman)}  # machine romanisation (pypinyin): check it",
                 f"  name_zh: {_yaml_scalar(name)}"]
    if kind == "person":
        lines.append("  aliases: []")
        if role:
            lines += ["  roles:", f"    - title: {_yaml_scalar(role)}"]
            if organisation and organisation.startswith("organisation/"):
                lines.append(f"      organisation: {organisation.removeprefix('organisation/')}")
            elif organisation:  # as a comment: an unknown id would stop the registry from loading
                lines.append(f"      # organisation: the id of {_yaml_scalar(organisation)}, once it is in "
                             "organisations.yml")
            if as_of:
                lines.append(f"      as_of: {as_of}")
            if source:
                lines.append(f"      source: {_yaml_scalar(source)}")
    else:
        if acronym:
            lines.append(f"  acronym: {acronym}")
        lines += ["  kind: other", "  aliases: []"]
    return "\n".join(lines)


def _yaml_scalar(text: str) -> str:
    """``text`` as one line of YAML: a value holding a line break or a control
    character is double-quoted, with escapes (it would otherwise fold onto
    lines of its own, and could close the fenced block a stub is shown in)."""
    style = None if text.isprintable() else '"'
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style=style).strip()
    return dumped[:-4].rstrip() if dumped.endswith("\n...") else dumped.removesuffix("...").strip()


@dataclass(frozen=True, order=True)
class GlossaryTerm:
    term: str
    meaning: str
    entity: str | None = None  # the registry entry the term names, if any


def load_glossary(registry_dir: Path, display_root: Path, registry: Registry) -> tuple[list[GlossaryTerm], list[Problem]]:
    """Acronyms from ``glossary.yml`` plus every registry acronym (an
    organisation's, or a topic alias written in capitals). A term written in
    glossary.yml wins over the registry's. A term a Markdown abbreviation
    cannot hold (``abbreviation_problem``) gets a warning with its line."""
    terms: dict[str, GlossaryTerm] = {}
    for entity in registry.entities.values():
        candidates = [entity.acronym] if entity.acronym else []
        if entity.kind == "topic":
            candidates += [a for a in entity.aliases if a.replace(" ", "").isupper()]
        for term in candidates:
            terms.setdefault(term, GlossaryTerm(term, entity.name, entity.id))
    path = registry_dir / "glossary.yml"
    display = display_path(path, display_root)
    if not os.path.lexists(path):
        return sorted(terms.values(), key=lambda t: t.term.casefold()), []
    reason = unreadable_reason(path, registry_dir)
    if reason:
        return sorted(terms.values(), key=lambda t: t.term.casefold()), \
            [Problem(display, 0, "error", f"{reason}; the glossary was not loaded")]
    try:
        loader = _Loader(display, path.read_text("utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return sorted(terms.values(), key=lambda t: t.term.casefold()), \
            [Problem(display, mark.line + 1 if mark else 1, "error",
                     f"malformed YAML: {detail}; the glossary was not loaded")]
    except (OSError, UnicodeDecodeError) as exc:
        return sorted(terms.values(), key=lambda t: t.term.casefold()), \
            [Problem(display, 0, "error", f"could not be read ({exc}); save it as UTF-8")]
    for item, line, keys in _entries(loader, "- term: ..."):
        term, meaning = _text(item.get("term")), _text(item.get("meaning"))
        if not term or not meaning:
            loader.problem(line, "error", "an entry needs a 'term' and a 'meaning'; the entry was skipped")
            continue
        problem = abbreviation_problem(term)
        if problem:  # listed on the Glossary page all the same
            loader.problem(keys.get("term", line), "warning", f"the term '{term}' {problem}: it is listed on the "
                           "Glossary page but not explained on hover in the briefings")
        terms[term] = GlossaryTerm(term, meaning, terms[term].entity if term in terms else None)
    return sorted(terms.values(), key=lambda t: t.term.casefold()), loader.problems


def abbreviation_problem(term: str) -> str | None:
    """Why ``term`` cannot be explained on hover as a Markdown abbreviation
    (``*[TERM]: meaning``), or None. The syntax reads no backslash in a term
    and ends it at the first ']:' (an unread definition is printed as a
    paragraph of the page); and a character the page escapes in text with a
    backslash (see ``markup.escape_text``) is hidden from the abbreviations
    while they are matched, so a term holding one is never found. ('&', '<'
    and '>', written as entities, are hidden too; common in terms such as
    'R&D', they are left out of hovering without a warning.)"""
    bad = sorted(set(term) & set(_ESCAPED_IN_TEXT))
    if bad:
        shown = " and ".join(f"'{ch}'" for ch in bad)
        return f"holds {shown}, which a Markdown abbreviation cannot match"
    return None


_ESCAPED_IN_TEXT = "\\`*_[]{}|"
