"""Story pages, the key-figures page and downloads, the timeline, and feeds.

Pure functions of the briefings: ``{path: text}`` out.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import re
from collections import defaultdict
from functools import partial
from itertools import groupby, islice
from operator import attrgetter
from typing import Callable, NamedTuple

from ..extract.figures import figures_in
from ..model import Briefing, Figure, PageParts
from ..normalise.sentences import split_sentences
from ..registry import Registry
from .briefing import _month_name, _when, display_title, page_numbers, render_report
from .markup import dump_front_matter, escape_text, link, unsearched, xml_text
from .charts import render_charts
from .recipe import Recipe
from .urls import (FIGURES_PAGE, HOME, SITE_EVENTS, SITE_FEED, STORIES_INDEX, TIMELINE_PAGE, briefing_path, entity_path, feed_path,
                   numbered_page, pack_path, relative, story_path)

FEED_ENTRIES = 50
_sort_key = attrgetter("sort_key")


def group_by_story(briefings: list[Briefing]) -> dict[str, list[Briefing]]:
    """Story id -> its reports, earliest first."""
    stories: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in briefings:
        stories[briefing.story or briefing.slug].append(briefing)
    return {story: sorted(reports, key=_chronological) for story, reports in stories.items()}


_chronological = attrgetter("chronological")


def render_story_index(stories: dict[str, list[Briefing]]) -> str:
    page = STORIES_INDEX
    multi = sorted(((sid, reports) for sid, reports in stories.items() if len(reports) > 1),
                   key=lambda item: _chronological(item[1][0]), reverse=True)
    out = [dump_front_matter({"title": "Stories", "description": "Stories reported by several outlets."}),
           "# Stories", "",
           "Reports of the same story from several outlets, grouped. Each story page shows the earliest "
           "report in full and what each later report adds.", ""]
    if not multi:
        out.append("No story has more than one report yet.")
    if len(multi) > STORIES_ON_INDEX:
        out += [f"The latest {STORIES_ON_INDEX} of {len(multi)} stories:", ""]
    for story_id, reports in multi[:STORIES_ON_INDEX]:
        outlets = sorted({r.outlet for r in reports if r.outlet})
        out.append(f"- {link(display_title(reports[0]), relative(page, story_path(story_id)))} — "
                   f"{len(reports)} reports, {escape_text(_when(reports[0]))}"
                   + (f", {escape_text(', '.join(outlets))}" if outlets else ""))
    return "\n".join(out).rstrip("\n") + "\n"


# --- what a report adds ---------------------------------------------------------

_WORDS = re.compile(r"[a-z]+")


def _sentences(briefing: Briefing) -> list[str]:
    texts = [briefing.summary or "", *briefing.key_points]
    texts += [block.text for block in briefing.body if block.kind == "paragraph"]
    return [s for text in texts for s in split_sentences(text) if s]


def added_facts(report: Briefing, main: Briefing) -> list[str]:
    """Sentences of ``report`` that state something ``main`` does not: a
    figure (value and unit) or a person or organisation the main report
    lacks, in a sentence that is not a paraphrase of one of the main report's."""
    main_figures = {(f.value, f.unit) for f in main.figures}
    main_entities = {m.entity for m in main.entities.mentions if not m.entity.startswith("topic/")}
    main_entities |= {p.id for p in main.entities.people if p.id} | set(main.entities.organisations)
    main_words = [set(_WORDS.findall(s.lower())) for s in _sentences(main)]
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for mention in report.entities.mentions:
        if not mention.entity.startswith("topic/") and mention.entity != report.entities.outlet:
            by_sentence[mention.sentence].add(mention.entity)
    added = []
    for sentence in _sentences(report):
        figures = {(f.value, f.unit) for f in figures_in(sentence)} - main_figures
        entities = by_sentence.get(sentence, set()) - main_entities
        if not figures and not entities:
            continue
        words = set(_WORDS.findall(sentence.lower()))
        if any(len(words & other) / len(words | other) >= 0.6 for other in main_words if words | other):
            continue
        if sentence not in added:
            added.append(sentence)
    return added


STORY_REPORTS_DETAILED = 30  # later reports shown with what each adds
STORY_REPORTS_LISTED = 200  # then listed as links


