"""Random sequences of what editors do between builds: add sources (in
folders too, as text, Markdown or hostile HTML), copy one from another
outlet, edit, touch, rename, break and delete them; write and break
sidecars; edit the registry and the glossary, or break it; change the build
code; clear the cache; edit a generated page by hand, or write a page of
one's own among them. After each build, the build that reused the cache
(from disk, as on the command line, or from memory, as under `mkdocs
serve`; with the process pools and second process of a large corpus, or
without) must equal a build of the same files without it: the same briefings, problems and pages, and the same generated
files on disk. What the writer does besides must hold too: the last good
page of a source that fails is kept, marked stale; a hand edit of a
generated page is kept aside in .edited/; a page of one's own is left as it is.

The same 10 sequences of up to 10 builds run every time. A longer hunt, with
other sequences each run (a failure prints the steps that cause it):
MEDREG_FUZZ_EXAMPLES=300 MEDREG_FUZZ_STEPS=30 .venv/bin/python -m pytest tests/test_incremental.py
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from build_scripts import pipeline
from build_scripts.config import BuildConfig, Parallelism
from build_scripts.incremental.state import BuildState
from build_scripts.collector import collector_paused
from build_scripts.pipeline import build, record_build
from build_scripts.write import read_manifest, write_result

from .conftest import ROOT
from .test_cache import _REGISTRY_EDITS, ROLE_FROM_REGISTRY, _registry_edits

EXAMPLES = int(os.environ.get("MEDREG_FUZZ_EXAMPLES", "10"))
STEPS = int(os.environ.get("MEDREG_FUZZ_STEPS", "10"))

PEOPLE = ["Li Li", "Huang Guo", "He Li", "Zhang Wenhua", "Lin Qiang", "Wang Tao", "Chen Mei"]
ROLES = ["Director", "Deputy Director", "Professor", "Dr."]
ORGANISATIONS = ["the National Medical Products Administration", "the Center for Drug Evaluation (CDE)",
                 "Fudan University", "the Pudong Biomedicine Innovation Centre (PBIC)", "Hengrui Medicine"]
SUBJECTS = ["innovative drugs", "medical devices", "cosmetics", "clinical trials", "rare disease drugs"]
OUTLETS = ["Xinhua", "China Daily", "Caixin", "Yicai", None]
HEADLINES = ["NMPA speeds up reviews of {subject}", "Shanghai backs {subject}", "New rules for {subject}",
             "国家药监局加快{zh}审评", "{subject}: what changes in 2026"]
ZH = {"innovative drugs": "创新药", "medical devices": "医疗器械", "cosmetics": "化妆品",
      "clinical trials": "临床试验", "rare disease drugs": "罕见病药物"}
TOPIC_NAMES = ["Innovative drug approval", "Medical devices", "Cosmetics", "Clinical trials", "Beauty regulation"]

clipping = st.fixed_dictionaries({
    "headline": st.sampled_from(HEADLINES),
    "subject": st.sampled_from(SUBJECTS),
    "person": st.sampled_from(PEOPLE),
    "role": st.sampled_from(ROLES),
    "organisation": st.sampled_from(ORGANISATIONS),
    "other": st.sampled_from(ORGANISATIONS),
    "month": st.integers(1, 12),
    "day": st.integers(1, 28),
    "count": st.integers(2, 90),
    "outlet": st.sampled_from(OUTLETS),
    "format": st.sampled_from([".txt", ".txt", ".md", ".html"]),
    # A person named without a role: their page shows the registry's, at an organisation the text may not name.
    "bare": st.booleans(),
})


def _clipping_text(c: dict) -> str:
    title = c["headline"].format(subject=c["subject"], zh=ZH[c["subject"]])
    date = f"2025-{c['month']:02d}-{c['day']:02d}"
    who = c["person"] if c["bare"] else f"{c['role']} {c['person']} of {c['organisation']}"
    lead = (f"{who} said {c['other']} will speed up reviews of {c['subject']}. The agency approved "
            f"{c['count']} {c['subject']} in 2025, up from {c['count'] // 2} the year before.")
    more = f"Officials said the pilot would be extended to more provinces of China in {2026 + c['day'] % 3}."
    source = f"Source: {c['outlet']}" if c["outlet"] else ""
    if c["format"] == ".md":
        return f"---\ntitle: {title}\ndate: {date}\n---\n\n{lead}\n\n{more}\n\n{source}\n"
    if c["format"] == ".html":
        return (f"<html><head><title>{title}</title><script>alert('x')</script></head><body><nav>Home | News</nav>"
                f"<article><h1>{title}</h1><p class=\"date\">{date}</p><p>{lead}</p><p>{more}</p>"
                f"<p onclick=\"alert(1)\">{source}</p></article><footer>Copyright</footer></body></html>")
    return f"{title}\n{date}\n{lead}\n{more}\n{source}\n"


class EditorsAndBuilds(RuleBasedStateMachine):
    """A project of the shipped corpus that an editor changes at random,
    built with the cache after each one to three changes, and checked
    against a build without it."""

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="medreg-incremental-"))
        shutil.copytree(ROOT / "sources", self.folder / "sources")
        shutil.copytree(ROOT / "registry", self.folder / "registry")
        (self.folder / "sources" / "role-from-registry.txt").write_text(ROLE_FROM_REGISTRY, "utf-8")
        (self.folder / "docs").mkdir()
        self.config = BuildConfig.for_project(self.folder)
        self.memory: BuildState | None = None
        self.parallel = False
        self.code = pipeline.code_version
        self.result = None
        self.step = 0
        self.kept_stale: set[str] = set()
        self.edited: dict[str, bytes] = {}  # generated pages edited by hand since the last build
        self.by_hand: dict[Path, bytes] = {}  # pages the build did not generate

    @initialize(serve=st.booleans(), parallel=st.booleans())
    def first_build(self, serve, parallel):
        """Under serve, or on the command line; with the process pools and
        the second process a large corpus gets (forced here), or without."""
        self.memory = BuildState() if serve else None
        self.parallel = parallel
        self.rebuild()

    def teardown(self):
        pipeline.code_version = self.code
        shutil.rmtree(self.folder, ignore_errors=True)

    # What an editor does --------------------------------------------------

    def _sources(self) -> list[Path]:
        return sorted(p for p in self.config.sources_dir.rglob("*") if p.is_file() and not p.name.endswith(".meta.yml"))

    def _write(self, path: Path, data: str | bytes) -> None:
        self.step += 1
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, "utf-8")

    # Each change draws what it changes; ``changes_then_build`` makes one to
    # three of them, as an editor saves several files before a build (or
    # `mkdocs serve` takes several saves in one).

    def add_clipping(self, data):
        c = data.draw(clipping)
        self._write(self.config.sources_dir / f"added-{self.step}{c['format']}", _clipping_text(c))

    def add_clipping_in_a_folder(self, data):
        c, folder = data.draw(clipping), data.draw(st.sampled_from(["2025", "2025/december"]))
        (self.config.sources_dir / folder).mkdir(parents=True, exist_ok=True)
        self._write(self.config.sources_dir / folder / f"in-folder-{self.step}{c['format']}", _clipping_text(c))

    def _drawn_source(self, data) -> Path | None:
        sources = self._sources()
        return data.draw(st.sampled_from(sources)) if sources else None

    def touch_source(self, data):
        """Saved again as it was: a new modification time, the same bytes."""
        if (path := self._drawn_source(data)) is not None:
            status = path.stat()
            os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))

    def copy_from_another_outlet(self, data):
        """The same story from another outlet, retitled."""
        path, outlet = self._drawn_source(data), data.draw(st.sampled_from(OUTLETS))
        try:
            text = path.read_text("utf-8") if path is not None else None
        except (OSError, UnicodeDecodeError):
            return
        if text is not None:
            lines = text.split("\n")
            lines[0] = lines[0] + " (update)"
            text = "\n".join(lines) + (f"\nSource: {outlet}\n" if outlet else "")
            self._write(self.config.sources_dir / f"copy-{self.step}{path.suffix}", text)

    def edit_source(self, data):
        path = self._drawn_source(data)
        kind = data.draw(st.sampled_from(["paragraph", "date", "headline", "person", "figure", "same size"]))
        person = data.draw(st.sampled_from(PEOPLE))
        try:
            text = path.read_text("utf-8") if path is not None else None
        except (OSError, UnicodeDecodeError):
            return
        if text is None:
            return
        if kind == "paragraph":
            text = text.replace("\n", f"\nThe regulator met {person} on {self.step} March.\n", 2)
        elif kind == "date":
            text = text.replace("2025-", "2024-", 1)
        elif kind == "headline":
            text = f"Headline rewritten {self.step}" + text[text.find("\n"):] if "\n" in text else text
        elif kind == "person":
            for name in PEOPLE:
                text = text.replace(name, person)
        elif kind == "figure":
            text = text.rstrip("\n") + f"\nThe NMPA approved {self.step + 3} innovative drugs in 2025.\n"
        else:  # the same size: only the bytes tell it from the last
            text = text.replace("the", "teh", 1)
        self._write(path, text)

    def break_source(self, data):
        path, how = self._drawn_source(data), data.draw(st.sampled_from(["empty", "binary", "latin-1"]))
        if path is None:
            return
        if how == "empty":
            self._write(path, "")
        elif how == "binary":
            self._write(path, b"\x00\x01\x02PNG\x00" * 40)
        else:
            self._write(path, "Zulassung für Arzneimittel\n2025-05-05\nDie Behörde prüft schneller.\n".encode("latin-1"))

    def rename_source(self, data):
        if (path := self._drawn_source(data)) is None:
            return
        self.step += 1
        target = path.with_name(f"renamed-{self.step}{path.suffix}")
        path.rename(target)
        sidecar = path.with_name(path.stem + ".meta.yml")
        if sidecar.exists():
            sidecar.rename(target.with_name(target.stem + ".meta.yml"))

    def delete_source(self, data):
        if (path := self._drawn_source(data)) is None:
            return
        self.step += 1
        path.unlink()
        path.with_name(path.stem + ".meta.yml").unlink(missing_ok=True)

    def write_sidecar(self, data):
        path = self._drawn_source(data)
        fields = data.draw(st.fixed_dictionaries({}, optional={
            "title_en": st.sampled_from(["NMPA speeds up reviews", "Shanghai policy on medtech", None]),
            "topics": st.lists(st.sampled_from(TOPIC_NAMES), max_size=2, unique=True),
            "story": st.sampled_from(["", "nmpa-reviews"]),
            "date": st.sampled_from(["2025-06-01", None]),
            "outlet": st.sampled_from(["Caixin", None]),
            "summary": st.sampled_from(["The regulator will review faster."]),
        }))
        if path is not None:
            sidecar = path.with_name(path.stem + ".meta.yml")
            self._write(sidecar, yaml.safe_dump(fields, allow_unicode=True, sort_keys=True) if fields else "")

    def break_sidecar(self, data):
        if (path := self._drawn_source(data)) is not None:
            self._write(path.with_name(path.stem + ".meta.yml"), "topics: [Cosmetics\ntitle_en: : :\n")

    def edit_registry(self, data):
        kind, seed = data.draw(st.sampled_from(_REGISTRY_EDITS)), data.draw(st.integers(0, 2**16))
        self.step += 1
        _registry_edits(self.config, self.result, random.Random(seed), self.step, kind)

    def break_registry_then_mend_it(self, data):
        """A malformed registry stops the build, which writes nothing; mended, it builds again."""
        people = self.config.registry_dir / "people.yml"
        text = people.read_text("utf-8")
        self._write(people, text + "\n- id: [unclosed\n")
        with collector_paused():
            failed = build(self.config, memory=self.memory)
        assert not failed.complete
        self._write(people, text)

    def new_build_code(self, data):
        """The build code changes (an upgrade): every cache entry is stale."""
        self.step += 1
        code = f"{self.code()}-changed-{self.step}"
        pipeline.code_version = lambda: code

    def cache_cleared(self, data):
        shutil.rmtree(self.config.cache_dir, ignore_errors=True)

    def edit_a_generated_page(self, data):
        """An edit by hand where it will not last: the next build rewrites the
        page and keeps the edit aside in .edited/."""
        pages = sorted(rel for rel in read_manifest(self.config.docs_dir) if rel.endswith(".md"))
        if pages:
            rel = data.draw(st.sampled_from(pages))
            page = self.config.docs_dir / rel
            self._write(page, page.read_text("utf-8") + f"\nA note by hand, {self.step}.\n")
            self.edited[rel] = page.read_bytes()

    def write_a_page_by_hand(self, data):
        """A page the build did not generate, in one of its folders: never touched."""
        folder = data.draw(st.sampled_from(["briefings", "people", "topics"]))
        page = self.config.docs_dir / folder / f"notes-by-hand-{self.step}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        self._write(page, f"# Notes {self.step}\n")
        self.by_hand[page] = page.read_bytes()

    def nothing(self, data):
        """A build with nothing changed (up to date)."""

    CHANGES = ("add_clipping", "add_clipping_in_a_folder", "touch_source", "copy_from_another_outlet", "edit_source",
               "break_source", "rename_source", "delete_source", "write_sidecar", "break_sidecar", "edit_registry",
               "break_registry_then_mend_it", "new_build_code", "cache_cleared", "edit_a_generated_page",
               "write_a_page_by_hand", "nothing")

    @rule(data=st.data())
    def changes_then_build(self, data):
        for _ in range(data.draw(st.integers(1, 3), label="changes")):
            getattr(self, data.draw(st.sampled_from(self.CHANGES), label="change"))(data)
        self.rebuild()

    # Builds ---------------------------------------------------------------

    def _settings(self) -> BuildConfig:
        """The project's settings; with ``parallel``, every share of the work
        among processes taken at once, however few the sources."""
        if not self.parallel:
            return self.config
        return replace(self.config, parallel=Parallelism(sources_from=1, pages_from=1, side_work_from=1))

    def rebuild(self):
        with collector_paused():
            result = build(self._settings(), memory=self.memory)
            assert result.complete, result.problems
            report = write_result(result, self.config.docs_dir, self.config.root, memory=self.memory)
        # (the writer warns of a page it keeps stale: its source failed)
        assert not [p for p in report.problems if p.severity == "error"], report.problems
        record_build(self.config, result)
        if not result.up_to_date:  # (an up-to-date build writes nothing, and reports nothing kept)
            self.kept_stale = set(report.kept_stale)
        for rel, data in self.edited.items():  # rewritten, and the edit kept aside (a stale page keeps it)
            kept = self.folder / ".edited" / "docs" / rel
            assert rel in self.kept_stale or (kept.is_file() and kept.read_bytes() == data), rel
        self.edited.clear()
        for path, data in self.by_hand.items():
            assert path.read_bytes() == data, path
        # A build without the cache, written into an empty folder
        cold_docs = self.folder / "cold-docs"
        shutil.rmtree(cold_docs, ignore_errors=True)
        cold_docs.mkdir()
        with collector_paused():
            fresh = build(replace(self.config, cache=False, docs_dir=cold_docs))
            write_result(fresh, cold_docs, self.config.root)
        if not result.up_to_date:
            self.result = result
            assert result.briefings == fresh.briefings
            assert result.problems == fresh.problems
            assert dict(result.pages) == dict(fresh.pages)
        # The generated files on disk are the same (but for pages kept stale).
        ours, theirs = read_manifest(self.config.docs_dir), read_manifest(cold_docs)
        assert set(ours) - self.kept_stale == set(theirs), sorted(set(ours) ^ set(theirs))
        for rel in theirs:
            assert (self.config.docs_dir / rel).read_bytes() == (cold_docs / rel).read_bytes(), rel
        for rel in self.kept_stale:
            assert rel in ours and rel not in theirs


EditorsAndBuilds.TestCase.settings = settings(
    max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
    derandomize="MEDREG_FUZZ_EXAMPLES" not in os.environ,  # the same examples in every CI run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
TestEditorsAndBuilds = EditorsAndBuilds.TestCase
