"""Pages for people, organisations and topics, their indexes, related
briefings, and the curation page (what the registry lacks).

Pure functions of the registry and the briefings: ``{path: text}`` out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from math import log
from urllib.parse import quote

import numpy as np

from ..model import Briefing, PersonRef, Unknown, quoted_sentences
from ..paths import visible
from ..registry import Entity, Registry, yaml_stub
from .briefing import (_listing_line, _month_key, _month_name, _when, by_story, display_title, more_reports,
                       page_numbers, role_text)
from .markup import dump_front_matter, escape_text, link
from .calendar import has_events
from .recipe import Recipe
from .urls import (CURATION_PAGE, archive_path, archive_stem, briefing_path, calendar_path, entity_path, feed_path,
                   raw_path, relative)

KIND_TITLES = {"person": "People", "organisation": "Organisations", "topic": "Topics", "outlet": "Outlets"}
RELATED_WEIGHTS = {"person": 3.0, "organisation": 2.0, "topic": 1.0}
RELATED_COUNT = 5
RELATED_ENTITIES = 12  # the rarest entities of a briefing that rank its related briefings
RELATED_SCAN = 300  # briefings scanned per entity, newest first
# Which sentence naming an entity an entity page quotes: the summary's first.


def related_briefings(briefings: list[Briefing]) -> dict[str, list[Briefing]]:
    """For each briefing, the others that share the most people, then
    organisations, then topics; rarer shared entities count more. One report
    a story: the best-ranked (a story reposted by five outlets would fill the
    list with one item five times), and none of the briefing's own story
    (its story line links those).

    Near-linear: an inverted index (entity -> briefings, newest first), and
    for each briefing only its RELATED_ENTITIES rarest entities, each scanned
    for at most RELATED_SCAN briefings. An entity named everywhere (the NMPA)
    says little about relatedness, and never makes the work quadratic.
    Briefings with the same rarest entities share one ranking (numpy sums the
    scores), so the work is per distinct set of entities, not per briefing."""
    order = sorted(range(len(briefings)), key=lambda i: briefings[i].sort_key, reverse=True)
    entity_sets = [b.entity_ids for b in briefings]
    story_of = [b.story or b.slug for b in briefings]  # a briefing placed in no story is its own
    postings: dict[str, list[int]] = defaultdict(list)
    for index in order:
        for entity in entity_sets[index]:
            postings[entity].append(index)
    total = len(briefings)
    scanned = {e: np.array(p[:RELATED_SCAN], dtype=np.int64) for e, p in postings.items()}
    weights = {e: RELATED_WEIGHTS[e.split("/", 1)[0]] * (1 + log(total / len(p))) for e, p in postings.items()}
    scanned_weight = {e: np.full(len(scanned[e]), weights[e]) for e in scanned}
    scratch = np.empty(total, dtype=np.int64)
    slug_rank = np.empty(total, dtype=np.int64)
    slug_rank[sorted(range(total), key=lambda i: briefings[i].slug)] = np.arange(total)

    def ranking(rarest: tuple[str, ...], limit: int | None) -> tuple[list[int], bool]:
        """The briefings sharing ``rarest``, best first: the first ``limit``
        (None: all), and whether that is all of them."""
        if not rarest:
            return [], True
        candidates = np.concatenate([scanned[e] for e in rarest])
        weight = np.concatenate([scanned_weight[e] for e in rarest])
        # Indices are dense, so no sort: scores by bincount, and each
        # candidate once by writing its position into a scratch array.
        scores = np.bincount(candidates, weights=weight, minlength=total)
        position = np.arange(len(candidates))
        scratch[candidates] = position
        others = candidates[scratch[candidates] == position]
        # Highest score (to 9 decimals) first, then by slug: one integer key, top k by
        # partition. At most 12 x 3 x (1 + log n) x 1e9 x n: fits 64 bits for a million briefings.
        key = -np.rint(scores[others] * 1e9).astype(np.int64) * total + slug_rank[others]
        complete = limit is None or len(key) <= limit
        if not complete:
            top = np.argpartition(key, limit)[:limit]
            others, key = others[top], key[top]
        return others[np.argsort(key)].tolist(), complete

    def picked(ranked: list[int], index: int) -> list[int]:
        """The related briefings of ``index`` in ``ranked``: one a story, none of its own."""
        shown, stories = [], {story_of[index]}
        for other in ranked:
            if story_of[other] not in stories:
                stories.add(story_of[other])
                shown.append(other)
                if len(shown) == RELATED_COUNT:
                    break
        return shown

    # Enough for the usual case (a few reports of one story among the best); a
    # ranking that runs out is worked out whole for the briefings that need it.
    first = RELATED_COUNT * 4 + 1
    rankings: dict[tuple[str, ...], tuple[list[int], bool]] = {}
    related: dict[str, list[Briefing]] = {}
    for index, briefing in enumerate(briefings):
        rarest = tuple(sorted(entity_sets[index], key=lambda e: (len(postings[e]), e))[:RELATED_ENTITIES])
        if rarest not in rankings:
            rankings[rarest] = ranking(rarest, first)
        ranked, complete = rankings[rarest]
        shown = picked(ranked, index)
        if len(shown) < RELATED_COUNT and not complete:
            rankings[rarest] = ranked, complete = ranking(rarest, None)
            shown = picked(ranked, index)
        related[briefing.slug] = [briefings[o] for o in shown]
    return related


def mention_index(briefings: list[Briefing]) -> dict[str, list[tuple[Briefing, str]]]:
    """Entity id -> (briefing, the sentence that names it: a real sentence before
    a bare name, the summary's first, else the earliest on the page) for every
    briefing naming it, newest first.
    Built once per build, so entity pages never rescan every briefing."""
    index: dict[str, list[tuple[Briefing, str]]] = defaultdict(list)
    for briefing in sorted(briefings, key=lambda b: b.sort_key, reverse=True):
        extraction = briefing.entities
        best = dict(extraction.quoted or quoted_sentences(extraction.mentions))
        for entity in briefing.entity_ids | best.keys():
            index[entity].append((briefing, best.get(entity, "")))
    return index


MENTION_LIMIT = 100  # stories listed on an entity page; past it, all of them on pages by month
CURATION_PLACES = 10  # places listed for a name the registry lacks


def _quote(briefing: Briefing, sentence: str) -> str:
    """The sentence to quote under a link to ``briefing``: none when it is
    the headline (named there only), which the link already shows."""
    return "" if sentence in (display_title(briefing), briefing.title) else sentence


def _mention_item(page: str, reports: list[tuple[Briefing, str]]) -> list[str]:
    """One story of an entity's listing (``by_story``): its earliest report
    naming the entity, the first sentence of its reports worth quoting, a link
    to the others."""
    briefing = reports[0][0]
    sentence = next((quoted for quoted in (_quote(*report) for report in reports) if quoted), "")
    meta = [escape_text(_when(briefing))] + ([escape_text(briefing.outlet)] if briefing.outlet else [])
    out = [f"- {link(display_title(briefing), relative(page, briefing_path(briefing)))} — {', '.join(meta)}"
           + more_reports(page, reports) + ("  " if sentence else "")]
    if sentence:  # on a new line of the same item (two trailing spaces: a line break)
        out.append(f"  *“{escape_text(sentence)}”*")
    return out


def _mention_list(page: str, entity_id: str, mentions: list[tuple[Briefing, str]],
                  stories: list[list] | None = None, by_month: dict | None = None) -> list[str]:
    """The latest MENTION_LIMIT stories naming an entity (``stories``:
    ``by_story(mentions)``, ``by_month``: ``_stories_by_month(stories)``, given
    when already worked out); for more, a link to each month of them."""
    stories = by_story(mentions) if stories is None else stories
    out = []
    if len(stories) > MENTION_LIMIT:  # above the list, as on a topic's page: not past 100 items
        out += [f"*The latest {MENTION_LIMIT} of {len(stories)} stories are listed; all of them, by month:* "
                + _month_links(page, entity_id, by_month or _stories_by_month(stories)), ""]
    return out + [line for reports in stories[:MENTION_LIMIT] for line in _mention_item(page, reports)]


# --- an entity's stories by month (when there are more than MENTION_LIMIT) ---------------

ARCHIVE_ON_PAGE = 300  # stories on one page of an entity's month


def _stories_by_month(stories: list[list]) -> dict[str, list[list]]:
    """``by_story``'s groups by the month of their earliest report, newest first; undated last."""
    by_month: dict[str, list[list]] = defaultdict(list)
    for reports in stories:
        by_month[_month_key(reports[0][0]) or "undated"].append(reports)
    return dict(sorted(by_month.items(), key=lambda item: (item[0] != "undated", item[0]), reverse=True))


def _month_label(month: str) -> str:
    return "Undated" if month == "undated" else _month_name(month)


def _month_links(page: str, entity_id: str, by_month: dict[str, list[list]], counted: bool = True) -> str:
    """Links from ``page`` to each month of ``_stories_by_month``, with its
    count of stories (``counted``)."""
    return " · ".join(link(f"{_month_label(month)} ({len(groups)})" if counted else _month_label(month),
                           relative(page, archive_path(entity_id, month)))
                      for month, groups in by_month.items())


def archive_pages(entity: Entity, registry: Registry, stories: list[list],
                  lines: dict[str, str] | None = None, by_month: dict | None = None) -> dict[str, Recipe]:
    """Every story of an entity, a page per month (``ARCHIVE_ON_PAGE`` stories
    at most), when its own page lists only the latest MENTION_LIMIT: so an
    analyst reaches all of a topic's briefings from the topic, and no page
    grows with the corpus. Each story is its earliest report's line (title,
    date, outlet; no quote: a month of the NMPA is hundreds of stories) and a
    link to the rest; ``lines`` keeps each briefing's line for the build (every
    archive page is at the same depth, and a briefing is in many entities').
    Out of search: they repeat the briefings' titles. Recipes, showing each
    story's earliest report, its story and count of reports, and the months'
    links: a cache of them renders only the months of a source added, not
    every month of every entity it names."""
    if len(stories) <= MENTION_LIMIT:
        return {}
    lines = {} if lines is None else lines
    pages: dict = {}
    by_month = by_month or _stories_by_month(stories)
    # Every archive page is at the same depth: one footer of links for all of them. Without counts:
    # a story added to one month would change every month's page (400 files for one source at 10,000).
    footer = "All months: " + _month_links(archive_path(entity.id, "x"), entity.id, by_month, counted=False)
    for month, groups in by_month.items():
        parts = [groups[i:i + ARCHIVE_ON_PAGE] for i in range(0, len(groups), ARCHIVE_ON_PAGE)]
        for number, part in enumerate(parts, start=1):
            path = archive_path(entity.id, month, number)
            shown = [footer, str(len(parts))]
            for reports in part:
                shown += [reports[0][0], f"{reports[0][0].story}:{len(reports)}"]
            pages[path] = Recipe(tuple(shown), _archive_page,
                                 (entity, registry, month, number, len(parts), part, footer, lines))
    return pages


def _archive_page(entity: Entity, registry: Registry, month: str, number: int, count: int, part: list[list],
                  footer: str, lines: dict[str, str]) -> str:
    """Page ``number`` of ``count`` of an entity's stories of ``month`` (see ``archive_pages``)."""
    path = archive_path(entity.id, month, number)
    prefix = relative(archive_path(entity.id, "x"), "briefings/")
    title = f"{page_title(entity, registry)}: {_month_label(month)}" + (
        f" ({number} of {count})" if count > 1 else "")
    out = [dump_front_matter({"title": title, "description": title, "search": {"exclude": True}}),
           f"# {escape_text(title)}", "",
           f"{link(entity.name, relative(path, entity_path(entity.id)))}: {len(part)} "
           f"stor{'ies' if len(part) != 1 else 'y'}, newest first"
           + (" · Pages: " + page_numbers(archive_stem(entity.id, month), number, count)
              if count > 1 else "") + ".", ""]
    for reports in part:
        first = reports[0][0]
        line = lines.get(first.slug)
        if line is None:
            line = lines[first.slug] = _listing_line(first, prefix)
        out.append(line + more_reports(path, reports))
    out += ["", footer]
    return "\n".join(out) + "\n"


def _topic_item(page: str, reports: list[tuple[Briefing, str]]) -> list[str]:
    return [_listing_line(reports[0][0], relative(page, "briefings/")) + more_reports(page, reports)]


def entity_pages(entity: Entity, registry: Registry, briefings: list[Briefing], mentions: dict,
                 tagged: dict[str, list[Briefing]], roles_at: dict[str, list[PersonRef]],
                 known_sources: frozenset[str] = frozenset(), lines: dict[str, str] | None = None) -> dict:
    """An entity's page and, for a long listing, its ``archive_pages``; its
    stories (``by_story``) worked out once for both. ``mentions``:
    ``mention_index``; ``tagged``: the briefings on each topic or naming each
    organisation, newest first; ``lines``: see ``archive_pages``, whose pages are recipes."""
    on_topic = tagged.get(entity.id, []) if entity.kind == "topic" else None
    stories = by_story([(b, "") for b in on_topic] if on_topic is not None else mentions.get(entity.id, []))
    by_month = _stories_by_month(stories) if len(stories) > MENTION_LIMIT else None
    if entity.kind == "topic":
        page = render_topic(entity, registry, briefings, on_topic, stories=stories, by_month=by_month)
    elif entity.kind == "person":
        page = render_person(entity, registry, briefings, known_sources, mentions, stories=stories, by_month=by_month)
    else:
        page = render_organisation(entity, registry, briefings, mentions, roles_at, tagged, stories=stories,
                                   by_month=by_month)
    return {entity_path(entity.id): page, **archive_pages(entity, registry, stories, lines, by_month)}


def page_title(entity: Entity, registry: Registry) -> str:
    """"National Medical Products Administration (NMPA)": the acronym is how
    readers search for a body; a department names the body it belongs to
    ("Department of Drug Registration, NMPA")."""
    title = f"{entity.name} ({entity.acronym})" if entity.acronym else entity.name
    parent = registry.get(entity.parent)
    if parent:
        title += f", {parent.acronym or parent.name}"
    return title


def _header(entity: Entity, registry: Registry, extra: dict | None = None) -> list[str]:
    kind = {"person": "Person", "organisation": "Organisation", "topic": "Topic"}[entity.kind]
    meta = {"title": page_title(entity, registry), "entity": entity.id, "name_zh": entity.name_zh,
            "description": f"{kind}: {entity.name}" + (f" ({entity.name_zh})" if entity.name_zh else ""),
            # Every name the entity goes by: Material's search ranks tags highest,
            # so "药监局", "NMPA" or a misspelling finds this page first.
            "tags": list(entity.names)}
    meta.update(extra or {})
    heading = escape_text(page_title(entity, registry)) + (f" {escape_text(entity.name_zh)}" if entity.name_zh else "")
    return [dump_front_matter(meta), f"# {heading}", ""]


def render_person(person: Entity, registry: Registry, briefings: list[Briefing],
                  known_sources: frozenset[str] = frozenset(), index: dict | None = None, *,
                  stories: list[list] | None = None, by_month: dict | None = None) -> str:
    page = entity_path(person.id)
    out = _header(person, registry, {"honorific": person.honorific})
    current = person.current_role()
    if current:
        out += [f"**{role_text(current.title, current.organisation, registry, page)}**"
                + (f" (as of {current.as_of})" if current.as_of else ""), ""]
    if person.aliases:
        out += ["Also written: " + ", ".join(escape_text(a) for a in person.aliases), ""]
    if person.roles:
        out += ["## Roles", "", "| Role | As of | Stated in |", "|---|---|---|"]
        for role in sorted(person.roles, key=lambda r: r.as_of or "", reverse=True):
            source = _source_link(role.source, page, known_sources)
            out.append(f"| {role_text(role.title, role.organisation, registry, page)} | {role.as_of or '—'} | {source} |")
        out.append("")
    mentions = (index if index is not None else mention_index(briefings)).get(person.id, [])
    stated = []
    for briefing, _ in mentions:
        for ref in briefing.entities.people:
            if ref.id == person.id and ref.role and ref.role_from == "text":
                stated.append((briefing, ref))
    if stated:
        # One line per role as stated (not per briefing: a person in thousands of briefings would
        # make the page grow with the corpus), with its latest and earliest briefing.
        by_role: dict[tuple, list[Briefing]] = {}
        for briefing, ref in stated:  # newest first
            by_role.setdefault((ref.role, ref.organisation), []).append(briefing)
        out += ["## Roles as the briefings state them", ""]
        for (role, organisation), stating in by_role.items():
            latest, earliest = stating[0], stating[-1]
            line = (f"- {role_text(role, organisation, registry, page)} — "
                    f"{link(display_title(latest), relative(page, briefing_path(latest)))} ({escape_text(_when(latest))})")
            if len(stating) > 1:
                others = len(stating) - 1
                line += (f" and {others} other briefing{'s' if others != 1 else ''}, the earliest "
                         f"{link(display_title(earliest), relative(page, briefing_path(earliest)))} "
                         f"({escape_text(_when(earliest))})")
            out.append(line)
        out.append("")
    out += [f"## Mentioned in {len(mentions)} briefing{'s' if len(mentions) != 1 else ''}", ""]
    out += _mention_list(page, person.id, mentions, stories, by_month) or ["No briefing mentions this person yet."]
    out.append("")
    together = Counter()
    for briefing, _ in mentions:
        for ref in briefing.entities.people:
            if ref.id and ref.id != person.id:
                together[ref.id] += 1
    if together:
        out += ["## Appeared with", ""]
        for other_id, count in sorted(together.items(), key=lambda i: (-i[1], i[0])):
            other = registry.get(other_id)
            out.append(f"- {link(other.name, relative(page, entity_path(other_id)))} "
                       f"({count} briefing{'s' if count != 1 else ''})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def roles_by_organisation(briefings: list[Briefing]) -> dict[str, list[PersonRef]]:
    """Organisation id -> the people the briefings give a role at it (one pass
    for all organisation pages)."""
    found: dict[str, list[PersonRef]] = defaultdict(list)
    for briefing in briefings:
        for ref in briefing.entities.people:
            if ref.id and ref.organisation and ref.role:
                found[ref.organisation].append(ref)
    return found


def render_organisation(org: Entity, registry: Registry, briefings: list[Briefing],
                        index: dict | None = None, roles_at: dict[str, list[PersonRef]] | None = None,
                        tagged: dict[str, list[Briefing]] | None = None, *,
                        stories: list[list] | None = None, by_month: dict | None = None) -> str:
    """``index`` (mention_index), ``roles_at`` (roles_by_organisation) and
    ``tagged`` (render_stories.tagged_briefings): computed from ``briefings``
    when not given; a build passes them, computed once for every page."""
    page = entity_path(org.id)
    out = _header(org, registry, {"acronym": org.acronym, "kind": org.org_kind})
    facts = []
    if org.acronym:
        facts.append(f"**Acronym:** {escape_text(org.acronym)}")
    if org.name_zh:
        facts.append(f"**Chinese name:** {escape_text(org.name_zh)}")
    facts.append(f"**Kind:** {escape_text(org.org_kind or 'other')}")
    for label, other in (("Part of", registry.get(org.parent)), ("Predecessor", registry.get(org.predecessor))):
        if other:
            facts.append(f"**{label}:** {link(other.name, relative(page, entity_path(other.id)))}")
    for label, others in (("Successor", registry.successors(org.id)), ("Parts", registry.children(org.id))):
        if others:
            facts.append(f"**{label}:** " + ", ".join(link(o.name, relative(page, entity_path(o.id))) for o in others))
    if org.aliases:
        facts.append("**Also written:** " + ", ".join(escape_text(a) for a in org.aliases))
    out += [f"- {fact}" for fact in facts] + [""]

    family = {org.id} | {c.id for c in registry.children(org.id)}
    # Person -> their roles here, one each whatever its case ("Deputy commissioner" as a speakers
    # list prints it is the registry's "Deputy Commissioner"): the registry's spelling first.
    people: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    for person in registry.of_kind("person"):
        for role in person.roles:
            if role.organisation in family:
                people[person.id].setdefault((role.title.casefold(), role.organisation),
                                             role_text(role.title, role.organisation, registry, page))
    roles_at = roles_at if roles_at is not None else roles_by_organisation(briefings)
    for member in sorted(family):
        for ref in roles_at.get(member, ()):
            stated = people[ref.id]
            key = (ref.role.casefold(), ref.organisation)
            if key not in stated:  # the NMPA's briefings state thousands of roles, a few dozen of them distinct
                stated[key] = role_text(ref.role, ref.organisation, registry, page)
    if people:
        out += ["## People", ""]
        for person_id in sorted(people, key=lambda p: registry.get(p).name):
            person = registry.get(person_id)
            out.append(f"- {link(person.name, relative(page, entity_path(person_id)))} — "
                       + "; ".join(sorted(people[person_id].values())))
        out.append("")
    mentions = (index if index is not None else mention_index(briefings)).get(org.id, [])
    named = tagged.get(org.id) if tagged is not None else any(org.id in b.entities.organisations for b in briefings)
    if named:
        out += [link("Printable briefing pack", relative(page, "packs/" + entity_path(org.id)))
                + ": every story naming this organisation on one page. " + _follow(page, org.id, tagged), ""]
    out += [f"## Mentioned in {len(mentions)} briefing{'s' if len(mentions) != 1 else ''}", ""]
    out += _mention_list(page, org.id, mentions, stories, by_month) or ["No briefing mentions this organisation yet."]
    return "\n".join(out).rstrip("\n") + "\n"


def _follow(page: str, entity_id: str, tagged: dict[str, list[Briefing]] | None) -> str:
    """Links to the entity's Atom feed and, when its briefings report dated
    events, its events calendar (iCalendar)."""
    out = "Follow: " + link("Atom feed", relative(page, feed_path(entity_id)))
    if tagged is not None and has_events(tagged.get(entity_id, [])):
        out += " · " + link("events calendar (.ics)", relative(page, calendar_path(entity_id)))
    return out


def render_topic(topic: Entity, registry: Registry, briefings: list[Briefing],
                 on_topic: list[Briefing] | None = None, *, stories: list[list] | None = None,
                 by_month: dict | None = None) -> str:
    """``on_topic``: the briefings on it, newest first (computed when not
    given); ``stories``: ``by_story`` of them, when already worked out."""
    page = entity_path(topic.id)
    out = _header(topic, registry)
    if topic.description:
        out += [escape_text(topic.description), ""]
    tagged = on_topic if on_topic is not None else sorted(
        (b for b in briefings if topic.id in b.entities.topics), key=lambda b: b.sort_key, reverse=True)
    if tagged:
        out += [link("Printable briefing pack", relative(page, "packs/" + entity_path(topic.id)))
                + ": every story on this topic on one page. " + _follow(page, topic.id, {topic.id: tagged}), ""]
    if stories is None:  # one item a story, as on entity pages
        stories = by_story([(briefing, "") for briefing in tagged])
    out += [f"{len(tagged)} briefing{'s' if len(tagged) != 1 else ''} on this topic, newest first"
            + (f"; the latest {MENTION_LIMIT} of its {len(stories)} stories are listed" if len(stories) > MENTION_LIMIT
               else "") + ".", ""]
    if len(stories) > MENTION_LIMIT:
        out += ["All of them, by month: " + _month_links(page, topic.id, by_month or _stories_by_month(stories)), ""]
    by_month: dict[str | None, list[str]] = defaultdict(list)
    for reports in stories[:MENTION_LIMIT]:
        by_month[_month_key(reports[0][0])].extend(_topic_item(page, reports))
    for month in sorted((m for m in by_month if m), reverse=True):
        out += [f"## {_month_name(month)}", ""] + by_month[month] + [""]
    if by_month.get(None):
        out += ["## Undated", ""] + by_month[None] + [""]
    keywords = ", ".join(escape_text(k) for k in topic.keywords)
    if keywords:
        out += [f"*Briefings are tagged with this topic by an editor, or when they mention: {keywords}.*"]
    return "\n".join(out).rstrip("\n") + "\n"


def entity_counts(briefings: list[Briefing]) -> Counter:
    """Entity id -> how many briefings name it."""
    return Counter(entity for briefing in briefings for entity in briefing.entity_ids)


def render_entity_index(kind: str, registry: Registry, briefings: list[Briefing],
                        counts: Counter | None = None) -> str:
    title = KIND_TITLES[kind]
    page = f"{entity_path(kind + '/x').split('/')[0]}/index.md"
    counts = counts if counts is not None else entity_counts(briefings)
    out = [dump_front_matter({"title": title, "description": f"{title} in the briefings."}), f"# {title}", ""]
    entities = registry.of_kind(kind)
    if kind == "person":
        out += ["| Name | Chinese name | Current role | Briefings |", "|---|---|---|---|"]
        for person in sorted(entities, key=lambda e: e.name):
            role = person.current_role()
            out.append(f"| {link(person.name, relative(page, entity_path(person.id)))} | "
                       f"{escape_text(person.name_zh or '')} | "
                       f"{role_text(role.title, role.organisation, registry, page) if role else ''} | {counts[person.id]} |")
    elif kind == "organisation":
        groups: dict[str, list[Entity]] = defaultdict(list)
        for org in entities:
            groups[org.org_kind or "other"].append(org)
        for group in sorted(groups):
            out += [f"## {group.capitalize()}", "", "| Name | Acronym | Chinese name | Briefings |", "|---|---|---|---|"]
            for org in sorted(groups[group], key=lambda e: e.name):
                out.append(f"| {link(org.name, relative(page, entity_path(org.id)))} | "
                           f"{escape_text(org.acronym or '')} | {escape_text(org.name_zh or '')} | {counts[org.id]} |")
            out.append("")
    else:
        out += ["| Topic | 中文 | Briefings |", "|---|---|---|"]
        for topic in sorted(entities, key=lambda e: e.name):
            out.append(f"| {link(topic.name, relative(page, entity_path(topic.id)))} | "
                       f"{escape_text(topic.name_zh or '')} | {counts[topic.id]} |")
    return "\n".join(out).rstrip("\n") + "\n"


def render_curation(unknown: list[Unknown], registry: Registry, briefings: list[Briefing]) -> str:
    """What the build found that the registry lacks, with entries to paste."""
    page = CURATION_PAGE
    by_slug = {b.slug: b for b in briefings}
    out = [dump_front_matter({"title": "Curation", "description": "Names found in sources that the registry lacks."}),
           "# Curation", "",
           "People, organisations and outlets found in these sources, not in the registry. Paste an entry "
           "into `registry/people.yml`, `registry/organisations.yml` or `registry/outlets.yml`, check it "
           "against the source, and rebuild: a person or organisation becomes a linked page, an outlet is "
           "shown under its English name.", ""]
    for kind in ("person", "organisation", "outlet"):
        found = [u for u in unknown if u.kind == kind]
        out += [f"## {KIND_TITLES[kind]} not in the registry", ""]
        if not found:
            out += ["None: every one found is in the registry.", ""]
            continue
        grouped: dict[str, list[Unknown]] = defaultdict(list)
        for item in found:
            grouped[item.name].append(item)
        for name in sorted(grouped):
            items = grouped[name]
            out += [f"### {escape_text(name)}", ""]
            for item in items[:CURATION_PLACES]:
                briefing = by_slug.get(item.briefing)
                where = link(display_title(briefing), relative(page, briefing_path(briefing))) if briefing else ""
                out.append(f"- {escape_text(visible(item.source))}, line {item.line}" + (f": {where}" if where else ""))
            if len(items) > CURATION_PLACES:
                out.append(f"- ... and {len(items) - CURATION_PLACES} more places")
            first = items[0]
            stated = by_slug.get(first.briefing)
            stub = yaml_stub(kind, name, first.role, first.organisation, first.source, first.acronym,
                             stated.date if stated else None)
            out += ["", f"```yaml\n{stub}\n```", ""]
    named = set().union(*(b.entity_ids for b in briefings)) if briefings else set()
    unused = [e for e in registry.entities.values() if e.kind != "topic" and e.id not in named]
    if unused:
        out += ["## Registry entries no briefing mentions", ""]
        out += [f"- {link(e.name, relative(page, entity_path(e.id)))}" for e in sorted(unused, key=lambda e: e.id)]
    return "\n".join(out).rstrip("\n") + "\n"


def _source_link(source: str | None, page: str, known_sources: frozenset[str]) -> str:
    if not source:
        return "—"
    rel = source.removeprefix("sources/")
    if rel not in known_sources:
        return escape_text(source)
    return link(source, relative(page, quote(raw_path(rel))))
