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
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INLINE = re.compile(r"([\\`*_\[\]{}])")
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
    """YAML front matter in the order given, deterministic, Unicode kept."""
    body = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=10_000)
    return f"---\n{body}---\n"


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
