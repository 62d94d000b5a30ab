"""The site as a reader meets it: headless Chromium (Debian's package) driven
by Playwright against the built site served on 127.0.0.1.

Screenshots go to test-artifacts/screenshots/. Without a browser these tests
skip with a message, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser():
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install -y chromium); browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: run `make test`, which installs requirements.txt")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base_url(built_site):
    server, url = _serve(built_site)
    yield url
    server.shutdown()


class Visit:
    """A page with every console error, failed request and foreign request recorded."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        origin = urlsplit(base_url).netloc
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.foreign.append(r.url)
                     if urlsplit(r.url).netloc not in (origin, "") and not r.url.startswith("data:") else None)
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def clean(self):
        assert self.errors == [] and self.failed == [] and self.foreign == [] and self.dialogs == [], \
            (self.errors, self.failed, self.foreign, self.dialogs)

    def shot(self, name: str, full_page: bool = True):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def search(self, query: str) -> list[str]:
        page = self.open("")
        box = page.locator("input[data-md-component=search-query]")
        box.click()
        box.press_sequentially(query, delay=15)
        page.keyboard.press("End")  # a key event, as after typing through an input method
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && /matching/.test(m.textContent); }", timeout=15000)
        page.wait_for_timeout(300)
        links = page.locator(".md-search-result__item > a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(min(5, links.count()))]
        return [urlsplit(h).path.lstrip("/") for h in hrefs if h]

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, base_url):
    opened = Visit(browser, base_url)
    yield opened
    opened.close()


def test_home_page_and_no_request_leaves_the_site(visit):
    page = visit.open("")
    assert page.title() == "MedReg Briefings"
    text = page.locator("article").inner_text()
    assert "11 briefings from 5 source documents" in text
    assert "Latest briefings" in text and "By month" in text and "By topic" in text
    visit.shot("home")
    visit.clean()


@pytest.mark.parametrize("query, expected", [
    ("NMPA", "organisations/nmpa/"),
    ("innovative drugs", "topics/innovative-drug-approval/"),
    ("Fosun", "organisations/fosun-pharma/"),
    ("药监局", "organisations/nmpa/"),
    ("李利", "people/li-li/"),
    ("临床试验", "topics/clinical-trials/"),
    ("Micheal Levitt", "people/michael-levitt/"),
    ("创新药", "topics/innovative-drug-approval/"),
])
def test_search_in_english_and_chinese_finds_the_right_page_first(visit, query, expected):
    results = visit.search(query)
    assert results and results[0] == expected, results
    if query == "药监局":
        visit.shot("search-chinese", full_page=False)
    visit.clean()


def test_cross_link_from_briefing_to_person_and_back(visit):
    from playwright.sync_api import expect
    page = visit.open("briefings/2025-11-06-ciie-parallel-session-drug-regulation/")
    expect(page).to_have_title("Parallel Session On Global Drug Safety Governance and Chinese Drug Regulation "
                               "Innovation - MedReg Briefings")
    visit.shot("briefing")
    page.locator("article a", has_text="He Li").first.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_title("He Li - MedReg Briefings")
    assert "Director General" in page.locator("article").inner_text()
    visit.shot("person")
    page.locator("article a", has_text="Parallel Session On Global Drug Safety").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/briefings/2025-11-06-ciie-parallel-session-drug-regulation/")
    visit.clean()


def test_glossary_hover_explains_an_acronym(visit):
    page = visit.open("briefings/2025-03-10-phirda-forum-innovative-drugs-going-global/")
    abbr = page.locator("article abbr", has_text="PhIRDA").first
    assert abbr.get_attribute("title") == "China Pharmaceutical Innovation and Research Development Association"
    abbr.hover()  # the browser's own tooltip shows the title (Material's, which renders it as HTML, is off)
    page.wait_for_timeout(100)
    assert abbr.get_attribute("title") == "China Pharmaceutical Innovation and Research Development Association"
    assert page.locator(".md-tooltip2").count() == 0
    visit.clean()


