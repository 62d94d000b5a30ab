"""People (with role and organisation), organisations and topics of each seed
article, written by hand from reading the seeds, compared as sets.

Prints precision and recall per kind (run with -s to see them); asserts the
floor we hold ourselves to. Topics are measured on the text alone (keyword
inference, sidecars removed): the published topics are an editor's."""

from __future__ import annotations

import shutil

import pytest

from build_scripts.config import BuildConfig
from build_scripts.pipeline import build

from .conftest import ROOT
from .test_golden_seeds import CIIE, CONFERENCE, DIGEST, FORUM, SHANGHAI

NMPA_DEPTS = {
    "sci": "nmpa-department-of-science-technology-and-international-cooperation",
    "drug": "nmpa-department-of-drug-registration",
    "device": "nmpa-department-of-medical-device-registration",
    "cosmetics": "nmpa-department-of-cosmetics-regulation",
}
LI_LI = {("li-li", "nmpa", "commissioner")}
INTERVIEW_TOPICS = {"innovative-drug-approval", "medical-devices", "review-and-approval-reform",
                    "drug-safety-and-post-market-supervision", "rare-disease-and-paediatric-drugs",
                    "traditional-chinese-medicine"}

# (source, part): (people as (id, organisation, a word of the role title), organisations, topics)
GOLDEN = {
    (CIIE, 1): (
        {("he-li", NMPA_DEPTS["sci"], "director general"), ("yang-sheng", "nmpa", "deputy commissioner"),
         ("xia-kejia", "shanghai-municipal-government", "deputy secretary"),
         ("wu-zhengping", "ciie-bureau", "deputy director general"),
         ("michael-levitt", "stanford-university", "professor"),
         ("rogerio-gaspar", "who-department-of-regulation-and-prequalification", "director"),
         ("amakobe-sande", "unicef", "representative"),
         ("yu-jiangyong", NMPA_DEPTS["drug"], "deputy director general"),
         ("du-huiqin", NMPA_DEPTS["device"], "deputy director general"),
         ("li-yunfeng", NMPA_DEPTS["cosmetics"], "deputy director general"),
         ("meng-dongping", "cccmhpie", "vice president"), ("giuseppe-accogli", "chiesi", "ceo"),
         ("laurent-leksell", "elekta", "chairman"), ("liu-yi", "fosun-pharma", "ceo")},
        {"nmpa", *NMPA_DEPTS.values(), "shanghai-municipal-government", "ciie-bureau", "ciie",
         "hongqiao-international-economic-forum", "stanford-university",
         "stanford-department-of-structural-biology", "who", "who-department-of-regulation-and-prequalification",
         "unicef", "cccmhpie", "chiesi", "elekta", "fosun-pharma",
         "national-exhibition-and-convention-center-shanghai"},
        {"review-and-approval-reform", "innovative-drug-approval", "medical-devices", "cosmetics",
         "internationalisation-and-licensing-out", "who-prequalification", "ai-in-drug-rd",
         "rare-disease-and-paediatric-drugs"},
    ),
    (DIGEST, 1): (set(), {"hksar-government", "gba-clinical-trial-collaboration-platform", "xinhua-news-agency"},
                  {"clinical-trials", "greater-bay-area", "rare-disease-and-paediatric-drugs",
                   "innovative-drug-approval"}),
    (DIGEST, 2): (set(), {"shenzhen-high-performance-medical-device-exhibition", "southern-metropolis-daily"},
                  {"medical-devices", "greater-bay-area", "clinical-trials"}),
    (DIGEST, 3): (LI_LI, {"nmpa", "xinhuanet"}, INTERVIEW_TOPICS),
    (DIGEST, 4): (LI_LI, {"nmpa", "xinhua-news-agency"}, INTERVIEW_TOPICS),
    (DIGEST, 5): (LI_LI, {"nmpa", "xinhua-news-agency"}, INTERVIEW_TOPICS),
    (DIGEST, 6): (set(), {"nmpa", "xinhua-news-agency"},
                  {"review-and-approval-reform", "innovative-drug-approval", "medical-devices"}),
    (DIGEST, 7): (LI_LI, {"nmpa", "xinhua-news-agency"}, INTERVIEW_TOPICS),
    (CONFERENCE, 1): (
        {("huang-guo", "nmpa", "deputy director")},
        {"nmpa", "nmpa-department-of-drug-registration", "nmpa-department-of-drug-supervision",
         "nmpa-advanced-research-institute", "national-conference-on-drug-supervision-and-administration",
         "xinjiang-production-and-construction-corps", "cmc-logistics-support-department-health-bureau"},
        {"review-and-approval-reform", "drug-safety-and-post-market-supervision", "clinical-trials",
         "quality-standards"},
    ),
    (FORUM, 1): (
        {("he-ruyi", "phirda-international-regulatory-science-committee", "chairman"),
         ("geoff-tsen", "usp", "vice president"), ("yang-jin", "china-pharmaceutical-university", "professor"),
         ("zhao-xiaobin", "zhejiang-haichang-biotech", "president"), ("du-xin", "evergreen-therapeutics", "ceo"),
         ("howard-yuwen", "sdm-bioservices", "chief business officer"),
         ("william-sun", "citi-china-commercial-banking", "head")},
        {"cbiic", "phirda", "phirda-international-regulatory-science-committee", "remegen", "sdic", "cde",
         "cfda", "usp", "china-pharmaceutical-university", "zhejiang-haichang-biotech",
         "evergreen-therapeutics", "sdm-bioservices", "citi-china-commercial-banking", "asean"},
        {"internationalisation-and-licensing-out", "innovative-drug-approval", "quality-standards",
         "clinical-trials"},
    ),
    (SHANGHAI, 1): (set(), {"shanghai-intellectual-property-administration", "who"},
                    {"innovative-drug-approval", "medical-devices", "clinical-trials", "review-and-approval-reform",
                     "who-prequalification", "ai-in-drug-rd"}),
}


