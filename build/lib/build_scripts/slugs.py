"""Slugs: the only place that turns names into URL path segments."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Names the site's own pages use in the folders of briefings, stories and entities
# (``briefings/index.md``, ``briefings/by-month/``, ``people/index.md``): never a page of a source or entry.
RESERVED_SLUGS = frozenset({"index", "by-month"})


def slugify(text: str, fallback: str = "untitled") -> str:
    """Lower-case ASCII words joined by '-': never empty, idempotent, safe as a
    file name on every system. Text with no ASCII letters or digits (a Chinese
    headline) gives ``slugify(fallback)``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
        slug = slug.strip("-")
    if not slug:
        return slugify(fallback) if fallback and fallback != text else "untitled"
    return slug


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... whichever is not in ``taken``.
    Adds the result to ``taken``."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
