"""The refactoring oracle (benchmarks/oracle.py): the seeds, a 1,000-source
synthetic corpus and the devset beside the seeds build to the very bytes
recorded in tests/oracle/. A change that means to alter pages re-records
them (`.venv/bin/python benchmarks/oracle.py --record`), and its diff of
tests/oracle/ names the pages it changed."""

from __future__ import annotations

import json

import pytest

from benchmarks import oracle

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name", oracle.names())
def test_the_build_gives_the_recorded_bytes(name):
    recorded = json.loads((oracle.RECORDS / f"{name}.json").read_text("utf-8"))
    now, paths = oracle.outputs(name)
    differences = oracle.compare(recorded, now, paths)
    assert differences == [], "\n".join(differences[:40]) + (
        "\n(if the change means to alter these pages: benchmarks/oracle.py --record)")
