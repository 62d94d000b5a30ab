from __future__ import annotations

import random
from dataclasses import replace

import yaml

from build_scripts.incremental import pages, store
from build_scripts.incremental import sources as changes
from build_scripts.config import Parallelism
from build_scripts.incremental.state import BuildState
from build_scripts.pipeline import build
from build_scripts.read import discover
from build_scripts.schema import validate_briefing_meta
from build_scripts.write import write_pages

ARTICLE = ("NMPA approves new rules\n2025-03-10 09:16\n"
           "The National Medical Products Administration approved new rules for clinical trials "
           "on Monday, the agency said in a statement.\n")


def _front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4: text.index("\n---\n", 4)])


def test_same_input_gives_same_bytes_whatever_the_listing_order(seed_project, monkeypatch):
    first = build(seed_project)
    original = discover.discover_sources

    def shuffled(config, tree=None):
        found = original(config, tree)
        random.Random(7).shuffle(found.paths)
        return found

    monkeypatch.setattr(discover, "discover_sources", shuffled)
    second = build(seed_project)
    assert first.pages == second.pages
    assert list(first.pages) != [] and first.problems == second.problems


def test_two_builds_write_identical_trees(seed_project, tmp_path):
    result = build(seed_project)
    write_pages(result.pages, seed_project.docs_dir, seed_project.root)
    snapshot = {p: p.read_bytes() for p in seed_project.docs_dir.rglob("*") if p.is_file()}
    report = write_pages(build(seed_project).pages, seed_project.docs_dir, seed_project.root)
    assert report.written == [] and report.removed == []
    assert {p: p.read_bytes() for p in seed_project.docs_dir.rglob("*") if p.is_file()} == snapshot


def test_every_briefing_page_matches_the_schema(seed_project):
    result = build(seed_project)
    briefing_pages = {k: v for k, v in result.pages.items()
                      if k.startswith("briefings/") and k != "briefings/index.md"}
    assert len(briefing_pages) == 11
    for path, text in briefing_pages.items():
        assert validate_briefing_meta(_front_matter(text)) == [], path


def test_no_absolute_paths_or_clock_in_output(seed_project):
    result = build(seed_project)
    for path, text in result.pages.items():
        if isinstance(text, str):
            assert str(seed_project.root) not in text, path


def test_one_bad_file_does_not_stop_the_others(project):
    config = project({
        "sources/good.txt": ARTICLE,
        "sources/empty.txt": "",
        "sources/image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "sources/notes.doc": b"PK\x03\x04",
        "sources/broken.txt": ARTICLE,
        "sources/broken.meta.yml": "date: [oops\n",
    })
    result = build(config)
    assert [b.source for b in result.briefings] == ["good.txt"]
    assert result.sources_read == 5 and result.sources_failed == 4
    messages = [str(p) for p in result.errors]
    assert messages[0] == ("sources/broken.meta.yml:2: error: malformed YAML: while parsing a flow "
                           "sequence (line 1): expected ',' or ']', but got '<stream end>'; fix the "
                           "YAML and rebuild")
    assert messages[1] == ("sources/broken.txt: error: its sidecar sources/broken.meta.yml has errors "
                           "(see above); the source was not built, so no curation is lost")
    assert messages[2] == "sources/empty.txt: error: the file is empty; add the article's text or delete the file"
    assert messages[3].startswith("sources/image.txt: error: the file looks binary")
    assert messages[4].startswith("sources/notes.doc: error: unknown file type '.doc'")
    assert "briefings/good.md" in result.pages and "raw/good.txt" in result.pages


def test_missing_values_warn_and_null_in_a_sidecar_acknowledges(project):
    text = ("A headline\n\nThe National Medical Products Administration approved new rules for "
            "clinical trials on Monday, the agency said in a statement on its website.\n")
    config = project({"sources/a.txt": text})
    warnings = [p.message.split(";")[0] for p in build(config).warnings]
    assert warnings == ["no outlet or publisher found in the text",
                        "no publication date found in the text (it says 'on Monday' but not the date)"]
    (config.sources_dir / "a.meta.yml").write_text("date: null\noutlet: null\n")
    result = build(config)
    assert result.warnings == ()
    assert result.briefings[0].date is None and result.briefings[0].curated == ("date", "outlet")


