from __future__ import annotations

import pytest

from build_scripts.model import Article, Document, Event, Section
from build_scripts.normalise.article import cut_blocks, language_of, normalise_article, parse_structured_summary
from build_scripts.normalise.events import find_event
from build_scripts.normalise.sentences import split_sentences


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
    # An English sentence with the event's Chinese name in brackets is read as English.
    ("The 2025 Example Health Forum (示例健康论坛) was held in Hangzhou on May 8, 2025.",
     ("2025 Example Health Forum (示例健康论坛)", "2025-05-08", None, None, "Hangzhou")),
    # Still to come: it will be held, or its organiser will host it (the date after its name is no part of it).
    ("The 2026 Example Device Summit will be held in Shanghai on June 5, 2026.",
     ("2026 Example Device Summit", "2026-06-05", None, None, "Shanghai")),
    ("The agency will host the International Forum on Example Science in Beijing on July 8-9, 2026, it said.",
     ("International Forum on Example Science", "2026-07-08", "2026-07-09", None, "Beijing")),
])
def test_events(sentence, expected):
    event = find_event([sentence], context_year=None)
    assert (event.name, event.date, event.end_date, event.venue, event.city) == expected


@pytest.mark.parametrize("sentence, expected", [
    # The organiser held it: the organiser's name before the event's; the date in brackets after 今天.
    ("新华社消息：省药监局今天（9月12日）下午召开“两品一械”安全宣传周新闻发布会，介绍了有关情况。",
     ("省药监局“两品一械”安全宣传周新闻发布会", "2024-09-12", None, None, None)),
    # Someone spoke at it, held by another: 在 X 举行的 Y 上.
    ("9月3日，省药监局副局长在省政府新闻办举行的医疗器械产业发展新闻发布会上表示，审批提速。",
     ("省政府新闻办医疗器械产业发展新闻发布会", "2024-09-03", None, None, None)),
    ("10月8日，司长在省政府例行吹风会上介绍，今年批准了12个新药。",
     ("省政府例行吹风会", "2024-10-08", None, None, None)),
    # It was held, where and when: a span of days, a city written short, a venue; a quoted name with a colon.
    ("第三届生物医药创新博览会将于11月28日至12月1日在南京举行，筹备工作已经启动。",
     ("第三届生物医药创新博览会", "2024-11-28", "2024-12-01", None, "南京")),
    ("2025年全國醫療器械監督管理工作會議12月20日在京召開。",
     ("2025年全國醫療器械監督管理工作會議", "2025-12-20", None, None, "北京")),
    ("6月5日，“创新与监管：共促产业发展”研讨会在国际会议中心举行。",
     ("“创新与监管：共促产业发展”研讨会", "2024-06-05", None, "国际会议中心", None)),
])
def test_chinese_events(sentence, expected):
    event = find_event([sentence], context_year=2024)
    assert (event.name, event.date, event.end_date, event.venue, event.city) == expected


def test_a_yearless_event_date_after_the_publication_is_not_given_the_publications_year():
    """A January report of a meeting on 12月28日 or "December 28" held it the
    year before, which the text does not state: no date. A meeting still to
    come may be later in the same year."""
    past = find_event(["12月28日，全国药品监督管理工作会议在京召开。"], 2025, published="2025-01-03")
    assert past.name == "全国药品监督管理工作会议" and past.date is None
    english = find_event(["The National Drug Regulation Conference was held in Beijing on December 28."], 2025,
                         published="2025-01-03")
    assert english.date is None
    coming = find_event(["第三届生物医药创新博览会将于3月8日在南京举行。"], 2025, published="2025-01-03")
    assert coming.date == "2025-03-08"
    said = find_event(["The agency will tighten its checks, the agency said Tuesday."], 2025, published="2025-06-03")
    assert (said.name, said.date) == (None, "2025-06-03")  # "said Tuesday" in a Tuesday's report, "on" or not
    said_on = find_event(["The agency will tighten its checks, it said on Tuesday."], 2025, published="2025-06-03")
    assert said_on.date == "2025-06-03"
    taiwan = find_event(["示例署今（3）日公布新制。"], 2025, published="2025-06-03")
    assert taiwan.date == "2025-06-03"
    assert find_event(["示例署昨（2）日公布新制。"], 2025, published="2025-06-03").date == "2025-06-02"
    assert find_event(["示例署今（5）日公布新制。"], 2025, published="2025-06-03") is None  # the dates disagree
    meets = find_event(["The panel will meet on Tuesday to review the drug."], 2025, published="2025-06-03")
    assert meets is None  # a day to come: which Tuesday is not stated
    hosted = find_event(["The agency will host the Example Regulatory Forum in Beijing on July 8, the agency said "
                         "on Tuesday."], 2025, published="2025-06-03")
    assert (hosted.name, hosted.date, hosted.city) == ("Example Regulatory Forum", "2025-07-08", "Beijing")
    stated = find_event(["The 2024 Forum was held on December 28, 2024."], 2025, published="2025-01-03")
    assert stated.date == "2024-12-28"


