from __future__ import annotations

from build_scripts.registry import load_registry


def _load(tmp_path, **files):
    folder = tmp_path / "registry"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text, "utf-8")
    return load_registry(folder, tmp_path)


def _messages(problems):
    return [str(p) for p in problems]


ORGS = "- id: nmpa\n  name: National Medical Products Administration\n  acronym: NMPA\n  kind: regulator\n"


def test_valid_registry(tmp_path):
    registry, problems = _load(tmp_path, organisations=ORGS, people=(
        "- id: li-li\n  name: Li Li\n  name_zh: 李利\n  roles:\n    - title: Commissioner\n"
        "      organisation: nmpa\n      as_of: 2025-12-10\n"))
    assert problems == []
    person = registry.get("person/li-li")
    assert person.names == ("Li Li", "李利")
    assert person.current_role().organisation == "organisation/nmpa"
    assert person.current_role(on="2025-01-01") is None


def test_malformed_yaml_is_fatal_with_file_and_line(tmp_path):
    registry, problems = _load(tmp_path, people="- id: a\n  name: [A\n")
    assert registry is None
    assert _messages(problems)[0].startswith("registry/people.yml:3: error: malformed YAML")


def test_duplicate_id_and_unknown_organisation(tmp_path):
    registry, problems = _load(tmp_path, organisations=ORGS + ORGS, people=(
        "- id: x\n  name: X\n  roles:\n    - title: Head\n      organisation: nowhere\n"))
    assert registry is None
    assert _messages(problems) == [
        "registry/organisations.yml:5: error: id 'nmpa' is used twice (first at "
        "registry/organisations.yml:1); ids must be unique",
        "registry/people.yml:1: error: 'x' roles names unknown organisation 'nowhere'; add it to "
        "organisations.yml or fix the id",
    ]


def test_wrong_types_and_unknown_fields(tmp_path):
    registry, problems = _load(tmp_path, organisations=(
        "- id: Bad Id\n  name: X\n- id: ok\n  name: Y\n  kind: spaceship\n  colour: blue\n"))
    assert registry is None
    assert _messages(problems) == [
        "registry/organisations.yml:1: error: 'id' must be a slug: lower-case letters, digits and "
        "single hyphens, like 'li-li' (got 'Bad Id')",
        "registry/organisations.yml:5: error: 'kind' must be one of regulator, government, company, "
        "university, international body, association, event, media, programme, venue, other (got 'spaceship')",
        "registry/organisations.yml:6: warning: unknown field 'colour' is ignored; known fields: "
        "acronym, aliases, id, kind, name, name_zh, note, parent, predecessor",
    ]


def test_alias_of_two_people_is_ambiguous_and_never_matched(tmp_path):
    registry, problems = _load(tmp_path, people=(
        "- id: li-li\n  name: Li Li\n  aliases: [Director Li]\n- id: li-yunfeng\n  name: Li Yunfeng\n"
        "  aliases: [Director Li]\n"))
    assert registry is not None
    assert _messages(problems) == [
        "registry/people.yml:1: warning: 'director li' names 2 entries (person/li-li, "
        "person/li-yunfeng); it is not matched in text until one of them drops it"]
    from build_scripts.extract.matcher import Matcher
    assert [m.entity for m in Matcher(registry).find("Director Li and Li Li met.")] == ["person/li-li"]


def test_the_shipped_registry_is_clean():
    from .conftest import ROOT
    registry, problems = load_registry(ROOT / "registry", ROOT)
    assert problems == []
    assert len(registry.of_kind("person")) == 23
    assert len(registry.of_kind("topic")) == 15
    assert registry.get("organisation/cfda").name == "China Food and Drug Administration"
    assert registry.get("organisation/nmpa").predecessor == "organisation/cfda"


def test_every_registry_file_is_checked_the_same_way_with_the_line_of_each_field(tmp_path):
    """People, organisations, outlets and the glossary share the sidecars'
    field checkers: the same messages, each at the line of the field, a
    role's fields included, and a key given twice is an error wherever it is."""
    from build_scripts.registry import load_glossary

    registry, problems = _load(tmp_path, organisations=ORGS, people=(
        "- id: li-li\n  name: Li Li\n  roles:\n    - title: Commissioner\n      as_of: 2025-13-01\n"
        "      organization: nmpa\n"), outlets="- name: Daily Example\n  domains: [example.com, not a domain]\n")
    assert registry is None
    assert _messages(problems) == [
        "registry/outlets.yml:2: error: 'domains' has 'not a domain', which is not a domain like 'xinhuanet.com'",
        "registry/people.yml:5: error: 'roles.as_of' is not a date: '2025-13-01' (there is no month 13); "
        "write a real date as YYYY-MM-DD",
        "registry/people.yml:6: warning: unknown field 'organization' is ignored; known fields: as_of, "
        "organisation, source, title",
    ]
    registry, problems = _load(tmp_path, people="- id: li-li\n  name: Li Li\n", outlets="- name: Daily Example\n",
                               organisations=ORGS + "  name: NMPA again\n")
    assert _messages(problems) == ["registry/organisations.yml:5: error: key 'name' is given twice; keep one"]
    (tmp_path / "registry" / "glossary.yml").write_text("- term: IND\n  meaning: [a list]\n", "utf-8")
    registry, _ = _load(tmp_path, organisations=ORGS)
    terms, problems = load_glossary(tmp_path / "registry", tmp_path, registry)
    assert _messages(problems) == ["registry/glossary.yml:2: error: 'meaning' must be non-empty text (got list)"]
    assert [term.term for term in terms] == ["NMPA"]
