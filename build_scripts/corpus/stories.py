"""Dedupe: group reports of the same story from several outlets.

Each briefing becomes a set of features (its content words, its numbers and
the registry entities it names), kept as 64-bit hashes with a MinHash
signature (``fingerprint``, computed once per source and cached with it).
Banded LSH over the signatures proposes candidate pairs without comparing
all pairs; a pair is only proposed when both reports fall in the same or
neighbouring windows of days, so the work grows with the corpus, not with
its square. Each candidate is then checked: the window of days exactly, then the
signatures' estimate decides clear cases (0.1 above or 0.06 below the
threshold; its standard error is under 0.03) and the exact Jaccard
similarity of the features the close ones. Pairs found to be one story are
joined the most similar first, and a story never grows to span more days than
the window from its first report to its last (joined by every pair, a chain
of reports a few days apart would be one story of months). An editor's
``story:`` in a sidecar forces a grouping (same value, same story) or, with
``story: null``, forbids one.

Hand-written with numpy rather than datasketch: importing datasketch costs
1.5 s (it loads scipy) on every build, and its banding for a threshold this
low finds only about 60% of pairs at the threshold; here 96 bands of 3 rows
find 88% of pairs at 0.28 and 97% at 0.33 (the seeds' lowest same-story pair).
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import numpy as np

from ..model import Briefing

DEFAULT_THRESHOLD = 0.28
DEFAULT_WINDOW_DAYS = 14
BANDS, ROWS = 96, 3
NUM_PERM = BANDS * ROWS
_PRIME = np.uint64((1 << 61) - 1)
_RNG = np.random.RandomState(1)
# (a * x + b) mod p over 32-bit x, a and b drawn below p: the product wraps at
# 2**64, which is still a fixed mixing; small a would make the minima correlated.
_A = _RNG.randint(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _RNG.randint(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_EMPTY = np.zeros(0, dtype=np.uint64)
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


@dataclass(frozen=True)
class StoryLinks:
    """What one build compared and linked, for the next: the content keys of
    the reports that took part, and the pairs of them found to be one story.
    Whether two reports are linked depends on them alone (their features,
    dates and the settings), so a rebuild compares only pairs with a new or
    changed report and takes the others' links from here."""

    config: StoryConfig
    keys: frozenset[str]
    links: frozenset[tuple[str, str, float]]  # (key, key, similarity)
    # The stories those links made (of reports no editor placed): each report of a story of
    # several -> its earliest report, by key. None: not known (stories an editor placed).
    joined: dict[str, str] | None = field(default=None, hash=False)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """A briefing's features as sorted unique 64-bit hashes, and their MinHash signature."""

    hashes: np.ndarray
    signature: np.ndarray

    def __reduce__(self):
        # Pickled as the arrays' bytes, unpickled as read-only views of them: numpy's own
        # pickle (protocol 5) made three objects an array, 1.3 KB more a source in the build's memory.
        return _fingerprint_of, (self.hashes.tobytes(), self.signature.tobytes())


def _fingerprint_of(hashes: bytes, signature: bytes) -> Fingerprint:
    return Fingerprint(np.frombuffer(hashes, dtype=np.uint64), np.frombuffer(signature, dtype=np.uint32))


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


def unique(values: np.ndarray, inverse: bool = False):
    """Sorted distinct values (and, with ``inverse``, each value's position
    among them), by sorting: numpy 2's hash-based np.unique is 20-50 times
    slower on these arrays (4.7 s against 0.1 s for 4 million integers)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.empty(len(values), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    if not inverse:
        return ordered[first]
    positions = np.empty(len(values), dtype=np.int64)
    positions[order] = np.cumsum(first) - 1
    return ordered[first], positions


@functools.lru_cache(maxsize=50_000)  # words recur from briefing to briefing; about 8 MB at most
def _feature_hash(feature: str) -> int:
    """A feature's 64-bit hash (a pure function of it, so memoised)."""
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint(briefing: Briefing) -> Fingerprint:
    hashes = unique(np.array([_feature_hash(f) for f in features(briefing)], dtype=np.uint64))
    if not len(hashes):
        return Fingerprint(_EMPTY, np.zeros(NUM_PERM, dtype=np.uint32))
    return Fingerprint(hashes, _signature(hashes & _LOW_32))


_LOW_32 = np.uint64(0xFFFFFFFF)
_SHIFT_61 = np.uint64(61)
_COLUMNS = 1024  # hashes permuted at a time: two work arrays of 288 x 1024 (2.4 MB each), reused
_SCRATCH = threading.local()


