"""The shipped corpus, checked against values written by hand from reading
the five seed documents (not copied from the program's output).

Two views: what the published pages say (text plus the editors' sidecars),
and what the build infers from the text alone (sidecars removed)."""

from __future__ import annotations

import shutil

import pytest

from build_scripts.config import BuildConfig
from build_scripts.pipeline import build

from .conftest import ROOT

CIIE = "2025-11-06-ciie-parallel-session-drug-regulation.txt"
DIGEST = "2025-12-news-digest-gba-trials-and-nmpa-interview.txt"
CONFERENCE = "2025-02-28-national-conference-drug-registration.txt"
FORUM = "2025-03-10-phirda-forum-innovative-drugs-going-global.txt"
SHANGHAI = "shanghai-ip-pharma-medtech-policy.txt"

INTERVIEW = "以高效严格监管促进创新药和医疗器械发展——访国家药品监督管理局党组书记、局长李利"
SESSION = "Parallel Session on Global Drug Safety Governance and Chinese Drug Regulation Innovation"
EXPO = ("2025 Shenzhen International High-Performance Medical Device and Innovative "
        "Pharmaceutical Exhibition Hong Kong Station")
CONFERENCE_NAME = ("2025 National Conference on Drug Registration Management and Post Market "
                   "Supervision")

# (source, part): title, date, time, outlet as printed, event (name, date, end_date, venue, city)
FROM_TEXT = {
    (CIIE, 1): (
        "Parallel Session On Global Drug Safety Governance and Chinese Drug Regulation Innovation",
        None, None, None,
        (SESSION, "2025-11-06", None,
         "Silk Road Hall, Pavilion 4.2 of the National Exhibition and Convention Center (Shanghai)",
         "Shanghai"),
    ),
    (DIGEST, 1): ("粤港澳大湾区临床试验协作平台在港启动", "2025-12-23", "02:49", "Xin Hua She", None),
    (DIGEST, 2): ("2025深圳国际高性能医疗器械展暨创新医药展香港站举办", "2025-12-11", "14:12",
                  "Nan Fang Du Shi Bao", (EXPO, None, None, None, None)),
    (DIGEST, 3): ("贯彻落实党的二十届四中全会精神权威访谈丨" + INTERVIEW, "2025-12-11", "00:43",
                  "Xin Hua Wang", None),
    (DIGEST, 4): ("贯彻落实党的二十届四中全会精神权威访谈 | " + INTERVIEW, "2025-12-10", "14:54",
                  "Xin Hua She", None),
    (DIGEST, 5): ("贯彻落实党的二十届四中全会精神权威访谈|" + INTERVIEW, "2025-12-10", "14:23",
                  "Xin Hua She", None),
    (DIGEST, 6): ("药监局:将审评资源向突破“卡脖子”技术的国产替代产品倾斜", "2025-12-10", "14:12",
                  "Xin Hua She", None),
    (DIGEST, 7): (INTERVIEW, "2025-12-10", "14:01", "Xin Hua She", None),
    (CONFERENCE, 1): (
        "The 2025 National Conference on Drug Registration Management and Post Market Supervision was held",
        "2025-02-28", "14:05", None,
        (CONFERENCE_NAME, "2025-02-18", "2025-02-19", None, "Jinan"),
    ),
    (FORUM, 1): (
        "Accelerating Chinese Innovative Drugs Going Global: International New Drug R&D "
        "Regulation Forum Successfully Held",
        "2025-03-10", "09:16", None,
        ("New Drugs R&D and Regulation Internationalization Forum", "2024-12-01", None, None, None),
    ),
    (SHANGHAI, 1): ("IP drives high-quality development of Shanghai's pharma and medtech",
                    None, None, "Shanghai Intellectual Property Administration", None),
}

# What the editors' sidecars change on the published pages.
OUTLET_NAMES = {"Xin Hua She": "Xinhua News Agency", "Xin Hua Wang": "Xinhuanet",
                "Nan Fang Du Shi Bao": "Southern Metropolis Daily"}
PUBLISHED_EVENT_CITY = {(DIGEST, 2): "Hong Kong"}
ORIGINAL_NAMES = {
    CIIE: "000_8a9c98fe9c750f6f.txt", DIGEST: "001_335fe0579cfc07e0.txt",
    CONFERENCE: "002_81d3dcfeeb5081c9.txt", FORUM: "003_99269df5112ca964.txt",
    SHANGHAI: "004_8a822e2ebe5fa028.txt",
}


