"""Date and time expressions as news clippings write them.

Pure functions over strings; nothing here knows what a date *means*
(publication or event); ``normalise`` decides that from where a date stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..chinese_script import chinese_number

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Month names must be capitalised: "may 10" in running text is not a date.
_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# 2025-2-28 14:05:54 / 2025-03-10 09:16 / 2025/03/10 / 2025.03.10
NUMERIC = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
# 2025年12月10日
CHINESE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
# 7月5日 / 3月13号 / 11月28日至12月2日: a month and day without the year (its year from the text before
# it, else the context's); never right after a year (2025年7月5日 is CHINESE) or another digit.
_ZH_MONTH, _ZH_DAY = r"(?:1[0-2]|0?[1-9])", r"(?:3[01]|[12]\d|0?[1-9])"
CHINESE_MONTH_DAY = re.compile(
    rf"(?<![\d年./-])(?P<month>{_ZH_MONTH})\s*月\s*(?P<day>{_ZH_DAY})\s*[日号號]"
    rf"(?:\s*(?:至|到|-|–|—|~)\s*(?:(?P<end_month>{_ZH_MONTH})\s*月\s*)?(?P<end_day>{_ZH_DAY})\s*[日号號])?"
)
# November 6, 2025 / December 1st / February 18th to 19th / Nov. 6 2025 / "March 4, 20253:41 PM" (a page's
# date and time glued together when its text was copied: the year, then the time)
MONTH_FIRST = re.compile(
    r"\b" + _MONTH + r"\s+" + _DAY
    + r"(?:\s*(?:-|–|to|and)\s*(?P<end_day>\d{1,2})(?:st|nd|rd|th)?)?"
    + r"(?:(?:,\s*|\s+)" + _YEAR + r"(?:\b|(?=\d{1,2}:\d{2}(?!\d)))|\b)",
)
# 6 November 2025 / 18-19 February 2025
DAY_FIRST = re.compile(
    r"\b" + _DAY + r"(?:\s*(?:-|–|to)\s*(?P<end_day>\d{1,2})(?:st|nd|rd|th)?)?\s+"
    + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b",
)
YEAR = re.compile(r"(?<![\d.])(?:19|20)\d{2}(?![\d.])")
# A date of the Republic of China's calendar, as Taiwan's government prints it: year 1 is 1912
# ("中華民國114年3月4日", "114年3月4日": a year of three digits is never the common era's one), and
# after a date's label "114-03-04" ("發布日期：114-03-04").
ROC = re.compile(r"(?<![\d.])(?:(?:中華民國|中华民国|民國|民国)\s*)?(?P<year>1[0-4]\d)\s*年\s*(?P<month>\d{1,2})\s*月"
                 r"\s*(?P<day>\d{1,2})\s*日")
ROC_NUMERIC = re.compile(r"(?:日期|時間|时间|(?:中華民國|中华民国|民國|民国))\s*[:：]?\s*(?P<year>1[0-4]\d)[-/.](?P<month>\d{1,2})"
                         r"[-/.](?P<day>\d{1,2})(?!\d)")
ROC_OFFSET = 1911
# A date in Chinese numerals, as official documents sign them: 二〇二五年三月四日, 二〇二五年十二月二十一日.
ZH_NUMERAL_DATE = re.compile(r"(?P<year>[一二][〇零一二三四五六七八九]{3})\s*年\s*(?P<month>十[一二]?|[一二三四五六七八九])\s*月"
                             r"\s*(?P<day>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]")


# The same without its year, as Hong Kong's releases write the day: 今日（三月四日）.
ZH_NUMERAL_MONTH_DAY = re.compile(r"(?<![〇零一二三四五六七八九十年])(?P<month>十[一二]?|[一二三四五六七八九])月"
                                  r"(?P<day>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号號]")


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: ISO ``date``, optional ``end_date`` and ``time``,
    the span it covered, and whether the year was stated (not taken from context)."""

    date: str
    end_date: str | None
    time: str | None
    start: int
    end: int
    year_stated: bool


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_of(match: re.Match) -> int:
    """The common era's year of a numeric or Chinese date (a Republic of China year converted)."""
    if match.re is ZH_NUMERAL_DATE:
        return chinese_number(match["year"])
    year = int(match["year"])
    return year + ROC_OFFSET if match.re is ROC or match.re is ROC_NUMERIC else year


def _month_day(match: re.Match) -> tuple[int, int]:
    """The month and day of any of the patterns here (a month's name, digits or Chinese numerals)."""
    if match.re in (ZH_NUMERAL_DATE, ZH_NUMERAL_MONTH_DAY):
        return chinese_number(match["month"]), chinese_number(match["day"])
    if match.re in (MONTH_FIRST, DAY_FIRST):
        return MONTHS[match["month"].lower().rstrip(".")], int(match["day"])
    return int(match["month"]), int(match["day"])


