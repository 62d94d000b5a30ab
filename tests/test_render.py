from __future__ import annotations

import markdown
import pytest

from build_scripts.model import Block, Briefing, Event, Section
from build_scripts.render.briefing import render_briefing
from build_scripts.render.recipe import rendered

from .conftest import make_briefing


def _briefing(**changes) -> Briefing:
    fields = dict(
        title="标题", title_en="Gloss",
        date="2025-01-02", time="09:16", outlet="Xinhua News Agency", outlet_original="Xin Hua She",
        event=Event("Forum", "2024-12-01", None, "Hall 1", "Beijing"), location="Beijing",
        language=("zh", "en"), summary="Lead.", sections=(Section("Heading", ("Point one",)),),
        body=(Block("heading", text="Session 1", line=3), Block("heading", text="Host", line=4, level=4),
              Block("lines", items=("Dr. He Li", "Director General, NMPA"), line=5),
              Block("paragraph", text="Text <b>here</b>.", line=7)),
        topics=("Clinical trials",), original_name="000.txt", curated=("title_en",), inferred=("date",),
    )
    fields.update(changes)
    return make_briefing(**fields)


def _html(page: str) -> str:
    body = page.split("\n---\n", 1)[1]
    return markdown.markdown(body, extensions=["tables", "toc", "attr_list", "md_in_html"])  # as mkdocs.yml


def test_briefing_page_reads_top_down():
    page = render_briefing(_briefing())
    html = _html(page)
    assert page.index("# Gloss") < page.index("**Headline as printed:** 标题") < page.index("## Summary") \
        < page.index("## Key points") < page.index("## Full text") < page.index("## Provenance")
    assert "<li><strong>Outlet:</strong> Xinhua News Agency (as printed: Xin Hua She)</li>" in html
    assert "<li><strong>Event:</strong> Forum, 2024-12-01, Hall 1, Beijing</li>" in html
    assert "<h3 id=\"session-1\">Session 1</h3>" in html and "<h4 id=\"host\">Host</h4>" in html
    assert "<p>Dr. He Li<br />\nDirector General, NMPA</p>" in html
    assert "Text &lt;b&gt;here&lt;/b&gt;." in html
    assert '<a href="../raw/a.txt">sources/a.txt</a>' in html


def _unsearched_blocks(html: str) -> list[tuple[str, str]]:
    import re
    blocks = re.findall(r'<div class="medreg-unsearched"([^>]*)>(.*?)</div>', html, re.S)
    assert all('data-pagefind-ignore="all"' in attributes and "data-search-exclude" in attributes
               for attributes, _ in blocks)
    return blocks


def _heading_unsearched(html: str, heading: str) -> bool:
    import re
    tag = re.search(f'<h[23] [^>]*id="{heading}"[^>]*>', html).group(0)
    return 'data-pagefind-ignore="all"' in tag and "data-search-exclude" in tag


def test_an_event_without_a_name_says_the_day_it_happened():
    html = _html(render_briefing(_briefing(event=Event(date="2013-10-09"))))
    assert "<li><strong>Happened on:</strong> 2013-10-09</li>" in html and "<strong>Event:</strong>" not in html


def test_what_a_page_repeats_is_out_of_search():
    """The figures table, the story line, other reports' titles, the
    provenance (a SHA-256 a page), and the summary and key points taken from
    the full text are in blocks neither search indexes; the text itself is not."""
    from build_scripts.model import Figure
    other = _briefing(slug="b", title="Other report", title_en=None)
    page = render_briefing(_briefing(figures=(Figure(63, "drugs", "innovative drugs", "2025", "63 drugs."),)),
                           related=[other], story_line="**Story:** [Other report](../stories/b.md)",
                           figures=["## Key figures", "", "| Figure |", "|---|", "| 63 drugs |", ""])
    html = _html(page)
    blocks = _unsearched_blocks(html)
    assert len(blocks) == 6
    unsearched = "".join(text for _, text in blocks)
    for shown in ("Story:", "63 drugs", "Other report", "SHA-256", "Lead.", "Point one"):
        assert shown in unsearched
    # Their headings, in the table of contents, leave their sections out of Material's search.
    for heading in ("summary", "key-points", "heading", "key-figures", "related-briefings", "provenance"):
        assert _heading_unsearched(html, heading), heading
    assert 'id="full-text"' not in unsearched and "Text &lt;b&gt;here&lt;/b&gt;." not in unsearched
    assert not _heading_unsearched(html, "full-text")


