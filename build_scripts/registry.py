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
from .normalise.outlets import Outlets, parse_outlet
from .paths import display_path
from .read import fields
from .read.fields import YamlDocument, check_fields, optional, read_yaml_file, text

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


def _entries(document: YamlDocument, first: str = "- id: ...") -> tuple[list[tuple[int, dict]], list]:
    """(position, entry) for each item of a registry file's list, and a
    problem for each item that is not a mapping (or for a file that is no list)."""
    if document.data is None:
        return [], []
    if not isinstance(document.data, list):
        return [], [document.problem((), "error", f"must be a list of entries, each starting with '{first}'")]
    found, problems = [], []
    for position, item in enumerate(document.data):
        if isinstance(item, dict):
            found.append((position, item))
        else:
            problems.append(document.problem((position,), "error", "each entry must be a mapping of fields"))
    return found, problems


def _texts(value: Any) -> tuple[str, ...]:
    return () if value is None else fields.texts(value)


ROLE_FIELDS = {"title": text, "organisation": optional(text), "as_of": optional(fields.date),
               "source": optional(text)}
_COMMON_FIELDS = {"id": fields.slug(like="li-li", instead="-1"), "name": text, "name_zh": optional(text),
                  "aliases": _texts, "note": fields.anything}
FIELDS = {
    "person": {**_COMMON_FIELDS, "honorific": optional(fields.one_of(HONORIFICS))},
    "organisation": {**_COMMON_FIELDS, "acronym": optional(text), "kind": fields.one_of(ORGANISATION_KINDS),
                     "parent": optional(text), "predecessor": optional(text)},
    "topic": {**_COMMON_FIELDS, "keywords": _texts, "description": optional(text)},
}


def _roles(raw: Any, document: YamlDocument, at: tuple) -> tuple[tuple[Role, ...], list[Problem]]:
    """A person's ``roles``: each a mapping of ``ROLE_FIELDS``, with at least a title."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [document.problem(at, "error", "'roles' must be a list of {title, organisation, as_of, source} "
                                     f"(got {fields.describe(raw)})")]
    roles, problems = [], []
    for position, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(document.problem(at + (position,), "error", "'roles' entries must be mappings of "
                                             f"title, organisation, as_of and source (got {fields.describe(item)})"))
            continue
        values, found = check_fields(item, ROLE_FIELDS, document, at + (position,), required=("title",), named="roles.")
        problems += found
        if "title" in values:
            organisation = values.get("organisation")
            roles.append(Role(values["title"], f"organisation/{organisation}" if organisation else None,
                              values.get("as_of"), values.get("source")))
    return tuple(roles), problems


def _parse_entry(kind: str, item: dict, document: YamlDocument, at: tuple) -> tuple[Entity | None, list[Problem]]:
    values, problems = check_fields(item, FIELDS[kind], document, at, required=("id", "name"),
                                    elsewhere=("roles",) if kind == "person" else ())
    if "id" not in values or "name" not in values:
        return None, problems
    entity: dict[str, Any] = dict(id=f"{kind}/{values['id']}", kind=kind, name=values["name"],
                                  name_zh=values.get("name_zh"), aliases=values.get("aliases", ()),
                                  origin=document.where(at))
    if kind == "person":
        roles, found = _roles(item.get("roles"), document, at + ("roles",))
        problems += found
        entity.update(honorific=values.get("honorific"), roles=roles)
    elif kind == "organisation":
        acronym, parent, predecessor = values.get("acronym"), values.get("parent"), values.get("predecessor")
        if acronym and abbreviation_problem(acronym):
            problems.append(document.problem(at + ("acronym",), "warning", f"the acronym '{acronym}' "
                                             f"{abbreviation_problem(acronym)}: it is found in the text but not "
                                             "explained on hover"))
        entity.update(acronym=acronym, org_kind=values.get("kind", "other"),
                      parent=f"organisation/{parent}" if parent else None,
                      predecessor=f"organisation/{predecessor}" if predecessor else None)
    else:
        entity.update(keywords=values.get("keywords", ()), description=values.get("description"))
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return Entity(**entity), problems


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
        found, file_problems = _read_entries(path, display, lambda item, document, at, kind=kind:
                                             _parse_entry(kind, item, document, at))
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
    found, problems = _read_entries(path, display, parse_outlet)
    return Outlets.of(tuple(found.values())), problems


def _read_entries(path: Path, display: str, parse) -> tuple[dict, list[Problem]]:
    """The entries of one registry file by id, each made by ``parse(item,
    document, at)`` (None for a bad one, with its problems), and the file's
    problems: YAML that cannot be read, ids given twice."""
    document, problems = read_yaml_file(path, display)
    if document is None:
        return {}, problems
    items, found_problems = _entries(document)
    problems += found_problems
    found: dict = {}
    for position, item in items:
        entry, entry_problems = parse(item, document, (position,))
        problems += entry_problems
        if entry is None:
            continue
        if entry.id in found:
            first = found[entry.id].origin
            problems.append(document.problem((position,), "error", f"id '{entry.id.split('/', 1)[1]}' is used "
                                             f"twice (first at {first[0]}:{first[1]}); ids must be unique"))
            continue
        found[entry.id] = entry
    return found, problems


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
    document, problems = read_yaml_file(path, display, then="the glossary was not loaded")
    if document is None:
        return sorted(terms.values(), key=lambda t: t.term.casefold()), problems
    items, found = _entries(document, "- term: ...")
    problems += found
    for position, item in items:
        values, found = check_fields(item, GLOSSARY_FIELDS, document, (position,), required=("term", "meaning"))
        problems += found
        if "term" not in values or "meaning" not in values:
            continue
        term = values["term"]
        problem = abbreviation_problem(term)
        if problem:  # listed on the Glossary page all the same
            problems.append(document.problem((position, "term"), "warning", f"the term '{term}' {problem}: it is "
                                             "listed on the Glossary page but not explained on hover in the briefings"))
        terms[term] = GlossaryTerm(term, values["meaning"], terms[term].entity if term in terms else None)
    return sorted(terms.values(), key=lambda t: t.term.casefold()), problems


GLOSSARY_FIELDS = {"term": text, "meaning": text, "note": fields.anything}


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