def render_story(story_id: str, reports: list[Briefing], registry: Registry) -> str:
    main, others = reports[0], reports[1:]
    page = story_path(story_id)
    outlets = sorted({r.outlet for r in reports if r.outlet})
    meta = {
        "title": display_title(main),
        "story": story_id,
        "description": f"{len(reports)} reports of one story: {display_title(main)}"[:300],
        "reports": [{"briefing": briefing_path(r), "title": r.title, "outlet": r.outlet, "date": r.date,
                     "time": r.time} for r in reports],
    }
    first, last = _when(reports[0]), _when(max(reports, key=_chronological))
    out = [dump_front_matter(meta), f"# {escape_text(display_title(main))}", "",
           f"**{len(reports)} reports** of this story from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
           f" ({escape_text(', '.join(outlets))}), {escape_text(first)} to {escape_text(last)}. The earliest "
           "report follows in full; each later one is listed with what it adds.", ""]
    # Out of search: the earliest report's own page has its text (a query would find it twice).
    out += unsearched([f"## Earliest report: {escape_text(main.outlet or 'outlet not stated')}, "
                       f"{escape_text(_when(main))}", "",
                       f"{link(display_title(main), relative(page, briefing_path(main)))}"
                       + (f" · {escape_text(main.title)}" if main.title_en else ""), "",
                       *render_report(main, registry, page, level=3)])
    out += ["## Also reported by", ""]
    for report in others[:STORY_REPORTS_DETAILED]:
        out += [f"### {escape_text(report.outlet or 'Outlet not stated')}, {escape_text(_when(report))}", "",
                link(display_title(report), relative(page, briefing_path(report)))
                + (f" · {escape_text(report.title)}" if report.title_en else ""), ""]
        facts = added_facts(report, main)
        if facts:
            out += ["Adds:", ""] + [f"- {escape_text(fact)}" for fact in facts] + [""]
        else:
            out += ["*Adds no fact the earliest report lacks.*", ""]
    # A story reposted hundreds of times: the rest as links, and then a count, so the page stays small.
    rest = others[STORY_REPORTS_DETAILED:]
    if rest:
        out += ["### Later reports", ""]
        out += [f"- {link(display_title(r), relative(page, briefing_path(r)))} — "
                f"{escape_text(r.outlet or 'outlet not stated')}, {escape_text(_when(r))}"
                for r in rest[:STORY_REPORTS_LISTED]]
        if len(rest) > STORY_REPORTS_LISTED:
            out += ["", f"*... and {len(rest) - STORY_REPORTS_LISTED} more reports of this story.*"]
    return "\n".join(out).rstrip("\n") + "\n"


# --- figures ------------------------------------------------------------------------

def format_value(figure: Figure) -> str:
    value = f"{figure.value:,}" if isinstance(figure.value, int) else f"{figure.value:g}"
    number = f"{figure.qualifier} {value}" if figure.qualifier else value
    return f"{number}%" if figure.unit == "%" else f"{number} {figure.unit}"


def render_figures_table(briefing: Briefing, disagreements, page: str) -> list[str]:
    if not briefing.figures:
        return []
    out = ["## Key figures", "", "| Figure | What | Period |", "|---|---|---|"]
    flagged = defaultdict(list)
    for position, other, other_figure in disagreements.get(briefing.slug, []):
        flagged[position].append((other, other_figure))
    for position, figure in enumerate(briefing.figures):
        cell = escape_text(format_value(figure))
        for other, other_figure in flagged.get(position, []):
            cell += (f" ⚠ {link(other.outlet or display_title(other), relative(page, briefing_path(other)))} "
                     f"gives {escape_text(format_value(other_figure))}")
        out.append(f"| {cell} | {escape_text(figure.what or '—')} | {escape_text(figure.period or '—')} |")
    return out + [""]


FIGURES_ON_PAGE = 300  # more than this: one page per month, the latest on the first
FIGURES_COLUMNS = ["value", "unit", "qualifier", "what", "period", "sentence", "date", "outlet", "title", "briefing",
                   "topics", "organisations"]


