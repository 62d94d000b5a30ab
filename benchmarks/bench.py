"""Benchmark the build on a synthetic corpus and print the figures.

    .venv/bin/python benchmarks/bench.py --sizes 1000 10000 [--json results.json] [--no-mkdocs] [--repeat 3]

For each size: the pipeline alone (python -m build_scripts build), cold and
warm, with peak memory; adding one source to the corpus, and a person no
source names to the registry (each the median of ``--repeat`` runs, all runs
listed); a full `mkdocs build`
with the hook and the same build with the hook switched off (so the
pipeline's share is measured in one run); and page sizes and the bytes a
browser fetches for its first search. Figures, not pass/fail: targets are in
the README and issue notes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.browser import pagefind_first_query_bytes  # noqa: E402
from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.serve import serve_edit_seconds, serve_registry_edit_seconds  # noqa: E402

SEARCH_QUERIES = ["NMPA", "innovative drugs", "药监局"]


def _project(folder: Path, size: int) -> Path:
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, folder / name)
    for name in ("build_scripts", "overrides", "registry"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    _fresh_docs(folder)
    write_corpus(folder / "sources", size)
    no_hook = (folder / "mkdocs.yml").read_text().replace("hooks:\n  - build_scripts/hook.py\n", "hooks: []\n")
    (folder / "mkdocs-nohook.yml").write_text(no_hook)
    return folder


def _fresh_docs(project: Path) -> None:
    """docs/ as in a fresh checkout (its hand-written files only), and no cache: for a cold build."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "docs", ignore_errors=True)
    (project / "docs").mkdir()
    for name in ("about.md", "javascripts", "stylesheets"):
        source = ROOT / "docs" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / "docs" / name)