def test_figures_table_sorts_and_filters(visit):
    page = visit.open("figures/")
    rows = page.locator("article table tbody tr")
    total = rows.count()
    assert total > 40
    page.locator("article table thead th", has_text="Value").click()
    first_values = [float(rows.nth(i).locator("td").first.inner_text().split()[-1].replace(",", "").rstrip("⚠ "))
                    for i in range(5)]
    assert first_values == sorted(first_values)
    page.select_option("select[aria-label='Filter by topics']", "Cosmetics")
    visible = [r for r in range(total) if rows.nth(r).is_visible()]
    assert 0 < len(visible) < total
    assert all("Cosmetics" in rows.nth(r).locator("td").nth(6).inner_text() for r in visible)
    visit.clean()


# Figures a reader can read on a desktop and on a phone (issue 32).
TABLE_METRICS = """() => {
  const tables = [...document.querySelectorAll('article table')].filter(t => t.tBodies.length);
  return {page: document.documentElement.scrollWidth,
          tables: tables.map(t => {
            const box = t.closest('.md-typeset__scrollwrap') || t;
            const rows = [...t.tBodies[0].rows].map(r => r.getBoundingClientRect().height);
            return {box: box.getBoundingClientRect().width, right: box.getBoundingClientRect().right,
                    line: parseFloat(getComputedStyle(t).lineHeight) || 20, tallest: Math.max(0, ...rows)};
          })};
}"""


@pytest.mark.parametrize("width", [1400, 390])
def test_figures_fit_their_column_and_no_row_grows_into_a_tower(browser, base_url, width):
    visit = Visit(browser, base_url)
    visit.page.set_viewport_size({"width": width, "height": 900})
    try:
        for path, name in (("figures/", "figures"),
                           ("briefings/2025-03-10-phirda-forum-innovative-drugs-going-global/", "briefing")):
            page = visit.open(path)
            metrics = page.evaluate(TABLE_METRICS)
            assert metrics["page"] <= width, (path, metrics)  # nothing wider than the screen: the table scrolls in its box
            assert metrics["tables"], path
            for table in metrics["tables"]:
                assert table["right"] <= width + 1, (path, table)
                assert table["tallest"] <= 4 * table["line"] + 24, (path, table)  # a few lines at most
            if name == "figures":  # a measure over its periods, drawn in the page: the chart renders and fits
                chart = page.locator("article .medreg-chart svg").first
                assert chart.is_visible() and chart.locator("rect").count() >= 2
                box = chart.bounding_box()
                assert box["width"] > 100 and box["x"] + box["width"] <= width
            visit.shot(f"{name}-figures-{width}px", full_page=False)
        visit.clean()
    finally:
        visit.close()


def test_figures_sort_and_open_by_keyboard(visit):
    page = visit.open("figures/")
    header = page.locator("article table thead th", has_text="Value")
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    rows = page.locator("article table tbody tr")
    values = [float(rows.nth(i).locator("td").first.inner_text().split()[-1].replace(",", "").rstrip("⚠ "))
              for i in range(5)]
    assert values == sorted(values)
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    # A long cell shows its first lines; reached by Tab (focus), it opens whole.
    cell = page.locator("article table .medreg-clamp").first
    assert cell.get_attribute("title") and cell.get_attribute("tabindex") == "0"
    closed = cell.bounding_box()["height"]
    cell.focus()
    assert cell.bounding_box()["height"] >= closed
    assert cell.evaluate("e => getComputedStyle(e).webkitLineClamp") in ("none", "")
    visit.clean()


