"""Stories: the seeds' 11 articles grouped by hand, editor overrides, and
grouping at a scale where comparing all pairs would not do."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from build_scripts.config import BuildConfig
from build_scripts.corpus.stories import StoryConfig, group_stories
from build_scripts.model import Block, Briefing
from build_scripts.pipeline import build

from .conftest import ROOT, make_briefing
from .test_golden_seeds import CIIE, CONFERENCE, DIGEST, FORUM, SHANGHAI

# Written by reading the seeds: the digest's items 3-7 report one interview
# with the NMPA commissioner (item 6 under another headline); the rest stand alone.
GOLDEN_STORIES = [
    {(DIGEST, 3), (DIGEST, 4), (DIGEST, 5), (DIGEST, 6), (DIGEST, 7)},
    {(DIGEST, 1)}, {(DIGEST, 2)}, {(CIIE, 1)}, {(CONFERENCE, 1)}, {(FORUM, 1)}, {(SHANGHAI, 1)},
]


@pytest.fixture(scope="module")
def result():
    return build(BuildConfig.for_project(ROOT))


def test_seed_stories_match_the_hand_grouping(result):
    groups: dict[str, set] = {}
    for briefing in result.briefings:
        groups.setdefault(briefing.story, set()).add((briefing.source, briefing.part))
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, GOLDEN_STORIES))


def test_the_threshold_has_a_margin_on_both_sides(result, capsys):
    """Same-story pairs of the seeds score well above the threshold, other pairs well below."""
    from itertools import combinations
    from build_scripts.corpus.stories import DEFAULT_THRESHOLD, features, jaccard
    same, different = [], []
    for a, b in combinations(result.briefings, 2):
        (same if a.story == b.story else different).append(jaccard(features(a), features(b)))
    with capsys.disabled():
        print(f"\nStory similarity on the seeds: same story {min(same):.2f}-{max(same):.2f}, "
              f"different stories at most {max(different):.2f} (threshold {DEFAULT_THRESHOLD})")
    assert min(same) >= DEFAULT_THRESHOLD + 0.03 and max(different) <= DEFAULT_THRESHOLD - 0.05


def test_story_page_lists_its_reports_and_starts_with_the_earliest(result):
    page = result.pages["stories/li-li-interview-xinhua-2025-12-10-1401.md"]
    meta_end = page.index("\n---\n", 4)
    import yaml
    meta = yaml.safe_load(page[4:meta_end])
    assert [(r["outlet"], r["date"], r["time"]) for r in meta["reports"]] == [
        ("Xinhua News Agency", "2025-12-10", "14:01"), ("Xinhua News Agency", "2025-12-10", "14:12"),
        ("Xinhua News Agency", "2025-12-10", "14:23"), ("Xinhua News Agency", "2025-12-10", "14:54"),
        ("Xinhuanet", "2025-12-11", "00:43")]
    assert "## Earliest report: Xinhua News Agency, 2025-12-10 14:01 { data-search-exclude" in page
    # Its text is on its own page: out of search here, so a query does not find it twice; the
    # later reports' additions stay searchable.
    earliest = page.split("## Earliest report")[1].split("## Also reported by")[0]
    assert earliest.count('data-pagefind-ignore="all" markdown="1">') == 1 and earliest.rstrip().endswith("</div>")
    headings = [line for line in earliest.splitlines()[1:] if line.startswith("#")]
    assert headings and all("data-search-exclude" in line for line in headings)
    # The 14:23 report is the only one naming 28 innovative traditional Chinese medicines.
    section = page.split("### Xinhua News Agency, 2025-12-10 14:23")[1].split("###")[0]
    assert "28 innovative traditional Chinese medicines" in section
    briefing_page = result.pages["briefings/li-li-interview-xinhuanet-2025-12-11.md"]
    assert "story: li-li-interview-xinhua-2025-12-10-1401" in briefing_page
    assert "(../stories/li-li-interview-xinhua-2025-12-10-1401.md) — this report and 4 others" in briefing_page


def test_sidecar_forces_and_forbids_groupings(seed_project):
    sidecar = seed_project.sources_dir / "2025-12-news-digest-gba-trials-and-nmpa-interview.meta.yml"
    text = sidecar.read_text("utf-8")
    text = text.replace("    slug: nmpa-review-resources-for-chokepoint-substitutes\n",
                        "    slug: nmpa-review-resources-for-chokepoint-substitutes\n    story: null\n")
    text = text.replace("    slug: gba-clinical-trial-collaboration-platform-launched\n",
                        "    slug: gba-clinical-trial-collaboration-platform-launched\n    story: gba-week\n")
    text = text.replace("    slug: shenzhen-device-and-drug-exhibition-hong-kong-2025\n",
                        "    slug: shenzhen-device-and-drug-exhibition-hong-kong-2025\n    story: gba-week\n")
    sidecar.write_text(text, "utf-8")
    stories = {b.slug: b.story for b in build(seed_project).briefings}
    assert stories["nmpa-review-resources-for-chokepoint-substitutes"] == "nmpa-review-resources-for-chokepoint-substitutes"
    assert stories["li-li-interview-xinhua-2025-12-10-1454"] == "li-li-interview-xinhua-2025-12-10-1401"
    assert stories["gba-clinical-trial-collaboration-platform-launched"] == \
        stories["shenzhen-device-and-drug-exhibition-hong-kong-2025"]


def _briefing(slug: str, text: str, date: str = "2025-01-10") -> Briefing:
    return make_briefing(slug=slug, title=slug, date=date, body=(Block("paragraph", text=text),), original_name=slug)


def test_window_keeps_old_and_new_reports_apart():
    text = "The regulator approved 63 innovative drugs and 63 devices in the first ten months of the year."
    briefings = [_briefing("a", text, "2025-01-10"), _briefing("b", text, "2025-01-12"), _briefing("c", text, "2025-06-01")]
    story_of = group_stories(briefings, StoryConfig(threshold=0.28, window_days=14))
    assert story_of == {"a": "a", "b": "a", "c": "c"}


def test_a_chain_of_reports_does_not_make_a_story_longer_than_the_window():
    """Reports four days apart, each like the next: every pair within the
    window is one story, but a story spans at most the window from its first
    report to its last (a chain once made one story of 3,161 synthetic
    reports over a year). The most similar pairs join first."""
    text = "The regulator approved 63 innovative drugs and 63 devices in the first ten months of the year."
    briefings = [_briefing(f"d{n:02d}", text, f"2025-01-{1 + 4 * n:02d}") for n in range(8)]  # Jan 1 to 29
    story_of = group_stories(briefings, StoryConfig(threshold=0.28, window_days=14))
    assert story_of == {"d00": "d00", "d01": "d00", "d02": "d00", "d03": "d00",
                        "d04": "d04", "d05": "d04", "d06": "d04", "d07": "d04"}
    # The more similar pair joins first: y is like x (0.43) and more like z (0.82),
    # but x and z are 19 days apart, so y goes with z.
    words = [f"w{i}" for i in range(90)]
    x = _briefing("x", " ".join(words[:36] + words[60:84]), "2025-01-01")
    y = _briefing("y", " ".join(words[:60]), "2025-01-12")
    z = _briefing("z", " ".join(words[:54] + words[84:90]), "2025-01-20")
    assert group_stories([x, y, z], StoryConfig(threshold=0.28, window_days=14)) == {"x": "x", "y": "y", "z": "y"}


def test_an_editors_long_story_takes_reports_within_its_days():
    """A story an editor made longer than the window (a sidecar's 'story:'
    naming a report) may take other reports dated within its days, but is
    not stretched further."""
    text = "The regulator approved 63 innovative drugs and 63 devices in the first ten months of the year."
    briefings = [_briefing("a", text, "2025-01-01"), replace(_briefing("b", text, "2025-01-30"), story_override="a"),
                 _briefing("c", text, "2025-01-10"), _briefing("d", text, "2025-01-22"),
                 _briefing("e", text, "2025-02-03")]
    story_of = group_stories(briefings, StoryConfig(threshold=0.28, window_days=14))
    assert story_of == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e"}


def test_thousands_of_briefings_group_planted_duplicates():
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(5000)]
    briefings = []
    for n in range(2000):
        words = rng.sample(vocabulary, 60)
        briefings.append(_briefing(f"s{n:04d}", " ".join(words)))
        if n % 100 == 0:  # a second outlet's report: 80% of the same words
            copy = words[:48] + rng.sample(vocabulary, 12)
            briefings.append(_briefing(f"s{n:04d}-copy", " ".join(copy)))
    story_of = group_stories(briefings)
    assert all(story_of[f"s{n:04d}-copy"] == f"s{n:04d}" for n in range(0, 2000, 100))
    assert sum(1 for slug, story in story_of.items() if slug != story) == 20


def test_pairs_near_the_threshold_are_found():
    """LSH is approximate: pairs just above the threshold must still be found
    almost always (96 bands of 3 rows: 88% at 0.28, 97% at 0.33 in theory)."""
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(20000)]
    briefings, pairs = [], []
    for n in range(300):
        words = rng.sample(vocabulary, 80)
        shared = 38  # Jaccard 38 / (80 + 80 - 38) = 0.31
        copy = words[:shared] + rng.sample(vocabulary, 80 - shared)
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        briefings += [_briefing(f"p{n:03d}", " ".join(words), day), _briefing(f"p{n:03d}-b", " ".join(copy), day)]
        pairs.append((f"p{n:03d}", f"p{n:03d}-b"))
    story_of = group_stories(briefings, StoryConfig(threshold=0.28, window_days=14))
    found = sum(story_of[a] == story_of[b] for a, b in pairs)
    assert found / len(pairs) >= 0.9, found
    # and nothing else is grouped: unrelated reports share almost no words
    assert sum(1 for slug, story in story_of.items() if slug != story) == found


def test_candidates_respect_the_window_and_undated_reports():
    import numpy as np
    from build_scripts.corpus.stories import NUM_PERM, candidate_pairs
    signatures = np.zeros((4, NUM_PERM), dtype=np.uint32)  # identical: every band collides
    days = np.array([100, 110, 130, -1])
    pairs = {tuple(p) for p in candidate_pairs(signatures, days, 14).tolist()}
    # 100-110 within 14 days; 110-130 is 20 apart; 100-130 is 30; the undated one pairs with all
    assert pairs == {(0, 1), (0, 3), (1, 3), (2, 3)}


def test_a_bucket_of_near_identical_reports_is_paired_in_work_that_grows_linearly():
    """Thousands of identical items (a pathological digest) share every band:
    each is proposed with at most MAX_PARTNERS others, not with all (which
    grew with the square of the items: two million pairs at 2,000), and they
    still make one story."""
    import numpy as np
    from build_scripts.corpus.stories import MAX_PARTNERS, NUM_PERM, candidate_pairs
    for n in (500, 2000):
        signatures = np.zeros((n, NUM_PERM), dtype=np.uint32)
        pairs = candidate_pairs(signatures, np.full(n, 100), 14)
        assert len(pairs) <= n * MAX_PARTNERS  # against n * (n - 1) / 2 uncapped
    text = "The regulator approved 63 innovative drugs and 63 devices in the first ten months of the year."
    briefings = [_briefing(f"i{n:04d}", text, "2025-01-10") for n in range(300)]
    assert set(group_stories(briefings, StoryConfig(threshold=0.28, window_days=14)).values()) == {"i0000"}


def test_exact_similarity_of_many_pairs_at_once():
    """The batched exact check equals Jaccard pair by pair, also when a
    report's partners share features with each other."""
    import numpy as np
    from build_scripts.corpus.stories import Fingerprint, _similar_pairs
    rng = random.Random(2)
    pool = list(range(400))
    prints = [Fingerprint(np.unique(np.array(rng.sample(pool, rng.randint(20, 120)), dtype=np.uint64)),
                          np.zeros(1, dtype=np.uint32)) for _ in range(40)]
    pairs = np.array([(i, j) for i in range(40) for j in range(i + 1, 40)], dtype=np.int64)
    for threshold in (0.1, 0.2, 0.3):
        expected = []
        for i, j in pairs.tolist():
            a, b = set(prints[i].hashes.tolist()), set(prints[j].hashes.tolist())
            if len(a & b) / len(a | b) >= threshold:
                expected.append((i, j, len(a & b) / len(a | b)))
        found = sorted(_similar_pairs(pairs, prints, threshold))
        assert [(i, j) for i, j, _ in found] == [(i, j) for i, j, _ in expected]
        assert all(abs(s - t) < 1e-12 for (_, _, s), (_, _, t) in zip(found, expected))


