"""The source cache: a rebuild reuses what unchanged sources became, and any
change to a source, its sidecar, the registry or the build code invalidates
exactly what it could change."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from build_scripts import pipeline
from build_scripts.corpus import stories as corpus_stories
from build_scripts.incremental import sources as changes
from build_scripts.incremental import store as cache_module
from build_scripts.incremental.state import BuildState
from build_scripts.pipeline import build, stages
from build_scripts.render import briefing as briefing_pages, entities as entity_pages

ARTICLE = ("NMPA approves new rules\n2025-03-10 09:16\nThe National Medical Products Administration approved "
           "new rules for clinical trials on Monday, the agency said in a statement on its website.\nSource: Xinhua\n")


def _counting(monkeypatch):
    calls = []
    original = changes.process_source

    def counted(path, config, outlets=None):
        calls.append(path.name)
        return original(path, config, outlets)

    monkeypatch.setattr(changes, "process_source", counted)
    return calls


def test_unchanged_sources_come_from_the_cache(project, monkeypatch):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    first = build(config)
    calls = _counting(monkeypatch)
    second = build(config)
    assert calls == []
    assert second.pages == first.pages and second.problems == first.problems


def test_each_input_invalidates_what_it_can_change(project, monkeypatch):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    build(config)
    calls = _counting(monkeypatch)
    (config.sources_dir / "a.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    build(config)
    assert calls == ["a.txt"]
    calls.clear()
    (config.sources_dir / "b.meta.yml").write_text("outlet: Xinhua News Agency\n")
    result = build(config)
    assert calls == ["b.txt"] and next(b for b in result.briefings if b.source == "b.txt").outlet == \
        "Xinhua News Agency"
    calls.clear()
    (config.root / "registry").mkdir(exist_ok=True)
    (config.root / "registry" / "organisations.yml").write_text(
        "- id: nmpa\n  name: National Medical Products Administration\n  acronym: NMPA\n  kind: regulator\n")
    result = build(config)
    assert sorted(calls) == ["a.txt", "b.txt"]
    assert all("organisation/nmpa" in b.entities.organisations for b in result.briefings)
    calls.clear()
    monkeypatch.setattr(pipeline, "code_version", lambda: "a new version of the build code")
    build(config)
    assert sorted(calls) == ["a.txt", "b.txt"]


def _entries(config) -> int:
    return len(cache_module.ContentCache(config.cache_dir, "any salt"))


def test_a_corrupt_cache_entry_is_rebuilt(project, monkeypatch):
    config = project({"sources/a.txt": ARTICLE})
    first = build(config)
    with sqlite3.connect(config.cache_dir / cache_module.ContentCache.ENTRIES) as db:
        assert db.execute("UPDATE entries SET value = ?", (b"not a pickle",)).rowcount == 1
    calls = _counting(monkeypatch)
    assert build(config).pages == first.pages and calls == ["a.txt"]


@pytest.mark.parametrize("damage", [b"", b"not a database " * 300, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_cache_database_is_replaced(project, monkeypatch, damage):
    """A cache database that is not one (cut short, overwritten) costs a
    rebuild of what it held, not the build: it is replaced."""
    config = project({"sources/a.txt": ARTICLE})
    first = build(config)
    for folder in (config.cache_dir, config.cache_dir.with_name("medreg-pages")):
        (folder / cache_module.ContentCache.ENTRIES).write_bytes(damage)
        for log in folder.glob("*.sqlite-*"):
            log.unlink()
    calls = _counting(monkeypatch)
    assert build(config).pages == first.pages and calls == ["a.txt"]
    calls.clear()
    assert build(config).pages == first.pages and calls == []  # the new database holds the outcome
    assert _entries(config) == 1


def test_the_file_per_entry_cache_of_earlier_versions_is_removed(project):
    config = project({"sources/a.txt": ARTICLE})
    old = config.cache_dir / "ab" / ("ab" + "0" * 62 + ".pickle")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"an entry of an earlier version")
    build(config)
    assert not old.parent.exists() and _entries(config) == 1


def test_a_build_goes_on_while_another_process_writes_to_the_cache(project, monkeypatch):
    """Two builds at once (`mkdocs serve` and the command line): one that
    cannot write to the cache in time builds as without it, and says nothing."""
    config = project({"sources/a.txt": ARTICLE})
    first = build(config)
    (config.sources_dir / "a.txt").write_text(ARTICLE.replace("rules", "guides"), encoding="utf-8")
    other = sqlite3.connect(config.cache_dir / cache_module.ContentCache.ENTRIES, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    original = sqlite3.connect
    monkeypatch.setattr(cache_module.sqlite3, "connect", lambda *args, **kwargs: original(*args, **{**kwargs, "timeout": 0.1}))
    try:
        second = build(config)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert second.complete and not second.problems and second.pages != first.pages
    assert any("guides" in str(b.title) + str(b.summary) for b in second.briefings)


def test_many_entries_are_read_at_once_and_count_as_used(tmp_path):
    folder = tmp_path / "cache"
    cache = cache_module.ContentCache(folder, "salt")
    keys = [f"{n:064x}" for n in range(cache.KEYS_A_QUERY + 20)]  # more than one query's worth
    for key in keys[:-5]:
        assert cache.put(key, {"value of": key})
    cache.prune()
    memory: dict = {}
    again = cache_module.ContentCache(folder, "salt", memory)
    found = again.get_many(keys)
    assert found == {key: {"value of": key} for key in keys[:-5]} and memory == found
    again.prune()  # what was asked for is kept, found or not
    assert len(cache_module.ContentCache(folder, "salt")) == len(keys) - 5


def test_the_room_of_removed_entries_goes_back_to_the_disk(tmp_path):
    """When most entries are made again (new build code or registry), the
    database does not stay at twice its size."""
    folder = tmp_path / "cache"
    database = folder / cache_module.ContentCache.ENTRIES

    def build_with(version: str) -> int:
        cache = cache_module.ContentCache(folder, version)
        for n in range(200):
            cache.put(cache.key(f"source-{n}", b"", None), b"x" * 5000)
        cache.prune()
        return database.stat().st_size

    first = build_with("code of today")
    again = build_with("code of tomorrow")  # every key new, every old entry removed
    assert again < first * 1.3
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_deleted_sources_leave_the_cache(project):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    build(config)
    assert _entries(config) == 2
    (config.sources_dir / "b.txt").unlink()
    build(config)
    assert _entries(config) == 1


def test_the_cache_can_be_switched_off(project):
    config = replace(project({"sources/a.txt": ARTICLE}), cache=False)
    build(config)
    assert not (config.root / ".cache").exists()


def test_code_version_follows_the_build_code(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\n")
    first = cache_module._digest_files([tmp_path / "a.py"])
    (tmp_path / "a.py").write_text("x = 2\n")
    assert cache_module._digest_files([tmp_path / "a.py"]) != first


def test_rendered_pages_are_reused_until_what_they_show_changes(project, monkeypatch):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    first = build(config)
    rendered = []
    original = briefing_pages.render_briefing
    monkeypatch.setattr(briefing_pages, "render_briefing",
                        lambda b, *a, **k: rendered.append(b.slug) or original(b, *a, **k))
    assert build(config).pages == first.pages and rendered == []
    (config.sources_dir / "a.meta.yml").write_text("title_en: A new gloss\n")
    second = build(config)
    # a's page changed; b's page lists a as related (its title), so it is rendered again too
    assert sorted(rendered) == ["a", "b"]
    assert "A new gloss" in second.pages["briefings/a.md"] and "A new gloss" in second.pages["briefings/b.md"]


def test_an_edit_to_a_briefings_text_leaves_the_pages_listing_it_as_related(seed_project, monkeypatch):
    """Pages list a related briefing by its title, date and outlet: an edit to
    its text alone renders its own page again, not those (a briefing can be
    related to thousands: 3,162 pages an edit at 10,000 sources)."""
    slug = "2025-03-10-phirda-forum-innovative-drugs-going-global"
    first = build(seed_project)
    listing = sorted(page for page, text in first.pages.items() if page.startswith("briefings/")
                     and f"]({slug}.md)" in text.split("## Related briefings")[-1] and page != f"briefings/{slug}.md")
    assert listing  # the case at hand
    rendered = []
    original = briefing_pages.render_briefing
    monkeypatch.setattr(briefing_pages, "render_briefing",
                        lambda b, *a, **k: rendered.append(b.slug) or original(b, *a, **k))
    source = seed_project.sources_dir / f"{slug}.txt"
    lines = source.read_text("utf-8").split("\n")
    source.write_text("\n".join(lines[:3] + ["The Quillimot pilot began in March."] + lines[3:]), "utf-8")
    second = build(seed_project)
    assert rendered == [slug] and "Quillimot" in second.pages[f"briefings/{slug}.md"]
    assert second.pages == build(replace(seed_project, cache=False)).pages  # as computed afresh


def test_a_build_with_nothing_changed_stops_early(project, monkeypatch):
    """After a written build, the next one with the same sources (by path, size
    and mtime), registry, code and settings, and the pages intact, returns
    the recorded result; any change to those makes it a real build again."""
    import io
    import os
    from build_scripts.cli import run_build

    def run() -> tuple[str, bool]:
        out = io.StringIO()
        kept = []
        assert run_build(config, out, io.StringIO(), keep=kept) == 0
        return out.getvalue(), not kept[0].up_to_date

    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    report, built = run()
    assert built and "Articles:      2 briefings" in report
    report, built = run()
    assert not built and "Articles:      2 briefings" in report and " 0 written" in report
    page = config.docs_dir / "briefings/a.md"
    assert page.is_file()

    page.write_text(page.read_text() + "hand edit\n")  # a generated page edited: rebuilt, edit kept aside
    report, built = run()
    assert built and "hand edit" not in page.read_text() and "Kept aside" in report
    page.unlink()  # deleted: rebuilt
    assert run()[1] and page.is_file()
    assert not run()[1]
    source = config.sources_dir / "a.txt"
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1000))  # touched
    assert run()[1]
    (config.sources_dir / "a.meta.yml").write_text("title_en: A gloss\n")  # a sidecar added
    assert run()[1] and "A gloss" in page.read_text()
    config.registry_dir.mkdir(exist_ok=True)
    (config.registry_dir / "glossary.yml").write_text("[]\n")  # the registry changed
    assert run()[1]
    assert run()[1] is False
    monkeypatch.setattr(pipeline, "code_version", lambda: "another version")  # the build code changed
    assert run()[1]


def test_site_wide_pages_follow_a_new_disagreement(project, monkeypatch):
    """The figures page is cached under its briefings and their flags: a new
    source that gives another value flags the old figure too."""
    text = ("Industry results\n2025-03-10 09:16\nThe industry's operating income reached {} trillion yuan in 2024, "
            "the association said on Monday in its annual report on the sector.\nSource: {}\n")
    config = project({"sources/a.txt": text.format("1.35", "Xinhua")})
    first = build(config)
    rows = [line for line in first.pages["figures/index.md"].decode().splitlines() if line.startswith("| ")]
    assert any("trillion yuan" in row for row in rows) and not any("⚠" in row for row in rows), rows
    # another story (three months later), naming no one: only the disagreement links the two pages
    (config.sources_dir / "b.txt").write_text(text.format("1.4", "Caixin").replace("Industry results", "Sector data")
                                              .replace("2025-03-10", "2025-06-10"))
    second = build(config)
    flagged = [line for line in second.pages["figures/index.md"].decode().splitlines() if line.startswith("| ") and "⚠" in line]
    assert len(flagged) == 2, flagged
    # the old briefing's cached page is rendered again with the flag naming the new report
    assert "⚠" not in first.pages["briefings/a.md"] and "⚠" in second.pages["briefings/a.md"]
    assert "[Caixin](../briefings/b.md) gives 1\\.4 trillion yuan" in second.pages["briefings/a.md"]
    assert build(config).pages == second.pages
    # an edit to b's text, not to its figure or outlet: a's page (its flag) is not rendered again
    rendered = []
    original = briefing_pages.render_briefing
    monkeypatch.setattr(briefing_pages, "render_briefing",
                        lambda b, *a, **k: rendered.append(b.slug) or original(b, *a, **k))
    (config.sources_dir / "b.txt").write_text((config.sources_dir / "b.txt").read_text()
                                              .replace("on the sector.", "on the sector. Exports grew."))
    third = build(config)
    assert rendered == ["b"] and third.pages["briefings/a.md"] == second.pages["briefings/a.md"]



def test_figures_of_unchanged_briefings_are_not_rendered_again(project, monkeypatch):
    """A rebuild renders the figures lines of changed briefings only; the
    other lines come from one memo file, and lines no build uses are dropped."""
    from build_scripts.render import stories as render_stories
    text = ("Results {0}\n2025-03-1{0} 09:16\nThe company's operating income reached {0}.5 billion yuan in 2024, "
            "the firm said on Monday in its annual report number {0}.\nSource: Xinhua\n")
    config = project({f"sources/{n}.txt": text.format(n) for n in range(3)})
    first = build(config)
    calls = []
    original = render_stories.figure_lines
    monkeypatch.setattr(render_stories, "figure_lines",
                        lambda briefing, *args: calls.append(briefing.source) or original(briefing, *args))
    (config.sources_dir / "1.txt").write_text(text.format(1).replace("annual", "yearly"))
    second = build(config)
    assert calls == ["1.txt"]
    assert second.pages["figures/figures.csv"] == first.pages["figures/figures.csv"].replace(
        b"annual report number 1", b"yearly report number 1")
    (config.sources_dir / "2.txt").unlink()
    third = build(config)
    assert calls == ["1.txt"] and b"2.5 billion" not in third.pages["figures/index.md"]
    table = cache_module.MemoTable(cache_module.ContentCache(config.cache_dir.with_name("medreg-pages"),
                                                             stages.page_salt(pipeline.code_version(),
                                                                                 config.registry_dir)),
                                   "figure-lines")
    assert sum(len(table.cache.get(key) or {}) for key in table.keys) == 2  # the deleted source's lines are gone


def test_adding_a_source_renders_only_the_feeds_it_is_in(seed_project, monkeypatch):
    """A feed is kept in the page cache under the briefings it lists: adding
    a source renders the site-wide feed and those of its topics and
    organisations, not every feed; the feeds are those a build without the
    cache makes."""
    from build_scripts.render import stories as render_stories
    from build_scripts.render.urls import entity_path
    first = build(seed_project)
    feeds = {page for page in first.pages if page.endswith(".xml")}
    rendered = []
    original = render_stories.render_feed
    monkeypatch.setattr(render_stories, "render_feed", lambda path, *args: rendered.append(path) or original(path, *args))
    (seed_project.sources_dir / "new.txt").write_text(ARTICLE, "utf-8")
    second = build(seed_project)
    new = next(b for b in second.briefings if b.slug == "new")
    its_feeds = {"feed.xml"} | {f"feeds/{entity_path(entity)[:-3]}.xml"
                                for entity in new.entities.topics + new.entities.organisations}
    assert set(rendered) == its_feeds and len(its_feeds) < len(feeds) / 2
    without_cache = build(replace(seed_project, cache=False))
    assert {page: second.pages[page] for page in feeds} == {page: without_cache.pages[page] for page in feeds}


def test_adding_a_source_renders_only_its_months_index_page(seed_project, monkeypatch):
    """The index's month pages are kept in the page cache, each under the
    briefings it lists: adding a source renders its month's page only; the
    pages are those a build without the cache makes."""
    from build_scripts.render import briefing as render
    monkeypatch.setattr(render, "INDEX_ON_PAGE", 3)  # the shipped corpus split by month
    first = build(seed_project)
    months = {page for page in first.pages if page.startswith("briefings/by-month/")}
    rendered = []
    original = render._month_page
    monkeypatch.setattr(render, "_month_page", lambda month, listed: rendered.append(month) or original(month, listed))
    (seed_project.sources_dir / "new.txt").write_text(ARTICLE, "utf-8")
    second = build(seed_project)
    assert len(months) > 2 and rendered == ["2025-03"]
    without_cache = build(replace(seed_project, cache=False))
    assert {page: second.pages[page] for page in months} == {page: without_cache.pages[page] for page in months}


def test_in_memory_rebuilds_follow_sources_and_registry(project, monkeypatch):
    """Under `mkdocs serve` (``memory``), unchanged sources are known by their
    stat and the registry is kept while its files are unchanged; an edit to
    either is still seen, and a deleted source is forgotten."""
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    memory = BuildState()
    build(config, memory=memory)
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or original(self))
    (config.sources_dir / "a.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    result = build(config, memory=memory)
    assert {name for name in reads if name.endswith(".txt")} == {"a.txt"}  # b.txt: known by its stat
    assert "Tuesday" in result.pages["briefings/a.md"]
    (config.root / "registry").mkdir(exist_ok=True)
    (config.root / "registry" / "organisations.yml").write_text(
        "- id: nmpa\n  name: National Medical Products Administration\n  acronym: NMPA\n  kind: regulator\n")
    result = build(config, memory=memory)
    assert all("organisation/nmpa" in b.entities.organisations for b in result.briefings)
    (config.sources_dir / "b.txt").unlink()
    result = build(config, memory=memory)
    assert [b.source for b in result.briefings] == ["a.txt"]
    assert [Path(name).name for name in memory.seen] == ["a.txt"]


def test_a_rebuild_reads_only_the_sources_whose_stat_changed(project, monkeypatch):
    """From the command line too, each source's stat and key are kept (in the
    cache folder): a rebuild neither reads nor hashes an unchanged source, and
    its published copy is read only if its file must be written."""
    from build_scripts.write import write_result
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides")})
    write_result(build(config), config.docs_dir, config.root)
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or original(self))
    (config.sources_dir / "a.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    result = build(config)
    report = write_result(result, config.docs_dir, config.root)
    assert {name for name in reads if name.endswith(".txt")} == {"a.txt"}  # b.txt: known by its stat
    assert {"briefings/a.md", "raw/a.txt"} <= set(report.written) and "raw/b.txt" not in report.written
    assert (config.docs_dir / "raw/a.txt").read_text() == ARTICLE.replace("Monday", "Tuesday")
    assert "raw/b.txt" in report.unchanged
    (config.sources_dir / "b.txt").unlink()
    build(config)
    seen = cache_module.load(config.cache_dir / changes.SEEN_SOURCES)
    assert [Path(name).name for name in seen] == ["a.txt"]


def test_stories_follow_edits_with_the_last_builds_links(project, monkeypatch):
    """A rebuild compares only new reports and takes the other links from
    the last build: an edit that makes a re-report its own story splits it,
    and a new re-report joins its story."""
    story = ("NMPA approves new rules\n2025-03-10 09:16\nThe National Medical Products Administration approved "
             "new rules for clinical trials of innovative drugs on Monday, cutting review times for "
             "applicants and allowing trials at more hospitals in the Greater Bay Area.\nSource: {}\n")
    other = ("Vaccine makers report results\n2025-03-11 10:00\nThree vaccine makers in Shanghai reported "
             "higher sales of influenza vaccines in the first quarter, led by exports to Southeast Asia "
             "and new contracts with provincial purchasing platforms.\nSource: {}\n")
    config = project({"sources/a.txt": story.format("Xinhua"), "sources/b.txt": story.format("Caixin"),
                      "sources/c.txt": other.format("Yicai")})
    given = []
    original = corpus_stories.link_stories
    monkeypatch.setattr(corpus_stories, "link_stories", lambda *args: given.append(args[4] is not None) or original(*args))
    first = {b.source: b.story for b in build(config).briefings}
    assert first["a.txt"] == first["b.txt"] != first["c.txt"]
    (config.sources_dir / "b.txt").write_text(other.replace("Three vaccine", "Four vaccine").format("Caixin"))
    second = {b.source: b.story for b in build(config).briefings}
    assert second["b.txt"] == second["c.txt"] != second["a.txt"]
    (config.sources_dir / "d.txt").write_text(story.format("People's Daily"))
    third = {b.source: b.story for b in build(config).briefings}
    assert third["a.txt"] == third["d.txt"] and third["b.txt"] == third["c.txt"] != third["a.txt"]
    assert given == [False, True, True]  # the first build had no links to start from


def test_a_serve_process_fills_its_memory_on_its_first_build(project):
    """`mkdocs serve` starts with an empty memory: its first build runs in
    full even when the last one is up to date (so the first edit finds every
    result in memory); later builds stop early as usual."""
    from build_scripts.write import write_result
    config = project({"sources/a.txt": ARTICLE})
    write_result(result := build(config), config.docs_dir, config.root)
    pipeline.record_build(config, result)
    assert build(config).up_to_date
    memory = BuildState()
    first = build(config, memory=memory)
    assert not first.up_to_date and memory.sources and memory.pages
    assert build(config, memory=memory).up_to_date


def test_memo_table_rewrites_only_changed_shards_and_drops_what_no_build_asked_for(tmp_path):
    from build_scripts.incremental.store import ContentCache, MemoTable
    folder = tmp_path / "cache"

    def run(keys, computed):
        cache = ContentCache(folder, "salt")
        table = MemoTable(cache, "lines")
        values = [table.get(key, lambda key=key: computed.append(key) or f"value of {key}") for key in keys]
        written = []
        original = cache.put
        cache.put = lambda key, value: written.append(key) or original(key, value)
        table.save()
        cache.prune()
        return values, len(written), len(ContentCache(folder, "salt"))

    computed: list = []
    values, written, files = run([f"k{n}" for n in range(200)], computed)
    assert values[7] == "value of k7" and len(computed) == 200 and written == files == MemoTable.SHARDS
    computed.clear()
    assert run([f"k{n}" for n in range(200)], computed)[1:] == (0, MemoTable.SHARDS) and computed == []
    # one entry replaced: its shard (and only it) is rewritten, and only the new key computed
    _, written, _ = run([f"k{n}" for n in range(199)] + ["k-new"], computed)
    assert computed == ["k-new"] and written <= 2
    computed.clear()
    # a build that asks for nothing keeps every shard; one that asks for one key keeps one shard
    cache = ContentCache(folder, "salt")
    MemoTable(cache, "lines").save()
    cache.prune()
    assert len(ContentCache(folder, "salt")) == MemoTable.SHARDS
    assert run(["k3"], computed) == (["value of k3"], 1, 1) and computed == []


def test_related_briefings_and_disagreements_are_reused_while_what_they_read_is_unchanged(seed_project, monkeypatch):
    """An edit that names no new entity leaves the related briefings as they
    were: taken from the last build (as computed afresh); an edit that changes
    what they read computes them again. Disagreements are updated from the
    last build's: the edited briefing's claims are worked out again, no other's."""
    from build_scripts.corpus import disagreements
    calls = []
    original = entity_pages.related_briefings
    monkeypatch.setattr(entity_pages, "related_briefings", lambda briefings: calls.append("related") or original(briefings))
    claims_of = disagreements.claims_of
    monkeypatch.setattr(disagreements, "claims_of", lambda briefing: calls.append(briefing.slug) or claims_of(briefing))
    build(seed_project)
    name = "2025-03-10-phirda-forum-innovative-drugs-going-global"
    source = seed_project.sources_dir / f"{name}.txt"
    lines = source.read_text("utf-8").split("\n")

    def edit(sentence):
        source.write_text("\n".join(lines[:3] + [sentence] + lines[3:]), "utf-8")
        calls.clear()
        result = build(seed_project)
        computed = sorted(calls)
        assert result.pages == build(replace(seed_project, cache=False)).pages  # as computed afresh
        assert sentence.split()[1] in result.pages[f"briefings/{name}.md"]
        return computed

    assert edit("The Quillimot pilot began in March.") == [name]  # the same entities
    assert edit("The Quillimot pilot approved 41 innovative drugs in 2024.") == [name]
    assert edit("The Quillimot pilot was praised by the World Health Organization.") == [name, "related"]
    # A source added (the edit as before): the related briefings computed (without comparing inputs),
    # the new claims only; the next build computes the related briefings
    # again and keeps them (it has nothing to compare with); the one after takes them.
    (seed_project.sources_dir / "new.txt").write_text(ARTICLE, "utf-8")
    assert edit("The Quillimot pilot was praised by the World Health Organization.") == ["new", "related"]
    assert edit("The Quillimot pilot began in April.") == [name, "related"]
    assert edit("The Quillimot pilot began in May.") == [name]


