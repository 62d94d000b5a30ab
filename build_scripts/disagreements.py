"""Figures that disagree: two briefings giving different values for the same
measure and period ("63 innovative drugs in 2024" against "48").

``find_disagreements`` works them out from every briefing;
``update_disagreements`` from the last build's (``Disagreements``, kept by
each briefing's content key), working out again only what the briefings
added, changed or deleted since can change. At 10,000 sources the corpus
makes 40,000 claims of a dozen measures, each claimed by thousands of
briefings: worked out afresh, 0.45 s of every added source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .figures import measure_key
from .model import Briefing, Figure

MAX_DISAGREEMENTS = 3  # other values shown beside a figure

# A briefing's claim: its figure (by position among its figures) for a measure it gives one value for.
Claim = tuple[tuple, int | float, int]  # (measure, value, position)
# A briefing's disagreement: its figure's position, the other briefing (by key), that one's figure's position.
Entry = tuple[int, str, int]
Found = dict[str, list[tuple[Figure, Briefing, Figure]]]


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
    """Briefing slug -> (its figure, another briefing, that briefing's different
    value for the same measure and period)."""
    return update_disagreements(briefings, {b.slug: b.slug for b in briefings}, None)[0]


@dataclass(frozen=True)
class Disagreements:
    """What ``update_disagreements`` worked out, by the briefings' content
    keys (a key names what a briefing is, so its figures and date):
    - ``claims`` of every briefing (briefings without a claim too, as ``()``);
    - ``first``: for each measure, the earliest claim of each value, as
      (sort key, briefing key, position); the values shown beside a figure
      are the first MAX_DISAGREEMENTS + 1 of them (``_shown``), one report a
      value (linear in the claims, however many reports repeat each value);
    - ``entries`` of each briefing with a disagreement, in the order of its
      own figures (so a briefing added elsewhere in the corpus does not
      reorder the list, which is part of the briefing page's cache key)."""

    claims: dict[str, tuple[Claim, ...]]
    first: dict[tuple, dict[int | float, tuple[tuple, str, int]]]
    entries: dict[str, tuple[Entry, ...]]


def _shown(first: dict[int | float, tuple[tuple, str, int]]) -> list[tuple[int | float, str, int]]:
    """The other values a claim of this measure is shown against: the earliest
    reports of the first MAX_DISAGREEMENTS + 1 values, earliest first."""
    earliest = sorted(first.items(), key=lambda item: item[1][0])[:MAX_DISAGREEMENTS + 1]
    return [(value, key, position) for value, (_, key, position) in earliest] if len(first) > 1 else []


def _entries(key: str, claims: tuple[Claim, ...], shown: dict[tuple, list]) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    for measure, value, position in sorted(claims, key=lambda claim: claim[2]):
        against = [(position, other, other_position) for other_value, other, other_position in shown[measure]
                   if other_value != value and other != key]
        entries += against[:MAX_DISAGREEMENTS]
    return tuple(entries)


def update_disagreements(briefings: list[Briefing], content_key: dict[str, str],
                         previous: Disagreements | None) -> tuple[Found, Disagreements]:
    """``find_disagreements`` of ``briefings``, each known by its key in
    ``content_key`` (slug -> key; every briefing has one), from the last
    build's ``previous`` (or from nothing, None). Claims are worked out for
    the briefings whose keys are new; a measure's earliest claim of each
    value is updated by them, and worked out again from every claim only
    when a deleted briefing held one; the entries of a measure's claims
    are worked out again only when the values they are shown against
    changed (a briefing added to a measure that has its earliest values
    leaves them as they were)."""
    by_key = {content_key[b.slug]: b for b in briefings}
    if previous is None:
        previous = Disagreements({}, {}, {})
    claims = {key: claims for key, claims in previous.claims.items() if key in by_key}
    first = {measure: dict(values) for measure, values in previous.first.items()}
    redo: set[tuple] = set()  # measures whose earliest claims are worked out again from every claim
    for gone in previous.claims.keys() - by_key.keys():
        for measure, value, _ in previous.claims[gone]:
            if first[measure][value][1] == gone:
                redo.add(measure)
    added = {key for key in by_key if key not in claims}
    for key in added:
        claims[key] = claims_of(by_key[key])
    for measure in redo:
        first[measure] = {}
    changed = set(redo)
    for key in by_key if redo else added:  # every claim again for a measure redone; else the new ones
        sort_key = by_key[key].sort_key
        for measure, value, position in claims[key]:
            if key in added or measure in redo:
                values = first.setdefault(measure, {})
                kept = values.get(value)
                if kept is None or sort_key < kept[0]:
                    values[value] = (sort_key, key, position)
                    changed.add(measure)
    for measure in [m for m, values in first.items() if not values]:
        del first[measure]
    shown = {measure: _shown(values) for measure, values in first.items()}
    old_shown = {measure: _shown(previous.first[measure]) for measure in changed if measure in previous.first}
    moved = {measure for measure in changed if shown.get(measure) != old_shown.get(measure)}
    entries = {key: found for key, found in previous.entries.items() if key in by_key}
    for key, its_claims in claims.items():
        if key in added or any(measure in moved for measure, _, _ in its_claims):
            found = _entries(key, its_claims, shown)
            if found:
                entries[key] = found
            else:
                entries.pop(key, None)
    result: Found = {}
    for key, found in entries.items():
        briefing = by_key[key]
        result[briefing.slug] = [(briefing.figures[position], by_key[other], by_key[other].figures[other_position])
                                 for position, other, other_position in found]
    return result, Disagreements(claims, first, entries)
