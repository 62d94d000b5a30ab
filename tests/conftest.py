from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.config import BuildConfig
from build_scripts.model import Block, Briefing

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_briefing(**fields) -> Briefing:
    """A briefing as the per-source stages make one: every field given a
    plain value (an English article of one paragraph, dated, no outlet, no
    event), ``fields`` changing any of them. The one factory the tests share."""
    slug = fields.get("slug", "a")
    values = dict(slug=slug, source=f"{slug}.txt", part=1, parts=1, line=1, title="A headline", title_en=None,
                  date="2025-01-02", time=None, outlet=None, outlet_original=None, event=None, location=None,
                  language=("en",), summary=None, sections=(), body=(Block("paragraph", text="Text.", line=3),),
                  body_is_summary=False, topics=(), sha256="0" * 64, original_name=f"{slug}.txt",
                  encoding="utf-8", curated=(), inferred=())
    values.update(fields)
    return Briefing(**values)


def make_project(tmp_path: Path, files: dict[str, str | bytes]) -> BuildConfig:
    """A project folder under ``tmp_path`` with ``files`` (path -> content)
    written relative to it, and a BuildConfig for it."""
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "docs").mkdir(exist_ok=True)
    return BuildConfig.for_project(tmp_path)


@pytest.fixture
def project(tmp_path):
    """Call with a dict of files to get a BuildConfig for a fresh project."""
    return lambda files: make_project(tmp_path, files)


@pytest.fixture
def seed_project(tmp_path) -> BuildConfig:
    """A copy of this repository's sources/ (the shipped corpus) in a temp project."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    (tmp_path / "docs").mkdir()
    return BuildConfig.for_project(tmp_path)


def copy_project(target: Path, with_sources: bool = True) -> Path:
    """A copy of this project's site configuration (and, by default, its
    sources and registry) in ``target``, ready for ``mkdocs build``."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "build_scripts", target / "build_scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", target / "overrides")
    (target / "docs").mkdir()
    for path in (ROOT / "docs").iterdir():  # the hand-written pages and assets
        if path.name in ("about.md", "javascripts", "stylesheets"):
            (shutil.copytree if path.is_dir() else shutil.copy)(path, target / "docs" / path.name)
    if with_sources:
        shutil.copytree(ROOT / "sources", target / "sources")
        shutil.copytree(ROOT / "registry", target / "registry")
    else:
        (target / "sources").mkdir()
        (target / "registry").mkdir()
    return target


def mkdocs_build(project: Path, strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    """``mkdocs build`` of ``project`` into site/ (``--strict`` unless told:
    hostile inputs draw the warnings they should), with ``env`` set."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", "site"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped corpus built into a static site by ``mkdocs build --strict``."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


# Property tests explore the same examples on every run, so CI is reproducible.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.load_profile("repeatable")