def test_a_cached_briefing_keeps_its_mentions_packed_until_they_are_read(seed_project):
    """What the cache keeps of a source loads without its mentions (read only
    to render its own page): they come back equal, and unpickled when read."""
    import pickle

    from build_scripts.model import Packed
    config = seed_project
    briefing = build(config).briefings[0]
    assert briefing.entities.mentions and isinstance(briefing.entities.mentions, tuple)
    loaded = pickle.loads(pickle.dumps(briefing))
    mentions = loaded.entities.mentions
    assert isinstance(mentions, Packed) and mentions._items is None
    assert [m for m in mentions] == list(briefing.entities.mentions) and mentions._items is None  # read through
    assert loaded == briefing and hash(loaded) == hash(briefing) and briefing == loaded
    assert mentions._items is not None and list(mentions) == list(briefing.entities.mentions)
    assert mentions[0] == briefing.entities.mentions[0] and len(mentions) == len(briefing.entities.mentions)
    # Stored again as it was read, and equal after any number of round trips.
    assert pickle.loads(pickle.dumps(loaded)) == briefing
    # Nothing to pack: an empty tuple stays one.
    bare = replace(briefing, entities=replace(briefing.entities, mentions=()))
    assert pickle.loads(pickle.dumps(bare)).entities.mentions == ()
    # Its page, rendered from the packed mentions (each first mention linked), is the same.
    from build_scripts.registry import load_registry
    from build_scripts.render.briefing import render_briefing
    registry, _ = load_registry(config.registry_dir, config.root)
    rendered = pickle.loads(pickle.dumps(briefing))
    assert render_briefing(rendered, registry) == render_briefing(briefing, registry)
    assert rendered.entities.mentions._items is None  # not kept by a renderer of thousands of pages
    assert "](../organisations/" in render_briefing(briefing, registry).split("## Full text")[1]