def test_markdown_front_matter_overrides_extraction(project):
    config = project({"sources/a.md": "---\ntitle: Curated title\noutlet: NMPA\n---\n" + ARTICLE})
    [briefing] = build(config).briefings
    assert briefing.title == "Curated title"
    assert briefing.outlet == "NMPA"
    assert briefing.date == "2025-03-10"
    assert briefing.curated == ("outlet", "title")


def test_sidecar_wins_over_front_matter(project):
    config = project({"sources/a.md": "---\noutlet: From front matter\n---\n" + ARTICLE,
                      "sources/a.meta.yml": "outlet: From sidecar\n"})
    assert build(config).briefings[0].outlet == "From sidecar"


def test_encodings_end_to_end(project):
    zh = "国家药监局发布临床试验新规\n2025-03-10\n国家药品监督管理局发布了关于临床试验管理的新规定，进一步优化审评审批流程。\n"
    config = project({
        "sources/gbk.txt": zh.encode("gbk"),
        "sources/bom.txt": b"\xef\xbb\xbf" + zh.encode("utf-8"),
        "sources/utf16.txt": zh.encode("utf-16"),
        "sources/crlf.txt": zh.replace("\n", "\r\n").encode("utf-8"),
    })
    result = build(config)
    assert {b.title for b in result.briefings} == {"国家药监局发布临床试验新规"}
    assert {b.encoding for b in result.briefings} == {"gb18030", "utf-8 (BOM)", "utf-16-le (BOM)", "utf-8"}
    assert result.pages["raw/gbk.txt"] == zh.encode("gbk")  # published byte for byte


def test_html_source(project):
    page = ("<html><head><title>Regulator approves drugs</title><meta property='og:site_name' "
            "content='Pharma Daily'></head><body><nav>Home &gt; News</nav><article>"
            "<h1>Regulator approves drugs</h1><p>The National Medical Products Administration "
            "approved 63 innovative drugs in the first ten months of the year, officials said.</p>"
            "<p>The approvals covered oncology and rare disease medicines from domestic firms.</p>"
            "</article><script>alert(1)</script></body></html>")
    config = project({"sources/page.html": page})
    result = build(config)
    [briefing] = result.briefings
    assert briefing.title == "Regulator approves drugs"
    assert briefing.outlet == "Pharma Daily"
    assert "alert" not in result.pages["briefings/page.md"]
    assert "raw/page.html.txt" in result.pages  # served as text, never as a live page


def test_slug_collision_is_an_error_naming_both_files(project):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("rules", "guides"),
                      "sources/b.meta.yml": "slug: a\n"})
    result = build(config)
    assert [str(p) for p in result.errors] == [
        "sources/b.txt:1: error: its page briefings/a.md would overwrite the one built from "
        "sources/a.txt; set a different 'slug:' in its sidecar"]
    assert len(result.briefings) == 1


def test_same_bytes_under_two_names_warns(project):
    config = project({"sources/a.txt": ARTICLE, "sources/copy.txt": ARTICLE})
    assert [str(p) for p in build(config).warnings if "same bytes" in p.message] == [
        "sources/copy.txt: warning: has the same bytes as sources/a.txt; delete one of them"]


def test_orphan_sidecar_warns(project):
    config = project({"sources/a.txt": ARTICLE, "sources/gone.meta.yml": "title: x\n"})
    assert any(str(p).startswith("sources/gone.meta.yml: warning: sidecar has no source file")
               for p in build(config).warnings)


def test_oversized_source_is_refused_by_size_not_read(project):
    config = project({"sources/big.txt": ARTICLE})
    from dataclasses import replace
    small = replace(config, max_source_bytes=10)
    [error] = build(small).errors
    assert str(error) == ("sources/big.txt: error: the file is 0.0 MB, over the 0 MB limit for a "
                          "source; split it into smaller files")