class FigureLine(NamedTuple):
    """One figure as each figures file shows it: its month, and its row of
    the table (every figures page is in figures/, so links are the same on
    all), its CSV line and its JSON line, each as UTF-8 parts to be joined,
    ending in a line break (the JSON line in ",\n"). The figures files are tens of
    megabytes on a large site, most of it what a briefing's figures repeat
    (its title, date, topics, organisations): those parts are one bytes object
    for all the figures of a briefing, held once (and pickled once in the memo),
    and pages are lists of parts, never joined in memory (``PageParts``)."""

    month: str
    table: tuple[bytes, ...]
    csv: tuple[bytes, ...]
    json: tuple[bytes, ...]


# A text cell a spreadsheet would read as a formula (OWASP's "CSV injection"): it starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting like a formula gets
    a leading apostrophe, as OWASP advises; numbers stay numbers."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_fields(values: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(
        [spreadsheet_safe("; ".join(v) if isinstance(v, list) else ("" if v is None else v)) for v in values])
    return buffer.getvalue()


def figure_lines(briefing: Briefing, registry: Registry, flagged: frozenset) -> tuple[FigureLine, ...]:
    """The lines of a briefing's figures; ``flagged``: the (sentence, value)
    of its figures another briefing disagrees with."""
    topics = [registry.get(t).name for t in briefing.entities.topics if registry.get(t)]
    organisations = [registry.get(o).name for o in briefing.entities.organisations if registry.get(o)]
    path, title = briefing_path(briefing), display_title(briefing)
    month = (briefing.date or "undated")[:7]
    # What every figure of the briefing shows: encoded once, shared by its lines.
    table_end = (" | ".join([link(title, relative(FIGURES_PAGE, path)), escape_text(briefing.date or "undated"),
                             escape_text("; ".join(topics)), escape_text("; ".join(organisations))])
                 + " |\n").encode("utf-8")
    own = {"briefing": path, "title": title, "date": briefing.date, "outlet": briefing.outlet, "topics": topics,
           "organisations": organisations}
    csv_end = _csv_fields([own[c] for c in FIGURES_COLUMNS if c in own]).encode("utf-8")
    shared_json: dict[tuple, bytes] = {}
    runs_of: dict[tuple, list[tuple]] = {}
    lines = []
    for figure in briefing.figures:
        value = f"{figure.value:,}" if isinstance(figure.value, int) else f"{figure.value:g}"
        flag = " ⚠" if (figure.sentence, figure.value) in flagged else ""
        table = "| " + " | ".join([
            escape_text((figure.qualifier + " " if figure.qualifier else "") + value) + flag,
            escape_text(figure.unit), escape_text(figure.what or "—"), escape_text(figure.period or "—"), ""])
        row = {**figure.as_dict(), "qualifier": figure.qualifier, **own}
        # The CSV's columns: the figure's, then the briefing's (quoted field by field, as one row would be).
        csv_start = _csv_fields([row[c] for c in FIGURES_COLUMNS if c not in own])[:-1] + ","
        # The JSON object as json.dumps(row, sort_keys=True) writes it, in runs of
        # keys that are the figure's or the briefing's (its C encoder: indent= would use the slow Python one).
        keys = tuple(sorted(row))
        if keys not in runs_of:
            runs_of[keys] = [tuple(run) for _, run in groupby(keys, key=lambda k: k in own)]
        runs = runs_of[keys]
        json_parts = []
        for number, run in enumerate(runs):
            shared = (number, len(runs), run) if run[0] in own else None
            part = shared_json.get(shared) if shared else None
            if part is None:
                part = (("{" if number == 0 else "")
                        + json.dumps({k: row[k] for k in run}, ensure_ascii=False, sort_keys=True)[1:-1]
                        + ("},\n" if number == len(runs) - 1 else ", ")).encode("utf-8")
                if shared:
                    shared_json[shared] = part
            json_parts.append(part)
        lines.append(FigureLine(month, (table.encode("utf-8"), table_end),
                                (csv_start.encode("utf-8"), csv_end), tuple(json_parts)))
    return tuple(lines)


_TABLE_HEAD = ['<div class="medreg-filters" data-table="figures"></div>', "",
               "| Value | Unit | What | Period | Briefing | Date | Topics | Organisations |",
               "|---:|---|---|---|---|---|---|---|"]