def test_hold_keeps_a_state_in_memory_only_when_the_cache_has_a_memory(tmp_path):
    """``hold``: under `mkdocs serve` (a cache with a memory) a state updated
    every build stays in memory, not pickled to disk each edit; without a
    memory it is put on disk; either way it counts as used (kept by the prune)."""
    from build_scripts.incremental.store import ContentCache
    memory: dict = {}
    served = ContentCache(tmp_path / "cache", "salt", memory)
    served.hold("state", {"n": 1})
    served.prune()
    assert memory == {"state": {"n": 1}} and ContentCache(tmp_path / "cache", "salt").get("state") is None
    command_line = ContentCache(tmp_path / "cache", "salt")
    command_line.hold("state", {"n": 2})
    command_line.prune()
    assert ContentCache(tmp_path / "cache", "salt").get("state") == {"n": 2}


# A person whose role their page shows from the registry, at an organisation the text does not name.
ROLE_FROM_REGISTRY = ("Hainan pilot zone hosts trial forum\n2025-12-01\nHe Li opened a forum on real-world data in "
                      "Boao on Monday.\nSource: Xinhua\n")

_REGISTRY_EDITS = ["person named", "person named nowhere", "alias", "keyword", "remove person", "role",
                   "topic named nowhere", "topic renamed", "role's organisation renamed", "acronym", "parent",
                   "description", "glossary", "comment"]


