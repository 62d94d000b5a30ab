"""``add URL`` and adding many at once (issue 31), against a web server the
test starts on 127.0.0.1 with pages written here: no test touches the internet."""

from __future__ import annotations

import io
import json
import shutil
import socket
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from build_scripts.add import run_add
from build_scripts.per_source import process_source

from .conftest import ROOT, make_project
from .pdf_fixture import pdf_bytes

ARTICLE = ("<html><head><title>NMPA clears three rare-disease drugs under priority review</title></head><body>"
           "<nav>Home | News</nav><article><h1>NMPA clears three rare-disease drugs under priority review</h1>"
           "<p>The National Medical Products Administration approved three drugs for rare diseases through its "
           "priority review pathway, the regulator said, adding that review times had fallen again this year "
           "for products that address unmet clinical needs.</p>"
           "<p>The approvals include a gene therapy and two small-molecule drugs, according to the notice, and "
           "the agency said more applications were under review in the same pathway.</p></article>"
           "</body></html>").encode("utf-8")
LOGIN = b"<html><head><title>Login</title></head><body><form>Please log in to continue</form></body></html>"
# A "verify to continue" page: some text, no article.
VERIFY = ("<html><head><title>环境异常</title></head><body><div class='weui-msg'><h2>环境异常</h2>"
          "<p>当前环境异常，完成验证后即可继续访问。</p><a>去验证</a></div></body></html>").encode("utf-8")
NOTICE = pdf_bytes([[(72, 760, "国家药监局关于发布医疗器械注册指导原则的通告"), (220, 730, "国药监械注〔2026〕5号"),
                     (72, 700, "为规范医疗器械注册工作，现予发布，自发布之日起施行。"),
                     (400, 660, "国家药监局"), (400, 640, "2026年1月6日")]])


