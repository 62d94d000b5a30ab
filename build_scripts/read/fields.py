"""The YAML an editor writes (a source's sidecar or front matter, the
registry's people, organisations and topics, ``outlets.yml``,
``glossary.yml``): one way to read it, with the line of every key, and one
set of field checkers.

A checker takes a value as YAML gave it and returns it normalised, or raises
``FieldError`` saying what it must be. ``check_fields`` runs a mapping through
its checkers and reports each refusal, and each unknown key, at its file and
line (``YamlDocument.where``). The front matter of the pages the build writes
is declared apart, in ``schema.py``: it checks output, not an editor's input.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date as date_type
from pathlib import Path
from typing import Any, Callable

import yaml

from ..model import Problem
from ..normalise.dates import parse_iso_date
from ..paths import unreadable_reason
from ..render.markup import clean_text
from ..slugs import RESERVED_SLUGS, SLUG_PATTERN

MAX_YAML_DEPTH = 50
FIX_AND_REBUILD = "fix the YAML and rebuild"


class FieldError(Exception):
    """A value a checker refuses: the message says what it must be."""


Check = Callable[[Any], Any]


# ---- reading ---------------------------------------------------------------------------------

class DatesAsTextLoader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: ``2025-02-30`` reaches the
    date check, which says it is not a date, instead of stopping the parser
    with a traceback."""


DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastDatesAsText(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser when PyYAML has it (about ten times faster), dates as
    text too; a text it rejects is parsed again by Python's, whose messages
    say more."""


_FastDatesAsText.yaml_implicit_resolvers = DatesAsTextLoader.yaml_implicit_resolvers


def yaml_too_deep(text: str) -> int | None:
    """The line where ``text`` nests brackets deeper than ``MAX_YAML_DEPTH``
    (no input of ours needs more than a few), else None. libyaml crashes the
    process, and PyYAML recurses past Python's limit, on ten thousand levels:
    they are checked before either reads the text."""
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


@dataclass(frozen=True)
class YamlDocument:
    """A YAML text as read: its data, and the line of each key and list item
    by path (``("title",)``, ``("parts", 3, "title")``, ``(0, "roles", 1)``;
    a key YAML reads as a number is a number), counted in its file."""

    data: Any
    display: str
    lines: Mapping[tuple, int] = field(default_factory=dict)
    line_offset: int = 0

    def line(self, path: tuple) -> int:
        """The line of ``path``, or of the nearest part above it that has one."""
        while path:
            found = self.lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return 1 + self.line_offset

    def where(self, path: tuple) -> tuple[str, int]:
        return self.display, self.line(path)

    def problem(self, path: tuple, severity: str, message: str) -> Problem:
        return Problem(self.display, self.line(path), severity, message)


def read_yaml(text: str, display: str, line_offset: int = 0,
              then: str = FIX_AND_REBUILD) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text`` (``line_offset`` lines below the top of its file
    ``display``): the document, or None with the error that stopped it
    (``then`` says what follows: "fix the YAML and rebuild"). A key given twice
    in a mapping is an error at its line; the document is still returned."""
    deep = yaml_too_deep(text)
    if deep is not None:
        return None, [Problem(display, deep + line_offset, "error",
                              f"brackets nested more than {MAX_YAML_DEPTH} deep; {then}")]
    try:
        try:
            node = yaml.compose(text, Loader=_FastDatesAsText)
            data = yaml.load(text, Loader=_FastDatesAsText)
        except yaml.YAMLError:
            node = yaml.compose(text, Loader=DatesAsTextLoader)
            data = yaml.load(text, Loader=DatesAsTextLoader)
    except RecursionError:  # indentation nested past Python's limit (brackets are checked above)
        return None, [Problem(display, 1 + line_offset, "error", f"nested too deeply to read; {then}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark is not None else 1) + line_offset
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            detail = f"{context} (line {context_mark.line + 1 + line_offset}): {detail}"
        return None, [Problem(display, line, "error", f"malformed YAML: {detail}; {then}")]
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    deepest: list[int] = []
    if node is not None:
        _key_lines(node, line_offset, lines, lambda line, message: problems.append(
            Problem(display, line, "error", message)), deepest.append)
    if deepest:  # indentation that brackets did not show
        return None, [Problem(display, deepest[0], "error", f"nested more than {MAX_YAML_DEPTH} deep; {then}")]
    return YamlDocument(data, display, lines, line_offset), problems


def read_yaml_file(path: Path, display: str, then: str = FIX_AND_REBUILD) -> tuple[YamlDocument | None, list[Problem]]:
    """``read_yaml`` of a file, which must be readable UTF-8 (a byte-order mark is allowed)."""
    reason = unreadable_reason(path, path.parent)
    if reason:
        return None, [Problem(display, 0, "error", reason)]
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, 0, "error", f"could not be read ({exc}); save it as UTF-8")]
    return read_yaml(text, display, then=then)


def _key(node: yaml.Node) -> Any:
    if node.tag == "tag:yaml.org,2002:int":
        try:
            return int(node.value, 0)
        except ValueError:
            return node.value
    return node.value


def _key_lines(root: yaml.Node, offset: int, lines: dict[tuple, int], twice: Callable[[int, str], None],
               too_deep: Callable[[int], None]) -> None:
    """Record the line of every key and list item below ``root`` (without
    recursion: indentation may nest deeper than Python's stack); report keys
    given twice in one mapping, and nesting deeper than ``MAX_YAML_DEPTH``."""
    stack: list[tuple[tuple, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if len(path) > MAX_YAML_DEPTH:
            too_deep(node.start_mark.line + 1 + offset)
            return
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key, line = _key(key_node), key_node.start_mark.line + 1 + offset
                if key in seen:
                    twice(line, f"key '{key_node.value}' is given twice; keep one")
                seen.add(key)
                lines.setdefault(path + (key,), line)
                stack.append((path + (key,), value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1 + offset
                stack.append((path + (index,), item))


# ---- checking --------------------------------------------------------------------------------

def check_fields(data: Mapping, fields: Mapping[str, Check], document: YamlDocument, at: tuple = (),
                 required: Collection[str] = (), elsewhere: Collection[str] = (),
                 named: str = "") -> tuple[dict[str, Any], list[Problem]]:
    """Each key of ``data`` (the mapping at path ``at`` of ``document``) run
    through its checker in ``fields``: the values checked, and the problems
    (an error for each value refused, a warning for each key no field has).
    A ``required`` key that is absent is checked as null; keys in
    ``elsewhere`` are the caller's to check. Messages name a key as
    ``named`` followed by the key (``parts.3.title``)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in [*data, *(key for key in required if key not in data)]:
        name = str(key)
        if name in elsewhere:
            continue
        check = fields.get(name)
        if check is None:
            known = ", ".join(sorted([*fields, *elsewhere]))
            problems.append(document.problem(at + (key,), "warning",
                                             f"unknown field '{name}' is ignored; known fields: {known}"))
            continue
        raw = data.get(key)
        try:
            values[name] = check(raw)
        except FieldError as exc:
            got = "" if _QUOTED.search(str(exc)) else f" (got {describe(raw)})"
            problems.append(document.problem(at + (key,), "error", f"'{named}{name}' {exc}{got}"))
    return values, problems


# A checker's message that already quotes the value it refused.
_QUOTED = re.compile(r"is not a date: '|is the name of a page|, which is not ")


def describe(value: Any) -> str:
    """A value as a message shows it: ``null``, ``int 12``, ``'text'`` (cut to 40 characters), ``list``."""
    if value is None:
        return "null"
    if isinstance(value, (date_type, bool, int, float)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return type(value).__name__


def text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and clean_text(value):
        return clean_text(value)
    raise FieldError("must be non-empty text")


def optional(check: Check) -> Check:
    """``check``, or None for a null (absent) value."""
    def checked(value: Any) -> Any:
        return None if value is None else check(value)
    return checked


def texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError("must be a list of text items")
    try:
        return tuple(text(item) for item in value)
    except FieldError:
        raise FieldError("must be a list of text items") from None


def text_or_texts(value: Any) -> tuple[str, ...]:
    """One text or a list of them; null is none."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    try:
        return texts(value)
    except FieldError:
        raise FieldError("must be text or a list of text items") from None


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


def date(value: Any) -> str:
    iso = parse_iso_date(value)
    if iso is None:
        reason = not_a_date_reason(value)
        if reason:
            raise FieldError(f"is not a date: {str(value).strip()!r} ({reason}); write a real date as YYYY-MM-DD")
        raise FieldError("must be a date written YYYY-MM-DD")
    return iso


def time(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:  # YAML 1.1 reads 14:05 as 845
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        hour, minute = value.strip().split(":")
        return f"{int(hour):02d}:{minute}"
    raise FieldError("must be a time written HH:MM (quote it: \"14:05\")")


def address(value: Any) -> str:
    found = text(value)
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?", found):
        raise FieldError(f"must be a web address starting http:// or https://, not {found!r}")
    return found


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError("must be true or false")


def one_of(choices: Collection[str]) -> Check:
    def checked(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise FieldError(f"must be one of {', '.join(choices)}")
    return checked


def slug(like: str, instead: str) -> Check:
    """A slug (``like`` is an example); a name the site's own pages use is
    refused, suggesting the slug followed by ``instead``."""
    def checked(value: Any) -> str:
        if isinstance(value, str) and value in RESERVED_SLUGS:
            raise FieldError(f"'{value}' is the name of a page the site makes itself; choose another, like "
                             f"'{value}{instead}'")
        if isinstance(value, str) and SLUG_PATTERN.match(value):
            return value
        raise FieldError(f"must be a slug: lower-case letters, digits and single hyphens, like '{like}'")
    return checked


def anything(value: Any) -> Any:
    """A value the build does not read (an editor's ``note``)."""
    return value


def mapping_of(key: Check, value: Check, what: str) -> Check:
    """A mapping whose keys and values pass ``key`` and ``value``; ``what`` says what it maps."""
    def checked(found: Any) -> dict:
        if not isinstance(found, dict):
            raise FieldError(f"must map {what}")
        return {key(k): value(v) for k, v in found.items()}
    return checked
