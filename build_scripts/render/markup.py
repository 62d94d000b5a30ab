"""Turn source text into Markdown that shows exactly that text.

Source text is data, never markup: every character that Markdown or HTML
would interpret is escaped, so a clipping's ``<script>`` or
``[x](javascript:...)`` is shown literally and never runs or links.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

# Characters Python-Markdown treats as syntax inline (ESCAPED_CHARS minus those
# handled as entities below). '.', '-', '+', '!' and '#' only matter at the
# start of a line, handled by _LINE_START.
# Control characters have no place in text (Python-Markdown also uses \x02 and
# \x03 as internal placeholders).
# Control characters, and the bidirectional embeddings, overrides and isolates: an unclosed
# override in a headline turned the rest of an index page around. (Text of this beat reads
# left to right; Arabic or Hebrew letters keep their own direction without them.)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 forbids in a document (besides the control characters): a feed holding one is dropped whole.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: object) -> str:
    """An editor's or registry's text value as the site shows it: control
    characters dropped, white space folded to single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub("", str(value)).split())


def xml_text(text: str) -> str:
    """``text`` for an XML element or attribute: escaped, and without the
    characters XML 1.0 forbids."""
    from xml.sax.saxutils import escape

    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


# '|' too: a source line shaped like a table row stays text, and a name holding one leaves a table's cells whole.
_INLINE = re.compile(r"([\\`*_\[\]{}|])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>!]|\d+[.)])")


@lru_cache(maxsize=1 << 16)  # titles, outlets and dates recur on many pages
def escape_text(text: str, strip: bool = True) -> str:
    """``text`` as Markdown that renders to the same characters, on one line.
    With ``strip=False`` (a piece of a longer line) edge spaces are kept."""
    text = CONTROL_CHARACTERS.sub("", text)
    text = " ".join(text.split()) if strip else re.sub(r"\s+", " ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    indent, mark = match.groups()
    if mark[0].isdigit():  # "1." would start an ordered list
        return indent + mark[:-1] + "\\" + mark[-1]
    if mark == "=":  # not backslash-escapable; would underline a setext heading
        return indent + "&#61;"
    return indent + "\\" + mark


_UNSAFE_TARGET = re.compile(r"[\s()<>]|^[a-z][a-z0-9+.-]*:", re.I)


def link(text: str, target: str) -> str:
    """A Markdown link whose text is escaped source text and whose target is a
    path this build generated (never a URL taken from a source)."""
    if _UNSAFE_TARGET.search(target):
        raise ValueError(f"refusing to link to {target!r}: only site-internal paths are allowed")
    return f"[{escape_text(text)}]({target})"


def web_link(text: str, address: str) -> str:
    """A Markdown link to a web page an editor recorded (a sidecar's ``url:``,
    checked to be http or https): the address percent-encoded so that no
    character of it ends the link or becomes markup."""
    if not re.match(r"https?://", address):
        raise ValueError(f"refusing to link to {address!r}: only http and https addresses")
    from urllib.parse import quote

    return f"[{escape_text(text)}]({quote(address, safe=':/?#@!$&*+,;=%~-._')})"


# libyaml's emitter when PyYAML has it (about ten times faster), else Python's.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


# Characters YAML reads as line breaks, or that PyYAML emits unescaped but
# readers mangle: such strings are written double-quoted, where they are escaped.
_NEEDS_QUOTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _NEEDS_QUOTES.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_front_matter(meta: dict) -> str:
    """YAML front matter in the order given, deterministic, Unicode kept:
    the bytes of ``yaml.dump`` (block style, two-space indents, no folding).
    Front matter as briefings have it (mappings, lists, and strings, numbers,
    booleans and nulls) is laid out here, each scalar as PyYAML would write
    it (a plain string as it is; any other through PyYAML, one scalar at a
    time), since PyYAML's representer, in Python even with libyaml, was
    three quarters of the time to render a briefing page; anything else goes
    to ``yaml.dump`` whole."""
    lines = _block_mapping(meta, "") if type(meta) is dict else None
    body = "\n".join(lines) + "\n" if lines else None
    if body is None:
        body = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=10_000)
    return f"---\n{body}---\n"


class _NotLaidOut(Exception):
    """A value ``dump_front_matter`` leaves to ``yaml.dump``."""