def _signature(low: np.ndarray) -> np.ndarray:
    """Each permutation's minimum of ``(a * x + b) mod p`` over ``low``, to 32
    bits. In work arrays kept between calls, and mod p by folding the high bits
    (p = 2**61 - 1): a new 460 KB array for each step and a 64-bit division
    made this 0.8 ms a briefing, against 0.15 ms."""
    work = getattr(_SCRATCH, "work", None)
    if work is None:
        work = _SCRATCH.work = (np.empty(NUM_PERM * _COLUMNS, np.uint64), np.empty(NUM_PERM * _COLUMNS, np.uint64))
    minima = None
    for start in range(0, len(low), _COLUMNS):
        part = low[start:start + _COLUMNS]
        mixed = work[0][:NUM_PERM * len(part)].reshape(NUM_PERM, len(part))
        folded = work[1][:NUM_PERM * len(part)].reshape(NUM_PERM, len(part))
        np.multiply(_A[:, None], part[None, :], out=mixed)  # wraps at 2**64, as intended
        mixed += _B[:, None]
        np.bitwise_and(mixed, _PRIME, out=folded)  # x mod p = (x & p) + (x >> 61), less p if not below it
        mixed >>= _SHIFT_61
        folded += mixed
        np.subtract(folded, _PRIME, out=folded, where=folded >= _PRIME)
        least = folded.min(axis=1)
        minima = least if minima is None else np.minimum(minima, least)
    return (minima & _LOW_32).astype(np.uint32)


# A band's bucket of equal keys pairs each member with at most this many members after it. Real
# corpora's buckets hold a few reports; a digest of thousands of near-identical items made one
# bucket whose every pair was proposed (millions). Each member still meets the next ones, and a
# story is joined through them, for work that grows with the members, not with their square.
MAX_PARTNERS = 16


def _pairs(keys: np.ndarray, ids: np.ndarray, copies: np.ndarray | None = None) -> np.ndarray:
    """The pairs (i < j) of ``ids`` whose ``keys`` are equal, as an (m, 2)
    array, each entry with at most ``MAX_PARTNERS`` entries after it in its
    bucket; pairs of two entries marked in ``copies`` are left out."""
    order = np.argsort(keys, kind="stable")
    keys, ids = keys[order], ids[order]
    copies = copies[order] if copies is not None else None
    # Runs of equal keys: each member pairs with the members after it in its run.
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    run_end = np.repeat(ends, ends - starts)
    after = np.minimum(run_end - np.arange(len(keys)) - 1, MAX_PARTNERS)  # members after each one in its run
    if not after.any():
        return np.zeros((0, 2), dtype=np.int64)
    first = np.repeat(np.arange(len(keys)), after)
    # for each pair, the offset of its second member: 1, 2, ... within each first member's block
    block_start = np.repeat(np.cumsum(after) - after, after)
    second = first + 1 + (np.arange(len(first)) - block_start)
    if copies is not None:
        keep = ~(copies[first] & copies[second])
        first, second = first[keep], second[keep]
    a, b = ids[first], ids[second]
    return np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per (briefing, band), shape (n, BANDS): the band's rows mixed with the band's number."""
    rows = signatures.reshape(len(signatures), BANDS, ROWS).astype(np.uint64)
    keys = np.arange(BANDS, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    for row in range(ROWS):
        keys = (keys ^ rows[:, :, row]) * np.uint64(0xBF58476D1CE4E5B9)
        keys ^= keys >> np.uint64(31)
    return keys


def _member(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``np.isin(values, wanted)`` by binary search in the sorted ``wanted``:
    with few wanted values (an added report's band keys), no sort of the
    whole corpus's keys and none of its memory."""
    wanted = np.sort(wanted.ravel())
    found = np.zeros(values.shape, dtype=bool)
    if not len(wanted):
        return found
    # A table of the wanted values' low 16 bits first: most values are ruled out by one lookup,
    # and only the rest searched (a binary search of each of 200,000 keys was 8 ms a call).
    table = np.zeros(1 << 16, dtype=bool)
    table[(wanted & np.uint64(0xFFFF)).astype(np.intp)] = True
    maybe = table[(values & np.uint64(0xFFFF)).astype(np.intp)]
    candidates = values[maybe]
    at = np.minimum(np.searchsorted(wanted, candidates), len(wanted) - 1)
    found[maybe] = wanted[at] == candidates
    return found


