"""``python -m build_scripts add``: copy sources into sources/ under clean
names with sidecar stubs, and show the editor what the build extracts from
each and what to curate. A source can be a file, a folder of them, or a web
address (fetched once and kept as a snapshot, its sidecar saying where from
and when)."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .config import BuildConfig
from .fetch import FetchError, fetch
from .per_source import SourceOutcome, sidecar_for
from .model import Briefing
from .normalise.article import cjk_share
from .paths import visible
from .pipeline import preview_sources
from .registry import Registry
from .render.stories import format_value
from .render.urls import briefing_path
from .report import clip, progress_bar
from .slugs import slugify


def describe_briefing(briefing: Briefing, registry: Registry | None = None) -> str:
    """What the build extracted from one article, for an editor to check:
    its fields, and (given the ``registry`` it was extracted with) the
    people, organisations and figures found."""
    event = briefing.event
    rows = [
        ("title", briefing.title),
        ("title_en", briefing.title_en),
        ("date", " ".join(filter(None, [briefing.date, briefing.time])) or None),
        ("outlet", briefing.outlet + (f" (printed: {briefing.outlet_original})" if briefing.outlet_original else "")
         if briefing.outlet else None),
        ("document number", briefing.document_number),
        ("event", ", ".join(filter(None, [event.name, event.date, event.venue, event.city])) if event else None),
        ("language", ", ".join(briefing.language)),
        ("summary", briefing.summary),
        ("key points", str(len(briefing.key_points)) if briefing.key_points else None),
        ("topics", ", ".join(_name(registry, t) for t in briefing.entities.topics)
         if registry is not None else ", ".join(briefing.topics) or None),
    ]
    if registry is not None:
        def person(ref) -> str:
            role = ", ".join(filter(None, [ref.role, _name(registry, ref.organisation) if ref.organisation else None]))
            return ref.name + (f" ({role})" if role else "") + ("" if ref.id else " [not in the registry]")
        figures = [f"{format_value(f)}" + (f" ({f.what})" if f.what else "") for f in briefing.figures]
        rows += [("people", "; ".join(map(person, briefing.entities.people)) or None),
                 ("organisations", "; ".join(_name(registry, o) for o in briefing.entities.organisations) or None),
                 ("figures", "; ".join(figures) or None)]
    rows.append(("page", f"docs/{briefing_path(briefing)}"))
    head = f"Article {briefing.part} of {briefing.parts}:" if briefing.parts > 1 else "Article:"
    width = max(len(name) for name, _ in rows)
    body = [f"  {name.ljust(width)}  {clip(value) if value else '(not found)'}" for name, value in rows]
    return "\n".join([head] + body)


def _name(registry: Registry, entity: str) -> str:
    """An entity's name, or the name as printed when the registry lacks it."""
    known = registry.get(entity)
    return known.name if known else entity


def clean_name(briefing: Briefing, suffix: str) -> str:
    """A file name from the source's date and headline (a Chinese headline's
    first characters in pinyin: ``2026-01-05-guo-jia-yao-jian-ju-fa-bu.pdf``)."""
    stem = slugify(briefing.title_en or briefing.title, fallback="")
    if stem == "untitled":
        stem = ""
    if not stem and cjk_share(briefing.title):
        from pypinyin import lazy_pinyin

        stem = slugify(" ".join(lazy_pinyin(briefing.title[:10])), fallback="")
        stem = "" if stem == "untitled" else stem
    stem = "-".join(stem.split("-")[:10])
    parts = [p for p in (briefing.date, stem) if p]
    return ("-".join(parts) or "source") + suffix.lower()


PROGRESS_FROM = 10  # inputs: a progress bar from this many on, in a terminal
TINY_PAGE = 20_000  # bytes: a fetched page this small with no article is likely a login wall or a captcha
ALMOST_NO_TEXT = 80  # characters of body text: less, in a fetched page, is no article ("verify to continue")


@dataclass(frozen=True)
class Added:
    """What became of one thing given to ``add``: ``status`` is "added",
    "already" (the same address or bytes are in sources/: ``message`` says
    which source) or "failed" (``message`` says why; nothing was written)."""

    given: str
    status: str
    message: str = ""
    target: Path | None = None
    sidecar: Path | None = None
    address: str | None = None
    redirects: tuple[str, ...] = ()
    outcome: SourceOutcome | None = None
    problems: tuple = field(default=())


def is_address(text: str) -> bool:
    return bool(re.match(r"https?://", text.strip(), re.I))


