"""A page not rendered yet: how to render it and what it shows.

Render functions whose pages a rebuild can often reuse (feeds, packs, the
month pages of a long listing) return ``Recipe``s instead of text; the
caller renders them (``rendered``), or keeps each page under what it shows
and renders only those not kept (the pipeline's page cache). Render knows
nothing of caching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union


@dataclass(frozen=True)
class Recipe:
    """The page ``render(*args)``; ``shown``: all it depends on (briefings,
    strings, counts), so that the same ``shown`` gives the same page."""

    shown: tuple
    render: Callable[..., str]
    args: tuple

    def __call__(self) -> str:
        return self.render(*self.args)


PageOrRecipe = Union[str, Recipe]


def rendered(pages: dict[str, PageOrRecipe]) -> dict[str, str]:
    """``pages`` with every recipe rendered."""
    return {path: page() if type(page) is Recipe else page for path, page in pages.items()}


def made_with(pages: dict[str, PageOrRecipe], make: Callable[..., object]) -> dict:
    """``pages`` with each recipe given to ``make(path, shown, render, *args)``
    (which may return a kept page instead of rendering it)."""
    return {path: make(path, page.shown, page.render, *page.args) if type(page) is Recipe else page
            for path, page in pages.items()}
