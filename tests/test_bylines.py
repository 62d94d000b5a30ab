"""Datelines, outlet cues and the outlet list: one short fixture per form."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.normalise.bylines import (footer_outlet, lead_outlet, parse_dateline, relative_date_hint,
                                             wire_dateline)
from build_scripts.normalise.outlets import Outlet, Outlets
from build_scripts.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent

OUTLETS = Outlets.of((
    Outlet("outlet/xinhua", "Xinhua News Agency", ("Xinhua News Agency", "新华社", "新華社", "Xinhua"), ("news.cn",)),
    Outlet("outlet/daily", "Example Daily", ("Example Daily", "示例日报"), ("exampledaily.com",)),
    Outlet("outlet/wire", "Example Wire", ("Example Wire", "示例财讯"), ()),
))


@pytest.mark.parametrize("line, date, time", [
    ("3 June 2015", "2015-06-03", None),
    ("10:12, May 7, 2021", "2021-05-07", "10:12"),
    ("Oct. 16, 2024", "2024-10-16", None),
    ("October 10,2024", "2024-10-10", None),
    ("2025-12-08 21:46", "2025-12-08", "21:46"),
    ("2025/12/08", "2025-12-08", None),
    ("2025年12月8日", "2025-12-08", None),
    ("2025年12月8日 21:46", "2025-12-08", "21:46"),
    ("2025年12月08日 星期一  报料热线:12345678", "2025-12-08", None),
    ("Updated: 2024-09-13 10:05", "2024-09-13", "10:05"),
    ("发布时间：2025-12-08  来源：示例日报  发布单位：某某园区", "2025-12-08", None),
    ("Sep 08, 2025 12:15 CST Updated 12:15", "2025-09-08", "12:15"),
    ("Monday, Apr 27, 2020", "2020-04-27", None),
    ("浏览：2169次  日期：2025-2-28", "2025-02-28", None),
    # a time zone spelt out, a glued "GMT+8", how long ago; a time past noon
    ("March 04, 2025 07:00 AM Eastern Standard Time", "2025-03-04", "07:00"),
    ("March 4, 20253:41 PM GMT+8Updated 2 hours ago", "2025-03-04", "15:41"),
    ("Published: 9:00pm, 4 Mar 2025", "2025-03-04", "21:00"),
    ("12:15 a.m. March 4, 2025", "2025-03-04", "00:15"),
    ("發布日期：114-03-04", "2025-03-04", None),
    ("2025年3月4日 週二 下午4:30", "2025-03-04", "16:30"),
    # the update's date first, the publication's after it: the publication's
    ("Updated: March 5, 2025 | Published: March 4, 2025", "2025-03-04", None),
    ("更新时间：2025-03-05 10:00 发布时间：2025-03-04 09:00", "2025-03-04", "09:00"),
    ("Published March 4, 2025 · Updated March 5, 2025", "2025-03-04", None),
])
def test_dateline_forms(line, date, time):
    found = parse_dateline(line, OUTLETS)
    assert found is not None and found.date is not None, line
    assert (found.date.date, found.date.time) == (date, time)


def test_a_labelled_dateline_with_names_set_apart():
    """After a label, names set apart are the page's metadata: a site's name
    by its form is the outlet; a byline's name is not."""
    found = parse_dateline("Published 4 March 2025 · Example Health Weekly", OUTLETS)
    assert (found.date.date, found.outlet) == ("2025-03-04", "Example Health Weekly")
    found = parse_dateline("Updated 4 March 2025 · Jane Roe", OUTLETS)
    assert (found.date.date, found.outlet) == ("2025-03-04", None)
    found = parse_dateline("Example Health Weekly | March 7, 2025", OUTLETS)  # a site's name by its form
    assert (found.date.date, found.outlet) == ("2025-03-07", "Example Health Weekly")
    assert parse_dateline("4 March 2025 · Regulator Approves Example Drug For Adults", OUTLETS) is None


@pytest.mark.parametrize("line, outlet", [
    ("(Xinhua)    09:21, April 27, 2020", "Xinhua"),
    ("By Jane Roe | exampledaily.com | Updated: 2026-06-30 21:44", "exampledaily.com"),
    ("2021-07-08 23:08:47 | 来源:示例日报 | 作者:张三 李四", "示例日报"),
    ("来源：新华社 2025-12-08", "新华社"),
    ("Example Daily | 2025-12-08", "Example Daily"),
])
def test_a_dateline_names_its_outlet(line, outlet):
    found = parse_dateline(line, OUTLETS)
    assert found is not None and found.date is not None
    assert found.outlet == outlet


@pytest.mark.parametrize("line", [
    "The rules take effect on 2025-06-01 across the country",   # a sentence with a date in it
    "Retrieved 2025-12-08 10:00",                               # a crawl time
    "自2025年6月1日起施行",                                        # a rule taking effect
    "on Tuesday",                                               # no year: never a publication date
    "© 2024 Example Daily",                                     # a copyright year
    "下月1日起实施",
    "2025年12月8日国家药监局发布公告",                           # a headline that starts with a date
    "China to apply the new rules from June 1, 2025",
])
def test_not_a_publication_dateline(line):
    found = parse_dateline(line, OUTLETS)
    assert found is None or found.date is None


def test_a_speech_dated_in_brackets_is_not_published_on_that_date():
    found = parse_dateline("(October 10, 2017)", OUTLETS)
    assert found is not None and found.date is None