def test_a_story_reposted_hundreds_of_times_keeps_a_small_page():
    from build_scripts.registry import Registry
    from build_scripts.render.stories import STORY_REPORTS_DETAILED, STORY_REPORTS_LISTED, render_story
    text = "The regulator approved 63 innovative drugs and 63 devices in the first ten months of the year."
    reports = [_briefing(f"r{n:03d}", text, "2025-01-10") for n in range(400)]
    page = render_story("r000", reports, Registry([]))
    assert page.count("\n### Outlet not stated, ") == STORY_REPORTS_DETAILED and page.count("\n### Later reports") == 1
    assert page.count("\n- [") == STORY_REPORTS_LISTED
    assert f"... and {399 - STORY_REPORTS_DETAILED - STORY_REPORTS_LISTED} more reports" in page
    assert len(page) < 100_000


def test_a_pack_of_long_stories_stays_printable():
    """A pack shows the latest stories in full while they fit PACK_CHARACTERS,
    and lists at most PACK_SOURCES reports per story, linking to the rest."""
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.stories import PACK_CHARACTERS, PACK_SOURCES, render_pack
    long_text = " ".join(f"Paragraph sentence number {n} about the regulator." for n in range(300))
    briefings, stories = [], {}
    for s in range(40):
        reports = [replace(_briefing(f"s{s:02d}-{r:02d}", long_text, f"2025-03-{1 + s % 28:02d}"), story=f"s{s:02d}-00")
                   for r in range(30)]
        stories[f"s{s:02d}-00"] = reports
        briefings += reports
    topic = Entity(id="topic/x", kind="topic", name="X", name_zh=None, aliases=(), origin=("registry/topics.yml", 1))
    page = render_pack(topic, Registry([topic]), briefings, stories)
    assert len(page) < PACK_CHARACTERS + 20_000
    shown = page.count('<div class="medreg-pack-story">')
    assert 1 <= shown < 40 and f"40 stories on this topic, the latest {shown} shown" in page
    assert page.count(f"... and {30 - PACK_SOURCES} more reports") == shown


