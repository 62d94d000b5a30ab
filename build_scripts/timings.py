"""Seconds per stage of a build, for ``build --timings`` and the benchmark."""

from __future__ import annotations

import time

BESIDE = " (second process)"  # marks the stage times of the second process: not part of the build's own


class Laps:
    """Seconds per stage of a build, for ``build --timings`` and the benchmark."""

    def __init__(self):
        self.laps: list[tuple[str, float]] = []
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, now - self.last))
        self.last = now