@pytest.mark.parametrize("lead, published, expected", [
    ("The Director of Health today (March 4) visited the new testing centre.", "2025-03-04", "2025-03-04"),
    ("省药监局昨天（3月3日）发布了新版指南。", "2025-03-04", "2025-03-03"),
    ("The agency announced on February 12, 2024, that the device was approved.", "2025-03-04", "2024-02-12"),
    ("3月2日，省药监局公布了抽检结果。", "2025-03-04", "2025-03-02"),
    # Not the day it happened, or not one the text states in full:
    ("Since January 1, 2024, the rules have applied to every importer.", "2025-03-04", None),
    ("The agency said on Tuesday that it approved ten drugs.", "2025-03-04", "2025-03-04"),  # a Tuesday's report
    ("The agency said on Friday that it approved ten drugs.", "2025-03-04", None),  # which Friday: not stated
    ("The panel will meet on Tuesday to review the draft.", "2025-03-04", None),  # still to come
    ("On September 5, the agency announced recalls.", "2025-03-04", None),
    ("12月30日，省药监局公布了抽检结果。", "2025-03-04", None),  # would be after the publication
    ("The plan, published on June 5, 2026, takes effect in July.", "2025-03-04", None),
])
def test_a_lead_that_says_the_day_what_it_reports_happened(lead, published, expected):
    """Without a named event, the lead sentence's day of what it reports is
    the event's date (no name): the day written after "today" or 今天, a day
    with its year after "on", the publication's day when the lead names its
    weekday, the day a Chinese lead opens with."""
    event = find_event([lead], int(published[:4]), published)
    assert (event.date if event else None) == expected
    assert event is None or event.name is None


def test_a_speech_page_names_its_event_in_the_headline():
    """"Speech by X at the Y Conference": the event is Y, dated by a line that
    is only a date under the headline (not the publication's date: a speech's
    day)."""
    found = _found("Speech by the Commissioner at the National Conference on Example Inspections\n"
                   "(March 12, 2024)\n\n" + PROSE)
    assert found.event == Event(name="National Conference on Example Inspections", date="2024-03-12")
    assert found.date is None
    found = _found("Remarks by the Director at the Example Medical Forum (English only)\n\n" + PROSE)
    assert found.event == Event(name="Example Medical Forum")
    assert _found("Speech by the Director at the opening of a new laboratory\n\n" + PROSE).event is None


def test_no_chinese_event_without_one_held_or_spoken_at():
    assert find_event(["国家药监局今天批准了一个创新医疗器械。"], 2024) is None  # the day not written out
    assert find_event(["他参加了全国人大会议的新闻报道工作，并表示感谢。"], 2024) is None


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


# --- headline traps on real pages (fixtures written for the pattern, not taken from a page) ----

from build_scripts.normalise.outlets import Outlet, Outlets  # noqa: E402

OUTLETS = Outlets.of((
    Outlet("outlet/wire", "Example Wire", ("Example Wire", "示例社"), ("examplewire.com",)),
    Outlet("outlet/daily", "Example Daily", ("Example Daily", "示例日报", "示例日報"), ("exampledaily.com",)),
    Outlet("outlet/agency", "Example Agency", ("Example Agency", "EXA"), ("exa.gov.example",)),
))


def _found(text: str, **meta):
    return normalise_article(_article(text), meta or None, outlets=OUTLETS)


