"""People named in Chinese text: a role cue next to a name
("省药监局注册处处长陈立明", "市長周文彬", "林姓總經理"), with jieba's
person tags deciding a name's length where the text around it does not.

Traditional text is folded to Simplified with OpenCC for matching only
(``to_simplified`` keeps every offset; a name is reported as printed).
``romanise`` gives a name's pinyin, a machine romanisation for the English
page and a registry stub.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from ..chinese_script import ZH_PART_OF_DAY, ZH_RELATIVE_DAY, to_simplified

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def romanise(name: str) -> str:
    """Hanyu pinyin of a Chinese name, family name first: "陈立明" -> "Chen Liming"."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(to_simplified(name))
    if not syllables:
        return name
    family, given = syllables[0], "".join(syllables[1:])
    return " ".join(part.capitalize() for part in (family, given) if part)


# Titles that stand right before a name in Chinese news (Simplified; Traditional text is folded first).
ROLE_TITLES = (
    "党组书记", "总书记", "副书记", "书记", "国家主席", "副主席", "主席", "副总理", "总理", "国务委员",
    "副部长", "部长", "副局长", "局长", "副司长", "司长", "副处长", "处长", "副厅长", "厅长",
    "副主任", "主任", "副院长", "院长", "院士", "副教授", "教授", "研究员", "副董事长", "董事长",
    "副总经理", "总经理", "首席执行官", "首席科学家", "副总裁", "总裁", "负责人", "副会长", "会长",
    "副理事长", "理事长", "秘书长", "副所长", "所长", "副市长", "市长", "副省长", "省长", "发言人",
    "主任医师", "总监", "创始人", "委员", "代表", "专家", "记者", "通讯员", "编辑", "特首", "行政长官",
    "局长助理", "署长", "副署长", "司长级", "副组长", "组长", "副科长", "科长", "副县长", "县长", "副区长", "区长",
    "副校长", "校长", "总工程师", "副总工程师", "董事", "总经济师", "首席医学官", "首席财务官",
)
_TITLES = "|".join(sorted(ROLE_TITLES, key=len, reverse=True))
# The common family names (the first character of a name a role cue is followed by).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习"
)
# What follows a name: a verb of saying or doing, a preposition, punctuation.
_AFTER_NAME = re.compile(
    r"^(?:表示|指出|强调|介绍|认为|说|称|透露|提出|坦言|回应|作出|作|答|在|于|对|就|向|与|和|及|等|也|还|又|已|曾|"
    r"将|是|的|率|带|到|出席|主持|会见|看望|调研|讲话|致辞|发言|一行|同志|先生|女士|接受|告诉|"
    r"周[一二三四五六日天末]|星期[一二三四五六日天]|" + ZH_RELATIVE_DAY + "|" + ZH_PART_OF_DAY + r"|\d|"  # 周日发表讲话
    r"[，。、：:；;,.（(“\"！？\s]|$)"
)
# (The name is looked ahead at, not taken: "董事长兼总经理林志强" has a title where a name could start.)
_CUE = re.compile(r"(?P<title>" + _TITLES + r")(?=(?P<name>[\u4e00-\u9fff]{2,4}))")
# A name then its title, as speech has it ("陈立明局长指出"): at the start of a clause or after 据/由/和/与/在/对.
_NAME_THEN_TITLE = re.compile(r"(?:^|(?<=[，。、：:；;,.（(“\"！？\s据由和与在对]))(?P<name>[\u4e00-\u9fff]{2,3}?)(?P<title>"
                              + _TITLES + r")")
_SURNAME_ONLY = re.compile(r"(?P<name>[\u4e00-\u9fff])姓(?P<title>" + _TITLES + r")")
_NOT_NAME = re.compile(r"^(?:表示|指出|强调|介绍|认为|主持|出席|会见|一行|同志|及|和|等|与|在|对|就|的|为|是|说)")


class ChineseName(NamedTuple):
    start: int
    end: int
    name: str  # as printed
    title: str  # as printed
    title_start: int


def _name_length(folded: str, start: int) -> int:
    """How many characters from ``start`` are the name: 2 or 3 by what follows,
    else as jieba tags it."""
    two, three = folded[start + 2: start + 6], folded[start + 3: start + 7]
    if _AFTER_NAME.match(two) and not _AFTER_NAME.match(folded[start + 1: start + 5]):
        return 2
    if _AFTER_NAME.match(three):
        return 3
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # not its "Building prefix dict" lines in every build's output
    for word, flag in jieba.posseg.cut(folded[start: start + 6]):
        if flag.startswith("nr") and 2 <= len(word) <= 3:
            return len(word)
        break
    return 0


