from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.render.markup import _block_mapping, _Dumper, dump_front_matter, escape_text, link

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


# Strings where YAML's quoting rules bite: indicators, ": " and " #", breaks,
# words read as other types (yes, null, 2025, 1:20, 2025-08-12), Chinese.
_TRICKY = st.lists(st.sampled_from(list("ab :#-?'\"\\,[]{}&*!|>%@`.=~<\t\n\r\x85\xa0\u2028\ufeff中文：01eE+_/"))
                  | st.sampled_from(["yes", "No", "null", "~", "2025", "1:20", "2025-08-12", "0x1F", ".5", "---"]),
                  max_size=8).map("".join) | st.text(max_size=30)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | _TRICKY
_KEYS = st.sampled_from(["title", "date", "people", "role", "figures", "source"])
# Mostly what front matter holds (mappings; lists of scalars or of mappings), sometimes not
# (a list in a list; a key that YAML would read as something else, or one with a break).
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(st.one_of(_SCALARS, _SCALARS, st.dictionaries(_KEYS, inner, max_size=3), inner), max_size=3),
    st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=12)
_FRONT_MATTER = st.dictionaries(st.one_of(*[_KEYS] * 9, _TRICKY | st.sampled_from(["on", "2025", "x y"])),
                                _VALUES, max_size=6)


def _pyyaml(meta) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                               default_flow_style=False, width=10_000) + "---\n"


@settings(max_examples=400, deadline=None)
@given(_FRONT_MATTER)
def test_front_matter_is_what_pyyaml_writes(meta):
    """dump_front_matter lays out front matter itself (PyYAML's representer
    was most of a briefing page's rendering): byte for byte yaml.dump's."""
    assert dump_front_matter(meta) == _pyyaml(meta)


# The shapes a page's front matter has: mappings, lists of scalars or of mappings, one-line strings.
_ONE_LINE = _SCALARS.filter(lambda value: not (isinstance(value, str) and "\n" in value))
_PAGE_VALUES = st.recursive(_ONE_LINE, lambda inner: st.one_of(
    st.lists(_ONE_LINE, max_size=3), st.lists(st.dictionaries(_KEYS, inner, max_size=3), max_size=3),
    st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEYS, _PAGE_VALUES, min_size=1, max_size=6))
def test_front_matter_of_pages_is_laid_out_not_dumped_whole(meta):
    assert _block_mapping(meta, "") is not None
    assert dump_front_matter(meta) == _pyyaml(meta)


def test_front_matter_of_a_briefing_is_not_left_to_pyyaml_whole(monkeypatch):
    meta = {"title": "医疗器械注册管理新举措出台", "title_en": None, "date": "2025-08-12", "time": "01:47",
            "language": ["zh", "en"], "summary": "The CCCMHPIE approved 393 innovative drugs: 97.9% passed.",
            "people": [], "story": "bench-00231-1",
            "figures": [{"value": 393, "unit": "drugs", "period": "2025", "sentence": "It's #1 — a 'record'."}],
            "source": {"file": "sources/a.txt", "part": 1}, "extra": {}}
    expected = _pyyaml(meta)
    dumped_whole = []
    real_dump = yaml.dump

    def dump(data, *args, **kwargs):
        dumped_whole.append(isinstance(data, dict))
        return real_dump(data, *args, **kwargs)

    monkeypatch.setattr(yaml, "dump", dump)
    assert dump_front_matter(meta) == expected
    assert not any(dumped_whole)  # single scalars only (the quoted date and period)


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
