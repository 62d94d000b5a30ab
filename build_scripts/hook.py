"""MkDocs hook: regenerate the pages before MkDocs collects files.

Registered in mkdocs.yml as ``hooks: [build_scripts/hook.py]``. It runs the
same ``pipeline.write_build`` as the command line, so
``mkdocs build`` and ``mkdocs serve`` need no separate step. Because the writer
only writes files whose bytes change, a rebuild triggered by ``watch:
[sources]`` settles instead of looping.
"""

from __future__ import annotations

import html
import logging
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from build_scripts.incremental import serve_state
from build_scripts.incremental.store import code_changed_on_disk, registry_version
from build_scripts.config import GENERATED_DIRS, GENERATED_TOP_PAGES, BuildConfig, count_sources, search_engine
from build_scripts.model import sorted_problems
from build_scripts.paths import visible
from build_scripts.report import describe_changes, describe_registry, describe_removals, repeated_warnings
from build_scripts.search_index import BackgroundIndexer, index_site
from build_scripts.pipeline import write_build

log = get_plugin_logger("medreg")


def _project(config) -> BuildConfig:
    """The build's settings for this MkDocs build (from mkdocs.yml and the
    environment); on_config keeps the search engine for on_post_build."""
    root = Path(config.config_file_path).resolve().parent
    project = replace(BuildConfig.for_project(root, docs_dir=Path(config.docs_dir)),
                      directory_urls=bool(config.use_directory_urls), today=date.today().isoformat())
    if config.extra.get("medreg_search"):  # chosen by on_config for this build
        project = replace(project, search=config.extra["medreg_search"])
    return project


def on_config(config):
    """Choose the site's search (``search: auto``: by the number of sources)
    and, with Pagefind, switch Material's search off."""
    project = _project(config)
    engine, why = search_engine(project.search, count_sources(project) if project.search == "auto" else 0)
    config.extra["medreg_search"] = engine
    if not serve_state.PROCESS.reported:  # once a `mkdocs serve`, not on every rebuild
        log.info(why)
    if engine == "pagefind":
        for name in ("material/search", "search"):
            if name in config.plugins:
                config.plugins[name].config.enabled = False
    return config


def on_serve(server, config, builder):
    """Under `mkdocs serve`, watch what people edit in docs/, not what the
    build writes there: the build that wrote the pages renders them already,
    a write would set off one more rebuild, and MkDocs' watcher polls every
    watched file twice a second (24,000 generated files at 10,000 sources,
    competing with the build for the interpreter). Each hand-written file and
    folder at the top of docs/ (about.md, javascripts/, stylesheets/) is
    watched instead; one added while serving is seen after a restart.
    Sources and the registry are watched through mkdocs.yml's `watch:`."""
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        generated = entry.name in (GENERATED_DIRS if entry.is_dir() else GENERATED_TOP_PAGES)
        if not generated and not entry.name.startswith("."):
            server.watch(str(entry))
    return server


def on_files(files, config):
    """Remember which pages this build has, for the dirty search index."""
    # The home page's file URL is "./"; Material's search locations say "".
    config.extra["medreg_page_urls"] = frozenset(f.url.removeprefix("./") for f in files.documentation_pages())
    return files


@event_priority(50)  # before Material's search writes its index
def on_post_build(config) -> None:
    """Keep the search index whole on `mkdocs serve --dirty`; with Pagefind,
    index the built site (it writes site/pagefind/): in the build, except on
    the rebuilds of `mkdocs serve --dirty`, which leave it to a background
    thread (see search_index.py)."""
    _escape_search_tags(config)
    _merge_dirty_search_index(config)
    _remove_deleted_pages(config)
    if config.extra.get("medreg_search") != "pagefind":
        return
    if serve_state.PROCESS.dirty and serve_state.PROCESS.indexer is not None:  # a rebuild of `mkdocs serve --dirty`
        serve_state.PROCESS.indexer.request(config.site_dir)
        log.info("Pagefind is indexing the site in the background")
        return
    failure = index_site(config.site_dir)
    if failure:
        raise PluginError(f"Pagefind could not index the site:\n{failure}")
    log.info("Pagefind indexed the site")
    if serve_state.PROCESS.dirty:
        serve_state.PROCESS.indexer = BackgroundIndexer()