def test_home_and_index_pages(seed_project):
    result = build(seed_project)
    home = result.pages["index.md"]
    assert ("**11 briefings** from 5 source documents and 4 outlets, published 2025-02-28 to 2025-12-23, "
            "naming [23 people](people/index.md) and [") in home
    index = result.pages["briefings/index.md"]
    assert index.index("### December 2025") < index.index("### November 2025") < index.index("### March 2025")
    assert "undated (event 2025-11-06)" in index
    assert "## Undated" in index and "shanghai-ip-pharma-medtech-policy.md" in index.split("## Undated")[1]


def test_unknown_people_reach_the_curation_page_with_a_stub_that_loads(project, tmp_path):
    import re as _re

    from build_scripts.registry import load_registry
    from tests.conftest import make_project
    text = ("Regulators meet in Beijing\n2025-05-06\nThe meeting was chaired by Dr. Jane Roe, Director of "
            "the Example Regulatory Institute, who spoke about clinical trials and device reviews in the city.\n"
            "Source: Example News\n")
    institute = "- id: example-institute\n  name: Example Regulatory Institute\n  kind: other\n"
    config = project({"sources/a.txt": text, "registry/organisations.yml": institute})
    result = build(config)
    assert [p.message.split(";")[0] for p in result.warnings] == ["person 'Jane Roe' is not in the registry"]
    page = result.pages["curation/index.md"]
    assert "### Jane Roe" in page and "sources/a.txt, line 3" in page
    stub = _re.search(r"```yaml\n(.*?)\n```", page, _re.S).group(1)
    folder = tmp_path / "pasted"
    folder.mkdir()
    (folder / "people.yml").write_text(stub + "\n")
    (folder / "organisations.yml").write_text(institute)
    registry, problems = load_registry(folder, tmp_path)
    role = registry.get("person/jane-roe").current_role()
    assert problems == [] and (role.title, role.organisation, role.as_of) == (
        "Director", "organisation/example-institute", "2025-05-06")  # the role, where and when it was stated
    # An organisation the registry lacks is left as a comment: an unknown id would stop the registry loading.
    alone = make_project(tmp_path / "alone", {"sources/b.txt": text.replace("Jane Roe", "John Doe")})
    other = _re.search(r"```yaml\n(.*?)\n```", build(alone).pages["curation/index.md"], _re.S).group(1)
    assert "      # organisation: the id of Example Regulatory Institute, once it is in organisations.yml" in other
    (folder / "people.yml").write_text(other + "\n")
    registry, problems = load_registry(folder, tmp_path)
    assert problems == [] and registry.get("person/john-doe").current_role().organisation is None
    # Once pasted into the registry, the name is known and links to its page.
    (config.root / "registry").mkdir(exist_ok=True)
    (config.root / "registry" / "people.yml").write_text(stub + "\n")
    again = build(config)
    assert again.warnings == ()
    assert "[Jane Roe](../people/jane-roe.md)" in again.pages["briefings/a.md"]