def add_inputs(given: list[str], from_file: Path | None) -> tuple[list[str], list[Added]]:
    """The files and addresses to add, in order: each given one, a folder's
    source files, and ``from_file``'s lines (one address or path a line;
    blank lines and ``#`` comments skipped)."""
    from .read.discover import discover_sources

    inputs, failed = [], []
    listed = list(given)
    if from_file is not None:
        try:
            listed += [line.strip() for line in from_file.read_text("utf-8-sig").splitlines()
                       if line.strip() and not line.lstrip().startswith("#")]
        except (OSError, UnicodeDecodeError) as exc:
            failed.append(Added(str(from_file), "failed", f"the list cannot be read: {exc}"))
    for item in listed:
        path = Path(item).expanduser()
        if not is_address(item) and path.is_dir():
            found = discover_sources(BuildConfig.for_project(path, sources_dir=path.resolve()))
            inputs += [str(found_path) for found_path in found.paths]
            if not found.paths:
                failed.append(Added(item, "failed", "the folder holds no source file (.txt, .md, .html, .pdf, .docx)"))
        else:
            inputs.append(item)
    return list(dict.fromkeys(inputs)), failed


class _Known:
    """The sources already in sources/, to tell an input that is one of them:
    by the address its sidecar records, or by its bytes. Only the sources of
    an input's size are read and hashed (not all of them for every add)."""

    def __init__(self, config: BuildConfig):
        from .read.discover import discover_sources

        self._config = config
        self.addresses: dict[str, str] = {}
        self._by_size: dict[int, list[Path]] = {}
        self._hashes: dict[str, str] = {}
        if not config.sources_dir.is_dir():
            return
        for path in discover_sources(config).paths:
            try:
                self._by_size.setdefault(path.stat().st_size, []).append(path)
                sidecar = sidecar_for(path)
                if sidecar.is_file():
                    match = re.search(r"^url:\s*['\"]?([^'\"\s]+)", sidecar.read_text("utf-8-sig"), re.M)
                    if match:
                        self.addresses.setdefault(match.group(1), config.display(path))
            except (OSError, UnicodeDecodeError):
                continue

    def with_bytes(self, data: bytes) -> str | None:
        """The source (as shown) with these bytes, if there is one."""
        for path in self._by_size.pop(len(data), []):
            try:
                self._hashes.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), self._config.display(path))
            except OSError:
                continue
        return self._hashes.get(hashlib.sha256(data).hexdigest())

    def added(self, data: bytes, target: Path, addresses: tuple[str, ...]) -> None:
        shown = self._config.display(target)
        self._hashes[hashlib.sha256(data).hexdigest()] = shown
        for address in addresses:
            self.addresses[address] = shown


def run_add(given: list[str], config: BuildConfig, stdout: TextIO, stderr: TextIO, today: str,
            name: str | None = None, from_file: Path | None = None, as_json: bool = False,
            timeout: float = 30.0) -> int:
    """Add each file, folder or web address ``given`` (and those listed in
    ``from_file``) to sources/ under a clean name with a sidecar stub (a
    fetched page's says ``url:`` and ``retrieved: today``), then print what
    the build extracts from each and what to curate: in full for one source,
    as a table for several, or as JSON. One that cannot be added never stops
    the others; the exit status is 1 if any failed."""
    inputs, results = add_inputs(given, from_file)
    if name is not None and len(inputs) > 1:
        print("error: --name names one source; give one file or address with it", file=stderr)
        return 2
    known = _Known(config)
    advance = progress_bar(len(inputs), stderr, PROGRESS_FROM, "source")
    with tempfile.TemporaryDirectory(prefix="medreg-add-") as staging:
        for number, item in enumerate(inputs):
            results.append(_add_one(item, config, Path(staging) / str(number), today, name, known,
                                    timeout))
            if advance:
                advance(1)
    added = [result for result in results if result.status == "added"]
    # What the build will make of the copies, all at once: their slugs and problems name sources/.
    preview = preview_sources([result.target for result in added], config) if added else None
    if preview is not None:
        by_target = dict(zip([result.target for result in added], preview.outcomes))
        results = [replace(result, outcome=by_target[result.target]) if result.status == "added" else result
                   for result in results]
    registry = preview.registry if preview is not None else None
    if as_json:
        print(json.dumps([_as_json(result, config) for result in results], ensure_ascii=False, indent=2), file=stdout)
    elif len(results) == 1:
        _print_one(results[0], config, registry, preview, stdout, stderr)
    else:
        _print_table(results, config, stdout, stderr)
    return 1 if any(result.status == "failed" for result in results) else 0


