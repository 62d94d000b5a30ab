"""Editors' overrides: a ``<source>.meta.yml`` sidecar beside a source, or the
front matter of a Markdown source. One schema, validated in one place.

Top-level keys apply to every article of the source; ``parts: {N: {...}}``
sets values for the N-th article of a digest. An explicit ``null`` says "the
text has no such value" and silences the warning about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as date_type
from typing import Any, Callable

import yaml

from ..model import Problem
from ..normalise.dates import parse_iso_date
from ..render.markup import clean_text
from ..slugs import RESERVED_SLUGS, SLUG_PATTERN

EVENT_KEYS = ("name", "date", "end_date", "venue", "city")
LANGUAGES = ("en", "zh")


class SchemaError(Exception):
    pass


class DatesAsTextLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: ``2025-02-30`` reaches the
    schema's check, which says it is not a date, instead of stopping the
    parser with a traceback."""


DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_YAML_DEPTH = 50


def yaml_too_deep(text: str) -> int | None:
    """The line where ``text`` nests brackets deeper than ``MAX_YAML_DEPTH``
    (a sidecar, front matter or registry file never needs more), else None.
    libyaml crashes the process, and PyYAML recurses past Python's limit, on
    ten thousand levels: they are checked before either reads the text."""
    depth, line, quote = 0, 1, None
    for char in text:
        if char == "\n":
            line += 1
        elif quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def not_a_date_reason(value: object) -> str | None:
    """Why a YYYY-MM-DD-shaped text is not a date ("there is no month 13"), or None."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", str(value))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    try:
        date_type(year, month, day)
    except ValueError:
        return f"{date_type(year, month, 1):%B} {year} has no day {day}"
    return None


def _text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and clean_text(value):
        return clean_text(value)
    raise SchemaError("must be non-empty text")


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def checked(value: Any) -> Any:
        return None if value is None else check(value)
    return checked


def _date(value: Any) -> str:
    iso = parse_iso_date(value)
    if iso is None:
        reason = not_a_date_reason(value)
        if reason:
            raise SchemaError(f"is not a date: {str(value).strip()!r} ({reason}); write a real date as YYYY-MM-DD")
        raise SchemaError("must be a date written YYYY-MM-DD")
    return iso


def _time(value: Any) -> str:
    if isinstance(value, int) and 0 <= value < 24 * 60:  # YAML 1.1 reads 14:05 as 845
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        hour, minute = value.strip().split(":")
        return f"{int(hour):02d}:{minute}"
    raise SchemaError("must be a time written HH:MM (quote it: \"14:05\")")


def _address(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", text):
        raise SchemaError(f"must be a web address starting http:// or https://, not {text!r}")
    return text


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise SchemaError("must be a list of text items")
    return tuple(_text(item) for item in value)


def _languages(value: Any) -> tuple[str, ...]:
    items = _texts(value)
    unknown = [item for item in items if item not in LANGUAGES]
    if unknown or not items:
        raise SchemaError(f"must be a list of language codes from {', '.join(LANGUAGES)}")
    return tuple(dict.fromkeys(items))


def _slug(value: Any) -> str:
    if isinstance(value, str) and value in RESERVED_SLUGS:
        raise SchemaError(f"'{value}' is the name of a page the site makes itself; choose another, like "
                          f"'{value}-2025-12'")
    if isinstance(value, str) and SLUG_PATTERN.match(value):
        return value
    raise SchemaError("must be lower-case letters, digits and single hyphens, like 'nmpa-interview'")


def _event(value: Any) -> dict[str, str | None]:
    if not isinstance(value, dict):
        raise SchemaError(f"must be a mapping with keys {', '.join(EVENT_KEYS)} (or null)")
    unknown = sorted(set(map(str, value)) - set(EVENT_KEYS))
    if unknown:
        raise SchemaError(f"has unknown key '{unknown[0]}'; event keys are {', '.join(EVENT_KEYS)}")
    event = {}
    for key, item in value.items():
        if key in ("date", "end_date"):
            try:
                event[key] = _optional(_date)(item)
            except SchemaError as exc:
                raise SchemaError(f"key '{key}' {exc}") from None
        else:
            event[key] = _optional(_text)(item)
    return event


def _outlets(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SchemaError("must map an outlet as the source prints it to its usual English name")
    return {_text(k): _text(v) for k, v in value.items()}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise SchemaError("must be true or false")


ARTICLE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": _text,
    "title_en": _optional(_text),
    "date": _optional(_date),
    "time": _optional(_time),
    "outlet": _optional(_text),
    "event": _optional(_event),
    "location": _optional(_text),
    "document_number": _optional(_text),
    "language": _languages,
    "summary": _optional(_text),
    "key_points": _texts,
    "topics": _texts,
    "slug": _slug,
    "story": _optional(_slug),
}
SOURCE_FIELDS: dict[str, Callable[[Any], Any]] = {
    **ARTICLE_FIELDS,
    "original_name": _text,
    "url": _address,  # the address the source was fetched from (after redirects)
    "retrieved": _date,  # the day it was fetched
    "outlets": _outlets,
    "split": _flag,
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


def _key_lines(node: yaml.Node, prefix: tuple, lines: dict[tuple, int], problems: list[str]) -> None:
    """Record the line of every mapping key; report keys given twice."""
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = key_node.value
        try:
            key = int(key) if prefix == ("parts",) else key
        except ValueError:
            pass
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(f"{line}:key '{key}' is given twice; keep one")
        seen.add(key)
        lines[prefix + (key,)] = line
        if prefix in ((), ("parts",)):
            _key_lines(value_node, prefix + (key,), lines, problems)


def load_overrides(text: str, display: str, line_offset: int = 0) -> tuple[Overrides | None, list[Problem]]:
    """Parse and validate sidecar (or front matter) YAML ``text``; ``line_offset``
    is the number of lines above it in its file. Returns ``None`` as the
    overrides when the file has an error: the source must not be built with
    half of its curation."""
    problems: list[Problem] = []
    lines: dict[tuple, int] = {}
    deep = yaml_too_deep(text)
    if deep is not None:
        return None, [Problem(display, deep + line_offset, "error",
                              f"brackets nested more than {MAX_YAML_DEPTH} deep; a sidecar needs a few at most")]
    try:
        node = yaml.compose(text, Loader=DatesAsTextLoader)
        data = yaml.load(text, Loader=DatesAsTextLoader)
    except RecursionError:
        return None, [Problem(display, 1 + line_offset, "error",
                              "nested too deeply to read; a sidecar needs a few levels at most")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark is not None else 1) + line_offset
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            detail = f"{context} (line {context_mark.line + 1 + line_offset}): {detail}"
        return None, [Problem(display, line, "error",
                              f"malformed YAML: {detail}; fix the YAML and rebuild")]
    if data is None:
        return Overrides(), []
    if not isinstance(data, dict):
        return None, [Problem(display, 1 + line_offset, "error",
                              "must be a mapping of field names to values")]
    duplicates: list[str] = []
    if node is not None:
        _key_lines(node, (), lines, duplicates)
    for entry in duplicates:
        line, message = entry.split(":", 1)
        problems.append(Problem(display, int(line) + line_offset, "error", message))

    def where(path: tuple) -> tuple[str, int]:
        return display, lines.get(path, 1) + line_offset

    values, errors = _validate(data, SOURCE_FIELDS, (), where, problems, allow_parts=True)
    parts: dict[int, dict[str, Any]] = {}
    raw_parts = data.get("parts")
    if raw_parts is not None:
        if not isinstance(raw_parts, dict) or not all(isinstance(k, int) and k > 0 for k in raw_parts):
            errors += 1
            problems.append(Problem(*where(("parts",)), "error",
                                    "'parts' must map article numbers (1, 2, ...) to fields"))
        else:
            for number, part_data in sorted(raw_parts.items()):
                if not isinstance(part_data, dict):
                    errors += 1
                    problems.append(Problem(*where(("parts", number)), "error",
                                            f"parts {number} must be a mapping of fields"))
                    continue
                part_values, part_errors = _validate(part_data, ARTICLE_FIELDS, ("parts", number),
                                                     where, problems, allow_parts=False)
                errors += part_errors
                parts[number] = part_values
    if errors or duplicates:
        return None, problems
    where_map = {path: where(path) for path in lines}
    return Overrides(values, parts, where_map), problems


def _validate(data: dict, fields: dict, prefix: tuple, where, problems: list[Problem],
              allow_parts: bool) -> tuple[dict[str, Any], int]:
    values: dict[str, Any] = {}
    errors = 0
    for key, raw in data.items():
        key = str(key)
        if key == "parts" and allow_parts:
            continue
        check = fields.get(key)
        if check is None:
            known = ", ".join(sorted(fields) + (["parts"] if allow_parts else []))
            problems.append(Problem(*where(prefix + (key,)), "warning",
                                    f"unknown field '{key}' is ignored; known fields: {known}"))
            continue
        try:
            values[key] = check(raw)
        except SchemaError as exc:
            errors += 1
            shown = ".".join(str(p) for p in prefix + (key,))
            problems.append(Problem(*where(prefix + (key,)), "error",
                                    f"'{shown}' {exc}" + ("" if _QUOTED.search(str(exc)) else f" (got {_describe(raw)})")))
    return values, errors


# A check's message that already quotes the value it refused ("is not a date: '2025-02-30'").
_QUOTED = re.compile(r"is not a date: '|is the name of a page")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, (date_type, bool, int, float)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return type(value).__name__


# An archive's front matter (Hugo, Jekyll, a news scraper) names these; their values are
# what the page says of itself, read like an HTML page's meta tags (see ``archive_metadata``).
ARCHIVE_TITLE_KEYS = ("title", "headline")
ARCHIVE_DATE_KEYS = ("date", "published", "publishedDate", "published_at", "pubDate", "datePublished", "created")
ARCHIVE_OUTLET_KEYS = ("publisher", "source", "site_name", "siteName", "outlet", "media", "author", "categories")
ARCHIVE_URL_KEYS = ("original_url", "sourceUrl", "source_url", "url", "link", "canonical")


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
