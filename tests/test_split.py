import pytest

from build_scripts.model import Document
from build_scripts.normalise.split import split_document


def _document(text: str) -> Document:
    return Document(path="sources/d.txt", format="txt", encoding="utf-8", sha256="0" * 64,
                    lines=tuple(text.split("\n")))


DIGEST = """Workflow
icon
Search documents
第一条新闻
Xin Hua She· 2025-12-23 02:49
Core Viewpoint - First item body.
Second headline
Nan Fang Du Shi Bao• 2025-12-11 14:12
Second body line one.
Second body line two."""


def test_digest_items_become_articles_with_their_headers():
    articles, problems = split_document(_document(DIGEST))
    assert problems == []
    assert [(a.part, a.parts) for a in articles] == [(1, 2), (2, 2)]
    assert articles[0].header == {"title": "第一条新闻", "outlet": "Xin Hua She",
                                  "date": "2025-12-23", "time": "02:49"}
    assert articles[0].lines == ("Core Viewpoint - First item body.",)
    assert articles[0].first_line == 6
    assert articles[1].header["outlet"] == "Nan Fang Du Shi Bao"
    assert articles[1].lines == ("Second body line one.", "Second body line two.")
    assert articles[1].first_line == 9


def test_a_plain_article_is_one_article():
    articles, _ = split_document(_document("Headline\n2025-03-10 09:16\nBody."))
    assert len(articles) == 1 and articles[0].header == {}


def test_split_can_be_switched_off():
    articles, _ = split_document(_document(DIGEST), allow_split=False)
    assert len(articles) == 1


def test_long_text_before_the_first_item_is_reported():
    text = ("An introduction that is really an article. " * 10) + "\n" + DIGEST
    articles, problems = split_document(_document(text))
    assert len(articles) == 2
    assert [p.message[:40] for p in problems] == ["dropped 4 lines before the first digest "]


# --- Markdown digests with a heading per item, and list pages -------------------------------

from build_scripts.normalise.split import list_page_problem, on_beat  # noqa: E402

MARKDOWN_DIGEST = """# Evening news (20250705)

## Summary

1. Leaders meet trade delegation;
2. Regulator reports on drug safety;

## Items

### Leaders meet trade delegation

<p><strong>Example TV消息</strong>（Evening news）：The leaders met a trade delegation today.</p>

### Regulator reports on drug safety

<p>The drug regulator said today (July 5) that the drug sampling pass rate rose to 99.4%.</p>

### Flash round-up

<p><strong>Example TV消息</strong>：</p><p><strong>Railway line opens</strong></p><p>A new railway line opened.</p><p><strong>First invasive brain-computer interface medical device approved</strong></p><p>The regulator approved the device today.</p>

### Weather

<p>Snow is expected in the north.</p>
"""


def test_a_markdown_digest_is_split_by_heading_and_off_beat_items_are_skipped():
    document = Document(path="sources/d.md", format="md", encoding="utf-8", sha256="0" * 64,
                        lines=tuple(MARKDOWN_DIGEST.split("\n")))
    articles, problems = split_document(document)
    assert [a.header["title"] for a in articles] == [
        "Regulator reports on drug safety", "First invasive brain-computer interface medical device approved"]
    assert {a.header["date"] for a in articles} == {"2025-07-05"}
    assert articles[1].header["outlet"] == "Example TV"  # the round-up's credit
    assert articles[0].lines[0] == ""
    assert "99.4%" in articles[0].lines[1]
    assert document.lines[articles[1].first_line - 1].count("<strong>") == 3  # the sub-item's own line
    [skipped] = problems
    assert skipped.severity == "warning" and skipped.message.startswith("skipped 3 of 5 digest items as off the beat")
    assert "'Weather'" in skipped.message


def test_split_false_keeps_a_markdown_digest_whole():
    document = Document(path="sources/d.md", format="md", encoding="utf-8", sha256="0" * 64,
                        lines=tuple(MARKDOWN_DIGEST.split("\n")))
    articles, problems = split_document(document, allow_split=False)
    assert len(articles) == 1 and problems == []


def test_a_markdown_article_with_a_few_sections_is_not_a_digest():
    text = "# A headline\n\nThe regulator approved a drug.\n\n### Background\n\nMore text.\n\n### Reaction\n\nMore."
    document = Document(path="sources/a.md", format="md", encoding="utf-8", sha256="0" * 64, lines=tuple(text.split("\n")))
    articles, _ = split_document(document)
    assert len(articles) == 1


