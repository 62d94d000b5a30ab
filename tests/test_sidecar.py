from __future__ import annotations

import pytest

from build_scripts.read.overrides import load_overrides


def _messages(problems):
    return [str(p) for p in problems]


def test_valid_sidecar_with_parts_and_nulls():
    overrides, problems = load_overrides(
        "original_name: 001.txt\ndate: null\ntopics: [Clinical trials]\nparts:\n  2:\n"
        "    title_en: Gloss\n    event: {city: Hong Kong}\n    time: '14:05'\n",
        "sources/a.meta.yml")
    assert problems == []
    assert overrides.for_part(1) == {"date": None, "topics": ("Clinical trials",)}
    assert overrides.for_part(2) == {"date": None, "topics": ("Clinical trials",), "title_en": "Gloss",
                                     "event": {"city": "Hong Kong"}, "time": "14:05"}
    assert overrides.values["original_name"] == "001.txt"
    assert overrides.where[("parts", 2, "title_en")] == ("sources/a.meta.yml", 6)


def test_malformed_yaml_names_file_and_line():
    overrides, problems = load_overrides("title: ok\ndate: [2025\noutlet: x\n", "sources/a.meta.yml")
    assert overrides is None
    assert len(problems) == 1
    assert str(problems[0]).startswith("sources/a.meta.yml:3: error: malformed YAML: ")


def test_wrong_types_are_errors_with_lines():
    overrides, problems = load_overrides("title: ok\ndate: next week\ntopics: clinical\n",
                                         "sources/a.meta.yml")
    assert overrides is None
    assert _messages(problems) == [
        "sources/a.meta.yml:2: error: 'date' must be a date written YYYY-MM-DD (got 'next week')",
        "sources/a.meta.yml:3: error: 'topics' must be a list of text items (got 'clinical')",
    ]


def test_unknown_field_is_a_warning_and_ignored():
    overrides, problems = load_overrides("titel: typo\n", "sources/a.meta.yml")
    assert overrides is not None and overrides.values == {}
    assert _messages(problems)[0].startswith(
        "sources/a.meta.yml:1: warning: unknown field 'titel' is ignored; known fields: date, document_number, event,")


def test_key_given_twice_is_an_error():
    overrides, problems = load_overrides("title: a\ntitle: b\n", "sources/a.meta.yml")
    assert overrides is None
    assert _messages(problems) == ["sources/a.meta.yml:2: error: key 'title' is given twice; keep one"]


def test_bad_part_numbers():
    overrides, problems = load_overrides("parts:\n  first: {title: x}\n", "s.meta.yml")
    assert overrides is None
    assert _messages(problems) == ["s.meta.yml:1: error: 'parts' must map article numbers (1, 2, ...) to fields"]


def test_front_matter_line_offset():
    _, problems = load_overrides("date: soon\n", "sources/a.md", line_offset=1)
    assert str(problems[0]).startswith("sources/a.md:2: error: 'date'")


def test_empty_sidecar_is_fine():
    overrides, problems = load_overrides("# nothing yet\n", "s.meta.yml")
    assert problems == [] and overrides.values == {}


# --- a Markdown archive's front matter, and dates that cannot exist --------------------------

from build_scripts.pipeline import build  # noqa: E402

ARCHIVE_BODY = ("The National Medical Products Administration approved a new drug for a rare disease, "
                "the company said in a statement on Monday.\n\n[Example Wire](https://www.examplewire.com/story/1)\n")
OUTLETS_YML = "- id: example-wire\n  name: Example Wire\n  domains: [examplewire.com]\n"


