"""Split a document into articles.

A digest (a results page of news items) repeats one shape per item: a
headline line, then an ``Outlet· YYYY-MM-DD HH:MM`` line, then the body. Each
item becomes an article; a document without that shape is one article.
"""

from __future__ import annotations

import re

from ..model import Article, Document, Problem
from .bylines import parse_dateline
from .outlets import Outlets

# "Xin Hua She· 2025-12-23 02:49" (the separator is a middle dot or bullet)
ITEM_DATELINE = re.compile(  # (white space bounded: "\s*" on both sides of the outlet was quadratic on long blank runs)
    r"^[ \t]{0,8}(?P<outlet>[^·•\d\s][^·•]{0,79}?)[ \t]{0,8}[·•][ \t]{0,8}"
    r"(?P<date>(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?\s*$"
)

# Text before the first item longer than this is reported, not silently dropped.
_PREAMBLE_REPORT_CHARS = 200


def split_document(document: Document, *, allow_split: bool = True,
                   outlets: Outlets | None = None) -> tuple[list[Article], list[Problem]]:
    """The articles of ``document`` and any problems found while cutting it
    (``outlets``: the registry's, for the outlet a plain digest names)."""
    lines = document.lines
    headers = []
    if allow_split:
        for i in range(1, len(lines)):
            match = ITEM_DATELINE.match(lines[i])
            if match and lines[i - 1].strip():
                headers.append((i - 1, match))
    if not headers:
        digest = split_markdown_digest(document) if allow_split and document.format == "md" else None
        if digest is None and allow_split:
            digest = split_text_digest(document, outlets or Outlets())
        if digest is not None:
            return digest
        listed = list_page_problem(document)
        if listed is not None:
            return [], [listed]
        return [Article(document=document, part=1, parts=1, first_line=document.first_line,
                        lines=lines)], []

    problems: list[Problem] = []
    preamble = "".join(line.strip() for line in lines[: headers[0][0]])
    if len(preamble) > _PREAMBLE_REPORT_CHARS:
        problems.append(Problem(
            document.path, document.first_line, "warning",
            f"dropped {headers[0][0]} lines before the first digest item as page chrome; "
            "if they are an article, move them into a file of their own",
        ))
    articles = []
    bounds = [h[0] for h in headers] + [len(lines)]
    for n, (start, match) in enumerate(headers, start=1):
        body = lines[start + 2: bounds[n]]
        header = {
            "title": lines[start].strip(),
            "outlet": match["outlet"].strip(),
            "date": match["date"],
        }
        if match["time"]:
            header["time"] = match["time"]
        articles.append(Article(
            document=document, part=n, parts=len(headers),
            first_line=document.first_line + start + 2, lines=tuple(body), header=header,
        ))
    return articles, problems


# --- digests in Markdown: a heading per item ("### headline"), as broadcast
# transcripts and newsletters are archived -----------------------------------------

_MD_HEADING = re.compile(r"^(?P<hashes>#{1,4})\s+(?P<text>\S.*?)\s*#*\s*$")
_TAG = re.compile(r"<[^>]{1,200}>")
_BLOCK_END = re.compile(r"</p>|<br\s*/?>|</div>|</li>", re.I)
_STRONG_ALONE = re.compile(r"<p>\s*<strong>(?P<text>[^<]{2,120})</strong>\s*</p>|^\*\*(?P<md>[^*]{2,120})\*\*$", re.I)
_CREDIT = re.compile(r"<strong>\s*([^<]{2,12}?)(?:消息|讯|訊)\s*</strong>")
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_MIN_ITEMS = 3
# Words of the beat: drugs, vaccines, devices, cosmetics and their regulators (English, Simplified, Traditional).
ON_BEAT = re.compile(
    r"\b(?:drugs?|medicines?|pharma\w*|vaccines?|medical (?:devices?|equipment|products?)|cosmetics?|"
    r"NMPA|CFDA|CDE|clinical trials?|biosimilars?|generics?|therap(?:y|ies)|"
    r"(?:volume-based|centrali[sz]ed) (?:procurement|purchasing))\b"
    r"|药|藥|疫苗|器械|化妆品|化妝品|化粧品|临床试验|臨床試驗|医药|醫藥|集采|带量采购|帶量採購",
    re.I,
)


