"""How long an edit to one source takes to show on `mkdocs serve`.

Starts `mkdocs serve` on the project, waits for the first build, then, a
few times, gives one source a new first paragraph with a made-up word and
polls that source's briefing page until the word is served. Returns the
seconds from each edit to its page.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

MARKER = "Zorbleflux"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _url(page: str) -> str:
    """docs path -> served path, with directory URLs."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def plain_clippings(project: Path) -> list[Path]:
    """The sources with paragraphs (not digests), to edit."""
    return [p for p in sorted((project / "sources").glob("*.txt")) if "\n\n" in p.read_text("utf-8")]


def add_paragraph(path: Path, marker: str) -> None:
    """Give a clipping a new first paragraph naming ``marker`` (a made-up word)."""
    head, rest = path.read_text("utf-8").split("\n\n", 1)
    path.write_text(f"{head}\n\nThe {marker} pilot began in March.\n\n{rest}", "utf-8")


@contextmanager
def _serving(project: Path, extra_args: list[str], timeout: float):
    """`mkdocs serve` on ``project`` until the block ends, once its first
    build is served: gives its base URL and a function that fails the run
    (naming its log) when the server stopped or ``timeout`` passed."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(project / f"serve-{port}.log", "w")
    # A handler, not "ignore", while it starts: the server then starts with Ctrl+C's default,
    # which stops it below (an ignored signal stays ignored across exec, as in a background job).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a",
                                   f"127.0.0.1:{port}", *extra_args], cwd=project, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + timeout

    def check(what: str) -> None:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{what}; see {log.name}")

    try:
        base = f"http://127.0.0.1:{port}/"
        while _fetch(base) is None:
            check("mkdocs serve did not start")
            time.sleep(0.5)
        yield base, check
    finally:
        # As Ctrl+C stops it, so that it removes the site it built in a temporary
        # folder (terminated, it leaves that folder behind: 570 MB at 10,000 sources).
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def serve_edit_seconds(project: Path, extra_args: list[str], skip: int = 0, edits: int = 3,
                       timeout: float = 1800) -> list[float]:
    """Seconds from each of ``edits`` successive edits (each to another
    source) to the edited page being served. ``skip``: where to start in the
    list of plain clippings (each run edits others)."""
    with _serving(project, extra_args, timeout) as (base, check):
        manifest = json.loads((project / "docs" / ".generated.json").read_text("utf-8"))
        times = []
        for number in range(edits):
            time.sleep(5)  # let the watcher settle after the last build
            source = plain_clippings(project)[skip + number].name
            marker = f"{MARKER}{number}"
            urls = [base + _url(p) for p, s in sorted(manifest["sources"].items())
                    if s == source and p.startswith("briefings/")]
            path = project / "sources" / source
            start = time.monotonic()
            add_paragraph(path, marker)
            while not any(marker in (_fetch(url) or "") for url in urls):
                check(f"the edit never showed on {urls}")
                time.sleep(0.05)
            times.append(round(time.monotonic() - start, 2))
        return times


def serve_registry_edit_seconds(project: Path, extra_args: list[str], edits: int = 3,
                                timeout: float = 1800) -> tuple[list[float], float, int]:
    """Edits to registry/people.yml on `mkdocs serve`: seconds from each of
    ``edits`` people named in no source added (as the benchmark's
    registry edit) to their page being served; then, as a curator does, a
    person the sources name but the registry lacks (the one named in fewest
    briefings) added, seconds to a briefing page linking to them, and how
    many briefings name them."""
    from build_scripts.config import BuildConfig
    from build_scripts.pipeline import build
    from build_scripts.render.urls import briefing_path
    from build_scripts.slugs import slugify
    result = build(BuildConfig.for_project(project))
    unknown = {person.name for briefing in result.briefings for person in briefing.entities.people
               if person.id is None}
    named: dict[str, list[str]] = {}  # name -> the briefings whose text has it
    for briefing in result.briefings:
        text = " ".join(text for _, text, _ in briefing.text_units())
        for name in unknown:
            if name in text:
                named.setdefault(name, []).append(briefing_path(briefing))
    curated = min(named, key=lambda name: (len(named[name]), name))
    people = project / "registry" / "people.yml"

    def add(name: str, url: str, shown: str, check) -> float:
        """Seconds from ``name`` added to the registry to ``url`` showing
        ``shown``; ``check`` fails the run when the server gave up."""
        time.sleep(5)  # let the watcher settle after the last build
        start = time.monotonic()
        with open(people, "a", encoding="utf-8") as registry:
            registry.write(f"\n- id: {slugify(name)}\n  name: {name}\n")
        while shown not in (_fetch(url) or ""):
            check(f"{name} never showed on {url}")
            time.sleep(0.05)
        return round(time.monotonic() - start, 2)

    with _serving(project, extra_args, timeout) as (base, check):
        nowhere = [add(f"Quillimot Zed{number}", f"{base}people/quillimot-zed{number}/", f"Quillimot Zed{number}",
                       check) for number in range(edits)]
        linked = add(curated, base + _url(named[curated][0]), f"people/{slugify(curated)}/", check)
        return nowhere, linked, len(named[curated])