def _registry_edits(config, result, rng, step: int, kind: str) -> str:
    """An edit of ``config``'s registry of ``kind`` (one of ``_REGISTRY_EDITS``,
    its details random); says which was made (a person named nowhere when
    ``kind`` cannot be)."""
    import yaml
    folder = config.registry_dir
    people = yaml.safe_load((folder / "people.yml").read_text("utf-8")) or []
    organisations = yaml.safe_load((folder / "organisations.yml").read_text("utf-8")) or []
    topics = yaml.safe_load((folder / "topics.yml").read_text("utf-8")) or []
    unknown = list(result.unknown)
    words = sorted({w for b in result.briefings for w in b.title.split() if w.isalpha() and len(w) > 5})
    if kind == "person named" and any(u.kind == "person" for u in unknown):
        name = rng.choice([u.name for u in unknown if u.kind == "person"])
        people.append({"id": f"added-{step}", "name": name})
    elif kind == "alias" and any(u.kind == "organisation" for u in unknown):
        org = rng.choice(organisations)
        org.setdefault("aliases", []).append(rng.choice([u.name for u in unknown if u.kind == "organisation"]))
    elif kind == "keyword" and words:
        rng.choice(topics).setdefault("keywords", []).append(rng.choice(words).lower())
    elif kind == "remove person" and len(people) > 3:
        people.remove(rng.choice(people))
    elif kind == "role" and people:
        person = rng.choice(people)
        person["roles"] = [{"title": f"Director {step}", "organisation": rng.choice(organisations)["id"],
                            "as_of": "2024-01-01"}]
    elif kind == "topic renamed":  # a sidecar naming it by its old name no longer finds it
        topic = rng.choice(topics)
        topic["name"] = f"{topic['name']} {step}"
    elif kind == "role's organisation renamed" and any(
            p.role_from == "registry" and p.organisation for b in result.briefings for p in b.entities.people):
        # A page shows a person's role from the registry with its organisation's name, which the text may not name.
        shown = sorted({p.organisation for b in result.briefings for p in b.entities.people
                        if p.role_from == "registry" and p.organisation})
        # Preferably one without an acronym: an acronym's meaning in the glossary is its organisation's name.
        plain = [i for i in shown if any(f"organisation/{o['id']}" == i and not o.get("acronym") for o in organisations)]
        org = next(o for o in organisations if f"organisation/{o['id']}" == rng.choice(plain or shown))
        org["name"] = f"{org['name']} Renamed {step}"
    elif kind == "acronym":  # every acronym is in the glossary, which each page's terms are shown from
        org = rng.choice([o for o in organisations if not o.get("acronym")])
        org["acronym"] = f"ZQX{step}"
    elif kind == "parent":  # a pack's title names its organisation's parent
        org, parent = rng.sample(organisations, 2)
        org["parent"] = parent["id"]
    elif kind == "glossary":  # a term the texts use, explained on their pages
        with (folder / "glossary.yml").open("a", encoding="utf-8") as glossary:
            glossary.write(f"\n- term: NMPA\n  meaning: Explained again, step {step}\n")
    elif kind == "comment":  # the entries as they were, each on another line
        pass
    elif kind == "description":
        rng.choice(topics)["description"] = f"Described again, step {step}."
    elif kind == "topic named nowhere":
        topics.append({"id": f"added-topic-{step}", "name": f"Zorblat topic {step}", "keywords": [f"zorblat{step}"]})
    else:
        kind = "person named nowhere"
        people.append({"id": f"nowhere-{step}", "name": f"Quillimot Zed{step}"})
    for name, entries in (("people.yml", people), ("organisations.yml", organisations), ("topics.yml", topics)):
        (folder / name).write_text(("# Edited again.\n" * step if kind == "comment" and name == "people.yml" else "")
                                   + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), "utf-8")
    return kind