def _by_key(result):
    return {(b.source, b.part): b for b in result.briefings}


@pytest.fixture(scope="module")
def published():
    return build(BuildConfig.for_project(ROOT, docs_dir=ROOT / "docs"))


@pytest.fixture(scope="module")
def text_only(tmp_path_factory):
    root = tmp_path_factory.mktemp("text-only")
    (root / "sources").mkdir()
    for path in (ROOT / "sources").glob("*.txt"):
        shutil.copy(path, root / "sources" / path.name)
    return build(BuildConfig.for_project(root))


def test_seeds_give_eleven_articles(published, text_only):
    assert sorted(_by_key(published)) == sorted(FROM_TEXT)
    assert sorted(_by_key(text_only)) == sorted(FROM_TEXT)
    assert published.sources_read == 5 and published.sources_failed == 0


def test_shipped_corpus_builds_without_problems(published):
    assert [str(p) for p in published.problems] == []


@pytest.mark.parametrize("key", sorted(FROM_TEXT))
def test_inferred_from_text(text_only, key):
    briefing = _by_key(text_only)[key]
    title, date, time, outlet, event = FROM_TEXT[key]
    assert briefing.title == title
    assert briefing.date == date
    assert briefing.time == time
    assert (briefing.outlet_original or briefing.outlet) == outlet
    got = briefing.event
    assert (None if got is None else (got.name, got.date, got.end_date, got.venue, got.city)) == event


@pytest.mark.parametrize("key", sorted(FROM_TEXT))
def test_published(published, key):
    briefing = _by_key(published)[key]
    title, date, time, outlet, event = FROM_TEXT[key]
    assert briefing.title == title
    assert briefing.date == date
    assert briefing.outlet == OUTLET_NAMES.get(outlet, outlet)
    assert briefing.outlet_original == (outlet if outlet in OUTLET_NAMES else None)
    if event is not None:
        name, event_date, end_date, venue, city = event
        assert briefing.event.name == name
        assert briefing.event.date == event_date
        assert briefing.event.city == PUBLISHED_EVENT_CITY.get(key, city)
    else:
        assert briefing.event is None
    assert briefing.original_name == ORIGINAL_NAMES[key[0]]


def test_chinese_headlines_have_english_glosses(published):
    for briefing in published.briefings:
        if "zh" == briefing.language[0]:
            assert briefing.title_en and not any("\u4e00" <= c <= "\u9fff" for c in briefing.title_en)
            assert "title_en" in briefing.curated


def test_languages(published):
    by_key = _by_key(published)
    assert by_key[(DIGEST, 3)].language == ("zh", "en")
    assert by_key[(SHANGHAI, 1)].language == ("en",)


def test_summaries_and_key_points_follow_the_texts_own_structure(published):
    by_key = _by_key(published)
    gba = by_key[(DIGEST, 1)]
    assert gba.summary.startswith("The Hong Kong Special Administrative Region (HKSAR) government has "
                                  "officially launched")
    assert "[1]" not in gba.summary
    assert [len(s.points) for s in gba.sections] == [3, 2]  # Group 1, Group 2
    expo = by_key[(DIGEST, 2)]
    assert [s.heading for s in expo.sections] == [
        "Event Overview", "Expert Contributions", "Collaborative Achievements",
        "Innovation Showcase", "Future Development"]
    interview = by_key[(DIGEST, 5)]
    assert interview.sections[0].heading == "Regulatory Achievements During the 14th Five-Year Plan"
    assert interview.sections[0].points[1].startswith("The overall pass rate for national drug sampling")
    shanghai = by_key[(SHANGHAI, 1)]
    assert shanghai.summary.startswith("Shanghai has introduced a comprehensive package of policies")


def test_boilerplate_is_gone(published):
    by_key = _by_key(published)
    conference = by_key[(CONFERENCE, 1)]
    text = " ".join(b.text or " ".join(b.items) for b in conference.body)
    for chrome in ("DETAILS", "Current Location", "浏览", "质量-是企业的生命", "企业文化"):
        assert chrome not in text
    forum = by_key[(FORUM, 1)]
    assert forum.body[-1].text.startswith("The globalization of innovative drugs requires")
    shanghai = by_key[(SHANGHAI, 1)]
    assert not any("Source:" in (b.text or "") for b in shanghai.body)
