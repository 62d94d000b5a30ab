from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

from build_scripts.cli import main
from tests.conftest import ROOT

ARTICLE = ("NMPA approves new rules for clinical trials\n2025-03-10 09:16\n"
           "The National Medical Products Administration approved new rules for clinical trials "
           "on Monday, the agency said in a statement on its website.\nSource: Xinhua\n")


def _run(args):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_build_prints_a_report_and_writes_pages(project):
    import re
    config = project({"sources/a.txt": ARTICLE})
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0 and err == ""
    match = re.fullmatch(r"Sources read:  1 \(0 failed\)\nArticles:      1 briefings\n"
                         r"Pages:         (\d+) written, 0 unchanged, 0 removed\n"
                         r"Problems:      0 errors, 0 warnings\n"
                         r"Changed:       1 source new or changed since the last build\n"
                         r"  sources/a.txt\n"
                         r"    2025-03-10  NMPA approves new rules for clinical trials\n"
                         r"                docs/briefings/a.md: no people, organisations, topics or figures\n", out)
    assert match, out
    written = int(match.group(1))
    assert (config.docs_dir / "briefings/a.md").is_file()
    code, out, _ = _run(["build", "--root", str(config.root)])
    assert f"0 written, {written} unchanged" in out
    assert "Changed:" not in out


def test_the_report_counts_the_topics_the_page_lists(project):
    """The topics extracted (the registry's, which the page lists), not the
    names an editor wrote in the sidecar (none here: it said "no topics")."""
    registry = "- id: clinical-trials\n  name: Clinical trials\n  aliases: [clinical trials]\n"
    config = project({"sources/a.txt": ARTICLE, "registry/topics.yml": registry})
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0, err
    assert "docs/briefings/a.md: 1 topic\n" in out, out


def test_the_report_describes_only_sources_new_or_changed_since_the_last_build(project, monkeypatch):
    from build_scripts import pipeline
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("new rules", "old rules")})
    _, out, _ = _run(["build", "--root", str(config.root)])
    assert "Changed:       2 sources" in out and "sources/a.txt\n" in out and "sources/b.txt\n" in out
    monkeypatch.setattr(pipeline, "code_version", lambda: "a new version of the build code")
    _, out, _ = _run(["build", "--root", str(config.root)])
    assert "Articles:      2 briefings" in out and "Changed:" not in out  # rebuilt, but the sources are as they were
    (config.sources_dir / "c.txt").write_text(ARTICLE.replace("new rules", "more rules").replace(
        "Source: Xinhua\n", ""), "utf-8")
    (config.sources_dir / "a.txt").touch()  # a new time stamp, the same bytes: not a change
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0
    changed = out.split("Changed:", 1)[1]
    assert changed.startswith("       1 source new or changed since the last build\n  sources/c.txt  (1 warning)\n")
    assert "NMPA approves more rules for clinical trials" in changed and "sources/a.txt" not in changed
    assert "sources/c.txt:1: warning: no outlet" in err
    (config.sources_dir / "c.txt").write_text("", "utf-8")
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 1 and "  sources/c.txt  (not built: see the error above)\n" in out, out
    (config.sources_dir / "c.txt").unlink()
    (config.sources_dir / "b.txt").unlink()
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0 and "Changed:" not in out
    assert out.endswith("Removed:       2 sources since the last build (their pages are gone too)\n"
                        "  sources/b.txt\n  sources/c.txt\n"), out
    assert not (config.docs_dir / "briefings/b.md").exists()


