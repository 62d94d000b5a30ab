"""Key figures in Chinese sentences: a number with its measure word or
percent sign, what it counts, its period; never a year, a date, an ordinal
or a registration number."""

from __future__ import annotations

import pytest

from build_scripts.extract.figures import figures_in


def shown(sentence: str) -> list[tuple]:
    return [(f.value, f.unit, f.what, f.period, f.qualifier) for f in figures_in(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("截至目前，某省已受理58个改良型新药、96个体外诊断试剂。",
     [(58, "改良型新药", "改良型新药", "截至目前", None), (96, "体外诊断试剂", "体外诊断试剂", "截至目前", None)]),
    ("该市化妆品抽检合格率从93.5%提高到98.2%。",
     [(93.5, "%", "该市化妆品抽检合格率", None, None), (98.2, "%", "该市化妆品抽检合格率", None, None)]),
    ("2024年,示范区服务跨境就医人数12.4万人次,同比增长35.6%。",
     [(12.4, "万人次", "示范区服务跨境就医人数", "2024年", None), (35.6, "%", "同比增长", "2024年", None)]),
    ("待审评任务从1.6万件降至近5100件。",
     [(1.6, "万件", "待审评任务", None, None), (5100, "件", "待审评任务", None, "nearly")]),
    ("第5批带量采购涉及700多个品种。", [(700, "品种", "品种", None, "more than")]),
    ("今年上半年投资超过8亿元建设检验中心。", [(8, "亿元", "投资", "今年上半年", "over")]),
    ("与45家檢測機構建立合作關係。", [(45, "檢測機構", "檢測機構", None, None)]),
    # Traditional script: 萬 and 億 scale a measure word as 万 and 亿 do.
    ("企業被罰款120萬元，每年生產流感疫苗80萬支。",
     [(120, "萬元", "企業被罰款", None, None), (80, "萬支", "生產流感疫苗", "每年", None)]),
    # "More" before the scale; multiples, currencies and weights keep their own unit and measure what precedes them.
    ("该批次产品已销往全国30多万盒，检出汞含量超标200多倍。",
     [(30, "万盒", "该批次产品已销往全国", None, "more than"), (200, "倍", "检出汞含量超标", None, "more than")]),
    ("每支售价约95港元，单次剂量为250mg。",
     [(95, "港元", "每支售价", None, "about"), (250, "mg", "单次剂量", None, None)]),
    # Small counts in Chinese numerals, with a measure word other than 个 (slogans use it: 四个全面).
    ("药监局批准了三款创新产品，全省有十二家企业通过检查。",
     [(3, "创新产品", "创新产品", None, None), (12, "企业", "企业", None, None)]),
    # 宗 counts cases and applications; a hundred said in words, with how near it is.
    ("當局已接獲60宗申請，近百家機構參與。", [(60, "申請", "申請", None, None), (100, "機構", "機構", None, "nearly")]),
    ("去年发布百余项标准。", [(100, "标准", "标准", "去年", "more than")]),
])
def test_chinese_figures(sentence, expected):
    assert shown(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "国械注准20249990123号产品于2024年6月3日获批。",  # a registration number, a date
    "第七批带量采购于2022年7月开展。",  # an ordinal, a year
    "会议在3号楼举行，2025年度工作会议同期召开。",
    "会议强调要坚持四个全面，三部门联合发布通知，一家企业被处罚。",  # a slogan, a compound, 一
    "百款好药上线，数百家医院参与。",  # a bare 百 (a name), a vague "some hundreds"
])
def test_no_figure_where_there_is_no_count(sentence):
    assert shown(sentence) == []