def on_beat(text: str, body: str = "") -> bool:
    """Whether a headline ``text`` (and the ``body`` under it) is about drugs,
    devices, cosmetics or their regulators: a word of the beat in the
    headline, or twice in the body (a passing "医药卫生界" in a report on
    politics is not enough)."""
    return bool(ON_BEAT.search(text)) or len(ON_BEAT.findall(body)) >= 2


def html_text(line: str) -> str:
    """A line of Markdown with HTML in it as plain text: blocks end with a
    space, tags go, entities are decoded."""
    import html

    return " ".join(html.unescape(_TAG.sub(" ", _BLOCK_END.sub(" ", line))).split())


def split_markdown_digest(document: Document) -> tuple[list[Article], list[Problem]] | None:
    """A Markdown digest's items, or None when ``document`` is not one: three
    or more headings of one level, each over its own text. An item whose text
    is a round-up of bold sub-headlines becomes one article per sub-headline.
    Items off the beat are skipped, with one line that names them."""
    lines = document.lines
    headings = [(i, _MD_HEADING.match(line)) for i, line in enumerate(lines)]
    headings = [(i, m) for i, m in headings if m]
    for level in (3, 2, 4):
        items = [(i, m["text"]) for i, m in headings if len(m["hashes"]) == level]
        if len(items) >= _MIN_ITEMS:
            break
    else:
        return None
    title = next((m["text"] for _, m in headings if len(m["hashes"]) < level), None)
    found = _COMPACT_DATE.search(title or "")
    date = None
    if found:
        date = _iso_or_none(*found.groups())
    candidates: list[tuple] = []  # (headline, first line index, lines, the outlet credited)
    bounds = [i for i, m in headings if len(m["hashes"]) <= level]
    for start, headline in items:
        end = next((b for b in bounds if b > start), len(lines))
        body = [html_text(line) for line in lines[start + 1: end]]
        subs = _round_up(lines, start + 1, end)
        if subs:
            # The round-up's credit ("<strong>央视网消息</strong>"), which its sub-items share.
            credit = next((m for line in lines[start + 1: end] for m in _CREDIT.findall(line)), None)
            candidates += [(h, i, b, credit) for h, i, b, _ in subs]
        elif any(body):
            candidates.append((headline, start + 1, tuple(body), None))
    if len(candidates) < 2:
        return None
    return _digest_articles(document, candidates, {"date": date} if date else {})