def test_long_listings_split_by_month(seed_project, monkeypatch):
    from build_scripts.render import briefing as render
    from build_scripts.render import entities as render_entities
    from build_scripts.render import stories as render_stories
    monkeypatch.setattr(render, "INDEX_ON_PAGE", 3)
    monkeypatch.setattr(render_entities, "MENTION_LIMIT", 1)
    monkeypatch.setattr(render_stories, "TIMELINE_ON_PAGE", 3)
    monkeypatch.setattr(render_stories, "FIGURES_ON_PAGE", 3)
    pages = build(seed_project).pages
    assert "- [December 2025](by-month/2025-12.md): 7 briefings" in pages["briefings/index.md"]
    assert "(../li-li-interview-xinhua-2025-12-10-1401.md)" in pages["briefings/by-month/2025-12.md"]
    # The home page's months lead to those pages (a heading of one index page would not exist).
    assert "- [December 2025](briefings/by-month/2025-12.md): 7 briefings" in pages["index.md"]
    assert pages["index.md"].count("index.md#") == pages["index.md"].count("index.md#undated)") == 1  # on the index page
    assert "- [December 2025](2025-12.md): " in pages["timeline/index.md"]
    assert "Event: 2025 National Conference" in pages["timeline/2025-02.md"]
    assert "figures/2025-12.md" in pages and b"## The latest 3" in pages["figures/index.md"]
    # An organisation named in more stories than its page lists: each month of them has a page.
    assert "*The latest 1 of 3 stories are listed; all of them, by month:* [December 2025 (1)](../organisations/nmpa/2025-12.md)" \
        in pages["organisations/nmpa.md"]
    assert {"organisations/nmpa/2025-12.md", "organisations/nmpa/2025-02.md", "topics/clinical-trials/2025-03.md"} \
        <= set(pages)
    assert "[National Medical Products Administration](../../organisations/nmpa.md): 1 story" \
        in pages["organisations/nmpa/2025-12.md"]


def test_the_garbage_collector_is_paused_for_a_build_and_restored(seed_project, monkeypatch):
    import gc
    during = []

    def progress(total: int) -> None:  # called once a build knows its sources, before it reads them
        during.append(gc.isenabled())

    assert gc.isenabled()
    build(seed_project, progress=progress)
    assert during == [False] and gc.isenabled()
    gc.disable()
    try:
        build(seed_project, progress=progress)  # a caller that paused it keeps it paused
        assert during == [False, False] and not gc.isenabled()
    finally:
        gc.enable()


def test_pages_rendered_by_forked_processes_are_those_of_one_process(seed_project, monkeypatch):
    """A cold build renders the pages missing from its cache in forked
    processes when there are many: same pages; a page the cache could not
    keep comes back as text."""
    import multiprocessing
    import shutil

    from build_scripts.incremental import store as cache

    serial = build(seed_project)
    shutil.rmtree(seed_project.cache_dir.parent)
    from build_scripts import parallel as parallel_module
    seed_project = replace(seed_project, parallel=Parallelism(pages_from=1))
    pools = []

    class CountedPool(parallel_module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("mp_context"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel_module, "ProcessPoolExecutor", CountedPool)
    parallel = build(seed_project)
    if "fork" in multiprocessing.get_all_start_methods() and seed_project.parallel.cores() > 1:
        assert len(pools) == 1 and pools[0].get_start_method() == "fork"
    assert dict(parallel.pages) == dict(serial.pages)
    assert any(parallel.pages.cache_key(page) for page in parallel.pages)
    shutil.rmtree(seed_project.cache_dir.parent)
    opened = cache.ContentCache._db

    def read_only(self):  # a cache that cannot be written (as on a full disk)
        db = opened(self)
        if db is not None:
            db.execute("PRAGMA query_only = ON")
        return db

    monkeypatch.setattr(cache.ContentCache, "_db", read_only)
    unkept = build(seed_project)
    assert dict(unkept.pages) == dict(serial.pages)
    # (the sources published as they are keep their key: they are read from sources/)
    assert not any(unkept.pages.cache_key(page) for page in unkept.pages if not page.startswith("raw/"))


def test_pages_of_the_second_process_are_those_of_one_process(seed_project, monkeypatch):
    """Above a few thousand briefings, related briefings and the people,
    organisation and topic pages are made in a forked process while the build
    goes on: the same pages and unknown names as one process, cold (related
    briefings computed there) and after an edit (remembered); if that process
    fails, the build does its work itself."""
    import multiprocessing
    import shutil

    if "fork" not in multiprocessing.get_all_start_methods():
        return
    serial = build(seed_project)
    shutil.rmtree(seed_project.cache_dir.parent)
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=1))
    started = []
    original = pages.SideWork.start.__func__

    def counted(cls, *args, **kwargs):
        started.append(kwargs["related"])
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(pages.SideWork, "start", classmethod(counted))
    beside = build(seed_project)
    assert started == [True]
    assert dict(beside.pages) == dict(serial.pages) and beside.unknown == serial.unknown
    assert any(stage.endswith("(second process)") for stage, _ in beside.timings)
    # Its pages are kept in the page cache and known to the build by key (the writer skips those it
    # wrote last time); one gone from the cache when it is read is made again, the same.
    assert beside.pages.cache_key("people/li-li.md") and beside.pages.cache_key("topics/index.md")
    beside.pages.cache.memory = None
    import sqlite3
    with sqlite3.connect(seed_project.cache_dir.with_name("medreg-pages") / "entries.sqlite") as db:
        db.execute("DELETE FROM entries WHERE key = ?", (beside.pages.cache_key("people/li-li.md"),))
    beside.pages.cache.close()
    assert beside.pages["people/li-li.md"] == serial.pages["people/li-li.md"]
    # A cache that takes no entry (a full disk): the pages come as text.
    shutil.rmtree(seed_project.cache_dir.parent)
    monkeypatch.setattr(store.ContentCache, "put_pickled", lambda self, entries: False)
    unkept = build(seed_project)
    assert dict(unkept.pages) == dict(serial.pages) and not unkept.pages.cache_key("people/li-li.md")
    monkeypatch.undo()
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=1))
    monkeypatch.setattr(pages.SideWork, "start", classmethod(counted))
    source = seed_project.sources_dir / "shanghai-ip-pharma-medtech-policy.txt"
    source.write_text(source.read_text("utf-8").replace("Shanghai has", "Shanghai has now", 1), "utf-8")
    edited_beside = build(seed_project)
    assert started[-1] is False  # related briefings remembered: only the pages made beside
    shutil.rmtree(seed_project.cache_dir.parent)
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=10**9))
    edited_serial = build(seed_project)
    assert dict(edited_beside.pages) == dict(edited_serial.pages)
    shutil.rmtree(seed_project.cache_dir.parent)
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=1))
    monkeypatch.setattr(pages, "side_work", lambda sender, *args: sender.close())  # ends without a word
    recovered = build(seed_project)
    assert dict(recovered.pages) == dict(edited_serial.pages) and recovered.unknown == edited_serial.unknown


