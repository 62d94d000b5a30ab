"""Key figures in Chinese text: a number with its measure word or percent
sign (130个创新药, 合格率99.4%, 86.53万人次, 12亿元), what it counts, and
the period the sentence states (2023年, 今年上半年, "十四五"期间, 截至2025年底).

As in English, precision comes first: a year (2023年), a date (3月12日), an
ordinal (第9批), a code or registration number (国械注准20253130001) has no
measure word after it and is never a figure; a number whose measure word
names nothing countable after it (24个, a headline's bare count) keeps the
measure word as its unit and has no "what".
"""

from __future__ import annotations

import re

from ..chinese_script import chinese_number
from ..model import Figure

_CJK = r"\u4e00-\u9fff"
_QUALIFIERS = {"近": "nearly", "将近": "nearly", "约": "about", "大约": "about", "超": "over", "超过": "over",
               "逾": "over", "达": None, "达到": None, "共": None, "累计": None}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_BEFORE = r"(?<![\d.,A-Za-z第])"  # not the tail of a longer number or code, not an ordinal
_QUALIFIER = r"(?P<qual>将近|超过|大约|达到|累计|近|约|超|逾|达|共)?"
_SCALE = r"(?P<scale>万亿|萬億|亿|億|万|萬|千)?"
_MORE = r"(?P<more>多|余|餘)?"
_MORE_BEFORE_SCALE = r"(?P<more_first>多|余|餘)?"  # 70多万盒, 100多亿片: "more" before the scale
# Measure words, longest first; money, person-times, multiples and weights keep their own unit.
_CURRENCY = r"港元|港幣|港币|美元|欧元|歐元|日元|英镑|英鎊"
_MEASURE = (r"(?P<mw>人次|亿元|億元|万元|萬元|千元|" + _CURRENCY + r"|元|倍|个|個|件|家|项|項|种|種|批次|批|款|例|名|台|张|張|份|所|"
            r"位|支|剂|劑|座|条|條|部|篇|盒|瓶|片|粒|袋|宗|吨|噸|公斤|千克|毫克|mg|kg|人)")
PERCENT = re.compile(_BEFORE + _QUALIFIER + _NUMBER + r"\s*(?:%|％|个百分点)")
COUNT = re.compile(_BEFORE + _QUALIFIER + _NUMBER + _MORE_BEFORE_SCALE + _SCALE + _MORE + r"\s?" + _MEASURE)
# A small count in Chinese numerals (五人, 三家企业, 十二款产品): never 一 (an article as often as a
# count), never 个 or 部 after it (四个全面, 三部门: slogans and compounds, not counts).
_ZH_NUMERAL = r"(?P<zh>[二三四五六七八九]?十[一二三四五六七八九]?|[两二三四五六七八九])"
ZH_NUMERAL_COUNT = re.compile(r"(?<![第一二三四五六七八九十百千万萬两兩])" + _QUALIFIER + _ZH_NUMERAL
                              + r"(?P<mw>家|人|名|项|項|款|种|種|批|例|台|所|位|支|座|条|條|篇|份|张|張|宗)")
# A hundred said in words with how near it is (逾百款, 近百家, 百余项): never a bare 百 (百款好药 is a name).
HUNDRED_COUNT = re.compile(r"(?<![一二三四五六七八九十百千万萬两兩几幾数數])(?:(?P<qual>逾|超|近|约|約|上)百(?P<more>余|餘|多)?"
                           r"|百(?P<more_only>余|餘|多))(?P<mw>家|人|名|项|項|款|种|種|批|例|台|所|位|支|座|条|條|篇|份|张|張|宗|个|個|件)")