@pytest.mark.parametrize("memory", [None, "state"], ids=["command line", "under serve"])
def test_an_edit_to_the_registry_extracts_again_only_the_sources_it_can_change(seed_project, monkeypatch, memory):
    """After an edit to the registry, a source none of whose text names an
    added, removed or edited entry keeps its outcome (taken from the last
    build, not extracted again), and a briefing page none of whose entities'
    entries changed is not rendered again. Random edits (people added, named
    in a source or nowhere, removed, given a role; aliases, keywords,
    acronyms, parents and descriptions added; topics added or renamed; an
    organisation renamed that a page shows in a person's role from the
    registry; glossary.yml; a comment) each give the briefings, problems and
    pages of a build without the cache; an entry named nowhere, or a comment,
    extracts nothing and renders no briefing page again."""
    memory = BuildState() if memory else None
    import random
    from build_scripts.registry import load_registry
    for number in range(3):  # more sources, naming people and an organisation the registry lacks
        (seed_project.sources_dir / f"extra-{number}.txt").write_text(
            f"Shanghai backs innovative drugs\n2025-0{number + 4}-10\nDr. Zhang Wenhua, director of the Pudong "
            f"Biomedicine Innovation Centre (PBIC), said the National Medical Products Administration will "
            f"speed up reviews of innovative drugs. Professor Lin Qiang of Fudan University agreed.\n"
            "Source: Xinhua\n", "utf-8")
    (seed_project.sources_dir / "extra-role.txt").write_text(ROLE_FROM_REGISTRY, "utf-8")
    # A sidecar's topic the registry lacks until the last edit, which names it nowhere in the text.
    (seed_project.sources_dir / "extra-0.meta.yml").write_text("topics:\n  - Beauty regulation\n", "utf-8")
    rng = random.Random(7)
    result = build(seed_project, memory=memory)
    curated = {b.source for b in result.briefings if "topics" in b.curated}
    calls = _counting(monkeypatch)
    rendered = []
    render_page = briefing_pages.render_briefing
    monkeypatch.setattr(briefing_pages, "render_briefing",
                        lambda briefing, *args: rendered.append(briefing.slug) or render_page(briefing, *args))
    kinds = []
    plan = rng.sample(_REGISTRY_EDITS, len(_REGISTRY_EDITS)) + [rng.choice(_REGISTRY_EDITS) for _ in range(4)]
    for step, planned in enumerate(plan):
        kind = _registry_edits(seed_project, result, rng, step, planned)
        assert load_registry(seed_project.registry_dir, seed_project.root)[0] is not None, kind
        calls.clear()
        rendered.clear()
        result = build(seed_project, memory=memory)
        extracted, rendered_now = list(calls), list(rendered)
        fresh = build(replace(seed_project, cache=False))
        assert result.complete and fresh.complete, kind
        assert result.briefings == fresh.briefings and result.problems == fresh.problems, (step, kind)
        assert dict(result.pages) == dict(fresh.pages), (step, kind)
        if kind in ("person named nowhere", "comment"):  # (a comment moves every entry to another line)
            assert extracted == [] and rendered_now == [], (step, kind, extracted, rendered_now)
        elif kind == "glossary":  # read by no extraction; explained on every page where the text uses it
            assert extracted == [] and rendered_now, (step, kind, extracted)
        elif kind == "role's organisation renamed":  # the pages of the person's briefings, not all
            assert 0 < len(rendered_now) < len(result.briefings), (step, kind, rendered_now)
        elif kind == "topic named nowhere":  # a sidecar's topics are looked up by name: its source only
            assert set(extracted) <= curated, (step, kind, extracted)
        kinds.append((kind, len(extracted)))
    import yaml
    topics = yaml.safe_load((seed_project.registry_dir / "topics.yml").read_text("utf-8"))
    next(t for t in topics if t["id"] == "cosmetics").setdefault("aliases", []).append("Beauty regulation")
    (seed_project.registry_dir / "topics.yml").write_text(yaml.safe_dump(topics, allow_unicode=True), "utf-8")
    result = build(seed_project, memory=memory)
    assert "topic/cosmetics" in next(b for b in result.briefings if b.source == "extra-0.txt").entities.topics
    assert result.briefings == build(replace(seed_project, cache=False)).briefings
    sources = len(list(seed_project.sources_dir.glob("*.txt")))
    assert any(count == 0 for _, count in kinds) and any(0 < count < sources for _, count in kinds), kinds
    assert {kind for kind, _ in kinds} >= {"person named", "alias", "keyword", "role", "topic renamed",
                                           "role's organisation renamed", "acronym", "parent", "description",
                                           "glossary", "comment"}, kinds


