"""Events in a calendar (issue 32): events.ics and one per topic and
organisation, valid iCalendar read back with the library that wrote it,
all-day events, stable UIDs, nothing invented."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from build_scripts.model import Event, Extraction
from build_scripts.registry import Entity, Registry
from build_scripts.render.calendar import calendar_pages, event_uid
from build_scripts.render.entities import render_topic
from build_scripts.render.recipe import rendered
from build_scripts.render.stories import render_timeline

from .conftest import make_briefing

TOPIC = Entity("topic/trials", "topic", "Clinical trials", None, (), ("registry/topics.yml", 1))
FORUM = Event(name="DIA China Annual Meeting", date="2026-05-20", end_date="2026-05-23",
              venue="Suzhou International Expo Centre", city="Suzhou")


def briefings():
    on_topic = Extraction(topics=("topic/trials",))
    return [
        make_briefing(slug="a", date="2026-05-24", outlet="Xinhua News Agency", event=FORUM, entities=on_topic),
        # The same event reported by another outlet a day later: one event in the calendar.
        make_briefing(slug="b", date="2026-05-25", outlet="China Daily", event=FORUM),
        make_briefing(slug="c", date="2026-03-01", event=Event(name="Boao forum", date="2026-03-27")),
        make_briefing(slug="d", date="2026-03-02", event=Event(name="A forum with no date stated")),
        make_briefing(slug="e", date="2026-03-03"),
    ]


def read(text: str) -> list:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_the_site_calendar_has_each_dated_event_once_as_an_all_day_event():
    pages = rendered(calendar_pages(briefings(), Registry({TOPIC.id: TOPIC}), {}, "https://briefings.example.org/"))
    text = pages["events.ics"]
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))  # folded as RFC 5545 says
    events = read(text)
    assert [str(e["summary"]) for e in events] == ["Boao forum", "DIA China Annual Meeting"]  # by date
    boao, dia = events
    assert boao.decoded("dtstart") == date(2026, 3, 27) and boao.decoded("dtend") == date(2026, 3, 28)
    assert dia.decoded("dtstart") == date(2026, 5, 20) and dia.decoded("dtend") == date(2026, 5, 24)
    assert str(dia["location"]) == "Suzhou International Expo Centre"  # the city is in the venue's name
    assert str(dia["url"]) == "https://briefings.example.org/briefings/a/"  # the earliest report
    assert "Xinhua News Agency, 2026-05-24" in str(dia["description"]) and "sources/a.txt" in str(dia["description"])
    # An event the text gives no date is not in the calendar (no date is invented for it).
    assert "A forum with no date stated" not in text


def test_the_uid_stays_when_the_event_is_reported_again_and_two_builds_give_the_same_bytes():
    first = rendered(calendar_pages(briefings(), Registry({}), {}, None))["events.ics"]
    again = rendered(calendar_pages(briefings()[1:], Registry({}), {}, None))["events.ics"]
    uid = event_uid(FORUM)
    assert f"UID:{uid}" in first and f"UID:{uid}" in again
    assert first == rendered(calendar_pages(briefings(), Registry({}), {}, None))["events.ics"]
    # No site URL: the page's path in the site, and no URL property (it must be absolute).
    dia = read(first)[1]
    assert "url" not in dia and "Briefing: briefings/a/" in str(dia["description"])


def test_a_topic_has_a_calendar_beside_its_feed_when_its_briefings_report_dated_events():
    items = briefings()
    tagged = {"topic/trials": [items[0]]}
    pages = rendered(calendar_pages(items, Registry({TOPIC.id: TOPIC}), tagged, None))
    assert sorted(pages) == ["events.ics", "feeds/topics/trials.ics"]
    assert [str(e["summary"]) for e in read(pages["feeds/topics/trials.ics"])] == ["DIA China Annual Meeting"]
    page = render_topic(TOPIC, Registry({TOPIC.id: TOPIC}), items, [items[0]])
    assert ("Follow: [Atom feed](../feeds/topics/trials.xml) · [events calendar (.ics)](../feeds/topics/trials.ics)"
            in page)
    # No dated event on the topic: no calendar, and no link to one.
    undated = {"topic/trials": [items[4]]}
    assert "feeds/topics/trials.ics" not in calendar_pages(items, Registry({TOPIC.id: TOPIC}), undated, None)
    assert ".ics" not in render_topic(TOPIC, Registry({TOPIC.id: TOPIC}), items, [items[4]])


def test_the_timeline_links_the_calendar():
    items = briefings()
    stories = {b.slug: [b] for b in items}
    timeline = render_timeline([b.with_story(b.slug) for b in items], stories)["timeline/index.md"]
    assert "[Add the events to a calendar](../events.ics)" in timeline


def test_events_without_a_name_on_one_day_are_one_a_story():
    """An event without a name (the day of what a story reports) is told apart
    by its story: two stories of one day are two events, one story reported
    twice is one."""
    from build_scripts.render.calendar import dated_events

    day = Event(date="2026-03-13")
    reports = [make_briefing(slug="approval", date="2026-03-13", event=day, story="approval"),
               make_briefing(slug="approval-2", date="2026-03-13", event=day, story="approval"),
               make_briefing(slug="recall", date="2026-03-13", event=day, story="recall")]
    events = dated_events(reports)
    assert [briefing.slug for _, briefing in events] == ["approval", "recall"]
    assert event_uid(day, "approval") != event_uid(day, "recall")
    assert event_uid(FORUM) == event_uid(FORUM, "")  # a named event's UID does not depend on its story
