"""Sentences: a paragraph cut where a sentence ends (English or Chinese
punctuation), never after an abbreviation ("Dr.", "Jan.") or an initial."""

from __future__ import annotations

import re
from functools import lru_cache

_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "St", "No", "Vol", "Inc", "Co", "Ltd", "Jr",
                  "Sr", "vs", "etc", "e.g", "i.e", "U.S", "U.K", "Fig", "Jan", "Feb", "Mar", "Apr",
                  "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’)]?\s+(?=[\"“(A-Z0-9\u4e00-\u9fff])|(?<=[。！？])")


_LAST_WORD = re.compile(r"(?<![A-Za-z.])([A-Za-z.]+)\.$")
_INITIAL = re.compile(r"\b[A-Z]\.$")


@lru_cache(maxsize=1024)  # normalising, extracting and figures each split the same paragraphs
def split_sentences(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start: match.start()].rstrip()
        last_word = _LAST_WORD.search(candidate[-12:])  # an abbreviation is short: only the end is read
        if last_word and last_word.group(1) in _ABBREVIATIONS:
            continue
        if _INITIAL.search(candidate[-4:]):  # an initial: "J. Smith"
            continue
        if candidate:
            sentences.append(text[start: match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(sentences)