def test_a_feed_of_undated_briefings_is_renamed_with_its_topic(project):
    """A topic's feed is kept in the page cache under the briefings it lists
    and its title: a feed of undated briefings lists none, and an edit to the
    registry that renames the topic still renames its feed."""
    config = project({
        "sources/a.txt": "Cosmetics rules revised\nThe cosmetics rules were revised.\nSource: Xinhua\n",
        "registry/topics.yml": "- id: cosmetics\n  name: Cosmetics\n  keywords: [cosmetics]\n",
    })
    first = build(config)
    assert first.briefings[0].date is None and "feeds/topics/cosmetics.xml" in first.pages
    (config.registry_dir / "topics.yml").write_text(
        "- id: cosmetics\n  name: Cosmetics regulation\n  keywords: [cosmetics]\n", "utf-8")
    second = build(config)
    assert "MedReg Briefings: Cosmetics regulation" in second.pages["feeds/topics/cosmetics.xml"]
    assert dict(second.pages) == dict(build(replace(config, cache=False)).pages)


def test_a_registry_remembered_with_other_keys_keeps_no_outcome(seed_project):
    """The registry's entries a build remembers go with the keys it recorded:
    if the two disagree (a build cut off, a file restored), no source keeps
    an outcome made with another registry. Here the entries of a first
    registry are put back after a build with a second, which names a person
    in a source; a third build, with the first registry again, must extract
    that source again, and equals a build without the cache."""
    import shutil
    people = seed_project.registry_dir / "people.yml"
    first = people.read_text("utf-8")
    build(seed_project)
    remembered = seed_project.cache_dir / changes.REGISTRY_SEEN
    shutil.copy(remembered, seed_project.root / "registry-seen.first")
    people.write_text(first + "\n- id: zhang-wenhua\n  name: Zhang Wenhua\n", "utf-8")
    (seed_project.sources_dir / "extra.txt").write_text(
        "Shanghai backs innovative drugs\n2025-04-10\nZhang Wenhua said reviews will speed up.\nSource: Xinhua\n",
        "utf-8")
    second = build(seed_project)
    assert any(p.id == "person/zhang-wenhua" for b in second.briefings for p in b.entities.people)
    shutil.copy(seed_project.root / "registry-seen.first", remembered)  # the first registry's, as if not updated
    people.write_text(first, "utf-8")
    third = build(seed_project)
    assert not any(p.id == "person/zhang-wenhua" for b in third.briefings for p in b.entities.people)
    fresh = build(replace(seed_project, cache=False))
    assert third.briefings == fresh.briefings and dict(third.pages) == dict(fresh.pages)