def _escape_search_tags(config) -> None:
    """A page's tags (the names of its entity or its topics, from the
    registry) go into Material's search index as they are, and its results
    list inserts them as HTML: a name holding markup would run as a reader
    types a query. Titles and text in the index are HTML already (taken from
    the rendered page); the tags are escaped here to match, before the index
    is written. (Entries kept from the previous index on `mkdocs serve
    --dirty` were escaped when that index was written.)"""
    search = config.plugins.get("material/search")
    if search is None or not search.config.enabled or getattr(search, "search_index", None) is None:
        return
    for entry in search.search_index.entries:
        if entry.get("tags"):
            entry["tags"] = [html.escape(tag) for tag in entry["tags"]]


def _merge_dirty_search_index(config) -> None:
    """On `mkdocs serve --dirty`, MkDocs renders only the pages whose files
    changed, so Material's search sees only those. Material merges them into
    the previous index assuming one page changed; a source edit rewrites
    several (the briefing, its people, its topics, the indexes). Here the
    previous index keeps every page that was not rebuilt and still exists,
    and takes this build's entries for the pages that were."""
    search = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", None)
    if not getattr(search, "is_dirty", False) or previous is None or not search.config.enabled:
        return
    current = search.search_index.entries
    rebuilt = {entry["location"].split("#", 1)[0] for entry in current}
    pages = config.extra.get("medreg_page_urls", frozenset())
    kept = [entry for entry in previous.entries
            if entry["location"].split("#", 1)[0] not in rebuilt and entry["location"].split("#", 1)[0] in pages]
    search.search_index.entries = kept + current
    search.search_index_prev = None  # merged here; Material writes the index as it is


def _remove_deleted_pages(config) -> None:
    """On `mkdocs serve --dirty`, MkDocs writes only the pages that changed
    and never removes one: a page whose source was deleted would still be
    served. Remove what MkDocs built from each file the pipeline removed."""
    if not serve_state.PROCESS.dirty:
        return
    site_dir = Path(config.site_dir).resolve()
    for rel in serve_state.PROCESS.removed:
        built = Path(File(rel, config.docs_dir, config.site_dir, config.use_directory_urls).abs_dest_path).resolve()
        if built.is_file() and built.is_relative_to(site_dir):
            built.unlink()
            folder = built.parent
            while folder != site_dir and folder.is_relative_to(site_dir) and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    serve_state.PROCESS.removed = []


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate.
    This site's navigation is fixed (briefings are not in it), so the warning
    would only hide real ones: it is shown once, at info level."""

    shown = False

    def filter(self, record: logging.LogRecord) -> bool:
        if "'dirty' build is being performed" not in record.getMessage():
            return True
        if not _DirtyNotice.shown:
            _DirtyNotice.shown = True
            log.info("serving with --dirty: each change rebuilds only the pages the build rewrote")
        return False


class _TemplateBytecode(jinja2.BytecodeCache):
    """Jinja's bytecode cache (its documented extension point), in memory for
    the life of one `mkdocs serve`: a rebuild loads the theme's compiled
    templates instead of parsing and compiling them again. Jinja checks each
    template's source checksum, so an edited template is compiled afresh."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = serve_state.PROCESS.template_bytecode.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        serve_state.PROCESS.template_bytecode[bucket.key] = bucket.bytecode_to_string()


def on_env(env, config, files):
    if serve_state.PROCESS.serving:
        env.bytecode_cache = _TemplateBytecode()
    return env


def on_startup(command, dirty) -> None:
    serve_state.PROCESS.serving = command == "serve"
    serve_state.PROCESS.dirty = serve_state.PROCESS.serving and dirty
    if dirty:  # on_startup runs once per process
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


