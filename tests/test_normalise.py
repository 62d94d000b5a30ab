from __future__ import annotations

import pytest

from build_scripts.model import Article, Document, Section
from build_scripts.normalise import (NormaliseError, cut_blocks, find_event, language_of,
                                     normalise_article, parse_structured_summary, split_sentences)


def _article(text: str) -> Article:
    lines = tuple(text.split("\n"))
    document = Document(path="sources/a.txt", format="txt", encoding="utf-8", sha256="0" * 64, lines=lines)
    return Article(document=document, part=1, parts=1, first_line=1, lines=lines)


PROSE = ("The National Medical Products Administration approved 63 innovative drugs from January "
         "to October 2025, the agency said in a statement on its website.")


def test_page_chrome_above_the_headline_and_counters_are_dropped():
    found = normalise_article(_article(
        f"DETAILS 质量-是企业的生命\n\nCurrent Location:Home> 企业文化\n\nThe headline\n\n"
        f"时间:2025-2-28 14:05:54 浏览:2169次\n\n{PROSE}\n"))
    assert found.title == "The headline"
    assert found.title_line == 5
    assert (found.date, found.time) == ("2025-02-28", "14:05")
    assert [b.text for b in found.body] == [PROSE]


def test_headline_then_dateline():
    found = normalise_article(_article(f"A headline\n2025-03-10 09:16\n{PROSE}\nForum"))
    assert (found.title, found.date) == ("A headline", "2025-03-10")
    assert [b.text for b in found.body] == [PROSE]  # the trailing "Forum" label is dropped


def test_no_dateline_means_no_date():
    found = normalise_article(_article(f"A headline\n\n{PROSE}\nSource: Shanghai Intellectual Property Administration"))
    assert found.date is None
    assert found.outlet == "Shanghai Intellectual Property Administration"
    assert [b.text for b in found.body] == [PROSE]


@pytest.mark.parametrize("dateline, outlet", [
    ("2025-12-15 09:30 Source: Caixin", "Caixin"),
    ("2025-12-15 09:30  Source: Xinhua News Agency", "Xinhua News Agency"),
    ("发布时间：2025-12-15 09:30 来源：新华社", "新华社"),
    ("时间:2025-12-15 09:30 来源:人民网 浏览:2169次", "人民网"),
    ("2025-12-15 09:30", None),
])
def test_the_outlet_on_the_dates_line(dateline, outlet):
    found = normalise_article(_article(f"A headline\n{dateline}\n{PROSE}"))
    assert (found.title, found.date, found.time, found.outlet) == ("A headline", "2025-12-15", "09:30", outlet)
    assert [b.text for b in found.body] == [PROSE]


def test_share_buttons_and_copyright_notices_are_dropped():
    found = normalise_article(_article(
        f"A headline\n2025-12-15\n{PROSE}\nShare this article: WeChat | Weibo\n分享到：微信 微博\n"
        "Copyright 2025 Caixin Media. All rights reserved.\n© 2025 Xinhua\n版权所有 新华网\n"
        "Copyright law reform was discussed at the meeting, the agency said in its statement today."))
    assert [b.text for b in found.body] == [
        PROSE, "Copyright law reform was discussed at the meeting, the agency said in its statement today."]


def test_a_short_briefs_one_sentence_is_its_lead():
    brief = "The National Medical Products Administration approved 12 innovative drugs in May, the agency said."
    found = normalise_article(_article(f"A headline\n2025-06-01\nBy Zhang San\n\n{brief}"))
    assert found.summary == brief
    # A byline, caption or label is no lead; a real paragraph of 20 words or more comes first.
    assert normalise_article(_article("A headline\n2025-06-01\nBy Zhang San\n\nPhoto: the agency")).summary is None
    found = normalise_article(_article(f"A headline\n2025-06-01\n\n{brief}\n\n{PROSE}"))
    assert found.summary == PROSE


def test_a_paragraph_is_not_a_headline_the_title_is_cut_from_the_lead():
    found = normalise_article(_article(PROSE + " " + PROSE + " " + PROSE))
    assert ("title", "lead") in found.found_from
    assert PROSE.startswith(found.title.rstrip(" …")) and len(found.title) <= 122


def test_event_date_is_not_a_publication_date():
    found = normalise_article(_article(
        "Forum report\n\nThe 2025 Regulatory Science Forum was held in Beijing on November 6, 2025, "
        "with 300 participants from regulators and industry."))
    assert found.date is None
    assert (found.event.name, found.event.date, found.event.city) == (
        "2025 Regulatory Science Forum", "2025-11-06", "Beijing")


