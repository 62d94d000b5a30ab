"""Build configuration: where sources are read from and pages are written to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SIDECAR_SUFFIX = ".meta.yml"

# Folders under docs/ that belong to the build. The writer only ever writes
# inside these (plus the few top-level pages in GENERATED_TOP_PAGES).
GENERATED_DIRS = ("briefings", "raw", "people", "organisations", "topics", "curation")
GENERATED_TOP_PAGES = ("index.md", "tags.md")
MANIFEST_NAME = ".generated.json"


@dataclass(frozen=True)
class BuildConfig:
    """Where the build reads and writes. Paths are absolute."""

    root: Path
    sources_dir: Path
    docs_dir: Path
    registry_dir: Path
    strict: bool = False
    # Largest source file the build reads (bytes); larger files are refused.
    max_source_bytes: int = 20 * 1024 * 1024

    @classmethod
    def for_project(cls, root: Path, *, strict: bool = False,
                    sources_dir: Path | None = None,
                    docs_dir: Path | None = None,
                    registry_dir: Path | None = None) -> "BuildConfig":
        root = root.resolve()
        return cls(
            root=root,
            sources_dir=(sources_dir or root / "sources").resolve(),
            docs_dir=(docs_dir or root / "docs").resolve(),
            registry_dir=(registry_dir or root / "registry").resolve(),
            strict=strict,
        )

    def display(self, path: Path) -> str:
        """A path as reports show it: relative to the project root, with '/'."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
