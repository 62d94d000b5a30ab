"""Editors' overrides: a ``<source>.meta.yml`` sidecar beside a source, or the
front matter of a Markdown source. One schema, validated in one place.

Top-level keys apply to every article of the source; ``parts: {N: {...}}``
sets values for the N-th article of a digest. An explicit ``null`` says "the
text has no such value" and silences the warning about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Problem
from ..normalise.dates import find_stated_date
from .fields import (Check, DatesAsTextLoader, FieldError, address, check_fields, date, flag, mapping_of,
                     not_a_date_reason, optional, read_yaml, slug, text, texts, time, yaml_too_deep)

EVENT_KEYS = ("name", "date", "end_date", "venue", "city")
LANGUAGES = ("en", "zh")


def _languages(value: Any) -> tuple[str, ...]:
    items = texts(value)
    unknown = [item for item in items if item not in LANGUAGES]
    if unknown or not items:
        raise FieldError(f"must be a list of language codes from {', '.join(LANGUAGES)}")
    return tuple(dict.fromkeys(items))


def _event(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict):
        raise FieldError(f"must be a mapping with keys {', '.join(EVENT_KEYS)} (or null)")
    unknown = sorted(set(map(str, value)) - set(EVENT_KEYS))
    if unknown:
        raise FieldError(f"has unknown key '{unknown[0]}'; event keys are {', '.join(EVENT_KEYS)}")
    event = {}
    for key, item in value.items():
        if key in ("date", "end_date"):
            try:
                event[key] = optional(date)(item)
            except FieldError as exc:
                raise FieldError(f"key '{key}' {exc}") from None
        else:
            event[key] = optional(text)(item)
    return event


_SLUG = slug(like="nmpa-interview", instead="-2025-12")

ARTICLE_FIELDS: dict[str, Check] = {
    "title": text,
    "title_en": optional(text),
    "date": optional(date),
    "time": optional(time),
    "outlet": optional(text),
    "event": optional(_event),
    "location": optional(text),
    "document_number": optional(text),
    "language": _languages,
    "summary": optional(text),
    "key_points": texts,
    "topics": texts,
    "slug": _SLUG,
    "story": optional(_SLUG),
}
SOURCE_FIELDS: dict[str, Check] = {
    **ARTICLE_FIELDS,
    "original_name": text,
    "url": address,  # the address the source was fetched from (after redirects)
    "retrieved": date,  # the day it was fetched
    "outlets": mapping_of(text, text, "an outlet as the source prints it to its usual English name"),
    "split": flag,
}


@dataclass(frozen=True)
class Overrides:
    """Validated editor values for one source. ``where`` maps a field path
    (``("title",)`` or ``("parts", 3, "title")``) to ``(file, line)``."""

    values: dict[str, Any] = field(default_factory=dict)
    parts: dict[int, dict[str, Any]] = field(default_factory=dict)
    where: dict[tuple, tuple[str, int]] = field(default_factory=dict)

    def for_part(self, part: int) -> dict[str, Any]:
        """Article-level values for the ``part``-th article: part values win."""
        merged = {k: v for k, v in self.values.items() if k in ARTICLE_FIELDS}
        merged.update(self.parts.get(part, {}))
        return merged

    def merged_with(self, other: "Overrides") -> "Overrides":
        """``other``'s values win (a sidecar over a Markdown front matter)."""
        parts = {n: dict(v) for n, v in self.parts.items()}
        for n, values in other.parts.items():
            parts.setdefault(n, {}).update(values)
        return Overrides({**self.values, **other.values}, parts, {**self.where, **other.where})


def load_overrides(text: str, display: str, line_offset: int = 0) -> tuple[Overrides | None, list[Problem]]:
    """Parse and validate sidecar (or front matter) YAML ``text``; ``line_offset``
    is the number of lines above it in its file. Returns ``None`` as the
    overrides when the file has an error: the source must not be built with
    half of its curation."""
    document, problems = read_yaml(text, display, line_offset)
    if document is None:
        return None, problems
    data = document.data
    if data is None:
        return Overrides(), problems
    if not isinstance(data, dict):
        return None, [Problem(display, 1 + line_offset, "error", "must be a mapping of field names to values")]
    values, found = check_fields(data, SOURCE_FIELDS, document, elsewhere=("parts",))
    problems += found
    parts: dict[int, dict[str, Any]] = {}
    raw_parts = data.get("parts")
    if raw_parts is not None:
        if not isinstance(raw_parts, dict) or not all(isinstance(k, int) and k > 0 for k in raw_parts):
            problems.append(document.problem(("parts",), "error",
                                             "'parts' must map article numbers (1, 2, ...) to fields"))
        else:
            for number, part_data in sorted(raw_parts.items()):
                if not isinstance(part_data, dict):
                    problems.append(document.problem(("parts", number), "error",
                                                     f"parts {number} must be a mapping of fields"))
                    continue
                parts[number], found = check_fields(part_data, ARTICLE_FIELDS, document, ("parts", number),
                                                    named=f"parts.{number}.")
                problems += found
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    where = {path: document.where(path) for path in document.lines}
    return Overrides(values, parts, where), problems