@pytest.mark.parametrize("sentence, expected", [
    ('The parallel session themed "Drug Safety" was held on the morning of November 6, 2025, at '
     'the Silk Road Hall, Pavilion 4.2 of the Center (Shanghai).',
     ("Parallel Session on Drug Safety", "2025-11-06", None, "Silk Road Hall, Pavilion 4.2 of the Center (Shanghai)", "Shanghai")),
    ("During the 2024 China BioMed Innovation and Investment Conference (CBIIC), on the morning of "
     "December 1st, New Drugs R&D and Regulation Internationalization Forum, organized by the "
     "Committee of PhIRDA, was successfully held.",
     ("New Drugs R&D and Regulation Internationalization Forum", "2024-12-01", None, None, None)),
    ("The 2025 National Conference on Drug Registration Management was held in Jinan, Shandong "
     "Province from February 18th to 19th.",
     ("2025 National Conference on Drug Registration Management", "2025-02-18", "2025-02-19", None, "Jinan")),
    ('The event "2025 Shenzhen Medical Device Exhibition" focuses on cooperation.',
     ("2025 Shenzhen Medical Device Exhibition", None, None, None, None)),
])
def test_events(sentence, expected):
    event = find_event([sentence], context_year=None)
    assert (event.name, event.date, event.end_date, event.venue, event.city) == expected


def test_no_event_without_a_held_sentence():
    assert find_event(["The NMPA has officially launched a new platform for trials."], 2025) is None
    assert find_event(["Core Viewpoint was held responsible."], 2025) is None


def test_structured_digest_summary():
    text = ("Core Viewpoint - The platform launched [1][2] Group 1 - First point [1] - Second point [1] "
            "Group 2: Outlook - Third point [2]")
    lead, sections = parse_structured_summary(text)
    assert lead == "The platform launched"
    assert sections == (Section(None, ("First point", "Second point")),
                        Section("Outlook", ("Third point",)))


def test_structured_summary_with_bare_section_headings():
    text = ("Core Viewpoint - Lead [1]. Achievements - A [2]. - B [2]. Future Measures - C [5].")
    lead, sections = parse_structured_summary(text)
    assert lead == "Lead."
    assert sections == (Section("Achievements", ("A.", "B.")), Section("Future Measures", ("C.",)))


def test_text_without_that_structure_is_not_structured():
    assert parse_structured_summary("A normal paragraph - with a dash.") is None


def test_blocks():
    numbered = list(enumerate([
        "【Basic Information】", "", "Host:", "", "Dr. He Li", "Director General, NMPA", "",
        "Dr. Yang Sheng | Deputy commissioner, NMPA", 'Attended the session themed "Global Drug Governance',
        'and Innovation" and delivered a speech', "", "[session 3]", "", PROSE, "Panel Discussion", PROSE,
        "- first point", "- second point",
    ], start=1))
    blocks = cut_blocks(numbered)
    assert [(b.kind, b.text or b.items) for b in blocks] == [
        ("heading", "Basic Information"),
        ("heading", "Host"),
        ("lines", ("Dr. He Li", "Director General, NMPA")),
        ("lines", ("Dr. Yang Sheng | Deputy commissioner, NMPA",
                   'Attended the session themed "Global Drug Governance and Innovation" and delivered a speech')),
        ("heading", "Session 3"),
        ("paragraph", PROSE),
        ("heading", "Panel Discussion"),
        ("paragraph", PROSE),
        ("list", ("first point", "second point")),
    ]
    assert blocks[0].line == 1 and blocks[3].line == 8


def test_sentences_respect_abbreviations():
    assert split_sentences("Dr. He Li spoke. Mr. Wu replied. Pavilion 4.2 was full.") == (
        "Dr. He Li spoke.", "Mr. Wu replied.", "Pavilion 4.2 was full.")


def test_language():
    assert language_of("粤港澳大湾区临床试验协作平台在港启动") == "zh"
    assert language_of("NMPA approves drugs") == "en"
    assert language_of("2025深圳国际高性能医疗器械展暨创新医药展香港站举办") == "zh"


def test_markdown_source_structure_and_inline_markup():
    lines = ("# The headline", "", "Published 2025-01-02", "", "## Background", "",
             "The **National Medical Products Administration** approved [new rules](https://example.com) "
             "for *clinical trials* on Monday, the `agency` said in a statement.", "", "- one", "- two")
    document = Document(path="sources/a.md", format="md", encoding="utf-8", sha256="0" * 64, lines=lines)
    found = normalise_article(Article(document=document, part=1, parts=1, first_line=1, lines=lines))
    assert (found.title, found.date) == ("The headline", "2025-01-02")
    assert [(b.kind, b.text or b.items) for b in found.body] == [
        ("heading", "Background"),
        ("paragraph", "The National Medical Products Administration approved new rules for clinical "
                      "trials on Monday, the agency said in a statement."),
        ("list", ("one", "two")),
    ]
