"""Datelines, bylines, source lines and footers: where a page says when it was
published and by whom.

Pure functions over lines of text. ``parse_dateline`` reads a line that
carries a publication date among the metadata pages print around it (a label,
a time and time zone, a weekday, "(Xinhua)", "Source: X", "By NAME", a domain);
``wire_dateline``, ``lead_outlet``, ``footer_outlet`` and ``header_outlet`` find
the outlet a page names in its structural places (a wire dateline, a lead that
opens with the outlet's name, a footer's copyright, the page's header). Which
cue wins is decided by ``normalise``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import FoundDate, find_stated_date
from .outlets import Outlets, fold_name

_SEGMENTS = re.compile(r"(?<!\s)\s*(?:\||｜|丨|•|·)\s*|\s{2,}|\u3000+")
_LABEL = re.compile(
    r"(?:\b(?:last\s+)?(?:updated|update|published|posted|release\s+date|date|time)\b"
    r"|发布时间|发布日期|发表时间|更新时间|发稿时间|时间|日期|發佈時間|發布時間|發表時間|更新時間|時間)\s*[:：]?",
    re.I,
)
_TIME = re.compile(r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?(?:\s*(?P<half>am|pm|a\.m\.|p\.m\.))?(?![\d:])",
                   re.I)
_ZONE = re.compile(
    r"\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?(?!\d)"  # "GMT+8", glued to what follows or not
    r"|\b(?:CST|GMT|UTC|BJT|HKT|EST|EDT|CET|CEST|PST|PDT|CDT|MST|MDT|BST|JST|KST|SGT|AEST|AEDT|ET|PT)\b"
    r"|\b(?:Eastern|Central|Mountain|Pacific|Greenwich Mean|Coordinated Universal|British Summer|Central European|"
    r"China|Beijing|Hong Kong|Singapore|Japan|Korea)(?:\s+(?:[Ss]tandard|[Dd]aylight|[Ss]ummer))?\s+[Tt]ime\b"
    r"|[+-]\d{2}:?\d{2}\b|北京时间|北京時間")
# How long ago a page says it was updated ("Updated 2 hours ago"): no date of its own.
_AGO = re.compile(r"\b\d{1,2}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b|\d{1,2}\s*(?:分钟|小时|小時|天)前",
                  re.I)
_WEEKDAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\b\.?"
    r"|星期[一二三四五六日天]|[（(]?(?:周|週)[一二三四五六日][)）]?",
    re.I,
)
# A view counter ("浏览：2169次", "Views: 2169"), page chrome wherever it stands.
COUNTER = re.compile(r"(?:浏览|阅读|点击|访问|瀏覽|閱讀)(?:量|次数|次數)?\s*[:：]?\s*\d+\s*次?|\b(?:views?|reads?|hits?)\s*[:：]\s*\d+",
                     re.I)
# The label of a source line ("Source:", "来源：", "文章来源：", "稿源：").
SOURCE_LABEL = r"(?:(?:文章|新闻|新聞|信息|稿件)?(?:source|来源|來源)|稿源|出处|出處)"
_HOTLINE = re.compile(r"(?:报料热线|新闻热线|热线|電話|电话|tel)\s*[:：]?\s*[\d-]{5,}", re.I)
_FONT = re.compile(r"(?:字号|字體|字体|font size)\s*[:：]?\s*(?:[大中小]\s*)*|\b[AT][+-]\b|【?(?:打印|关闭|列印|關閉)】?", re.I)
# The labels that may follow a source on its line ("来源：X 作者：Y", "Source: X Editor: Y"): where the outlet ends.
_FIELD_LABELS = (r"作者|记者|記者|编辑|編輯|责任编辑|責任編輯|责编|責編|通讯员|通訊員|摄影|攝影|字号|字號|浏览|瀏覽|阅读|閱讀|"
                 r"点击|點擊|发布时间|發布時間|时间|時間|author|editor|writer|reporter|photo|published|updated|posted|"
                 r"date|time")
_NEXT_LABEL = r"(?:" + _FIELD_LABELS + r")\s*[:：]"
_SOURCE = re.compile(r"(?:^|\s)" + SOURCE_LABEL + r"\s*[:：]\s*(?P<outlet>[^|｜丨]{1,60}?)\s*(?=$|[|｜丨]|\s{2,}|\s*"
                     + _NEXT_LABEL + r")", re.I)
# A site's name by its form: a news word, a domain, a Chinese site's or paper's last character.
SITE_NAME = re.compile(r"(?:\b(?:News|Daily|Times|Post|Journal|Weekly|Online|Network|Net|Today|Herald|Review|Wire|"
                       r"Magazine|Insider|Tribune|Gazette|Observer|Express)|\.(?:com|cn|net|org|hk|tw)(?:\.[a-z]{2})?"
                       r"|[网網报報刊台]|新闻|新聞|客户端|客戶端|频道|頻道|官网|官網)$", re.I)
# A name of a few capitalised words set apart on a metadata line ("Example Health Weekly", "Jane Roe").
_TITLE_CASE_NAME = re.compile(r"[A-Z][\w.&'’-]*(?:\s+(?:of|the|and|&|[A-Z][\w.&'’-]*)){0,4}")
_PAREN = re.compile(r"[(（](?P<inner>[^()（）]{1,40})[)）]")
_BYLINE = re.compile(r"^(?:by\s+\S|(?:作者|记者|記者|编辑|編輯|责任编辑|責任編輯|撰文|撰稿|通讯员|通訊員|摄影|攝影)\s*[:：]?\s*\S)",
                     re.I)
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}\s*[:：]\s*\S|^[A-Za-z][A-Za-z ]{1,20}:\s*\S")
_DOMAIN = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?$", re.I)
_WIRE = re.compile(
    r"^(?:[A-Z][A-Za-z .,'-]{1,60}?(?:,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*)?"  # "(Bloomberg) --" has no place
    r"\((?!(?:Photo|Video|Updated?|Corrected|Correction|Adds|Repeats|Recasts|Reporting|Editing|File)\b)"
    r"(?P<outlet>[A-Z][A-Za-z .&'-]{1,40}?)\)\s*(?:--|—|–|-)"
    r"|/(?P<pr>[A-Z][A-Za-z]*(?:Newswire|Wire|newswire))/"
)

# A byline standing on its own line: "By Jane Roe", "By Jane Roe and John Doe | Example Daily",
# "Jane Roe, Example Daily" (every word of the outlet capitalised: "Hong Kong, Macao sign pact" is a
# headline); "记者 李明". Never a headline ("By the numbers: ..." is one).
_NAME_WORDS = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
_OWN_LINE_BYLINE = re.compile(
    rf"^(?:[Bb]y\s+{_NAME_WORDS}(?:\s*(?:,|and|&)\s*{_NAME_WORDS})*\s*(?:[|,·•]\s*.{{0,60}})?"
    rf"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}},\s+[A-Z][\w.'’-]*(?:\s+(?:of|the|and|[A-Z][\w.'’-]*)){{0,5}})$")


_ZH_BYLINE = re.compile(r"^(?:[\u4e00-\u9fff0-9A-Za-z]{2,12}?(?=记者|記者))?"  # an outlet's reporter: "某某报道记者 张三"
                        r"(?:作者|记者|記者|编辑|編輯|责任编辑|責任編輯|撰文|撰稿|通讯员|通訊員|摄影|攝影)"
                        r"(?:\s*[:：]\s*|\s+)[\u4e00-\u9fff]{2,4}(?:[\s、，,|｜]|$)")


# A reporter and where they report from, Taiwan's and Hong Kong's way: "記者張小明／台北報導", "〔記者張小明／台北報導〕".
_ZH_REPORTED_FROM = re.compile(r"^[〔【\[(（]?(?:[\u4e00-\u9fff0-9A-Za-z]{2,12}?)?(?:记者|記者)\s*[\u4e00-\u9fff]{2,4}"
                               r"(?:[、，,\s]+[\u4e00-\u9fff]{2,4})*\s*[／/]\s*[\u4e00-\u9fff]{2,8}(?:报道|報導|報道)[〕】\])）]?$")


def is_byline(line: str) -> bool:
    """``line`` is a byline, not a headline ("记者节" is no byline: a name follows a label and a break)."""
    text = line.strip()
    return bool(_OWN_LINE_BYLINE.match(text)) or (len(text) <= 40 and bool(_ZH_BYLINE.match(text)
                                                                           or _ZH_REPORTED_FROM.match(text)))


@dataclass(frozen=True)
class Dateline:
    """A line of page metadata around a date. ``date`` is None where the line
    dates the text itself rather than its publication (a speech's
    "(October 10, 2017)" under its title); ``outlet`` as printed, if the line names one."""

    date: FoundDate | None
    outlet: str | None = None


_UPDATED_LABEL = re.compile(r"\b(?:last\s+)?(?:updated|modified|revised)\b|更新|修改", re.I)
_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|released|first published)\b|发布|發布|發佈|发表|發表", re.I)


def _published_date(text: str) -> FoundDate | None:
    """The date a line gives its page's publication: its first stated date,
    unless a label says that one is the update's and another is the
    publication's ("Updated: March 5, 2025 | Published: March 4, 2025")."""
    first = find_stated_date(text)
    if first is None or not _UPDATED_LABEL.search(text[: first.start]) or not _PUBLISHED_LABEL.search(text):
        return first
    label = next((m for m in _PUBLISHED_LABEL.finditer(text) if m.start() >= first.end), None)
    later = find_stated_date(text[label.end():]) if label else None
    if later is None:
        return first
    offset = label.end()
    return FoundDate(later.date, later.end_date, later.time, later.start + offset, later.end + offset,
                     later.year_stated)