class Site:
    """The test's web server: ``routes`` maps a path to (status, headers, body)."""

    def __init__(self):
        self.release = threading.Event()  # what a slow page waits for (set when the test ends)
        self.requests: list[tuple[str, str]] = []
        self.routes = {
            "/news/2026/0105/nmpa.html": (200, {"Content-Type": "text/html; charset=utf-8"}, ARTICLE),
            "/old-link": (301, {"Location": "/news/2026/0105/nmpa.html"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/missing": (404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>"),
            "/gone": (410, {"Content-Type": "text/html"}, b"<html><body>Gone</body></html>"),
            "/chart.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
            "/big.html": (200, {"Content-Type": "text/html"}, b"<html>" + b"x" * 50_000 + b"</html>"),
            "/login": (200, {"Content-Type": "text/html"}, LOGIN),
            "/files/notice.pdf": (200, {"Content-Type": "application/octet-stream"}, NOTICE),
            "/verify": (200, {"Content-Type": "text/html"}, VERIFY),
            # No Content-Length: the size is found only by reading.
            "/endless.html": (200, {"Content-Type": "text/html", "Length": "none"}, b"<html>" + b"y" * 50_000),
        }
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                if self.path == "/slow":
                    site.release.wait(10)
                    return
                status, headers, body = site.routes.get(self.path, (404, {}, b""))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if headers.get("Length") != "none":
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    served = Site()
    yield served
    served.close()


@pytest.fixture
def config(tmp_path):
    (tmp_path / "project").mkdir()
    made = make_project(tmp_path / "project", {})
    shutil.copytree(ROOT / "registry", made.registry_dir, dirs_exist_ok=True)
    return replace(made, max_source_bytes=20_000)


def add(config, *inputs, **options):
    out, err = io.StringIO(), io.StringIO()
    code = run_add(list(inputs), config, out, err, today="2026-12-07", timeout=options.pop("timeout", 2.0),
                   **options)
    return code, out.getvalue(), err.getvalue()


def test_an_address_is_fetched_kept_as_a_snapshot_and_its_sidecar_says_where_from_and_when(site, config):
    code, out, err = add(config, site.base + "/old-link")
    assert code == 0, err
    final = site.base + "/news/2026/0105/nmpa.html"
    [source] = [p for p in config.sources_dir.iterdir() if p.suffix == ".html"]
    assert source.read_bytes() == ARTICLE
    sidecar = source.with_name(source.stem + ".meta.yml").read_text("utf-8")
    assert f'url: "{final}"' in sidecar and "retrieved: 2026-12-07" in sidecar
    assert f"(from {final})" in out and f"redirected from {site.base}/old-link" in out
    assert site.requests[0][1].startswith("MedRegBriefings/")  # a polite, named client
    # The text states no date: the address's is taken, marked as a hint.
    [briefing] = process_source(source, config).briefings
    assert briefing.date == "2026-01-05" and ("date", "web address") in briefing.found_from
    assert "date" in briefing.inferred and briefing.address == final and briefing.retrieved == "2026-12-07"
    # The page says where the date and the page came from.
    from build_scripts.render.briefing import render_briefing

    page = render_briefing(briefing)
    assert "**Published:** 2026-01-05 (date from the web address)" in page
    assert f"| Web address | [{final}]({final}) (retrieved 2026-12-07;" in page
    assert f"url: {final}" in page and "retrieved: '2026-12-07'" in page


def test_an_address_already_added_is_named_with_the_source_that_has_it(site, config):
    assert add(config, site.base + "/news/2026/0105/nmpa.html")[0] == 0
    [source] = [p.name for p in config.sources_dir.iterdir() if p.suffix == ".html"]
    code, out, _ = add(config, site.base + "/news/2026/0105/nmpa.html", site.base + "/old-link")
    assert code == 0
    assert f"already added as sources/{source} (same address)" in out
    assert f"already added as sources/{source} (same address after redirects)" in out
    assert len(list(config.sources_dir.iterdir())) == 2  # the page and its sidecar, once


@pytest.mark.parametrize("path, reason", [
    ("/missing", "the page is not there (HTTP 404)"),
    ("/gone", "the page is not there (HTTP 410)"),
    ("/loop", "redirected more than 10 times (a redirect loop?)"),
    ("/chart.png", "not a web page, PDF or Word document (the server says image/png)"),
    ("/big.html", "the page is 0.1 MB, over the 0 MB limit for a source"),
    ("/login", f"no article in the page ({len(LOGIN)} bytes): a login wall, a captcha or an error page?"),
    ("/slow", "no answer within 0.5 s"),
    ("/endless.html", "the page is over the 0 MB limit for a source"),
    ("/verify", "the page has almost no text"),
])
def test_an_address_that_cannot_be_added_says_why_and_the_others_are_added(site, config, path, reason):
    code, out, err = add(config, site.base + path, site.base + "/news/2026/0105/nmpa.html", timeout=0.5)
    assert code == 1
    assert f"{site.base}{path}: error: {reason}" in err, err
    assert "Added 1 of 2:" in out
    assert sorted(p.suffix for p in config.sources_dir.iterdir()) == [".html", ".yml"]


def test_an_unreachable_host_is_an_error_not_a_crash(config):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = add(config, f"http://127.0.0.1:{port}/page.html")
    assert code == 1 and "error: the host cannot be reached" in err and "Not added" in err


def test_a_pdf_served_as_octet_stream_is_kept_as_a_pdf(site, config):
    code, out, err = add(config, site.base + "/files/notice.pdf")
    assert code == 0, err
    [source] = [p for p in config.sources_dir.iterdir() if p.suffix == ".pdf"]
    assert source.read_bytes() == NOTICE and "国药监械注〔2026〕5号" in out


def test_many_at_once_from_a_folder_and_a_list_with_one_table_and_json(site, config, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("NMPA sets new GMP inspection rules\n2026-02-01 10:00 Source: Xinhua\n"
                                  "The National Medical Products Administration issued new rules on GMP "
                                  "inspections of sterile products on Monday, the regulator said.\n", "utf-8")
    (folder / "b.txt").write_text("", "utf-8")
    listed = tmp_path / "list.txt"
    listed.write_text(f"# today's reading\n{site.base}/news/2026/0105/nmpa.html\n\n{site.base}/missing\n", "utf-8")
    code, out, err = add(config, str(folder), from_file=listed)
    assert code == 1
    assert "Added 2 of 4:" in out
    table = out.splitlines()
    assert table[1].split() == ["source", "title", "date", "outlet", "to", "curate"]
    assert any("NMPA sets new GMP inspection rules" in row and "2026-02-01" in row and "Xinhua News Agency" in row
               for row in table)
    assert "b.txt: error: the file is empty" in err and f"{site.base}/missing: error: the page is not there" in err
    # --json, for scripts: the same outcome, each with what the build found and what to curate.
    code, out, _ = add(config, str(folder / "a.txt"), site.base + "/gone", as_json=True)
    data = json.loads(out)
    assert [item["status"] for item in data] == ["already", "failed"]
    assert data[0]["message"].startswith("already in sources/ as sources/2026-02-01-nmpa-sets-new-gmp")


def test_the_outlet_comes_from_the_address_domain_when_the_text_names_none(config):
    (config.sources_dir / "clip.txt").write_text(
        "Regulator widens priority review for paediatric drugs\n\nThe regulator widened its priority review "
        "pathway to cover more paediatric medicines, officials said at a briefing on the new measures.\n", "utf-8")
    (config.sources_dir / "clip.meta.yml").write_text('url: "https://www.news.cn/health/20260211/abc/c.html"\n'
                                                       "retrieved: 2026-02-12\n", "utf-8")
    [briefing] = process_source(config.sources_dir / "clip.txt", config,
                                _outlets(config)).briefings
    assert briefing.outlet == "Xinhua News Agency" and ("outlet", "web address") in briefing.found_from
    assert briefing.date == "2026-02-11"


def test_a_date_the_text_states_wins_over_the_address(config):
    (config.sources_dir / "clip.txt").write_text(
        "Regulator widens priority review\n2026-02-10 09:00\n\nThe regulator widened its priority review "
        "pathway to cover more paediatric medicines, officials said at a briefing on the new measures.\n", "utf-8")
    (config.sources_dir / "clip.meta.yml").write_text('url: "https://example.org/2026/0301/x.html"\n', "utf-8")
    [briefing] = process_source(config.sources_dir / "clip.txt", config).briefings
    assert briefing.date == "2026-02-10" and ("date", "web address") not in briefing.found_from


def test_a_sidecar_address_must_be_a_web_address(config):
    (config.sources_dir / "clip.txt").write_text("Title here\n\nSome text of the article that says enough.\n")
    (config.sources_dir / "clip.meta.yml").write_text("url: javascript:alert(1)\n", "utf-8")
    outcome = process_source(config.sources_dir / "clip.txt", config)
    assert outcome.failed and "must be a web address starting http:// or https://" in str(outcome.problems[0])


def _outlets(config):
    from build_scripts.registry import load_registry

    registry, _ = load_registry(config.registry_dir, config.root)
    return registry.outlets


def test_the_table_names_what_to_curate_and_a_chinese_headline_names_its_file_in_pinyin(config, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "x.txt").write_text("国家药监局发布新规\n国家药品监督管理局今日发布关于优化创新药临床试验审评审批的若干措施，"
                                  "进一步提升审评效率。\n", "utf-8")
    (folder / "y.txt").write_text("NMPA sets new GMP inspection rules\n2026-02-01 10:00 Source: Xinhua\nThe National "
                                  "Medical Products Administration issued new rules, Dr. Wang Fang said.\n", "utf-8")
    code, out, err = add(config, str(folder))
    assert code == 0, err
    rows = {line.split()[0]: line for line in out.splitlines()[2:4]}
    assert rows["sources/guo-jia-yao-jian-ju-fa-bu-xin-gui.txt"].rstrip().endswith("date, outlet, title_en")
    assert rows["sources/2026-02-01-nmpa-sets-new-gmp-inspection-rules.txt"].rstrip().endswith(
        "1 name for the registry")
    # The columns line up in a terminal, where a Chinese character takes two.
    from build_scripts.add import _columns

    header = out.splitlines()[1]
    for line, curate in zip(out.splitlines()[2:4], ["date, outlet, title_en", "1 name for the registry"]):
        assert _columns(line[:line.index(curate)]) == _columns(header[:header.index("to curate")])


def test_the_command_line_adds_addresses_from_a_list_and_prints_json(site, config, tmp_path):
    from build_scripts.cli import main

    listed = tmp_path / "reading.txt"
    listed.write_text(f"{site.base}/news/2026/0105/nmpa.html\n{site.base}/files/notice.pdf\n", "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["add", "--from", str(listed), "--json", "--root", str(config.root)], out, err)
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert [item["status"] for item in data] == ["added", "added"]
    assert data[0]["url"] == f"{site.base}/news/2026/0105/nmpa.html" and data[0]["briefings"][0]["date"] == "2026-01-05"
    assert data[1]["source"].endswith(".pdf") and data[1]["briefings"][0]["document_number"] == "国药监械注〔2026〕5号"
    out, err = io.StringIO(), io.StringIO()
    assert main(["add", "--root", str(config.root)], out, err) == 2 and "give a file" in err.getvalue()