# A string PyYAML writes plain (unquoted) in block context, if it also reads
# back as a string: conservative (what it rejects is only written by PyYAML).
# Not: empty; a leading indicator, dot or space; a control, break or
# non-character, or one beyond the BMP (libyaml escapes it: "\U0001F600");
# ": ", " #", a trailing colon or space.
_NOT_PLAIN = re.compile(r"^[\s#,\[\]{}&*!|>'\"%@`?:.\-]"
                        r"|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]"
                        r"|: |:\Z| #|\s\Z")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG, _FLOAT_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:float"
_LONGEST_LAID_OUT = 4_000  # far below the width, so that no line is folded wherever it starts


def yaml_scalar(value: str | int | float | bool | None) -> str:
    """One scalar as ``yaml.dump`` writes it inside a block mapping or list."""
    kind = type(value)
    if kind is str:
        return _string_scalar(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:  # as PyYAML's SafeRepresenter.represent_float
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        if _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _FLOAT_TAG:
            return text
    raise _NotLaidOut


@lru_cache(maxsize=1 << 16)  # topics, outlets, units and roles recur on many pages
def _string_scalar(value: str) -> str:
    if len(value) > _LONGEST_LAID_OUT:
        raise _NotLaidOut
    if value and not _NOT_PLAIN.search(value) \
            and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG:
        return value
    dumped = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10_000)
    dumped = dumped[:-len("\n...\n")] if dumped.endswith("\n...\n") else dumped.removesuffix("\n")
    if "\n" in dumped:  # a quoted string over several lines: its indentation depends on where it is
        raise _NotLaidOut
    return dumped


def _block_mapping(mapping: dict, indent: str) -> list[str] | None:
    """``mapping``'s lines as ``yaml.dump`` writes them at ``indent``, or
    None if it holds something laid out only by ``yaml.dump``."""
    try:
        return _mapping_lines(mapping, indent)
    except _NotLaidOut:
        return None


def _mapping_lines(mapping: dict, indent: str) -> list[str]:
    lines: list[str] = []
    for key, value in mapping.items():
        if type(key) is not str or len(key) > 100 or yaml_scalar(key) != key:
            raise _NotLaidOut
        if type(value) is dict and value:
            lines.append(f"{indent}{key}:")
            lines += _mapping_lines(value, indent + "  ")
        elif type(value) is list and value:
            lines.append(f"{indent}{key}:")
            for item in value:  # an indentless sequence, as PyYAML writes one in a mapping
                if type(item) is dict and item:
                    inner = _mapping_lines(item, indent + "  ")
                    lines += [f"{indent}- {inner[0][len(indent) + 2:]}", *inner[1:]]
                else:
                    lines.append(f"{indent}- {_inline(item)}")
        else:
            lines.append(f"{indent}{key}: {_inline(value)}")
    return lines


def _inline(value) -> str:
    """A scalar, an empty mapping or an empty list, as ``yaml.dump`` writes it after "key: " or "- "."""
    if type(value) is dict and not value:
        return "{}"
    if type(value) is list and not value:
        return "[]"
    return yaml_scalar(value)


# Out of both search indexes: a heading (attr_list; Material's search then
# leaves out its whole section) and a block of Markdown in HTML (md_in_html).
_UNSEARCHED_HEADING = " { data-search-exclude data-pagefind-ignore=\"all\" }"
_UNSEARCHED = '<div class="medreg-unsearched" data-search-exclude data-pagefind-ignore="all" markdown="1">'


def unsearched(lines: list[str]) -> list[str]:
    """``lines`` of Markdown (a heading first, if any) that neither
    Material's search nor Pagefind indexes: what a page repeats from its own
    text or from other pages (its figures table, other reports' titles, its
    provenance and SHA-256). Their words would make a page match what it does
    not say, and swell the search index of a large site (each word's list of
    pages). Every heading among them is marked too (escaped text never starts
    a line with '#'); the first stays outside the block."""
    lines = [line + _UNSEARCHED_HEADING if line.startswith("#") else line for line in lines]
    heading = []
    if lines and lines[0].startswith("#"):
        heading, lines = [lines[0], ""], lines[1:]
    while lines and not lines[0]:
        lines = lines[1:]
    while lines and not lines[-1]:
        lines = lines[:-1]
    return [*heading, _UNSEARCHED, "", *lines, "", "</div>", ""]