def _digest_articles(document: Document, candidates: list[tuple], shared: dict) -> tuple[list[Article], list[Problem]]:
    """The articles of a digest's items on the beat, each ``(headline, first
    line index, lines, the outlet credited)``, with what the digest states of
    them all (``shared``: its date, its outlet); one warning names the items
    skipped as off the beat."""
    kept = [c for c in candidates if on_beat(c[0], " ".join(c[2]))]
    skipped = [c[0] for c in candidates if c not in kept]
    problems: list[Problem] = []
    if skipped:
        shown = "; ".join(f"'{h}'" for h in skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        problems.append(Problem(document.path, document.first_line, "warning",
                                f"skipped {len(skipped)} of {len(candidates)} digest items as off the beat (nothing on "
                                f"drugs, devices, cosmetics or their regulators): {shown}; set 'split: false' in the "
                                "sidecar to build the digest as one article"))
    if not kept:
        problems.append(Problem(document.path, document.first_line, "error",
                                f"none of the {len(candidates)} items of this digest is on the beat; nothing was built"))
        return [], problems
    articles = []
    for n, (headline, start, body, credit) in enumerate(kept, start=1):
        header = {"title": headline, **shared}
        if credit:
            header["outlet"] = credit
        articles.append(Article(document=document, part=n, parts=len(kept),
                                first_line=document.first_line + start, lines=body, header=header))
    return articles, problems


# --- digests in plain text: a newsletter's or a column's items under a digest's title -------

# A digest's title says it is one ("Weekly Roundup", "Regulatory Digest", "医药政策周报", "要闻速览").
_DIGEST_TITLE = re.compile(
    r"\b(?:round-?ups?|digest|briefings?|in brief|weekly|newsletter|highlights|week in review|news wrap)\b"
    r"|周报|週報|日报|日報|速览|速覽|要闻|要聞|快讯|快訊|早报|早報|晚报|晚報|一周|一週|盘点|盤點|简报|簡報|汇总|匯總|精选|精選|集锦|集錦",
    re.I)
# An item's headline on its own line: numbered ("1. NMPA approves ..."), in 【】, or in bold (Markdown).
_ITEM_HEAD = re.compile(r"^\s*(?:(?P<num>\d{1,2})[.、)）]\s*(?P<numbered>\S.{3,150}?)|【(?P<bracketed>[^】]{4,80})】"
                        r"|\*\*(?P<bold>[^*]{4,150})\*\*)\s*$")
_TERMINAL = ("。", ".", "；", ";", "：", ":", "，", ",")


def split_text_digest(document: Document, outlets: Outlets) -> tuple[list[Article], list[Problem]] | None:
    """A plain digest's items, or None when ``document`` is not one: a title
    that says it is a digest, then three items or more, each a headline on
    its own line (numbered 1, 2, 3 ..., in 【】 or in bold, one way throughout)
    over its own text. The lines between the title and the first item give
    the date and outlet all items share. A numbered list in an article (a
    notice's points) has no digest's title, and is not cut."""
    lines = document.lines
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank or not _DIGEST_TITLE.search(lines[nonblank[0]]) or len(lines[nonblank[0]]) > 120:
        return None
    heads: dict[str, list[tuple[int, re.Match]]] = {"numbered": [], "bracketed": [], "bold": []}
    for i in nonblank[1:]:
        match = _ITEM_HEAD.match(lines[i])
        if match:
            kind = next(k for k in heads if match[k])
            if not match[kind].rstrip().endswith(_TERMINAL):
                heads[kind].append((i, match))
    kind, items = max(heads.items(), key=lambda item: len(item[1]))
    if kind == "numbered":  # 1, 2, 3 ...: one list, counted from one
        items = [(i, m) for n, (i, m) in enumerate(items, start=1) if int(m["num"]) == n]
    if len(items) < _MIN_ITEMS:
        return None
    shared: dict = {}
    for i in nonblank[1:]:
        if i >= items[0][0]:
            break
        dateline = parse_dateline(lines[i], outlets)
        if dateline is not None and dateline.date is not None:
            shared["date"] = dateline.date.date
            if dateline.outlet:
                shared["outlet"] = dateline.outlet
            break
    candidates = []
    bounds = [i for i, _ in items] + [len(lines)]
    for (start, match), end in zip(items, bounds[1:]):
        body = tuple(line for line in lines[start + 1: end])
        if not any(line.strip() for line in body):
            return None  # a headline without text: a list of headlines, not a digest
        candidates.append((match[kind].strip(), start + 1, body, None))
    return _digest_articles(document, candidates, shared)


def _round_up(lines, start: int, end: int) -> list[tuple[str, int, tuple[str, ...]]]:
    """A flash round-up's sub-items: paragraphs that are only a bold headline,
    each over the text that follows it (two at least; a bold "X消息" label
    opening the item is no headline)."""
    subs: list[tuple[str, int, list[str]]] = []
    for index in range(start, end):
        line = lines[index]
        parts = re.split(r"(<p>\s*<strong>[^<]{2,120}</strong>\s*</p>)", line, flags=re.I) if "<strong>" in line \
            else [line]
        for part in parts:
            bold = _STRONG_ALONE.match(part.strip())
            if bold:
                subs.append((bold["text"] or bold["md"], index, []))
            elif subs and html_text(part):
                subs[-1][2].append(html_text(part))
    subs = [s for s in subs if s[2]]
    if len(subs) < 2:
        return []
    return [(headline, index, (" ".join(body),), None) for headline, index, body in subs]


def _iso_or_none(year: str, month: str, day: str) -> str | None:
    from datetime import date

    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# --- list pages: a regulator's column, a portal's home page, search results ------------

_LIST_LINKS = 10


def list_page_problem(document: Document) -> Problem | None:
    """A refusal for a page that is a list of headlines, not an article: ten
    or more links to dated or numbered articles, with less article text than
    their headlines. The editor gets the headlines on the beat to add instead."""
    links = document.found_meta.get("links") or ()
    if len(links) < _LIST_LINKS:
        return None
    text = sum(len(line.strip()) for line in document.lines)
    if text >= sum(len(title) for title, _ in links):
        return None
    wanted = [(title, href) for title, href in links if on_beat(title)]
    shown = "; ".join(f"'{title}' ({href})" for title, href in wanted[:8])
    more = f" and {len(wanted) - 8} more" if len(wanted) > 8 else ""
    advice = f" On the beat: {shown}{more}." if wanted else " None of them is on the beat."
    return Problem(document.path, 0, "error",
                   f"a list of {len(links)} headlines, not an article: add the articles it links to, "
                   f"one file each.{advice}")