def test_the_events_calendar_opens_from_the_timeline_and_parses(visit):
    from icalendar import Calendar

    page = visit.open("timeline/")
    link = page.locator("article a", has_text="Add the events to a calendar")
    assert link.get_attribute("href") == "../events.ics"
    response = page.request.get(visit.base_url + "events.ics")  # where the link leads from timeline/
    assert response.ok
    events = list(Calendar.from_ical(response.body()).walk("VEVENT"))
    assert any("National Conference on Drug Registration" in str(e["summary"]) for e in events)
    topic = visit.open("topics/clinical-trials/")
    href = topic.locator("article a", has_text="events calendar (.ics)").get_attribute("href")
    assert href == "../../feeds/topics/clinical-trials.ics"
    assert list(Calendar.from_ical(page.request.get(visit.base_url + "feeds/topics/clinical-trials.ics").body())
                .walk("VEVENT"))
    visit.clean()


@pytest.mark.parametrize("query, expected", [("NMPA", "organisations/nmpa/"), ("药监局", "organisations/nmpa/")])
def test_search_works_from_the_phone_layout(visit, query, expected):
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    visit.open("")
    page.locator("label.md-header__button[for=__search]").click()  # the search icon of the phone header
    box = page.locator("input[data-md-component=search-query]")
    box.press_sequentially(query, delay=15)
    page.keyboard.press("End")
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && /matching/.test(m.textContent); }", timeout=15000)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.wait_for_timeout(300)  # the overlay's slide-in, for the screenshot
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert urlsplit(first).path.lstrip("/") == expected
    visit.shot(f"search-phone-{'zh' if query != 'NMPA' else 'en'}", full_page=False)
    visit.clean()


def test_briefing_prints_without_site_chrome(visit, tmp_path):
    page = visit.open("packs/topics/cosmetics/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    pdf = page.pdf(path=str(tmp_path / "pack.pdf"))
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    visit.clean()


def test_link_previews_have_title_and_description(visit):
    page = visit.open("briefings/shanghai-ip-pharma-medtech-policy/")
    description = page.locator("meta[name=description]").get_attribute("content")
    assert description.startswith("Shanghai has introduced a comprehensive package of policies")
    assert page.locator("meta[property='og:title']").get_attribute("content") == \
        "IP drives high-quality development of Shanghai's pharma and medtech"
    visit.clean()


HOSTILE = {
    "sources/hostile-title.txt": (
        '<img src=x onerror="window.pwned=1;alert(1)"> </title><script>window.pwned=2</script>\n2025-01-02\n'
        "The National Medical Products Administration approved [a link](javascript:alert(3)) and "
        "<iframe src=javascript:alert(4)></iframe> rules on Monday, officials said in a statement.\n"
        "Source: <b onmouseover=alert(5)>Outlet</b>\n"),
    "sources/hostile-page.html": (
        "<html><head><title>Clipped page</title><script>window.pwned=6</script></head><body><article>"
        "<h1>Clipped page</h1><p>The agency said {{ config.site_name }} and {% raw %} and "
        "&lt;script&gt;window.pwned=7&lt;/script&gt; approvals rose in 2025, according to a statement "
        "published on its website.</p><img src=x onerror=alert(8)></article></body></html>"),
    "sources/hostile-title.meta.yml": 'summary: \'"><svg onload=alert(9)>\'\ntitle_en: "<img src=x onerror=alert(10)>"\n',
    "sources/hostile-page.meta.yml": "date: null\noutlet: '\"><script>window.pwned=11</script>'\n",
}


# Registry, glossary and file names carrying markup: the routes that fire on
# hover or as a search lists a page, not as a page loads. Each payload sets
# window.pwned, opens a dialog or fetches from an address outside the site.
HOSTILE_CURATION = {
    "registry/organisations.yml": (
        '- id: hostile-agency\n  name: "Hostile <img src=x onerror=window.pwned=21> Agency"\n  acronym: HSA\n'
        '  name_zh: "敌对<svg onload=alert(22)>局"\n  aliases: ["Foe <b onmouseover=window.pwned=23>Office</b>"]\n'),
    "registry/topics.yml": (
        '- id: hostile-topic\n  name: "Recalls <img src=http://203.0.113.9/t.png onerror=window.pwned=24>"\n'
        '  aliases: [recall, recalls]\n'),
    "registry/people.yml": ('- id: hostile-person\n  name: "Wang <img src=x onerror=alert(30)> Wu"\n'
                            '  aliases: [Wang Wu]\n'),
    "registry/glossary.yml": (
        '- term: "A\\\\B"\n  meaning: "<img src=x onerror=window.pwned=25>"\n'
        '- term: "X|Y"\n  meaning: "<img src=x onerror=window.pwned=26>"\n'
        "- term: EVB\n  meaning: '\"><img src=x onerror=window.pwned=27>'\n"),
    "sources/hostile-terms.md": (
        "# Recalls <img src=x onerror=window.pwned=31> rise as the Hostile <img src=x onerror=window.pwned=21> "
        "Agency widens a very long inquiry whose headline will not fit the header of the page\n\n2025-01-03\n\n"
        "The Hostile <img src=x onerror=window.pwned=21> Agency said on Monday that recalls rose, with HSA, EVB, "
        "A\\B and X|Y named, and Wang Wu, its director, said the recalls would continue.\n\n"
        "## <img src=x onerror=window.pwned=32> Next steps <svg onload=alert(33)>\n\n"
        "Officials said in a statement that inspections would follow in March, according to the agency.\n"),
    "sources/report\n<img src=x onerror=window.pwned=28>\x1b[31m.txt": (
        "A file name with markup in it\n2025-01-04\n"
        "The Hostile <img src=x onerror=window.pwned=21> Agency said on Monday that recalls rose, "
        "officials said in a statement.\n"),
}


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"), with_sources=False)
    for rel, text in {**HOSTILE, **HOSTILE_CURATION}.items():
        (project / rel).write_text(text, "utf-8")
    result = mkdocs_build(project, strict=False)  # the glossary's and the sources' warnings are expected
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr  # the file name's escape sequence is shown, not sent to the terminal
    server, url = _serve(project / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", ["", "briefings/", "briefings/hostile-title/", "briefings/hostile-page/",
                                  "timeline/", "figures/"])
