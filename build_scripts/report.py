"""What a build reports besides its problems: counts, and the sources new or
changed since the last build with what was extracted from them (the
command line's report; each rebuild under `mkdocs serve` logs the latter)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Callable

from .model import Briefing, BuildResult, Problem, display_title
from .paths import visible
from .write import WriteReport

def progress_bar(total: int, stream, from_: int, unit: str):
    """A tqdm progress bar's ``update`` for ``total`` steps when there are at
    least ``from_`` of them and ``stream`` is a terminal; None otherwise (and in CI logs)."""
    import os

    if total < from_ or not stream.isatty() or os.environ.get("CI"):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, file=stream, leave=False).update


REPEATED_WARNINGS = 20  # more warnings than this that the last build reported are counted, not printed


def repeated_warnings(problems: Iterable[Problem], reported: frozenset[Problem]) -> frozenset[Problem]:
    """The warnings among ``problems`` that the last build reported too, when
    there are more than ``REPEATED_WARNINGS`` of them: at 10,000 sources
    there can be tens of thousands (people not yet in the registry), and
    printed every build they would bury what the sources just added or
    edited brought. Errors, and everything when they are few, are printed."""
    repeated = frozenset(p for p in problems if p.severity == "warning" and p in reported)
    return repeated if len(repeated) > REPEATED_WARNINGS else frozenset()


LABEL_WIDTH = 15  # the report's labels ("Sources read:  ") in one column; the serve log uses 9
CHANGED_SHOWN = 10  # new or changed sources described in a build's report; the rest are counted


def format_report(result: BuildResult, report: WriteReport, problems: list[Problem],
                  shown: Callable[[str], str]) -> str:
    """The build's report; ``shown`` gives a source (its path under sources/) as problems show it."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines = [
        f"Sources read:  {result.sources_read} ({result.sources_failed} failed)",
        f"Articles:      {result.articles} briefings",
        f"Pages:         {len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed",
        f"Problems:      {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}",
    ]
    if result.unknown:
        people = len({u.name for u in result.unknown if u.kind == "person"})
        orgs = len({u.name for u in result.unknown if u.kind == "organisation"})
        outlets = len({u.name for u in result.unknown if u.kind == "outlet"})
        named = f"{people} people and {orgs} organisations" if not outlets else \
            f"{people} people, {orgs} organisations and {outlets} outlet{'s' if outlets != 1 else ''}"
        lines.append(f"To curate:     {named} not in the registry (see docs/curation/index.md)")
    if report.kept_aside:
        lines.append(f"Kept aside:    {len(report.kept_aside)} hand-edited page(s) in .edited/")
    lines += describe_registry(result, shown)
    if result.changed_sources and result.briefings:
        lines += describe_changes(result, problems, shown)
    lines += describe_removals(result, shown)
    return "\n".join(visible(line) for line in lines)  # titles are source text: no escape reaches the terminal


def describe_registry(result: BuildResult, shown: Callable[[str], str], width: int = LABEL_WIDTH) -> list[str]:
    """The registry entries added, edited or removed since the last build
    (the first ten), each with the briefings that name it now (a count and
    the first sources), and how many sources were extracted again because
    their text has one of their names: so a curator who has just added a
    person sees where the name was found, or that it was found nowhere (a
    spelling the sources do not use)."""
    edits = result.registry_edits
    if not edits:
        return []
    count, again = len(edits), len(result.extracted_again)
    lines = [f"{'Registry:':<{width - 1}} {count} entr{'ies' if count != 1 else 'y'} added, edited or removed since "
             f"the last build; {again} source{'s' if again != 1 else ''} extracted again (their text has one of "
             "their names)"]
    named: dict[str, list[str]] = {entity_id: [] for _, entity_id, _ in edits[:CHANGED_SHOWN]}
    for briefing in result.briefings:
        for entity_id in named.keys() & briefing.entity_ids:
            named[entity_id].append(briefing.source)
    for what, entity_id, name in edits[:CHANGED_SHOWN]:
        sources = list(dict.fromkeys(named[entity_id]))
        found = len(named[entity_id])
        if what == "removed":
            where = ""
        elif not found:
            where = ": named in no briefing (do the sources spell it another way? add that as an alias)"
        else:
            where = (f": named in {found} briefing{'s' if found != 1 else ''} ("
                     + ", ".join(shown(rel) for rel in sources[:3]) + (", ..." if len(sources) > 3 else "") + ")")
        lines.append(f"  {what:<8} {entity_id} ({clip(name, 60)}){where}")
    if count > CHANGED_SHOWN:
        lines.append(f"  ... and {count - CHANGED_SHOWN} more")
    return lines


def describe_removals(result: BuildResult, shown: Callable[[str], str], width: int = LABEL_WIDTH) -> list[str]:
    """The sources the last build had and this one has not (the first ten)."""
    count = len(result.removed_sources)
    if not count:
        return []
    lines = [f"{'Removed:':<{width}}{count} source{'s' if count != 1 else ''} since the last build "
             "(their pages are gone too)"]
    lines += [f"  {shown(rel)}" for rel in result.removed_sources[:CHANGED_SHOWN]]
    if count > CHANGED_SHOWN:
        lines.append(f"  ... and {count - CHANGED_SHOWN} more")
    return lines


def describe_changes(result: BuildResult, problems: list[Problem], shown: Callable[[str], str],
                     width: int = LABEL_WIDTH) -> list[str]:
    """The sources new or changed since the last build, each with the
    briefings built from it and what was extracted (a count of each), so an
    editor who has just added a file sees what became of it."""
    changed = result.changed_sources
    count = len(changed)
    lines = [f"{'Changed:':<{width}}{count} source{'s' if count != 1 else ''} new or changed since the last build"]
    described = set(changed[:CHANGED_SHOWN])
    by_source: dict[str, list[Briefing]] = {}
    for briefing in result.briefings:
        if briefing.source in described:
            by_source.setdefault(briefing.source, []).append(briefing)
    warnings: dict[str, int] = {}
    for problem in problems:
        warnings[problem.path] = warnings.get(problem.path, 0) + (problem.severity == "warning")
    for rel in changed[:CHANGED_SHOWN]:
        path = shown(rel)
        notes = [f"{warnings[path]} warning{'s' if warnings[path] != 1 else ''}" if warnings.get(path) else "",
                 "not built: see the error above" if rel in result.failed_sources else ""]
        lines.append(f"  {path}" + "".join(f"  ({note})" for note in notes if note))
        for briefing in by_source.get(rel, []):
            found = [(len(briefing.entities.people), "person", "people"),
                     (len(briefing.entities.organisations), "organisation", "organisations"),
                     (len(briefing.entities.topics), "topic", "topics"), (len(briefing.figures), "figure", "figures")]
            counts = (", ".join(f"{n} {one if n == 1 else many}" for n, one, many in found if n)
                      or "no people, organisations, topics or figures")
            when = briefing.date or (briefing.event.date if briefing.event else None) or "undated"
            lines.append(f"    {when:<10}  {clip(display_title(briefing), 80)}")
            lines.append(f"    {'':<10}  docs/briefings/{briefing.slug}.md: {counts}")
    if count > CHANGED_SHOWN:
        lines.append(f"  ... and {count - CHANGED_SHOWN} more")
    return lines


def clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