@pytest.mark.parametrize("text, title", [
    # a social widget's label, a breadcrumb, a byline dateline
    (f"people's picks\nHome | Health\n\nThe agency rolls out new rules\n\nBy Jane Roe | exampledaily.com | "
     f"Updated: 2026-06-30 21:44\n\n{PROSE}", "The agency rolls out new rules"),
    # a crawler's date stamped before the page, social buttons, a glued menu, one-word links
    (f" date 2020-04-27 Apple News Facebook Twitter 新浪微博 YouTube Monday, Apr 27, 2020\nSearch\nArchive\n"
     f"HomeNewsBusinessWorldSocietyCultureSportsVideo\nEnglish>>\n\nThe agency tightens export checks\n\n"
     f"(Example Wire)    09:21, April 27, 2020\n\n{PROSE}", "The agency tightens export checks"),
    # an e-paper: the group's list of papers, a dateline, page navigation, then the headline
    (f"示例报业集团旗下媒体: 示例日报 |示例晚报 |示例网 |示例周刊 |示例农报 返回首页\n2026年01月26日 星期一  报料热线:966123\n"
     f"当前版: 004版 上一版 下一版 上一期 下一期\n上一篇    下一篇\n放大 缩小 默认\n先行区缘何吸引海内外患者?\n\n{PROSE}",
     "先行区缘何吸引海内外患者?"),
    # a breadcrumb glued to the headline above the headline itself
    (f"Home The agency announces recalls\n\nThe agency announces recalls\n\nSep 08, 2025 12:15 CST Updated 12:15\n\n{PROSE}",
     "The agency announces recalls"),
    # a speech dated in brackets under its title, under a site header
    (f"Contact EXA\nHome >> What's New\nWhat's New\nSpeech by the Minister at the national conference\n"
     f"(October 10,2017)\n\n{PROSE}", "Speech by the Minister at the national conference"),
    # a line that is only the outlet's name, between the headline and the dateline
    (f"A company announces approval\nExample Wire\nSHANGHAI, China, Feb. 7, 2025\n\n{PROSE}",
     "A company announces approval"),
    # a crawler's date glued to a Chinese headline with exclamation marks inside
    (f" date 2025-11-03 医疗特区｜罕见病患者福音！先行区极速通关救命药械！\n\n{PROSE}", "医疗特区｜罕见病患者福音！先行区极速通关救命药械！"),
])
def test_the_headline_is_never_page_chrome(text, title):
    assert _found(text).title == title


def test_a_chinese_headline_above_the_english_one_is_the_headline():
    found = _found(f"首页 > 新闻中心\n国家药监局发布新规\nThe agency issues new rules\n2025-12-08 09:00\n\n{PROSE}")
    assert (found.title, found.title_en, found.date) == ("国家药监局发布新规", "The agency issues new rules", "2025-12-08")


@pytest.mark.parametrize("text, date, outlet", [
    (f"A headline\n\n(Example Wire)    09:21, April 27, 2020\n\n{PROSE}", "2020-04-27", "Example Wire"),
    (f"A headline\n\nBy Jane Roe | exampledaily.com | Updated: 2026-06-30 21:44\n\n{PROSE}", "2026-06-30", "Example Daily"),
    (f"A headline\n\n2021-07-08 23:08:47 | 来源:示例日报 | 作者:张三\n\n{PROSE}", "2021-07-08", "Example Daily"),
    # A release's dateline with its year dates it; a wire's without a place still names its outlet.
    (f"A headline\n\nSHANGHAI, March 5, 2025 /PRNewswire/ -- {PROSE}", "2025-03-05", "PRNewswire"),
    (f"A headline\n\n(Example Wire) -- {PROSE}", None, "Example Wire"),
    (f"A headline\n\nSource: Example Daily Published: 2025/3/5 10:20:00\n\n{PROSE}", "2025-03-05", "Example Daily"),
    # A Chinese wire's dateline names its outlet (the year is not stated: no date); 本报讯 names none.
    ("示例头条\n\n示例社北京3月5日电（记者张三）国家药监局今年以来共批准创新药63个，审评审批制度改革持续深化。",
     None, "Example Wire"),
    # A source line at the foot with the date on it; bracketed fields on the head's line.
    (f"A headline\n\n{PROSE}\n\n来源：示例日报  2021年07月08日", "2021-07-08", "Example Daily"),
    (f"A headline\n\n【来源：示例日报】【发布时间：2021-07-08】\n\n{PROSE}", "2021-07-08", "Example Daily"),
    # The next label on the source's line ends it, with a single space between them.
    (f"A headline\n\n2021年07月08日 08:12 来源：示例日报客户端 作者：张三\n\n{PROSE}", "2021-07-08", "示例日报客户端"),
    (f"A headline\n\nBEIJING, Dec. 10 (Example Wire) -- {PROSE}", None, "Example Wire"),
    ("标题\n\n示例社 | 某公司公布，其产品获得注册批准，表明其安全性已获认可，公司将加快推进产品上市。\n", None, "Example Wire"),
    (f"A headline\n\n{PROSE}\n\nCopyright © 2015-2024 All Rights Reserved. 版权所有:示例日报", None, "Example Daily"),
])
def test_dates_and_outlets_from_the_places_pages_print_them(text, date, outlet):
    found = _found(text)
    assert (found.date, found.outlet) == (date, outlet)


