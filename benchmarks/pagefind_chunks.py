"""What a Pagefind query fetches, by index chunk size (issue 32).

    .venv/bin/python benchmarks/pagefind_chunks.py --sizes 1000 10000 [--chunks 0 2000 5000 10000]

For each size, builds the synthetic corpus's site once with Pagefind
(`MEDREG_SEARCH=pagefind mkdocs build`), then indexes it again for each chunk
size (`PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`, which Pagefind 1.5 reads; 0: its
default) and measures, in a fresh browser each time, the bytes the Search
page fetches for one- and two-word English and Chinese queries (raw, and as
a gzipping server would send them). Prints a table; figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import _project  # noqa: E402
from benchmarks.browser import pagefind_first_query_bytes  # noqa: E402

QUERIES = ["NMPA", "innovative drugs", "药监局", "创新药 临床试验"]


def index(site: Path, chunk: int) -> float:
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    env = {**os.environ}
    if chunk:
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(chunk)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink"],
                   env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--chunks", type=int, nargs="+", default=[0, 2000, 5000, 10000, 40000])
    parser.add_argument("--parts", action="store_true", help="also print what each query's bytes are made of")
    args = parser.parse_args()
    print("| sources | chunk size | index files | indexing s | " + " | ".join(f"{q} KB (gz)" for q in QUERIES) + " |")
    print("|---|---|---|---|" + "---|" * len(QUERIES))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            project = _project(Path(tmp), size)
            env = {**os.environ, "MEDREG_SEARCH": "pagefind", "NO_MKDOCS_2_WARNING": "1"}
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project, env=env,
                           check=True, capture_output=True)
            site = project / "site"
            for chunk in args.chunks:
                seconds = index(site, chunk)
                files = sum(1 for _ in (site / "pagefind").rglob("*") if _.is_file())
                parts: dict[str, dict[str, int]] = {}
                figures = pagefind_first_query_bytes(site, QUERIES, parts)
                if isinstance(figures, str):
                    print(figures)
                    return 1
                cells = [f"{raw / 1000:.0f} ({sent / 1000:.0f})" for raw, sent in (figures[q] for q in QUERIES)]
                print(f"| {size:,} | {chunk or 'default'} | {files:,} | {seconds:.1f} | " + " | ".join(cells) + " |",
                      flush=True)
                if args.parts:  # what a query's bytes are made of (gzipped KB)
                    for query in QUERIES:
                        print(f"|   | {query} | " + ", ".join(f"{kind} {sent / 1000:.0f}"
                                                          for kind, sent in sorted(parts.get(query, {}).items())) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