# Dates of other things than the page's publication: a crawl, a deadline, a rule taking effect.
_OTHER_DATE = re.compile(
    r"\b(?:retrieved|accessed|crawled|fetched|downloaded|saved|captured|archived|printed|effective|expires?|"
    r"deadline|due|valid)\b|抓取|采集|採集|获取时间|獲取時間|访问时间|打印时间|施行|生效|截止|有效期",
    re.I,
)


_BRACKETED_FIELD = re.compile(r"[【\[]([^【】\[\]]{1,60})[】\]]")


def parse_dateline(line: str, outlets: Outlets) -> Dateline | None:
    """``line`` as a dateline, or None when it says more than a dateline does
    (or dates something else: a crawl, a rule taking effect)."""
    text = _BRACKETED_FIELD.sub(r" | \1 | ", line.strip())  # 【来源：X】【发布时间：Y】: fields apart
    if len(text) > 200 or _OTHER_DATE.search(text):
        return None
    found = _published_date(text)
    if found is None:
        return None
    bare = text.strip("()（） ")
    if text[:1] in "(（" and text[-1:] in ")）" and len(bare) == found.end - found.start:
        return Dateline(None)  # "(October 10, 2017)": the date of the speech or document below
    time = None
    rest = text[: found.start] + " \u3000 " + text[found.end:]
    if found.time is None:
        after = _TIME.search(rest)
        if after:
            hour, minute = int(after["hour"]), after["minute"]
            if after["half"] and 1 <= hour <= 12:  # "3:41 PM", "12:15 a.m."
                hour = hour % 12 + (12 if after["half"][0] in "pP" else 0)
            elif hour < 12 and re.search(r"(?:下午|晚上|晚间|晚間|傍晚)\s*$", rest[: after.start()]):
                hour += 12  # "下午4:30"
            if hour < 24:
                time = f"{hour:02d}:{minute}"
    outlet: str | None = None
    source = _SOURCE.search(rest)
    if source:
        outlet = source["outlet"].strip().rstrip("。.")
        rest = rest[: source.start()]
    for paren in _PAREN.finditer(rest):
        inner = paren["inner"].strip()
        if outlet is None and outlets.resolve(inner):
            outlet = inner
    rest = _PAREN.sub(lambda m: "" if outlets.resolve(m["inner"]) or not m["inner"].strip() else m.group(0), rest)
    labelled = bool(_LABEL.search(rest))
    for pattern in (_TIME, _ZONE, _AGO, _WEEKDAY, COUNTER, _HOTLINE, _FONT, _LABEL):
        rest = pattern.sub(" ", rest)
    kept = []
    for segment in _SEGMENTS.split(rest):
        segment = segment.strip(" ,，:：-–—")
        if not segment:
            continue
        if _BYLINE.match(segment) or _FIELD.match(segment):
            continue
        if _DOMAIN.match(segment) or outlets.resolve(segment):
            if outlet is None:
                outlet = segment
            continue
        # "Example Health Weekly | March 7, 2025", "Published 4 March 2025 · Jane Roe": a name set apart
        # is the page's metadata: a site's name by its form is its outlet; after a label, another name
        # (a byline's) is metadata too, but no outlet.
        if _TITLE_CASE_NAME.fullmatch(segment) and (labelled or SITE_NAME.search(segment)):
            if outlet is None and SITE_NAME.search(segment):
                outlet = segment
            continue
        kept.append(segment)
    # A Chinese character says as much as a short word: "2025年12月8日国家药监局发布公告" is a headline.
    if _weight("".join(kept)) > 12:
        return None
    if time and found.time is None:
        found = FoundDate(found.date, found.end_date, time, found.start, found.end, found.year_stated)
    return Dateline(found, outlet)