def find_numeric_date(text: str) -> FoundDate | None:
    """The first ``YYYY-M-D[ HH:MM[:SS]]`` or ``YYYY年M月D日`` date in ``text`` (or a Republic of
    China date, ``114年3月4日``, converted; or one in Chinese numerals, ``二〇二五年三月四日``)."""
    found = []
    for pattern in (NUMERIC, CHINESE, ROC, ROC_NUMERIC, ZH_NUMERAL_DATE):
        match = pattern.search(text)
        if match:
            found.append(match)
    for match in sorted(found, key=lambda m: m.start()):
        iso = _iso(_year_of(match), *_month_day(match))
        if iso is None:
            continue
        time = None
        if match.re is NUMERIC and match["hour"] is not None:
            hour, minute = int(match["hour"]), int(match["minute"])
            if hour < 24 and minute < 60:
                time = f"{hour:02d}:{minute:02d}"
        return FoundDate(iso, None, time, match.start(), match.end(), True)
    return None


def find_stated_date(text: str) -> FoundDate | None:
    """The first date in ``text`` that states its year: ISO or Chinese forms,
    else an English one with a month name ("Oct. 16, 2024", "3 June 2015")."""
    numeric = find_numeric_date(text)
    named = next((d for d in find_dates(text) if d.year_stated), None)
    if numeric and named:
        return numeric if numeric.start <= named.start else named
    return numeric or named


def find_dates(text: str, context_year: int | None = None) -> list[FoundDate]:
    """Every date in ``text``, in order. A date written without its year
    ("December 1st") takes the nearest year stated earlier in the same text,
    else ``context_year``; with neither it is skipped, never guessed."""
    results: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in (NUMERIC, CHINESE, ROC, ROC_NUMERIC, ZH_NUMERAL_DATE):
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            iso = _iso(_year_of(match), *_month_day(match))
            if iso:
                results.append(FoundDate(iso, None, None, match.start(), match.end(), True))
                taken.append((match.start(), match.end()))
    for pattern in (MONTH_FIRST, DAY_FIRST, CHINESE_MONTH_DAY, ZH_NUMERAL_MONTH_DAY):
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            month, day = _month_day(match)
            if match.groupdict().get("year"):
                year, stated = int(match["year"]), True
            else:
                earlier = YEAR.findall(text[: match.start()])
                year = int(earlier[-1]) if earlier else context_year
                stated = False
                if year is None:
                    continue
            iso = _iso(year, month, day)
            if iso is None:
                continue
            end_month = int(match["end_month"]) if pattern is CHINESE_MONTH_DAY and match["end_month"] else month
            end_day = match.groupdict().get("end_day")
            end_iso = _iso(year, end_month, int(end_day)) if end_day else None
            if end_iso is not None and end_iso <= iso:
                end_iso = None
            results.append(FoundDate(iso, end_iso, None, match.start(), match.end(), stated))
            taken.append((match.start(), match.end()))
    return sorted(results, key=lambda d: d.start)


def parse_iso_date(value: object) -> str | None:
    """A sidecar's date value as ISO text, or None when it is not a date."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        found = find_numeric_date(value.strip())
        if found and found.start == 0 and found.end == len(value.strip()):
            return found.date
    return None


# A date in a web address's path, as news and government sites put it: /2024/0913/, /202409/13/,
# /2024/09/13/, /2024-09-13/, /20240913/, t20240913_123.html. Year, month and day in one
# run of the path (never a number alone: /12345/ is an article id).
_MONTH_DAY = r"(?P<month>0[1-9]|1[0-2]){sep}(?P<day>0[1-9]|[12]\d|3[01])"
_ADDRESS_DATES = tuple(re.compile(r"(?:^|[/_-]|(?<=/t))(?P<year>20\d{2})" + between + _MONTH_DAY.format(sep=inner)
                                  + r"(?=$|[/_.-])")
                       for between, inner in (("(?P<sep>[/_-]?)", "(?P=sep)"), ("/", ""), ("", "/")))


def date_from_address(address: str | None) -> str | None:
    """The publication date a web address's path states (``/2024/0913/``,
    ``/202409/13/``, ``t20240913_1.html``), or None when it states none or
    more than one."""
    if not address:
        return None
    from urllib.parse import urlsplit

    path = urlsplit(address).path
    found = {_iso(int(m["year"]), int(m["month"]), int(m["day"]))
             for pattern in _ADDRESS_DATES for m in pattern.finditer(path)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
