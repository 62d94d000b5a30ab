"""The curated list of outlets (``registry/outlets.yml``): who published a
source, under one canonical English name whatever the text prints.

An outlet has a canonical English name, its Chinese names (Simplified and
Traditional), other names and spellings (pinyin, abbreviations, an app's or
website's name) and its web domains. ``Outlets.resolve`` maps a name as a
source prints it (or an address) to the entry; ``Outlets.find`` lists the
known outlets a line of text names, for the cues that only a known name can
carry (a footer, a page header, a lead that starts with the outlet's name).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..read import fields
from ..chinese_script import to_simplified
from ..slugs import slugify

def fold_name(text: str) -> str:
    """A name as compared: compatibility forms (full-width letters) folded,
    Traditional characters as Simplified, case and spacing ignored."""
    folded = to_simplified(unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.replace("’", "'").split()).strip(" .。,，:：|·•-–—()（）[]【】《》<>\"'“”")


@dataclass(frozen=True)
class Outlet:
    id: str  # "outlet/xinhua"
    name: str  # canonical English name
    names: tuple[str, ...]  # every name to match: the canonical one, Chinese names, aliases
    domains: tuple[str, ...] = ()
    origin: tuple[str, int] = ("", 0)


def _search_fold(text: str) -> str:
    """``text`` as ``Outlets.find`` searches it: lower case, Traditional
    characters as Simplified; every offset kept."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return to_simplified(lowered).replace("’", "'")


@dataclass(frozen=True)
class Outlets:
    entries: tuple[Outlet, ...] = ()
    _by_name: dict[str, Outlet] = field(default_factory=dict, compare=False, repr=False)
    # One Aho-Corasick automaton over every name (as ``_search_fold`` has it): the cost of
    # a search does not grow with the list (an alternation of 300 names was 9 ms a source).
    _automaton: object = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, entries: tuple[Outlet, ...]) -> "Outlets":
        import ahocorasick

        by_name: dict[str, Outlet] = {}
        automaton = ahocorasick.Automaton()
        for outlet in entries:
            for name in outlet.names:
                by_name.setdefault(fold_name(name), outlet)
                key = _search_fold(" ".join(name.split()))
                if len(key) >= 2 and key not in automaton:
                    automaton.add_word(key, (key, outlet))
        if len(automaton):
            automaton.make_automaton()
        return cls(tuple(entries), by_name, automaton if len(automaton) else None)

    def resolve(self, printed: str | None) -> Outlet | None:
        """The outlet a name as printed, or a web address, stands for."""
        if not printed:
            return None
        folded = fold_name(printed)
        if folded in self._by_name:
            return self._by_name[folded]
        return self.by_address(printed)

    def by_address(self, text: str) -> Outlet | None:
        """The outlet whose domain a web address (or bare host) is on."""
        candidate = text.strip().strip("<>()")
        if not re.match(r"^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:[/:?#]\S*)?$", candidate, re.I):
            return None
        host = urlsplit(candidate if "//" in candidate else "//" + candidate).hostname or ""
        for outlet in self.entries:
            for domain in outlet.domains:
                if host == domain or host.endswith("." + domain):
                    return outlet
        return None

    def find(self, text: str) -> list[tuple[int, Outlet]]:
        """The known outlets ``text`` names, with where each starts (a Latin
        name on word boundaries: "Reuters", not "Reutersville"), left to right,
        the longest where two overlap."""
        if self._automaton is None or not text:
            return []
        folded = _search_fold(text)
        hits = []
        for last, (key, outlet) in self._automaton.iter(folded):
            start = last - len(key) + 1
            if key[:1].isascii() and key[:1].isalnum() and start > 0 and folded[start - 1].isascii() \
                    and folded[start - 1].isalnum():
                continue
            if key[-1:].isascii() and key[-1:].isalnum() and last + 1 < len(folded) \
                    and folded[last + 1].isascii() and folded[last + 1].isalnum():
                continue
            hits.append((start, last + 1, outlet))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        found, end = [], -1
        for start, stop, outlet in hits:
            if start >= end:
                found.append((start, outlet))
                end = stop
        return found

    def find_as_printed(self, text: str) -> list[tuple[int, int, Outlet]]:
        """The outlets ``text`` names as they write their names: a Latin name
        in its own capitals ("Reuters", not "reuters"; "FT", not "ft"), as
        running text has it; (start, end, outlet)."""
        found = []
        for start, outlet in self.find(text):
            for name in sorted(outlet.names, key=len, reverse=True):
                end = start + len(name)
                printed = text[start:end]
                if printed == name or (not name.isascii() and fold_name(printed) == fold_name(name)):
                    if len(name) >= 3 or not name.isascii():
                        found.append((start, end, outlet))
                    break
        return found


def _outlet_name(value: object) -> str:
    try:
        return fields.text(value)
    except fields.FieldError:
        raise fields.FieldError("must be non-empty text (the outlet's usual English name)") from None


def _domains(value: object) -> tuple[str, ...]:
    found = fields.text_or_texts(value)
    for domain in found:
        if not re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", domain):
            raise fields.FieldError(f"has {domain!r}, which is not a domain like 'xinhuanet.com'")
    return found


FIELDS = {"id": fields.slug(like="xinhua", instead="-1"), "name": _outlet_name, "name_zh": fields.text_or_texts,
          "aliases": fields.text_or_texts, "domains": _domains, "note": fields.anything}


def parse_outlet(item: dict, document: fields.YamlDocument, at: tuple) -> tuple[Outlet | None, list]:
    """One entry of outlets.yml (the item at ``at`` of ``document``), or None,
    and its problems. Without an ``id``, the slug of its name is its id."""
    values, problems = fields.check_fields(item, FIELDS, document, at, required=("name",))
    if any(problem.severity == "error" for problem in problems) or "name" not in values:
        return None, problems
    name = values["name"]
    names = tuple(dict.fromkeys([name, *values.get("name_zh", ()), *values.get("aliases", ())]))
    return Outlet(f"outlet/{values.get('id') or slugify(name)}", name, names, values.get("domains", ()),
                  document.where(at)), problems
