from __future__ import annotations

import pytest

from build_scripts.read.formats import ReadError, decode_bytes, read_document

ZH = "国家药品监督管理局发布创新药审评审批改革措施，支持临床试验和医疗器械创新发展。\nNMPA approved 63 innovative drugs.\n"
ZH_TRADITIONAL = "國家藥品監督管理局發布創新藥審評審批改革措施，支持臨床試驗和醫療器械創新發展。\n"


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8 (BOM)"),
    ("utf-16", "utf-16-le (BOM)"),
    ("utf-32", "utf-32-le (BOM)"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_decodes_simplified_chinese(codec, expected):
    text, encoding = decode_bytes(ZH.encode(codec))
    assert text == ZH
    assert encoding == expected


def test_decodes_utf16_big_endian_with_bom():
    data = b"\xfe\xff" + ZH.encode("utf-16-be")
    assert decode_bytes(data) == (ZH, "utf-16-be (BOM)")


def test_decodes_big5_without_declaration():
    text, encoding = decode_bytes(ZH_TRADITIONAL.encode("big5"))
    assert text == ZH_TRADITIONAL
    assert encoding == "big5hkscs"


def test_decodes_utf16_without_bom_from_its_nul_pattern():
    text = "NMPA approves innovative drugs\n药监局\n"
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16-be")


@pytest.mark.parametrize("data", [b"one\r\ntwo\r\n", b"one\rtwo\r", b"one\ntwo\r\n"])
def test_normalises_line_endings(data):
    assert decode_bytes(data)[0] == "one\ntwo\n"


@pytest.mark.parametrize("data, message", [
    (b"", "the file is empty"),
    (b"  \n\t\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "the file looks binary"),
])
def test_refuses_empty_and_binary(data, message):
    with pytest.raises(ReadError) as info:
        decode_bytes(data)
    assert info.value.message.startswith(message)


def test_unknown_extension_names_the_known_ones():
    with pytest.raises(ReadError) as info:
        read_document("sources/x.doc", ".doc", b"text")
    assert info.value.message == ("unknown file type '.doc'; sources must be one of "
                                  ".docx, .htm, .html, .markdown, .md, .pdf, .txt")


def test_markdown_front_matter_is_split_off_with_line_numbers():
    data = b"---\ntitle: Given\ndate: 2025-01-02\n---\nHeadline\n\nBody text.\n"
    document = read_document("sources/a.md", ".md", data)
    assert document.front_matter == "title: Given\ndate: 2025-01-02\n"
    assert document.lines[0] == "Headline"
    assert document.first_line == 5


def test_sha256_is_of_the_bytes():
    document = read_document("sources/a.txt", ".txt", b"Title\n\nBody.\n")
    assert document.sha256 == "b652c7755cf5787e5d297aee464ca6984f9c7c3126de9f484fdc87a63500b6b0"


HTML = """<!doctype html><html><head><title>NMPA approves 63 innovative drugs | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-11-03T08:00:00+08:00">
<script>window.bad = 1;</script><style>body{color:red}</style></head>
<body><nav><a href="/">Home</a> &gt; <a href="/news">News</a></nav>
<article><h1>NMPA approves 63 innovative drugs</h1>
<p>The National Medical Products Administration approved 63 innovative drugs from January to October 2025, the agency said on Monday in Beijing.</p>
<p>It also approved 63 innovative medical devices in the same period, as reforms of the review and approval system continued.</p>
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def test_html_keeps_the_article_and_drops_scripts_and_navigation():
    document = read_document("sources/a.html", ".html", HTML.encode())
    text = "\n".join(document.lines)
    assert "approved 63 innovative drugs from January to October 2025" in text
    assert "window.bad" not in text and "color:red" not in text
    assert "Copyright" not in text
    assert document.found_meta["outlet"] == "Example News"
    assert document.found_meta["date"] == "2025-11-03"


def test_html_without_article_text_is_an_error():
    with pytest.raises(ReadError) as info:
        read_document("sources/a.html", ".html", b"<html><body><script>x()</script></body></html>")
    assert "no article text found" in info.value.message


# --- what a saved page says of itself -------------------------------------------------------

import pytest  # noqa: E402


_PARAGRAPH = ("<p>The National Medical Products Administration approved a new drug for a rare disease on Monday, "
              "the company said in a statement, adding that it would launch the drug this year in China.</p>") * 3


@pytest.mark.parametrize("head, body, date, outlet", [
    ('<meta property="article:published_time" content="2025-03-10T09:00:00+08:00">'
     '<meta property="og:site_name" content="Example Daily">', "", "2025-03-10", "Example Daily"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-11T09:00:00+08:00"}'
     '</script>', "", "2025-03-11", None),
    ("", '<time datetime="2025-03-12">March 12</time>', "2025-03-12", None),
])
def test_a_saved_page_metadata_date_and_site_name(head, body, date, outlet):
    html = (f"<html><head><title>Regulator approves rare-disease drug | Example</title>{head}</head><body><article>"
            f"<h1>Regulator approves rare-disease drug</h1>{body}{_PARAGRAPH}</article></body></html>")
    document = read_document("a.html", ".html", html.encode())
    assert (document.found_meta.get("date"), document.found_meta.get("outlet")) == (date, outlet)
    assert document.lines[0] == "Regulator approves rare-disease drug"


def test_a_page_of_links_keeps_its_headlines_for_the_split_stage():
    items = "".join(f'<li><a href="/news/2021/03/{n:02d}/{n}00001.html">Headline number {n} of the day\'s news</a></li>'
                    for n in range(1, 13))
    document = read_document("list.html", ".html", f"<html><body><ul>{items}</ul></body></html>".encode())
    assert len(document.found_meta["links"]) == 12
    assert document.found_meta["links"][0] == ("Headline number 1 of the day's news", "/news/2021/03/01/100001.html")
