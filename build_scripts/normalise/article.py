"""Normalise one article: strip web boilerplate, find the headline, dates,
outlet, event, language, summary and key points, and cut the body into blocks.

Everything here is *found* in the text; nothing is invented. A value the text
does not state stays ``None``; the curation step decides whether that deserves
a warning. Editors' corrections are applied afterwards (``curate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Block, Event, Section
from .bylines import (COUNTER, SITE_NAME, SOURCE_LABEL, footer_outlet, header_outlet, is_byline, lead_outlet,
                      parse_dateline, relative_date_hint, wire_dateline)
from .dates import date_from_address, find_numeric_date, find_stated_date
from .events import find_event, speech_event
from .outlets import Outlets, fold_name
from .sentences import split_sentences


class NormaliseError(Exception):
    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Found:
    """What the text of one article states. ``lines`` maps a field to the
    source line it was found on."""

    title: str
    title_line: int
    date: str | None = None
    time: str | None = None
    outlet: str | None = None
    event: Event | None = None
    language: tuple[str, ...] = ()
    summary: str | None = None
    sections: tuple[Section, ...] = ()
    body: tuple[Block, ...] = ()
    body_is_summary: bool = False
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    # A field's other value where two places in the source disagree (the
    # dateline and the page's metadata): the first is used, the other reported.
    conflicts: dict[str, str] = field(default_factory=dict, compare=False)
    # The outlet as the source prints it, where its name in outlets.yml differs.
    outlet_printed: str | None = None
    # Where a field was found, where that is not the text's own place for it:
    # ("outlet", "footer"), ("date", "page metadata"), ("title", "lead").
    found_from: tuple[tuple[str, str], ...] = ()
    document_number: str | None = None
    author: str | None = None
    # An English headline printed under the Chinese one.
    title_en: str | None = None
    # A date the text gives only relatively ("on Tuesday", "昨日"), when it states no publication date.
    date_hint: str | None = None


# --- boilerplate -------------------------------------------------------------

_CHROME_EXACT = {
    "icon", "search documents", "search", "share", "print", "close", "back", "back to top",
    "top", "menu", "home", "more", "read more", "返回", "打印", "关闭", "分享", "返回顶部",
    "收藏", "首页", "更多", "字号", "大", "中", "小",
}
_CRUMB = re.compile(
    r"^(?:current location|you are here|location|当前位置|您的位置|您现在的位置|所在位置)\s*[:：]"
    r"|^(?:home|首页|首頁)\s*(?:[>»/›|]|\s>)",
    re.I,
)
_SOURCE_LINE = re.compile(r"^\s*" + SOURCE_LABEL + r"\s*[:：]\s*(?P<outlet>\S.{0,120}?)\s*$", re.I)
# Share buttons and copyright notices a page prints around an article.
_SHARE = re.compile(r"^(?:share(?:\s+(?:this|to|on|via))?(?:\s+(?:article|story|page|post))?|分享到|分享至)\s*[:：]", re.I)
_COPYRIGHT = re.compile(r"^(?:copyright\s*(?:©|\(c\))?\s*(?:\d{4}|©)|©\s*\d{4}|版权所有)|all rights reserved", re.I)
_LEAD_LABEL = re.compile(
    r"^(?:core viewpoints?|core insights?|core points?|key points?|summary|摘要|核心观点)\s*[-–:：]\s*",
    re.I,
)
# (Patterns run on source text start a run of spaces or letters only at its first character, with a
# look-behind: tried at every character of a long run, they were quadratic.)
_CITATION = re.compile(r"(?<!\s)\s*(?:\[\d{1,3}\])+")
_SPACE_BEFORE_STOP = re.compile(r"(?<!\s)\s+([.,;。])")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_TERMINAL = tuple(".!?。！？;；")
_BRACKET_HEADING = re.compile(r"^(?:\[(?P<a>[^\]]{1,80})\]|【(?P<b>[^】]{1,80})】)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*$")
_MD_INLINE = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),        # image -> its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),          # link -> its text
    # (Emphasis holds no marker of its own kind and runs 300 characters at most: an unbounded
    # ".+?" tried from every "*" to the end of the line was quadratic on "*a *a *a ...".)
    (re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1"), r"\2"),     # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?!\w)"), r"\1"),  # emphasis
    (re.compile(r"`([^`]+)`"), r"\1"),                          # code
)
_BULLET = re.compile(r"^(?:[-•*·▪●]|\d{1,2}[.)、])\s+(?P<text>\S.*)$")

# Words that page chrome is made of: navigation, e-paper and font controls, social networks.
_CHROME_WORDS = {
    "上一版", "下一版", "上一期", "下一期", "上一篇", "下一篇", "放大", "缩小", "默认", "放大字体", "缩小字体",
    "返回首页", "返回目录", "打印本页", "关闭窗口", "上一條", "下一條", "上一条", "下一条", "往期回顾", "版面导航",
    "apple", "news", "facebook", "twitter", "x", "weibo", "新浪微博", "微博", "微信", "wechat", "instagram",
    "youtube", "linkedin", "whatsapp", "telegram", "line", "qq", "qzone", "email", "print", "share", "rss",
    "search", "archive", "chinese", "english", "english>>", "中文", "繁體", "简体", "繁体", "登录", "注册",
}
_CHROME_TOKEN = re.compile(r"^(?:当前版[:：]?\S*|\d{1,3}版|[A-Z]\d{1,2}版)$")
# "HomeOpinionsBusinessMilitaryWorld...": a menu whose spaces were lost.
# (One way to read each character: linear on any line. Five words glued at least, counted apart.)
_GLUED_MENU = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+|\s[A-Z][a-z]+)*$")
_GLUED = re.compile(r"[a-z][A-Z]")


def _is_chrome_line(text: str) -> bool:
    """A line made only of chrome words, a glued menu, or a list of links
    ("A | B | C | D")."""
    bare = text.strip()
    if _GLUED_MENU.match(bare) and len(_GLUED.findall(bare)) >= 4:
        return True
    tokens = [t for t in re.split(r"[\s|｜]+", bare) if t]
    if tokens and all(t.casefold() in _CHROME_WORDS or _CHROME_TOKEN.match(t) for t in tokens):
        return True
    segments = [seg.strip() for seg in re.split(r"[|｜]", bare) if seg.strip()]
    return len(segments) >= 4 and all(len(seg) <= 24 and not seg.endswith(_TERMINAL) for seg in segments)


def _is_chrome(text: str) -> bool:
    bare = text.strip().strip("|·•-–—>»").strip()
    return (bare.casefold() in _CHROME_EXACT or bool(_CRUMB.match(bare))
            or (bool(COUNTER.search(bare)) and len(COUNTER.sub("", bare).strip()) < 4)
            or (len(bare) < 150 and bool(_SHARE.match(bare) or _COPYRIGHT.search(bare))))


def plain_markdown(line: str) -> str:
    """A Markdown source's line as text: inline markup removed (headings and
    list bullets are kept, they become blocks)."""
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line


def cjk_share(text: str) -> float:
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    if not cjk:  # most texts: counting their letters would be 0.2 ms of a source's 5 ms
        return 0.0
    return cjk / (cjk + len(_LATIN.findall(text)) / 4)


def language_of(text: str) -> str:
    return "zh" if cjk_share(text) >= 0.5 else "en"


def strip_citations(text: str) -> str:
    return _SPACE_BEFORE_STOP.sub(r"\1", _CITATION.sub("", text)).strip()


# --- sentences -----------------------------------------------------------------

# --- body blocks ---------------------------------------------------------------

def _continues(previous: str, line: str) -> bool:
    """``line`` is a wrapped continuation of ``previous`` (hard-wrapped prose)."""
    if not previous or previous.endswith(_TERMINAL) or previous.endswith((":", "：")):
        return False
    first = line.lstrip("\"“'‘(")[:1]
    return first.islower()


def _word_count(text: str) -> int:
    return len(text.split()) + len(_CJK.findall(text)) // 2


def _is_prose(text: str) -> bool:
    return len(text) > 100 or (text.endswith(_TERMINAL) and _word_count(text) >= 8)


def _heading_text(text: str) -> str:
    text = text.strip().rstrip(":：").strip()
    return text[:1].upper() + text[1:]


def _is_table(rows: list[str]) -> bool:
    """Rows of a table as the readers write one (``a | b | c``, PDF and Word
    tables): the same number of cells in each, and more than a caption's
    "Name | Role" (three rows, or three cells)."""
    if len(rows) < 2 or not all(" | " in row for row in rows):
        return False
    cells = {row.count(" | ") + 1 for row in rows}
    return len(cells) == 1 and (len(rows) >= 3 or cells.pop() >= 3)


def _table_lines(numbered: list[tuple[int, str]]) -> set[int]:
    """The numbers of the lines that are rows of a table (``_is_table``): runs
    of non-blank lines, as ``cut_blocks`` cuts them."""
    found: set[int] = set()
    run: list[tuple[int, str]] = []
    for number, text in [*numbered, (0, "")]:
        if text.strip():
            run.append((number, text.strip()))
            continue
        if _is_table([t for _, t in run]):
            found.update(n for n, _ in run)
        run = []
    return found


def cut_blocks(numbered: list[tuple[int, str]]) -> list[Block]:
    """Cut numbered lines into headings, paragraphs, line groups and lists."""
    chunks: list[list[tuple[int, str]]] = [[]]
    for number, text in numbered:
        if text.strip():
            chunks[-1].append((number, text.strip()))
        elif chunks[-1]:
            chunks.append([])
    blocks: list[Block] = []
    for chunk in chunks:
        if not chunk:
            continue
        if _is_table([text for _, text in chunk]):
            blocks.append(Block("table", items=tuple(text for _, text in chunk), line=chunk[0][0]))
            continue
        logical: list[list] = []
        for number, text in chunk:
            if "\t" in text:  # (split, not a pattern with \s* around the tabs: that was quadratic on long runs)
                text = " — ".join(part.strip() for part in re.split(r"\t+", text))
            if logical and _continues(logical[-1][1], text):
                logical[-1][1] += " " + text
            else:
                logical.append([number, text])
        if len(logical) <= 4 and " | " in logical[0][1]:  # a photo caption: "Name | Role"
            blocks.append(Block("lines", items=tuple(t for _, t in logical), line=logical[0][0]))
            continue
        pending: list[list] = []

        def flush(next_is_prose: bool) -> None:
            if not pending:
                return
            if (len(pending) == 1 and next_is_prose and _word_count(pending[0][1]) <= 8
                    and not pending[0][1].endswith(_TERMINAL) and " | " not in pending[0][1]):
                blocks.append(Block("heading", text=_heading_text(pending[0][1]), line=pending[0][0], level=4))
            else:
                blocks.append(Block("lines", items=tuple(t for _, t in pending), line=pending[0][0]))
            pending.clear()

        for index, (number, text) in enumerate(logical):
            bracket = _BRACKET_HEADING.match(text)
            bullet = _BULLET.match(text)
            md_heading = _MD_HEADING.match(text)
            if md_heading:
                flush(True)
                blocks.append(Block("heading", text=_heading_text(md_heading["text"]), line=number))
            elif bracket:
                flush(True)
                blocks.append(Block("heading", text=_heading_text(bracket["a"] or bracket["b"]), line=number))
            elif text.endswith((":", "：")) and len(text) <= 60:
                flush(True)
                blocks.append(Block("heading", text=_heading_text(text), line=number, level=4))
            elif bullet:
                flush(False)
                if blocks and blocks[-1].kind == "list" and index and _BULLET.match(logical[index - 1][1]):
                    last = blocks.pop()
                    blocks.append(Block("list", items=last.items + (bullet["text"],), line=last.line))
                else:
                    blocks.append(Block("list", items=(bullet["text"],), line=number))
            elif _is_prose(text):
                flush(True)
                blocks.append(Block("paragraph", text=text, line=number))
            else:
                pending.append([number, text])
        flush(len(logical) == 1)  # a short line standing alone is a heading
    return blocks


# --- a digest item's own structure: "Core Viewpoint - ... Group 1 - ... - ..." --

_GROUP_TAIL = re.compile(r"^(?P<content>.*?)\s+(?P<heading>Group\s+\d+(?::[^-–]*)?)$")


def parse_structured_summary(text: str) -> tuple[str, tuple[Section, ...]] | None:
    """Split a digest item's body into its lead and its sections of points.

    Items separate points with " - "; a section heading ("Group 1: Event
    Overview", or a bare phrase) follows the last citation marker of the point
    before it. Returns ``None`` when the text has no such structure."""
    label = _LEAD_LABEL.match(text)
    if not label:
        return None
    segments = re.split(r"(?<!\s)\s+[-–]\s+", text[label.end():])
    lead, heading = _split_tail(segments[0])
    sections: list[Section] = []
    points: list[str] = []
    for segment in segments[1:]:
        content, next_heading = _split_tail(segment)
        if content:
            points.append(strip_citations(content))
        if next_heading is not None:
            sections.append(Section(_section_heading(heading), tuple(points)))
            heading, points = next_heading, []
    if points or heading:
        sections.append(Section(_section_heading(heading), tuple(points)))
    sections = [s for s in sections if s.points]
    return strip_citations(lead), tuple(sections)


def _split_tail(segment: str) -> tuple[str, str | None]:
    """Separate a trailing section heading from a point's text."""
    match = re.match(r"^(?P<content>.*(?:\[\d{1,3}\])+[.。]?)\s+(?P<heading>\S.*)$", segment)
    if match:
        return match["content"], match["heading"].strip()
    match = _GROUP_TAIL.match(segment) if "Group" in segment else None
    if match:
        return match["content"], match["heading"].strip()
    if re.fullmatch(r"Group\s+\d+(?::.*)?", segment.strip()):
        return "", segment.strip()
    return segment, None


def _section_heading(heading: str | None) -> str | None:
    if heading is None:
        return None
    heading = re.sub(r"^Group\s+\d+\s*:?\s*", "", heading).strip()
    return heading or None


# --- the whole article -----------------------------------------------------------

# " date 2020-04-27 ...": an archive's or crawler's date stamped before the page text.
_DATE_PREFIX = re.compile(r"^\s*date\s*[:：]?\s*(?P<date>(?:19|20)\d{2}-\d{1,2}-\d{1,2})\b\s*")
_HEAD_LINES = 15
_TITLE_CHARS = 120


def _date_of(value: object) -> str | None:
    found = find_numeric_date(str(value)) if value else None
    return found.date if found else None


def is_kicker(first: str, second: str) -> bool:
    """``first`` is a Chinese paper's kicker (引题) above the headline
    ``second``: both Chinese, the kicker a statement (a number, a comma) half
    as long again as the short headline under it, which is no subtitle
    (a subtitle, 副题, starts with a dash)."""
    return (language_of(first) == "zh" and language_of(second) == "zh" and 6 <= len(second) <= 30
            and len(first) >= 1.5 * len(second) and bool(re.search(r"\d|[，,]", first))
            and not first.endswith(("。", "！", "？", "?", "!")) and not second.startswith(("—", "-", "－")))


# Where a page's <title> or an archive's title puts the site's name: "Headline | Site", "标题_频道_某某网".
_TITLE_PARTS = re.compile(r"\s+[|｜\-–—·]\s+|\s*[_｜]\s*")


def without_site_name(title: str, outlets: Outlets, outlet: object = None) -> str:
    """A page's own title without the site's name (and the section before it)
    that pages add to it: "Headline | Example News" -> "Headline",
    "标题_新闻中心_示例网" -> "标题". A name is the site's when it is a known
    outlet, the page's outlet, or has a site name's form; what is left must
    still be a headline of three words or six characters."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    known = fold_name(str(outlet)) if outlet else None
    cut = len(parts)
    while cut > 1:
        tail = parts[cut - 1].strip()
        site = outlets.resolve(tail) or (known and fold_name(tail) == known) or (
            SITE_NAME.search(tail) and len(tail) <= 40)
        section = cut < len(parts) and (len(tail) <= 6 if language_of(tail) == "zh" else _word_count(tail) <= 2)
        if not (site or section):
            break
        cut -= 1
    kept = title[: _start_of_part(title, parts, cut)].strip() if cut < len(parts) else title
    if language_of(kept) == "zh" and len(kept) >= 6 or _word_count(kept) >= 3:
        return kept
    return title


def _start_of_part(title: str, parts: list[str], index: int) -> int:
    """Where the separator before ``parts[index]`` starts in ``title``."""
    position = 0
    for part in parts[:index]:
        position = title.index(part, position) + len(part)
    return position


# A release's credit ("News provided by" over the company's name, or on its line): not a headline.
_PROVIDED_BY = re.compile(r"(?:news\s+|content\s+)?(?:provided|distributed|issued|released)\s+by\b\s*:?", re.I)
# Small words of English prose, which a headline has and a menu ("Home News World Health") has not.
_FUNCTION_WORD = re.compile(r"\b(?:to|of|for|in|on|the|a|an|and|with|as|at|by|from|over|after|under|into|its|is|are)\b")


def _is_label(text: str) -> bool:
    """A short English line of names, not prose: a byline's name or job title
    ("Jane Roe", "Senior Editor"), an outlet's ("Example News"), a section's."""
    return (language_of(text) == "en" and _word_count(text) <= 3 and not _FUNCTION_WORD.search(text)
            and not text.endswith(_TERMINAL) and not re.search(r"\d", text))


def _reads_as_headline(text: str) -> bool:
    """An English line of four words or more, with the small words of prose (a menu has none)."""
    return language_of(text) == "en" and _word_count(text) >= 4 and bool(_FUNCTION_WORD.search(text))


def _over_standfirst(upper: str, lower: str) -> bool:
    """``upper`` is a headline and ``lower`` its standfirst: both English
    prose of a few words, the headline without a full stop, neither holding
    the other (a breadcrumb's "Home > X" over "X")."""
    return (_reads_as_headline(upper) and language_of(lower) == "en" and _word_count(lower) >= 6
            and not upper.endswith(_TERMINAL) and upper.casefold() not in lower.casefold()
            and lower.casefold() not in upper.casefold())


def headline_above_the_date(before: list[tuple[int, str]], above: list[tuple[int, str]],
                            credits: set[tuple[int, str]]) -> tuple[int, str] | None:
    """The headline among the lines above a page's date (``above``), when it
    is not the line right above the date. ``before``: those that can be a
    headline; ``credits``: an outlet's or a company's credit ("TVB News",
    "News provided by" and the name under it).

    Between the headline and the date may stand short labels (a byline's name
    and job title: "Jane Roe" / "Senior Editor") and credits; and under an
    English headline its standfirst ("China to fast-track drug approvals" /
    "Regulator says 50 drugs have applied"). Then the headline is the line
    above the labels, or above its standfirst when that line is the first to
    read as a headline (only chrome and labels above it). Else None: the line
    right above the date is the headline."""
    lines = list(above)
    while lines and (lines[-1] in credits or (lines[-1] in before and _is_label(lines[-1][1]))):
        lines.pop()
    if not lines or lines[-1] not in before:
        return None
    last = lines[-1]
    if len(lines) >= 2 and lines[-2] in before and _over_standfirst(lines[-2][1], last[1]) \
            and (len(lines) < 3 or not _reads_as_headline(lines[-3][1])):
        return lines[-2]
    if len(lines) == len(above):
        return None
    if language_of(last[1]) == "zh":  # a Chinese headline over an outlet's English name ("TVB News")
        return last if len(last[1]) >= 6 and not re.search(r"[A-Za-z]", last[1]) else None
    return last if _reads_as_headline(last[1]) else None


def _headline_like(text: str) -> bool:
    """A line that can be a headline: not a paragraph (a sentence that goes on
    after its full stop, or a long one), not chrome."""
    if _is_chrome_line(text) or _is_chrome(text) or not re.search(r"\w", text) or is_byline(text):
        return False
    if len(text) > 1000 or (text.endswith(_TERMINAL) and (len(text) > 300 or _word_count(text) > 30)):
        return False
    return not re.search(r"。(?=\S)|[.!?]\s+(?=[A-Z\u4e00-\u9fff].{20,})", text)


def title_from_lead(text: str) -> str:
    """A headline for a source that has none: its lead's first sentence, cut
    at a clause boundary when long."""
    sentence = split_sentences(text)[0] if split_sentences(text) else text
    sentence = sentence.rstrip("。.!?！？:：;；")
    if len(sentence) <= _TITLE_CHARS:
        return sentence
    cut = max(sentence.rfind(mark, 0, _TITLE_CHARS) for mark in (",", "，", ";", "；", "、", ":", "：", " - "))
    if cut >= 30:
        return sentence[:cut].rstrip()
    space = sentence.rfind(" ", 0, _TITLE_CHARS)
    return (sentence[:space] if space >= 30 else sentence[:_TITLE_CHARS]).rstrip(" ,，") + " …"


def normalise_article(article: Article, found_meta: dict | None = None, *,
                      title_given: bool = False, outlets: Outlets | None = None) -> Found:
    """Find everything the text of ``article`` states about itself. With
    ``title_given`` (an editor set the title) a missing headline is no error.
    ``found_meta``: what the file's own metadata says (an HTML page's meta
    tags, a Markdown archive's front matter); the text wins where it states
    the same. ``outlets``: the curated outlet list, for outlet cues and names."""
    found_meta = found_meta or {}
    outlets = outlets or Outlets()
    numbered = [(article.first_line + i, line.rstrip()) for i, line in enumerate(article.lines)]
    if article.document.format == "md":
        numbered = [(n, plain_markdown(t)) for n, t in numbered]
    numbered = [(n, t) for n, t in numbered if not _is_chrome(t)]
    meta_date = _date_of(found_meta.get("date"))
    meta_from = found_meta.get("date_from", "page metadata")
    if numbered and not article.header:
        first = next((i for i, (_, t) in enumerate(numbered) if t.strip()), None)
        prefix = _DATE_PREFIX.match(numbered[first][1]) if first is not None else None
        if prefix:
            meta_date = meta_date or _date_of(prefix["date"])
            meta_from = "page metadata" if meta_date == _date_of(prefix["date"]) else meta_from
            numbered[first] = (numbered[first][0], numbered[first][1][prefix.end():])
    nonblank = [(n, t.strip()) for n, t in numbered if t.strip()]
    if not nonblank:
        if article.header:
            raise NormaliseError("this digest item has a headline but no text; it was skipped",
                                 article.first_line - 2)
        raise NormaliseError("the file has no text; add the article's text or delete the file",
                             article.first_line)
    lines: dict[str, int] = {}
    conflicts: dict[str, str] = {}
    found_from: dict[str, str] = {}
    date = time = outlet = title_en = None
    header = article.header
    consumed: set[int] = set()
    title_from_meta = found_meta.get("title")

    if header:
        title, title_line = header["title"], article.first_line - 2
        date, time, outlet = header.get("date"), header.get("time"), header.get("outlet")
        lines.update(date=title_line + 1, outlet=title_line + 1)
        date = _date_of(date)
    else:
        title = title_line = None
        head = nonblank[:_HEAD_LINES]
        # An archive's front matter names the headline; the text may repeat it, or not print it at all.
        honoured = title_from_meta if found_meta.get("title_from") == "front matter" else None
        for index, (number, text) in enumerate(head if not honoured else ()):
            dateline = parse_dateline(text, outlets)
            if dateline is None:
                continue
            if any(t.endswith(_TERMINAL) and _word_count(t) >= 8 for _, t in head[:index]):
                break  # a date below the text's first paragraph: a notice's signature, not a dateline
            if dateline.date is not None:
                date, time = dateline.date.date, dateline.date.time
                lines["date"] = number
            if dateline.outlet:
                outlet = COUNTER.sub("", dateline.outlet).strip().rstrip("。.") or None
                lines["outlet"] = number
            consumed.add(number)
            # A line that is only an outlet's name ("PR Newswire") is a credit, not the headline.
            credits = [(n, t) for n, t in head[:index] if outlets.resolve(t)]
            if credits and outlet is None:
                outlet, lines["outlet"] = credits[-1][1], credits[-1][0]
            # An outlet's name, a release's "News provided by" and the company under it: credits, not headlines.
            credit_lines = {(n, t) for i, (n, t) in enumerate(head[:index]) if outlets.resolve(t)
                            or _PROVIDED_BY.match(t) or (i and _PROVIDED_BY.fullmatch(head[i - 1][1]))}
            before = [(n, t) for n, t in head[:index] if _headline_like(t) and (n, t) not in credit_lines]
            if before:
                title_line, title = headline_above_the_date(before, head[:index], credit_lines) or before[-1]
                # A Chinese headline printed right above its English one: the Chinese is the headline.
                above = [(n, t) for n, t in head[:index] if n < title_line]
                if (above and above[-1] in before and above[-1][0] == title_line - 1 and language_of(title) == "en"
                        and language_of(above[-1][1]) == "zh" and not _CRUMB.match(above[-1][1])):
                    title_en = title
                    title_line, title = above[-1]
            else:
                after = [(n, t) for n, t in head[index + 1:] if _headline_like(t)]
                if after and not _is_prose(after[0][1]):
                    title_line, title = after[0]
                    # A Chinese paper's kicker (引题) printed above its headline: the headline is the next line.
                    if len(after) > 1 and after[1][0] == title_line + 1 and is_kicker(title, after[1][1]):
                        title_line, title = after[1]
            consumed.update(n for n, _ in head[:index])  # page chrome above the headline
            if title_line is not None:
                consumed.update(n for n, _ in head if n <= title_line)
            break
        if honoured:
            for number, text in head:
                dateline = parse_dateline(text, outlets)
                if dateline is not None and dateline.date is not None:
                    date, time, lines["date"] = dateline.date.date, dateline.date.time, number
                    consumed.add(number)
                    break
        if title is None and title_from_meta:
            # The page's own title (front matter, <title>, og:title), where the text has it as a line.
            wanted = " ".join(str(title_from_meta).split())
            bare = without_site_name(wanted, outlets, found_meta.get("outlet"))
            match = next(((n, t) for n, t in head
                          if " ".join((_MD_HEADING.match(t) or [None, t])[1].split()) in (wanted, bare)), None)
            if match:
                title_line, title = match
                consumed.update(n for n, _ in head if n <= title_line)
            else:
                title, title_line = bare, nonblank[0][0]
                found_from["title"] = found_meta.get("title_from", "page metadata")
        if title is None:
            # The headline stands above the text: never after its first paragraph.
            prose = next((n for n, t in head if (t.endswith((".", "。")) and _word_count(t) >= 8) or len(t) > 300),
                         None)
            candidates = [(n, t) for n, t in head if _headline_like(t) and (prose is None or n < prose)]
            # A label of a few words ("Contact EXA", "What's New") above a real headline is chrome.
            candidates = [c for c in candidates if _word_count(c[1]) >= 4] + \
                [c for c in candidates if _word_count(c[1]) < 4]
            if candidates and (candidates[0][0] == head[0][0] or not _is_prose(candidates[0][1])):
                title_line, title = candidates[0]
                consumed.update(n for n, _ in head if n <= title_line)
            else:
                title_line = head[0][0]
                lead = head[0][1] if not _headline_like(head[0][1]) else \
                    next((t for n, t in nonblank if _is_prose(t)), head[0][1])
                title = title_from_lead(lead)
                found_from["title"] = "lead"
                if not title_given and not title:
                    raise NormaliseError("no headline found: put the headline on the first line or set "
                                         "'title:' in the sidecar", title_line)
        md_title = _MD_HEADING.match(title)
        if md_title:
            title = md_title["text"]
        if title_from_meta and title == " ".join(str(title_from_meta).split()):
            # The page's <title> as the reader put it over the text ("Headline | Example News"): the headline.
            title = without_site_name(title, outlets, found_meta.get("outlet"))
        if date is None and meta_date:
            date = meta_date
            lines["date"] = title_line
            found_from["date"] = meta_from
        elif date and meta_date and meta_date != date:
            conflicts["date"] = meta_date
    lines["title"] = title_line

    # A notice's number under its title: shown with the page's facts, not again as its text's first line.
    document_number = None
    for number, text in nonblank[:_HEAD_LINES]:
        document_number = document_number_of(text) if number != title_line else None
        if document_number:
            consumed.add(number)
            break
    body_lines = [(n, t) for n, t in numbered if n not in consumed]
    # "Source: Outlet" names the publisher; it is not body text.
    for number, text in reversed(body_lines[-6:] + body_lines[:3]):
        match = _SOURCE_LINE.match(text)
        if match:
            # "来源：人民日报  2025年03月05日": the outlet, and the date when the head gave none.
            dateline = parse_dateline(text, outlets)
            if dateline is not None and dateline.outlet:
                outlet = outlet or dateline.outlet.rstrip("。.")
                if date is None and dateline.date is not None:
                    date, time, lines["date"] = dateline.date.date, dateline.date.time, number
            outlet = outlet or match["outlet"].rstrip("。.")
            lines.setdefault("outlet", number)
            body_lines = [(n, t) for n, t in body_lines if n != number]
            break
    # The page's last lines as the file has them (a closing Markdown link keeps its address).
    raw = dict(zip(range(article.first_line, article.first_line + len(article.lines)), article.lines))
    last_lines = [line.strip() for n, line in raw.items() if line.strip() and n > (title_line or 0)][-4:]
    body_lines = _drop_trailing_tags(body_lines)
    content = [(n, t.strip()) for n, t in body_lines if t.strip()]
    lead = next(((n, t) for n, t in content[:4] if _is_prose(t)), content[0]) if content else None
    wire = wire_dateline(lead[1]) if lead else None
    if date is None and wire is not None and wire.date is not None:  # "BEIJING, March 5, 2025 /PRNewswire/ --"
        date, lines["date"] = wire.date.date, lead[0]
    if outlet is None and lead:
        printed = (wire.outlet if wire else None) or lead_outlet(lead[1], outlets)
        if printed:
            outlet = printed
            lines.setdefault("outlet", lead[0])
    by_address = outlets.by_address(str(found_meta.get("address") or "")) if outlet is None else None
    if by_address is not None:  # an address on an outlet's domain: the outlet's page
        outlet = by_address.name
        lines.setdefault("outlet", title_line)
        found_from["outlet"] = "web address"
    if outlet is None and found_meta.get("outlet"):
        outlet = str(found_meta["outlet"])
        lines.setdefault("outlet", title_line)
        found_from["outlet"] = found_meta.get("outlet_from", "page metadata")
    if outlet is None and content:
        footer = footer_outlet(last_lines, outlets)
        if footer:
            outlet, found_from["outlet"] = footer
            lines.setdefault("outlet", content[-1][0])
    if outlet is None and not header:
        # Chrome lines only ("Contact CFDA", a group's list of its papers): not a breadcrumb glued to the headline.
        above = [t for n, t in nonblank[:_HEAD_LINES] if n in consumed and n != title_line
                 and (_is_chrome_line(t) or len(t) <= 30) and title not in t]
        printed = header_outlet(above, outlets)
        if printed:
            outlet = printed
            found_from["outlet"] = "page header"
            lines.setdefault("outlet", title_line)
    if date is None and not header and len(content) >= 3:
        signed = signature_date(content[-4:])
        if signed:
            date, lines["date"] = signed
            found_from["date"] = "signature"
    if date is None and not header and date_from_address(found_meta.get("address")):
        date = date_from_address(found_meta["address"])  # a hint, only when the text states no date
        lines.setdefault("date", title_line)
        found_from["date"] = "web address"
    outlet_printed = None
    known = outlets.resolve(outlet)
    if known and known.name != outlet:
        outlet, outlet_printed = known.name, outlet
    edges = {m for m, _ in content[:3] + content[-3:]}  # chrome stands at the top and the bottom of a page
    edges -= _table_lines(body_lines)  # a table's row is not a menu, even with its cells apart by '|'
    body_lines = [(n, t) for n, t in body_lines if not (n in edges and _is_chrome_line(t))]

    text_lines = [t.strip() for _, t in body_lines if t.strip()]
    structured = parse_structured_summary(" ".join(text_lines)) if text_lines else None
    if structured is not None:
        summary, sections = structured
        body: tuple[Block, ...] = ()
        body_is_summary = True
    else:
        body = tuple(cut_blocks(body_lines))
        summary = _lead_summary(body)
        sections = _list_sections(body)
        body_is_summary = False

    context_year = int(date[:4]) if date else None
    paragraphs = [summary or ""] + [b.text for b in body if b.kind == "paragraph"][:5] \
        if structured else [b.text for b in body if b.kind == "paragraph"][:5]
    event = find_event([p for p in paragraphs if p], context_year, date)
    if event is None or event.name is None:  # a speech's page: the event its headline names
        below = [t for n, t in nonblank if title_line is not None and n > title_line and t.strip() != title][:2]
        event = speech_event(title, below) or event

    body_text = " ".join(text_lines)
    language = tuple(dict.fromkeys([language_of(title), language_of(body_text or title)]))
    date_hint = None if date else relative_date_hint([title] + [b.text for b in body if b.kind == "paragraph"][:3])
    return Found(title=title, title_line=title_line, date=date, time=time, outlet=outlet, title_en=title_en,
                 document_number=document_number, author=found_meta.get("author"),
                 date_hint=date_hint,
                 event=event, language=language, summary=summary, sections=sections,
                 body=body, body_is_summary=body_is_summary, lines=lines, conflicts=conflicts,
                 outlet_printed=outlet_printed, found_from=tuple(sorted(found_from.items())))


# A document's number as issuers print it: an issuer's abbreviation, the year in brackets and the
# number (国药监械注〔2025〕12号, 药监综药注函〔2024〕3号), a year's numbered announcement
# (2025年第12号), or in English "No. 12 [2025]", "[2025] No. 12".
_DOCUMENT_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
    r"|(?:19|20)\d{2}\s*年\s*第\s*\d{1,4}\s*号"
    r"|\bNo\.\s*\d{1,4}\s*\[(?:19|20)\d{2}\]|\[(?:19|20)\d{2}\]\s*No\.\s*\d{1,4}\b")


def document_number_of(line: str) -> str | None:
    """The document number a line under a title is (that line holds little
    else: a number cited in the text is another document's)."""
    text = line.strip().strip("()（）")
    match = _DOCUMENT_NUMBER.search(text)
    if match is None or len(text) > 60 or text.endswith(("。", ".", "；", ";", "，", ",")):
        return None
    return match.group().strip()


# A weekday in brackets after a signature's date ("2025年3月4日（星期二）").
_WEEKDAY_IN_BRACKETS = re.compile(r"\s*[（(]\s*(?:(?:星期|周|週|礼拜|禮拜)[一二三四五六日天]|"
                                  r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\s*[)）]", re.I)
# What may open a signature's date line: a press release's end mark, a weekday ("Ends/Tuesday, March 4, 2025").
_SIGNATURE_LEAD = re.compile(r"^(?:ends?\s*/\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*)?", re.I)


def signature_date(last: list[tuple[int, str]]) -> tuple[str, int] | None:
    """The date a notice, letter or press release is signed with, as (ISO
    date, line): one of its last lines (not its first) that is a full date
    alone (``2025年3月12日``, ``2025-03-12``, ``March 12, 2025``), under the
    signing body or the text; a government release's ``Ends/Tuesday, March 4, 2025`` or
    ``2025年3月4日（星期二）``; an official document's ``二〇二五年三月四日``."""
    for number, text in reversed(last[1:]):
        text = _SIGNATURE_LEAD.sub("", _WEEKDAY_IN_BRACKETS.sub("", text).strip(" ()（）"))
        found = find_stated_date(text)
        if found is not None and found.year_stated and found.start <= 1 and len(text) <= found.end + 1:
            return found.date, number
    return None


def _drop_trailing_tags(body_lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a category label left at the very end of a clipping ("Forum")."""
    content = [(n, t) for n, t in body_lines if t.strip()]
    if len(content) >= 2:
        number, text = content[-1]
        if _word_count(text) <= 2 and not text.strip().endswith(_TERMINAL) and _is_prose(content[-2][1]):
            return [(n, t) for n, t in body_lines if n != number]
    return body_lines


def _lead_summary(body: tuple[Block, ...]) -> str | None:
    """The lead: the first sentences of the first real paragraph (20 words or
    more: not a byline, caption or label), up to ~150 characters; failing one,
    a short brief's one-sentence paragraph ("NMPA approved 12 drugs in May,
    the agency said.": 8 words or more, ending as a sentence does)."""
    paragraphs = [block.text for block in body if block.kind == "paragraph"]
    lead = next((text for text in paragraphs if _word_count(text) >= 20), None)
    if lead is None:
        lead = next((text for text in paragraphs if _word_count(text) >= 8 and text.rstrip().endswith(_TERMINAL)),
                    None)
    if lead is None:
        return None
    chosen: list[str] = []
    for sentence in split_sentences(lead):
        chosen.append(sentence)
        if sum(len(s) for s in chosen) >= 150 or len(chosen) == 3:
            break
    return strip_citations(" ".join(chosen))


def _list_sections(body: tuple[Block, ...]) -> tuple[Section, ...]:
    """Key points from the text's own lists, each under the heading above it."""
    sections: list[Section] = []
    heading = None
    for block in body:
        if block.kind == "heading":
            heading = block.text
        elif block.kind == "list":
            sections.append(Section(heading, tuple(strip_citations(i) for i in block.items)))
    return tuple(sections)
