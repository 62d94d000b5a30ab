"""``python -m build_scripts add``: copy a source into sources/ under a clean
name with a sidecar stub, and show the editor what the build extracts from it
and what to curate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TextIO

from .config import SIDECAR_SUFFIX, BuildConfig
from .model import Briefing
from .normalise.article import cjk_share
from .paths import visible
from .pipeline import preview_sources
from .registry import Registry
from .render.stories import format_value
from .render.urls import briefing_path
from .report import clip
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
    outcome = preview_sources([path], probe, extract=False).outcomes[0]
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
    preview = preview_sources([target], config)
    added, registry = preview.outcomes[0], preview.registry
    if registry is None:
        print("The registry has errors, so people and organisations were not looked for:", file=stdout)
        for problem in preview.registry_problems:
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
