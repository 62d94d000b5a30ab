"""How long reading, normalising and extracting take a source, in one process.

    .venv/bin/python benchmarks/extraction_speed.py [--sources 400] [--repeat 3] [--root OTHER_CHECKOUT]

Writes the synthetic corpus (``benchmarks/corpus.py``) into a temporary
project, runs ``process_source`` and ``extract_source`` over it once to warm
up (jieba and OpenCC load their dictionaries), then ``--repeat`` times, and
prints the best run's milliseconds per source. ``--root`` measures the build
code of another checkout (a worktree of an older commit) on the same corpus,
for a before/after. No worker processes, no cache: the per-source cost alone.
"""

from __future__ import annotations

import argparse
import inspect
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose build code is measured")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(ROOT))
    from benchmarks.corpus import write_corpus
    from build_scripts.config import BuildConfig
    from build_scripts.registry import load_registry
    try:  # the layout since issue 30
        from build_scripts.extract.entities import Extractor
        from build_scripts.per_source import extract_source, process_source
    except ImportError:  # a checkout from before it (measured with --root)
        from build_scripts.extract import Extractor
        from build_scripts.pipeline import extract_source, process_source

    with tempfile.TemporaryDirectory(prefix="medreg-extraction-speed-") as folder:
        project = Path(folder)
        shutil.copy(args.root / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(args.root / "registry", project / "registry")
        (project / "docs").mkdir()
        write_corpus(project / "sources", args.sources)
        config = BuildConfig.for_project(project)
        registry, _ = load_registry(config.registry_dir, project)
        extractor = Extractor(registry)
        takes_outlets = "outlets" in inspect.signature(process_source).parameters
        paths = sorted((project / "sources").rglob("*.txt"))

        def run() -> float:
            start = time.perf_counter()
            for path in paths:
                outcome = process_source(path, config, registry.outlets) if takes_outlets \
                    else process_source(path, config)
                extract_source(outcome, extractor)
            return time.perf_counter() - start

        run()
        best = min(run() for _ in range(args.repeat))
    print(f"{args.root}: {len(paths)} sources, best of {args.repeat}: {best * 1000 / len(paths):.2f} ms a source")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