# An archive's front matter (Hugo, Jekyll, a news scraper) names these; their values are
# what the page says of itself, read like an HTML page's meta tags (see ``archive_metadata``).
ARCHIVE_TITLE_KEYS = ("title", "headline")
ARCHIVE_DATE_KEYS = ("date", "published", "publishedDate", "published_at", "pubDate", "datePublished", "created")
ARCHIVE_OUTLET_KEYS = ("publisher", "source", "site_name", "siteName", "outlet", "media", "author", "categories")
ARCHIVE_URL_KEYS = ("original_url", "sourceUrl", "source_url", "url", "link", "canonical")


def written_date(value: str) -> str | None:
    """A date an archive writes otherwise than YYYY-MM-DD, as YYYY-MM-DD: "2025年03月04日 10:00",
    "March 4, 2025", "Tue, 04 Mar 2025 10:00:00 +0800" (a feed's). The value must be a date
    with its year, and little else (a time, a weekday, a zone)."""
    found = find_stated_date(value)
    if found is None or len(value.strip()) > (found.end - found.start) + 25:
        return None
    return found.date


def is_archive_front_matter(text: str) -> bool:
    """Whether a Markdown source's front matter is an archive's rather than an
    editor's: it has keys that the sidecar schema does not know."""
    if yaml_too_deep(text) is not None:
        return False  # read as the editor's, whose check says where and why
    try:
        data = yaml.load(text, Loader=DatesAsTextLoader)
    except (yaml.YAMLError, RecursionError):
        return False
    return isinstance(data, dict) and bool(set(map(str, data)) - set(SOURCE_FIELDS) - {"parts"})


def archive_metadata(text: str, display: str, line_offset: int, outlets) -> tuple[dict[str, Any], list[Problem]]:
    """What an archive's front matter says of the page: its title, date
    (``date_from``: "front matter"), outlet (a publisher, a source, an author
    or category that is a known outlet, else the address's domain) and address.
    An impossible date is an error naming its line."""
    node = yaml.compose(text, Loader=DatesAsTextLoader)
    data = yaml.load(text, Loader=DatesAsTextLoader)
    lines = {key.value: key.start_mark.line + 1 + line_offset for key, _ in node.value} if node is not None else {}
    found: dict[str, Any] = {}
    problems: list[Problem] = []

    def texts(key: str) -> list[str]:
        value = data.get(key)
        items = value if isinstance(value, list) else [value]
        return [" ".join(str(v).split()) for v in items if isinstance(v, (str, int, float)) and str(v).strip()]

    title = next((t for key in ARCHIVE_TITLE_KEYS for t in texts(key)), None)
    if title:
        found["title"], found["title_from"] = title, "front matter"
    for key in ARCHIVE_DATE_KEYS:
        for value in texts(key):
            reason = not_a_date_reason(value)
            if reason:
                problems.append(Problem(display, lines.get(key, 1 + line_offset), "error",
                                        f"'{key}' is not a date: {value!r} ({reason}); write a real date as "
                                        "YYYY-MM-DD"))
            elif "date" not in found and re.match(r"\s*\d{4}-\d{1,2}-\d{1,2}", value):
                found["date"], found["date_from"] = value, "front matter"
            elif "date" not in found and (written := written_date(value)):
                found["date"], found["date_from"] = written, "front matter"
    for key in ARCHIVE_OUTLET_KEYS:
        for value in texts(key):
            # An author or a category is an outlet only when the outlet list knows it.
            if key in ("author", "categories") and not outlets.resolve(value):
                continue
            found.setdefault("outlet", value)
            found.setdefault("outlet_from", "front matter")
    if "outlet" not in found:
        for key in ARCHIVE_URL_KEYS:
            for value in texts(key):
                # An archive's copy (web.archive.org/web/.../https://...) is the page at the address it holds.
                address = value.rsplit("/http", 1)[-1] if "/http" in value[8:] else value
                address = "http" + address if not address.startswith("http") and "/http" in value[8:] else address
                known = outlets.by_address(address)
                if known:
                    found["outlet"], found["outlet_from"] = known.name, "front matter"
                    break
            if "outlet" in found:
                break
    return found, problems
