"""Curate: apply an editor's overrides to what the text states, and say what
is still missing.

A field is *curated* when an editor set it (sidecar or front matter, an
explicit ``null`` included) and *inferred* when the build found it. A missing
value that matters to readers (date, outlet, an English gloss of a Chinese
headline, a summary) gives a warning that names the sidecar key to set.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..model import Article, Briefing, Event, Problem, Section
from ..read.overrides import Overrides
from ..slugs import RESERVED_SLUGS, slugify
from .article import Found, language_of


def default_slug(source_rel: str, part: int, parts: int) -> str:
    """The source's path without its extension, as a slug ("2025/nmpa news.txt"
    -> "2025-nmpa-news"); a name with no Latin letters or digits (a Chinese
    file name) gets a short stable hash of itself."""
    stem = source_rel.rsplit(".", 1)[0] if "." in source_rel.rsplit("/", 1)[-1] else source_rel
    base = slugify(stem, fallback="")
    if base == "untitled" and not slugify(stem, fallback="x") == "untitled":
        base = "source-" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return base if parts == 1 else f"{base}-{part}"


EARLIEST_DATE = "1949-10-01"  # the People's Republic's founding: no source here predates it


def curate_article(article: Article, found: Found, overrides: Overrides, *, source_rel: str,
                   sidecar_display: str) -> tuple[Briefing, list[Problem]]:
    """Dates in the future are flagged by the pipeline, not here, so that what
    a source becomes (and the cache keeps) never depends on the day."""
    values = overrides.for_part(article.part)
    curated: list[str] = []
    inferred: list[str] = []
    problems: list[Problem] = []
    document = article.document

    def pick(name: str, found_value: Any) -> Any:
        if name in values:
            curated.append(name)
            return values[name]
        if found_value not in (None, (), ""):
            inferred.append(name)
            return found_value
        return None

    def missing(name: str, what: str, example: str) -> None:
        where = f"parts: {{{article.part}: {{{name}: ...}}}}" if article.parts > 1 else f"'{name}:'"
        problems.append(Problem(
            document.path, found.lines.get(name, found.title_line), "warning",
            f"{what}; set {where} in {sidecar_display} (e.g. {example}), or null if the "
            "source has none",
        ))

    title = pick("title", found.title)
    title_en = pick("title_en", found.title_en)
    date = pick("date", found.date)
    time = values.get("time") if "time" in values else (found.time if date == found.date else None)
    if "time" in values:
        curated.append("time")
    elif time:
        inferred.append("time")

    outlet_original = found.outlet_printed or found.outlet
    outlets = overrides.values.get("outlets", {})
    if "outlet" in values:
        outlet = values["outlet"]
        curated.append("outlet")
    elif outlet_original and outlet_original in outlets:
        outlet = outlets[outlet_original]
        curated.append("outlet")
    else:
        outlet = pick("outlet", found.outlet)

    if "event" in values:
        curated.append("event")
        given = values["event"]
        if given is None:
            event = None
        else:
            merged = found.event.as_dict() if found.event else {}
            merged.update(given)
            event = Event(**merged)
    else:
        event = pick("event", found.event)

    location = pick("location", event.city if event else None)
    language = pick("language", found.language) or (language_of(title),)
    summary = pick("summary", found.summary)
    if "key_points" in values:
        curated.append("key_points")
        sections: tuple[Section, ...] = (Section(None, values["key_points"]),) if values["key_points"] else ()
    else:
        sections = found.sections
        if sections:
            inferred.append("key_points")
    topics = pick("topics", ()) or ()

    if "date" not in values and found.conflicts.get("date"):
        problems.append(Problem(document.path, found.lines.get("date", found.title_line), "warning",
                                f"the text's dateline says {date} but the page's metadata says "
                                f"{found.conflicts['date']}; the dateline is used. Set 'date:' in "
                                f"{sidecar_display} to choose"))
    if ("title", "lead") in found.found_from and "title" not in values:
        problems.append(Problem(document.path, found.title_line, "warning",
                                f"no headline found: the title '{title}' is cut from the lead; set 'title:' in "
                                f"{sidecar_display} to the headline"))
    if date and date < EARLIEST_DATE:
        problems.append(Problem(document.path, found.lines.get("date", found.title_line), "warning",
                                f"the publication date {date} is before {EARLIEST_DATE[:4]}, earlier than any "
                                f"source this site covers; check the source, or set 'date:' in {sidecar_display}"))
    if date is None and "date" not in values:
        missing("date", "no publication date found in the text" + (
            f" (it says '{found.date_hint}' but not the date)" if found.date_hint else ""), "date: 2025-12-10")
    if outlet is None and "outlet" not in values:
        missing("outlet", "no outlet or publisher found in the text", "outlet: Xinhua News Agency")
    if title_en is None and "title_en" not in values and language_of(title) == "zh":
        missing("title_en", "the headline is Chinese and has no English gloss",
                "title_en: NMPA launches ...")
    if summary is None and "summary" not in values:
        missing("summary", "no lead paragraph to summarise", "summary: One or two sentences.")

    slug = values.get("slug") or default_slug(source_rel, article.part, article.parts)
    if slug in RESERVED_SLUGS:  # "index.html", a browser's name for a saved page
        problems.append(Problem(document.path, found.title_line, "warning",
                                f"its file name would give the page briefings/{slug}.md, which the site uses for its "
                                f"own page; it is briefings/{slug}-article.md (set 'slug:' in {sidecar_display} to "
                                "choose another)"))
        slug = f"{slug}-article"
    document_number = pick("document_number", found.document_number)
    briefing = Briefing(
        slug=slug,
        source=source_rel,
        part=article.part,
        parts=article.parts,
        line=found.title_line,
        title=title,
        title_en=title_en,
        date=date,
        time=time,
        outlet=outlet,
        outlet_original=outlet_original if outlet_original != outlet else None,
        event=event,
        location=location,
        language=tuple(language),
        summary=summary,
        sections=sections,
        body=found.body,
        body_is_summary=found.body_is_summary,
        topics=tuple(topics),
        sha256=document.sha256,
        original_name=overrides.values.get("original_name") or source_rel.rsplit("/", 1)[-1],
        encoding=document.encoding,
        curated=tuple(sorted(set(curated))),
        inferred=tuple(sorted(set(inferred) - set(curated))),
        # An editor's grouping: a story id, or "" (story: null) to stand alone.
        story_override=(values["story"] or "") if "story" in values else None,
        date_line=found.lines.get("date", 0),
        found_from=tuple((name, how) for name, how in found.found_from if name not in curated),
        document_number=document_number,
        address=overrides.values.get("url"),
        retrieved=overrides.values.get("retrieved"),
        author=found.author,
    )
    return briefing, problems