@pytest.mark.parametrize("paragraph, outlet, date", [
    ("BEIJING, Dec. 10 (Xinhua) -- The agency approved a drug.", "Xinhua", None),  # no year stated
    ("SHANGHAI, China, Feb. 7, 2025 /PRNewswire/ -- A company said today.", "PRNewswire", "2025-02-07"),
    ("(Example Wire) -- The agency approved a drug.", "Example Wire", None),
    ("示例社北京3月5日电（记者张三）药监局批准了新药。", "示例社", None),
    ("（示例社記者張三台北4日電）衛生福利部今天宣布新制。", "示例社", None),  # the day alone: no date
])
def test_wire_datelines_name_the_wire(paragraph, outlet, date):
    dateline = wire_dateline(paragraph)
    assert (dateline.outlet, dateline.date.date if dateline.date else None) == (outlet, date)


@pytest.mark.parametrize("paragraph", ["(Photo) - The agency approved a drug.", "本报北京3月5日讯 记者张三报道。"])
def test_no_wire_where_a_dateline_names_none(paragraph):
    assert wire_dateline(paragraph) is None


@pytest.mark.parametrize("paragraph, outlet", [
    ("示例财讯 | 某公司公布，其产品获得注册批准。", "示例财讯"),
    ("【新华社】国家药监局今日发布公告。", "新华社"),
    ("新华社记者 王五 报道：国家药监局今日发布公告。", "新华社"),
    ("某某网10月4日讯（记者张三）国庆期间药店客流增加。", "某某网"),
    ("央视网消息（新闻联播）：国家药监局今天批准一款器械。", "央视网"),
    ("【某某報專訊】衞生署今日公布新藥審批數字。", "某某報"),      # a credit names its outlet, known or not
    ("【示例日报】国家药监局今日发布公告。", "示例日报"),
])
def test_a_lead_that_opens_with_its_outlet(paragraph, outlet):
    assert lead_outlet(paragraph, OUTLETS) == outlet


def test_a_lead_that_opens_with_an_unknown_name_and_a_bar_is_no_outlet():
    assert lead_outlet("某公司 | 产品获得注册批准，公司表示将加快上市。", OUTLETS) is None


@pytest.mark.parametrize("lines, found", [
    (["Some closing text.", "Copyright © 2015-2024 exampledaily.com All Rights Reserved. 版权所有:示例日报"],
     ("示例日报", "footer")),
    (["Some closing text.", "[Example Wire](https://example.org/story/1)"], ("Example Wire", "footer link")),
    (["Some closing text.", "[source](https://www.news.cn/2025/0101/abc.html)"], ("Xinhua News Agency", "footer link")),
    (["請加入成為訂戶。", "訂閱 網址：exampledaily.com/subscribe"], ("Example Daily", "footer")),
    # a known outlet on a short line of its own, with labels and names around it
    (["Some closing text.", "Editor: Jane Roe | Example Daily"], ("Example Daily", "footer")),
    (["结尾。", "责任编辑：张三 来源：示例日报"], ("示例日报", "footer")),
])
def test_footer_outlets(lines, found):
    assert footer_outlet(lines, OUTLETS) == found


def test_a_heading_that_names_an_outlet_is_not_a_footer():
    """A digest's last item heading names a body that is also an outlet: the line is not its name."""
    assert footer_outlet(["【示例日报启动新一轮医药评选活动】", "评选将于下月开始。"], OUTLETS) is None


def test_a_photo_credit_is_not_the_publisher():
    assert footer_outlet(["Some closing text.", "Photo: Xinhua"], OUTLETS) is None
    assert footer_outlet(["结尾。", "（图片来源：新华社）"], OUTLETS) is None


def test_a_regulator_named_in_the_last_paragraph_is_not_the_footer():
    prose = "The agency said the Example Daily report was wrong, and that the recall would go on until May."
    assert footer_outlet([prose], OUTLETS) is None


@pytest.mark.parametrize("text, hint", [
    ("The agency said on Tuesday that it approved the drug.", "on Tuesday"),
    ("国家药监局昨日发布公告。", "昨日"),
    ("3月17日，国家药监局发布年度报告。", "3月17日"),
])
def test_relative_dates_are_hints(text, hint):
    assert relative_date_hint([text]) == hint


# --- the outlet list --------------------------------------------------------------

def test_outlets_resolve_names_scripts_and_addresses():
    assert OUTLETS.resolve("新華社").name == "Xinhua News Agency"
    assert OUTLETS.resolve("ＸＩＮＨＵＡ").name == "Xinhua News Agency"  # full-width letters
    assert OUTLETS.resolve("https://www.news.cn/politics/2025-01/01/c_1.htm").name == "Xinhua News Agency"
    assert OUTLETS.resolve("sub.exampledaily.com").name == "Example Daily"
    assert OUTLETS.resolve("notexampledaily.com") is None
    assert OUTLETS.resolve("Daily") is None


def test_the_shipped_outlet_list_is_valid_and_large_enough():
    registry, problems = load_registry(ROOT / "registry", ROOT)
    assert registry is not None and not [p for p in problems if "outlets.yml" in p.path]
    outlets = registry.outlets.entries
    assert len(outlets) >= 40
    names = [name for outlet in outlets for name in outlet.names]
    for wanted in ("Xinhua News Agency", "新华社", "新華社", "People's Daily", "路透社", "眾新聞", "South China Morning Post"):
        assert wanted in names


def test_a_bad_outlet_entry_is_reported_with_its_line(tmp_path):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "outlets.yml").write_text(
        "- id: good\n  name: Good Outlet\n  domains: [good.example]\n"
        "- id: bad\n  name: Bad Outlet\n  domains: [not a domain]\n", "utf-8")
    registry, problems = load_registry(tmp_path / "registry", tmp_path)
    assert registry is None
    assert [str(p) for p in problems] == [
        "registry/outlets.yml:6: error: 'domains' has 'not a domain', which is not a domain like 'xinhuanet.com'"]