def test_a_rebuild_compares_only_new_reports_and_finds_the_same_stories():
    """link_stories with the last build's links compares only pairs with a
    new or changed report, and groups exactly as comparing every pair: after
    adding reports, removing a report that joined two others, editing one,
    and with undated reports."""
    from build_scripts.corpus import stories as dedupe
    from build_scripts.corpus.stories import link_stories
    rng = random.Random(11)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts: dict[str, tuple[str, str | None]] = {}
    for n in range(300):
        words = rng.sample(vocabulary, 60)
        day = None if n % 37 == 0 else f"2025-{1 + n % 6:02d}-{1 + n % 20:02d}"
        texts[f"s{n:03d}"] = (" ".join(words), day)
        for copy in range(n % 4):  # re-reports at several distances from the threshold
            kept = 48 - 8 * copy
            texts[f"s{n:03d}-{copy}"] = (" ".join(words[:kept] + rng.sample(vocabulary, 60 - kept)), day)
    chain = rng.sample(vocabulary, 100)  # a ~ b ~ c, but a and c alone are not one story
    for name, start in (("chain-a", 0), ("chain-b", 20), ("chain-c", 40)):
        texts[name] = (" ".join(chain[start:start + 60]), "2025-03-03")
    config = StoryConfig(threshold=0.28, window_days=14)

    def corpus(names):
        return [_briefing(name, texts[name][0], texts[name][1]) for name in names], \
            [f"{name}:{hash(texts[name])}" for name in names]

    names = sorted(texts)
    first, keys = corpus(names[:-60])
    _, links = link_stories(first, config, keys=keys)
    compared = []
    original = dedupe.candidate_pairs
    dedupe.candidate_pairs = lambda *args: compared.append(original(*args)) or compared[-1]
    try:
        # all, then without a re-report that links two others, then with one report edited
        for number, step in enumerate([names, [n for n in names if n != "chain-b"], names]):
            if number == 2:
                texts["s010"] = (texts["s010"][0] + " w1 w2 w3", texts["s010"][1])
            briefings, keys = corpus(step)
            story_of, links = link_stories(briefings, config, keys=keys, previous=links)
            assert story_of == group_stories(briefings, config)
            assert (story_of["chain-a"] == story_of["chain-c"]) == (number != 1)
    finally:
        dedupe.candidate_pairs = original
    # candidates of each incremental call, then of the full one: only pairs with a new report
    assert len(compared) == 6
    assert 0 < len(compared[0]) < len(compared[1]) / 2  # 60 reports added
    assert len(compared[2]) == 0  # one removed: nothing to compare
    assert 0 < len(compared[4]) < len(compared[5]) / 20  # one edited


