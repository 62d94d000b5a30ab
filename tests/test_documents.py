"""PDF and Word sources (issue 31): text in reading order, compatibility
forms folded, tables kept as rows, a notice's number and signed date, and a
clear error for what cannot be read (no text layer, encrypted, damaged)."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace

import pytest

from build_scripts.normalise.article import document_number_of
from build_scripts.per_source import process_source
from build_scripts.pipeline import build
from build_scripts.read.formats import ReadError, folded, read_document
from build_scripts.render.urls import raw_path
from build_scripts.write import write_pages

from .conftest import ROOT, make_project
from .pdf_fixture import pdf_bytes, ruled_table

TITLE = "国家药监局关于发布体外诊断试剂临床试验指导原则的通告"
NUMBER = "国药监械注〔2026〕7号"
# The paragraph runs over two lines of the page; the first line reaches the right edge of the text.
LINE_1 = "为规范体外诊断试剂临床试验工作，国家药品监督管理局组织修订了"
LINE_2 = "《体外诊断试剂临床试验技术指导原则》，现予发布。"


def notice_pdf(**kwargs) -> bytes:
    first = [(72, 690, LINE_1), (72, 670, LINE_2), (72, 760, TITLE), (220, 730, NUMBER),  # drawn out of order
             (290, 40, "- 1 -")]
    second = [(72, 760, "特此通告。"), (400, 700, "国家药监局"), (400, 680, "2026年1月9日"), (290, 40, "- 2 -")]
    return pdf_bytes([first, second], **kwargs)


def test_a_pdf_is_read_in_reading_order_with_its_paragraphs_joined_and_page_numbers_dropped():
    document = read_document("n.pdf", ".pdf", notice_pdf())
    lines = [line for line in document.lines if line]
    assert lines == [TITLE, NUMBER, LINE_1 + LINE_2, "特此通告。", "国家药监局", "2026年1月9日"]
    assert document.format == "pdf" and document.encoding == "PDF text layer"


def test_compatibility_forms_from_a_pdf_are_folded_and_chinese_punctuation_kept():
    # The maker wrote the Kangxi radical ⽴ (U+2F74) for 立 and the radical ⻢ for 马.
    document = read_document("n.pdf", ".pdf", pdf_bytes([[(72, 760, "建立马上审评，（２０２６）ﬁnal")]],
                                                        to_unicode={"立": "\u2f74", "马": "\u2ee2"}))
    assert document.lines[0] == "建立马上审评，（2026）final"
    assert folded("\u2f74\uff21\uff4e") == "立An" and folded("，（）：") == "，（）："


def test_a_pdf_table_keeps_its_rows_and_cells():
    cells, grid = ruled_table([("产品名称", "注册人", "注册证号"), ("冠脉支架", "甲医疗", "国械注准20263130001"),
                               ("血糖仪", "乙生物", "国械注准20262070002")], top=758)
    runs = [(72, 790, "附件：批准产品目录"), *cells, (72, 600, "以上产品予以批准。")]
    document = read_document("t.pdf", ".pdf", pdf_bytes([runs], lines=[grid]))
    lines = [line for line in document.lines if line]
    assert lines == ["附件：批准产品目录", "产品名称 | 注册人 | 注册证号", "冠脉支架 | 甲医疗 | 国械注准20263130001",
                     "血糖仪 | 乙生物 | 国械注准20262070002", "以上产品予以批准。"]


@pytest.mark.parametrize("data, reason", [
    (pdf_bytes([[], []]), "the PDF has no text layer (a scan?): OCR is not supported"),
    (notice_pdf(encrypted=True), "the PDF is encrypted"),
    (notice_pdf()[:400], "the PDF cannot be read"),
    (b"<html>not a pdf</html>", "not a PDF file"),
])
def test_a_pdf_that_cannot_be_read_says_why(data, reason):
    with pytest.raises(ReadError) as caught:
        read_document("x.pdf", ".pdf", data)
    assert caught.value.message.startswith(reason)


def _project(tmp_path, files):
    config = make_project(tmp_path, files)
    shutil.copytree(ROOT / "registry", tmp_path / "registry", dirs_exist_ok=True)
    return replace(config, today="2026-12-01")


def test_a_notice_in_a_pdf_becomes_a_briefing_with_its_number_signed_date_and_issuer(tmp_path):
    config = _project(tmp_path, {"sources/notice.pdf": notice_pdf(), "sources/scan.pdf": pdf_bytes([[]]),
                                 "sources/note.txt": "Plain note\n\nThe NMPA said on 2026-01-02 it would act.\n"})
    result = build(config)
    [briefing] = [b for b in result.briefings if b.source == "notice.pdf"]
    assert (briefing.title, briefing.document_number, briefing.date) == (TITLE, NUMBER, "2026-01-09")
    assert briefing.outlet == "National Medical Products Administration" and briefing.outlet_original == "国家药监局"
    assert ("date", "signature") in briefing.found_from
    # The scan is refused with its reason; the other sources are built.
    assert any(str(p).startswith("sources/scan.pdf: error: the PDF has no text layer") for p in result.problems)
    assert {b.source for b in result.briefings} == {"notice.pdf", "note.txt"}
    write_pages(result.pages, config.docs_dir, config.root, result.page_sources, result.failed_sources)
    page = (config.docs_dir / "briefings" / f"{briefing.slug}.md").read_text("utf-8")
    assert f"document_number: {NUMBER}" in page and f"**Document number:** {NUMBER}" in page
    assert "the date under the signature" in page
    # The PDF itself is published beside the briefing, as it is.
    assert raw_path("notice.pdf") == "raw/notice.pdf"
    assert (config.docs_dir / "raw" / "notice.pdf").read_bytes() == notice_pdf()


def test_a_sidecar_can_set_or_clear_the_document_number(tmp_path):
    config = _project(tmp_path, {"sources/notice.pdf": notice_pdf(),
                                 "sources/notice.meta.yml": "document_number: null\n"})
    outcome = process_source(config.sources_dir / "notice.pdf", config)
    assert outcome.briefings[0].document_number is None and "document_number" in outcome.briefings[0].curated


@pytest.mark.parametrize("line, number", [
    ("国药监械注〔2026〕7号", "国药监械注〔2026〕7号"),
    ("（2026年第12号）", "2026年第12号"),
    ("药监综药注函[2025]301号", "药监综药注函[2025]301号"),
    ("NMPA Announcement No. 12 [2026]", "No. 12 [2026]"),
    # A number the text cites is another document's, not this one's.
    ("根据《关于深化审评审批制度改革鼓励药品医疗器械创新的意见》（厅字〔2017〕42号）的要求，现予发布。", None),
    ("2026年1月9日", None),
])
def test_a_document_number_is_a_line_of_its_own(line, number):
    assert document_number_of(line) == number


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于公布第一批药品上市许可持有人名单的通知")
    document.add_paragraph("国药监药管〔2026〕3号")
    document.add_paragraph("各省、自治区、直辖市药品监督管理局：现将名单公布如下。")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("企业", "品种"), ("甲制药", "注射液")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("国家药监局综合司")
    document.add_paragraph("2026年2月3日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_is_read_with_its_tables_in_place(tmp_path):
    lines = [line for line in read_document("n.docx", ".docx", docx_bytes()).lines if line]
    assert lines == ["关于公布第一批药品上市许可持有人名单的通知", "国药监药管〔2026〕3号",
                     "各省、自治区、直辖市药品监督管理局：现将名单公布如下。", "企业 | 品种", "甲制药 | 注射液",
                     "国家药监局综合司", "2026年2月3日"]
    config = _project(tmp_path, {"sources/list.docx": docx_bytes()})
    [briefing] = process_source(config.sources_dir / "list.docx", config).briefings
    assert (briefing.document_number, briefing.date) == ("国药监药管〔2026〕3号", "2026-02-03")


@pytest.mark.parametrize("data, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "an old Word .doc or an encrypted document"),
    (b"PK\x03\x04broken", "the Word file cannot be read"),
])
def test_a_word_file_that_cannot_be_read_says_why(data, reason):
    with pytest.raises(ReadError) as caught:
        read_document("x.docx", ".docx", data)
    assert caught.value.message.startswith(reason)


WECHAT_PAGE = """<!DOCTYPE html><html><head><meta property="og:title" content="ignored"><title></title>
<script>var nickname = htmlDecode("药械观察");
var msg_title = '国家药监局发布医疗器械注册新规';
var ct = "1767234600";</script></head>
<body><div class="rich_media_area_primary"><h1 id="activity-name"> 国家药监局发布医疗器械注册新规 </h1>
<a id="js_name">药械观察</a><span id="js_author_name">李明</span><em id="publish_time"></em>
<div id="js_content" style="visibility: hidden;">
<p>国家药品监督管理局近日发布新修订的医疗器械注册管理规定，进一步优化创新医疗器械审评流程，明确了临床评价要求。</p>
<p>新规自2026年3月1日起施行，对已受理的注册申请设置过渡期，企业可按原要求继续开展相关工作。</p>
<p><img src="qr.png"><span class="qr_code_pc">长按二维码关注我们</span></p>
<script>alert("x")</script></div>
<div id="js_read_more">阅读原文</div></div></body></html>"""


def test_a_saved_wechat_article_gives_its_body_account_headline_and_publish_time():
    document = read_document("w.html", ".html", WECHAT_PAGE.encode("utf-8"))
    text = "\n".join(document.lines)
    assert document.lines[0] == "国家药监局发布医疗器械注册新规"
    assert "进一步优化创新医疗器械审评流程" in text and "新规自2026年3月1日起施行" in text
    assert "二维码" not in text and "阅读原文" not in text and "alert" not in text
    # 1767234600 is 2026-01-01 10:30 in China (02:30 UTC).
    assert document.found_meta["date"] == "2026-01-01 10:30" and document.found_meta["outlet"] == "药械观察"
    assert document.found_meta["author"] == "李明"


def test_a_page_that_is_not_a_wechat_article_is_read_as_before():
    from build_scripts.read.formats import wechat_article

    assert wechat_article("<html><body><div id='content'><p>Text.</p></div></body></html>") is None


def test_a_wechat_article_briefing_names_its_account_author_and_time(tmp_path):
    config = _project(tmp_path, {"sources/wechat.html": WECHAT_PAGE})
    [briefing] = process_source(config.sources_dir / "wechat.html", config).briefings
    assert (briefing.title, briefing.date, briefing.outlet, briefing.author) == (
        "国家药监局发布医疗器械注册新规", "2026-01-01", "药械观察", "李明")
    assert ("date", "WeChat page data") in briefing.found_from


def test_a_pdf_running_header_and_footer_are_dropped_but_the_first_page_keeps_its_title():
    header, footer = "医疗器械临床评价技术指导原则", "国家药品监督管理局医疗器械技术审评中心"
    pages = [[(72, 780, header), (72, 740, f"第{n}部分：适用范围与基本要求的说明。"), (72, 60, footer)] for n in (1, 2, 3)]
    lines = [line for line in read_document("g.pdf", ".pdf", pdf_bytes(pages)).lines if line]
    assert lines == [header, "第1部分：适用范围与基本要求的说明。", "第2部分：适用范围与基本要求的说明。",
                     "第3部分：适用范围与基本要求的说明。"]


def test_a_table_becomes_a_markdown_table_and_the_signature_stays_one_block(tmp_path):
    cells, grid = ruled_table([("产品名称", "注册人", "注册证号"), ("冠脉支架", "甲|医疗", "国械注准20263130001"),
                               ("血糖仪", "乙生物", "国械注准20262070002")], top=718)
    runs = [(72, 790, "关于批准注册医疗器械产品的公告"), (72, 770, "（2026年第3号）"),
            (72, 750, "国家药品监督管理局批准了以下创新医疗器械产品注册，现予公告。"), *cells,
            (400, 560, "国家药监局"), (400, 540, "2026年1月9日")]
    config = _project(tmp_path, {"sources/t.pdf": pdf_bytes([runs], lines=[grid])})
    [briefing] = process_source(config.sources_dir / "t.pdf", config).briefings
    assert briefing.document_number == "2026年第3号" and briefing.date == "2026-01-09"
    kinds = [(block.kind, block.items or block.text) for block in briefing.body]
    assert kinds == [("paragraph", "国家药品监督管理局批准了以下创新医疗器械产品注册，现予公告。"),
                     ("table", ("产品名称 | 注册人 | 注册证号", "冠脉支架 | 甲|医疗 | 国械注准20263130001",
                                "血糖仪 | 乙生物 | 国械注准20262070002")),
                     ("lines", ("国家药监局", "2026年1月9日"))]
    from build_scripts.render.briefing import render_briefing

    page = render_briefing(briefing)
    assert ("| 产品名称 | 注册人 | 注册证号 |\n|---|---|---|\n| 冠脉支架 | 甲\\|医疗 | 国械注准20263130001 |\n"
            "| 血糖仪 | 乙生物 | 国械注准20262070002 |") in page
    assert "国家药监局  \n2026年1月9日" in page and "#### 2026年第3号" not in page


def test_a_caption_of_name_and_role_is_not_a_table():
    from build_scripts.normalise.article import cut_blocks

    [block] = cut_blocks([(1, "Zhang Wei | Director"), (2, "Li Na | Deputy director")])
    assert block.kind == "lines"


def test_full_width_digits_in_a_text_source_are_folded_so_its_date_is_found(tmp_path):
    config = _project(tmp_path, {"sources/n.txt": "国家药监局发布新规\n２０２６年３月１２日　来源：新华社\n"
                                                   "国家药品监督管理局发布关于优化创新药临床试验审评审批的若干措施，进一步提升审评效率。\n"})
    [briefing] = process_source(config.sources_dir / "n.txt", config).briefings
    assert briefing.date == "2026-03-12"


def test_an_english_pdf_paragraph_is_joined_and_a_word_broken_at_a_line_end_mended():
    first = "The National Medical Products Administration on Monday issued new regu-"  # a full line
    second = "lations on clinical trials of devices, effective in June."
    lines = [line for line in read_document("e.pdf", ".pdf", pdf_bytes([[(72, 760, first), (72, 740, second)]])).lines
             if line]
    assert lines == ["The National Medical Products Administration on Monday issued new regulations on clinical "
                     "trials of devices, effective in June."]