@pytest.mark.parametrize("changes", [
    {"curated": ("summary", "key_points")},  # an editor's, in a sidecar: said nowhere else
    {"body": (), "body_is_summary": True},  # a digest's item: its summary and key points are its text
], ids=["curated", "no-full-text"])
def test_a_summary_and_key_points_the_full_text_does_not_repeat_are_searched(changes):
    html = _html(render_briefing(_briefing(**changes)))
    unsearched = "".join(text for _, text in _unsearched_blocks(html))
    assert "Lead." not in unsearched and "Point one" not in unsearched
    assert not _heading_unsearched(html, "summary") and not _heading_unsearched(html, "key-points")


def test_digest_item_without_body_says_so():
    page = render_briefing(_briefing(body=(), body_is_summary=True))
    assert "## Full text" not in page
    assert "This clipping is itself a summary of the article" in page


def test_related_briefings_rank_rarer_shared_entities_first_then_by_slug():
    """A shared person outweighs a shared topic, a rare entity a common one;
    equal scores go by slug; a briefing is never its own related briefing."""
    from dataclasses import replace
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.render.entities import RELATED_COUNT, related_briefings
    from tests.test_stories import _briefing

    def briefing(slug, people=(), topics=(), date="2025-01-10"):
        refs = tuple(PersonRef(p, p, None, None, "none") for p in people)
        return replace(_briefing(slug, "", date), entities=Extraction(people=refs, topics=tuple(topics)))

    common = [briefing(f"filler-{n:02d}", topics=["topic/common"]) for n in range(20)]
    a = briefing("a", people=["person/x"], topics=["topic/common", "topic/rare"])
    by_person = briefing("m-person", people=["person/x"])
    by_rare_topic = briefing("n-rare", topics=["topic/rare"])
    related = related_briefings([a, *common, by_person, by_rare_topic])
    ranked = [b.slug for b in related["a"]]
    assert ranked[:2] == ["m-person", "n-rare"]
    assert ranked[2:] == [f"filler-{n:02d}" for n in range(RELATED_COUNT - 2)]  # ties: by slug
    assert all(b.slug != "filler-00" for b in related["filler-00"])
    assert len(related["filler-00"]) == RELATED_COUNT


def test_related_briefings_show_one_report_a_story_and_none_of_its_own():
    """Five outlets' reports of one story would fill the list with one item:
    the best-ranked report stands for its story; a briefing's own story (its
    story line links it) is left out. A story with more reports than the first
    ranking holds still leaves room for the others."""
    from dataclasses import replace
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.render.entities import RELATED_COUNT, related_briefings
    from tests.test_stories import _briefing

    def briefing(slug, story, people=(), topics=()):
        refs = tuple(PersonRef(p, p, None, None, "none") for p in people)
        return replace(_briefing(slug, "", "2025-01-10"), entities=Extraction(people=refs, topics=tuple(topics)),
                       story=story)

    retold = [briefing(f"b-{n:02d}", "story-b", people=["person/x"]) for n in range(RELATED_COUNT * 6)]
    others = [briefing(f"c-{n}", f"c-{n}", topics=["topic/t"]) for n in range(RELATED_COUNT)]
    a = briefing("a", "a", people=["person/x"], topics=["topic/t"])
    own = briefing("a-again", "a", people=["person/x"], topics=["topic/t"])
    related = related_briefings([a, own, *retold, *others])
    assert [b.slug for b in related["a"]] == ["b-00"] + [f"c-{n}" for n in range(RELATED_COUNT - 1)]
    assert [b.slug for b in related["b-07"]] == ["a"]  # not a-again: a's story, once
    assert [b.slug for b in related["c-0"]] == ["a"] + [f"c-{n}" for n in range(1, RELATED_COUNT)]