def test_a_registry_edit_extracts_again_only_the_sources_naming_the_entry_as_words(seed_project, monkeypatch):
    """An edit to "He Li" extracts again the report that names him, not the
    digest whose text has "he li" inside other words (as the matcher, which
    takes names on word boundaries only)."""
    import re
    texts = {path.name: path.read_text("utf-8") for path in seed_project.sources_dir.glob("*.txt")}
    inside = [name for name, text in texts.items() if "he li" in text.lower() and not re.search(r"\bHe Li\b", text)]
    naming = sorted(name for name, text in texts.items() if re.search(r"\bHe Li\b", text))
    assert inside and naming
    build(seed_project)
    calls = _counting(monkeypatch)
    people = seed_project.registry_dir / "people.yml"
    people.write_text(people.read_text("utf-8").replace("- id: he-li\n", "- id: he-li\n  aliases: [Dr He Li]\n"),
                      "utf-8")
    result = build(seed_project)
    assert sorted(calls) == naming
    fresh = build(replace(seed_project, cache=False))
    assert result.briefings == fresh.briefings and dict(result.pages) == dict(fresh.pages)


def test_a_value_that_cannot_be_pickled_leaves_no_temporary_file(tmp_path):
    import threading

    from build_scripts.incremental.store import store
    with pytest.raises(TypeError):
        store(tmp_path / "entry.pickle", threading.Lock())  # a bug in the caller: raised, not hidden
    assert list(tmp_path.iterdir()) == []
