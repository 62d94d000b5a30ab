"""Dedupe: group reports of the same story from several outlets.

Each briefing becomes a set of features (its content words, its numbers and
the registry entities it names). MinHash signatures in an LSH index
(datasketch) propose candidate pairs without comparing all pairs; each
candidate is then checked with the exact Jaccard similarity against the
threshold, and, when both are dated, a window of days. Groups are the
connected components. An editor's ``story:`` in a sidecar forces a grouping
(same value, same story) or, with ``story: null``, forbids one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from datasketch import MinHash, MinHashLSH

from .model import Briefing

DEFAULT_THRESHOLD = 0.28
DEFAULT_WINDOW_DAYS = 14
NUM_PERM = 128
STOPWORDS = frozenset("""
a an the of and or to in on for with by from at as is are was were be been being this that these those
its their it has have had will would which into over more than also such other its our we they he she
his her them not no but if then so can could may might should must about after before during while
article emphasizes emphasises highlights highlighting including include includes said says
""".split())
_WORD = re.compile(r"[a-z][a-z'-]+|\d+(?:[.,]\d+)*%?")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class StoryConfig:
    threshold: float = DEFAULT_THRESHOLD
    window_days: int = DEFAULT_WINDOW_DAYS


def features(briefing: Briefing) -> frozenset[str]:
    """Content words, numbers (not years) and Chinese character bigrams of the
    text (not of the headline as printed: outlets retitle the same story, and
    a Chinese headline would outweigh an English summary), and entity ids."""
    parts = [briefing.title_en or "", briefing.summary or "", *briefing.key_points]
    parts += [block.text or " ".join(block.items) for block in briefing.body]
    text = " ".join(parts).lower()
    found = {word for word in _WORD.findall(text) if word not in STOPWORDS and not _YEAR.fullmatch(word)}
    for run in _CJK_RUN.findall(text):
        found |= {"zh:" + run[i:i + 2] for i in range(len(run) - 1)}
    found |= {p.id for p in briefing.entities.people if p.id}
    found |= set(briefing.entities.organisations) - ({briefing.entities.outlet} if briefing.entities.outlet else set())
    return frozenset(found)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _days_apart(a: Briefing, b: Briefing) -> int | None:
    if not a.date or not b.date:
        return None
    return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)


def group_stories(briefings: list[Briefing], config: StoryConfig = StoryConfig()) -> dict[str, str]:
    """Map each briefing's slug to its story id: the slug of the story's
    earliest report (stable while no earlier report joins it)."""
    slugs = [b.slug for b in briefings]
    index = {slug: i for i, slug in enumerate(slugs)}
    parent = list(range(len(briefings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    alone = {i for i, b in enumerate(briefings) if b.story_override == ""}
    forced: dict[str, list[int]] = {}
    for i, briefing in enumerate(briefings):
        if briefing.story_override:
            forced.setdefault(briefing.story_override, []).append(i)
            if briefing.story_override in index:  # a story named by one of its reports' slugs
                forced[briefing.story_override].append(index[briefing.story_override])
    for members in forced.values():
        for other in members[1:]:
            union(members[0], other)

    feature_sets = [features(b) for b in briefings]
    lsh = MinHashLSH(threshold=max(0.05, config.threshold * 0.8), num_perm=NUM_PERM)
    signatures = []
    for i, feature_set in enumerate(feature_sets):
        signature = MinHash(num_perm=NUM_PERM, seed=1)
        signature.update_batch([f.encode("utf-8") for f in sorted(feature_set)])
        signatures.append(signature)
        if i not in alone and briefings[i].story_override is None:
            lsh.insert(str(i), signature)
    for i, signature in enumerate(signatures):
        if i in alone or briefings[i].story_override is not None:
            continue
        for key in lsh.query(signature):
            j = int(key)
            if j <= i:
                continue
            apart = _days_apart(briefings[i], briefings[j])
            if apart is not None and apart > config.window_days:
                continue
            if jaccard(feature_sets[i], feature_sets[j]) >= config.threshold:
                union(i, j)

    groups: dict[int, list[int]] = {}
    for i in range(len(briefings)):
        groups.setdefault(find(i), []).append(i)
    story_of: dict[str, str] = {}
    for members in groups.values():
        earliest = min(members, key=lambda i: (_when(briefings[i]), slugs[i]))
        for i in members:
            story_of[slugs[i]] = slugs[earliest]
    return story_of


def _when(briefing: Briefing) -> tuple[str, str]:
    """Undated reports sort after dated ones."""
    return (briefing.date or "9999", briefing.time or "99:99")
