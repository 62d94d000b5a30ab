"""Traditional Chinese folded to Simplified for matching, offset for offset:
names and cues are compared in one script and shown as printed. OpenCC does
the conversion (a hand-kept table covers only the characters someone thought
of; OpenCC covers the script). And the words Chinese news says a day with,
which the cues for names, organisers and companies step over."""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """``text`` with Traditional characters as Simplified, offset for offset
    (a conversion that would change the length is done character by character)."""
    if text.isascii() or not _CJK.search(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    convert = _converter().convert
    return "".join(c if len(c) == 1 else o for o, c in ((o, convert(o)) for o in text))


# A day said relative to the report's (今天, 昨日, 日前) and a part of a day (上午): regular-expression
# alternatives, in Simplified (match folded text) with the Traditional forms a fold leaves alone.
ZH_RELATIVE_DAY = "今天|今日|昨天|昨日|前天|明天|日前|近日|当天|当日|當天|當日|昨晚|今晚"
ZH_PART_OF_DAY = "上午|下午|晚上|晚间|早上"


_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}


def chinese_number(text: str) -> int:
    """A number written in Chinese numerals up to 99, or digit by digit:
    二 -> 2, 十 -> 10, 十二 -> 12, 二十五 -> 25, 二〇二五 -> 2025 (a year)."""
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
