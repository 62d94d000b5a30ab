from __future__ import annotations

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_scripts import write
from build_scripts.write import is_generated_path, read_manifest, write_pages


def _docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    return docs


def test_writes_pages_and_manifest(tmp_path):
    docs = _docs(tmp_path)
    report = write_pages({"briefings/a.md": "A\n", "raw/a.txt": b"raw", "index.md": "home\n"}, docs, tmp_path)
    assert report.written == ["briefings/a.md", "index.md", "raw/a.txt"]
    assert (docs / "briefings/a.md").read_text() == "A\n"
    manifest = json.loads((docs / ".generated.json").read_text())
    assert sorted(manifest["files"]) == ["briefings/a.md", "index.md", "raw/a.txt"]


def test_pages_get_the_mode_a_new_file_gets(tmp_path):
    """Readable by others as the umask allows (mkstemp's own 0600 is not what a page should have)."""
    docs = _docs(tmp_path)
    mask = os.umask(0o027)
    try:
        assert write._file_mode() == 0o640
    finally:
        os.umask(mask)
    assert write.FILE_MODE == 0o666 & ~mask  # the umask the tests run under
    write_pages({"briefings/a.md": "A\n", "raw/a.txt": b"raw"}, docs, tmp_path)
    for rel in ("briefings/a.md", "raw/a.txt", ".generated.json"):
        assert (docs / rel).stat().st_mode & 0o777 == write.FILE_MODE, rel
    # A page an earlier version left 0600 gets the mode at the next build, unchanged otherwise.
    page = docs / "briefings/a.md"
    page.chmod(0o600)
    before = page.stat().st_mtime_ns
    assert write_pages({"briefings/a.md": "A\n", "raw/a.txt": b"raw"}, docs, tmp_path).written == []
    assert page.stat().st_mode & 0o777 == write.FILE_MODE and page.stat().st_mtime_ns == before


def test_each_folder_is_made_once_a_write(tmp_path, monkeypatch):
    """24,600 pages in a few dozen folders: a folder is asked for once, not once a page."""
    docs = _docs(tmp_path)
    made = []
    original = type(docs).mkdir
    monkeypatch.setattr(type(docs), "mkdir", lambda self, *args, **kwargs: made.append(self.name) or original(self, *args, **kwargs))
    pages = {f"briefings/{n}.md": f"{n}\n" for n in range(5)} | {"people/a.md": "A\n", "people/b.md": "B\n"}
    assert write_pages(pages, docs, tmp_path).written == sorted(pages)
    assert made.count("briefings") == made.count("people") == 1
    assert all((docs / rel).read_text() == text for rel, text in pages.items())


def test_second_identical_build_writes_nothing(tmp_path):
    docs = _docs(tmp_path)
    pages = {"briefings/a.md": "A\n"}
    write_pages(pages, docs, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    report = write_pages(pages, docs, tmp_path)
    assert report.written == [] and report.unchanged == ["briefings/a.md"]
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


def test_removes_generated_pages_whose_source_is_gone(tmp_path):
    docs = _docs(tmp_path)
    write_pages({"briefings/a.md": "A\n", "briefings/old/b.md": "B\n"}, docs, tmp_path)
    report = write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert report.removed == ["briefings/old/b.md"]
    assert not (docs / "briefings/old").exists()


def test_never_overwrites_or_deletes_a_file_it_did_not_generate(tmp_path):
    docs = _docs(tmp_path)
    (docs / "index.md").write_text("hand-written home\n")
    (docs / "briefings").mkdir()
    (docs / "briefings/notes.md").write_text("my notes\n")
    report = write_pages({"index.md": "generated\n", "briefings/a.md": "A\n"}, docs, tmp_path)
    assert (docs / "index.md").read_text() == "hand-written home\n"
    assert [str(p) for p in report.problems] == [
        "docs/index.md: error: a file the build did not generate is in the way of a generated "
        "page; move or rename it (it was left untouched)"]
    write_pages({}, docs, tmp_path)
    assert (docs / "briefings/notes.md").read_text() == "my notes\n"
    assert (docs / "index.md").exists()


def test_hand_edited_page_is_kept_aside(tmp_path):
    docs = _docs(tmp_path)
    write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    (docs / "briefings/a.md").write_text("A, corrected by hand\n")
    report = write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert (docs / "briefings/a.md").read_text() == "A\n"
    assert (tmp_path / ".edited/docs/briefings/a.md").read_text() == "A, corrected by hand\n"
    assert report.kept_aside == ["briefings/a.md"]
    assert "edited by hand" in report.problems[0].message


def test_a_page_cut_short_is_written_again(tmp_path):
    """Pages are not fsync'ed (the manifest is): a page a power cut left short
    no longer matches the manifest, so the next write puts it back."""
    docs = _docs(tmp_path)
    write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    (docs / "briefings/a.md").write_bytes(b"")
    report = write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert (docs / "briefings/a.md").read_text() == "A\n" and report.written == ["briefings/a.md"]


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x.md", "briefings/../../x.md", "about.md",
                                 "briefings/.hidden.md", "x/briefings/a.md", ".generated.json"])