def _bare(entity_id: str | None) -> str | None:
    return entity_id.split("/", 1)[1] if entity_id else None


@pytest.fixture(scope="module")
def published():
    return {(b.source, b.part): b for b in build(BuildConfig.for_project(ROOT)).briefings}


@pytest.fixture(scope="module")
def text_only(tmp_path_factory):
    root = tmp_path_factory.mktemp("text-only")
    shutil.copytree(ROOT / "registry", root / "registry")
    (root / "sources").mkdir()
    for path in (ROOT / "sources").glob("*.txt"):
        shutil.copy(path, root / "sources" / path.name)
    return {(b.source, b.part): b for b in build(BuildConfig.for_project(root)).briefings}


def _scores(pairs):
    tp = sum(len(got & want) for got, want in pairs)
    fp = sum(len(got - want) for got, want in pairs)
    fn = sum(len(want - got) for got, want in pairs)
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def test_precision_and_recall(published, text_only, capsys):
    people, roles, titles, orgs, topics = [], [], [], [], []
    for key, (want_people, want_orgs, want_topics) in GOLDEN.items():
        got = published[key].entities
        people.append(({_bare(p.id) for p in got.people}, {p[0] for p in want_people}))
        roles.append(({(_bare(p.id), _bare(p.organisation)) for p in got.people}, {p[:2] for p in want_people}))
        got_titles = {(_bare(p.id), w) for p in got.people for (i, _, w) in want_people
                      if _bare(p.id) == i and w in (p.role or "").lower()}
        titles.append((got_titles, {(p[0], p[2]) for p in want_people}))
        orgs.append(({_bare(o) for o in got.organisations}, want_orgs))
        topics.append(({_bare(t) for t in text_only[key].entities.topics}, want_topics))
    report = {name: _scores(pairs) for name, pairs in
              (("people", people), ("person+organisation", roles), ("role titles", titles),
               ("organisations", orgs), ("topics (text only)", topics))}
    with capsys.disabled():
        print("\nEntity extraction on the seeds (precision, recall):")
        for name, (precision, recall) in report.items():
            print(f"  {name:22} P={precision:.2f} R={recall:.2f}")
    assert report["people"] == (1.0, 1.0)
    assert report["person+organisation"] == (1.0, 1.0)
    assert report["role titles"][1] == 1.0
    assert report["organisations"] == (1.0, 1.0)
    assert min(report["topics (text only)"]) >= 0.6


@pytest.mark.parametrize("key", sorted(GOLDEN))
def test_people_and_organisations(published, key):
    want_people, want_orgs, _ = GOLDEN[key]
    got = published[key].entities
    assert {(_bare(p.id), _bare(p.organisation)) for p in got.people} == {p[:2] for p in want_people}
    assert {_bare(o) for o in got.organisations} == want_orgs
    assert got.unknown == ()


def test_no_false_people(published, text_only):
    for briefings in (published, text_only):
        for briefing in briefings.values():
            for person in briefing.entities.people:
                assert person.id is not None, person