def test_the_report_says_what_an_edit_to_the_registry_changed(project):
    """After an edit to the registry, the report lists the entries added,
    edited or removed, each with the briefings that name it now (or none:
    a spelling the sources do not use), and counts the sources extracted
    again; a comment changes no entry and is not reported, nor is the edit
    again by the next build, when nothing changed since."""
    config = project({
        "sources/a.txt": ARTICLE.replace("on Monday,", "on Monday, said Zhang Wenhua, director of the agency,"),
        "sources/b.txt": ARTICLE.replace("new rules", "old rules"),
        "registry/people.yml": "- id: li-li\n  name: Li Li\n",
    })
    _run(["build", "--root", str(config.root)])
    people = config.registry_dir / "people.yml"
    people.write_text("- id: li-li\n  name: Li Li\n  name_zh: 李利\n- id: zhang-wenhua\n  name: Zhang Wenhua\n"
                      "- id: quillimot-zed\n  name: Quillimot Zed\n", "utf-8")
    code, out, _ = _run(["build", "--root", str(config.root)])
    assert code == 0
    assert out.split("Registry:", 1)[1] == (
        "      3 entries added, edited or removed since the last build; 1 source extracted again (their text "
        "has one of their names)\n"
        "  added    person/quillimot-zed (Quillimot Zed): named in no briefing (do the sources spell it another "
        "way? add that as an alias)\n"
        "  added    person/zhang-wenhua (Zhang Wenhua): named in 1 briefing (sources/a.txt)\n"
        "  edited   person/li-li (Li Li): named in no briefing (do the sources spell it another way? add that as "
        "an alias)\n"), out
    code, out, _ = _run(["build", "--root", str(config.root)])  # nothing changed since: it stops early
    assert code == 0 and "Registry:" not in out, out
    people.write_text("# People.\n" + people.read_text("utf-8"), "utf-8")
    code, out, _ = _run(["build", "--root", str(config.root)])
    assert code == 0 and "Registry:" not in out and "Changed:" not in out, out


def test_warnings_the_last_build_reported_are_counted_when_there_are_many(project):
    no_outlet = ARTICLE.replace("Source: Xinhua\n", "")
    config = project({f"sources/s{n:02}.txt": no_outlet.replace("new rules", f"rule {n}") for n in range(25)})
    code, out, err = _run(["build", "--root", str(config.root)])
    assert err.count("warning: no outlet") == 25 and "... and" not in err
    (config.sources_dir / "new.txt").write_text(no_outlet.replace("new rules", "a rule"), "utf-8")
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0
    assert err.splitlines() == [
        "sources/new.txt:1: warning: no outlet or publisher found in the text; set 'outlet:' in "
        "sources/new.meta.yml (e.g. outlet: Xinhua News Agency), or null if the source has none",
        "... and 25 warnings that the last build reported (`build --all-problems` prints them; the site's "
        "Curation page lists what to add to the registry)"], err
    assert "Problems:      0 errors, 26 warnings" in out
    code, out, err = _run(["build", "--root", str(config.root), "--all-problems"])
    assert err.count("warning: no outlet") == 26
    code, out, err = _run(["build", "--root", str(config.root), "--strict"])
    assert code == 1 and err.endswith("Aborted: 26 warnings in strict mode.\n")
    # Few of them: printed every build.
    for n in range(10):
        (config.sources_dir / f"s{n:02}.txt").unlink()
    _run(["build", "--root", str(config.root)])
    code, out, err = _run(["build", "--root", str(config.root)])
    assert err.count("warning: no outlet") == 16 and "... and" not in err


def test_timings_list_every_stage_of_a_build_and_of_an_up_to_date_one(project):
    import re
    config = project({"sources/a.txt": ARTICLE})

    def stages(out):
        rows = re.findall(r"^  (.+?) +(\d+\.\d\d) s$", out.split("Timings:\n", 1)[1], re.M)
        # Each figure is rounded to 0.01 s, so the stages' sum may miss the total by half that for each row.
        assert rows[-1][0] == "total"
        assert abs(sum(float(s) for _, s in rows[:-1]) - float(rows[-1][1])) <= 0.005 * len(rows) + 1e-9
        return [stage for stage, _ in rows[:-1]]

    code, out, _ = _run(["build", "--root", str(config.root), "--timings"])
    assert code == 0
    assert stages(out)[:3] == ["up-to-date check", "registry and list of sources",
                               "sources (read, extract or from the cache)"]
    assert {"stories", "related briefings", "briefing pages", "figures", "write"} <= set(stages(out))
    code, out, _ = _run(["build", "--root", str(config.root), "--timings"])
    assert stages(out) == ["up-to-date check", "write"]  # nothing changed: it stops early
    assert "Timings:" not in _run(["build", "--root", str(config.root)])[1]