def _is_personal_name(word: str) -> bool:
    """jieba reads ``word`` as a personal name (not "管理" of 管理局局长)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokens = list(jieba.posseg.cut(word))
    # One name, or the family name apart from a given name jieba knows (刘 | 海涛).
    return tokens[-1].flag.startswith("nr") and (len(tokens) == 1 or (len(tokens) == 2 and len(tokens[0].word) == 1))


def find_chinese_names(text: str) -> list[ChineseName]:
    """Names in ``text`` that a role title stands right before, and surnames
    a title follows ("高姓董事长"). A name must start with a common family name."""
    if not _CJK.search(text):
        return []
    folded = to_simplified(text)
    found: list[ChineseName] = []
    taken: list[tuple[int, int]] = []
    for match in _CUE.finditer(folded):
        start = match.start("name")
        if folded[start] not in SURNAMES or _NOT_NAME.match(folded[start:]):
            continue
        length = _name_length(folded, start)
        if not length:
            continue
        end = start + length
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        title_start = match.start("title")
        # "原局长", "原国家药监局局长", "前总经理": a former role keeps its tense.
        window = folded[max(0, title_start - 13): title_start]
        before = re.search(r"(?<![\u4e00-\u9fff])(?:原|前任)(?=[\u4e00-\u9fff]{0,12}$)", window)
        former = "原" if before else ""
        found.append(ChineseName(start, end, text[start:end],
                                 former + text[title_start: match.end("title")], title_start))
    for match in _NAME_THEN_TITLE.finditer(folded):
        start, end = match.span("name")
        if folded[start] not in SURNAMES or any(start < e and end > s for s, e in taken) \
                or not _AFTER_NAME.match(folded[match.end("title"): match.end("title") + 4]) \
                or not _is_personal_name(match["name"]):
            continue
        taken.append((start, end))
        found.append(ChineseName(start, end, text[start:end], text[match.start("title"): match.end("title")],
                                 match.start("title")))
    for match in _SURNAME_ONLY.finditer(folded):
        if folded[match.start("name")] in SURNAMES:
            found.append(ChineseName(match.start("name"), match.end("name"), text[match.start("name")],
                                     text[match.start("title"): match.end("title")], match.start("title")))
    return sorted(found)


# What a Chinese organisation's name ends with; the short ones only as the end of a longer word
# ("监管司", "研究所"), never alone ("全部", "该所").
ORG_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "委员会", "人民政府", "政府", "管理局",
                "监督管理局", "公安局", "局", "医院", "大学", "学院", "协会", "学会", "研究院", "研究所", "中心",
                "办公室", "基金会", "联合会", "商会", "银行", "法院", "检察院", "实验室", "总署", "署", "厅",
                "司", "处", "委", "办", "所", "院", "警方", "公安")
_SHORT_SUFFIXES = ("局", "署", "厅", "所", "司", "院", "部", "办", "委")
_NAME_TAGS = ("ns", "n", "nz", "nt", "j", "l", "b", "nrt", "vn", "an", "eng", "m")
# A kind of body, not one (a name ending so names none): listed companies, subsidiaries, branches' kinds.
_KINDS_OF_BODY = ("上市公司", "子公司", "母公司", "医药公司", "药企", "医疗机构", "定点医院")
_NOT_FIRST = set("该本各两这那此其每某全多几诸一二三四五六七八九十省市县区")
# A word of one character before a body's name that leads to it, which jieba may tag as a noun (经 云南省人民政府).
_PREPOSITIONS = set("经向由对从据按把被给在于将至到")


def find_chinese_organisations(text: str) -> list[tuple[int, int, str]]:
    """Organisations named in Chinese text by their form: nouns and place
    names ending in an organisation's word ("江城医药科技有限责任公司",
    "浙江省食品药品监督管理局", "同仁医院"), as (start, end, name as printed).
    Segmented by jieba over text folded to Simplified."""
    if not _CJK.search(text):
        return []
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    folded = to_simplified(text)
    tokens: list[tuple[int, str, str]] = []
    position = 0
    for word, flag in jieba.posseg.cut(folded):
        tokens.append((position, word, flag))
        position += len(word)
    found: list[tuple[int, int, str]] = []
    for index, (start, word, flag) in enumerate(tokens):
        suffix = next((s for s in ORG_SUFFIXES if word.endswith(s)), None)
        if suffix is None or not _CJK.match(word):
            continue
        if word == suffix and suffix in _SHORT_SUFFIXES:
            continue
        first = index
        while first > 0 and index - first < 6:
            _, previous, tag = tokens[first - 1]
            if not _CJK.match(previous) or not tag.startswith(_NAME_TAGS + ("v",)) or tag in ("nr",) \
                    or previous in _PREPOSITIONS or previous.endswith(_KINDS_OF_BODY):
                break  # (…的子公司 江城医药有限公司: the kind before a name is not part of it)
            first -= 1
        verbs = [i for i in range(first, index) if tokens[i][2] == "v"]
        if verbs:  # a verb inside a body's name (疾病预防控制中心, 药品审评中心): the name starts at a place or body before it
            names = [i for i in range(first, verbs[-1]) if tokens[i][2].startswith(("ns", "nt"))]
            if names:
                first = names[-1]
                while first - 1 >= 0 and tokens[first - 1][2].startswith(("ns", "nt")) and index - first < 6:
                    first -= 1  # 北京市 朝阳区 ...
            else:
                first = verbs[-1] + 1
        begin = tokens[first][0]
        while begin < start and folded[begin] in _NOT_FIRST:
            begin += 1
        end = start + len(word)
        name = folded[begin:end]
        if len(name) < 4 or name == suffix or (first == index and flag != "nt" and len(word) - len(suffix) < 2):
            continue
        # A body's name, not a kind of body ("部分医院", "应急医院", "药品监督管理局"): a place, an
        # organisation or another proper name in it; and a noun, not a verb ending in 处 or 办 ("论处").
        proper = [t for t in tokens[first: index] if t[2].startswith(("ns", "nt", "nz", "j", "nrt"))]
        if not proper and flag == "nt" and len(word) > len(suffix):  # one word: "同仁医院", not "药品监督管理局"
            head = next(jieba.posseg.cut(word[: len(word) - len(suffix)]), None)
            if head is not None and head.flag.startswith(("ns", "nt", "nz", "j", "nr")):
                proper = [(start, word, flag)]
        if not proper or not flag.startswith(("n", "j", "l")) or folded[begin - 1: begin].isdigit():
            continue
        if name.endswith(_KINDS_OF_BODY):
            continue  # "中国内地上市公司": companies of a kind, none named
        found.append((begin, end, text[begin:end]))
    return found + _listed_beside(text, folded, found)


# Words that lead to a body's name, which jieba tags as neither preposition nor conjunction.
_LEAD_WORDS = {"包括", "例如", "比如", "其中"}


def name_start(text: str) -> int:
    """Where a body's name starts in ``text`` that ends with it: after the
    last word that leads to it (据示例医院 -> 示例医院, 专家以及东方医院 -> 东方医院),
    as jieba reads the words: a preposition or conjunction, or one of a few
    verbs (包括). A name that starts with such a character is kept whole
    (同仁医院, 和睦家医院: jieba reads them as one word, or a name)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    start = position = 0
    for word, flag in jieba.posseg.cut(to_simplified(text)):
        position += len(word)
        if flag in ("p", "c") or word in _LEAD_WORDS or (len(word) == 1 and word in _PREPOSITIONS):
            start = position
    return start if start < len(text) else 0


