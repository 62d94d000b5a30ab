"""Pagefind's index of the built site (``search: pagefind``).

``mkdocs build`` indexes the site before it ends, and fails if Pagefind does.
Under ``mkdocs serve --dirty`` the first build does the same; each later
rebuild hands the indexing to a background thread, so the edited page shows
at once and search catches up a few seconds later (Pagefind reads every page:
about 2.5 s at 1,000 sources). A dirty rebuild leaves ``site/pagefind/`` in
place, so search keeps working on the previous index meanwhile. Plain
``mkdocs serve`` empties the site folder on every rebuild, so there the
indexing stays in the rebuild.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from typing import Callable

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("medreg")


def index_site(site_dir: str, background: bool = False) -> str | None:
    """Run Pagefind on ``site_dir``; None if it succeeded, else what it said.
    In the ``background``, at a lower priority (``nice``, where there is one),
    so that it yields the cores to the next rebuild."""
    # Headings' permalinks ("¶") left out: indexed, each heading's last word was another word
    # ("summary¶": 2,313 of the 8,064 words indexed at 10,000 sources) and excerpts showed them.
    command = [sys.executable, "-m", "pagefind", "--site", site_dir, "--exclude-selectors", ".headerlink"]
    if background and shutil.which("nice"):
        command = ["nice", "-n", "10", *command]
    result = subprocess.run(command, capture_output=True, text=True)
    return None if result.returncode == 0 else result.stderr[-2000:] or f"exit status {result.returncode}"


def _index_in_background(site_dir: str) -> str | None:
    return index_site(site_dir, background=True)


class BackgroundIndexer:
    """Indexes a site in one background thread at a time. A request made
    while a run is under way waits for it and then runs once, however many
    came meanwhile: runs never overlap (two Pagefinds writing one folder) and
    the last rebuild is always indexed."""

    def __init__(self, run: Callable[[str], str | None] = _index_in_background):
        self._run = run
        self._lock = threading.Lock()
        self._pending: str | None = None
        self._thread: threading.Thread | None = None

    def request(self, site_dir: str) -> None:
        with self._lock:
            self._pending = site_dir
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="medreg-pagefind", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until no run is under way or asked for (tests)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _work(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._thread = None
                    return
            try:
                failure = self._run(site_dir)
            except Exception as exc:  # a thread's exception would only reach stderr
                failure = f"{type(exc).__name__}: {exc}"
            if failure:
                log.warning(f"Pagefind could not index the site; search shows the previous index:\n{failure}")
            else:
                log.info("Pagefind indexed the site: search is up to date")