_NOUN = re.compile(rf"[{_CJK}A-Za-z]{{1,10}}")
# Where the noun after a measure word ends: a particle, a verb of change or of being.
_NOUN_END = re.compile(
    r"(?:获批|獲批|上市|通过|通過|获得|獲得|纳入|納入|进入|進入|开展|開展|完成|实现|實現|参与|參與|参加|參加|建立|签约|簽約|"
    r"落地|入驻|入駐|使用|引进|引進|批准|受理|发布|發布|陈列|陳列|静静|靜靜|合作|同比|较|較|比|在|于|於|和|与|與|及|的|已|"
    r"被|是|为|為|中|等|以上|以下|都|也|均|将|將|正|共|累计|累計)")
# A noun does not start with a verb of change or an adverb (1,600多个 -> 降至...: not a noun).
_NOT_A_NOUN = re.compile(r"^(?:降|升|增|减|減|达|達|超|约|約|近|共|已|被|为|為|是|有|在|从|從|由|比|较|較)")
# What a percentage measures: the words just before it, after the last break.
_WHAT_BEFORE = re.compile(rf"([{_CJK}A-Za-z]{{2,16}})\s*$")
_CONNECTOR_AT_END = re.compile(r"(?:从|由|为|是|达到|达|提高到|提升至|提高至|降至|升至|约|近|超过|超|共|累计)+$")
_TO_AT_END = re.compile(r"(?:到|至)(?:近|约|約|超过|超過|超)?$")
_CLAUSE_BREAK = re.compile(r"[，,。；;]")
_BREAKS = re.compile(r"[，,。；;：:、（）()“”\"！？!?\s]")
PERIODS = (
    re.compile(r"(?P<p>截至(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末)?)"),
    re.compile(r"(?P<p>(?:19|20)\d{2}年(?:上半年|下半年|前三季度|一季度|全年|度)?)(?!\d{1,2}月)"),
    re.compile(r"(?P<p>(?:今年|去年|上年)(?:上半年|下半年|前三季度|以来)?)"),
    re.compile(r"(?P<p>[“\"]?十[一二三四五六七八九]?五[”\"]?(?:期间|以来|时期)?)"),
    re.compile(r"(?P<p>(?:19|20)\d{2}年以来|近(?:\d+|[一二三四五六七八九十])年(?:来)?|[一二三四五六七八九十]年来)"),
    re.compile(r"(?P<p>截至目前|截至今年\d{0,2}月?(?:底|末)?)"),
    re.compile(r"(?P<p>每年|每月|年均)"),
)