# Words that make a list's item a kind of body, not one ("部分医院", "公立医院", "当地医院").
_KIND_WORDS = ("部分", "有关", "相关", "其他", "其它", "所有", "全部", "一些", "若干", "各级", "各地", "各类", "多家",
               "公立", "民营", "私立", "三甲", "基层", "定点", "大型", "知名", "主要", "重点", "本地", "当地", "全国",
               "全省", "全市", "国内", "境内", "境外", "海外", "国外", "医疗", "试点", "上述", "以上", "下列")
_LIST_BREAK = re.compile(r"[、，,。；;：:（）()“”\"\s]")


def _listed_beside(text: str, folded: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Bodies listed with 、 beside a body found by its form, and ending as it
    does ("东方医院、南山医院、西湖医院": jieba reads 东方 as a direction, so 东方医院
    is found only beside the others). An item is two characters or more
    before the shared ending, and a name's length at most."""
    taken = {(start, end) for start, end, _ in found}
    added: list[tuple[int, int, str]] = []
    for start, end, name in found:
        suffix = next((s for s in ORG_SUFFIXES if to_simplified(name).endswith(s) and s not in _SHORT_SUFFIXES), None)
        if suffix is None:
            continue
        # The item before (…、X医院) and the item after (X医院、…).
        spans = []
        if start > 0 and folded[start - 1] == "、":
            breaks = [m.end() for m in _LIST_BREAK.finditer(folded, 0, start - 1)]
            begin = breaks[-1] if breaks else 0
            spans.append((begin, start - 1))
        if folded[end: end + 1] == "、":
            stop = _LIST_BREAK.search(folded, end + 1)
            spans.append((end + 1, stop.start() if stop else len(folded)))
        for begin, stop in spans:
            item = folded[begin:stop]
            at = item.find(suffix)
            if at < 0:
                continue
            item = item[: at + len(suffix)]
            lead = name_start(item)  # "专家以及东方医院": the item after 以及
            begin, item, at = begin + lead, item[lead:], at - lead
            stop = begin + len(item)
            if not 2 <= at <= 12 or not _CJK_RUN.fullmatch(item) or (begin, stop) in taken or item.endswith(_KINDS_OF_BODY) \
                    or any(c in _NOT_FIRST for c in item[:1]) or item.startswith(_KIND_WORDS):
                continue
            taken.add((begin, stop))
            added.append((begin, stop, text[begin:stop]))
    return added