def test_the_second_process_renders_only_the_month_pages_whose_stories_changed(seed_project, monkeypatch, tmp_path):
    """The second process keeps an entity's month pages in the page cache
    under what they list: adding a source renders the pages of its month for
    the entities it names, no other; the pages are those one process makes
    without the cache."""
    import multiprocessing

    from build_scripts.render import entities as render_entities
    if "fork" not in multiprocessing.get_all_start_methods():
        return
    monkeypatch.setattr(render_entities, "MENTION_LIMIT", 1)  # month pages for every entity of two stories
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=1))
    log = tmp_path / "rendered.txt"  # written by the forked process
    original = render_entities._archive_page

    def logged(entity, registry, month, number, *args):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{render_entities.archive_path(entity.id, month, number)}\n")
        return original(entity, registry, month, number, *args)

    monkeypatch.setattr(render_entities, "_archive_page", logged)
    first = build(seed_project)
    months = {page for page in first.pages if page.count("/") == 2 and page.split("/")[0] in ("people", "organisations", "topics")}
    assert len(set(log.read_text().split())) == len(months) > 10
    log.write_text("")
    (seed_project.sources_dir / "new.txt").write_text(
        "NMPA approves new rules\n2025-03-10 09:16\nThe National Medical Products Administration approved "
        "new rules for clinical trials on Monday, the agency said in a statement on its website.\nSource: Xinhua\n",
        "utf-8")
    build(seed_project)  # its entities' month pages may all change: it can bring a month to their links
    log.write_text("")
    (seed_project.sources_dir / "again.txt").write_text(
        "NMPA issues new rules\n2025-03-12 10:00\nThe National Medical Products Administration issued "
        "new rules for clinical trials, the agency said on Wednesday.\nSource: Xinhua\n", "utf-8")
    second = build(seed_project)
    again = next(b for b in second.briefings if b.slug == "again")
    rendered = set(log.read_text().split())
    assert rendered and all(page.split("/")[-1].startswith("2025-03") for page in rendered)
    assert {page.rsplit("/", 1)[0] for page in rendered} <= {
        render_entities.entity_path(entity)[:-3] for entity in again.entity_ids}
    seed_project = replace(seed_project, parallel=Parallelism(side_work_from=10**9))
    serial = build(replace(seed_project, cache=False))
    assert dict(second.pages) == dict(serial.pages)


