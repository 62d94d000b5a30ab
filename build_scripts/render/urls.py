"""The paths of generated pages under docs/: the site's own pages (home,
indexes, curation, figures, timeline, glossary, search, feed), a
briefing's, a source's copy, an entity's (and its month archives, feed and
pack), a story's, and links between them. (A few links between the pages of
one folder, "index.md" from a month's page, are written where they are;
``config.GENERATED_DIRS`` lists the folders the writer may write in.)
"""

from __future__ import annotations

from ..model import Briefing

HOME = "index.md"
SITE_FEED = "feed.xml"
BRIEFINGS_INDEX = "briefings/index.md"
STORIES_INDEX = "stories/index.md"
GLOSSARY_PAGE = "glossary/index.md"
SEARCH_PAGE = "find/index.md"


def briefing_path(briefing: Briefing) -> str:
    return f"briefings/{briefing.slug}.md"


def raw_path(source_rel: str) -> str:
    """Where the site publishes a source's bytes: as ``.txt``, so a saved web
    page is shown as text and never runs in the reader's browser; a PDF or
    Word file as it is, for the reader's viewer to open."""
    if source_rel.lower().endswith((".txt", ".pdf", ".docx")):
        return f"raw/{source_rel}"
    return f"raw/{source_rel}.txt"


ENTITY_FOLDERS = {"person": "people", "organisation": "organisations", "topic": "topics"}


def entity_path(entity_id: str) -> str:
    kind, slug = entity_id.split("/", 1)
    return f"{ENTITY_FOLDERS[kind]}/{slug}.md"


def relative(from_path: str, to_path: str) -> str:
    """A link from one generated page to another (both relative to docs/)."""
    depth = from_path.count("/")
    return "../" * depth + to_path


def numbered_page(stem: str, number: int) -> str:
    """The path of page ``number`` of a listing split into pages: "stem.md", then "stem-2.md"..."""
    return f"{stem}.md" if number == 1 else f"{stem}-{number}.md"


def story_path(story_id: str) -> str:
    return f"stories/{story_id}.md"


CURATION_PAGE = "curation/index.md"


def archive_path(entity_id: str, month: str, number: int = 1) -> str:
    """The page of an entity's stories of ``month`` (YYYY-MM or "undated"):
    "topics/clinical-trials/2025-06.md", its second page "…/2025-06-2.md"."""
    return numbered_page(archive_stem(entity_id, month), number)


def archive_stem(entity_id: str, month: str) -> str:
    return f"{entity_path(entity_id)[:-3]}/{month}"


FIGURES_PAGE = "figures/index.md"


TIMELINE_PAGE = "timeline/index.md"


def pack_path(entity_id: str) -> str:
    return f"packs/{entity_path(entity_id)}"

def feed_path(entity_id: str) -> str:
    """The Atom feed of a topic's or an organisation's briefings."""
    return f"feeds/{entity_path(entity_id)[:-3]}.xml"


SITE_EVENTS = "events.ics"


def calendar_path(entity_id: str) -> str:
    """The iCalendar file of the events a topic's or organisation's briefings report, beside its feed."""
    return f"feeds/{entity_path(entity_id)[:-3]}.ics"