_TABLE_FOOT = "\n⚠ another briefing gives a different value for the same measure and period.\n".encode("utf-8")


def _table_page(head: list[str], lines: list[FigureLine], tail: list[str] | None = None) -> PageParts:
    """A figures page: the Markdown lines of ``head``, the table of ``lines``, then those of ``tail``."""
    return PageParts((("\n".join(head + _TABLE_HEAD) + "\n").encode("utf-8"),
                      *(part for line in lines for part in line.table), _TABLE_FOOT,
                      *((("\n" + "\n".join(tail) + "\n").encode("utf-8"),) if tail else ())))


def render_figures_page(briefings: list[Briefing], registry: Registry, disagreements,
                        lines: Callable | None = None) -> dict[str, PageParts]:
    """The figures page (split by month when long), and the CSV and JSON of
    every figure, as parts of UTF-8 (see ``FigureLine``). ``lines(briefing,
    flagged, compute)``, if given, returns ``compute()`` or what it returned
    before for the same briefing and flags (a memo: a rebuild renders only
    the figures of changed briefings)."""
    shown = sorted((b for b in briefings if b.figures), key=lambda b: b.sort_key, reverse=True)
    rows: list[FigureLine] = []
    for briefing in shown:
        flagged = frozenset((briefing.figures[p].sentence, briefing.figures[p].value)
                            for p, _, _ in disagreements.get(briefing.slug, []))
        compute = partial(figure_lines, briefing, registry, flagged)
        rows += lines(briefing, flagged, compute) if lines else compute()
    intro = (f"{len(rows)} figures from {len(shown)} briefings. Click a column to sort; "
             "choose a topic or organisation to filter. Download every figure: [CSV](figures.csv) · "
             "[JSON](figures.json).")
    pages: dict[str, PageParts] = {}
    # Out of search: the tables repeat what the briefings say (a month's table is megabytes on a
    # large site, and would outrank the briefings); the figures page is in the navigation.
    unsearched = {"search": {"exclude": True}}
    head = [dump_front_matter({"title": "Key figures", "description": "Every figure in the briefings, with its source.",
                               **unsearched}),
            "# Key figures", "", intro, ""]
    charts = render_charts(shown)  # after the table, which readers come for
    if len(rows) <= FIGURES_ON_PAGE:
        pages[FIGURES_PAGE] = _table_page(head, rows, charts)
    else:
        by_month: dict[str, list[FigureLine]] = defaultdict(list)
        for row in rows:
            by_month[row.month].append(row)
        months = sorted(by_month, reverse=True)
        pages[FIGURES_PAGE] = _table_page(head + ["By month: " + " · ".join(
            link(f"{_month_name(m) if m != 'undated' else 'Undated'} ({len(by_month[m])})", f"{m}.md")
            for m in months), "", f"## The latest {FIGURES_ON_PAGE}", ""], rows[:FIGURES_ON_PAGE], charts)
        for month in months:
            # A month of a large site has thousands of figures: FIGURES_ON_PAGE per page.
            parts = [by_month[month][i:i + FIGURES_ON_PAGE] for i in range(0, len(by_month[month]), FIGURES_ON_PAGE)]
            name = _month_name(month) if month != "undated" else "undated briefings"
            for number, part in enumerate(parts, start=1):
                path = numbered_page(f"figures/{month}", number)
                title = f"Key figures: {name}" + (f" ({number} of {len(parts)})" if len(parts) > 1 else "")
                pages[path] = _table_page([dump_front_matter({"title": title, "description": title, **unsearched}),
                                           f"# {title}", "", link("All months", "index.md")
                                           + (" · Pages: " + page_numbers(f"figures/{month}", number, len(parts))
                                              if len(parts) > 1 else ""), ""],
                                          part)
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(FIGURES_COLUMNS)
    pages["figures/figures.csv"] = PageParts((header.getvalue().encode("utf-8"),
                                              *(part for row in rows for part in row.csv)))
    # One figure per line; the last without its comma.
    json_parts = [part for row in rows for part in row.json]
    if json_parts:
        json_parts[-1] = json_parts[-1][:-2]
    pages["figures/figures.json"] = PageParts((b'{"figures": [\n', *json_parts, b"\n]}\n"))
    return pages


