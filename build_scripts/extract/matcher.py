"""Find registry names in text: one Aho-Corasick automaton over every alias,
so the cost per character does not grow with the size of the registry.

Matching folds case (acronyms such as "WHO" excepted: they match only as
written), treats typographic quotes and dashes like their ASCII forms, keeps
only matches on word boundaries for Latin names (Chinese names have none),
and prefers the longest match where two overlap.
"""

from __future__ import annotations

from typing import NamedTuple

import ahocorasick

from ..registry import Registry, match_key
from ..chinese_script import to_simplified

# Length-preserving folds, so match offsets are offsets in the original text.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-",
                       "\u00a0": " ", "\u3000": " ", "（": "(", "）": ")"})


def fold(text: str) -> str:
    """``text`` as matched: lower case, typographic punctuation as ASCII,
    Traditional Chinese as Simplified (國家藥監局 finds 国家药监局); every
    offset kept."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not lowered.isascii():
        lowered = to_simplified(lowered)
    return lowered.translate(_FOLD)


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")  # ASCII letters, digits


def on_word_boundaries(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` (a folded text's match) neither starts
    nor ends inside a Latin word: "He Li" in "he lived" does not count."""
    if start > 0 and folded[start] in _WORD_CHARS and folded[start - 1] in _WORD_CHARS:
        return False
    return not (end < len(folded) and folded[end - 1] in _WORD_CHARS and folded[end] in _WORD_CHARS)


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters) and len(name) <= 12


class Match(NamedTuple):  # a tuple: a source makes a hundred candidates, a frozen dataclass is 4x slower to make
    start: int
    end: int
    entity: str
    surface: str


class Matcher:
    def __init__(self, registry: Registry):
        table: dict[str, list[tuple[str, str, bool]]] = {}
        for entity in registry.entities.values():
            for name in entity.names:
                key = fold(" ".join(name.split()))
                if match_key(name) in registry.ambiguous and entity.id in registry.ambiguous[match_key(name)]:
                    continue
                table.setdefault(key, []).append((entity.id, name, is_acronym(name)))
        self._automaton = ahocorasick.Automaton()
        for key, claims in table.items():
            # Each claim: its entity, the alias as written when only that case matches (else
            # None), and whether it is a topic.
            self._automaton.add_word(key, (len(key), tuple(
                (entity, " ".join(alias.split()) if exact_case else None, entity.startswith("topic/"))
                for entity, alias, exact_case in sorted(set(claims)))))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()
        self._found: dict[str, tuple[Match, ...]] = {}

    FOUND_KEPT = 4096  # texts whose matches are kept: a role is looked up in the same text two or three times

    def find(self, text: str) -> tuple[Match, ...]:
        """Non-overlapping matches in ``text`` (longest first), in text order.
        Topics may overlap people and organisations; those two may not."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= self.FOUND_KEPT:
                self._found.clear()
            found = self._found[text] = self._find(text)
        return found

    def _find(self, text: str) -> tuple[Match, ...]:
        if self._empty or not text:
            return ()
        folded = fold(text)
        candidates: list[tuple] = []
        for last, (length, claims) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if not on_word_boundaries(folded, start, end):
                continue
            surface = text[start:end]
            spaced = None  # the surface with its spaces as an alias's, worked out once
            for entity, cased, topic in claims:
                if cased is not None:
                    if spaced is None:
                        spaced = " ".join(surface.split())
                    if spaced != cased:
                        continue
                candidates.append((-length, start, entity, end, surface, topic))
        candidates.sort()  # longest first, then leftmost, then by entity
        chosen: dict[bool, list[Match]] = {True: [], False: []}
        for _, start, entity, end, surface, topic in candidates:
            group = chosen[topic]
            if all(end <= other.start or start >= other.end for other in group):
                group.append(Match(start, end, entity, surface))
        return tuple(sorted(chosen[True] + chosen[False]))
