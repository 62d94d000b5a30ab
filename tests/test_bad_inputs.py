"""A corpus of bad and hostile inputs, each with the message a user sees and
proof that the rest of the build went on.

Every case is built next to one good source (GOOD): the case's messages must
be exactly as listed, the good source's page must be unchanged, and the
pages listed must (or must not) exist.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

from build_scripts.pipeline import build
from build_scripts.schema import validate_briefing_meta
from build_scripts.write import write_pages

GOOD = ("NMPA approves new clinical trial rules\n2025-03-10 09:16\nThe National Medical Products "
        "Administration approved new rules for clinical trials on Monday, the agency said in a statement "
        "published on its website.\nSource: Xinhua\n")
BODY = ("The National Medical Products Administration approved new rules for clinical trials on Monday, "
        "the agency said in a statement published on its website.")
ZH = "国家药监局发布临床试验新规\n2025-03-10\n国家药品监督管理局发布了关于临床试验管理的新规定，进一步优化审评审批流程，支持创新药研发。\n来源：新华社\n"
ZH_TRADITIONAL = "國家藥監局發布臨床試驗新規\n2025-03-10\n國家藥品監督管理局發布了關於臨床試驗管理的新規定，進一步優化審評審批流程，支持創新藥研發。\n來源：新華社\n"


GLOSS = ["sources/x.txt:1: warning: the headline is Chinese and has no English gloss; set 'title_en:'"]


def article(title: str = "A headline", date: str = "2025-03-10", outlet: str = "Xinhua", body: str = BODY) -> str:
    return f"{title}\n{date}\n{body}\nSource: {outlet}\n"


# name: (files, expected problems as "path[:line]: severity: message-prefix", pages that must exist, must not)
CASES = {
    # --- unreadable or odd files -------------------------------------------------------
    "empty file": ({"sources/x.txt": ""},
                   ["sources/x.txt: error: the file is empty; add the article's text or delete the file"],
                   [], ["briefings/x.md"]),
    "whitespace only": ({"sources/x.txt": " \n\t\n  \n"},
                        ["sources/x.txt: error: the file is empty"], [], ["briefings/x.md"]),
    "binary renamed .txt": ({"sources/x.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"},
                            ["sources/x.txt: error: the file looks binary (it contains NUL bytes); sources "
                             "must be text (.txt, .md or .html)"], [], ["briefings/x.md"]),
    "NUL byte in text": ({"sources/x.txt": article().encode() + b"\x00tail"},
                         ["sources/x.txt: error: the file looks binary"], [], ["briefings/x.md"]),
    "invalid UTF-8 that is no Chinese encoding": (
        {"sources/x.txt": b"A headline\n" + bytes(range(0x80, 0x100)) * 4},
        ["sources/x.txt: error: the file is not valid UTF-8, GB18030/GBK or Big5 text; re-save it as UTF-8"],
        [], ["briefings/x.md"]),
    "GBK without declaration": ({"sources/x.txt": ZH.encode("gbk")}, GLOSS, ["briefings/x.md"], []),
    "GB18030 without declaration": ({"sources/x.txt": ZH.encode("gb18030")}, GLOSS, ["briefings/x.md"], []),
    "Big5 without declaration": ({"sources/x.txt": ZH_TRADITIONAL.encode("big5")}, GLOSS, ["briefings/x.md"], []),
    "UTF-16 with BOM": ({"sources/x.txt": article().encode("utf-16")}, [], ["briefings/x.md"], []),
    "mixed line endings": ({"sources/x.txt": article().replace("\n", "\r\n", 2).encode()}, [], ["briefings/x.md"], []),
    "unknown extension": ({"sources/x.doc": b"\xd0\xcf\x11\xe0"},
                          ["sources/x.doc: error: unknown file type '.doc'; sources must be one of .docx, .htm, "
                           ".html, .markdown, .md, .pdf, .txt (sidecars end in .meta.yml)"], [], []),
    "damaged word file": ({"sources/x.docx": b"PK\x03\x04"},
                          ["sources/x.docx: error: the Word file cannot be read (BadZipFile"], [], []),
    "file name with spaces": ({"sources/my news item.txt": article()}, [],
                              ["briefings/my-news-item.md", "raw/my news item.txt"], []),
    "file name in Chinese": ({"sources/药监局新闻.txt": article()}, [],
                             ["briefings/source-b87fb7e9f6.md", "raw/药监局新闻.txt"], []),
    "file name with a line break, markup and an escape sequence": (
        {"sources/a\n<b onmouseover=x>\x1b[31m.txt": article()}, [], ["briefings/a-b-onmouseover-x-31m.md"], []),
    "two file names that look alike (one accent as a character, one as a combining mark)": (
        {"sources/Caf\u00e9.txt": article(), "sources/Cafe\u0301.txt": article(title="Other")},
        ["sources/Caf\u00e9.txt:1: error: its page briefings/cafe.md would overwrite the one built from "
         "sources/Cafe\u0301.txt (the names look alike; as code points: 'Caf\\xe9.txt' and 'Cafe\\u0301.txt'); "
         "set a different 'slug:' in its sidecar"],
        ["briefings/cafe.md"], []),
    "glossary term a Markdown abbreviation cannot hold": (
        {"registry/glossary.yml": "- term: GBA\n  meaning: Greater Bay Area\n- term: 'A\\B'\n"
                                  "  meaning: <img src=x onerror=alert(1)>\n- term: X|Y\n  meaning: two\n"
                                  "- term: EMPTY\n"},
        ["registry/glossary.yml:3: warning: the term 'A\\B' holds '\\', which a Markdown abbreviation cannot "
         "match: it is listed on the Glossary page but not explained on hover in the briefings",
         "registry/glossary.yml:5: warning: the term 'X|Y' holds '|', which a Markdown abbreviation cannot match",
         "registry/glossary.yml:7: error: 'meaning' must be non-empty text (got null)"],
        ["glossary/index.md"], []),
    "HTML nested deeper than the parser reads": (
        {"sources/x.html": "<html><body><article><h1>A headline</h1>\n" + "<div>" * 300 + "<p>" + BODY + "</p>"
                           + "</div>" * 300 + "</article></body></html>"},
        ["sources/x.html:2: error: the page's elements are nested more than 255 deep, past what the HTML parser "
         "reads, so part of its text would be lost; save the article's text into a .txt file"], [], ["briefings/x.md"]),
    "file name with dots": ({"sources/..hidden..name...txt": article(), "sources/a..b.txt": article(title="Other")},
                            [], ["briefings/a-b.md"], []),
    # --- bad structure ------------------------------------------------------------------------
    "no recognisable title": ({"sources/x.txt": (BODY + " ") * 4},
                              ["sources/x.txt:1: warning: no headline found: the title '",
                               "sources/x.txt:1: warning: no publication date found",
                               "sources/x.txt:1: warning: no outlet or publisher found"],
                              ["briefings/x.md"], []),
    "no title, but the sidecar gives one": ({"sources/x.txt": (BODY + " ") * 4,
                                             "sources/x.meta.yml": "title: Given\ndate: null\noutlet: null\n"},
                                            [], ["briefings/x.md"], []),
    "no date": ({"sources/x.txt": f"A headline\n\n{BODY}\nSource: Xinhua\n"},
                ["sources/x.txt:1: warning: no publication date found in the text (it says 'on Monday' but not "
                 "the date); set 'date:' in "
                 "sources/x.meta.yml (e.g. date: 2025-12-10), or null if the source has none"],
                ["briefings/x.md"], []),
    "date in the future": ({"sources/x.txt": article(date="2031-01-02")},
                           ["sources/x.txt:2: warning: the publication date 2031-01-02 is in the future"],
                           ["briefings/x.md"], []),
    "date before 1949": ({"sources/x.txt": article(date="1931-05-06")},
                         ["sources/x.txt:2: warning: the publication date 1931-05-06 is before 1949"],
                         ["briefings/x.md"], []),
    "two dates that disagree": (
        {"sources/x.html": "<html><head><title>Regulator approves rules</title><meta property='article:published_time' "
                           "content='2025-03-01T08:00:00+08:00'><meta property='og:site_name' content='Example'>"
                           f"</head><body><article><h1>Regulator approves rules</h1><p>时间:2025-03-09</p><p>{BODY}</p>"
                           f"<p>{BODY}</p></article></body></html>"},
        ["sources/x.html:2: warning: the text's dateline says 2025-03-09 but the page's metadata says 2025-03-01"],
        ["briefings/x.md"], []),
    "digest with a broken item": (
        {"sources/x.txt": "Search documents\nFirst headline\nXin Hua She· 2025-12-23 02:49\nCore Viewpoint - "
                          "The platform launched to serve trials [1]\nSecond headline\nXin Hua She· 2025-12-22 10:00\n"
                          "Third headline\nXin Hua She· 2025-12-21 09:00\nCore Viewpoint - The third report "
                          "on approvals [1]\n",
         "sources/x.meta.yml": "outlets: {Xin Hua She: Xinhua News Agency}\n"},
        ["sources/x.txt:5: error: this digest item has a headline but no text; it was skipped (article 2 of 3)"],
        ["briefings/x-1.md", "briefings/x-3.md"], ["briefings/x-2.md"]),
    "an article of one sentence": ({"sources/x.txt": "Short\n2025-01-02\nIt happened.\nSource: Xinhua\n"},
                                   ["sources/x.txt:1: warning: no lead paragraph to summarise"], ["briefings/x.md"], []),
    "the same file twice under two names": ({"sources/a-copy.txt": GOOD},
                                            ["sources/good.txt: warning: has the same bytes as sources/a-copy.txt; "
                                             "delete one of them"], ["briefings/a-copy.md"], []),
    # --- bad curation data --------------------------------------------------------------------
    "malformed YAML in a sidecar": ({"sources/x.txt": article(), "sources/x.meta.yml": "title: [unclosed\n"},
                                    ["sources/x.meta.yml:2: error: malformed YAML",
                                     "sources/x.txt: error: its sidecar sources/x.meta.yml has errors (see above); "
                                     "the source was not built, so no curation is lost"], [], ["briefings/x.md"]),
    "malformed YAML in a Markdown source's front matter": (
        {"sources/x.md": "---\ntitle: [unclosed\n---\nThe agency approved the rules on Monday, it said in a "
                         "statement published on its website.\n"},
        ["sources/x.md:1: error: its front matter has errors (listed below with their lines); the source was not built",
         "sources/x.md:3: error: malformed YAML"], [], ["briefings/x.md"]),
    "sidecar field of the wrong type": ({"sources/x.txt": article(), "sources/x.meta.yml": "date: soon\ntopics: 3\n"},
                                        ["sources/x.meta.yml:1: error: 'date' must be a date written YYYY-MM-DD (got 'soon')",
                                         "sources/x.meta.yml:2: error: 'topics' must be a list of text items (got int 3)",
                                         "sources/x.txt: error: its sidecar"], [], ["briefings/x.md"]),
    "unknown sidecar field": ({"sources/x.txt": article(), "sources/x.meta.yml": "titel: typo\n"},
                              ["sources/x.meta.yml:1: warning: unknown field 'titel' is ignored"], ["briefings/x.md"], []),
    "registry id used twice": (
        {"registry/people.yml": "- id: a\n  name: A Person\n- id: a\n  name: Another\n"},
        ["registry/people.yml:3: error: id 'a' is used twice (first at registry/people.yml:1); ids must be unique",
         "registry: error: the registry has errors (each listed with its file and line); "
         "nothing was built or changed"], [],
        ["briefings/good.md"]),
    "malformed registry YAML": ({"registry/organisations.yml": "- id: x\n  name: [X\n"},
                                ["registry/organisations.yml:3: error: malformed YAML",
                                 "registry: error: the registry has errors"], [], ["briefings/good.md"]),
    "an alias that belongs to two people": (
        {"registry/people.yml": "- id: a\n  name: Wang Wei\n  aliases: [Director Wang]\n"
                                "- id: b\n  name: Wang Li\n  aliases: [Director Wang]\n",
         "sources/x.txt": article(body="Director Wang met Wang Wei and Wang Li, the agency said in a statement "
                                       "published on its website on Monday.")},
        ["registry/people.yml:1: warning: 'director wang' names 2 entries (person/a, person/b); it is not matched"],
        ["briefings/x.md"], []),
    "a role pointing at an unknown organisation": (
        {"registry/people.yml": "- id: a\n  name: Wang Wei\n  roles:\n    - title: Head\n      organisation: nowhere\n"},
        ["registry/people.yml:1: error: 'a' roles names unknown organisation 'nowhere'",
         "registry: error: the registry has errors"], [], []),
    "sidecar without a source": ({"sources/orphan.meta.yml": "title: x\n"},
                                 ["sources/orphan.meta.yml: warning: sidecar has no source file beside it"], [], []),
    # --- hostile content ------------------------------------------------------------------------
    "script and onerror in the headline": ({"sources/x.txt": article(title='<script>alert(1)</script><img src=x onerror=alert(2)>')},
                                           [], ["briefings/x.md"], []),
    "javascript: and data: links in the text": (
        {"sources/x.txt": article(body="[click](javascript:alert(1)) ![x](data:text/html;base64,PHNjcmlwdD4=) "
                                       "<a href='javascript:alert(2)'>a</a> <iframe src=x></iframe> " + BODY)},
        [], ["briefings/x.md"], []),
    "front-matter injection in the title": ({"sources/x.txt": article(title='x: y\n---\ntitle: "injected"')},
                                            [], [], []),
    "front-matter injection through a sidecar": (
        {"sources/x.txt": article(), "sources/x.meta.yml": "title: \"a\\n---\\nslug: evil\\n\"\nsummary: \"'\\\": ---\"\n"},
        [], ["briefings/x.md"], []),
    "Jinja and template text": ({"sources/x.txt": article(title="{{ config.site_name }} {% include 'x' %}",
                                                          body="{{ 7*7 }} {% raw %} " + BODY)},
                                [], ["briefings/x.md"], []),
    "a slug that collides with another page": (
        {"sources/x.txt": article(title="Another"), "sources/x.meta.yml": "slug: good\n"},
        ["sources/x.txt:1: error: its page briefings/good.md would overwrite the one built from sources/good.txt"],
        ["briefings/good.md"], ["briefings/x.md"]),
    "a slug that collides with a hand-written page": (
        {"sources/x.txt": article(), "sources/x.meta.yml": "slug: notes\n", "docs/briefings/notes.md": "# Mine\n"},
        ["docs/briefings/notes.md: error: a file the build did not generate is in the way of a generated page"],
        [], []),
    "very long title and names": ({"sources/x.txt": article(title="Regulation " * 80,
                                                            body="Dr. " + "Longname " * 3 + "spoke. " + BODY)},
                                  ["sources/x.txt:3: warning: person 'Longname Longname Longname' is not in the registry"],
                                  ["briefings/x.md"], []),
}


def _build(project, files):
    from dataclasses import replace
    config = replace(project({"sources/good.txt": GOOD, **files}), today="2026-11-22")
    result = build(config)
    report = write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources) \
        if result.complete else None
    problems = sorted(set(result.problems) | set(report.problems if report else []))
    return config, result, problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(project, name, tmp_path):
    files, expected, present, absent = CASES[name]
    config, result, problems = _build(project, files)
    messages = [str(p) for p in problems if not str(p).startswith("sources/good.txt:1: warning")]
    for want in expected:
        assert any(m.startswith(want) for m in messages), (want, messages)
    unexplained = [m for m in messages if not any(m.startswith(want) for want in expected)]
    assert unexplained == [], unexplained
    if not result.complete:
        assert result.pages == {}  # nothing built, nothing written or removed
        return
    assert "briefings/good.md" in result.pages, "a bad source stopped the good one"
    good = result.pages["briefings/good.md"]
    assert "NMPA approves new clinical trial rules" in good
    for page in present:
        assert page in result.pages, (page, sorted(result.pages))
    for page in absent:
        assert page not in result.pages
    _assert_pages_are_safe(result.pages)


_LINK = re.compile(r"(?<!\\)\]\(([^)\s]*)\)")  # a link, not an escaped "\]("


def _assert_pages_are_safe(pages):
    for path, content in pages.items():
        if not isinstance(content, str) or not path.endswith(".md") or path == "find/index.md":
            continue  # (find/index.md is the search page: our own script, no source text)
        assert content.startswith("---\n"), path
        meta = yaml.safe_load(content[4: content.index("\n---\n", 4)])
        assert isinstance(meta, dict)
        if path.startswith("briefings/") and path != "briefings/index.md":
            assert validate_briefing_meta(meta) == [], path
        body = content[content.index("\n---\n", 4) + 5:]
        for target in _LINK.findall(body):
            assert not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("http://", "https://")), \
                (path, target)
        for tag in re.findall(r"<(\w+)", body):
            assert tag in ("div",), (path, tag)  # the only raw HTML is our own filter box


def test_a_huge_file_is_refused_by_its_size_without_being_read(project):
    config = project({"sources/good.txt": GOOD})
    huge = config.sources_dir / "huge.txt"
    with open(huge, "wb") as handle:  # a sparse 100 MB file: no disk, and never read
        handle.truncate(100 * 1024 * 1024)
    result = build(config)
    assert [str(p) for p in result.errors] == [
        "sources/huge.txt: error: the file is 104.9 MB, over the 21 MB limit for a source; split it into smaller files"]
    assert "briefings/good.md" in result.pages


def test_a_link_out_of_sources_is_refused(project, tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text(GOOD)
    config = project({"sources/good.txt": GOOD})
    os.symlink(secret, config.sources_dir / "link.txt")
    result = build(config)
    assert [str(p) for p in result.errors] == [
        "sources/link.txt: error: is a link to a file outside sources/; copy the file in instead"]
    assert "raw/link.txt" not in result.pages


def test_no_write_outside_the_generated_folders_whatever_the_names(project):
    config, result, _ = _build(project, {"sources/../../escape.txt": article(), "sources/sub/../x.txt": article()})
    written = {p.relative_to(config.root).as_posix() for p in config.root.rglob("*") if p.is_file()}
    assert all(p.startswith(("sources/", "docs/", "registry/", ".cache/")) or p == "escape.txt"
               for p in written), written
    generated = {p for p in written if p.startswith("docs/")}
    assert all(re.match(r"docs/(briefings|raw|people|organisations|topics|curation|stories|figures|timeline|"
                        r"feeds|glossary|packs|find)/|docs/(index\.md|feed\.xml|events\.ics|\.generated\.json)$", p)
               for p in generated)  # (events.ics: the fixture's "on Monday" dates its report's event)


def test_a_failed_source_keeps_its_last_good_page_marked_stale(project):
    config = project({"sources/good.txt": GOOD, "sources/x.txt": article()})
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    (config.sources_dir / "x.meta.yml").write_text("date: [broken\n")
    result = build(config)
    report = write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    page = (config.docs_dir / "briefings/x.md").read_text()
    assert "This page is from an earlier build." in page and "A headline" in page
    assert "briefings/x.md" in report.kept_stale and "raw/x.txt" in report.kept_stale
    # Fixed: rebuilt fresh. Deleted: gone.
    (config.sources_dir / "x.meta.yml").write_text("summary: Fixed.\n")
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    assert "earlier build" not in (config.docs_dir / "briefings/x.md").read_text()
    (config.sources_dir / "x.meta.yml").write_text("date: [broken\n")
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    (config.sources_dir / "x.txt").unlink()
    (config.sources_dir / "x.meta.yml").unlink()
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    assert not (config.docs_dir / "briefings/x.md").exists()


def _refuse_listing(monkeypatch, folder):
    """``folder`` as an unreadable folder is to the build (as a user without
    the permission meets it; the tests may run as root, which reads all)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.abspath(path) == os.path.abspath(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_folder_is_an_error_and_its_pages_are_kept(project, monkeypatch):
    config = project({"sources/good.txt": GOOD, "sources/wire/x.txt": article()})
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    assert "briefings/wire-x.md" in result.pages
    _refuse_listing(monkeypatch, config.sources_dir / "wire")
    result = build(config)
    assert "sources/wire: error: the folder could not be read (Permission denied); the sources in it were not " \
        "built: give the build permission to read it" in [str(p) for p in result.problems]
    report = write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    assert "briefings/wire-x.md" in report.kept_stale and "briefings/wire-x.md" not in report.removed
    assert "This page is from an earlier build." in (config.docs_dir / "briefings/wire-x.md").read_text()
    monkeypatch.undo()  # readable again: built fresh
    result = build(config)
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    assert "earlier build" not in (config.docs_dir / "briefings/wire-x.md").read_text()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every folder")
def test_a_folder_without_read_permission_is_an_error(project):
    config = project({"sources/good.txt": GOOD, "sources/wire/x.txt": article()})
    (config.sources_dir / "wire").chmod(0)
    try:
        result = build(config)
    finally:
        (config.sources_dir / "wire").chmod(0o755)
    assert any(str(p).startswith("sources/wire: error: the folder could not be read") for p in result.problems)


# --- names the site's own pages use (issue 29) --------------------------------------------------

def test_a_source_named_index_is_renamed_not_replaced_by_the_index_of_briefings(project):
    config = project({"sources/index.html": f"<html><body><article><h1>A headline</h1><p>{BODY}</p>"
                                             "</article></body></html>",
                      "sources/index.txt": article(title="Another headline")})
    result = build(config)
    assert "briefings/index-article.md" in result.pages
    assert result.pages["briefings/index.md"].startswith("---\ntitle: All briefings")
    messages = [str(p) for p in result.problems]
    assert any("its file name would give the page briefings/index.md, which the site uses for its own page; it is "
               "briefings/index-article.md" in m for m in messages)


@pytest.mark.parametrize("sidecar, message", [
    ("slug: index\n", "sources/x.meta.yml:1: error: 'slug' 'index' is the name of a page the site makes itself; "
                      "choose another, like 'index-2025-12'"),
    ("slug: by-month\n", "sources/x.meta.yml:1: error: 'slug' 'by-month' is the name of a page the site makes "
                         "itself; choose another, like 'by-month-2025-12'"),
    ("story: index\n", "sources/x.meta.yml:1: error: 'story' 'index' is the name of a page the site makes itself; "
                       "choose another, like 'index-2025-12'"),
])
def test_a_sidecar_cannot_take_a_name_of_the_sites_own_pages(project, sidecar, message):
    result = build(project({"sources/x.txt": article(), "sources/x.meta.yml": sidecar}))
    assert message in [str(p) for p in result.problems]
    assert result.pages["briefings/index.md"].startswith("---\ntitle: All briefings")


def test_a_registry_id_cannot_take_the_name_of_a_list_page(project):
    config = project({"sources/x.txt": article(),
                      "registry/people.yml": "- id: index\n  name: Index Person\n"})
    result = build(config)
    assert "registry/people.yml:1: error: 'id' 'index' is the name of a page the site makes itself; choose another, " \
           "like 'index-1'" in [str(p) for p in result.problems]
    assert not result.complete


def test_control_characters_in_a_sidecar_never_reach_the_feeds(project):
    """XML 1.0 forbids most control characters: one in a title made feed readers drop the whole feed."""
    import xml.etree.ElementTree as ElementTree

    config = project({"sources/x.txt": article(),
                      "sources/x.meta.yml": 'title: "Bell\\a and escape\\e in a title"\n'
                                            'summary: "A summary with \\x01 and \\x7f in it."\noutlet: "Wire\\x0b"\n'})
    result = build(config)
    feed = result.pages["feed.xml"]
    feed = feed.decode("utf-8") if isinstance(feed, bytes) else feed
    ElementTree.fromstring(feed.encode("utf-8"))  # well-formed
    [briefing] = result.briefings
    assert (briefing.title, briefing.summary, briefing.outlet) == (
        "Bell and escape in a title", "A summary with and in it.", "Wire")


@pytest.mark.parametrize("where, text, line", [
    ("sources/x.meta.yml", "title: " + "[" * 20000 + "]" * 20000 + "\n", 1),
    ("sources/y.md", "---\ntitle: A\ntags: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n---\nA headline\n", 3),
    ("sources/x.meta.yml", "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "v: 1\n", 52),
])
def test_deeply_nested_yaml_is_an_error_with_its_line_not_a_crash(project, where, text, line):
    files = {"sources/x.txt": article(), where: text}
    if where.endswith(".md"):
        files["sources/y.md"] = text + "\n" + BODY + "\n"
    result = build(project(files))
    errors = [str(p) for p in result.problems if p.severity == "error" and p.path == where]
    assert any(e.startswith(f"{where}:{line}: error: ") and "nested" in e for e in errors), errors
    assert "briefings/x.md" in result.pages or where == "sources/x.meta.yml"  # the rest of the build goes on


@pytest.mark.parametrize("name, text", [
    ("people.yml", "- id: x\n  name: " + "[" * 30000 + "]" * 30000 + "\n"),
    ("glossary.yml", "- term: X\n  meaning: 2025-02-30\n- term: " + "[" * 30000 + "\n"),
])
def test_deeply_nested_registry_yaml_is_an_error_with_its_line(project, name, text):
    result = build(project({"sources/x.txt": article(), f"registry/{name}": text}))
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert any(e.startswith(f"registry/{name}:") and "nested more than 50 deep" in e for e in errors), errors


PATHOLOGICAL = {  # about 48 KB each: long runs that backtracking patterns took 9-164 s over (issue 29)
    "spaces": "a" + " " * 48000 + "b.",
    "ideographic-spaces": "a" + "\u3000" * 16000 + "b。",
    "letters": "a" * 48000,
    "full-stops": "a." * 24000,
    "emphasis": "*a " * 16000,
    "underscores": "_a_ " * 12000,
    "tabs": "\t " * 24000,
    "capitalised-words": "Word " * 10000,
    "abbreviations": "Dr. " * 12000,
    "commas": "Dr. Jane Roe, " * 4000,
}


def test_long_pathological_runs_build_in_one_pass(project):
    """Every pattern run on source text is linear: these build like any other source (not timed:
    a quadratic pattern would stall the suite for minutes on them)."""
    files = {f"sources/{name}.md": f"A headline\n2025-03-10\n\n{text}\n" for name, text in PATHOLOGICAL.items()}
    result = build(project(files))
    assert result.sources_failed == 0
    assert {f"briefings/{name}.md" for name in PATHOLOGICAL} <= set(result.pages)
    assert max(len(f.sentence) for b in result.briefings for f in b.figures) <= 602 if any(
        b.figures for b in result.briefings) else True


def test_files_that_are_not_ordinary_files_are_never_opened(project, tmp_path):
    """A named pipe hung the build forever and a link to /dev/zero filled its memory; a sidecar linked to a
    file outside the project was read and published. Each is now an error naming the file (issue 29)."""
    import os

    config = project({"sources/good.txt": article(), "sources/other.txt": article(title="Another headline")})
    os.mkfifo(config.sources_dir / "pipe.txt")
    os.symlink("/dev/zero", config.sources_dir / "zero.txt")
    outside = tmp_path / "secret.yml"
    outside.write_text("title: published from outside\n", "utf-8")
    os.symlink(outside, config.sources_dir / "other.meta.yml")
    result = build(config)
    messages = [str(p) for p in result.problems if p.severity == "error"]
    assert "sources/pipe.txt: error: is not an ordinary file (a named pipe, socket or device); it was not read" \
        in messages
    assert "sources/zero.txt: error: is a link to a file outside sources/; copy the file in instead" in messages
    assert "sources/other.txt: error: its sidecar sources/other.meta.yml is a link to a file outside sources/; copy " \
           "the file in instead; the source was not built, so no curation is lost" in messages
    assert "briefings/good.md" in result.pages
    assert not any("published from outside" in str(page) for page in result.pages.values())


def test_a_registry_file_that_is_a_named_pipe_is_an_error_not_a_hang(project):
    import os

    config = project({"sources/good.txt": article()})
    (config.registry_dir).mkdir(exist_ok=True)
    os.mkfifo(config.registry_dir / "people.yml")
    result = build(config)
    assert "registry/people.yml: error: is not an ordinary file (a named pipe, socket or device); it was not read" \
        in [str(p) for p in result.problems]


def test_a_bidi_override_never_reaches_a_page(project):
    """An unclosed right-to-left override in a headline reversed the rest of the index pages (issue 29)."""
    config = project({"sources/x.txt": article(title="Approval \u202egurd wen\u202c and \u2067isolate"),
                      "sources/x.meta.yml": "summary: \"A summary \u202eturned\"\n"})
    result = build(config)
    text = "".join(page if isinstance(page, str) else page.decode("utf-8", "replace")
                   for name, page in result.pages.items() if name.endswith((".md", ".xml")))
    assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    [briefing] = result.briefings
    assert briefing.title == "Approval gurd wen and isolate" and briefing.summary == "A summary turned"


def test_a_file_name_with_a_line_break_markup_and_escapes_stays_one_line_of_text(project):
    """A file name is untrusted text: on the page it is shown with its line
    break and escape written out (one table row, no markup), in messages and
    the build's report likewise (no line of its own, no escape sequence)."""
    from build_scripts.report import format_report

    name = "a\n<b onmouseover=x>\x1b[31m.txt"
    config, result, problems = _build(project, {f"sources/{name}": article(outlet="No Such Outlet Daily"),
                                                "registry/outlets.yml": "- id: xinhua\n  name: Xinhua\n"})
    page = result.pages["briefings/a-b-onmouseover-x-31m.md"]
    rows = [line for line in page.splitlines() if line.startswith("| Original file name |")]
    assert rows == ["| Original file name | a\\\\n&lt;b onmouseover=x&gt;\\\\x1b\\[31m.txt |"], rows
    body = page.split("\n---\n", 1)[1]  # (the front matter holds the name in YAML's escapes)
    assert "\x1b" not in body and "<b" not in body
    shown = [str(p) for p in problems if "No Such Outlet" in str(p)]
    assert shown and all(line.startswith("sources/a\\n<b onmouseover=x>\\x1b[31m.txt:") for line in shown), shown
    curation = result.pages["curation/index.md"]
    assert "\x1b" not in curation and "\n<b" not in curation
    report = write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    text = format_report(result, report, problems, lambda rel: config.display(config.sources_dir / rel))
    assert "\x1b" not in text and all(not line.startswith("<b") for line in text.splitlines())


def test_a_source_line_shaped_like_a_table_stays_text(project):
    import markdown

    body = "| Drug | Approved |\n|---|---|\n| X | 2025 |\n\n" + BODY
    config, result, problems = _build(project, {"sources/x.txt": article(body=body)})
    html = markdown.markdown(result.pages["briefings/x.md"].split("\n---\n", 1)[1],
                             extensions=["tables", "attr_list", "md_in_html", "abbr"])
    assert html.count("<table>") == 1  # the provenance table only
    assert "| Drug | Approved |" in html



def test_glossary_terms_and_meanings_with_markup_stay_text_in_the_table_and_on_hover(project):
    import markdown

    glossary = ("- term: X|Y\n  meaning: a | b\n- term: 'A\\B'\n  meaning: c\n"
                "- term: EVB\n  meaning: '\"><img src=x onerror=alert(1)>'\n")
    body = "The agency said on Monday that EVB, X|Y and A\\B approvals rose, officials said in a statement."
    config, result, problems = _build(project, {"registry/glossary.yml": glossary, "sources/x.txt": article(body=body)})
    extensions = ["tables", "attr_list", "md_in_html", "abbr"]
    table = markdown.markdown(result.pages["glossary/index.md"].split("\n---\n", 1)[1], extensions=extensions)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert [re.findall(r"<td>(.*?)</td>", row) for row in rows] == [["A\\B", "c"], ["EVB", "\"&gt;&lt;img src=x "
                                                                    "onerror=alert(1)&gt;"], ["X|Y", "a | b"]]
    page = markdown.markdown(result.pages["briefings/x.md"].split("\n---\n", 1)[1], extensions=extensions)
    assert '<abbr title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">EVB</abbr>' in page
    assert "*[" not in page and "<img" not in page  # every definition written was read as one; none holds markup


def test_messages_write_out_what_does_not_print_and_keep_spaces_of_every_width():
    from build_scripts.model import Problem
    from build_scripts.paths import tell_apart, visible

    assert visible("药监局\u3000发布") == "药监局\u3000发布"  # a Chinese headline's full-width space stays
    assert visible("a\nb\x1b[31m\u200b\u2028") == "a\\nb\\x1b[31m\\u200b\\u2028"
    assert str(Problem("sources/a\n.txt", 2, "warning", "title '标题\u3000二'")) == \
        "sources/a\\n.txt:2: warning: title '标题\u3000二'"
    assert tell_apart("a\xa0b.txt", "a b.txt") == " (the names look alike; as code points: 'a\\xa0b.txt' and 'a b.txt')"