def test_entity_and_index_pages_stay_as_they_were_when_nothing_they_read_changed(seed_project, tmp_path):
    """Under `mkdocs serve` an edit to a clipping's text leaves the people,
    organisation and topic pages, and the curation, home and index pages, as
    the last build made them; an edit to what they show (a date, a role)
    makes them again. Either way they, the timeline and the feeds (kept while
    no summary or event changes either) are those a fresh build makes."""
    import shutil
    memory = BuildState()
    build(seed_project, memory=memory)

    def edited_and_fresh(source: str, old: str, new: str) -> tuple[bool, bool]:
        path = seed_project.sources_dir / source
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
        kept = build(seed_project, memory=memory)
        fresh_project = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(seed_project.root, fresh_project, ignore=shutil.ignore_patterns(".cache", "docs"))
        (fresh_project / "docs").mkdir()
        fresh = build(type(seed_project).for_project(fresh_project))
        compared = [p for p in fresh.pages if p.split("/")[0] in ("people", "organisations", "topics", "curation",
                                                                  "timeline", "feeds")
                    or p in ("index.md", "briefings/index.md", "feed.xml")]
        assert len(compared) > 50 and all(kept.pages[p] == fresh.pages[p] for p in compared)
        assert kept.unknown == fresh.unknown
        unchanged = {stage.split(" (")[0] for stage, _ in kept.timings if stage.endswith("(unchanged)")}
        return "people, organisation and topic pages" in unchanged, "curation, home and indexes" in unchanged

    text = "shanghai-ip-pharma-medtech-policy.txt"
    assert edited_and_fresh(text, "Shanghai has introduced", "Shanghai has now introduced") == (True, True)
    assert edited_and_fresh("2025-03-10-phirda-forum-innovative-drugs-going-global.txt",
                            "2025-03-10 09:16", "2025-03-11 09:16") == (False, False)  # listing lines show dates
    assert edited_and_fresh(text, "Shanghai has now introduced", "Shanghai has since introduced") == (True, True)
    assert edited_and_fresh(text, "Reforms to ethics reviews will streamline",
                            "Reforms to ethics reviews will simplify") == (True, True)  # not the summary: feeds kept
    # A name the registry lacks: the Curation page changes, the entity pages do not.
    assert edited_and_fresh(text, "Shanghai has since introduced", "Dr. Qiaofeng Zhaolan said Shanghai has since "
                            "introduced") == (True, False)
    assert edited_and_fresh("2025-11-06-ciie-parallel-session-drug-regulation.txt",
                            "Deputy commissioner, NMPA", "Commissioner, NMPA") == (False, False)  # a role stated


def test_sources_processed_by_the_pool_are_those_of_one_process(seed_project, monkeypatch):
    """Many sources are processed in a pool of processes, each storing what it
    made in the cache itself: same pages as one process, and the next build
    takes every source from the cache; an entry a worker could not store is
    put by the build."""
    import shutil

    serial = build(seed_project)

    def processed(path, config):
        raise AssertionError(f"{path.name} was processed again, not taken from the cache")

    for workers_can_store in (True, False):
        shutil.rmtree(seed_project.cache_dir.parent)
        with monkeypatch.context() as patched:
            if not workers_can_store:
                patched.setattr(changes, "store", lambda path, value: False)
            pooled = build(replace(seed_project, parallel=Parallelism(workers=2, sources_from=1)))
        assert dict(pooled.pages) == dict(serial.pages) and pooled.problems == serial.problems
        with monkeypatch.context() as patched:
            patched.setattr(changes, "process_source", processed)
            assert dict(build(seed_project).pages) == dict(serial.pages)
    # No cache: the sources published as they are read from their files.
    unpooled = replace(seed_project, cache=False, parallel=Parallelism(workers=2, sources_from=1))
    assert dict(build(unpooled).pages) == dict(serial.pages)