# --- timeline -----------------------------------------------------------------------

STORIES_ON_INDEX = 300  # stories listed on the stories index
TIMELINE_ON_PAGE = 500  # more entries than this: one timeline page per month


def render_timeline(briefings: list[Briefing], stories: dict[str, list[Briefing]]) -> dict[str, str]:
    """Events and publications by month: one page, or for a large site a page
    of months and one page per month."""
    page = TIMELINE_PAGE
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    seen_events: set[tuple] = set()
    for story_id, reports in stories.items():
        target = story_path(story_id) if len(reports) > 1 else briefing_path(reports[0])
        main = reports[0]
        title = link(display_title(main), relative(page, target))
        if main.date:
            extra = f" ({len(reports)} reports)" if len(reports) > 1 else ""
            outlet = f", {escape_text(main.outlet)}" if main.outlet else ""
            entries[main.date[:7]].append((main.date + "b", f"- **{main.date}** · Published: {title}{outlet}{extra}"))
        for report in reports:
            event = report.event
            if event and event.date and (event.name, event.date) not in seen_events:
                seen_events.add((event.name, event.date))
                when = event.date + (f" to {event.end_date}" if event.end_date else "")
                place = ", ".join(escape_text(p) for p in (event.venue, event.city) if p and
                                  (p == event.venue or not event.venue or p not in event.venue))
                entries[event.date[:7]].append((event.date + "a", f"- **{when}** · Event: "
                                                + escape_text(event.name or "event") + (f", {place}" if place else "")
                                                + f" — reported in {title}"))
    out = [dump_front_matter({"title": "Timeline", "description": "Events and publications by month."}),
           "# Timeline", "", "Events the briefings report (with their dates and places) and publications, "
           "by month, newest first.", ""]
    if seen_events:
        out += [link("Add the events to a calendar", relative(page, SITE_EVENTS))
                + " (iCalendar: subscribe to it, or open it in a calendar application).", ""]
    pages: dict[str, str] = {}
    split = sum(map(len, entries.values())) > TIMELINE_ON_PAGE
    for month in sorted(entries, reverse=True):
        lines = [line for _, line in sorted(entries[month], key=lambda e: e[0], reverse=True)]
        if split:  # month pages sit beside timeline/index.md, so the same relative links work
            title = f"Timeline: {_month_name(month)}"
            pages[f"timeline/{month}.md"] = "\n".join(
                [dump_front_matter({"title": title, "description": title}), f"# {title}", "",
                 link("All months", "index.md"), ""] + lines) + "\n"
            out.append(f"- {link(_month_name(month), f'{month}.md')}: {len(lines)} entries")
        else:
            out += [f"## {_month_name(month)}", ""] + lines + [""]
    undated = [b for b in briefings if not b.date and not (b.event and b.event.date)]
    if undated:
        out += ["", "## Undated", ""] + [f"- {link(display_title(b), relative(page, briefing_path(b)))}"
                                         for b in undated[:100]]
        if len(undated) > 100:
            out.append(f"- ... and {len(undated) - 100} more undated briefings")
    pages[TIMELINE_PAGE] = "\n".join(out).rstrip("\n") + "\n"
    return pages


# --- feeds ---------------------------------------------------------------------------

# The zone of a date and time as the sources print them: the beat's outlets publish in mainland
# China, Hong Kong, Macao and Taiwan, all eight hours ahead of UTC (the feeds once said UTC, which
# put a morning's report of Beijing on the evening before). A source's own zone is not kept yet.
CHINA_TIME = "+08:00"


