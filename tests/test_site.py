"""End to end: `mkdocs build --strict` on a copy of the project, as a
subprocess, then checks of the built site: pages, links, search index."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_every_briefing_has_a_page(site):
    pages = sorted(p.parent.name for p in (site / "briefings").glob("*/index.html"))
    assert len(pages) == 11
    assert "li-li-interview-xinhua-2025-12-10-1454" in pages
    assert (site / "raw/2025-12-news-digest-gba-trials-and-nmpa-interview.txt").read_bytes() == \
        (ROOT / "sources/2025-12-news-digest-gba-trials-and-nmpa-interview.txt").read_bytes()


def test_every_internal_link_and_anchor_resolves(site, capsys):
    parsed = {path: _parse(path) for path in site.rglob("*.html")}
    broken = []
    external = sorted({link for page in parsed.values() for link in page.links
                       if urlsplit(link).scheme in ("http", "https")})
    with capsys.disabled():  # reported, never fetched
        print(f"\nExternal links in the built site ({len(external)}): " + ", ".join(external))
    for path, page in parsed.items():
        if path.name == "404.html" and path.parent == site:
            continue  # served for any missing URL, so its links are root-relative
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)} -> {link} (no anchor)")
    assert broken == []


def test_no_request_leaves_the_site(site):
    for path in site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path


def _tokens(text: str, separator: str) -> set[str]:
    return {t.lower() for t in re.split(separator, text) if t}


def _search(index: dict, query: str) -> list[str]:
    """Pages ranked as Material's lunr index would roughly rank them: every
    query term must be a token; title matches count most."""
    separator = index["config"]["separator"]
    terms = _tokens(query, separator)
    scores: dict[str, float] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text_tokens = _tokens(re.sub(r"<[^>]+>", " ", doc["text"]), separator)
        title_tokens = _tokens(doc["title"], separator)
        if terms <= (text_tokens | title_tokens):
            score = 1000.0 * len(terms & title_tokens) + len(terms & text_tokens)
            scores[page] = max(scores.get(page, 0), score)
    return sorted(scores, key=lambda p: (-scores[p], p))


@pytest.mark.parametrize("query, expected", [
    ("药监局", "briefings/nmpa-review-resources-for-chokepoint-substitutes/"),
    ("李利", "briefings/li-li-interview-xinhua-2025-12-10-1401/"),
    ("临床试验", "briefings/gba-clinical-trial-collaboration-platform-launched/"),
    ("NMPA", "briefings/nmpa-review-resources-for-chokepoint-substitutes/"),
    ("innovative drugs", "briefings/2025-03-10-phirda-forum-innovative-drugs-going-global/"),
])
def test_search_index_finds_the_right_briefing(site, query, expected):
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    hits = [h for h in _search(index, query) if h.startswith("briefings/") and h != "briefings/"]
    assert expected in hits[:5], hits[:8]


def test_hostile_headline_is_escaped_everywhere(tmp_path):
    project = copy_project(tmp_path, with_sources=False)
    (project / "sources/hostile.txt").write_text(
        '</title><img src=x onerror="window.pwned=1"> & [x](javascript:alert(1))\n2025-01-02\n'
        "The National Medical Products Administration approved new rules on Monday, officials "
        "said in a statement published on the agency's website in Beijing.\n"
        "Source: <script>alert(1)</script>\n", "utf-8")
    (project / "sources/hostile.meta.yml").write_text(
        'summary: \'"><script>alert(2)</script>\'\n', "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<img src=x" not in html, path
        assert "<script>alert" not in html, path
        assert "</title><" not in html, path
        assert 'href="javascript:' not in html, path
    page = (site / "briefings/hostile/index.html").read_text("utf-8")
    assert "&lt;img src=x onerror=" in page
    index = (site / "search/search_index.json").read_text("utf-8")
    assert "<img src=x" not in index


def test_rebuild_writes_nothing_new(tmp_path):
    project = copy_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    docs = project / "docs"
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in docs.rglob("*") if p.is_file()}
    assert mkdocs_build(project).returncode == 0
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in docs.rglob("*") if p.is_file()}
    assert after == before


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    from urllib.request import urlopen
    try:
        with urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_serve_picks_up_an_edited_source_and_settles(tmp_path, dirty):
    """`mkdocs serve` and `mkdocs serve --dirty` (which renders only the
    pages the build rewrote, for large sites) show an edit; with --dirty the
    search index still has every page, and the edited one once."""
    import json
    import time
    project = copy_project(tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = _serve(project, port, log, *(["--dirty"] if dirty else []))
    url = f"http://127.0.0.1:{port}/briefings/shanghai-ip-pharma-medtech-policy/"
    try:
        deadline = time.monotonic() + 90
        while "Shanghai has introduced" not in _fetch(url):
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.5)
        sidecar = project / "sources/shanghai-ip-pharma-medtech-policy.meta.yml"
        sidecar.write_text(sidecar.read_text() + "title_en: Shanghai policy package, edited\n")
        deadline = time.monotonic() + 60
        while "Shanghai policy package, edited" not in _fetch(url):
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.5)
        time.sleep(6)  # let any follow-up rebuild run: there must be at most one, writing nothing
        builds = [line for line in log_path.read_text().splitlines() if "medreg:" in line and "briefings from" in line]
        assert " 0 pages written" not in builds[1], builds
        assert all(" 0 pages written" in line for line in builds[2:]), builds
        assert len(builds) <= 4, builds
        index = json.loads(_fetch(f"http://127.0.0.1:{port}/search/search_index.json"))
        pages = {doc["location"].split("#", 1)[0] for doc in index["docs"]}
        # every page but those marked out of search (the Search page, packs, figures tables)
        built = {str(p.relative_to(project / "docs").with_suffix("")) + "/" for p in (project / "docs").rglob("*.md")
                 if "\nsearch:\n  exclude: true\n" not in p.read_text().split("\n---\n", 1)[0] + "\n"}
        built = {b.removesuffix("index/") for b in built}
        assert "find/" not in built and not any(b.startswith(("packs/", "figures/")) for b in built)
        assert pages == built, (sorted(built - pages)[:5], sorted(pages - built)[:5])
        titles = [doc["title"] for doc in index["docs"] if doc["location"] == "briefings/shanghai-ip-pharma-medtech-policy/"]
        assert titles == ["Shanghai policy package, edited"], titles
        if dirty:
            assert "WARNING" not in log_path.read_text(), log_path.read_text()
            # a deleted source's page is gone too (MkDocs alone would keep serving it)
            other = f"http://127.0.0.1:{port}/briefings/2025-03-10-phirda-forum-innovative-drugs-going-global/"
            assert "PhIRDA" in _fetch(other) or "phirda" in _fetch(other).lower()
            for path in (project / "sources").glob("2025-03-10-phirda-forum-innovative-drugs-going-global*"):
                path.unlink()
            deadline = time.monotonic() + 60
            while _fetch(other):
                assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
                time.sleep(0.5)
    finally:
        _stop(server)


def _serve(project: Path, port: int, log, *args: str) -> subprocess.Popen:
    """`mkdocs serve` on ``project``, logging to ``log``; stop it with ``_stop``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # A handler, not "ignore", while it starts: the server then starts with Ctrl+C's
    # default (an ignored signal stays ignored across exec, as in a background job).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
                                cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop(server: subprocess.Popen) -> None:
    """Stop `mkdocs serve` as Ctrl+C does, so that it removes the site it
    built in a temporary folder (terminated, it leaves that folder behind)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_build_code_edited_under_serve_is_used_by_the_next_build_not_passed_over(tmp_path):
    """`mkdocs serve` watches build_scripts/ but goes on running the modules it
    imported: it says to restart it, and what it builds stays under the
    version of the code it runs. (Keyed by the files' new version, its pages
    passed for the new code's: the command line built nothing after it.)"""
    import time
    project = copy_project(tmp_path)
    port = _free_port()
    log_path = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/briefings/shanghai-ip-pharma-medtech-policy/"
    with open(log_path, "w") as log:
        server = _serve(project, port, log, "--dirty")
    try:
        deadline = time.monotonic() + 90
        while "Shanghai has introduced" not in _fetch(url):
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.5)
        render = project / "build_scripts/render/briefing.py"
        assert render.read_text().count('"**Published:** ') == 1
        render.write_text(render.read_text().replace('"**Published:** ', '"**Published on:** '))
        deadline = time.monotonic() + 60
        while "restart it to build with the new code" not in log_path.read_text():
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.5)
        while "Documentation built" not in log_path.read_text().rpartition("restart it to build")[2]:
            assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
            time.sleep(0.5)
    finally:
        _stop(server)
    page = project / "docs/briefings/shanghai-ip-pharma-medtech-policy.md"
    assert "**Published on:**" not in page.read_text()  # the server's code
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    assert "**Published on:**" in page.read_text(), build.stdout


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_are_valid_atom_and_link_to_pages_that_exist(site):
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin
    feeds = sorted((site / "feeds").rglob("*.xml")) + [site / "feed.xml"]
    assert site / "feeds/organisations/nmpa.xml" in feeds and site / "feeds/topics/clinical-trials.xml" in feeds
    for feed_path in feeds:
        root = ET.parse(feed_path).getroot()
        assert root.tag == ATOM + "feed"
        for required in ("title", "id", "updated"):
            assert root.find(ATOM + required) is not None and root.find(ATOM + required).text, feed_path
        entries = root.findall(ATOM + "entry")  # undated briefings are left out; a feed may be empty
        base = "http://site.test/" + feed_path.relative_to(site).as_posix()
        page = urljoin(base, root.find(ATOM + "link[@rel='alternate']").get("href")).removeprefix("http://site.test/")
        assert (site / page / "index.html").is_file(), (feed_path, page)  # the page the feed is of
        for entry in entries:
            for required in ("title", "id", "updated"):
                assert entry.find(ATOM + required).text, feed_path
            href = entry.find(ATOM + "link").get("href")
            target = urljoin(base, href).removeprefix("http://site.test/")
            assert (site / target / "index.html").is_file(), (feed_path, href)
    assert len(ET.parse(site / "feeds/organisations/nmpa.xml").getroot().findall(ATOM + "entry")) == 6
    all_feed = ET.parse(site / "feed.xml").getroot()
    updated = [e.find(ATOM + "updated").text for e in all_feed.findall(ATOM + "entry")]
    assert updated == sorted(updated, reverse=True) and updated[0] == "2025-12-23T02:49:00+08:00"