def test_refuses_paths_outside_generated_folders(tmp_path, rel):
    assert not is_generated_path(rel)
    docs = _docs(tmp_path)
    report = write_pages({rel: "x"}, docs, tmp_path)
    assert report.written == [] and report.problems[0].severity == "error"


def test_interrupted_write_leaves_the_old_page(tmp_path, monkeypatch):
    docs = _docs(tmp_path)
    write_pages({"briefings/a.md": "old\n"}, docs, tmp_path)

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(write.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_pages({"briefings/a.md": "new\n"}, docs, tmp_path)
    monkeypatch.undo()
    assert (docs / "briefings/a.md").read_text() == "old\n"
    assert [p.name for p in (docs / "briefings").iterdir()] == ["a.md"]  # no temp file left
    write_pages({"briefings/a.md": "new\n"}, docs, tmp_path)
    assert (docs / "briefings/a.md").read_text() == "new\n"


def test_corrupt_manifest_is_treated_as_empty(tmp_path):
    docs = _docs(tmp_path)
    (docs / ".generated.json").write_text("{not json")
    assert read_manifest(docs) == {}
    (docs / ".generated.json").write_text(json.dumps({"files": {"../../etc/passwd": "x"}}))
    assert read_manifest(docs) == {}


def test_symlinked_folder_leaving_docs_is_refused(tmp_path):
    docs = _docs(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, docs / "briefings")
    report = write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert list(outside.iterdir()) == []
    assert report.problems[0].message == "refusing to write through a link that leaves docs/"


def test_a_build_killed_mid_write_leaves_whole_pages_and_the_next_build_repairs(tmp_path):
    """Kill a real build process (SIGKILL) while it writes, then check that no
    page is half-written and that the next build brings everything back."""
    import signal
    import subprocess
    import sys
    import time

    sources = tmp_path / "sources"
    sources.mkdir()
    (tmp_path / "docs").mkdir()
    for n in range(400):
        (sources / f"s{n:03d}.txt").write_text(
            f"Headline {n}\n2025-03-10\nThe regulator approved {n} new rules for clinical trials, officials "
            "said in a statement on Monday.\nSource: Xinhua\n" + ("More text. " * 200), "utf-8")
    command = [sys.executable, "-m", "build_scripts", "build", "--root", str(tmp_path), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    briefings = tmp_path / "docs" / "briefings"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if briefings.is_dir() and len(list(briefings.glob("*.md"))) >= 50:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for page in briefings.glob("s*.md"):  # every page there is whole: old bytes or new, never half
        text = page.read_text("utf-8")
        assert text.startswith("---\n") and text.rstrip().endswith("</div>"), page
    assert subprocess.run(command).returncode == 0
    assert not list((tmp_path / "docs").rglob(".*.tmp"))
    assert len(list(briefings.glob("s*.md"))) == 400
    again = subprocess.run(command[:-1], capture_output=True, text=True)
    assert "0 written" in again.stdout


def test_cached_pages_with_the_key_last_written_are_neither_loaded_nor_hashed(tmp_path, monkeypatch):
    """A page the build took from its page cache (a ``CachedPage``) whose key
    and file are as the last write left them is skipped unread; a new key, or
    a file edited by hand, is loaded and written as usual."""
    from build_scripts.incremental.store import CachedPage, ContentCache, PageSet
    docs = _docs(tmp_path)
    cache = ContentCache(tmp_path / "cache", "salt")
    for key, text in (("k1", "First\n"), ("k2", "Second\n"), ("k3", "Third\n")):
        assert cache.put(key, text)

    def never(*_):
        raise AssertionError("rendered again")

    def pages(key_a: str) -> PageSet:
        return PageSet(cache, {"briefings/a.md": CachedPage(key_a, never, ()),
                               "briefings/b.md": CachedPage("k2", never, ()), "index.md": "home\n"})

    assert write_pages(pages("k1"), docs, tmp_path).written == ["briefings/a.md", "briefings/b.md", "index.md"]
    assert (docs / "briefings/a.md").read_text() == "First\n"
    loaded, hashed = [], []
    monkeypatch.setattr(cache, "get", lambda key: loaded.append(key) or ContentCache.get(cache, key))
    original = write._sha256
    monkeypatch.setattr(write, "_sha256", lambda data: hashed.append(data) or original(data))
    report = write_pages(pages("k1"), docs, tmp_path)
    assert report.written == [] and loaded == [] and hashed == [b"home\n"]
    report = write_pages(pages("k3"), docs, tmp_path)  # the page's inputs changed
    assert report.written == ["briefings/a.md"] and loaded == ["k3"]
    assert (docs / "briefings/a.md").read_text() == "Third\n"
    (docs / "briefings/b.md").write_text("edited by hand\n")
    report = write_pages(pages("k3"), docs, tmp_path)
    assert report.written == ["briefings/b.md"] and report.kept_aside == ["briefings/b.md"]
    assert (docs / "briefings/b.md").read_text() == "Second\n"


def test_a_cached_page_whose_entry_is_gone_is_rendered_again(tmp_path):
    from build_scripts.incremental.store import CachedPage, ContentCache, PageSet
    docs = _docs(tmp_path)
    pages = PageSet(ContentCache(tmp_path / "cache", "salt"),
                    {"briefings/a.md": CachedPage("missing", lambda name: f"Rendered {name}\n", ("again",))})
    assert write_pages(pages, docs, tmp_path).written == ["briefings/a.md"]
    assert (docs / "briefings/a.md").read_text() == "Rendered again\n" == pages["briefings/a.md"]


def test_a_source_copy_that_cannot_be_read_is_reported_and_left_as_it_was(tmp_path):
    from build_scripts.incremental.store import PageSet, SourceCopy
    docs = _docs(tmp_path)
    source = tmp_path / "a.txt"
    source.write_bytes(b"first")
    write_pages(PageSet(None, {"raw/a.txt": SourceCopy(source, "k1")}), docs, tmp_path)
    source.unlink()
    report = write_pages(PageSet(None, {"raw/a.txt": SourceCopy(source, "k2")}), docs, tmp_path)
    assert [p.message.split(" (")[0] for p in report.problems] == ["could not be read to publish it"]
    assert (docs / "raw/a.txt").read_bytes() == b"first" and "raw/a.txt" in read_manifest(docs)


def test_a_write_cut_short_is_known_by_its_marker(tmp_path, monkeypatch):
    """A write leaves docs/.writing while it changes docs/ and removes it at
    the end: a marker left behind means a write was cut short, so the pages
    are not trusted unchecked and its temporary files are removed. A write
    that changes nothing does not touch docs/ at all."""
    from build_scripts.write import WRITING_MARKER, generated_files_intact
    docs = _docs(tmp_path)
    write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert not (docs / WRITING_MARKER).exists() and generated_files_intact(docs)
    touched = []
    original = write.atomic_write
    monkeypatch.setattr(write, "atomic_write", lambda path, data, **kw: touched.append(path) or original(path, data, **kw))
    monkeypatch.setattr(write.Path, "touch", lambda self, *a, **k: touched.append(self))
    write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert touched == []
    monkeypatch.undo()
    (docs / WRITING_MARKER).touch()  # as a killed write leaves it, with a temporary file
    (docs / "briefings" / ".a.md.x.tmp").write_text("half")
    assert not generated_files_intact(docs)
    write_pages({"briefings/a.md": "A\n"}, docs, tmp_path)
    assert sorted(p.name for p in (docs / "briefings").iterdir()) == ["a.md"]
    assert not (docs / WRITING_MARKER).exists() and generated_files_intact(docs)


def test_a_page_in_parts_is_hashed_and_written_without_being_joined(tmp_path, monkeypatch):
    """The figures files of a large site are tens of megabytes of parts: the
    writer hashes and writes them part by part."""
    import hashlib
    from build_scripts.incremental.store import PageSet
    from build_scripts.model import PageParts
    docs = _docs(tmp_path)
    parts = (b"value,unit\n", "1,新药\n".encode("utf-8"), b"2,%\n")
    monkeypatch.setattr(PageParts, "content", lambda self, cache=None: pytest.fail("joined in memory"))
    report = write_pages(PageSet(pages={"figures/figures.csv": PageParts(parts)}), docs, tmp_path)
    assert report.written == ["figures/figures.csv"]
    assert (docs / "figures/figures.csv").read_bytes() == b"".join(parts)
    assert read_manifest(docs)["figures/figures.csv"] == hashlib.sha256(b"".join(parts)).hexdigest()
    again = write_pages(PageSet(pages={"figures/figures.csv": PageParts(parts)}), docs, tmp_path)
    assert again.written == [] and again.unchanged == ["figures/figures.csv"]
    changed = write_pages(PageSet(pages={"figures/figures.csv": PageParts(parts[:2])}), docs, tmp_path)
    assert changed.written == ["figures/figures.csv"]
    assert (docs / "figures/figures.csv").read_bytes() == b"".join(parts[:2])


def test_a_long_lived_writer_keeps_the_manifest_it_wrote(tmp_path, monkeypatch):
    """Under `mkdocs serve` the writer takes the manifest it wrote last from
    memory while the file is as it left it; a manifest changed on disk since
    is read again."""
    docs = tmp_path / "docs"
    parsed = []
    original = write._parse_manifest
    monkeypatch.setattr(write, "_parse_manifest", lambda text: parsed.append(1) or original(text))
    memory: dict = {}
    write_pages({"briefings/a.md": "a\n"}, docs, tmp_path, memory=memory)
    report = write_pages({"briefings/a.md": "a\n", "briefings/b.md": "b\n"}, docs, tmp_path, memory=memory)
    assert report.written == ["briefings/b.md"] and parsed == []  # nothing on disk at first, then memory
    assert read_manifest(docs) == memory["manifest"][2].files
    manifest = docs / write.MANIFEST_NAME
    manifest.write_text(manifest.read_text("utf-8").replace('"briefings/b.md"', '"briefings/c.md"'), "utf-8")
    parsed.clear()
    report = write_pages({"briefings/a.md": "a\n", "briefings/b.md": "b\n"}, docs, tmp_path, memory=memory)
    assert parsed == [1]  # the file changed under it: read again
    assert report.unchanged == ["briefings/a.md", "briefings/b.md"]  # b.md has the same bytes: adopted
    assert sorted(read_manifest(docs)) == ["briefings/a.md", "briefings/b.md"]


@given(st.text(alphabet="ab./", max_size=12))
def test_a_safe_path_has_no_empty_or_hidden_part(rel):
    """``_is_safe`` searches the string; it says what splitting it into parts would."""
    from build_scripts.write import _is_safe
    assert _is_safe(rel) == (bool(rel) and all(part and not part.startswith(".") for part in rel.split("/")))
