from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_scripts.config import BuildConfig

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


# Property tests explore the same examples on every run, so CI is reproducible.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.load_profile("repeatable")
