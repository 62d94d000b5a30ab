"""Split a document into articles.

A digest (a results page of news items) repeats one shape per item: a
headline line, then an ``Outlet· YYYY-MM-DD HH:MM`` line, then the body. Each
item becomes an article; a document without that shape is one article.
"""

from __future__ import annotations

import re

from .model import Article, Document, Problem

# "Xin Hua She· 2025-12-23 02:49" (the separator is a middle dot or bullet)
ITEM_DATELINE = re.compile(
    r"^\s*(?P<outlet>[^·•\d][^·•]{0,79}?)\s*[·•]\s*"
    r"(?P<date>(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?\s*$"
)

# Text before the first item longer than this is reported, not silently dropped.
_PREAMBLE_REPORT_CHARS = 200


def split_document(document: Document, *, allow_split: bool = True) -> tuple[list[Article], list[Problem]]:
    """The articles of ``document`` and any problems found while cutting it."""
    lines = document.lines
    headers = []
    if allow_split:
        for i in range(1, len(lines)):
            match = ITEM_DATELINE.match(lines[i])
            if match and lines[i - 1].strip():
                headers.append((i - 1, match))
    if not headers:
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