def wire_dateline(paragraph: str) -> Dateline | None:
    """A wire's or release's dateline opening a paragraph: its outlet, and its
    date when it states the year. "BEIJING, Dec. 10 (Xinhua) --" (no year: no
    date), "CHENGDU, China, Feb. 7, 2025 /PRNewswire/ --", "(Bloomberg) --",
    "新华社北京3月5日电", "（中央社記者張三台北4日電）"."""
    match = _WIRE.search(paragraph[:160])
    if match is None:
        chinese = _ZH_WIRE.match(paragraph[:60])
        outlet = (chinese["outlet"] or chinese["credited"]) if chinese else None
        return Dateline(None, outlet) if outlet and not outlet.startswith("本") else None
    found = find_stated_date(paragraph[:match.start()] if match["pr"] else paragraph[:match.start("outlet")])
    return Dateline(found if found is not None and found.year_stated else None,
                    (match["outlet"] or match["pr"]).strip())


# "新华社北京3月5日电", "中新网上海3月5日电", "央视网消息": a Chinese wire's dateline (本报讯 names no outlet).
_ZH_WIRE = re.compile(r"^(?P<outlet>[\u4e00-\u9fff]{1,8}?(?:社|网|網|报|報|台))[\u4e00-\u9fff]{0,6}?"
                      r"\d{1,2}月\d{1,2}日(?:电|電|讯|訊)"
                      # "（中央社記者張三台北4日電）": the reporter's name and the place between, the day alone
                      r"|^[（(](?P<credited>[\u4e00-\u9fff]{2,8}?(?:社|网|網|报|報|台))(?:记者|記者)[\u4e00-\u9fff、 ]{2,16}?"
                      r"(?:\d{1,2}月)?\d{1,2}日(?:电|電)")