def test_a_rebuild_joins_again_only_the_parts_of_the_graph_of_links_that_changed():
    """With the last build's links, a rebuild joins again only the links of
    the connected parts of the graph that a new, changed or deleted report
    touches; the rest keep the last build's stories. Checked against
    grouping from scratch over random additions, deletions and edits of
    stories of several reports, chains that the window cuts, and undated
    reports; and a report of a new story joins nothing again."""
    from build_scripts.corpus import stories as dedupe
    from build_scripts.corpus.stories import link_stories
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(4000)]
    texts: dict[str, tuple[str, str | None]] = {}

    def story(name: str, reports: int, day: int) -> None:
        words = rng.sample(vocabulary, 60)
        for copy in range(reports):  # each report a few days after the last: chains longer than the window
            kept = rng.choice([30, 38, 46, 54])
            date = None if rng.random() < 0.05 else f"2025-{1 + (day + 4 * copy) // 28:02d}-{1 + (day + 4 * copy) % 28:02d}"
            texts[f"{name}-{copy}"] = (" ".join(words[:kept] + rng.sample(vocabulary, 60 - kept)), date)

    for n in range(120):
        story(f"s{n:03d}", rng.choice([1, 1, 2, 3, 5]), rng.randrange(0, 200))
    config = StoryConfig(threshold=0.28, window_days=14)
    version: dict[str, int] = {}

    def corpus(names):
        names = sorted(names)
        return [_briefing(name, *texts[name]) for name in names], [f"{name}:{version.get(name, 0)}" for name in names]

    names = set(texts)
    briefings, keys = corpus(names)
    _, links = link_stories(briefings, config, keys=keys)
    joined = []
    original = dedupe._join_within_window
    dedupe._join_within_window = lambda scored, *args: joined.append(len(scored)) or original(scored, *args)
    try:
        for step in range(12):
            change = step % 3
            if change == 0:  # a story of new reports, some re-reporting an existing story
                story(f"new{step}", rng.choice([1, 2, 3]), rng.randrange(0, 200))
                if step % 2:
                    base = rng.choice(sorted(names))
                    texts[f"re{step}"] = (texts[base][0], texts[base][1])
                names |= {n for n in texts if n.startswith((f"new{step}-", f"re{step}"))}
            elif change == 1:  # two reports deleted
                for gone in rng.sample(sorted(names), 2):
                    names.discard(gone)
            else:  # a report edited: its text, so its key, changes
                edited = rng.choice(sorted(names))
                texts[edited] = (texts[edited][0] + f" w{step} w{step + 1}", texts[edited][1])
                version[edited] = version.get(edited, 0) + 1
            briefings, keys = corpus(names)
            story_of, links = link_stories(briefings, config, keys=keys, previous=links)
            assert story_of == group_stories(briefings, config), f"step {step}"
        # Each rebuild (then each grouping from scratch) joined a small part of the links, not all of them.
        incremental, from_scratch = joined[0::2], joined[1::2]
        assert min(from_scratch) > 250 and max(incremental) < min(from_scratch) / 10
        # A report of a story no other report tells: no link is joined again.
        texts["lone"] = (" ".join(rng.sample(vocabulary, 60)), "2025-03-03")
        joined.clear()
        briefings, keys = corpus(names | {"lone"})
        story_of, _ = link_stories(briefings, config, keys=keys, previous=links)
        assert joined == [0] and story_of["lone"] == "lone"
    finally:
        dedupe._join_within_window = original