BAND_CHUNK = 16  # bands paired at a time: a corpus's pairs are found chunk by chunk, not all at once


def candidate_pairs(signatures: np.ndarray, days: np.ndarray, window_days: int,
                    focus: np.ndarray | None = None) -> np.ndarray:
    """Pairs sharing a band whose days are at most a window apart (or undated, -1).
    ``focus`` (a mask): only the pairs with at least one of these."""
    n = len(signatures)
    if n < 2 or (focus is not None and not focus.any()):
        return np.zeros((0, 2), dtype=np.int64)

    def kept(pairs: np.ndarray) -> np.ndarray:
        """The pairs' codes (one int each), without self-pairs, unfocused
        pairs and dated pairs more than a window apart."""
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        if focus is not None:
            pairs = pairs[focus[pairs[:, 0]] | focus[pairs[:, 1]]]
        both = (days[pairs[:, 0]] >= 0) & (days[pairs[:, 1]] >= 0)
        near = np.abs(days[pairs[:, 0]] - days[pairs[:, 1]]) <= window_days
        pairs = pairs[~both | near]
        return unique(pairs[:, 0] * n + pairs[:, 1])

    with np.errstate(over="ignore"):
        keys = _band_keys(signatures)
        found = [np.zeros(0, dtype=np.int64)]
        dated = np.flatnonzero(days >= 0)
        if len(dated):
            # A report in window w is proposed with reports in windows w and w + 1 (and so w - 1).
            window = days[dated] // max(window_days, 1)
            mix = np.uint64(0xD6E8FEB86659FD93)
            # A chunk of bands at a time: a large corpus has many pairs in every band (most of them
            # the same pairs again), and all bands' at once would hold them all.
            for low in range(0, BANDS, BAND_CHUNK):
                band_keys = keys[dated, low:low + BAND_CHUNK]
                own = (band_keys ^ (window[:, None].astype(np.uint64) * mix)).ravel()
                nxt = (band_keys ^ ((window[:, None] + 1).astype(np.uint64) * mix)).ravel()
                ids = np.repeat(dated, band_keys.shape[1])
                if focus is not None:  # only the keys a focused report has can make a pair with it
                    focused = focus[ids]
                    wanted = np.concatenate([own[focused], nxt[focused]])
                    own_kept, nxt_kept = _member(own, wanted), _member(nxt, wanted)
                    own, nxt, own_ids, nxt_ids = own[own_kept], nxt[nxt_kept], ids[own_kept], ids[nxt_kept]
                else:
                    own_ids = nxt_ids = ids
                # Two reports of one window meet by their own keys; their copies for the next window
                # would meet too, so pairs of two copies are dropped.
                copies = np.concatenate([np.zeros(len(own), dtype=bool), np.ones(len(nxt), dtype=bool)])
                found.append(kept(_pairs(np.concatenate([own, nxt]), np.concatenate([own_ids, nxt_ids]), copies)))
        undated = np.flatnonzero(days < 0)
        if len(undated):  # an undated report may match any report: by band alone
            hit = _member(keys, keys[undated])
            if focus is not None:
                hit &= _member(keys, keys[focus])
            ids = np.repeat(np.arange(n), BANDS)[hit.ravel()]
            pairs = _pairs(keys[hit], ids)
            found.append(kept(pairs[(days[pairs[:, 0]] < 0) | (days[pairs[:, 1]] < 0)]))
    codes = unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def _similar_pairs(pairs: np.ndarray, fingerprints: list[Fingerprint],
                   threshold: float) -> list[tuple[int, int, float]]:
    """The pairs whose exact Jaccard similarity reaches ``threshold``. The
    features of the reports involved are numbered densely once; then for
    each first member a mask of its features counts, in one pass, how many
    of each partner's features it shares."""
    found: list[tuple[int, int, float]] = []
    if not len(pairs):
        return found
    involved = unique(pairs.ravel())
    sizes = np.array([len(fingerprints[i].hashes) for i in involved.tolist()])
    numbers = unique(np.concatenate([fingerprints[i].hashes for i in involved.tolist()]), inverse=True)[1]
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    where = {i: k for k, i in enumerate(involved.tolist())}
    mask = np.zeros(int(numbers.max()) + 1, dtype=np.int64)
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    begins = np.flatnonzero(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]])
    firsts = pairs[begins, 0]
    ends = np.r_[begins[1:], len(pairs)]
    for i, begin, end in zip(firsts.tolist(), begins.tolist(), ends.tolist()):
        k = where[i]
        mine = numbers[starts[k]:starts[k] + sizes[k]]
        mask[mine] = 1
        others = pairs[begin:end, 1]
        slots = np.array([where[j] for j in others.tolist()])
        lengths = sizes[slots]
        # the dense numbers of every partner's features, one after another
        offsets = np.repeat(starts[slots] - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
        shared = np.add.reduceat(mask[numbers[np.arange(lengths.sum()) + offsets]], np.r_[0, np.cumsum(lengths)[:-1]])
        mask[mine] = 0
        similarity = shared / (sizes[k] + lengths - shared)
        found += [(i, j, s) for j, s in zip(others.tolist(), similarity.tolist()) if s >= threshold]
    return found


def _day(briefing: Briefing) -> int:
    try:
        return date.fromisoformat(briefing.date).toordinal() if briefing.date else -1
    except ValueError:
        return -1


def group_stories(briefings: list[Briefing], config: StoryConfig = StoryConfig(),
                  fingerprints: list[Fingerprint] | None = None) -> dict[str, str]:
    """Map each briefing's slug to its story id: the slug of the story's
    earliest report (stable while no earlier report joins it).
    ``fingerprints`` (one per briefing) are computed when not given."""
    return link_stories(briefings, config, fingerprints)[0]


def link_stories(briefings: list[Briefing], config: StoryConfig = StoryConfig(),
                 fingerprints: list[Fingerprint] | None = None, keys: list[str | None] | None = None,
                 previous: StoryLinks | None = None) -> tuple[dict[str, str], StoryLinks | None]:
    """``group_stories``, and what it linked (when every report has a content
    key in ``keys``). With ``previous`` (the last build's links), only pairs
    with a report that was not in the last build are compared: the same
    stories as comparing every pair, for the cost of the new reports; and
    the links are joined again only in the parts of the graph of links that
    a new, changed or deleted report touches (``_joined_as_before``)."""
    if fingerprints is None:
        fingerprints = [fingerprint(b) for b in briefings]
    slugs = [b.slug for b in briefings]
    index = {slug: i for i, slug in enumerate(slugs)}
    find, union = _Parts(len(briefings)).operations()

    forced: dict[str, list[int]] = {}
    for i, briefing in enumerate(briefings):
        if briefing.story_override:
            forced.setdefault(briefing.story_override, []).append(i)
            if briefing.story_override in index:  # a story named by one of its reports' slugs
                forced[briefing.story_override].append(index[briefing.story_override])
    for members in forced.values():
        for other in members[1:]:
            union(members[0], other)

    # Reports an editor placed (story: x or story: null) and empty ones take no part.
    free = np.array([i for i, b in enumerate(briefings)
                     if b.story_override is None and len(fingerprints[i].hashes)], dtype=np.int64)
    remember = keys is not None and all(keys[i] for i in free.tolist())
    if not remember:
        previous = None
    elif previous is not None and previous.config != config:
        previous = None
    free_keys = [keys[i] for i in free.tolist()] if remember else []
    day_of = [_day(briefing) for briefing in briefings]
    # Every pair found to be one story, with its similarity: (similarity, i, j).
    scored: list[tuple[float, int, int]] = []
    found: list[tuple[float, int, int]] = []  # links of new reports
    links: set[tuple[str, str, float]] = set()
    if previous is not None:  # links between reports both in the last build: as it found them
        position = {key: i for i, key in zip(free.tolist(), free_keys)}
        for a, b, similarity in previous.links:
            if a in position and b in position:
                links.add((a, b, similarity))
                scored.append((similarity, position[a], position[b]))
    if len(free) > 1:
        signatures = np.stack([fingerprints[i].signature for i in free])
        days = np.array([day_of[i] for i in free.tolist()], dtype=np.int64)
        focus = None if previous is None else np.array([k not in previous.keys for k in free_keys], dtype=bool)
        pairs = candidate_pairs(signatures, days, config.window_days, focus)
        # The signatures' estimate drops clear misses before the exact check.
        estimate = np.zeros(len(pairs))
        for start in range(0, len(pairs), 4096):  # chunks that stay in the processor's cache
            chunk = pairs[start:start + 4096]
            estimate[start:start + 4096] = np.count_nonzero(signatures[chunk[:, 0]] == signatures[chunk[:, 1]], axis=1)
        estimate /= NUM_PERM
        # Clear cases by the estimate (288 permutations: its standard error is
        # under 0.03 near the threshold), the rest by the exact similarity.
        clear = estimate >= config.threshold + 0.1
        found = [(similarity, int(free[a]), int(free[b]))
                 for (a, b), similarity in zip(pairs[clear].tolist(), estimate[clear].tolist())]
        close = pairs[(estimate >= config.threshold - 0.06) & ~clear]
        found += [(similarity, i, j) for i, j, similarity in _similar_pairs(free[close], fingerprints, config.threshold)]
        scored += found
        if remember:  # every link, so that a later build can drop a report and keep the rest
            links.update((min(keys[i], keys[j]), max(keys[i], keys[j]), similarity) for similarity, i, j in found)
    if previous is not None and previous.joined is not None and not forced:
        scored = _joined_as_before(scored, found, previous, position, len(briefings), union)
    _join_within_window(scored, day_of, slugs, find, union, config.window_days)

    groups: dict[int, list[int]] = {}
    for i in range(len(briefings)):
        groups.setdefault(find(i), []).append(i)
    story_of: dict[str, str] = {}
    joined: dict[str, str] | None = {} if remember and not forced else None
    for members in groups.values():
        earliest = min(members, key=lambda i: briefings[i].chronological)
        for i in members:
            story_of[slugs[i]] = slugs[earliest]
        if joined is not None and len(members) > 1:
            joined.update((keys[i], keys[earliest]) for i in members)
    if not remember:
        return story_of, None
    return story_of, StoryLinks(config, frozenset(free_keys), frozenset(links), joined)


class _Parts:
    """Disjoint sets of ``count`` items (union-find): each part named by its lowest item."""

    def __init__(self, count: int):
        self._parent = list(range(count))

    def operations(self) -> tuple[Callable[[int], int], Callable[[int, int], None]]:
        """``find(i)`` (the part of ``i``) and ``union(i, j)``."""
        parent = self._parent

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        return find, union


def _joined_as_before(scored: list[tuple[float, int, int]], found: list[tuple[float, int, int]],
                      previous: StoryLinks, position: dict[str, int], count: int,
                      union: Callable[[int, int], None]) -> list[tuple[float, int, int]]:
    """The links of ``scored`` still to be joined, the others joined as the
    last build joined them. Whether a link joins two stories depends only on
    the links before it in the same connected part of the graph of links (the
    stories it would join grew by those alone): a part that no new link
    (``found``) and no dropped link (a report deleted or changed) touches
    ends as it did, so its stories are taken from ``previous.joined``. A
    report added or edited thus joins again its own part of the graph, not
    all 23,000 links of 10,000 sources."""
    part, join = _Parts(count).operations()
    for _, i, j in scored:
        join(i, j)
    # A link's two reports are in one part: its first tells the part.
    dropped = [key for a, b, _ in previous.links if a not in position or b not in position
               for key in (a, b) if key in position]  # the reports still here at the end of a dropped link
    touched = {part(i) for _, i, _ in found} | {part(position[key]) for key in dropped}
    for key, earliest in previous.joined.items():
        # (A report gone, or its story's earliest, was at the end of a dropped link: its part is touched.)
        if key in position and earliest in position and part(position[key]) not in touched:
            union(position[key], position[earliest])
    return [link for link in scored if part(link[1]) in touched]


def _join_within_window(scored: list[tuple[float, int, int]], day_of: list[int], slugs: list[str],
                        find, union, window_days: int) -> None:
    """Join the pairs of ``scored`` (similarity, i, j), the most similar first
    (then by slug: the same order in every build), unless the join would
    stretch a story over more days than the window from its first dated report
    to its last (a story an editor made longer may take reports within its
    days). Without that, a chain of pairs each a few days apart makes one
    "story" of a whole year's reports: 3,161 of a synthetic 10,000."""
    spans: dict[int, tuple[int, int] | None] = {}
    for i, day in enumerate(day_of):  # each report's day (-1: undated)
        root = find(i)
        mine = (day, day) if day >= 0 else None
        spans[root] = _joined_span(spans.get(root), mine)

    def order(link: tuple[float, int, int]) -> tuple:
        first, second = sorted((slugs[link[1]], slugs[link[2]]))
        return -link[0], first, second

    for _, i, j in sorted(scored, key=order):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        joined = _joined_span(spans[ri], spans[rj])
        if joined is not None and joined[1] - joined[0] > max(window_days, _width(spans[ri]), _width(spans[rj])):
            continue
        union(ri, rj)
        spans[find(ri)] = joined


def _joined_span(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _width(span: tuple[int, int] | None) -> int:
    return span[1] - span[0] if span is not None else 0