_LEAD_OUTLET = re.compile(r"^(?:【(?P<a>[^】]{2,16}?)(?P<credit>专讯|專訊|讯|訊|报道|報道)?】"
                          r"|(?P<b>[^\s|｜丨,，。:：]{2,16}?)(?:讯|訊|消息)?\s*[|｜丨]\s*\S"
                          r"|(?P<d>[\u4e00-\u9fffA-Za-z]{2,10}?)(?:\d{1,2}月\d{1,2}日)?(?:讯|訊|消息)\s*[（(:：]"
                          r"|(?P<c>[\u4e00-\u9fff0-9A-Za-z]{2,10}?)(?:记者|記者)\s*\S)")
_COPYRIGHT_OWNER = re.compile(r"(?:版权所有|版權所有|copyright)\s*(?:©|\(c\))?\s*[:：]?\s*(?:\d{4}(?:\s*-\s*\d{4})?\s*)?"
                              r"(?P<owner>[^|｜.,。，;；]{2,40}?)\s*(?:all rights reserved|$|[|｜.,。，;；])", re.I)


def lead_outlet(paragraph: str, outlets: Outlets) -> str | None:
    """A known outlet a lead opens with: "金吾财讯 | ...", "【新华社】...", "新华社记者 ...";
    any outlet a credit names: "【明報專訊】", "新京报讯（记者 ...）"."""
    match = _LEAD_OUTLET.match(paragraph.strip())
    if match is None:
        return None
    name = match["a"] or match["b"] or match["c"] or match["d"]
    if outlets.resolve(name) or match["d"] or match["credit"]:  # "X讯（记者 ...）", "【X專訊】": a credit, known or not
        return name
    if match["b"]:  # "X讯 |": the wire name with its suffix
        full = paragraph.strip()[: match.end("b") + 1]
        if outlets.resolve(full):
            return full
    return None


# A web address or bare domain in a footer (bounded, and entered only where a name starts: linear).
_ADDRESS = re.compile(r"(?<![\w.-])(?:https?://)?(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}(?=[/\s)\]:]|$)", re.I)
# A photo or graphic credit names who took the picture, not who published the page.
_CREDIT = re.compile(r"^\s*[（(]?\s*(?:photo|picture|image|graphic|video|credit|图|圖|图片|圖片|摄影|攝影|视频|視頻)", re.I)


