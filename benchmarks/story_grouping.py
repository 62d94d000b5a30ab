"""Seconds to build a digest of many near-identical items: the case whose
story grouping once grew with the square of the items (every pair in a band's
bucket proposed), now bounded by ``corpus.stories.MAX_PARTNERS`` a report.

    .venv/bin/python benchmarks/story_grouping.py [--items 1500] [--uncapped]

``--uncapped`` lifts the bound, to measure what it saves (slow: 31.7 s at
1,500 items on a 2-core machine, against 2.1 s with it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.config import BuildConfig  # noqa: E402
from build_scripts.corpus import stories  # noqa: E402
from build_scripts.pipeline import build  # noqa: E402


def digest(items: int) -> str:
    """A Markdown digest: one heading a day's approval, the same sentence under each."""
    body = "".join(
        f"## Regulator approves drug number {n}\n\nThe National Medical Products Administration said on "
        f"2025-03-{10 + n % 5} that it approved the drug, with clinical trial data from 2025, officials said "
        "in a statement issued in Beijing.\n\n" for n in range(items))
    return "# Weekly digest\n\n2025-03-10\n\n" + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--uncapped", action="store_true", help="no bound on the partners of a report")
    args = parser.parse_args()
    if args.uncapped:
        stories.MAX_PARTNERS = 10 ** 9
    with tempfile.TemporaryDirectory(prefix="medreg-story-grouping-") as folder:
        project = Path(folder)
        (project / "sources").mkdir()
        (project / "docs").mkdir()
        (project / "sources" / "digest.md").write_text(digest(args.items), "utf-8")
        config = replace(BuildConfig.for_project(project), cache=False)
        started = time.perf_counter()
        result = build(config)
        seconds = time.perf_counter() - started
    print(f"{args.items} items, {'uncapped' if args.uncapped else f'at most {stories.MAX_PARTNERS} partners'}: "
          f"{len(result.briefings)} briefings in {len({b.story for b in result.briefings})} stories, {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
