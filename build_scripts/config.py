"""Build configuration: where sources are read from and pages are written to."""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path

import yaml

from .paths import display_path

SIDECAR_SUFFIX = ".meta.yml"

# Folders under docs/ that belong to the build. The writer only ever writes
# inside these (plus the few top-level pages in GENERATED_TOP_PAGES).
GENERATED_DIRS = ("briefings", "raw", "people", "organisations", "topics", "curation", "stories",
                  "figures", "timeline", "feeds", "glossary", "packs", "find")
GENERATED_TOP_PAGES = ("index.md", "feed.xml", "events.ics")
MANIFEST_NAME = ".generated.json"


@dataclass(frozen=True)
class Parallelism:
    """When a build shares its work among processes (``parallel.py``). Each
    share pays only past a size; tests set these to 1 to share a few sources."""

    workers: int | None = None  # processes at most; None: the machine's cores
    sources_from: int = 200  # sources to process before a process pool pays for its start-up
    pages_from: int = 500  # pages to render before forking renderers pays
    side_work_from: int = 2000  # briefings: below, the second process saves less than it costs to start

    def cores(self) -> int:
        return self.workers or os.cpu_count() or 1


@dataclass(frozen=True)
class BuildConfig:
    """Where the build reads and writes. Paths are absolute."""

    root: Path
    sources_dir: Path
    docs_dir: Path
    registry_dir: Path
    strict: bool = False
    # Stories: reports whose features' Jaccard similarity reaches the threshold,
    # published at most this many days apart, are one story, which spans at
    # most this many days from its first report to its last (see dedupe.py).
    story_threshold: float = 0.28
    story_window_days: int = 14
    # The published site's address, for absolute links in feeds (mkdocs.yml site_url).
    site_url: str | None = None
    # Page URLs end in "/" (MkDocs' use_directory_urls); ".html" in an offline build.
    directory_urls: bool = True
    # Today's date (ISO), to flag publication dates in the future. Set by the
    # command line and the hook; stages never read the clock themselves.
    today: str | None = None
    # Reuse what unchanged sources became in earlier builds (.cache/medreg/).
    cache: bool = True
    # "material" (lunr, the whole index downloaded on the first query),
    # "pagefind" (a chunked index: a query fetches a few hundred KB at any size),
    # or "auto": Material's up to SEARCH_AUTO_MATERIAL_MAX sources, Pagefind above (``search_engine``).
    search: str = "auto"
    # Largest source file the build reads (bytes); larger files are refused.
    max_source_bytes: int = 20 * 1024 * 1024
    # When work is shared among processes.
    parallel: Parallelism = Parallelism()

    @classmethod
    def for_project(cls, root: Path, *, strict: bool = False,
                    sources_dir: Path | None = None,
                    docs_dir: Path | None = None,
                    registry_dir: Path | None = None) -> "BuildConfig":
        root = root.resolve()
        settings = read_settings(root / "mkdocs.yml")
        return cls(
            root=root,
            sources_dir=(sources_dir or root / "sources").resolve(),
            docs_dir=(docs_dir or root / "docs").resolve(),
            registry_dir=(registry_dir or root / "registry").resolve(),
            strict=strict,
            **settings,
        )

    @property
    def cache_dir(self) -> Path:
        """Where each source's results are cached (rendered pages: beside it, medreg-pages/)."""
        return self.root / ".cache" / "medreg"

    def display(self, path: Path) -> str:
        """A path as reports show it: relative to the project root, with '/'."""
        return display_path(path, self.root)


# With `search: auto`, Material's search serves a site of up to this many source files (its whole
# index is fetched on the first query: about 300 KB gzipped at 500 sources, 630 KB at 1,000);
# a larger site gets Pagefind, whose query fetches a few chunks of its index.
SEARCH_AUTO_MATERIAL_MAX = 500


def search_engine(search: str, sources: int) -> tuple[str, str]:
    """The search engine a site of ``sources`` source files gets under the
    ``search`` setting, and why (for the log)."""
    if search != "auto":
        return search, f"search: {search} (set in mkdocs.yml or MEDREG_SEARCH)"
    engine = "pagefind" if sources > SEARCH_AUTO_MATERIAL_MAX else "material"
    return engine, (f"search: {engine} (auto: {sources:,} sources, "
                    f"{'more than' if engine == 'pagefind' else 'at most'} {SEARCH_AUTO_MATERIAL_MAX:,})")


def count_sources(config: "BuildConfig") -> int:
    """How many source files a build of ``config`` reads (for ``search_engine``)."""
    from .read.discover import discover_sources

    return len(discover_sources(config).paths)


class _PermissiveLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !!python tags safe_load refuses."""


_PermissiveLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(mkdocs_yml: Path) -> dict:
    """Build settings from mkdocs.yml: ``site_url`` and ``extra.medreg``
    (``story_threshold``, ``story_window_days``). Missing values keep defaults."""
    try:
        data = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=_PermissiveLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    settings: dict = {}
    offline = os.environ.get("MEDREG_OFFLINE", "").lower() in ("1", "true", "yes")
    settings["directory_urls"] = data.get("use_directory_urls", True) is not False and not offline
    if isinstance(data.get("site_url"), str) and data["site_url"].strip():
        settings["site_url"] = data["site_url"].strip()
    medreg = (data.get("extra") or {}).get("medreg") or {}
    search = os.environ.get("MEDREG_SEARCH") or medreg.get("search")
    if search in ("material", "pagefind", "auto"):
        settings["search"] = search
    if isinstance(medreg.get("story_threshold"), (int, float)):
        settings["story_threshold"] = float(medreg["story_threshold"])
    if isinstance(medreg.get("story_window_days"), int):
        settings["story_window_days"] = medreg["story_window_days"]
    return settings
