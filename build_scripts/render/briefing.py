"""Render briefings and site pages as Markdown with YAML front matter.

Pure functions: records in, ``{relative path: text}`` out. All source text
goes through :func:`markup.escape_text`; all links point at generated paths.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter, defaultdict
from datetime import date as date_type
from operator import attrgetter
from urllib.parse import quote

from ..model import Block, Briefing, Mention, display_title
from ..paths import visible
from ..registry import Registry, abbreviation_problem
from ..schema import BRIEFING_FIELDS
from .markup import dump_front_matter, escape_text, link, unsearched, web_link
from .recipe import Recipe
from .urls import (BRIEFINGS_INDEX, GLOSSARY_PAGE, briefing_path, entity_path, numbered_page, raw_path, relative,
                   story_path)

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
LATEST_ON_HOME = 10


def front_matter(briefing: Briefing, registry_names: dict | None = None) -> dict:
    """The briefing page's front matter, as ``schema.BRIEFING_FIELDS`` declares it.
    ``registry_names["topics"]`` holds the names of its topics: its ``tags``."""
    names = registry_names or {}
    return {field.name: field.value(briefing, names) for field in BRIEFING_FIELDS}


def _when(briefing: Briefing) -> str:
    if briefing.date:
        return briefing.date + (f" {briefing.time}" if briefing.time else "")
    if briefing.event and briefing.event.date:
        return f"undated (event {briefing.event.date})"
    return "undated"


def render_briefing(briefing: Briefing, registry: Registry | None = None,
                    related: list[Briefing] | None = None, story_line: str | None = None,
                    figures: list[str] | None = None, glossary: list | None = None) -> str:
    """A briefing page. ``story_line`` says which story it belongs to;
    ``figures`` is its rendered key-figures table."""
    registry = registry or Registry()
    page = briefing_path(briefing)
    topic_names = [registry.get(t).name for t in briefing.entities.topics if registry.get(t)]
    linker = _Linker(briefing, registry, page)
    # The heading is the English gloss where there is one (the site's language);
    # the headline as printed follows it.
    out: list[str] = [dump_front_matter(front_matter(briefing, {"topics": topic_names})),
                      f"# {escape_text(display_title(briefing))}", ""]
    if briefing.title_en and briefing.title_en != briefing.title:
        out += [f"**Headline as printed:** {escape_text(briefing.title)}", ""]

    # A date the text does not state, taken from the web address: the reader is told, beside the date.
    hinted = " (date from the web address)" if ("date", "web address") in briefing.found_from else ""
    facts = [f"**Published:** {escape_text(_when(briefing))}{hinted}"]
    if briefing.outlet:
        outlet = escape_text(briefing.outlet)
        if briefing.entities.outlet and registry.get(briefing.entities.outlet):
            outlet = link(briefing.outlet, relative(page, entity_path(briefing.entities.outlet)))
        if briefing.outlet_original:
            outlet += f" (as printed: {escape_text(briefing.outlet_original)})"
        facts.append(f"**Outlet:** {outlet}")
    if briefing.document_number:
        facts.append(f"**Document number:** {escape_text(briefing.document_number)}")
    if briefing.event and not (briefing.event.name or briefing.event.venue or briefing.event.city) \
            and briefing.event.date:  # no event named: the day what it reports happened
        facts.append(f"**Happened on:** {_event_text(briefing)}")
    elif briefing.event:
        facts.append(f"**Event:** {_event_text(briefing)}")
    if briefing.location:
        facts.append(f"**Place:** {escape_text(briefing.location)}")
    facts.append("**Language:** " + ", ".join(LANGUAGE_NAMES.get(code, code) for code in briefing.language))
    if topic_names:
        facts.append("**Topics:** " + ", ".join(
            link(registry.get(t).name, relative(page, entity_path(t))) for t in briefing.entities.topics
            if registry.get(t)))
    out += [f"- {fact}" for fact in facts] + [""]

    if story_line:
        out += unsearched([story_line])
    out += render_report(briefing, registry, page, level=2, linker=linker, figures=figures, searched=True)
    if related:
        # English titles only (the headlines as printed are on the pages themselves), out of search.
        out += unsearched(["## Related briefings", ""]
                          + [_listing_line(other, "", printed_title=False) for other in related])
    out += unsearched(_render_provenance(briefing))
    out += abbreviations(briefing, glossary or [])
    return "\n".join(out).rstrip("\n") + "\n"


@functools.lru_cache(maxsize=4)
def _glossary_pattern(terms: tuple[str, ...]) -> re.Pattern:
    """One pattern for every term a Markdown abbreviation can hold and match
    (see ``abbreviations``), longest first, whole words only: worked out once
    for a glossary, not for each page."""
    usable = [t for t in terms if not abbreviation_problem(t) and not set(t) & set("&<>")]
    alternatives = "|".join(re.escape(t) for t in sorted(usable, key=len, reverse=True)) or "(?!)"
    return re.compile(r"(?<![\w/])(" + alternatives + r")(?![\w/])")


def abbreviations(briefing: Briefing, glossary: list) -> list[str]:
    """Markdown abbreviation definitions for the glossary terms the page uses,
    so each shows its meaning on hover. A term the syntax cannot hold or
    match (``abbreviation_problem``, which the registry and the glossary
    warn of) is left out: its definition could be printed as a paragraph of
    the page; so is one with '&', '<' or '>', which Markdown writes as
    entities that abbreviations never match. The meaning becomes an attribute: written with HTML's escapes,
    it is text there (the serializer keeps an entity as it is) and stays text
    wherever a definition is not read as one."""
    text = " ".join(text for _, text, _ in briefing.text_units())
    used = set(_glossary_pattern(tuple(t.term for t in glossary)).findall(text))
    found = [term for term in glossary if term.term in used]
    if not found:
        return []
    return [""] + [f"*[{term.term}]: {html.escape(' '.join(term.meaning.split()))}" for term in found]


def render_report(briefing: Briefing, registry: Registry, page: str, level: int = 2,
                  linker: "_Linker | None" = None, figures: list[str] | None = None,
                  searched: bool = False) -> list[str]:
    """Summary, key points, figures, people and full text of a report, with
    its sections at heading ``level`` (2 on its own page, 3 within a story).
    ``searched``: the report is in the search index (its own page), so the
    summary and key points taken from its full text are left out of it (see
    ``repeats_text``); elsewhere the caller decides."""
    linker = linker or _Linker(briefing, registry, page)
    h, sub = "#" * level, "#" * (level + 1)
    out: list[str] = []
    if briefing.summary:
        linker.new_section()
        summary = [f"{h} Summary", "", linker.text(("summary",), briefing.summary), ""]
        out += unsearched(summary) if searched and repeats_text(briefing, "summary") else summary
    if briefing.sections:
        points = [f"{h} Key points", ""]
        for i, section in enumerate(briefing.sections):
            linker.new_section()
            if section.heading:
                if points[-1]:
                    points.append("")
                points += [f"{sub} {escape_text(section.heading)}", ""]
            # Groups with no heading of their own ("Group 1 - ...", "Group 2 - ..." in a clipping) run on as
            # one list: a blank line between them would make it a loose list, some items in paragraphs.
            points += [f"- {linker.text(('point', i, j), point)}" for j, point in enumerate(section.points)]
        points.append("")
        out += unsearched(points) if searched and repeats_text(briefing, "key_points") else points
    if figures:  # out of search: the sentences of the full text say them
        out += unsearched([line.replace("## ", h + " ", 1) if line.startswith("## ") else line for line in figures])
    out += [line.replace("## ", h + " ", 1) if line.startswith("## ") else line
            for line in _render_people(briefing, registry, page)]
    if briefing.body:
        out += [f"{h} Full text", ""]
        linker.new_section()
        for i, block in enumerate(briefing.body):
            out += _render_block(block, i, linker, shift=level - 2) + [""]
    elif briefing.body_is_summary:
        out += ["*This clipping is itself a summary of the article: its summary and key points "
                "above are its full text.*", ""]
    return out


def repeats_text(briefing: Briefing, key: str) -> bool:
    """The briefing's summary (``key`` "summary") or key points ("key_points")
    repeat its full text: taken from it (its lead, its own lists), not written
    by an editor in a sidecar, and the full text is on the page. Searched
    twice, each word of them would count twice for the page and a query would
    list the page twice (Material's search lists sections)."""
    return bool(briefing.body) and key not in briefing.curated


class _Linker:
    """Escapes a text unit and links the first mention of each known entity
    per section of the page (never in headings)."""

    def __init__(self, briefing: Briefing, registry: Registry, page: str):
        self.page = page
        self.registry = registry
        self.by_unit: dict[tuple, list[Mention]] = defaultdict(list)
        for mention in briefing.entities.mentions:
            # People and organisations are linked in the text; topics are
            # listed with the page's facts (a keyword is not a name).
            if not mention.entity.startswith("topic/"):
                self.by_unit[mention.unit].append(mention)
        self.seen: set[str] = set()

    def new_section(self) -> None:
        self.seen = set()

    def text(self, unit: tuple, text: str) -> str:
        out, position = [], 0
        for mention in sorted(self.by_unit.get(unit, []), key=lambda m: m.start):
            if mention.entity in self.seen or mention.start < position or not self.registry.get(mention.entity):
                continue
            self.seen.add(mention.entity)
            out.append(escape_text(text[position:mention.start], strip=False))
            out.append(link(text[mention.start:mention.end], relative(self.page, entity_path(mention.entity))))
            position = mention.end
        out.append(escape_text(text[position:], strip=False))
        return "".join(out).strip()


def _render_people(briefing: Briefing, registry: Registry, page: str) -> list[str]:
    people = briefing.entities.people
    organisations = [registry.get(o) for o in briefing.entities.organisations if registry.get(o)]
    unregistered = [u.name for u in briefing.entities.unknown if u.kind == "organisation"]
    if not people and not organisations and not unregistered:
        return []
    out = ["## People and organisations", ""]
    for person in people:
        name = link(person.name, relative(page, entity_path(person.id))) if person.id else escape_text(person.name)
        if person.romanised:
            name += f" ({escape_text(person.romanised)}, machine romanisation)"
        role = role_text(person.role, person.organisation, registry, page)
        note = " *(role from the registry)*" if person.role_from == "registry" else \
            "" if person.id else " *(not in the registry)*"
        out.append(f"- {name}" + (f" — {role}" if role else "") + note)
    if organisations or unregistered:
        if people:
            out.append("")
        out.append("**Organisations:** " + ", ".join(
            [link(org.name, relative(page, entity_path(org.id))) for org in organisations]
            + [f"{escape_text(name)} *(not in the registry)*" for name in unregistered]))
    return out + [""]


def role_text(title: str | None, organisation: str | None, registry: Registry, page: str) -> str:
    parts = [escape_text(title)] if title else []
    org = registry.get(organisation)
    if org:
        parts.append(link(org.name, relative(page, entity_path(org.id))))
    elif organisation:
        parts.append(escape_text(organisation))
    return ", ".join(parts)


def _event_text(briefing: Briefing) -> str:
    event = briefing.event
    parts = [escape_text(event.name)] if event.name else []
    if event.date:
        parts.append(event.date + (f" to {event.end_date}" if event.end_date else ""))
    if event.venue:
        parts.append(escape_text(event.venue))
    if event.city and (not event.venue or event.city not in event.venue):
        parts.append(escape_text(event.city))
    return ", ".join(parts) or "stated without details"


def _render_block(block: Block, index: int, linker: _Linker, shift: int = 0) -> list[str]:
    if block.kind == "heading":
        linker.new_section()
        return ["#" * min(6, block.level + shift) + f" {escape_text(block.text)}"]
    if block.kind == "paragraph":
        return [linker.text(("block", index), block.text)]
    items = [linker.text(("block", index, j), item) for j, item in enumerate(block.items)]
    if block.kind == "list":
        return [f"- {item}" for item in items]
    if block.kind == "table":  # each row linked as one text, its escaped separators the cells' borders
        rows = [item.split(" \\| ") for item in items]
        width = max(map(len, rows))
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        return [lines[0], "|" + "---|" * width, *lines[1:]]
    # Lines kept as the source set them (a caption, a speakers list): hard
    # breaks, which Python-Markdown writes as two trailing spaces.
    return ["  \n".join(items)]


# How the provenance table says where a field was found (``Briefing.found_from``).
FOUND_FROM = {
    "lead": "the lead (the source has no headline)",
    "page metadata": "the page's metadata",
    "front matter": "the file's front matter",
    "footer": "the page footer",
    "footer link": "the link at the end of the page",
    "page header": "the page header",
    "signature": "the date under the signature at the end",
    "WeChat page data": "the WeChat page's own data",
    "web address": "the web address (a hint: the text states none)",
}


def _render_provenance(briefing: Briefing) -> list[str]:
    # File names as reports show them (``visible``): one with a newline or an escape in it stays one line.
    rows = [
        ("Source file", link(visible(f"sources/{briefing.source}"), "../" + quote(raw_path(briefing.source)))),
        ("Original file name", escape_text(visible(briefing.original_name))),
    ]
    if briefing.address:
        rows.append(("Web address", web_link(visible(briefing.address), briefing.address)
                     + (f" (retrieved {escape_text(briefing.retrieved)}; the source file is the page as it was then)"
                        if briefing.retrieved else "")))
    if briefing.author:
        rows.append(("Author (as the page shows)", escape_text(briefing.author)))
    if briefing.parts > 1:
        rows.append(("Article", f"{briefing.part} of {briefing.parts} in this digest"))
    rows += [
        ("First line in source", str(briefing.line)),
        ("Encoding", escape_text(briefing.encoding)),
        ("SHA-256", f"`{briefing.sha256}`"),
        ("Set by an editor", ", ".join(briefing.curated) or "nothing"),
        ("Inferred by the build", ", ".join(briefing.inferred) or "nothing"),
    ]
    if briefing.found_from:
        rows.append(("Found in", "; ".join(f"{name}: {FOUND_FROM.get(how, escape_text(how))}"
                                          for name, how in briefing.found_from)))
    lines = ["## Provenance", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]  # each value escaped: no '|' splits the row
    lines += ["", "*Bracketed paragraph numbers such as [1] in the clipping refer to the original "
              "article and are left out above.*" if briefing.body_is_summary else ""]
    return lines


# --- site pages -----------------------------------------------------------------

def _month_name(month: str) -> str:
    year, number = month.split("-")
    return date_type(int(year), int(number), 1).strftime("%B %Y")


def _month_anchor(month: str) -> str:
    """The id MkDocs' toc extension gives the heading "### December 2025"."""
    return _month_name(month).lower().replace(" ", "-")


def link_key(briefing: Briefing) -> str:
    """All a briefing page shows of another briefing it links to, as a key
    for the page cache: a related-briefings line (``_listing_line(briefing,
    prefix, printed_title=False)``: title, date, outlet) or a disagreeing
    figure's link (outlet, else title). An edit to the other's text leaves
    the page as it is: a briefing can be related to, or disagree with, many."""
    return repr((briefing.slug, display_title(briefing), _when(briefing), briefing.outlet))


def _listing_line(briefing: Briefing, prefix: str, printed_title: bool = True) -> str:
    text = link(display_title(briefing), prefix + briefing.slug + ".md")
    if printed_title and briefing.title_en and briefing.title_en != briefing.title:
        text += f" · {escape_text(briefing.title)}"
    details = [escape_text(_when(briefing))]
    if briefing.outlet:
        details.append(escape_text(briefing.outlet))
    return f"- {text} — {', '.join(details)}"


def _month_key(briefing: Briefing) -> str | None:
    when = briefing.date or (briefing.event.date if briefing.event else None)
    return when[:7] if when else None


INDEX_ON_PAGE = 500  # more briefings than this: one index page per month


def month_listing(month: str, total: int) -> str:
    """Where the index of all briefings lists a month's briefings, from docs/:
    a heading of its one page, or, for a site of more than INDEX_ON_PAGE
    briefings (``total``), the month's own page."""
    if total > INDEX_ON_PAGE:
        return f"briefings/by-month/{month}.md"
    return f"briefings/index.md#{_month_anchor(month)}"


def _by_month(briefings: list[Briefing]) -> tuple[dict[str | None, list[Briefing]], list[str]]:
    """The briefings of each month (None: undated), and the months, newest first."""
    by_month: dict[str | None, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        by_month[_month_key(briefing)].append(briefing)
    return by_month, sorted((m for m in by_month if m), reverse=True)


def render_index(briefings: list[Briefing]) -> dict[str, str]:
    """All briefings by year and month, newest first: on one page, or, for a
    large site, a page of months linking one page per month (``index_month_pages``:
    no page grows with the corpus)."""
    by_month, months = _by_month(briefings)
    split = len(briefings) > INDEX_ON_PAGE
    out = [dump_front_matter({"title": "All briefings", "description": "Every briefing, by month."}),
           "# All briefings", "",
           f"{len(briefings)} briefings, newest first. Undated articles are placed by the date "
           "of the event they report.", ""]
    year = None
    for month in months:
        if month[:4] != year:
            year = month[:4]
            out += [f"## {year}", ""]
        if split:
            path = month_listing(month, len(briefings))
            out.append(f"- {link(_month_name(month), path.removeprefix('briefings/'))}: {len(by_month[month])} briefings")
        else:
            out += [f"### {_month_name(month)}", ""] + [
                _listing_line(b, "") for b in sorted(by_month[month], key=lambda b: b.sort_key, reverse=True)]
        out.append("")
    if by_month.get(None):
        out += ["## Undated", ""]
        out += [_listing_line(b, "") for b in sorted(by_month[None], key=lambda b: (b.title, b.slug))]
        out.append("")
    return {BRIEFINGS_INDEX: "\n".join(out).rstrip("\n") + "\n"}


def index_month_pages(briefings: list[Briefing]) -> dict[str, Recipe]:
    """For a site of more than INDEX_ON_PAGE briefings, a page of each
    month's briefings, newest first, as recipes showing those briefings: a
    cache of them renders only the month of a source added, not all."""
    if len(briefings) <= INDEX_ON_PAGE:
        return {}
    by_month, months = _by_month(briefings)
    pages = {}
    for month in months:
        path = month_listing(month, len(briefings))
        listed = sorted(by_month[month], key=lambda b: b.sort_key, reverse=True)
        pages[path] = Recipe(tuple(listed), _month_page, (month, listed))
    return pages


def _month_page(month: str, listed: list[Briefing]) -> str:
    title = f"Briefings of {_month_name(month)}"
    return "\n".join([dump_front_matter({"title": title, "description": title}), f"# {title}", "",
                       link("All months", "../index.md"), ""] + [_listing_line(b, "../") for b in listed]) + "\n"


def page_numbers(stem: str, number: int, count: int) -> str:
    """Links from page ``number`` of ``stem`` (``numbered_page``) to each of its
    ``count`` pages, its own in bold: by file name, as they share a folder."""
    name = stem.rpartition("/")[2]
    return " ".join(link(str(n), numbered_page(name, n)) if n != number else f"**{n}**" for n in range(1, count + 1))


def by_story(mentions: list[tuple[Briefing, str]]) -> list[list[tuple[Briefing, str]]]:
    """``mentions`` (briefing, sentence; newest first) grouped by story, each
    group earliest first, the groups newest first by their earliest report:
    an interview reposted by five outlets is one item of a listing, not five.
    One pass from the oldest, no sort (NMPA's page at 10,000 sources: 9,000)."""
    stories: dict[str, list[tuple[Briefing, str]]] = {}
    for mention in reversed(mentions):
        story = mention[0].story or mention[0].slug
        if story in stories:
            stories[story].append(mention)
        else:
            stories[story] = [mention]
    return list(reversed(stories.values()))


def more_reports(page: str, reports: list) -> str:
    """"; 2 more reports of this story", linked to the story, or nothing."""
    if len(reports) < 2:
        return ""
    story = reports[0][0].story or reports[0][0].slug
    more = f"{len(reports) - 1} more report{'s' if len(reports) > 2 else ''} of this story"
    return f"; {link(more, relative(page, story_path(story)))}"


def render_home(briefings: list[Briefing], registry: Registry, sources: int) -> str:
    ordered = sorted(briefings, key=lambda b: b.sort_key, reverse=True)
    dates = sorted(b.date for b in briefings if b.date)
    outlets = {b.outlet for b in briefings if b.outlet}
    topics = Counter(t for b in briefings for t in b.entities.topics)
    people = {p.id for b in briefings for p in b.entities.people if p.id}
    organisations = {o for b in briefings for o in b.entities.organisations}
    months = Counter(m for m in map(_month_key, briefings) if m)
    out = [dump_front_matter({
        "description": "Briefings on China's drug, medical-device and cosmetics regulation.",
    }), "# MedReg Briefings", "",
        "Curated briefings on China's regulation of drugs, medical devices and cosmetics: "
        "approvals, review reform, clinical trials, inspections and international cooperation, "
        "from news clippings, conference reports and press releases. Every fact on a briefing "
        "links back to the source it came from.", ""]
    span = f", published {dates[0]} to {dates[-1]}" if dates else ""
    out += [f"**{len(briefings)} briefings** from {sources} source documents and "
            f"{len(outlets)} outlets{span}, naming {link(f'{len(people)} people', 'people/index.md')} "
            f"and {link(f'{len(organisations)} organisations', 'organisations/index.md')}, on "
            f"{link(f'{len(topics)} topics', 'topics/index.md')}.", ""]
    stories: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in ordered:
        stories[briefing.story or briefing.slug].append(briefing)
    multi = [reports for reports in stories.values() if len(reports) > 1][:5]
    if multi:
        out += ["## Latest stories", "", "Reported by several outlets:", ""]
        for reports in multi:
            first = min(reports, key=attrgetter("chronological"))
            out.append(f"- {link(display_title(first), 'stories/' + (first.story or first.slug) + '.md')} — "
                       f"{len(reports)} reports, {escape_text(_when(first))}")
        out.append("")
    out += ["## Latest briefings", ""]
    out += [_listing_line(reports[0][0], "briefings/") + more_reports("index.md", reports)
            for reports in by_story([(b, "") for b in ordered])[:LATEST_ON_HOME]]
    out += ["", "[All briefings by month](briefings/index.md)", ""]
    if months:
        out += ["## By month", ""]
        out += [f"- {link(_month_name(m), month_listing(m, len(briefings)))}: "
                f"{n} briefing{'s' if n != 1 else ''}"
                for m, n in sorted(months.items(), reverse=True)]
        undated = len(briefings) - sum(months.values())
        if undated:  # so that the months and this add up to the briefings counted above
            out.append(f"- {link('Undated', 'briefings/index.md#undated')}: "
                       f"{undated} briefing{'s' if undated != 1 else ''}")
        out.append("")
    if topics:
        out += ["## By topic", ""]
        out += [f"- {link(registry.get(t).name, entity_path(t))}: {n}"
                for t, n in sorted(topics.items(), key=lambda i: (-i[1], i[0])) if registry.get(t)]
        out += ["", "[All topics](topics/index.md)", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_glossary(glossary: list) -> str:
    page = GLOSSARY_PAGE
    out = [dump_front_matter({"title": "Glossary", "description": "Acronyms used in the briefings."}),
           "# Glossary", "", "Acronyms and terms in the briefings. In a briefing, hover over an acronym to "
           "see what it stands for.", "", "| Term | Meaning |", "|---|---|"]
    for term in glossary:
        meaning = escape_text(term.meaning)
        if term.entity:
            meaning = link(term.meaning, relative(page, entity_path(term.entity)))
        out.append(f"| {escape_text(term.term)} | {meaning} |")
    return "\n".join(out) + "\n"


def render_search_page(engine: str) -> str:
    """The Search page: Pagefind's interface when the site uses Pagefind,
    else a pointer to the search box in the header."""
    head = dump_front_matter({"title": "Search", "description": "Search the briefings in English and Chinese.",
                              "search": {"exclude": True}}) + "\n# Search\n\n"
    if engine != "pagefind":
        return head + ("Use the search box at the top of every page. It searches English and Chinese: "
                       "try *NMPA*, *innovative drugs*, *药监局* or *临床试验*.\n")
    return head + (
        'Search every briefing, person, organisation and topic, in English or Chinese.\n\n'
        '<link href="../pagefind/pagefind-ui.css" rel="stylesheet">\n'
        '<div id="medreg-pagefind"></div>\n'
        '<script src="../pagefind/pagefind-ui.js"></script>\n'
        "<script>\n"
        "  new PagefindUI({element: '#medreg-pagefind', showSubResults: true, showImages: false,\n"
        "                  baseUrl: new URL('..', location.href).pathname});\n"
        "</script>\n")