def test_strict_fails_on_warnings_only_at_the_end(project):
    config = project({"sources/a.txt": ARTICLE.replace("Source: Xinhua\n", "")})
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0
    assert err.startswith("sources/a.txt:1: warning: no outlet or publisher found in the text; set "
                          "'outlet:' in sources/a.meta.yml")
    code, out, err = _run(["build", "--strict", "--root", str(config.root)])
    assert code == 1
    assert err.endswith("Aborted: 1 warning in strict mode.\n")
    assert (config.docs_dir / "briefings/a.md").is_file()  # pages are still written


def test_errors_exit_non_zero_and_other_sources_build(project):
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ""})
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 1
    assert "sources/b.txt: error: the file is empty" in err
    assert "Sources read:  2 (1 failed)" in out
    assert (config.docs_dir / "briefings/a.md").is_file()


def test_add_copies_under_a_clean_name_and_reports_what_it_found(project, tmp_path):
    config = project({})
    shutil.copytree(ROOT / "registry", config.registry_dir)
    incoming = tmp_path / "Download (3).txt"
    incoming.write_text(ARTICLE.replace("Source: Xinhua\n", "Zhang Wei, deputy director of the CDE, said 12 new "
                                        "drugs were approved in 2024.\n"), "utf-8")
    code, out, err = _run(["add", str(incoming), "--root", str(config.root)])
    assert code == 0, err
    target = config.sources_dir / "2025-03-10-nmpa-approves-new-rules-for-clinical-trials.txt"
    assert target.read_bytes() == incoming.read_bytes()
    sidecar = target.with_name(target.name[:-4] + ".meta.yml")
    assert "original_name: 'Download (3).txt'" in sidecar.read_text()
    assert "title_en" not in sidecar.read_text()  # an English headline needs no gloss
    assert "Added sources/2025-03-10-nmpa-approves-new-rules-for-clinical-trials.txt" in out
    rows = dict(line.strip().split(None, 1) for line in out.splitlines() if line.startswith("  ") and
                not line.startswith("  - "))
    assert rows["date"] == "2025-03-10 09:16" and rows["outlet"] == "(not found)"
    # What the build will find, as it will see the copy: people with roles, organisations, figures, its page.
    assert rows["people"] == "Zhang Wei (deputy director, Center for Drug Evaluation) [not in the registry]"
    assert rows["organisations"] == "National Medical Products Administration; Center for Drug Evaluation"
    assert rows["figures"].startswith("12 drugs")
    assert rows["page"] == "docs/briefings/2025-03-10-nmpa-approves-new-rules-for-clinical-trials.md"
    # What to curate names the copy's sidecar, not one beside the download.
    assert ("To curate:\n  - no outlet or publisher found in the text; set 'outlet:' in "
            "sources/2025-03-10-nmpa-approves-new-rules-for-clinical-trials.meta.yml") in out
    assert "person 'Zhang Wei' is not in the registry" in out
    assert str(tmp_path / "Download (3).meta.yml") not in out
    # Adding the same file again changes nothing.
    code, out, _ = _run(["add", str(incoming), "--root", str(config.root)])
    assert code == 0 and "already in sources/ as sources/2025-03-10-nmpa-approves-new-rules-for-clinical-trials.txt " \
        "(the same bytes); nothing to add" in out


def test_add_refuses_a_bad_file(project, tmp_path):
    config = project({})
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, out, err = _run(["add", str(bad), "--root", str(config.root)])
    assert code == 1
    assert "the file is empty" in err and "Not added" in err
    assert list(config.sources_dir.iterdir()) == []


