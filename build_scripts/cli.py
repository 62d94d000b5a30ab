"""Command line: ``python -m build_scripts build|add``."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
import os
import shutil
import sys
from pathlib import Path
from typing import TextIO

from . import __version__
from .config import MANIFEST_NAME, SIDECAR_SUFFIX, BuildConfig
from .extract.entities import Extractor
from .model import Briefing
from .normalise.article import cjk_share
from .paths import visible
from .per_source import extract_source, process_source
from .pipeline import write_build
from .registry import Registry, load_registry
from .render.urls import briefing_path
from .render.stories import format_value
from .report import REPEATED_WARNINGS, clip, format_report, repeated_warnings
from .slugs import slugify
from .timings import BESIDE
from .write import write_pages

PROGRESS_THRESHOLD = 200
# A list when the process ends right after ``main`` (``python -m build_scripts``): what a build
# made is kept in it rather than freed object by object, which only takes time before the exit.
KEPT_TO_EXIT: list | None = None


def _project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts",
        description="Build MedReg Briefings pages from the source documents in sources/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="regenerate the pages under docs/ and print a report")
    build_cmd.add_argument("--strict", action="store_true", help="exit non-zero if there is any warning")
    build_cmd.add_argument("--root", type=Path, default=None, help="project folder (default: this checkout)")
    build_cmd.add_argument("--sources", type=Path, default=None, help="sources folder (default: ROOT/sources)")
    build_cmd.add_argument("--docs", type=Path, default=None, help="docs folder (default: ROOT/docs)")
    build_cmd.add_argument("--quiet", action="store_true", help="print problems only")
    build_cmd.add_argument("--timings", action="store_true", help="also print the seconds each stage took")
    build_cmd.add_argument("--all-problems", action="store_true",
                           help=f"print every warning; by default, when the last build reported more than "
                                f"{REPEATED_WARNINGS}, those it reported are counted, not printed again")

    clean_cmd = commands.add_parser("clean", help="remove every page the build generated under docs/ (and nothing "
                                                  "else: a hand-edited page is kept aside in .edited/)")
    clean_cmd.add_argument("--root", type=Path, default=None, help="project folder (default: this checkout)")
    clean_cmd.add_argument("--docs", type=Path, default=None, help="docs folder (default: ROOT/docs)")

    add_cmd = commands.add_parser("add", help="copy a source file into sources/ and show what was extracted")
    add_cmd.add_argument("path", type=Path, help="the source file to add (.txt, .md or .html)")
    add_cmd.add_argument("--name", help="file name to use in sources/ (default: from its date and title)")
    add_cmd.add_argument("--root", type=Path, default=None, help="project folder (default: this checkout)")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)
    root = (args.root or _project_root()).resolve()
    if args.command == "build":
        config = replace(BuildConfig.for_project(root, strict=args.strict, sources_dir=args.sources,
                                                 docs_dir=args.docs), today=date.today().isoformat())
        return run_build(config, stdout, stderr, quiet=args.quiet, timings=args.timings,
                         all_problems=args.all_problems)
    if args.command == "clean":
        return run_clean(BuildConfig.for_project(root, docs_dir=args.docs), stdout)
    return run_add(args.path, root, args.name, stdout, stderr)


def run_clean(config: BuildConfig, stdout: TextIO) -> int:
    """Remove what the writer's manifest lists, as a build with no pages would:
    the next build starts from an empty docs/ (removing the folders by name
    left the manifest or files behind, and the next build refused every page)."""
    report = write_pages({}, config.docs_dir, config.root)
    (config.docs_dir / MANIFEST_NAME).unlink(missing_ok=True)
    print(f"Removed {len(report.removed)} generated files from {config.display(config.docs_dir)}", file=stdout)
    for rel in report.kept_aside:
        print(f"  {visible(rel)} had been edited by hand: kept in .edited/", file=stdout)
    for problem in report.problems:
        print(problem, file=stdout)
    return 0


def _progress(total: int, stderr: TextIO):
    """A progress bar for long builds in a terminal; nothing in CI logs."""
    if total < PROGRESS_THRESHOLD or not stderr.isatty() or os.environ.get("CI"):
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="source", file=stderr, leave=False)
    return bar.update


def run_build(config: BuildConfig, stdout: TextIO, stderr: TextIO, quiet: bool = False,
              timings: bool = False, all_problems: bool = False) -> int:
    written = write_build(config, progress=lambda total: _progress(total, stderr))
    result, report, problems = written.result, written.report, written.problems
    if report is None:
        for problem in problems:
            print(problem, file=stderr)
        return 1
    if KEPT_TO_EXIT is not None:
        KEPT_TO_EXIT.append(result)
    stages = [*result.timings, ("write", written.write_seconds)]
    repeated = frozenset() if all_problems else repeated_warnings(problems, result.reported_before)
    for problem in problems:
        if problem not in repeated:
            print(problem, file=stderr)
    if repeated:
        print(f"... and {len(repeated):,} warning{'s' if len(repeated) != 1 else ''} that the last build reported "
              "(`build --all-problems` prints them; the site's Curation page lists what to add to the registry)",
              file=stderr)
    if not quiet:
        print(format_report(result, report, problems, lambda rel: config.display(config.sources_dir / rel)),
              file=stdout)
    if timings:
        width = max(len(stage) for stage, _ in stages)
        print("Timings:", file=stdout)
        for stage, seconds in stages:
            print(f"  {stage:<{width}}  {seconds:7.2f} s", file=stdout)
        own = sum(seconds for stage, seconds in stages if not stage.endswith(BESIDE))  # the other ran meanwhile
        print(f"  {'total':<{width}}  {own:7.2f} s", file=stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        return 1
    if config.strict and warnings:
        print(f"Aborted: {warnings} warning{'s' if warnings != 1 else ''} in strict mode.", file=stderr)
        return 1
    return 0


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
    stem = slugify(briefing.title_en or briefing.title, fallback="")
    if stem == "untitled":
        stem = ""
    stem = "-".join(stem.split("-")[:10])
    parts = [p for p in (briefing.date, stem) if p]
    return ("-".join(parts) or "source") + suffix.lower()


def run_add(path: Path, root: Path, name: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """Copy ``path`` into sources/ under a clean name, write a sidecar stub and
    print what was extracted (people, organisations, figures included) and
    what to curate, as the build will see the copy: its page, its sidecar."""
    path = path.resolve()
    if not path.is_file():
        print(f"{path}: error: no such file", file=stderr)
        return 2
    probe = BuildConfig.for_project(root, sources_dir=path.parent)
    registry, registry_problems = load_registry(probe.registry_dir, probe.root)
    outlets = registry.outlets if registry is not None else None
    outcome = process_source(path, probe, outlets)
    if outcome.failed:
        for problem in outcome.problems:
            print(problem, file=stderr)
        print("Not added: fix the problem above and try again.", file=stderr)
        return 1
    config = BuildConfig.for_project(root)
    target_name = name or clean_name(outcome.briefings[0], path.suffix)
    target = config.sources_dir / target_name
    if target.exists():
        if target.read_bytes() == path.read_bytes():
            print(f"{config.display(target)} is already in sources/ with the same bytes.", file=stdout)
            return 0
        print(f"{config.display(target)}: error: a different file already has this name; "
              "choose another with --name", file=stderr)
        return 1
    config.sources_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    sidecar = target.with_name(target.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)
    if not sidecar.exists():
        sidecar.write_text(_sidecar_stub(path.name, outcome.briefings), "utf-8")
    print(f"Added {config.display(target)} (from {visible(path.name)})", file=stdout)
    print(f"Curate it in {config.display(sidecar)}; rebuild with `make build` (or `mkdocs serve` "
          "picks it up).\n", file=stdout)
    # What the build will make of the copy: its slug and problems name sources/, not the download.
    added = process_source(target, config, outlets)
    if registry is not None:
        added = extract_source(added, Extractor(registry, config.display(config.sources_dir)))
    else:
        print("The registry has errors, so people and organisations were not looked for:", file=stdout)
        for problem in registry_problems:
            print(f"  {problem}", file=stdout)
    for briefing in added.briefings:
        print(describe_briefing(briefing, registry), file=stdout)
    warnings = [p for p in added.problems if p.severity == "warning"]
    if warnings:
        print("\nTo curate:", file=stdout)
        for problem in warnings:
            print(f"  - {problem.message}", file=stdout)
    return 0


def _sidecar_stub(original_name: str, briefings: tuple[Briefing, ...]) -> str:
    lines = [
        "# Editor's corrections for this source. Keys set here override what the build",
        "# extracted; `null` says the source has no such value. See CURATING.md.",
        f"original_name: {original_name!r}" if "'" not in original_name else f'original_name: "{original_name}"',
    ]
    if len(briefings) == 1:
        b = briefings[0]
        lines += ["# title_en: English gloss of the headline" if not b.title_en and cjk_share(b.title) else "",
                  "# date: YYYY-MM-DD" if not b.date else "",
                  "# outlet: Name of the outlet" if not b.outlet else "",
                  "# topics: []"]
    else:
        lines += ["# parts:", "#   1:", "#     title_en: English gloss of the first headline"]
    return "\n".join(line for line in lines if line) + "\n"
