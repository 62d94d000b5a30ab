"""Property tests over the whole build: random source text, file names and
sidecar values never crash it; the output stays valid Markdown with valid
YAML front matter; slugs stay safe and unique; the writer stays in docs/."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.config import BuildConfig
from build_scripts.pipeline import build
from build_scripts.schema import validate_briefing_meta
from build_scripts.slugs import SLUG_PATTERN, slugify, unique_slug
from build_scripts.write import write_pages

# 150 per test run; a longer hunt: MEDREG_FUZZ_EXAMPLES=1500 .venv/bin/python -m pytest tests/test_fuzz.py
FUZZ_EXAMPLES = int(os.environ.get("MEDREG_FUZZ_EXAMPLES", "150"))

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
line = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80)
name = st.from_regex(r"[A-Za-z0-9 _.\-\u4e00-\u9fff]{1,30}", fullmatch=True).filter(
    lambda n: n.strip(" .") and not n.startswith("."))
sidecar_value = st.one_of(st.none(), st.booleans(), st.integers(), line, st.lists(line, max_size=3),
                          st.dictionaries(st.sampled_from(["name", "date", "city", "x"]), line, max_size=3))
sidecar = st.dictionaries(st.sampled_from(["title", "title_en", "date", "outlet", "summary", "topics", "slug",
                                           "event", "language", "story", "time", "parts", "nonsense"]),
                          sidecar_value, max_size=5)
source = st.tuples(name, st.sampled_from([".txt", ".md", ".html"]),
                   st.one_of(text, st.builds(lambda t, d, b: f"{t}\n{d}\n{b}", line, st.sampled_from(
                       ["2025-03-10 09:16", "时间:2025-2-28", "Xin Hua She· 2025-12-23 02:49", ""]), text)),
                   st.one_of(st.none(), sidecar))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(source, min_size=1, max_size=4))
def test_random_sources_never_crash_the_build(sources):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "docs").mkdir()
        for stem, suffix, content, meta in sources:
            (root / "sources" / f"{stem}{suffix}").write_text(content, "utf-8")
            if meta is not None:
                (root / "sources" / f"{stem}.meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
        config = BuildConfig.for_project(root)
        result = build(config)
        assert not any("could not be processed" in p.message for p in result.problems), result.problems
        slugs = [b.slug for b in result.briefings]
        assert len(slugs) == len(set(slugs))
        assert all(SLUG_PATTERN.match(s) for s in slugs)
        for path, page in result.pages.items():
            if path.startswith("briefings/") and path != "briefings/index.md":
                meta = yaml.safe_load(page[4: page.index("\n---\n", 4)])
                assert validate_briefing_meta(meta) == [], (path, validate_briefing_meta(meta))
                body = page[page.index("\n---\n", 4) + 5:]
                html = markdown.markdown(body, extensions=["abbr", "tables", "toc"])
                tags = re.findall(r"<[a-z][^>]*>", html)
                assert not any(t.startswith(("<script", "<iframe", "<img", "<svg")) for t in tags), (path, tags)
                assert not any(re.search(r"\son\w+=|javascript:|data:", t, re.I) for t in tags), (path, tags)
        write_pages(result.pages, config.docs_dir, root, result.page_sources, result.failed_sources)
        outside = [p for p in root.rglob("*") if p.is_file() and not p.relative_to(root).as_posix()
                   .startswith(("sources/", "docs/", ".cache/"))]
        assert outside == []


@given(st.text())
def test_slugify_is_safe_never_empty_and_idempotent(value):
    slug = slugify(value)
    assert SLUG_PATTERN.match(slug)
    assert slugify(slug) == slug


@given(st.lists(st.sampled_from(["a", "a-2", "b", "a-3"]), max_size=20))
def test_unique_slug_never_collides(values):
    taken: set[str] = set()
    made = [unique_slug(v, taken) for v in values]
    assert len(made) == len(set(made))