def _add_one(item: str, config: BuildConfig, staging: Path, today: str, name: str | None,
             known: _Known, timeout: float) -> Added:
    """Fetch or read one input, check it builds, and copy it in."""
    address, redirects = None, ()
    if is_address(item):
        item = item.strip()
        if item in known.addresses:
            return Added(item, "already", f"already added as {known.addresses[item]} (same address)",
                         address=item)
        try:
            page = fetch(item, config.max_source_bytes, timeout)
        except FetchError as exc:
            return Added(item, "failed", exc.message)
        address, redirects, data, suffix = page.address, page.redirects, page.data, page.suffix
        if address in known.addresses:
            return Added(item, "already", f"already added as {known.addresses[address]} (same address after redirects)",
                         address=address, redirects=redirects)
        staging.mkdir(parents=True)
        path = staging / ("page" + suffix)
        path.write_bytes(data)
        original_name = None
    else:
        path = Path(item).expanduser().resolve()
        if not path.is_file():
            return Added(item, "failed", "no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Added(item, "failed", f"cannot be read: {exc.strerror or exc}")
        suffix, original_name = path.suffix, path.name
    same = known.with_bytes(data)
    if same:
        return Added(item, "already", f"already in sources/ as {same} (the same bytes)",
                     target=config.root / same, address=address, redirects=redirects)
    probe = BuildConfig.for_project(config.root, sources_dir=path.parent)
    outcome = preview_sources([path], probe, extract=False).outcomes[0]
    if outcome.failed:
        reasons = [problem.message for problem in outcome.problems if problem.severity == "error"]
        message = "; ".join(reasons) or "it cannot be built"
        if address and len(data) < TINY_PAGE and suffix == ".html":
            message = (f"no article in the page ({len(data):,} bytes): a login wall, a captcha or an error page? "
                       f"({message})")
        return Added(item, "failed", message, address=address, redirects=redirects, problems=outcome.problems)
    if address and suffix == ".html" and _text_size(outcome) < ALMOST_NO_TEXT:
        return Added(item, "failed", f"the page has almost no text ({_text_size(outcome)} characters): a login wall, "
                                     "a captcha or an error page? Save the article from a browser and add the file",
                     address=address, redirects=redirects)
    target = config.sources_dir / _free_name(name or clean_name(outcome.briefings[0], suffix), config, name is None)
    if target.exists():
        return Added(item, "failed", f"{config.display(target)}: a different file already has this name; "
                                     "choose another with --name")
    config.sources_dir.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    sidecar = sidecar_for(target)
    if not sidecar.exists():
        sidecar.write_text(_sidecar_stub(original_name, outcome.briefings, address, today if address else None),
                           "utf-8")
    known.added(data, target, (address, item) if address else ())
    return Added(item, "added", target=target, sidecar=sidecar, address=address, redirects=redirects)


def _text_size(outcome: SourceOutcome) -> int:
    """Characters of text in the briefings' bodies (and summaries)."""
    return sum(len(block.text) + sum(map(len, block.items)) for briefing in outcome.briefings for block in briefing.body) \
        + sum(len(briefing.summary or "") for briefing in outcome.briefings if briefing.body_is_summary)


def _free_name(wanted: str, config: BuildConfig, may_number: bool) -> str:
    """``wanted``, or (``may_number``) ``wanted`` numbered -2, -3 ... where a
    different source already has the name."""
    stem, dot, suffix = wanted.rpartition(".")
    candidate, number = wanted, 1
    while may_number and (config.sources_dir / candidate).exists():
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    return candidate


def _to_curate(outcome: SourceOutcome | None) -> list[str]:
    return [problem.message for problem in outcome.problems if problem.severity == "warning"] if outcome else []


_FIELD_TO_SET = re.compile(r"set '(\w+):'")  # how a warning names the sidecar field it asks for


def _curate_summary(outcome: SourceOutcome | None) -> str:
    """What is left to curate, in a few words: the fields its warnings ask
    to set, and how many names the registry lacks."""
    warnings = _to_curate(outcome)
    asked = [match.group(1) for match in map(_FIELD_TO_SET.search, warnings) if match]
    names = sum("is not in the registry" in message for message in warnings)
    parts = list(dict.fromkeys(asked)) + ([f"{names} name{'s' if names != 1 else ''} for the registry"] if names else [])
    rest = len(warnings) - len(asked) - names
    parts += [f"{rest} other"] if rest > 0 else []
    return ", ".join(parts) or "-"


def _print_one(result: Added, config: BuildConfig, registry, preview, stdout: TextIO, stderr: TextIO) -> None:
    if result.status == "failed":
        for problem in result.problems:
            print(problem, file=stderr)
        if not result.problems:
            print(f"{visible(result.given)}: error: {result.message}", file=stderr)
        print("Not added: fix the problem above and try again.", file=stderr)
        return
    if result.status == "already":
        print(f"{visible(result.given)}: {result.message}; nothing to add.", file=stdout)
        return
    came_from = result.address or visible(Path(result.given).name)
    print(f"Added {config.display(result.target)} (from {came_from})", file=stdout)
    for step in result.redirects:
        print(f"  redirected from {step}", file=stdout)
    print(f"Curate it in {config.display(result.sidecar)}; rebuild with `make build` (or `mkdocs serve` "
          "picks it up).\n", file=stdout)
    if registry is None:
        print("The registry has errors, so people and organisations were not looked for:", file=stdout)
        for problem in preview.registry_problems:
            print(f"  {problem}", file=stdout)
    for briefing in result.outcome.briefings:
        print(describe_briefing(briefing, registry), file=stdout)
    warnings = _to_curate(result.outcome)
    if warnings:
        print("\nTo curate:", file=stdout)
        for message in warnings:
            print(f"  - {message}", file=stdout)


def _print_table(results: list[Added], config: BuildConfig, stdout: TextIO, stderr: TextIO) -> None:
    """One row an article: the source, title, date, outlet and how much is left to curate."""
    rows = [("source", "title", "date", "outlet", "to curate")]
    for result in results:
        if result.status != "added":
            continue
        for briefing in result.outcome.briefings:
            rows.append((config.display(result.target), clip(briefing.title_en or briefing.title, 50),
                         briefing.date or "-", clip(briefing.outlet or "-", 30),
                         _curate_summary(result.outcome) if briefing.part == 1 else ""))
    widths = [max(_columns(row[column]) for row in rows) for column in range(len(rows[0]))]
    added = sum(result.status == "added" for result in results)
    print(f"Added {added} of {len(results)}:", file=stdout)
    if added:
        for row in rows:
            print("  " + "  ".join(cell + " " * (width - _columns(cell)) for cell, width in zip(row, widths)).rstrip(),
                  file=stdout)
    for result in results:
        if result.status == "already":
            print(f"  {visible(result.given)}: {result.message}", file=stdout)
    failed = [result for result in results if result.status == "failed"]
    for result in failed:
        print(f"{visible(result.given)}: error: {result.message}", file=stderr)
    if added:
        print("Curate each in its sidecar (`make build` lists every warning; the Curation page the names); "
              "rebuild with `make build`.", file=stdout)


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _as_json(result: Added, config: BuildConfig) -> dict:
    data = {"given": result.given, "status": result.status}
    if result.message:
        data["message"] = result.message
    if result.address:
        data["url"] = result.address
        data["redirects"] = list(result.redirects)
    if result.status == "added":
        data["source"] = config.display(result.target)
        data["sidecar"] = config.display(result.sidecar)
        data["briefings"] = [{"title": b.title, "title_en": b.title_en, "date": b.date, "outlet": b.outlet,
                              "document_number": b.document_number, "page": f"docs/{briefing_path(b)}"}
                             for b in result.outcome.briefings]
        data["to_curate"] = _to_curate(result.outcome)
    return data


def _sidecar_stub(original_name: str | None, briefings: tuple[Briefing, ...], address: str | None = None,
                  retrieved: str | None = None) -> str:
    lines = [
        "# Editor's corrections for this source. Keys set here override what the build",
        "# extracted; `null` says the source has no such value. See CURATING.md.",
    ]
    if original_name is not None:
        lines.append(f"original_name: {original_name!r}" if "'" not in original_name
                     else f'original_name: "{original_name}"')
    if address:  # JSON's string is YAML's double-quoted one
        lines += [f"url: {json.dumps(address)}", f"retrieved: {retrieved}"]
    if len(briefings) == 1:
        b = briefings[0]
        lines += ["# title_en: English gloss of the headline" if not b.title_en and cjk_share(b.title) else "",
                  "# date: YYYY-MM-DD" if not b.date else "",
                  "# outlet: Name of the outlet" if not b.outlet else "",
                  "# topics: []"]
    else:
        lines += ["# parts:", "#   1:", "#     title_en: English gloss of the first headline"]
    return "\n".join(line for line in lines if line) + "\n"
