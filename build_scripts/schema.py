"""The briefing page contract: front-matter keys, in order, each with the
check of its value and how a briefing gives it (``BRIEFING_FIELDS``).

The renderer writes the front matter from it (``render.briefing.front_matter``)
and ``validate_briefing_meta`` checks a parsed front matter against it and
returns what is wrong (empty when valid): one declaration for both.
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from .model import Briefing


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or check(value)


def _list_of(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(check(item) for item in value)


def _date(value: Any) -> bool:
    return isinstance(value, str) and bool(_DATE.match(value))


def _event(value: Any) -> bool:
    return (isinstance(value, dict) and list(value) == ["name", "date", "end_date", "venue", "city"]
            and _optional(_text)(value["name"]) and _optional(_date)(value["date"])
            and _optional(_date)(value["end_date"]) and _optional(_text)(value["venue"])
            and _optional(_text)(value["city"]))


_ID = re.compile(r"^(person|organisation|topic)/[a-z0-9]+(-[a-z0-9]+)*$")


def _id_of(kind: str) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and bool(_ID.match(value)) and value.startswith(kind + "/")


def _person(value: Any) -> bool:
    return (isinstance(value, dict) and list(value)[:5] == ["id", "name", "role", "organisation", "role_from"]
            and set(value) <= {"id", "name", "role", "organisation", "role_from", "registered", "romanised"}
            and value.get("registered", False) is False and _optional(_text)(value.get("romanised"))
            and _optional(_id_of("person"))(value["id"]) and _text(value["name"])
            and _optional(_text)(value["role"]) and _optional(_text)(value["organisation"])
            and value["role_from"] in ("text", "registry", "none"))


def _figure(value: Any) -> bool:
    return (isinstance(value, dict) and list(value)[:5] == ["value", "unit", "what", "period", "sentence"]
            and isinstance(value["value"], (int, float)) and not isinstance(value["value"], bool)
            and _text(value["unit"]) and _optional(_text)(value["what"]) and _optional(_text)(value["period"])
            and _text(value["sentence"]))


def _source(value: Any) -> bool:
    return (isinstance(value, dict) and _text(value.get("file")) and value["file"].startswith("sources/")
            and isinstance(value.get("sha256"), str) and bool(_SHA256.match(value["sha256"]))
            and _text(value.get("original_name"))
            and isinstance(value.get("part"), int) and isinstance(value.get("parts"), int)
            and 1 <= value["part"] <= value["parts"])


class Field(NamedTuple):
    """A front-matter key: the check of its value, and how a briefing gives it
    (``value(briefing, registry_names)``)."""

    name: str
    check: Callable[[Any], bool]
    value: Callable[[Briefing, dict], Any]


def description_of(briefing: Briefing) -> str:
    """The page's description (link previews, search): its summary, else its title, cut to 300 characters."""
    text = briefing.summary or briefing.title_en or briefing.title
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "..."


def _source_of(briefing: Briefing) -> dict:
    source = {"file": f"sources/{briefing.source}", "sha256": briefing.sha256,
              "original_name": briefing.original_name, "part": briefing.part, "parts": briefing.parts}
    if briefing.address:  # a snapshot of a web page: where it was, and when it was taken
        source.update(url=briefing.address, retrieved=briefing.retrieved)
    if briefing.author:
        source["author"] = briefing.author
    return source


# The briefing page's front matter, in its order: what ``render.briefing.front_matter`` writes and
# ``validate_briefing_meta`` checks, declared once. ``names["topics"]``: the names of its topics
# (its ``tags``, which Material's search ranks highest).
BRIEFING_FIELDS: tuple[Field, ...] = (
    Field("title", _text, lambda b, names: b.title),
    Field("title_en", _optional(_text), lambda b, names: b.title_en),
    Field("date", _optional(_date), lambda b, names: b.date),
    Field("time", _optional(lambda v: isinstance(v, str) and bool(_TIME.match(v))), lambda b, names: b.time),
    Field("outlet", _optional(_text), lambda b, names: b.outlet),
    Field("outlet_original", _optional(_text), lambda b, names: b.outlet_original),
    Field("event", _optional(_event), lambda b, names: b.event.as_dict() if b.event else None),
    Field("location", _optional(_text), lambda b, names: b.location),
    Field("document_number", _optional(_text), lambda b, names: b.document_number),
    Field("language", lambda v: _list_of(lambda i: i in ("en", "zh"))(v) and len(v) >= 1,
          lambda b, names: list(b.language)),
    Field("summary", _optional(_text), lambda b, names: b.summary),
    Field("description", _text, lambda b, names: description_of(b)),
    Field("key_points", _list_of(_text), lambda b, names: list(b.key_points)),
    Field("topics", _list_of(_id_of("topic")), lambda b, names: list(b.entities.topics)),
    Field("tags", _list_of(_text), lambda b, names: list(names.get("topics", []))),
    Field("people", _list_of(_person), lambda b, names: [person.as_dict() for person in b.entities.people]),
    Field("organisations", _list_of(_id_of("organisation")), lambda b, names: list(b.entities.organisations)),
    Field("story", lambda v: isinstance(v, str) and bool(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", v)),
          lambda b, names: b.story or b.slug),
    Field("figures", _list_of(_figure), lambda b, names: [figure.as_dict() for figure in b.figures]),
    Field("source", _source, lambda b, names: _source_of(b)),
    Field("curated", _list_of(_text), lambda b, names: list(b.curated)),
    Field("inferred", _list_of(_text), lambda b, names: list(b.inferred)),
)
BRIEFING_KEYS: dict[str, Callable[[Any], bool]] = {field.name: field.check for field in BRIEFING_FIELDS}


def validate_briefing_meta(meta: Any) -> list[str]:
    """What is wrong with a briefing page's front matter; empty when valid."""
    if not isinstance(meta, dict):
        return ["front matter is not a mapping"]
    problems = []
    missing = [key for key in BRIEFING_KEYS if key not in meta]
    if missing:
        problems.append(f"missing keys: {', '.join(missing)}")
    for key, check in BRIEFING_KEYS.items():
        if key in meta and not check(meta[key]):
            problems.append(f"'{key}' has an invalid value: {meta[key]!r}")
    order = [key for key in meta if key in BRIEFING_KEYS]
    if order != [key for key in BRIEFING_KEYS if key in meta]:
        problems.append("keys are not in schema order")
    return problems