def footer_outlet(lines: list[str], outlets: Outlets) -> tuple[str, str] | None:
    """The outlet a page's last lines (as in the file: Markdown links kept)
    name: a copyright owner ("版权所有：X", "Copyright © 2024 X"), a closing link
    to the article on the outlet's site ("[Reuters](https://...)"), an address
    on an outlet's domain, or a known outlet on a short line of its own.
    Returns (the outlet as printed, how it was found)."""
    for line in reversed(lines):
        for owner in _COPYRIGHT_OWNER.finditer(line):
            name = owner["owner"].strip()
            known = outlets.resolve(name) or outlets.by_address(name)
            if known or re.search(r"[\u4e00-\u9fff]", name):
                return name, "footer"
    for line in reversed(lines):
        link = re.fullmatch(r"\s*\[(?P<text>[^\]]{2,60})\]\((?P<url>[^)\s]+)\)\s*", line)
        if link:
            known = outlets.resolve(link["text"]) or outlets.by_address(link["url"])
            if known:
                return (link["text"] if outlets.resolve(link["text"]) else known.name), "footer link"
    for line in reversed(lines):
        for address in _ADDRESS.findall(line):
            known = outlets.by_address(address)
            if known:
                return known.name, "footer"
    for line in reversed(lines):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).strip()
        if len(text) <= 40 and not text.endswith(tuple(".!?。！？")) and not _CREDIT.match(text):
            named = outlets.find(text)
            # The outlet is what the line says, not a word of it ("【某局启动新一轮集采】" is a heading).
            if named and _weight(_LINE_FIELDS.sub("", text.replace(_printed(text, named[0]), ""))) <= 12:
                return _printed(text, named[0]), "footer"
    return None


def header_outlet(lines: list[str], outlets: Outlets) -> str | None:
    """A known outlet named in the page chrome above the headline ("Contact CFDA",
    "X旗下媒体: X | ...")."""
    for line in lines:
        if len(line) <= 200:
            named = outlets.find(line)
            if named:
                return _printed(line, named[0])
    return None


# What a footer's line holds besides an outlet's name: labels, a reporter's or editor's name, a date.
_LINE_FIELDS = re.compile(r"(?:" + SOURCE_LABEL + r"|" + _FIELD_LABELS + r")\s*[:：]?\s*(?:[\u4e00-\u9fff]{2,4}(?=\s|$))?"
                          r"|[\d\s|｜:：,，.·•©()（）/-]+|\b(?:copyright|all rights reserved|via)\b", re.I)


def _weight(text: str) -> int:
    """How much ``text`` says, separators aside: a Chinese character as much as two letters."""
    leftover = re.sub(r"[\s|:：·•,，/\-–—()（）\[\]【】]+", "", text)
    return len(leftover) + len(re.findall(r"[\u3400-\u9fff]", leftover))


def _printed(line: str, found: tuple[int, object]) -> str:
    """The outlet's name as ``line`` prints it (``Outlets.find`` works on a folded copy of equal length)."""
    start, outlet = found
    for name in sorted(outlet.names, key=len, reverse=True):
        chunk = line[start: start + len(name)]
        if fold_name(chunk) == fold_name(name):
            return chunk
    return outlet.name


# Dates relative to a day the text does not state: never a publication date, but a hint for the editor.
_RELATIVE = re.compile(
    r"\b(?:on|last|this|next|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|today|tonight|last week|this week|last month|earlier this (?:week|month))\b"
    r"|昨日|昨天|今日|今天|前天|本周[一二三四五六日]?|上周[一二三四五六日]?|周[一二三四五六日]|週[一二三四五六日]|星期[一二三四五六日天]"
    r"|下月\d{1,2}日|本月\d{1,2}日|(?<![年\d])\d{1,2}月\d{1,2}日",
)


def relative_date_hint(paragraphs: list[str]) -> str | None:
    """The first date the text gives only relative to an unstated day ("on
    Tuesday", "昨日", "3月17日" without its year), for the editor's report."""
    for paragraph in paragraphs:
        match = _RELATIVE.search(paragraph)
        if match:
            return match.group(0)
    return None