def test_key_point_groups_without_headings_are_one_tight_list():
    """A clipping's "Group 1 - ... Group 2 - ..." points: one list whose items
    are all plain (a blank line between the groups made a loose list, with
    some items in paragraphs); a group with a heading keeps its heading."""
    from dataclasses import replace
    from tests.test_stories import _briefing
    sections = (Section(None, ("First point.", "Second point.")), Section(None, ("Third point.",)),
                Section("Outlook", ("Fourth point.",)), Section(None, ("Fifth point.",)))
    page = render_briefing(replace(_briefing("a", "Body text."), sections=sections))
    html = markdown.markdown(page.split("\n---\n", 1)[1], extensions=["attr_list", "md_in_html"])
    points = html.split("Key points</h2>", 1)[1].split("<h2", 1)[0]
    assert "<p>" not in points and points.count("<li>") == 5
    assert points.count("<ul>") == 2 and ">Outlook</h3>" in points  # before the heading, and under it


def test_attribute_lists_in_source_text_stay_text():
    """The site enables attr_list (to keep sections out of search): braces in
    a clipping are escaped, so they never become attributes of the page's HTML."""
    hostile = '{ onclick="alert(1)" #x .y }'
    page = render_briefing(_briefing(
        title_en=f"Gloss {hostile}", summary=f"Lead. {hostile}", sections=(Section(f"Heading {hostile}", (f"Point {hostile}",)),),
        body=(Block("heading", text=f"Session {hostile}", line=3),
              Block("paragraph", text=f"Text {hostile}", line=7),
              Block("lines", items=(f"Dr. He Li {hostile}", "NMPA"), line=8))))
    html = _html(page)
    import re
    tags = re.findall(r"<[a-z][^>]*>", html)
    assert not [tag for tag in tags if " onclick=" in tag or 'class="y"' in tag or 'id="x"' in tag]
    assert html.count('{ onclick="alert(1)" #x .y }') == 7  # as text


