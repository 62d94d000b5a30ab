from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.markup import dump_front_matter, escape_text, link

EXTENSIONS = ["tables", "toc"]


def _render(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


def _text_of(rendered: str) -> str:
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, f"markup leaked: {inner}"
    return html.unescape(inner)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "*not emphasis* and __not strong__",
    "`not code`",
    "{{ jinja }} and {% tag %}",
    "R&D &amp; more &lt;tag&gt;",
    "<http://example.com>",
    "a | b | c",
    "=== setext",
    "> not a quote",
    "\\ backslash \\*",
])
def test_hostile_text_renders_literally(text):
    assert _text_of(_render(escape_text(text))) == " ".join(text.split())


printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1)


@settings(max_examples=300, deadline=None)
@given(printable)
def test_any_text_renders_back_to_itself(text):
    text = " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).split())
    if not text:
        return
    assert _text_of(_render(escape_text(text))) == text


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "summary", "outlet"]), st.text()))
def test_front_matter_round_trips(meta):
    dumped = dump_front_matter(meta)
    assert dumped.startswith("---\n") and dumped.endswith("---\n")
    assert yaml.safe_load(dumped[4:-4]) == (meta or None) or yaml.safe_load(dumped[4:-4]) == meta


def test_front_matter_cannot_be_closed_early():
    meta = {"title": "x\n---\n<script>alert(1)</script>", "summary": "---"}
    dumped = dump_front_matter(meta)
    body = dumped[4:-4]
    assert "\n---\n" not in body
    assert yaml.safe_load(body) == meta


def test_links_only_to_site_paths():
    assert link("A <b>", "../raw/a.txt") == "[A &lt;b&gt;](../raw/a.txt)"
    for bad in ("javascript:alert(1)", "data:text/html,x", "http://evil.example", "a b.md"):
        with pytest.raises(ValueError):
            link("x", bad)


@pytest.mark.parametrize("value", ["\x85", "a\u2028b", "x\x00y", "\ufeffz", "tab\there"])
def test_front_matter_line_break_characters_round_trip(value):
    dumped = dump_front_matter({"title": value})
    assert yaml.safe_load(dumped[4:-4]) == {"title": value}