def test_a_list_page_is_refused_with_its_headlines_on_the_beat():
    links = tuple((f"Headline number {n} about the weather and traffic today", f"/news/2021/03/{n:02d}/{n}.html")
                  for n in range(1, 12))
    links += (("Regulator approves a new vaccine for older people", "/news/2021/03/01/99.html"),)
    document = Document(path="sources/list.html", format="html", encoding="utf-8", sha256="0" * 64,
                        lines=("Latest news", "", "A short line."), found_meta={"links": links})
    articles, problems = split_document(document)
    assert articles == []
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].message.startswith("a list of 12 headlines, not an article: add the articles it links to")
    assert "'Regulator approves a new vaccine for older people' (/news/2021/03/01/99.html)" in problems[0].message
    assert "weather" not in problems[0].message


def test_an_article_page_with_a_sidebar_of_links_is_not_a_list():
    links = tuple((f"Sidebar headline number {n} about something", f"/news/2017/11/{n}.html") for n in range(12))
    body = tuple(["An article headline", ""] + ["A long paragraph of the article's own text, " * 8] * 4)
    document = Document(path="sources/a.html", format="html", encoding="utf-8", sha256="0" * 64,
                        lines=body, found_meta={"links": links})
    assert list_page_problem(document) is None


@pytest.mark.parametrize("text, expected", [
    ("国家药监局批准创新药上市", True), ("國家藥監局批准醫療器械", True), ("Regulator approves cosmetics rules", True),
    ("全国气象预报数据已更新", False), ("冷空气东移南下", False), ("Leaders meet trade delegation", False),
])
def test_the_beat(text, expected):
    assert on_beat(text) is expected


def test_a_passing_word_of_the_beat_in_a_long_item_does_not_put_it_on_the_beat():
    assert not on_beat("领导人看望政协委员", "在看望文艺界、医药卫生界代表时强调团结奋斗。")
    assert on_beat("国务院常务会议", "会议研究深化药品审评审批改革，部署医疗器械监管工作。")


# --- plain digests: items under a digest's title ----------------------------------------------

TEXT_DIGEST = """Example Regulatory Roundup: Week of March 3, 2025

Example Health Weekly | March 7, 2025

1. Regulator approves first domestic gene therapy

The agency approved a gene therapy for a rare bleeding disorder, the first such drug made at home.

2. Insurer opens a new round of volume-based procurement

The health insurer said it would start a new round covering about 60 drugs, and that generic drugs would be checked.

3. City marathon draws record crowd

More than 30,000 runners took part in the race on Sunday.
"""


def test_a_plain_digest_is_cut_into_its_items_sharing_its_date_and_outlet():
    articles, problems = split_document(_document(TEXT_DIGEST))
    assert [a.header for a in articles] == [
        {"title": "Regulator approves first domestic gene therapy", "date": "2025-03-07",
         "outlet": "Example Health Weekly"},
        {"title": "Insurer opens a new round of volume-based procurement", "date": "2025-03-07",
         "outlet": "Example Health Weekly"},
    ]
    assert articles[0].lines[1].startswith("The agency approved") and articles[0].first_line == 6
    assert [p.message[:28] for p in problems] == ["skipped 1 of 3 digest items "]


def test_a_chinese_digest_with_bracketed_headlines():
    text = ("医药政策周报（第10期）\n2025-03-07\n【药监局批准首个国产基因疗法】\n药监局批准了一款基因治疗药物上市。\n"
            "【医保局启动新一轮药品集采】\n将开展新一轮药品集中带量采购。\n【示例市新增二十款进口器械】\n先行区新增一批进口医疗器械。\n")
    articles, _ = split_document(_document(text))
    assert [(a.header["title"], a.header["date"]) for a in articles] == [
        ("药监局批准首个国产基因疗法", "2025-03-07"), ("医保局启动新一轮药品集采", "2025-03-07"),
        ("示例市新增二十款进口器械", "2025-03-07")]


@pytest.mark.parametrize("text", [
    # a notice's numbered points: no digest's title
    "Opinions on reforming drug review\n\n1. Improve the review system\n\nText.\n\n2. Strengthen supervision\n\n"
    "Text.\n\n3. Support innovation\n\nText.\n",
    # a digest's title, but items out of order, or without text
    "Weekly roundup\n\n1. A drug is approved\n\nText on drugs.\n\n3. A device is approved\n\nText.\n\n"
    "2. Another drug\n\nText.\n",
    "Weekly roundup\n\n1. A drug is approved\n2. A device is approved\n3. Another drug\n",
])
def test_no_plain_digest_without_its_shape(text):
    articles, _ = split_document(_document(text))
    assert len(articles) == 1 and articles[0].header == {}


def test_a_plain_digest_names_a_known_outlet_under_its_title():
    from build_scripts.normalise.outlets import Outlet, Outlets
    outlets = Outlets.of((Outlet("outlet/wire", "Example Wire", ("Example Wire", "EXW"), ()),))
    text = TEXT_DIGEST.replace("Example Health Weekly | March 7, 2025", "EXW | March 7, 2025")
    articles, _ = split_document(_document(text), outlets=outlets)
    assert {a.header.get("outlet") for a in articles} == {"EXW"}  # as printed; normalise names it
