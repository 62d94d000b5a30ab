"""Key figures in Chinese sentences: a number with its measure word or
percent sign, what it counts, its period; never a year, a date, an ordinal
or a registration number."""

from __future__ import annotations

import pytest

from build_scripts.extract.figures import figures_in


def shown(sentence: str) -> list[tuple]:
    return [(f.value, f.unit, f.what, f.period, f.qualifier) for f in figures_in(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("截至目前，我国已批准130个创新药、217个创新医疗器械上市。",
     [(130, "创新药", "创新药", "截至目前", None), (217, "创新医疗器械", "创新医疗器械", "截至目前", None)]),
    ("国家药品抽检总体合格率从97.1%提高到99.4%。",
     [(97.1, "%", "国家药品抽检总体合格率", None, None), (99.4, "%", "国家药品抽检总体合格率", None, None)]),
    ("2025年,乐城先行区接待医疗旅游人数86.53万人次,同比增长109.18%。",
     [(86.53, "万人次", "乐城先行区接待医疗旅游人数", "2025年", None), (109.18, "%", "同比增长", "2025年", None)]),
    ("积压注册申请从2.2万件降至近8200件。",
     [(2.2, "万件", "积压注册申请", None, None), (8200, "件", "积压注册申请", None, "nearly")]),
    ("第9批集采涉及1600多个品种。", [(1600, "品种", "品种", None, "more than")]),
    ("今年上半年投资超过12亿元建设新园区。", [(12, "亿元", "投资", "今年上半年", "over")]),
    ("与170家藥械企業建立合作關係。", [(170, "藥械企業", "藥械企業", None, None)]),
    # Traditional script: 萬 and 億 scale a measure word as 万 and 亿 do.
    ("公司被罰款344萬元人民幣，每年生產狂犬疫苗350萬支。",
     [(344, "萬元", "公司被罰款", None, None), (350, "萬支", "生產狂犬疫苗", "每年", None)]),
])
def test_chinese_figures(sentence, expected):
    assert shown(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "国械注准20253130001号产品于2025年3月12日获批。",  # a registration number, a date
    "第九批国家组织药品集采于2023年11月开展。",  # an ordinal, a year
    "会议在3号楼举行，2025年度工作会议同期召开。",
])
def test_no_figure_where_there_is_no_count(sentence):
    assert shown(sentence) == []