def _median_run(runs: list[tuple[float, str]]) -> tuple[float, str]:
    """The run with the median time (the lower middle one of an even count), and its output."""
    return sorted(runs, key=lambda run: run[0])[(len(runs) - 1) // 2]


def _run(command: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def _written(report: str) -> int:
    for line in report.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1


def _stages(report: str) -> dict[str, float]:
    """The stage timings a `build --timings` printed."""
    lines = report.split("Timings:\n", 1)[1].splitlines() if "Timings:\n" in report else []
    stages = {}
    for line in lines:
        stage, _, seconds = line.strip().rpartition("  ")
        if seconds.endswith(" s") and stage.strip() != "total":
            stages[stage.strip()] = float(seconds[:-2])
    return stages


def bench(size: int, run_mkdocs: bool, serve_max: int, repeat: int = 3) -> dict:
    """The figures for a corpus of ``size`` sources; the pipeline's (cold,
    nothing changed, one source added) are medians of ``repeat`` runs, each
    run listed too (this machine's disk makes them vary)."""
    folder = Path(tempfile.mkdtemp(prefix=f"medreg-bench-{size}-"))
    try:
        project = _project(folder, size)
        build = [sys.executable, "-m", "build_scripts", "build", "--root", str(project)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        colds = []
        for number in range(repeat):
            if number:
                _fresh_docs(project)
            colds.append(_run(build, project))
        # The largest of any child so far: the cold builds' (their forked workers' included).
        peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
        cold, report = _median_run(colds)
        briefings = int(next(l for l in report.splitlines() if l.startswith("Articles:")).split()[1])
        warms = [_run(build, project) for _ in range(repeat)]
        warm, warm_report = _median_run(warms)
        adds = []
        for number in range(repeat):  # a different source each time, added to the corpus so far
            write_corpus(project / "added", 1, seed=size + 1 + number)
            (project / "added" / "bench-00000.txt").rename(project / "sources" / f"added-source-{number}.txt")
            adds.append(_run(build + ["--timings"], project))
        added, added_report = _median_run(adds)
        in_memory = json.loads(_run([sys.executable, str(ROOT / "benchmarks" / "memory_edit.py"), str(project)],
                                    project)[1].strip().splitlines()[-1])
        # An edit to the registry: a person no source names, added (the registry put back afterwards).
        people = project / "registry" / "people.yml"
        registry_text = people.read_text("utf-8")
        registry_edits = []
        for number in range(repeat):
            people.write_text(people.read_text("utf-8") + f"\n- id: bench-person-{number}\n  name: Quillimot Zed{number}\n",
                              "utf-8")
            registry_edits.append(_run(build + ["--timings"], project))
        people.write_text(registry_text, "utf-8")
        registry_edit, registry_report = _median_run(registry_edits)
        figures = {
            "sources": size, "briefings": briefings,
            "pipeline_cold_s": round(cold, 2), "pipeline_cold_ms_per_source": round(cold * 1000 / size, 2),
            "pipeline_cold_runs_s": [round(seconds, 2) for seconds, _ in colds],
            "pipeline_peak_rss_mb": round(peak_kb / 1024, 1),
            "pipeline_warm_unchanged_s": round(warm, 2), "warm_files_written": _written(warm_report),
            "add_one_source_s": round(added, 2), "add_one_source_files_written": _written(added_report),
            "add_one_source_runs_s": [round(seconds, 2) for seconds, _ in adds],
            # the stages of the median run
            "add_one_source_stages_s": _stages(added_report),
            # as under `mkdocs serve`: results kept in memory between builds (pipeline and writer)
            "edit_in_memory_s": in_memory["edit_s"], "edit_in_memory_stages_s": in_memory["stages"],
            # a person named nowhere added to registry/people.yml
            "registry_edit_s": round(registry_edit, 2), "registry_edit_files_written": _written(registry_report),
            "registry_edit_runs_s": [round(seconds, 2) for seconds, _ in registry_edits],
            "registry_edit_stages_s": _stages(registry_report),
        }
        if run_mkdocs:
            # As on a fresh checkout (CI, publishing): no cache, so the hook's pipeline runs cold.
            shutil.rmtree(project / ".cache", ignore_errors=True)
            with_hook, log = _run([sys.executable, "-m", "mkdocs", "build", "-d", "site"], project)
            # MkDocs' own warnings (links, anchors, nav), which `mkdocs build --strict` fails on; the
            # synthetic corpus's problems, which the hook logs as warnings too, are left out.
            site_warnings = [line for line in log.splitlines() if line.startswith("WARNING") and "medreg:" not in line]
            without_hook, _ = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-nohook.yml",
                                    "-d", "site-nohook"], project)
            site = project / "site"
            pages = [p.stat().st_size for p in site.rglob("*.html")]
            index = (site / "search" / "search_index.json").read_bytes()
            # Pagefind indexes the same pages (what the hook does after a build with search: pagefind).
            pagefind_site = project / "site-pagefind"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MEDREG_SEARCH": "pagefind"}
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(pagefind_site)], cwd=project,
                           env=env, capture_output=True, check=True)
            pagefind_build = time.perf_counter() - start
            fetched = pagefind_first_query_bytes(pagefind_site, SEARCH_QUERIES)
            figures.update({
                "mkdocs_build_with_hook_s": round(with_hook, 1), "mkdocs_build_without_hook_s": round(without_hook, 1),
                "mkdocs_warnings": len(site_warnings), "mkdocs_warnings_first": site_warnings[:3],
                "pipeline_share_of_build": round(max(0.0, with_hook - without_hook) / with_hook, 3),
                "pipeline_cold_vs_render": round(cold / without_hook, 3),
                "html_pages": len(pages), "largest_html_kb": round(max(pages) / 1024, 1),
                "median_html_kb": round(statistics.median(pages) / 1024, 1),
                "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
                "first_search_fetch_kb": round(len(index) / 1024, 1),
                "first_search_fetch_gzip_kb": round(len(gzip.compress(index)) / 1024, 1),
                "mkdocs_build_pagefind_s": round(pagefind_build, 1),
                # the word chunks of Pagefind's index: what the words on every page make grow
                "pagefind_index_kb": round(sum(p.stat().st_size for p in (pagefind_site / "pagefind" / "index").glob("*"))
                                           / 1024, 1),
                "pagefind_first_query_kb": (round(max(raw for raw, _ in fetched.values()) / 1024, 1)
                                            if isinstance(fetched, dict) else fetched),
                "pagefind_first_query_gzip_kb": (round(max(sent for _, sent in fetched.values()) / 1024, 1)
                                                 if isinstance(fetched, dict) else fetched),
            })
            if isinstance(fetched, dict):
                figures.update({f"pagefind_kb[{q}]": f"{raw / 1024:.1f} ({sent / 1024:.1f} gz)"
                                for q, (raw, sent) in fetched.items()})
        if size <= serve_max:
            # mkdocs serve (full rebuilds) and serve --dirty (only the pages the build rewrote)
            # three successive edits each: the first after start-up, then the steady state
            figures["serve_edit_s"] = serve_edit_seconds(project, [], skip=0)
            figures["serve_dirty_edit_s"] = serve_edit_seconds(project, ["--dirty"], skip=3)
            # and on serve --dirty, a person named nowhere added to the registry (three times), then a
            # person the sources name, as a curator does (the one named in fewest briefings)
            nowhere, curated, briefings = serve_registry_edit_seconds(project, ["--dirty"])
            figures["serve_dirty_registry_edit_s"] = nowhere
            figures["serve_dirty_registry_named_edit_s"] = curated
            figures["serve_dirty_registry_named_briefings"] = briefings
        return figures
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-mkdocs", action="store_true", help="measure the pipeline only")
    parser.add_argument("--serve-max", type=int, default=1000,
                        help="measure a `mkdocs serve` edit for corpora up to this size (default 1000)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each pipeline measure, of which the median is shown (default 3)")
    args = parser.parse_args()
    results = [bench(size, not args.no_mkdocs, args.serve_max, max(1, args.repeat)) for size in args.sizes]
    keys = list(dict.fromkeys(k for r in results for k in r))
    width = max(map(len, keys))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("".ljust(width) + "".join(f"{r['sources']:>14,}" for r in results))
    for key in keys[1:]:
        print(key.ljust(width) + "".join(f"{str(r.get(key, '')):>14}" for r in results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