def test_pages_announce_the_feed(site):
    html = (site / "index.html").read_text("utf-8")
    assert 'rel="alternate" type="application/atom+xml"' in html and 'href="feed.xml"' in html


def test_timeline_has_events_and_publications(site):
    text = (site / "timeline/index.html").read_text("utf-8")
    assert "Event: Parallel Session on Global Drug Safety Governance" in text
    assert text.index("December 2025") < text.index("November 2025") < text.index("February 2025")
    assert "2025-02-18 to 2025-02-19" in text


def test_serve_rebuilds_report_only_new_problems(tmp_path, caplog, monkeypatch):
    """On `mkdocs serve` the hook runs once per rebuild in one process: the
    first build reports every problem, later ones only what is new."""
    import importlib.util
    import logging
    from mkdocs.config import load_config
    from build_scripts.incremental import serve_state
    project = copy_project(tmp_path, with_sources=False)
    article = ("NMPA approves new rules\n2025-03-10 09:16\nDr. Qiaofeng Zhaolan, an official of the National "
               "Medical Products Administration, said on Monday that new rules for clinical trials apply.\n"
               "Source: Xinhua\n")
    (project / "sources/a.txt").write_text(article)
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", project / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(project / "mkdocs.yml"))
    monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState(serving=True))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
        hook.on_pre_build(config)
        first = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        caplog.clear()
        hook.on_pre_build(config)
        second = [r.getMessage() for r in caplog.records]
        caplog.clear()
        (project / "sources/b.txt").write_text(article.replace("Qiaofeng Zhaolan", "Weiming Xuhang"))
        hook.on_pre_build(config)
        third = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        changes = [r.getMessage().removeprefix("medreg: ") for r in caplog.records if r.levelno == logging.INFO]
        caplog.clear()
        (project / "sources/b.txt").unlink()
        hook.on_pre_build(config)
        removal = [r.getMessage().removeprefix("medreg: ") for r in caplog.records if r.levelno == logging.INFO]
    assert any("Qiaofeng Zhaolan" in m for m in first), first
    assert not any("Zhaolan" in m for m in second) and any("remain" in m for m in second), second
    assert not any("Changed:" in m for m in second), second
    assert third and all("b.txt" in m for m in third), third
    # What the new source became, as the command line's report says it.
    start = changes.index("Changed: 1 source new or changed since the last build")
    assert changes[start + 1:start + 4] == [
        f"  sources/b.txt  ({len(third)} warning{'s' if len(third) != 1 else ''})",
        "    2025-03-10  NMPA approves new rules",
        "                docs/briefings/b.md: 1 person"], changes
    start = removal.index("Removed: 1 source since the last build (their pages are gone too)")
    assert removal[start + 1] == "  sources/b.txt" and not any("Changed" in m for m in removal), removal