def test_an_archive_front_matter_is_read_as_page_metadata(project):
    config = project({
        "registry/outlets.yml": OUTLETS_YML,
        "sources/a.md": ('---\ntitle: "Company wins approval for rare-disease drug"\ndate: "2024-01-09T10:40:19.000Z"\n'
                         'tags: ["News"]\nthumbnail: ""\nwidgets: [search]\n---\n' + ARCHIVE_BODY),
    })
    result = build(config)
    [briefing] = result.briefings
    assert (briefing.title, briefing.date, briefing.outlet) == (
        "Company wins approval for rare-disease drug", "2024-01-09", "Example Wire")
    assert ("date", "front matter") in briefing.found_from and ("title", "front matter") in briefing.found_from
    assert "date" not in briefing.curated  # the archive's value, not an editor's
    assert not [p for p in result.problems if "unknown field" in p.message]


@pytest.mark.parametrize("front, title, date", [
    # a date written otherwise than YYYY-MM-DD; a site's name after the title, the text's headline without it
    ('title: "Company wins approval for rare-disease drug | Example Pharma News"\npublished: 2025年03月04日 10:00\n'
     'tags: [x]', "Company wins approval for rare-disease drug", "2025-03-04"),
    ('title: "Company wins approval for rare-disease drug - Example Wire"\npubDate: "Tue, 04 Mar 2025 10:00:00 +0800"'
     '\ntags: [x]', "Company wins approval for rare-disease drug", "2025-03-04"),
    # a title whose dash is its own
    ('title: "Hong Kong - Macao drug pact signed"\ntags: [x]', "Hong Kong - Macao drug pact signed", None),
])
def test_an_archive_title_without_its_site_and_its_date_as_written(project, front, title, date):
    config = project({"registry/outlets.yml": OUTLETS_YML, "sources/a.md": f"---\n{front}\n---\n" + ARCHIVE_BODY})
    [briefing] = build(config).briefings
    assert (briefing.title, briefing.date) == (title, date)


def test_an_archive_title_matches_the_texts_headline_without_the_site():
    from build_scripts.normalise.article import without_site_name
    from build_scripts.normalise.outlets import Outlets
    assert without_site_name("药监局批准创新器械上市_新闻中心_示例网", Outlets()) == "药监局批准创新器械上市"
    assert without_site_name("Regulator approves drug | Health | Example Daily", Outlets()) == "Regulator approves drug"
    assert without_site_name("Drugs | Health", Outlets()) == "Drugs | Health"  # nothing left but a word


def test_an_editor_front_matter_is_still_an_override(project):
    config = project({"sources/a.md": "---\ntitle: Set by the editor\ndate: 2025-03-01\n---\n# Printed headline\n\n"
                                      + ARCHIVE_BODY})
    [briefing] = build(config).briefings
    assert (briefing.title, briefing.date) == ("Set by the editor", "2025-03-01")
    assert {"title", "date"} <= set(briefing.curated)


@pytest.mark.parametrize("where, text, line, message", [
    ("sources/a.meta.yml", "date: 2025-02-30\n", 1,
     "'date' is not a date: '2025-02-30' (February 2025 has no day 30); write a real date as YYYY-MM-DD"),
    ("sources/a.meta.yml", "event:\n  date: 2025-13-01\n", 1,
     "'event' key 'date' is not a date: '2025-13-01' (there is no month 13); write a real date as YYYY-MM-DD"),
    ("sources/b.md", "---\ndate: 2025-02-30\n---\n", 2,
     "'date' is not a date: '2025-02-30' (February 2025 has no day 30); write a real date as YYYY-MM-DD"),
    ("sources/b.md", "---\ndate: 2025-02-30\ntags: [x]\n---\n", 2,
     "'date' is not a date: '2025-02-30' (February 2025 has no day 30); write a real date as YYYY-MM-DD"),
])
def test_an_impossible_date_is_named_with_its_file_and_line(project, where, text, line, message):
    files = {"sources/a.txt": "A headline\n2025-03-10\n\n" + ARCHIVE_BODY}
    files[where] = text + (ARCHIVE_BODY if where.endswith(".md") else "")
    result = build(project(files))
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert f"{where}:{line}: error: {message}" in errors, errors
    assert not any("please report this" in e for e in errors)
