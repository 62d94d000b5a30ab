from __future__ import annotations

from build_scripts.sidecar import load_overrides


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
        "sources/a.meta.yml:1: warning: unknown field 'titel' is ignored; known fields: date, event,")


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