def test_member_is_isin():
    import numpy as np

    from build_scripts.corpus.stories import _member
    rng = np.random.default_rng(3)
    values = rng.integers(0, 50, size=(40, 6)).astype(np.uint64)
    for wanted in (values[:2], values[5, :1], np.zeros(0, dtype=np.uint64),
                   rng.integers(0, 50, size=30).astype(np.uint64), np.array([49, 0], dtype=np.uint64)):
        assert np.array_equal(_member(values, wanted), np.isin(values, wanted))


@pytest.mark.parametrize("count", [1, 200, 2500])  # 2,500: more hashes than one pass of the work arrays
def test_signature_is_each_permutations_minimum_mod_p(count):
    """The MinHash signature folds mod 2**61 - 1 in reused work arrays; it
    must equal the plain formula, (a * x + b) wrapping at 2**64, mod p."""
    import numpy as np

    from build_scripts.corpus import stories as dedupe

    low = np.random.RandomState(count).randint(0, 1 << 32, size=count, dtype=np.uint64)
    low[0] = 0xFFFFFFFF
    expected = ((dedupe._A[:, None] * low[None, :] + dedupe._B[:, None]) % dedupe._PRIME).min(axis=1)
    assert (dedupe._signature(low) == (expected & np.uint64(0xFFFFFFFF)).astype(np.uint32)).all()
    assert (dedupe._signature(low[:1]) == ((dedupe._A * low[0] + dedupe._B) % dedupe._PRIME).astype(np.uint32)).all()


