"""Figures that disagree: two briefings giving different values for the same
measure and period ("63 innovative drugs in 2024" against "48").

``find_disagreements`` works them out from every briefing;
``update_disagreements`` from the state the last build kept
(``Disagreements``), working out again only what the briefings added,
changed or deleted since can change. At 10,000 sources the corpus
makes 40,000 claims of a dozen measures, each claimed by thousands of
briefings: worked out afresh, 0.45 s of every added source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..extract.figures import measure_key
from ..model import Briefing, Figure

MAX_DISAGREEMENTS = 3  # other values shown beside a figure

# A briefing's claim: its figure (by position among its figures) for a measure it gives one value for.
Claim = tuple[tuple, int | float, int]  # (measure, value, position)
# A briefing's disagreement: its figure's position, the other briefing (by slug), that one's figure's position.
Entry = tuple[int, str, int]
# What a page shows: a briefing's figure (by its position), the other briefing, that one's figure.
Found = dict[str, list[tuple[int, Briefing, Figure]]]


def claims_of(briefing: Briefing) -> tuple[Claim, ...]:
    """The measures a briefing gives one value for ("from A to B" in one
    report is no claim), each with its first figure of that measure."""
    by_measure: dict[tuple, list[int]] = defaultdict(list)
    for position, figure in enumerate(briefing.figures):
        key = measure_key(figure)
        if key:
            by_measure[key].append(position)
    return tuple((key, briefing.figures[places[0]].value, places[0]) for key, places in by_measure.items()
                 if len({briefing.figures[place].value for place in places}) == 1)


def find_disagreements(briefings: list[Briefing]) -> Found:
    """Briefing slug -> (the position of its figure among its figures, another
    briefing, that briefing's figure with a different value for the same
    measure and period)."""
    return update_disagreements(briefings, {b.slug: b.slug for b in briefings}, None)[0]


@dataclass(frozen=True)
class Disagreements:
    """What ``update_disagreements`` worked out, for the next build:
    - ``claims`` of every briefing (briefings without a claim too, as
      ``()``), by its content key (a key names what a briefing is, so its
      figures and date), with its slug and sort key;
    - ``first``: for each measure, the earliest claim of each value, as
      (sort key, slug, position); the values shown beside a figure are the
      first MAX_DISAGREEMENTS + 1 of them (``_shown``), one report a value
      (linear in the claims, however many reports repeat each value);
    - ``entries`` of each briefing with a disagreement, by slug, in the order
      of its own figures (so a briefing added elsewhere in the corpus does
      not reorder the list, which is part of the briefing page's cache key).
    Briefings are named by slug where an edit that leaves a briefing's date
    and claims as they were should leave the others' results as they were."""

    claims: dict[str, tuple[str, tuple, tuple[Claim, ...]]]
    first: dict[tuple, dict[int | float, tuple[tuple, str, int]]]
    entries: dict[str, tuple[Entry, ...]]


def _shown(first: dict[int | float, tuple[tuple, str, int]]) -> list[tuple[int | float, str, int]]:
    """The other values a claim of this measure is shown against: the earliest
    reports of the first MAX_DISAGREEMENTS + 1 values, earliest first."""
    earliest = sorted(first.items(), key=lambda item: item[1][0])[:MAX_DISAGREEMENTS + 1]
    return [(value, slug, position) for value, (_, slug, position) in earliest] if len(first) > 1 else []


def _entries(slug: str, claims: tuple[Claim, ...], shown: dict[tuple, list]) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for measure, value, position in sorted(claims, key=lambda claim: claim[2]):
        against = [(position, other, other_position) for other_value, other, other_position in shown[measure]
                   if other_value != value and other != slug]
        entries += against[:MAX_DISAGREEMENTS]
    return tuple(entries)


def update_disagreements(briefings: list[Briefing], content_key: dict[str, str],
                         previous: Disagreements | None) -> tuple[Found, Disagreements]:
    """``find_disagreements`` of ``briefings``, each known by its key in
    ``content_key`` (slug -> key; every briefing has one), from the last
    build's ``previous`` (or from nothing, None). Claims are worked out for
    the briefings whose keys are new; a measure's earliest claim of each
    value is updated by them, and worked out again from every claim only
    when a briefing deleted, or changed in its date or claims, held one; the
    entries of a measure's claims are worked out again only when the values
    they are shown against changed (a briefing added to a measure that has
    its earliest values, or edited elsewhere than in its figures, leaves them
    as they were)."""
    by_slug = {b.slug: b for b in briefings}
    slug_of = {content_key[b.slug]: b.slug for b in briefings}
    if previous is None:
        previous = Disagreements({}, {}, {})
    claims = {key: known for key, known in previous.claims.items() if key in slug_of}
    added = [key for key in slug_of if key not in claims]
    for key in added:
        briefing = by_slug[slug_of[key]]
        claims[key] = (briefing.slug, briefing.sort_key, claims_of(briefing))
    now = {slug: claims[key] for key, slug in slug_of.items()}
    first = {measure: dict(values) for measure, values in previous.first.items()}
    redo: set[tuple] = set()  # measures whose earliest claims are worked out again from every claim
    for gone in previous.claims.keys() - slug_of.keys():
        slug, _, its = known = previous.claims[gone]
        if now.get(slug) == known:  # edited elsewhere: the same slug, date and claims
            continue
        for measure, value, _ in its:
            if first[measure][value][1] == slug:
                redo.add(measure)
    for measure in redo:
        first[measure] = {}
    changed = set(redo)
    new = set(added)
    for key in slug_of if redo else added:  # every claim again for a measure redone; else the new ones
        slug, sort_key, its = claims[key]
        for measure, value, position in its:
            if key in new or measure in redo:
                values = first.setdefault(measure, {})
                kept = values.get(value)
                if kept is None or sort_key < kept[0]:
                    values[value] = (sort_key, slug, position)
                    changed.add(measure)
    for measure in [m for m, values in first.items() if not values]:
        del first[measure]
    shown = {measure: _shown(values) for measure, values in first.items()}
    old_shown = {measure: _shown(previous.first[measure]) for measure in changed if measure in previous.first}
    moved = {measure for measure in changed if shown.get(measure) != old_shown.get(measure)}
    entries = {slug: found for slug, found in previous.entries.items() if slug in by_slug}
    for key in slug_of if moved else added:
        slug, _, its = claims[key]
        if key in new or any(measure in moved for measure, _, _ in its):
            found = _entries(slug, its, shown)
            if found:
                entries[slug] = found
            else:
                entries.pop(slug, None)
    result: Found = {}
    for slug, found in entries.items():
        result[slug] = [(position, by_slug[other], by_slug[other].figures[other_position])
                        for position, other, other_position in found]
    return result, Disagreements(claims, first, entries)