def test_serve_keeps_the_last_pages_while_the_registry_is_broken(tmp_path, caplog, monkeypatch):
    """A rebuild of `mkdocs serve` after the registry was saved broken (a
    half-typed entry) logs why nothing was built and leaves the last build's
    pages to serve; failing the build would leave every request waiting until
    the fix. The first build, `mkdocs serve --strict` and `mkdocs build` still fail."""
    import importlib.util
    import logging
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from build_scripts.incremental import serve_state
    project = copy_project(tmp_path)
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", project / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    people = project / "registry/people.yml"
    good = people.read_text()
    page = project / "docs/briefings/shanghai-ip-pharma-medtech-policy.md"
    monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState(serving=True))
    people.write_text(good + "\n- id: [broken\n")
    with pytest.raises(PluginError):  # the first build: there is nothing to serve yet
        hook.on_pre_build(load_config(str(project / "mkdocs.yml")))
    people.write_text(good)
    hook.on_pre_build(load_config(str(project / "mkdocs.yml")))
    built = page.read_bytes()
    people.write_text(good + "\n- id: [broken\n")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
        hook.on_pre_build(load_config(str(project / "mkdocs.yml")))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "registry/people.yml" in errors[0] and "malformed YAML" in errors[0], errors
    assert "pages of the last build" in errors[0]
    assert page.read_bytes() == built
    with pytest.raises(PluginError):
        hook.on_pre_build(load_config(str(project / "mkdocs.yml"), strict=True))
    people.write_text(good.replace("name: Li Li\n", "name: Li Li\n  aliases: [Lee Li]\n", 1))
    hook.on_pre_build(load_config(str(project / "mkdocs.yml")))  # mended
    assert "Lee Li" in (project / "docs/people/li-li.md").read_text()
    serve_state.PROCESS.serving = False  # `mkdocs build`
    people.write_text(good + "\n- id: [broken\n")
    with pytest.raises(PluginError):
        hook.on_pre_build(load_config(str(project / "mkdocs.yml")))


