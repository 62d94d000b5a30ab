from __future__ import annotations

import pytest

from build_scripts.extract.entities import Extractor
from build_scripts.extract.matcher import Matcher
from build_scripts.model import Block, Briefing
from build_scripts.registry import load_registry

from .conftest import ROOT, make_briefing


@pytest.fixture(scope="module")
def registry():
    registry, problems = load_registry(ROOT / "registry", ROOT)
    assert problems == []
    return registry


@pytest.fixture(scope="module")
def extractor(registry):
    return Extractor(registry)


def _found(matcher, text):
    return [(text[m.start:m.end], m.entity.split("/", 1)[1]) for m in matcher.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("the national medical products administration said", [("national medical products administration", "nmpa")]),
    ("China National Medical Products Administration (NMPA)",
     [("China National Medical Products Administration", "nmpa"), ("NMPA", "nmpa")]),
    ("Ms. Amakobe sande and Dr. Micheal Levitt", [("Amakobe sande", "amakobe-sande"), ("Micheal Levitt", "michael-levitt")]),
    ("国家药品监督管理局党组书记、局长李利", [("国家药品监督管理局", "nmpa"), ("李利", "li-li")]),
    ("药监局:将审评资源", [("药监局", "nmpa"), ("审评资源", "review-and-approval-reform")]),
    ("Fosun Pharma Group’s CEO", [("Fosun Pharma Group", "fosun-pharma")]),
    ("Department of Science, Technology and International Cooperation of NMPA",
     [("Department of Science, Technology and International Cooperation",
       "nmpa-department-of-science-technology-and-international-cooperation"), ("NMPA", "nmpa")]),
])
def test_alias_matching(registry, text, expected):
    matcher = Matcher(registry)
    assert [f for f in _found(matcher, text) if not f[1].startswith(("innovative", "medical-dev"))] == expected


@pytest.mark.parametrize("text", [
    "people who attended",           # 'WHO' matches only in capitals
    "the NMPAX system",              # word boundary
    "unicefs",                       # word boundary
    "he lived in Shanghai",          # 'He Li' needs a boundary after 'li'
])
def test_no_match(registry, text):
    assert [m for m in Matcher(registry).find(text) if not m.entity.startswith("topic/")] == []


def test_longest_match_wins(registry):
    text = "Department of Drug Registration of the National Medical Products Administration"
    assert _found(Matcher(registry), text) == [
        ("Department of Drug Registration", "nmpa-department-of-drug-registration"),
        ("National Medical Products Administration", "nmpa")]


@pytest.mark.parametrize("after, honorific, expected", [
    (" | Deputy Director General of Department of Drug Registration, NMPA", "Dr",
     ("Deputy Director General", "organisation/nmpa-department-of-drug-registration", None)),
    (", Deputy Commissioner of the China National Medical Products Administration (NMPA), Mr. Xia", "Dr",
     ("Deputy Commissioner", "organisation/nmpa", None)),
    (", Chairman of the International Regulatory Science Specialty Committee of PhIRDA, Chief Strategy "
     "Officer of RemeGen", "Dr",
     ("Chairman", "organisation/phirda-international-regulatory-science-committee", None)),
    (" from China Pharmaceutical University focused on", "Professor",
     ("Professor", "organisation/china-pharmaceutical-university", None)),
    (", Head of Global Affairs at Acme Therapeutics.", None, ("Head of Global Affairs", None, "Acme Therapeutics")),
    (", delivered a report", "Dr", None),
    (" said the forum was a success", "Dr", None),
])
def test_role_parsing(extractor, after, honorific, expected):
    role = extractor.parse_role(after, honorific)
    assert (None if role is None else (role.title, role.organisation, role.organisation_name)) == expected


def _briefing(*paragraphs: str, items: tuple[str, ...] = ()) -> Briefing:
    body = tuple(Block("paragraph", text=p, line=i + 3) for i, p in enumerate(paragraphs))
    if items:
        body += (Block("lines", items=items, line=20),)
    return make_briefing(body=body)


@pytest.mark.parametrize("text", [
    "Core Viewpoint - The platform was launched.",
    "Group 1 - Group 2 - Session 2: Chinese Drug Regulation Innovation",
    "The session was held at the Silk Road Hall, Pavilion 4.2.",
    "In Session 2 (Chinese Drug Regulation Innovation), experts spoke.",
    "Professor Yang first reviewed the reform. Dr. Yu pointed out the gaps.",
    "The Hong Kong Special Administrative Region, Deputy of nothing.",
])
def test_no_false_people(extractor, text):
    extraction, problems = extractor.extract(_briefing(text))
    assert extraction.people == ()
    assert [p.message for p in problems if "person" in p.message] == []


def test_unknown_people_are_reported_with_role_and_stub(extractor):
    extraction, problems = extractor.extract(_briefing(
        "The meeting was chaired by Dr. Jane Roe, Director of the Example Regulatory Institute, and "
        "Zhang Wei, Deputy Director General of the National Medical Products Administration, spoke."))
    assert [(p.id, p.name, p.role, p.organisation) for p in extraction.people] == [
        (None, "Jane Roe", "Director", "Example Regulatory Institute"),
        (None, "Zhang Wei", "Deputy Director General", "organisation/nmpa"),
    ]
    assert [str(p) for p in problems] == [
        "sources/a.txt:3: warning: person 'Jane Roe' is not in the registry; add it to registry/people.yml "
        "(a ready-to-paste entry is on the site's Curation page)",
        "sources/a.txt:3: warning: person 'Zhang Wei' is not in the registry; add it to registry/people.yml "
        "(a ready-to-paste entry is on the site's Curation page)",
    ]


def test_unknown_organisation_with_acronym(extractor):
    extraction, problems = extractor.extract(_briefing(
        "The forum was organised by the Greater Example Biotech Alliance (GEBA) in Beijing."))
    assert [(u.kind, u.name, u.acronym) for u in extraction.unknown] == [
        ("organisation", "Greater Example Biotech Alliance", "GEBA")]


def test_a_release_dateline_glued_with_dashes_is_not_part_of_a_name(extractor):
    extraction, _ = extractor.extract(_briefing(
        "EXAMPLE CITY, China--(BUSINESS WIRE)--Example Bio, Ltd. today announced the approval of its drug."))
    assert [u.name for u in extraction.unknown if u.kind == "organisation"] == ["Example Bio, Ltd."]


def test_speaker_list_lines_give_roles(extractor):
    extraction, _ = extractor.extract(_briefing(
        items=("Dr. He Li", "Director General of Department of science, Technology and International cooperation, NMPA")))
    [person] = extraction.people
    assert (person.id, person.role, person.organisation) == (
        "person/he-li", "Director General",
        "organisation/nmpa-department-of-science-technology-and-international-cooperation")


def test_registry_role_is_not_used_before_its_date(extractor):
    extraction, _ = extractor.extract(_briefing("李利 spoke about drug regulation reform in Beijing today."))
    assert [(p.role, p.role_from) for p in extraction.people] == [(None, "none")]


def test_role_from_registry_when_the_text_states_none(extractor):
    briefing = _briefing("李利 spoke about drug regulation reform in Beijing today.")
    from dataclasses import replace
    extraction, _ = extractor.extract(replace(briefing, date="2025-12-20"))
    [person] = extraction.people
    assert (person.name, person.role, person.organisation, person.role_from) == (
        "Li Li", "Party Secretary and Commissioner", "organisation/nmpa", "registry")
