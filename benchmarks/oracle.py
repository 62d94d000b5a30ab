"""The refactoring oracle: what the build makes of fixed inputs, byte for byte.

For three corpora (the shipped seeds; a 1,000-source synthetic corpus from
``corpus.py``; ``../shared/devset/`` beside the seeds, when it is there) it
builds the generated ``docs/`` tree through ``pipeline.build`` and the
writer, and records each file's SHA-256 in ``tests/oracle/<corpus>.json``;
for the seeds it also records the site ``mkdocs build`` makes of them (the
sitemap left out: it carries the day of the build). A refactor must leave
every digest as it is (``tests/test_oracle.py`` compares them); a fix that
changes pages re-records them, and the commit's diff of these files names
exactly the pages it changed.

Only digests are stored, and for the devset its pages' paths are digests too
(its slugs are words of its headlines): no text of the devset (third-party)
reaches the repository.

    .venv/bin/python benchmarks/oracle.py            # compare, list what differs
    .venv/bin/python benchmarks/oracle.py --record   # write tests/oracle/*.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402
from build_scripts.config import BuildConfig  # noqa: E402
from build_scripts.pipeline import build  # noqa: E402
from build_scripts.write import write_pages  # noqa: E402

RECORDS = ROOT / "tests" / "oracle"
DEVSET = ROOT.parent / "shared" / "devset"
TODAY = "2026-12-01"  # the build's "today" (it only decides which dates are in the future)
SYNTHETIC_SOURCES = 1000
SITE_LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz")
DOCS_LEFT_OUT = (".generated.json",)  # the writer's manifest: file times of this machine


def _project(folder: Path, corpus: str) -> Path:
    """A project folder for ``corpus``: this checkout's site configuration and registry, and its sources."""
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "build_scripts", folder / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(ROOT / "registry", folder / "registry")
    (folder / "docs").mkdir()
    for name in ("about.md", "javascripts", "stylesheets"):
        source = ROOT / "docs" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / "docs" / name)
    if corpus == "synthetic":
        write_corpus(folder / "sources", SYNTHETIC_SOURCES)
    else:
        shutil.copytree(ROOT / "sources", folder / "sources")
        if corpus == "devset":
            shutil.copytree(DEVSET / "sources", folder / "sources" / "devset")
    return folder


def _digests(folder: Path, left_out: tuple[str, ...] = ()) -> dict[str, str]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in left_out:
            # 64 bits of SHA-256: enough to tell a changed page, at a third of the size to keep
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return found


def generated(corpus: str) -> dict[str, str]:
    """The digest of each file the build generates under docs/ for ``corpus``
    (the hand-written pages, the same in every project, left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), corpus)
        config = replace(BuildConfig.for_project(project), today=TODAY)
        result = build(config)
        write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
        digests = _digests(project / "docs", DOCS_LEFT_OUT)
        return {path: digest for path, digest in digests.items()
                if not path.startswith(("about.md", "javascripts/", "stylesheets/"))}


def site(corpus: str = "seeds") -> dict[str, str]:
    """The digest of each file of the site ``mkdocs build`` makes of ``corpus``."""
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), corpus)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=project,
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"mkdocs build failed:\n{result.stderr}")
        return _digests(project / "site", SITE_LEFT_OUT)


def corpora() -> list[str]:
    return ["seeds", "synthetic"] + (["devset"] if (DEVSET / "sources").is_dir() else [])


def outputs(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The digests to record for ``name``, and each recorded key's path."""
    found = site() if name == "seeds-site" else generated(name)
    if name != "devset":
        return found, {path: path for path in found}
    keys = {path: "#" + hashlib.sha256(path.encode("utf-8")).hexdigest()[:16] for path in found}
    return {keys[path]: digest for path, digest in found.items()}, {key: path for path, key in keys.items()}


def names() -> list[str]:
    return corpora() + ["seeds-site"]


def compare(recorded: dict[str, str], now: dict[str, str], paths: dict[str, str] | None = None) -> list[str]:
    """What differs, a line each: pages added, removed or changed (named by
    ``paths`` where a key is a digest of the path)."""
    paths = paths or {}
    lines = [f"added:   {paths.get(key, key)}" for key in sorted(set(now) - set(recorded))]
    lines += [f"removed: {paths.get(key, key)}" for key in sorted(set(recorded) - set(now))]
    lines += [f"changed: {paths.get(key, key)}" for key in sorted(set(now) & set(recorded)) if now[key] != recorded[key]]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="store_true", help="write the digests to tests/oracle/")
    parser.add_argument("--only", choices=["seeds", "synthetic", "devset", "seeds-site"], help="one corpus")
    args = parser.parse_args()
    failed = False
    for name in [args.only] if args.only else names():
        now, paths = outputs(name)
        record = RECORDS / f"{name}.json"
        if args.record:
            RECORDS.mkdir(parents=True, exist_ok=True)
            before = json.loads(record.read_text()) if record.is_file() else {}
            record.write_text(json.dumps(now, indent=0, sort_keys=True, ensure_ascii=False) + "\n")
            differences = compare(before, now, paths)
            print(f"{name}: {len(now)} files recorded" + (f"; {len(differences)} differ from the last record:"
                                                           if differences else "; none differs"))
        else:
            differences = compare(json.loads(record.read_text()), now, paths)
            print(f"{name}: {len(now)} files, {len(differences)} differ")
            failed = failed or bool(differences)
        for line in differences[:50]:
            print("  " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
