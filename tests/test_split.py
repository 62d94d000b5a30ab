from build_scripts.model import Document
from build_scripts.split import split_document


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
