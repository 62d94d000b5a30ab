"""Find registry names in text: one Aho-Corasick automaton over every alias,
so the cost per character does not grow with the size of the registry.

Matching folds case (acronyms such as "WHO" excepted: they match only as
written), treats typographic quotes and dashes like their ASCII forms, keeps
only matches on word boundaries for Latin names (Chinese names have none),
and prefers the longest match where two overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .registry import Registry, match_key

# Length-preserving folds, so match offsets are offsets in the original text.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-",
                       "\u00a0": " ", "\u3000": " ", "（": "(", "）": ")"})


def fold(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_FOLD)


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")  # ASCII letters, digits


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isascii() and c.isupper() for c in letters) and len(name) <= 12


@dataclass(frozen=True, order=True)
class Match:
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
            self._automaton.add_word(key, (len(key), tuple(sorted(set(claims)))))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text`` (longest first), in text order.
        Topics may overlap people and organisations; those two may not."""
        if self._empty or not text:
            return []
        folded = fold(text)
        candidates: list[Match] = []
        for last, (length, claims) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and folded[start] in _WORD_CHARS and folded[start - 1] in _WORD_CHARS:
                continue
            if end < len(folded) and folded[end - 1] in _WORD_CHARS and folded[end] in _WORD_CHARS:
                continue
            surface = text[start:end]
            for entity, alias, exact_case in claims:
                if exact_case and " ".join(surface.split()) != " ".join(alias.split()):
                    continue
                candidates.append(Match(start, end, entity, surface))
        candidates.sort(key=lambda m: (-(m.end - m.start), m.start, m.entity))
        chosen: dict[bool, list[Match]] = {True: [], False: []}
        for match in candidates:
            group = chosen[match.entity.startswith("topic/")]
            if all(match.end <= other.start or match.start >= other.end for other in group):
                group.append(match)
        return sorted(chosen[True] + chosen[False])