def test_serve_says_when_an_edit_to_the_registry_is_being_built(tmp_path, caplog, monkeypatch):
    """Under `mkdocs serve` a rebuild after an edit to the registry extracts
    and renders again what names an edited entry (most of the site, for an
    organisation every source names): the log says so before it starts, and
    only then."""
    import importlib.util
    import logging
    from mkdocs.config import load_config
    from build_scripts.incremental import serve_state
    project = copy_project(tmp_path, with_sources=False)
    (project / "sources/a.txt").write_text("NMPA approves new rules\n2025-03-10 09:16\nThe National Medical "
                                           "Products Administration approved new rules.\nSource: Xinhua\n")
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", project / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(project / "mkdocs.yml"))
    monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState(serving=True))
    said = []
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
        for edit in ("none", "source", "registry", "none"):
            if edit == "source":
                (project / "sources/a.txt").write_text((project / "sources/a.txt").read_text() + "More.\n")
            elif edit == "registry":
                with open(project / "registry/people.yml", "a", encoding="utf-8") as people:
                    people.write("\n- id: quillimot-zed\n  name: Quillimot Zed\n")
            caplog.clear()
            hook.on_pre_build(config)
            said.append(any("registry/ changed" in r.getMessage() for r in caplog.records))
            if edit == "registry":  # and after it, what changed
                assert any("Registry: 1 entry added, edited or removed" in r.getMessage()
                           for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert said == [False, False, True, False]


def test_serve_counts_the_many_warnings_the_last_build_reported(tmp_path, caplog, monkeypatch):
    """At 10,000 sources the first build of `mkdocs serve` would log tens of
    thousands of warnings every recorded build already reported: counted, as
    the command line does, unless MkDocs is strict (then every one is logged)."""
    import importlib.util
    import logging
    from mkdocs.config import load_config
    from build_scripts.incremental import serve_state
    from build_scripts.cli import main
    project = copy_project(tmp_path, with_sources=False)
    for n in range(25):
        (project / f"sources/s{n:02}.txt").write_text(
            f"NMPA approves rule {n}\n2025-03-10 09:16\nThe NMPA approved rule {n} on Monday.\n")  # no outlet, no lead
            # (a sentence under 8 words): two warnings each
    assert main(["build", "--root", str(project)]) == 0  # the last recorded build
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", project / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    for strict in (False, True):
        monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState(serving=True))
        config = load_config(str(project / "mkdocs.yml"), strict=strict)
        with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
            hook.on_pre_build(config)
        warned = [r for r in caplog.records if r.levelno == logging.WARNING]
        counted = [r.getMessage() for r in caplog.records if "remain" in r.getMessage()]
        caplog.clear()
        if strict:
            assert len(warned) == 50 and not counted
        else:
            assert not warned and counted == ["medreg: 50 problems reported by the previous build remain "
                                              "(`python -m build_scripts build --all-problems` prints them "
                                              "all)"], counted


