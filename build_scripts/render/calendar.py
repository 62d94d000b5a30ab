"""The events the briefings report, as iCalendar files (RFC 5545): one for
the site (``events.ics``) and one per topic and organisation beside its feed.

Written with the icalendar library (line folding, escaping, CRLF endings as
the RFC has them), not by hand. Every event has a date the text states: an
event without one is left out, never given a date. Dates have no time in the
briefings, so events are all-day (DTEND the day after the last, as the RFC
counts). The UID is made of the event's name, first day and place, so a
calendar client that subscribed updates an event instead of adding it twice;
DTSTAMP is the reporting briefing's date, so two builds give the same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from ..model import Briefing, Event, display_title
from ..registry import Registry
from .recipe import Recipe
from .urls import SITE_EVENTS, briefing_path, calendar_path

PRODID = "-//MedReg Briefings//Events//EN"


def dated_events(briefings: list[Briefing]) -> list[tuple[Event, Briefing]]:
    """Each event with a stated date once (by name and first day; an event
    without a name, the day of what a story reports, by its story), with the
    earliest briefing that reports it, in date order."""
    found: dict[tuple, tuple[Event, Briefing]] = {}
    for briefing in sorted(briefings, key=lambda b: b.chronological):
        event = briefing.event
        if event is None or not event.date:
            continue
        found.setdefault((event.date, event.name or "", _unnamed_story(event, briefing)), (event, briefing))
    return [found[key] for key in sorted(found)]


def _unnamed_story(event: Event, briefing: Briefing) -> str:
    """What tells apart events without a name on one day: the story that reports each."""
    return "" if event.name else (briefing.story or briefing.slug)


def event_uid(event: Event, story: str = "") -> str:
    """The same event reported again, or by another outlet, keeps its UID
    (``story``: the story of an event without a name)."""
    identity = "\n".join([" ".join((event.name or "").casefold().split()), event.date or "", (event.city or "").casefold()]
                         + ([story] if story else []))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32] + "@medreg-briefings"


def render_calendar(title: str, events: list[tuple[Event, Briefing]], site_url: str | None,
                    directory_urls: bool = True) -> str:
    """An iCalendar file of ``events`` (text with CRLF line endings)."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    for event, briefing in events:
        entry = CalendarEvent()
        entry.add("uid", event_uid(event, _unnamed_story(event, briefing)))
        stamp = date.fromisoformat(briefing.date or event.date)
        entry.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day, tzinfo=timezone.utc))
        first = date.fromisoformat(event.date)
        last = date.fromisoformat(event.end_date) if event.end_date and event.end_date >= event.date else first
        entry.add("dtstart", first)
        entry.add("dtend", last + timedelta(days=1))
        entry.add("summary", event.name or f"Event reported in: {display_title(briefing)}")
        place = ", ".join(part for part in (event.venue, event.city)
                          if part and (part == event.venue or not event.venue or part not in event.venue))
        if place:
            entry.add("location", place)
        page = _address(briefing_path(briefing), site_url, directory_urls)
        entry.add("description", f"Reported in: {display_title(briefing)}"
                                 + (f" ({briefing.outlet}, {briefing.date})" if briefing.outlet and briefing.date else "")
                                 + f"\nBriefing: {page}\nSource: sources/{briefing.source}")
        if site_url:
            entry.add("url", page)
        calendar.add_component(entry)
    return calendar.to_ical().decode("utf-8")


def _address(path: str, site_url: str | None, directory_urls: bool) -> str:
    """A page's address: absolute with the site's URL, else its path in the site."""
    target = path[:-3] + "/" if directory_urls else path[:-3] + ".html"
    return site_url.rstrip("/") + "/" + target if site_url else target


def calendar_pages(briefings: list[Briefing], registry: Registry, tagged: dict[str, list[Briefing]],
                   site_url: str | None, directory_urls: bool = True) -> dict[str, Recipe]:
    """``events.ics`` and a calendar for each topic and organisation whose
    briefings report a dated event, as recipes showing those briefings."""
    pages: dict[str, Recipe] = {}
    settings = (site_url or "", str(directory_urls))

    def add(path: str, title: str, listed: list[Briefing]) -> None:
        with_events = [b for b in listed if b.event and b.event.date]
        if with_events:
            pages[path] = Recipe((*settings, title, *with_events), _render_listed,
                                 (title, with_events, site_url, directory_urls))

    add(SITE_EVENTS, "MedReg Briefings: events", briefings)
    for kind in ("topic", "organisation"):
        for entity in registry.of_kind(kind):
            if tagged.get(entity.id):
                add(calendar_path(entity.id), f"MedReg Briefings: {entity.name} events", tagged[entity.id])
    return pages


def _render_listed(title: str, briefings: list[Briefing], site_url: str | None, directory_urls: bool) -> str:
    return render_calendar(title, dated_events(briefings), site_url, directory_urls)


def has_events(briefings: list[Briefing]) -> bool:
    return any(b.event and b.event.date for b in briefings)