def on_pre_build(config) -> None:
    # use_directory_urls is final here: the offline plugin turns it off in on_config.
    build_config = _project(config)
    started = time.perf_counter()
    if serve_state.PROCESS.serving:
        # A rebuild after an edit to the registry extracts and renders again what names an edited
        # entry (an organisation every source names: most of the site), which the log says before it starts.
        version = registry_version(build_config.registry_dir)
        if serve_state.PROCESS.registry_version not in (None, version):
            log.info("registry/ changed: the sources that name an edited entry are extracted again, and the "
                     "pages that show one rendered again")
        serve_state.PROCESS.registry_version = version
        if code_changed_on_disk():
            log.warning("build_scripts/ changed since `mkdocs serve` started: it goes on building with the code it "
                        "started with (Python does not load a module again); restart it to build with the new code")
    try:
        # Under `mkdocs serve`, unchanged sources' results and pages stay in memory between rebuilds.
        written = write_build(build_config, memory=serve_state.PROCESS.memory if serve_state.PROCESS.serving else None)
    except Exception as exc:  # the pipeline reports per-file problems; this is a bug
        raise PluginError(f"the briefing build failed: {type(exc).__name__}: {exc}") from exc
    result, report = written.result, written.report
    if report is None:  # the registry cannot be read: nothing was built
        message = "the briefing build could not run:\n" + "\n".join(str(problem) for problem in result.problems)
        if serve_state.PROCESS.serving and serve_state.PROCESS.reported is not None and not config.strict:
            # A rebuild of `mkdocs serve`: keep serving the pages of the last build (a registry
            # saved half-edited is common) instead of leaving every request waiting for a fix.
            log.error(message + "\nThe site shows the pages of the last build until the registry is fixed.")
            return
        raise PluginError(message)
    if build_config.search != "pagefind":  # Material's search is off then: jieba would load for nothing
        _teach_search_segmenter(result.chinese_names)
    serve_state.PROCESS.removed = list(report.removed)
    problems = set(written.problems)
    # On `mkdocs serve`, each rebuild reports what is new; the rest is counted.
    if serve_state.PROCESS.serving and serve_state.PROCESS.reported is not None:
        known = serve_state.PROCESS.reported
    elif serve_state.PROCESS.serving and not config.strict:
        # The first build of `mkdocs serve` (not --strict: there every warning must be
        # logged) counts the many warnings the last recorded build reported, as the
        # command line does, instead of logging tens of thousands again.
        known = repeated_warnings(problems, result.reported_before)
    else:
        known = set()
    for problem in sorted_problems(problems - known):
        log.warning(str(problem))
    if problems & known:
        log.info(f"{len(problems & known):,} problems reported by the previous build remain "
                 "(`python -m build_scripts build --all-problems` prints them all)")
    if serve_state.PROCESS.serving and serve_state.PROCESS.reported is not None:  # not the first build
        def shown(rel: str) -> str:
            return build_config.display(build_config.sources_dir / rel)
        lines = describe_registry(result, shown, width=9)
        if result.changed_sources:
            lines += describe_changes(result, sorted_problems(problems), shown, width=9)
        for line in lines + describe_removals(result, shown, width=9):
            log.info(visible(line))  # titles are source text: no escape reaches the terminal
    serve_state.PROCESS.reported = problems
    log.info(f"{result.articles} briefings from {result.sources_read} sources: "
             f"{len(report.written)} pages written, {len(report.unchanged)} unchanged, "
             f"{len(report.removed)} removed, in {time.perf_counter() - started:.2f} s")


def _teach_search_segmenter(names: tuple[str, ...]) -> None:
    """Material's search segments Chinese text with jieba at build time. Add
    the registry's Chinese names and keywords (药监局, 创新药, 临床试验, 李利...)
    to jieba's dictionary so each is indexed as one word."""
    try:
        import jieba
    except ImportError:
        return
    for name in names:
        jieba.add_word(name, freq=100_000)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Set the title MkDocs shows in <title>, the header, navigation and search.

    A briefing with an English gloss is titled by the gloss (the site's
    language; the headline as printed stays the page's heading). MkDocs and
    Material put ``page.title``, ``page.meta.title`` and ``page.meta.description``
    into HTML without escaping them, and on briefings they come from clippings,
    so they are escaped here, before any template sees them. The page files on
    disk keep the plain values."""
    if "source" not in page.meta:  # not a briefing: keep the nav's title
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html.escape(page.meta["title"], quote=False)
    else:
        title = page.meta.get("title_en") or page.meta.get("title")
        if isinstance(title, str):
            page.meta["title"] = page.title = html.escape(title, quote=False)
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = html.escape(description, quote=True)
    return markdown