def test_a_feed_lists_the_newest_dated_briefings_on_its_entity():
    """Each feed lists the FEED_ENTRIES newest dated briefings (undated ones
    left out), newest first: the site-wide feed picks them from every
    briefing in any order, an entity's from its briefings newest first."""
    import re

    from build_scripts.model import Extraction
    from build_scripts.registry import Entity, Registry
    from build_scripts.render.recipe import rendered
    from build_scripts.render.stories import FEED_ENTRIES, feed_pages
    rng = random.Random(3)
    topic = Entity(id="topic/x", kind="topic", name="X", name_zh=None, aliases=(), origin=("registry/topics.yml", 1))
    briefings = []
    for n in range(150):
        day = None if n % 7 == 1 else f"2025-{rng.randint(1, 12):02d}-{rng.randint(10, 28)}"
        briefing = replace(_briefing(f"b{n:03d}", "", day), time=f"{rng.randint(10, 23)}:00",
                           entities=Extraction(topics=("topic/x",) if n % 3 else ()))
        briefings.append(briefing)
    rng.shuffle(briefings)
    pages = rendered(feed_pages(briefings, Registry({topic.id: topic}), None))

    def listed(page: str) -> list[str]:
        return re.findall(r"<id>urn:medreg:briefing:([^<]+)</id>", pages[page])

    def newest(chosen):
        return [b.slug for b in sorted((b for b in chosen if b.date), key=lambda b: b.sort_key, reverse=True)][:FEED_ENTRIES]

    assert listed("feed.xml") == newest(briefings)
    assert listed("feeds/topics/x.xml") == newest([b for b in briefings if b.entities.topics])
    assert len(listed("feeds/topics/x.xml")) == FEED_ENTRIES


def test_every_page_takes_the_same_report_as_a_storys_earliest(project):
    """One rule for "the earliest report" (``Briefing.chronological``): a
    report without a time comes after one with a time on the same day, on
    the home page as on the story's own page and in its id (the home page
    once put the one without a time first)."""
    text = ("The National Medical Products Administration approved 63 innovative drugs and 63 medical devices "
            "in the first ten months of the year, the agency said in a statement on its website.\nSource: Xinhua\n")
    config = project({"sources/a.txt": "Regulator approves 63 new drugs\n2025-03-10\n" + text,
                      "sources/b.txt": "Regulator approves 63 new drugs this year\n2025-03-10 09:16\n" + text})
    result = build(config)
    assert {b.slug: b.story for b in result.briefings} == {"a": "b", "b": "b"}
    home = result.pages["index.md"]
    latest = home.split("## Latest stories", 1)[1].split("##", 1)[0]
    assert "[Regulator approves 63 new drugs this year](stories/b.md)" in latest, latest
    story = result.pages["stories/b.md"]
    assert story.index("Regulator approves 63 new drugs this year") < story.index("Regulator approves 63 new drugs\n")
