"""Command line: ``python -m build_scripts build|add``."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
import sys
from pathlib import Path
from typing import TextIO

from . import __version__
from .config import MANIFEST_NAME, BuildConfig
from .paths import visible
from .pipeline import write_build
from .report import REPEATED_WARNINGS, format_report, progress_bar, repeated_warnings
from .timings import BESIDE
from .write import write_pages

PROGRESS_THRESHOLD = 200


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

    add_cmd = commands.add_parser("add", help="copy source files, folders or web pages into sources/ and show "
                                              "what was extracted")
    add_cmd.add_argument("inputs", nargs="*", metavar="FILE|FOLDER|URL",
                         help="what to add: a source file (.txt, .md, .html, .pdf, .docx), a folder of them, or the "
                              "web address of an article (fetched once and kept as a snapshot)")
    add_cmd.add_argument("--from", dest="from_file", type=Path, metavar="LIST",
                         help="also add each file or address listed in LIST, one a line")
    add_cmd.add_argument("--name", help="file name to use in sources/ for a single source (default: from its date "
                                        "and title)")
    add_cmd.add_argument("--json", action="store_true", help="print what was added as JSON, for scripts")
    add_cmd.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a web page (default 30)")
    add_cmd.add_argument("--root", type=Path, default=None, help="project folder (default: this checkout)")
    return parser


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
         keep: list | None = None) -> int:
    """Run one command. ``keep``, a list, is given what a build made, so that a
    process that ends right after (``python -m build_scripts``) does not spend
    time freeing it object by object."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = _parser().parse_args(argv)
    root = (args.root or _project_root()).resolve()
    if args.command == "build":
        config = replace(BuildConfig.for_project(root, strict=args.strict, sources_dir=args.sources,
                                                 docs_dir=args.docs), today=date.today().isoformat())
        return run_build(config, stdout, stderr, quiet=args.quiet, timings=args.timings,
                         all_problems=args.all_problems, keep=keep)
    if args.command == "clean":
        return run_clean(BuildConfig.for_project(root, docs_dir=args.docs), stdout)
    from .add import run_add  # what only `add` needs

    if not args.inputs and args.from_file is None:
        print("add: give a file, a folder or a web address (or --from LIST)", file=stderr)
        return 2
    return run_add(args.inputs, BuildConfig.for_project(root), stdout, stderr, today=date.today().isoformat(),
                   name=args.name, from_file=args.from_file, as_json=args.json, timeout=args.timeout)


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


def run_build(config: BuildConfig, stdout: TextIO, stderr: TextIO, quiet: bool = False,
              timings: bool = False, all_problems: bool = False, keep: list | None = None) -> int:
    written = write_build(config, progress=lambda total: progress_bar(total, stderr, PROGRESS_THRESHOLD, "source"))
    result, report, problems = written.result, written.report, written.problems
    if report is None:
        for problem in problems:
            print(problem, file=stderr)
        return 1
    if keep is not None:
        keep.append(result)
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
