"""The event an article reports: a conference, forum or meeting held (its
name, dates, venue and city), from the sentence that says it was held or
names it."""

from __future__ import annotations

import re

from ..model import Event
from .dates import find_dates
from .sentences import split_sentences

# Cities that reports name as an event's place. Matching is by whole word.
KNOWN_CITIES = (
    "Beijing", "Shanghai", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Hong Kong",
    "Macao", "Macau", "Jinan", "Qingdao", "Hangzhou", "Suzhou", "Nanjing", "Wuhan", "Chengdu",
    "Xi'an", "Haikou", "Boao", "Sanya", "Xiamen", "Dalian", "Shenyang", "Harbin", "Changsha",
    "Zhengzhou", "Hefei", "Kunming", "Nanning", "Fuzhou", "Taiyuan", "Shijiazhuang", "Lanzhou",
    "Urumqi", "Hohhot", "Guiyang", "Nanchang", "Changchun", "Yinchuan", "Xining", "Lhasa",
    "Zhuhai", "Ningbo", "Wuxi", "Dongguan", "Foshan", "Taizhou", "Lianyungang", "Geneva",
    "Washington", "London", "Singapore", "Tokyo", "Seoul", "Basel", "Boston",
)
_CITY = re.compile(r"\b(" + "|".join(re.escape(c) for c in KNOWN_CITIES) + r")\b")

_EVENT_WORDS = re.compile(
    r"\b(?:Conference|Forum|Session|Summit|Exhibition|Expo|Meeting|Symposium|Congress|Fair|"
    r"Workshop|Seminar|Convention|Assembly|Dialogue|Roundtable|Ceremony|Week|Festival)s?\b"
)
_HELD = re.compile(r"\b(?:was|were|is|has been)\s+(?:successfully\s+|officially\s+|grandly\s+)?"
                   r"(?:held|convened|opened)\b|\btook place\b")
_CLAUSE_BEFORE_VERB = re.compile(
    r",\s*(?:organi[sz]ed|co-organi[sz]ed|hosted|co-hosted|sponsored|guided|supported|chaired)\b.*$"
)
_THEMED = re.compile(r"(?<![A-Za-z])(?P<noun>[A-Za-z]+(?:\s+[A-Za-z]+)?)\s+themed\s+[\"“](?P<theme>[^\"”]{3,200})[\"”]\s*$")
_NAMED_EVENT = re.compile(
    r"\b[Tt]he\s+(?:event|conference|forum|exhibition|expo|meeting|summit|symposium)\s+"
    r"[\"“](?P<name>[^\"”]{5,200})[\"”]"
)
_VENUE = re.compile(
    r"\bat\s+(?:the\s+)?(?P<venue>[A-Z][^;]*?)"
    r"(?=,\s*(?:hosted|organi[sz]ed|co-organi[sz]ed|sponsored|with|where|which|during|and was)\b|\.(?:\s|$)|;|$)"
)
_IN_CITY = re.compile(r"\bin\s+(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:,\s*[A-Z][a-z]+\s+(?:Province|Municipality|Region))?")
_CONNECTORS = {"of", "on", "and", "for", "the", "in", "&", "to", "de", "at"}


def _title_case_run(prefix: str) -> str | None:
    """The capitalised phrase that ends ``prefix``: "... 1st, New Drugs R&D and
    Regulation Internationalization Forum" gives the forum's name."""
    tokens = prefix.split()
    run: list[str] = []
    for token in reversed(tokens):
        if token.endswith((",", ";", ":")) and run:
            break
        bare = token.strip(",;:")
        if bare[:1].isupper() or bare[:1].isdigit() or bare in _CONNECTORS or re.fullmatch(r"\([A-Za-z&]+\)", bare):
            run.append(bare)
        else:
            break
    run.reverse()
    while run and (run[0].lower() in _CONNECTORS or run[0] in ("During", "At", "In", "On")):
        run.pop(0)
    while run and run[-1].lower() in _CONNECTORS:
        run.pop()
    name = " ".join(run)
    return name if name and _EVENT_WORDS.search(name) else None


def find_event(paragraphs: list[str], context_year: int | None) -> Event | None:
    """The event an article reports, from the first sentence that says one was
    held ("X was held on ... at ... in ...") or names one ('The event "X"')."""
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            event = _event_from_sentence(sentence, context_year)
            if event is not None:
                return event
    return None


def _event_from_sentence(sentence: str, context_year: int | None) -> Event | None:
    name = None
    held = _HELD.search(sentence)
    after = sentence
    if held:
        prefix = _CLAUSE_BEFORE_VERB.sub("", sentence[: held.start()].rstrip())
        themed = _THEMED.search(prefix) if "themed" in prefix else None
        if themed:
            noun = themed["noun"].split()[-2:] if themed["noun"].lower().split()[0] == "the" else themed["noun"].split()
            noun = [w for w in noun if w.lower() != "the"]
            name = f"{' '.join(w.capitalize() for w in noun)} on {themed['theme']}"
        else:
            name = _title_case_run(prefix)
        after = sentence[held.end():]
    if name is None:
        named = _NAMED_EVENT.search(sentence)
        if named:
            name = named["name"].strip()
            after = sentence[named.end():]
    if name is None:
        return None
    dates = find_dates(sentence, context_year)
    when = dates[0] if dates else None
    venue_match = _VENUE.search(after)
    venue = venue_match["venue"].strip() if venue_match else None
    if venue and (len(venue) > 160 or find_dates(venue)):
        venue = None
    city = None
    in_city = _IN_CITY.search(after)
    if in_city and _CITY.fullmatch(in_city["city"]):
        city = in_city["city"]
    elif venue and _CITY.search(venue):
        city = _CITY.search(venue).group(1)
    elif in_city and not _EVENT_WORDS.search(in_city["city"]):
        city = in_city["city"]
    return Event(name=name, date=when.date if when else None,
                 end_date=when.end_date if when else None, venue=venue, city=city)