def test_an_outlet_known_by_another_name_keeps_the_printed_name():
    found = _found(f"A headline\n\n2021-07-08 | 来源:示例日報\n\n{PROSE}")
    assert (found.outlet, found.outlet_printed) == ("Example Daily", "示例日報")


@pytest.mark.parametrize("head, title", [
    ("Regulator clears more new drugs\nBy Jane Roe\nMarch 5, 2025", "Regulator clears more new drugs"),
    ("Regulator clears more new drugs\nJane Roe, Example Daily\nPublished: 10:20am, 5 Mar 2025",
     "Regulator clears more new drugs"),
    ("By the numbers: new drugs in 2024\nMarch 5, 2025", "By the numbers: new drugs in 2024"),
    ("Hong Kong, Macao sign drug pact\nMarch 5, 2025", "Hong Kong, Macao sign drug pact"),
    ("药监局批准创新药\n记者 张三\n2025-03-05", "药监局批准创新药"),
])
def test_a_byline_between_the_headline_and_its_date_is_not_the_headline(head, title):
    found = _found(f"{head}\n\n{PROSE}")
    assert found.title == title and found.date == "2025-03-05"


def test_any_traditional_spelling_of_an_outlet_is_matched():
    """The whole script is folded (OpenCC), not a table of the characters the
    registry's names happened to use: 鳳凰網 is the entry 凤凰网."""
    outlets = Outlets.of((Outlet("outlet/phoenix", "Example Phoenix", ("Example Phoenix", "凤凰网")),))
    assert outlets.resolve("鳳凰網").name == "Example Phoenix"
    found = normalise_article(_article(f"A headline\n\n2021-07-08 | 来源:鳳凰網\n\n{PROSE}"), None, outlets=outlets)
    assert (found.outlet, found.outlet_printed) == ("Example Phoenix", "鳳凰網")


def test_an_unknown_outlet_is_kept_as_printed():
    found = _found(f"A headline\n\n2021-07-08 | 来源:某某网\n\n{PROSE}")
    assert (found.outlet, found.outlet_printed) == ("某某网", None)


def test_a_header_or_footer_outlet_says_where_it_came_from():
    found = _found(f"Contact EXA\nThe agency publishes its annual report\n\n{PROSE}")
    assert found.outlet == "Example Agency" and ("outlet", "page header") in found.found_from


def test_the_text_dateline_wins_over_the_page_metadata_date():
    found = _found(f"A headline\nFeb. 7, 2025\n\n{PROSE}", date="2025-02-08 09:30:51", date_from="front matter")
    assert found.date == "2025-02-07" and found.conflicts == {"date": "2025-02-08"}


def test_a_page_metadata_date_is_used_and_said_so_when_the_text_has_none():
    found = _found(f"A headline\n\n{PROSE}", date="2025-02-08 09:30:51", date_from="front matter")
    assert found.date == "2025-02-08" and ("date", "front matter") in found.found_from


def test_relative_dates_are_never_publication_dates_but_hints():
    found = _found("A headline\n\nThe National Medical Products Administration said on Tuesday that it approved "
                   "63 innovative drugs from January to October, the agency said in a statement.")
    assert found.date is None and found.date_hint == "on Tuesday"


def test_a_source_without_a_headline_takes_its_lead_cut_at_a_clause():
    long_lead = ("9月2日，省药监局发布年度医疗器械检查报告，报告显示全年完成检查的生产企业数量明显增加，"
                 "发现问题整改率稳步提高，飞行检查覆盖面进一步扩大。以下为全文：")
    found = _found(long_lead + "\n2024年，检查中心持续完善检查制度，坚持依法依规、公正透明检查，切实保障公众用械安全。")
    assert ("title", "lead") in found.found_from
    assert found.title == "9月2日，省药监局发布年度医疗器械检查报告，报告显示全年完成检查的生产企业数量明显增加，发现问题整改率稳步提高，飞行检查覆盖面进一步扩大"


def test_a_chinese_papers_kicker_above_the_headline_is_not_the_headline():
    """An e-paper page: the date line, a kicker (引题: a statement with a number), then the headline."""
    body = "近年来，园区不断完善配套政策，引进的创新医疗器械企业数量持续增长，吸引了大量研发团队前来落户。"
    found = normalise_article(_article(
        f"2026年03月02日 星期一\n2025年,园区新增医疗器械企业超过120家,同比增长四成\n园区凭什么留住研发团队?\n{body}\n"))
    assert found.title == "园区凭什么留住研发团队?" and found.date == "2026-03-02"
    # A headline with its subtitle (副题, a dash) below: the headline stays.
    found = normalise_article(_article(f"2026年03月02日 星期一\n园区2025年新增医疗器械企业创新高\n——来自园区的报道\n{body}\n"))
    assert found.title == "园区2025年新增医疗器械企业创新高"