def test_hostile_sources_never_run_in_the_browser(browser, hostile_url, path):
    visit = Visit(browser, hostile_url)
    page = visit.open(path)
    assert page.evaluate("typeof window.pwned") == "undefined"
    if path == "briefings/hostile-title/":
        text = page.locator("article").inner_text()
        assert '<img src=x onerror="window.pwned=1;alert(1)">' in text  # shown literally
        assert "[a link](javascript:alert(3))" in text
        assert page.locator("article a[href^='javascript:']").count() == 0
        visit.shot("hostile")
    visit.clean()
    visit.close()


HOSTILE_PAGES = ["", "briefings/", "briefings/hostile-terms/", "briefings/report-img-src-x-onerror-window-pwned-28-31m/",
                 "organisations/hostile-agency/", "organisations/", "topics/hostile-topic/", "topics/",
                 "people/hostile-person/", "glossary/", "curation/"]
HOSTILE_QUERIES = ["Hostile", "Recalls", "Foe", "敌对", "Wang", "HSA", "pwned", "img"]


def _assert_nothing_ran(visit: Visit, page) -> None:
    """No script-set global, no dialog, no element with an event-handler
    attribute (the DOM as it is now, tooltips and results included), no
    request outside the site."""
    assert page.evaluate("typeof window.pwned") == "undefined"
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
        [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
    assert handlers == []
    visit.clean()


def _hover_everything(page) -> int:
    """Hover every visible element with a title, every abbreviation, every
    cut-off text (Material's .md-ellipsis: the header's title, navigation and
    table-of-contents entries) and every heading and link of the contents."""
    targets = page.locator("[title], abbr, .md-ellipsis, .md-nav__link, .md-typeset :is(h1, h2, h3)")
    hovered = 0
    for i in range(min(targets.count(), 150)):
        target = targets.nth(i)
        if target.is_visible():
            # force: the header's title lies under a layer that takes the pointer; the events are sent too
            target.hover(force=True, timeout=3000)
            for event in ("mouseenter", "mouseover", "focus"):
                target.dispatch_event(event)
            page.wait_for_timeout(30)  # a tooltip is mounted on the next frame
            hovered += 1
    return hovered


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hovering_anything_on_a_hostile_page_runs_nothing(browser, hostile_url, path):
    """Registry names, glossary meanings, file names and headlines carrying
    markup: hovering each titled, truncated or abbreviated element runs none
    of it (Material's own tooltips, which insert the text as HTML, are off)."""
    visit = Visit(browser, hostile_url)
    page = visit.open(path)
    assert _hover_everything(page) > 0
    if path == "briefings/hostile-terms/":
        assert page.locator("article abbr", has_text="HSA").first.get_attribute("title") == \
            "Hostile <img src=x onerror=window.pwned=21> Agency"  # shown as text on hover
        assert page.locator("article abbr", has_text="EVB").first.get_attribute("title") == \
            '"><img src=x onerror=window.pwned=27>'
        assert "*[" not in page.locator("article").inner_text()  # every definition was read as one
    if path.startswith("briefings/report"):
        cell = page.locator("td", has_text="Original file name").locator("xpath=following-sibling::td")
        assert cell.inner_text() == "report\\n<img src=x onerror=window.pwned=28>\\x1b[31m.txt"
    _assert_nothing_ran(visit, page)
    visit.close()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_typing_a_search_that_lists_hostile_pages_runs_nothing(browser, hostile_url, query):
    """Material's results list shows each page's tags (its registry names)
    as HTML: they are escaped in the index, so the names show as text."""
    visit = Visit(browser, hostile_url)
    assert visit.search(query)  # the query lists pages
    page = visit.page
    if query in ("Hostile", "Foe", "敌对"):
        tags = page.locator(".md-search-result .md-tag").all_text_contents()
        assert "Foe <b onmouseover=window.pwned=23>Office</b>" in tags, tags
    _hover_everything(page)
    _assert_nothing_ran(visit, page)
    visit.close()


@pytest.fixture(scope="module")
def hostile_pagefind_url(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile-pagefind"), with_sources=False)
    for rel, text in {**HOSTILE, **HOSTILE_CURATION}.items():
        (project / rel).write_text(text, "utf-8")
    result = mkdocs_build(project, strict=False, MEDREG_SEARCH="pagefind")
    assert result.returncode == 0, result.stderr
    server, url = _serve(project / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_typing_a_pagefind_search_that_lists_hostile_pages_runs_nothing(browser, hostile_pagefind_url, query):
    visit = Visit(browser, hostile_pagefind_url)
    page = visit.open("find/")
    page.locator(".pagefind-ui__search-input").press_sequentially(query, delay=15)
    page.wait_for_function("() => document.querySelector('.pagefind-ui__message')"
                           " && /result/.test(document.querySelector('.pagefind-ui__message').textContent)",
                           timeout=15000)
    page.wait_for_timeout(300)
    _hover_everything(page)
    _assert_nothing_ran(visit, page)
    visit.close()


def test_offline_copy_works_from_the_file_system_search_included(browser, tmp_path):
    project = copy_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MEDREG_OFFLINE": "true"}
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    copied = tmp_path / "copied-elsewhere"  # (iframe-worker's shim breaks on a path with a space)
    shutil.copytree(project / "site", copied)
    page = browser.new_page()
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("file://", "data:", "blob:")) else None)
    page.goto(copied.as_uri() + "/index.html")
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    # From the file system the search worker runs in an iframe and takes a
    # moment to load its index; a query typed before that is not searched.
    box.press_sequentially("药监局", delay=15)
    for _ in range(15):
        # Characters typed through an input method send no key events; a key
        # press (as a reader's Enter or arrow would) makes Material search.
        page.keyboard.press("End")
        page.wait_for_timeout(1000)
        if "matching" in page.locator(".md-search-result__meta").text_content():
            break
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.wait_for_timeout(300)  # the overlay's slide-in, for the screenshot
    first = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert urlsplit(first).path.endswith("/organisations/nmpa.html")
    page.goto(copied.as_uri() + "/briefings/shanghai-ip-pharma-medtech-policy.html")
    assert page.locator("article h1").inner_text().startswith("IP drives high-quality development")
    raw = page.locator("article a[href$='shanghai-ip-pharma-medtech-policy.txt']").first.get_attribute("href")
    assert (copied / "briefings" / raw).resolve().is_file()
    assert foreign == []
    page.close()


@pytest.fixture(scope="module")
def pagefind_url(tmp_path_factory):
    import subprocess
    import sys
    project = copy_project(tmp_path_factory.mktemp("pagefind"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MEDREG_SEARCH": "pagefind"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "site/pagefind/pagefind-entry.json").is_file()
    assert not (project / "site/search/search_index.json").exists()  # Material's search is off
    server, url = _serve(project / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("query, expected", [
    ("药监局", "organisations/nmpa/"),
    ("李利", "people/li-li/"),
    ("临床试验", "topics/clinical-trials/"),
    ("Micheal Levitt", "people/michael-levitt/"),
    # Pagefind indexes only the article (data-pagefind-body): the topic page comes first
    ("innovative drugs", "topics/innovative-drug-approval/"),
])
def test_pagefind_search_in_english_and_chinese(browser, pagefind_url, query, expected):
    """English pages with Chinese headlines: Pagefind's extended build segments
    the Chinese text inside them, so Chinese queries find them too."""
    visit = Visit(browser, pagefind_url)
    page = visit.open("find/")
    page.locator(".pagefind-ui__search-input").fill(query)
    links = page.locator(".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title "
                         "> .pagefind-ui__result-link")
    links.first.wait_for(timeout=10000)
    hrefs = [urlsplit(links.nth(i).get_attribute("href")).path.lstrip("/") for i in range(min(3, links.count()))]
    assert expected in hrefs, hrefs
    visit.clean()
    visit.close()


def test_pagefind_indexes_each_text_of_a_briefing_once(browser, pagefind_url):
    """The summary taken from the full text's lead is indexed once (in the
    full text); the result is titled with the page's title (its metadata),
    not the h1's text with its pilcrow."""
    visit = Visit(browser, pagefind_url)
    page = visit.open("find/")
    found = page.evaluate("""async () => {
        const pagefind = await import("../pagefind/pagefind.js");
        const search = await pagefind.search("commercialization");
        const all = await Promise.all(search.results.map((result) => result.data()));
        return all.filter((data) => data.url.endsWith("/briefings/shanghai-ip-pharma-medtech-policy/"))
                  .map((data) => ({title: data.meta.title, content: data.content}));
    }""")
    assert len(found) == 1, found
    title = "IP drives high-quality development of Shanghai's pharma and medtech"
    assert found[0]["title"] == title
    content = found[0]["content"]
    lead = "Shanghai has introduced a comprehensive package of policies"
    assert content.count(lead) == 1  # in the full text; the summary repeats it, out of search
    assert "¶" not in content  # headings' permalinks are not words of the page
    visit.clean()
    visit.close()


def test_pagefind_indexes_articles_not_packs_or_page_chrome(pagefind_url):
    """Only the article of a searchable page is indexed: a pack repeats its
    briefings and is marked out of search; navigation and header are left out."""
    from urllib.request import urlopen
    briefing = urlopen(pagefind_url + "briefings/shanghai-ip-pharma-medtech-policy/").read().decode()
    assert briefing.count("data-pagefind-body") == 1
    assert briefing.index("data-pagefind-body") > briefing.index('class="md-content"')  # after header and nav
    pack = urlopen(pagefind_url + "packs/topics/innovative-drug-approval/").read().decode()
    assert "data-pagefind-body" not in pack
