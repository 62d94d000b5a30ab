"""The garbage collector's pause around a build (see ``collector_paused``)."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for the length of a build (a
    caller that writes the pages next pauses it around both). A
    build makes millions of objects that live to its end (briefings from the
    cache, pages) and makes almost no cycles; the collector would walk the
    growing heap again and again (half the time of loading cached results at
    10,000 sources). Reference counting still frees everything else.

    At the end the objects that survive are frozen (``gc.freeze``) before the
    collector is switched back on: otherwise its first pass walks them all
    (they were all made while it was off, so all are "young"; 0.4 s at 10,000
    sources, in the report after a build, or in MkDocs' page building after the
    hook's). The next build unfreezes them first, so a cycle among them is
    kept at most until then (`mkdocs serve` builds again and again)."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