def test_a_government_release_signed_with_its_date_at_the_foot():
    found = _found(f"Example panel discusses drug approvals\n\n{PROSE}\n\n{PROSE}\n\n"
                   "Ends/Tuesday, March 4, 2025\nIssued at HKT 17:45\nNNNN")
    assert found.date == "2025-03-04" and ("date", "signature") in found.found_from


@pytest.mark.parametrize("foot", [
    "完\n2025年3月4日（星期二）\n香港時間17時45分",   # a government release in Chinese: its weekday in brackets
    "示例省药品监督管理局\n二〇二五年三月四日",            # an official document signed in Chinese numerals
])
def test_a_chinese_release_or_notice_signed_with_its_date(foot):
    found = _found(f"示例局公布新药审批数字\n\n{PROSE}\n\n{PROSE}\n\n{foot}")
    assert found.date == "2025-03-04" and ("date", "signature") in found.found_from


def test_a_date_in_the_last_sentence_of_the_text_is_no_signature():
    found = _found(f"Example panel discusses drug approvals\n\n{PROSE}\n\n{PROSE}\n\n"
                   "The rules take effect on March 4, 2026.\n\nContact us")
    assert found.date is None


@pytest.mark.parametrize("head, title", [
    # headline, standfirst, date: the first line
    ("Example city to fast-track approval of new drugs\nHealth chief says 50 drugs have applied under the scheme\n"
     "Published: 9:00pm, 4 Mar 2025", "Example city to fast-track approval of new drugs"),
    # a release's headline, its subhead, its credit ("News provided by" over the company)
    ("Example Bio Announces Approval of Examplumab in China\nFirst Biologic Approved for Example Disease in "
     "Adolescents\nNews provided by\nExample Bio Co., Ltd.\nMar 04, 2025, 08:00 ET",
     "Example Bio Announces Approval of Examplumab in China"),
    # a menu above the headline is no headline; a breadcrumb that repeats it neither
    ("Home News World Business Health\nRegulator clears more new drugs this year\nMarch 4, 2025",
     "Regulator clears more new drugs this year"),
    ("Home > Regulator clears more new drugs this year\nRegulator clears more new drugs this year\n"
     "March 4, 2025", "Regulator clears more new drugs this year"),
    # a byline's name and job title, an outlet's name, between the headline and its date
    ("Regulator clears a wave of new cancer drugs\nJane Roe\nSenior Editor\nMarch 4, 2025 08:30 AM EST",
     "Regulator clears a wave of new cancer drugs"),
    ("衞生署：去年批准逾百款新藥\nExample News\n2025-03-04 HKT 18:32", "衞生署：去年批准逾百款新藥"),
    ("药监局发布年度审评报告\n示例日报记者 张小明 北京报道\n2025-03-04 18:32", "药监局发布年度审评报告"),
    ("新藥審查再提速 示例署推優先審查\n記者張小明／台北報導\n2025年3月4日 週二 下午4:30",
     "新藥審查再提速 示例署推優先審查"),
    # a short headline right above its date stays the headline
    ("Home News Health\nDrug approvals surge\nMarch 4, 2025", "Drug approvals surge"),
])
def test_the_headline_over_a_standfirst_or_a_credit(head, title):
    found = _found(f"{head}\n\n{PROSE}")
    assert found.title == title and found.date == "2025-03-04"


def test_a_reporters_byline_line_names_the_outlet():
    found = _found("药监局发布年度审评报告\n示例日报记者 张小明 北京报道\n2025-03-04 18:32\n\n"
                   "国家药监局3月4日发布年度审评报告，报告显示审评效率持续提升，全年共批准创新药四十余个。")
    assert found.outlet == "Example Daily"


def test_a_web_pages_title_over_its_text_loses_the_sites_name():
    """The HTML reader puts the page's <title> over its text; the site's name after it is not the headline's."""
    title = "Regulator approves first gene therapy for a rare disease | Example Pharma News"
    found = _found(f"{title}\n\n{PROSE}", title=title, outlet="Example Pharma News", date="2025-03-04")
    assert found.title == "Regulator approves first gene therapy for a rare disease"
