"""What a reader's browser fetches for a first search, measured in Chromium.

Pagefind: the site's Search page (``find/``) is opened, a query typed into
Pagefind's own interface, and the bytes of every response under ``pagefind/``
(its script, WebAssembly, entry file, the index chunks and metadata for the
query, the fragments of the results shown) are summed. Needs Playwright and
Debian's chromium; without them the figure is left out, with the reason.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pagefind_first_query_bytes(site: Path, queries: list[str],
                               parts: dict[str, dict[str, int]] | None = None) -> dict[str, tuple[int, int]] | str:
    """For each query, in a fresh browser context (nothing cached), the bytes
    fetched from ``pagefind/`` as this plain server sends them, and as a
    server that gzips what gzip shrinks would (index chunks and fragments are
    gzipped by Pagefind already; its scripts and styles are not); or the
    reason it could not be measured. ``parts``, if given, gets for each query
    the sent bytes by kind of file (scripts, wasm, meta, index chunks, fragments)."""
    if not Path(CHROMIUM).exists():
        return "not measured: Debian's chromium is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured: playwright is not installed"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    figures: dict[str, tuple[int, int]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched: list[tuple[int, int]] = []

                def count(response, fetched=fetched):
                    if "/pagefind/" in response.url and response.ok:
                        try:
                            body = response.body()
                        except Exception:  # a response the page aborted
                            return
                        sent = min(len(body), len(gzip.compress(body)))
                        fetched.append((len(body), sent))
                        if parts is not None:
                            name = response.url.split("/pagefind/", 1)[1]
                            kind = ("index chunks" if name.startswith("index/") else "fragments"
                                    if name.startswith("fragment/") else "wasm" if "wasm" in name
                                    else "meta" if name.endswith((".pf_meta", ".json")) else "scripts and styles")
                            kinds = parts.setdefault(query, {})
                            kinds[kind] = kinds.get(kind, 0) + sent
                page.on("response", count)
                page.goto(base + "find/")
                page.wait_for_load_state("networkidle")
                page.locator(".pagefind-ui__search-input").fill(query)
                page.locator(".pagefind-ui__result").first.wait_for(timeout=30000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                figures[query] = (sum(raw for raw, _ in fetched), sum(sent for _, sent in fetched))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return figures