def render_feed(feed_path: str, title: str, dated: list[Briefing], site_url: str | None,
                page_path: str, directory_urls: bool = True) -> str:
    """An Atom feed of ``dated``, the latest dated briefings, newest first.
    Links are absolute when the site's URL is known, else relative to the
    feed (resolved by readers against it)."""
    def url(path: str) -> str:
        if not directory_urls:
            target = path[:-3] + ".html"
        else:
            target = path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
        if site_url:
            return site_url.rstrip("/") + "/" + target
        return relative(feed_path, target) or "./"  # "" would be the feed itself, not the home page beside it

    def stamp(briefing: Briefing) -> str:
        return f"{briefing.date}T{briefing.time or '00:00'}:00{CHINA_TIME}"

    updated = stamp(dated[0]) if dated else "2000-01-01T00:00:00" + CHINA_TIME  # the newest entry's
    feed_id = url(feed_path.removesuffix(".xml") + ".md") if site_url else f"urn:medreg:{feed_path}"
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <title>{xml_text(title)}</title>", f"  <id>{xml_text(feed_id)}</id>",
           f"  <updated>{updated}</updated>",
           f'  <link rel="alternate" type="text/html" href="{xml_text(url(page_path))}"/>',
           f'  <link rel="self" type="application/atom+xml" href="{xml_text(site_url.rstrip("/") + "/" + feed_path if site_url else relative(feed_path, feed_path))}"/>',
           "  <author><name>MedReg Briefings</name></author>"]
    for briefing in dated:
        out += ["  <entry>", f"    <title>{xml_text(display_title(briefing))}</title>",
                f'    <link rel="alternate" type="text/html" href="{xml_text(url(briefing_path(briefing)))}"/>',
                f"    <id>urn:medreg:briefing:{xml_text(briefing.slug)}</id>",
                f"    <updated>{stamp(briefing)}</updated>"]
        if briefing.summary:
            out.append(f"    <summary>{xml_text(briefing.summary)}</summary>")
        if briefing.outlet:
            out.append(f"    <author><name>{xml_text(briefing.outlet)}</name></author>")
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_pages(briefings: list[Briefing], registry: Registry, site_url: str | None,
               directory_urls: bool = True, tagged: dict[str, list[Briefing]] | None = None) -> dict[str, Recipe]:
    """The site-wide feed and one per topic and organisation with briefings,
    as recipes showing the briefings a feed lists, its title and the site's
    URL settings: a cache of them renders only the feeds a source added is in."""
    def feed(path: str, title: str, dated: list[Briefing], page_path: str) -> Recipe:
        # (The title names the topic or organisation: a feed of undated briefings only lists none of them.)
        return Recipe((site_url or "", str(directory_urls), title, *dated), render_feed,
                      (path, title, dated, site_url, page_path, directory_urls))

    # The site-wide feed sits at the root: Material fetches "sitemap.xml" beside
    # every <link rel="alternate"> a page announces, and the root has one. Its
    # latest, as sorted(..., reverse=True)[:FEED_ENTRIES] gives them (ties in order), without sorting all.
    latest = heapq.nlargest(FEED_ENTRIES, (b for b in briefings if b.date), key=_sort_key)
    pages = {SITE_FEED: feed(SITE_FEED, "MedReg Briefings: all briefings", latest, HOME)}
    tagged = tagged if tagged is not None else tagged_briefings(briefings, registry)
    for kind in ("topic", "organisation"):
        for entity in registry.of_kind(kind):
            if not tagged.get(entity.id):
                continue
            path = feed_path(entity.id)
            # An entity's briefings come newest first (``tagged_briefings``): its latest are its first dated ones.
            latest = list(islice((b for b in tagged[entity.id] if b.date), FEED_ENTRIES))
            pages[path] = feed(path, f"MedReg Briefings: {entity.name}", latest, entity_path(entity.id))
    return pages


# --- printable briefing packs -----------------------------------------------------------

PACK_STORIES = 50
PACK_CHARACTERS = 200_000  # of Markdown: about half a megabyte of HTML
PACK_SOURCES = 20  # reports listed under each story's sources