def test_a_persons_stated_roles_are_one_line_each_however_many_briefings_state_them():
    """A person quoted in thousands of briefings: the roles the briefings
    state are listed once each, with their latest and earliest briefing, so
    the page does not grow with the corpus."""
    from dataclasses import replace
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.entities import render_person
    from tests.test_stories import _briefing
    person = Entity("person/li-li", "person", "Li Li", None, (), ("registry/people.yml", 1))
    cde = Entity("organisation/cde", "organisation", "Center for Drug Evaluation", None, (), ("x", 1))

    def briefing(n, role):
        ref = PersonRef("person/li-li", "Li Li", role, "organisation/cde", "text")
        return replace(_briefing(f"b{n:03d}", "", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"),
                       entities=Extraction(people=(ref,)))
    briefings = [briefing(n, "Director") for n in range(300)] + [briefing(300, "Deputy Director")]
    page = render_person(person, Registry({e.id: e for e in (person, cde)}), briefings)
    section = page.split("## Roles as the briefings state them")[1].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    director = next(line for line in lines if line.startswith("- Director"))
    assert "and 299 other briefings, the earliest" in director
    assert "[b251](../briefings/b251.md) (2025-12-28) and" in director  # the latest of them
    assert director.endswith("[b000](../briefings/b000.md) (2025-01-01)")
    assert "and " not in next(line for line in lines if line.startswith("- Deputy Director"))


def test_an_entity_page_quotes_no_headline_the_link_already_shows():
    """A person named only in a headline: its entity page quoted the headline
    under the link that shows it (four interview reposts, each twice); a
    sentence of the text is quoted."""
    from dataclasses import replace
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.entities import render_person
    from tests.test_stories import _briefing
    person = Entity("person/li-li", "person", "Li Li", None, (), ("registry/people.yml", 1))
    ref = PersonRef("person/li-li", "Li Li", None, None, "none")

    def briefing(slug, title, title_en, quoted):
        return replace(_briefing(slug, "", "2025-12-10"), title=title, title_en=title_en,
                       entities=Extraction(people=(ref,), quoted=(("person/li-li", quoted),)))
    gloss = "An interview with Li Li, Commissioner of the NMPA"
    briefings = [briefing("glossed", "访国家药品监督管理局局长李利", gloss, gloss),
                 briefing("printed", gloss, None, gloss),
                 briefing("said", "Drug rules", None, "Li Li said the rules would take effect in May.")]
    page = render_person(person, Registry({person.id: person}), briefings)
    assert f"*“{gloss}”*" not in page
    assert "*“Li Li said the rules would take effect in May.”*" in page
    assert page.count("](../briefings/") == 3


def test_an_entity_page_lists_a_story_once_and_counts_the_rest():
    """Reports of one story naming a person are one item: the earliest, the
    first sentence of theirs worth quoting, and a link to the story for the
    others; items are placed newest first and MENTION_LIMIT counts stories."""
    from dataclasses import replace
    from build_scripts.render import entities as render_entities
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.entities import render_person
    from tests.test_stories import _briefing
    person = Entity("person/li-li", "person", "Li Li", None, (), ("registry/people.yml", 1))
    ref = PersonRef("person/li-li", "Li Li", None, None, "none")

    def briefing(slug, date, story, quoted):
        return replace(_briefing(slug, "", date), title=f"Headline {slug}", story=story,
                       entities=Extraction(people=(ref,), quoted=(("person/li-li", quoted),)))
    briefings = [briefing("repost-1", "2025-12-11", "s", "Headline repost-1"),
                 briefing("first", "2025-12-10", "s", "Headline first"),
                 briefing("repost-2", "2025-12-12", "s", "Li Li said rules would change."),
                 briefing("older", "2025-11-01", "older", "Li Li spoke at the forum.")]
    page = render_person(person, Registry({person.id: person}), briefings)
    items = [line for line in page.split("## Mentioned in 4 briefings")[1].splitlines() if line.startswith("- ")]
    assert items == [
        "- [Headline first](../briefings/first.md) — 2025-12-10; [2 more reports of this story](../stories/s.md)  ",
        "- [Headline older](../briefings/older.md) — 2025-11-01  "]
    assert "*“Li Li said rules would change.”*" in page and "*“Li Li spoke at the forum.”*" in page
    limited = render_entities.MENTION_LIMIT
    try:
        render_entities.MENTION_LIMIT = 1
        page = render_person(person, Registry({person.id: person}), briefings)
    finally:
        render_entities.MENTION_LIMIT = limited
    assert "[Headline first]" in page and "[Headline older]" not in page
    assert "*The latest 1 of 2 stories are listed;" in page


def test_the_home_pages_latest_briefings_list_a_story_once():
    from dataclasses import replace
    from build_scripts.registry import Registry
    from build_scripts.render.briefing import render_home
    from tests.test_stories import _briefing
    briefings = [replace(_briefing(slug, "", date), title=f"Headline {slug}", story=story)
                 for slug, date, story in [("repost", "2025-12-11", "s"), ("first", "2025-12-10", "s"),
                                           ("again", "2025-12-12", "s"), ("other", "2025-11-01", "other")]]
    home = render_home(briefings, Registry(), sources=4)
    latest = home.split("## Latest briefings")[1].split("\n\n")[1].splitlines()
    assert latest == ["- [Headline first](briefings/first.md) — 2025-12-10; "
                      "[2 more reports of this story](stories/s.md)",
                      "- [Headline other](briefings/other.md) — 2025-11-01"]
    undated = replace(briefings[-1], slug="undated", date=None, story="undated")
    by_month = render_home([*briefings, undated], Registry(), sources=5).split("## By month")[1].split("\n\n")[1]
    assert by_month.splitlines() == ["- [December 2025](briefings/index.md#december-2025): 3 briefings",
                                     "- [November 2025](briefings/index.md#november-2025): 1 briefing",
                                     "- [Undated](briefings/index.md#undated): 1 briefing"]


def test_an_organisation_page_lists_a_role_once_whatever_its_case():
    """A speakers list's "Deputy commissioner, NMPA" is the registry's "Deputy
    Commissioner": the organisation's people list shows it once, as the registry spells it."""
    from dataclasses import replace
    from build_scripts.model import Extraction, PersonRef
    from build_scripts.registry import Entity, Registry, Role
    from build_scripts.render.entities import render_organisation
    from tests.test_stories import _briefing
    nmpa = Entity("organisation/nmpa", "organisation", "National Medical Products Administration", None, (), ("x", 1))
    person = replace(Entity("person/yang-sheng", "person", "Yang Sheng", None, (), ("x", 1)),
                     roles=(Role("Deputy Commissioner", "organisation/nmpa", "2025-11-06", None),))
    stated = [PersonRef("person/yang-sheng", "Yang Sheng", role, "organisation/nmpa", "text")
              for role in ("Deputy commissioner", "Member of the Party Group")]
    briefing = replace(_briefing("a", "", "2025-11-06"), entities=Extraction(people=tuple(stated)))
    page = render_organisation(nmpa, Registry({e.id: e for e in (nmpa, person)}), [briefing])
    line = next(line for line in page.splitlines() if line.startswith("- [Yang Sheng]"))
    assert line.count("Deputy Commissioner") == 1 and "Deputy commissioner" not in line
    assert "Member of the Party Group" in line


def test_a_long_listing_links_every_story_by_month(monkeypatch):
    """An entity's page lists its latest MENTION_LIMIT stories; past that,
    every story is on a page of its month (ARCHIVE_ON_PAGE at most a page),
    reached from the entity's page, out of search."""
    import re
    from dataclasses import replace
    from build_scripts.render import entities as render_entities
    from build_scripts.model import Extraction
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.entities import entity_pages
    from tests.test_stories import _briefing
    monkeypatch.setattr(render_entities, "MENTION_LIMIT", 2)
    monkeypatch.setattr(render_entities, "ARCHIVE_ON_PAGE", 2)
    topic = Entity("topic/trials", "topic", "Trials", None, (), ("registry/topics.yml", 1))
    registry = Registry({topic.id: topic})
    dates = {"a": "2025-06-03", "b": "2025-06-02", "c": "2025-06-01", "d": "2025-05-10", "e": None,
             "b-again": "2025-06-04"}
    briefings = [replace(_briefing(slug, "", date), title=f"Title {slug}", story="b" if slug == "b-again" else slug,
                         entities=Extraction(topics=("topic/trials",))) for slug, date in dates.items()]
    tagged = {"topic/trials": sorted(briefings, key=lambda b: b.sort_key, reverse=True)}
    pages = rendered(entity_pages(topic, registry, briefings, {}, tagged, {}))
    page = pages.pop("topics/trials.md")
    assert "6 briefings on this topic, newest first; the latest 2 of its 5 stories are listed." in page
    assert ("All of them, by month: [June 2025 (3)](../topics/trials/2025-06.md) · "
            "[May 2025 (1)](../topics/trials/2025-05.md) · [Undated (1)](../topics/trials/undated.md)") in page
    assert sorted(pages) == ["topics/trials/2025-05.md", "topics/trials/2025-06-2.md", "topics/trials/2025-06.md",
                             "topics/trials/undated.md"]
    june = pages["topics/trials/2025-06.md"]
    assert "search:\n  exclude: true" in june and "# Trials: June 2025 (1 of 2)" in june
    assert "[Trials](../../topics/trials.md): 2 stories, newest first · Pages: **1** [2](2025-06-2.md)." in june
    assert "- [Title b](../../briefings/b.md) — 2025-06-02; [1 more report of this story](../../stories/b.md)" in june
    # Its months without counts: a story added to one month leaves the other months' pages as they were.
    assert june.rstrip().endswith("All months: [June 2025](../../topics/trials/2025-06.md) · "
                                  "[May 2025](../../topics/trials/2025-05.md) · [Undated](../../topics/trials/undated.md)")
    listed = re.findall(r"^- \[Title (\S+)\]", "\n".join(pages.values()), re.M)
    assert sorted(listed) == ["a", "b", "c", "d", "e"]  # every story once, by its earliest report
    # Under the limit, no archive: the entity's page lists them all.
    monkeypatch.setattr(render_entities, "MENTION_LIMIT", 5)
    assert list(entity_pages(topic, registry, briefings, {}, tagged, {})) == ["topics/trials.md"]


@pytest.mark.parametrize("changes", [
    {}, {"title": "Other"}, {"title_en": None}, {"title_en": "Other gloss"}, {"date": "2025-01-03"},
    {"time": None}, {"date": None}, {"date": None, "event": None}, {"outlet": None}, {"outlet": "Caixin"},
    {"slug": "b"}, {"summary": "Another lead."}, {"body": ()}, {"topics": ()}, {"sha256": "1" * 64},
    {"outlet_original": None},
])
def test_what_a_page_shows_of_a_briefing_it_links_to_changes_with_its_key(changes):
    """The page cache keys a briefing page by what it shows of the briefings
    it links to (``link_key``): a related-briefings line, a disagreeing
    figure's link. Equal keys, equal lines and links; other keys, other lines."""
    from build_scripts.model import Figure
    from build_scripts.render.briefing import _listing_line, link_key
    from build_scripts.render.stories import render_figures_table
    figure = Figure(63, "drugs", "innovative drugs", "2025", "63 drugs.")
    mine = _briefing(slug="mine", figures=(figure,))

    def shown(other):
        flagged = render_figures_table(mine, {"mine": [(figure, other, figure)]}, "briefings/mine.md")
        return _listing_line(other, "", printed_title=False), flagged

    before, after = _briefing(), _briefing(**changes)
    same_key = link_key(before) == link_key(after)
    assert same_key == (_listing_line(before, "", printed_title=False) == _listing_line(after, "", printed_title=False))
    if same_key:
        assert shown(before) == shown(after)


def test_feed_links_are_quoted_attributes_and_times_are_china_time():
    """A site address with '&' or '"' stays inside its attribute; a time as
    the sources print it is China's (UTC+8), not UTC."""
    import xml.etree.ElementTree as ET

    from build_scripts.render.stories import render_feed
    atom = "{http://www.w3.org/2005/Atom}"
    feed = render_feed("feed.xml", 'Feed "one" & <two>', [_briefing(slug="b")], 'https://example.org/?a=1&b="2"/',
                       "index.md")
    root = ET.fromstring(feed)
    assert root.find(atom + "title").text == 'Feed "one" & <two>'
    links = [link.get("href") for link in root.iter(atom + "link")]
    assert links == ['https://example.org/?a=1&b="2"/', 'https://example.org/?a=1&b="2"/feed.xml',
                     'https://example.org/?a=1&b="2"/briefings/b/']
    assert root.find(atom + "entry").find(atom + "updated").text == "2025-01-02T09:16:00+08:00"
    assert root.find(atom + "updated").text == "2025-01-02T09:16:00+08:00"  # its newest entry's