def test_manifest_lists_every_generated_file(project):
    config = project({"sources/a.txt": ARTICLE})
    _run(["build", "--root", str(config.root)])
    manifest = json.loads((config.docs_dir / ".generated.json").read_text())
    on_disk = sorted(p.relative_to(config.docs_dir).as_posix() for p in config.docs_dir.rglob("*")
                     if p.is_file() and p.name != ".generated.json")
    assert sorted(manifest["files"]) == on_disk


def test_the_command_line_prints_its_report_and_exits_with_its_status(project):
    """``python -m build_scripts`` ends the process without freeing the build
    (os._exit): its output must be out first, and its status be the build's."""
    config = project({"sources/a.txt": ARTICLE, "sources/b.txt": ""})
    command = [sys.executable, "-m", "build_scripts", "build", "--root", str(config.root)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "sources/b.txt: error: the file is empty" in result.stderr
    assert "Sources read:  2 (1 failed)" in result.stdout and result.stdout.endswith("\n")
    (config.sources_dir / "b.txt").unlink()
    result = subprocess.run(command + ["--timings"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().splitlines()[-1].lstrip().startswith("total")


def test_the_sidecar_stub_of_a_chinese_headline_asks_for_a_gloss(project, tmp_path):
    config = project({})
    incoming = tmp_path / "clip.txt"
    incoming.write_text("国家药监局发布新规\n2025-06-02 09:00 来源：新华社\n国家药品监督管理局今日发布关于优化创新药临床试验"
                        "审评审批的若干措施，进一步提升审评效率。\n", "utf-8")
    code, out, err = _run(["add", str(incoming), "--root", str(config.root)])
    assert code == 0, err
    [sidecar] = config.sources_dir.glob("*.meta.yml")
    stub = sidecar.read_text("utf-8")
    assert "# title_en: English gloss of the headline" in stub and "国家药监局" not in stub
    assert "# outlet:" not in stub  # found on the date's line



def test_messages_name_the_sources_folder_the_build_was_given(project):
    """With `build --sources elsewhere`, extraction's warnings (a name the
    registry lacks) name elsewhere/, as every other message does."""
    config = project({"elsewhere/a.txt": ARTICLE.replace("the agency said", "Dr. Zhang Wei said"),
                      "registry/people.yml": "- id: li-li\n  name: Li Li\n"})
    code, out, err = _run(["build", "--root", str(config.root), "--sources", str(config.root / "elsewhere")])
    assert code == 0, err
    assert "elsewhere/a.txt:3: warning: person 'Zhang Wei' is not in the registry" in err, err
    assert "sources/a.txt" not in err + out


def test_clean_removes_every_generated_page_and_the_next_build_starts_afresh(project):
    config = project({"sources/a.txt": ARTICLE, "docs/about.md": "# About\n"})
    code, _, _ = _run(["build", "--root", str(config.root)])
    assert code == 0 and (config.docs_dir / "people/index.md").is_file()
    (config.docs_dir / "people/notes.md").write_text("an editor's own page\n")
    code, out, _ = _run(["clean", "--root", str(config.root)])
    assert code == 0 and out.startswith("Removed ")
    left = sorted(p.relative_to(config.docs_dir).as_posix() for p in config.docs_dir.rglob("*") if p.is_file())
    assert left == ["about.md", "people/notes.md"]  # what the build did not generate stays
    code, out, err = _run(["build", "--root", str(config.root)])
    assert code == 0 and "0 unchanged" in out and "error" not in err, err


def test_make_clean_goes_through_the_manifest():
    """`make clean` removes what the build generated, whatever folders it
    has now (it once named some of them, and left the rest to break the next build)."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nclean:\n", 1)[1].split("\n\n", 1)[0]
    assert "-m build_scripts clean" in recipe and "docs/" not in recipe