def test_serve_rebuilds_reuse_compiled_templates(tmp_path, monkeypatch):
    """MkDocs makes a new Jinja environment on every rebuild; under serve the
    hook gives it the bytecode of the previous one, so templates are not
    compiled again, unless a template changed."""
    import importlib.util
    import jinja2
    from build_scripts.incremental import serve_state
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", ROOT / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState(serving=True))
    (tmp_path / "main.html").write_text("<h1>{{ title | upper }}</h1>")
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k: compiled.append(name) or original(self, source, name, *a, **k))

    def render():  # as MkDocs does on each rebuild: a new environment, then the hook's on_env
        env = hook.on_env(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))), config=None, files=None)
        return env.get_template("main.html").render(title="briefings")

    assert render() == render() == "<h1>BRIEFINGS</h1>"
    assert compiled == ["main.html"]
    (tmp_path / "main.html").write_text("<h2>{{ title }}</h2>")
    assert render() == "<h2>briefings</h2>" and compiled == ["main.html", "main.html"]


def test_serve_watches_what_people_edit_in_docs_not_the_generated_pages(tmp_path):
    """MkDocs' watcher polls every watched file twice a second, and a build's
    own writes would set off another rebuild: under serve the hook watches
    the hand-written files and folders of docs/, not the generated ones
    (24,000 files at 10,000 sources, rendered by the build that wrote them)."""
    import importlib.util
    from types import SimpleNamespace
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", ROOT / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    docs = tmp_path / "docs"
    for folder in ("briefings", "people", "javascripts/vendor", "stylesheets", ".cache-of-a-tool"):
        (docs / folder).mkdir(parents=True)
    for name in ("about.md", "index.md", "feed.xml", ".generated.json"):
        (docs / name).write_text("x\n")

    class Server:
        def __init__(self):
            self.watched = {str(docs)}

        def watch(self, path, func=None, *, recursive=True):
            assert recursive
            self.watched.add(path)

        def unwatch(self, path):
            self.watched.remove(path)

    server = hook.on_serve(Server(), config=SimpleNamespace(docs_dir=str(docs)), builder=None)
    assert server.watched == {str(docs / "about.md"), str(docs / "javascripts"), str(docs / "stylesheets")}