def render_pack(entity, registry: Registry, briefings: list[Briefing], stories: dict[str, list[Briefing]]) -> str:
    """Every story on a topic or naming an organisation, in one printable
    page: a table of contents, each story's earliest report in full, and the
    sources it cites. ``briefings``: those on the topic or naming the
    organisation, newest first. The latest PACK_STORIES stories, fewer if
    they would pass PACK_CHARACTERS: a pack is read and printed whole."""
    page = pack_path(entity.id)
    story_ids = list(dict.fromkeys(briefing.story for briefing in briefings))
    blocks: list[list[str]] = []
    size = 0
    for number, story_id in enumerate(story_ids[:PACK_STORIES], start=1):
        block = _pack_story(number, stories[story_id], registry, page)
        size += sum(len(line) + 1 for line in block)
        if blocks and size > PACK_CHARACTERS:
            break
        blocks.append(block)
    shown = story_ids[:len(blocks)]
    # Out of search: a pack repeats its briefings, whose own pages are the results.
    out = [dump_front_matter({"title": f"Briefing pack: {entity.name}",
                              "description": f"All stories on {entity.name}, printable.",
                              "search": {"exclude": True}}),
           f"# Briefing pack: {escape_text(entity.name)}", "",
           f"{len(story_ids)} stor{'ies' if len(story_ids) != 1 else 'y'} "
           + ("on this topic" if entity.kind == "topic" else "naming this organisation")
           + (f", the latest {len(shown)} shown" if len(story_ids) > len(shown) else "")
           + ". Print this page or save it as PDF from the browser. Back to "
           + link(entity.name, relative(page, entity_path(entity.id))) + ".", "", "## Contents", ""]
    for number, story_id in enumerate(shown, start=1):
        main = stories[story_id][0]
        out.append(f"{number}. {escape_text(display_title(main))} — {escape_text(_when(main))}")
    out.append("")
    for block in blocks:
        out += block
    return "\n".join(out).rstrip("\n") + "\n"


def _pack_story(number: int, reports: list[Briefing], registry: Registry, page: str) -> list[str]:
    main = reports[0]
    out = ['<div class="medreg-pack-story"></div>', "", f"## {number}. {escape_text(display_title(main))}", ""]
    facts = [f"**Published:** {escape_text(_when(main))}"]
    if main.outlet:
        facts.append(f"**Outlet:** {escape_text(main.outlet)}")
    if main.event and main.event.name:
        facts.append(f"**Event:** {escape_text(main.event.name)}")
    out += [" · ".join(facts), ""]
    out += render_report(main, registry, page, level=3)
    out += ["### Sources", ""]
    for report in reports[:PACK_SOURCES]:
        out.append(f"- {link(display_title(report), relative(page, briefing_path(report)))}: "
                   f"{escape_text(report.outlet or 'outlet not stated')}, {escape_text(_when(report))}; "
                   f"source file `sources/{report.source}`"
                   + (f", article {report.part} of {report.parts}" if report.parts > 1 else "")
                   + f", SHA-256 `{report.sha256[:16]}…`")
    if len(reports) > PACK_SOURCES:
        out.append(f"- ... and {len(reports) - PACK_SOURCES} more reports: "
                   + link("the story page lists them", relative(page, story_path(main.story))))
    return out + [""]


def tagged_briefings(briefings: list[Briefing], registry: Registry) -> dict[str, list[Briefing]]:
    """Topic or organisation id -> the briefings on it or naming it, newest first."""
    tagged: dict[str, list[Briefing]] = defaultdict(list)
    for briefing in sorted(briefings, key=lambda b: b.sort_key, reverse=True):
        for entity_id in dict.fromkeys(briefing.entities.topics + briefing.entities.organisations):
            tagged[entity_id].append(briefing)
    return tagged


def pack_pages(briefings: list[Briefing], registry: Registry, stories: dict[str, list[Briefing]],
               tagged: dict[str, list[Briefing]] | None = None) -> dict[str, Recipe]:
    """One pack per topic and organisation with briefings, as recipes showing
    the briefings of the stories a pack shows, and its story count."""
    tagged = tagged if tagged is not None else tagged_briefings(briefings, registry)
    pages = {}
    for kind in ("topic", "organisation"):
        for entity in registry.of_kind(kind):
            on = tagged.get(entity.id)
            if not on:
                continue
            story_ids = list(dict.fromkeys(briefing.story for briefing in on))
            shown = [len(story_ids)] + [r for story_id in story_ids[:PACK_STORIES] for r in ["|", *stories[story_id]]]
            pages[pack_path(entity.id)] = Recipe(tuple(shown), render_pack, (entity, registry, on, stories))
    return pages