def test_paths_are_shown_relative_to_the_project():
    from pathlib import Path

    from build_scripts.paths import display_path
    root = Path("/home/editor/medreg")
    assert display_path(root / "sources" / "a.txt", root) == "sources/a.txt"
    assert display_path(root, root) == "."
    assert display_path(Path("/home/editor/medreg-b/x.txt"), root) == "/home/editor/medreg-b/x.txt"  # not inside, though a prefix
    assert display_path(Path("/elsewhere/x.txt"), root) == "/elsewhere/x.txt"
    assert display_path(root / "sources" / ".." / "registry" / "people.yml", root) == "registry/people.yml"
    assert display_path(Path("/home/x"), Path("/")) == "home/x"


def test_sources_are_listed_in_path_order():
    from pathlib import Path

    from build_scripts.read.discover import in_path_order
    names = ["a/b", "a-b", "a", "a/b/c", "A", "b", "a.b", "a b", "ä", "z/..x", "a/B", "10.txt", "9.txt"]
    paths = [Path("/x") / name for name in names]
    for seed in range(20):
        random.Random(seed).shuffle(paths)
        assert in_path_order(paths) == sorted(paths)


def test_problems_and_unknowns_sort_by_key_as_their_fields_order_them():
    import random
    from build_scripts.model import Problem, Unknown, sorted_problems, sorted_unknowns
    rng = random.Random(7)
    problems = [Problem(rng.choice(["sources/a.txt", "sources/b.txt"]), rng.randint(0, 3),
                        rng.choice(["error", "warning"]), rng.choice(["x", "y", "z"])) for _ in range(300)]
    assert sorted_problems(problems) == tuple(sorted(set(problems)))
    unknowns = [Unknown(rng.choice(["person", "organisation"]), rng.choice(["Li Li", "Wang Tao"]), "a.txt",
                        rng.randint(1, 3), rng.choice(["a", "b"]), rng.choice(["Director", "Head"]),
                        rng.choice(["NMPA", "CDE"]), rng.choice(["X", "Y"])) for _ in range(300)]
    assert sorted_unknowns(unknowns) == sorted(set(unknowns))


def test_site_wide_memos_work_out_nothing_when_sources_come_or_go(seed_project, monkeypatch):
    """A source added changes the briefings: the memos of the site-wide pages
    are not used, and what each briefing gives them is not worked out to be
    compared (it was, for the memos whose name held the sources built: 0.7 s
    at 10,000). A source that adds no briefing (its page would overwrite
    another's) still changes the count of sources on the home page."""
    import shutil
    build(seed_project)
    worked_out = []
    original = pages.entity_page_inputs
    monkeypatch.setattr(pages, "entity_page_inputs", lambda briefing: worked_out.append(1) or original(briefing))
    added = seed_project.sources_dir / "zz-added.txt"
    added.write_text("NMPA approves a new device rule\n\n2025-12-20\n\nThe National Medical Products "
                     "Administration approved a new rule for devices on Friday, officials said.\n", "utf-8")
    result = build(seed_project)
    assert any(b.source == "zz-added.txt" for b in result.briefings) and worked_out == []

    # Same briefings, one more source built: its page collides with the added one's.
    (seed_project.sources_dir / "zz-twin.txt").write_text(added.read_text("utf-8").replace("Friday", "Monday"), "utf-8")
    slug = next(b.slug for b in result.briefings if b.source == "zz-added.txt")
    (seed_project.sources_dir / "zz-twin.meta.yml").write_text(f"slug: {slug}\n", "utf-8")
    kept = build(seed_project)
    assert [b.slug for b in kept.briefings] == [b.slug for b in result.briefings]
    fresh_project = seed_project.root.parent / "fresh"
    shutil.copytree(seed_project.root, fresh_project, ignore=shutil.ignore_patterns(".cache", "docs"))
    (fresh_project / "docs").mkdir()
    fresh = build(type(seed_project).for_project(fresh_project))
    assert kept.pages["index.md"] == fresh.pages["index.md"] != result.pages["index.md"]