def test_background_pagefind_runs_one_at_a_time_and_indexes_the_last_rebuild(caplog):
    import logging
    import threading
    from build_scripts.search_index import BackgroundIndexer
    release, started = threading.Event(), threading.Event()
    runs, running, overlapped = [], [0], []

    def run(site_dir):
        running[0] += 1
        overlapped.append(running[0] > 1)
        runs.append(site_dir)
        started.set()
        release.wait(10)
        running[0] -= 1
        return "it broke" if site_dir == "bad" else None

    indexer = BackgroundIndexer(run)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.medreg"):
        indexer.request("first")
        assert started.wait(10)
        for site in ("second", "third"):  # while the first run is under way: only the latest is kept
            indexer.request(site)
        release.set()
        indexer.wait(10)
        indexer.request("bad")
        indexer.wait(10)
    assert runs == ["first", "third", "bad"] and not any(overlapped)
    messages = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert messages.count((logging.INFO, "medreg: Pagefind indexed the site: search is up to date")) == 2
    assert (logging.WARNING, "medreg: Pagefind could not index the site; search shows the previous index:\n"
            "it broke") in messages


def test_serve_dirty_rebuilds_leave_pagefind_to_the_background(tmp_path, monkeypatch):
    """With search: pagefind, `mkdocs build` and the first build of `mkdocs
    serve --dirty` index the site before they end; the later rebuilds of
    serve --dirty hand it to the background indexer and return."""
    import importlib.util
    from types import SimpleNamespace
    from build_scripts.incremental import serve_state
    spec = importlib.util.spec_from_file_location("medreg_hook_under_test", ROOT / "build_scripts/hook.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    indexed, requested = [], []
    monkeypatch.setattr(hook, "index_site", lambda site: indexed.append(site))
    monkeypatch.setattr(hook, "BackgroundIndexer", lambda: SimpleNamespace(request=requested.append))
    config = SimpleNamespace(extra={"medreg_search": "pagefind"}, site_dir=str(tmp_path), plugins={})
    monkeypatch.setattr(serve_state, "PROCESS", serve_state.ServeState())
    for dirty in (False, True):
        serve_state.PROCESS.dirty = dirty
        hook.on_post_build(config)  # `mkdocs build`, then the first build of serve --dirty
    hook.on_post_build(config)
    hook.on_post_build(config)
    assert indexed == [str(tmp_path)] * 2 and requested == [str(tmp_path)] * 2


def test_every_generated_page_is_in_the_navigation_or_marked_as_not(seed_project, monkeypatch):
    """MkDocs lists at INFO level, on every build and every `mkdocs serve`
    rebuild, each page neither in `nav` nor matched by `not_in_nav`: at
    1,000 sources the months of entities' long listings (topics/<id>/<month>.md)
    were 1,400 lines a rebuild. Every kind of page the build makes, those
    months included (here with a listing limit of one story), is one or the other."""
    from mkdocs.config import load_config
    from build_scripts.render import entities as render_entities
    from build_scripts.pipeline import build
    monkeypatch.setattr(render_entities, "MENTION_LIMIT", 1)
    pages = [path for path in build(seed_project).pages if path.endswith(".md")]
    assert any(path.count("/") == 2 and path.startswith("topics/") for path in pages)  # a month of a listing
    config = load_config(str(ROOT / "mkdocs.yml"))
    in_nav = set()

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                in_nav.add(value)
    walk(config["nav"])
    not_in_nav = config["not_in_nav"]  # gitignore-style patterns, as MkDocs matches them
    missing = [path for path in pages if path not in in_nav and not not_in_nav.match_file(path)]
    assert missing == []