def chinese_figures(sentence: str, context: str | None = None) -> list[tuple[int, Figure]]:
    """Every figure of a Chinese sentence, with where it starts."""
    found: list[tuple[int, Figure]] = []
    spans: list[tuple[int, int]] = []

    def what_before(start: int) -> str | None:
        """"从A降至B": B measures what A does."""
        if _TO_AT_END.search(sentence[:start]):
            earlier = [figure for at, figure in sorted(found, key=lambda item: item[0]) if at < start]
            if earlier and earlier[-1].what:
                return earlier[-1].what
        return _what_before(sentence, start)

    for match in PERCENT.finditer(sentence):
        spans.append(match.span())
        unit = "percentage points" if match.group().endswith("个百分点") else "%"
        found.append((match.start(), Figure(number_value(match["num"]), unit, what_before(match.start()),
                                            _period(sentence, match.start(), context), sentence,
                                            _QUALIFIERS.get(match["qual"] or ""))))
    for match in COUNT.finditer(sentence):
        if any(start < match.end() and match.start() < end for start, end in spans):
            continue
        number, scale, measure = match["num"], match["scale"] or "", match["mw"]
        if re.fullmatch(r"(?:19|20)\d{2}", number) and not scale:
            continue  # a year, whatever follows it
        # The value as the text states it, its scale in the unit (86.53万人次: 86.53, 万人次), as in English.
        qualifier = "more than" if match["more"] or match["more_first"] else _QUALIFIERS.get(match["qual"] or "")
        # Money, person-times, multiples and weights measure what stands before them, not a noun after.
        own_unit = re.fullmatch(rf"人次|人|.*元|{_CURRENCY}|倍|吨|噸|公斤|千克|毫克|mg|kg", measure)
        noun = None if own_unit else _noun_after(sentence, match.end())
        if noun:
            unit, what = scale + noun, noun
        else:
            unit, what = scale + measure, what_before(match.start())
        spans.append(match.span())
        found.append((match.start(), Figure(number_value(number), unit, what, _period(sentence, match.start(), context),
                                            sentence, qualifier)))
    for match in HUNDRED_COUNT.finditer(sentence):
        if any(start < match.end() and match.start() < end for start, end in spans):
            continue
        noun = None if match["mw"] == "人" else _noun_after(sentence, match.end())
        unit, what = (noun, noun) if noun else (match["mw"], what_before(match.start()))
        qualifier = "more than" if match["more"] or match["more_only"] else \
            {"上": "over"}.get(match["qual"], _QUALIFIERS.get(match["qual"] or ""))
        spans.append(match.span())
        found.append((match.start(), Figure(100, unit, what, _period(sentence, match.start(), context), sentence,
                                            qualifier)))
    for match in ZH_NUMERAL_COUNT.finditer(sentence):
        if any(start < match.end() and match.start() < end for start, end in spans):
            continue
        noun = None if match["mw"] == "人" else _noun_after(sentence, match.end())  # 五人: people, what they are before
        unit, what = (noun, noun) if noun else (match["mw"], what_before(match.start()))
        spans.append(match.span())
        found.append((match.start(), Figure(chinese_number(match["zh"]), unit, what,
                                            _period(sentence, match.start(), context), sentence,
                                            _QUALIFIERS.get(match["qual"] or ""))))
    return found


def number_value(text: str) -> float | int:
    """A number as written ("1,600", "97.1") as a value: an int when it has no decimal point."""
    number = float(text.replace(",", ""))
    return int(number) if number.is_integer() and "." not in text else number


def _noun_after(sentence: str, end: int) -> str | None:
    """The countable thing a measure word counts: the words right after it, up
    to a particle or a verb (217个创新医疗器械获批 -> 创新医疗器械)."""
    match = _NOUN.match(sentence, end)
    if match is None:
        return None
    noun = match.group()
    if _NOT_A_NOUN.match(noun):
        return None
    stop = _NOUN_END.search(noun, 1)
    if stop:
        noun = noun[: stop.start()]
    return noun if 2 <= len(noun) <= 8 else None


def _what_before(sentence: str, start: int) -> str | None:
    """What a percentage or an amount measures: the words just before it in
    its clause (合格率从97.1%: 合格率)."""
    clause = _BREAKS.split(sentence[:start])[-1]
    clause = re.sub(r"(?:从|由)?[\d.,%％]+(?:提高|提升|增长|上升|下降)?(?:到|至)?$", "", clause)
    match = _WHAT_BEFORE.search(clause)
    if match is None:
        return None
    what = _CONNECTOR_AT_END.sub("", match.group(1))
    for pattern in PERIODS:
        what = pattern.sub("", what)
    what = re.sub(r"^(?:其中|我国|已|共|累计)", "", what)
    return what if len(what) >= 2 else None


def _period(sentence: str, position: int, context: str | None) -> str | None:
    """The period stated nearest before the figure in its sentence (else
    after it in its own clause, else in the section's heading)."""
    best = None
    for pattern in PERIODS:
        for match in pattern.finditer(sentence):
            if match.end() <= position:
                distance = position - match.end()
            elif _CLAUSE_BREAK.search(sentence, position, match.start()):
                continue  # after the figure, in another clause: another figure's period
            else:
                distance = match.start() - position + 1000
            if best is None or distance < best[0]:
                best = (distance, match["p"])
    if best:
        return best[1].strip("“”\"")
    if context:
        for pattern in PERIODS:
            match = pattern.search(context)
            if match:
                return match["p"].strip("“”\"")
    return None