def test_under_serve_an_edit_works_out_the_memo_inputs_of_its_own_briefings_only(seed_project, monkeypatch):
    """What the site-wide memos read of each briefing is kept between builds
    under `mkdocs serve`, by what the briefing is made of: an edit to one
    clipping works out that briefing's again, not every briefing's."""
    memory = BuildState()
    build(seed_project, memory=memory)
    worked_out: list[str] = []
    original = pages.entity_page_inputs
    monkeypatch.setattr(pages, "entity_page_inputs",
                        lambda briefing: worked_out.append(briefing.source) or original(briefing))
    path = seed_project.sources_dir / "shanghai-ip-pharma-medtech-policy.txt"
    path.write_text(path.read_text("utf-8").replace("Shanghai has introduced", "Shanghai has now introduced", 1),
                    "utf-8")
    result = build(seed_project, memory=memory)
    assert worked_out == ["shanghai-ip-pharma-medtech-policy.txt"]
    assert "people, organisation and topic pages (unchanged)" in dict(result.timings)


def test_site_wide_pages_are_kept_in_the_page_cache_and_made_again_when_gone(seed_project):
    """The timeline, feeds, indexes and entity pages are given to the writer as
    references to the page cache (the build holds no copy of their text); a
    build that takes the last one's (its memo) keeps those entries from its
    prune; a page whose entry is gone when it is read is made again, the same."""
    import sqlite3
    fresh = build(replace(seed_project, cache=False))
    build(seed_project)
    path = seed_project.sources_dir / "shanghai-ip-pharma-medtech-policy.txt"
    path.write_text(path.read_text("utf-8").replace("Shanghai has introduced", "Shanghai has now introduced", 1),
                    "utf-8")
    remembered = build(seed_project)
    assert "people, organisation and topic pages (unchanged)" in dict(remembered.timings)
    site_wide = ["index.md", "briefings/index.md", "curation/index.md", "timeline/index.md", "feed.xml",
                 "people/index.md", "organisations/index.md", "topics/index.md"]
    site_wide += [p for p in fresh.pages if p.startswith(("people/", "organisations/", "topics/", "feeds/"))]
    keys = {p: remembered.pages.cache_key(p) for p in site_wide}
    assert None not in keys.values()
    database = seed_project.cache_dir.with_name("medreg-pages") / "entries.sqlite"
    with sqlite3.connect(database) as db:
        kept = {key for (key,) in db.execute("SELECT key FROM entries")}
        assert set(keys.values()) <= kept  # not pruned: the memo's pages are this build's
        db.execute("DELETE FROM entries")
    without_cache = build(replace(seed_project, cache=False))  # the edited sources, nothing remembered
    for page in site_wide:
        assert remembered.pages[page] == without_cache.pages[page], page


def test_the_memo_inputs_kept_between_builds_are_digests(seed_project):
    """What the site-wide memos read of each briefing is kept (under `mkdocs
    serve`, and for the build's length) as a 16-byte digest, not its text:
    the entity pages' inputs quote sentences and the timeline's and indexes'
    repeated them (tens of megabytes at 10,000 sources)."""
    memory = BuildState()
    result = build(seed_project, memory=memory)
    kept = memory.inputs
    kinds = {key[0] for key in kept}
    assert {"related", "entity-pages", "timeline", "index-pages"} <= kinds
    assert len(kept) == len(kinds) * len(result.briefings)
    assert all(type(value) is bytes and len(value) == 16 for value in kept.values())
