"""The event an article reports: a conference, forum, meeting or press
conference held (its name, dates, venue and city), from the sentence that
says it was held or names it, in English or Chinese.

Chinese reports say it three ways, each read here: the organiser held it
(省药监局今天（9月12日）下午召开……新闻发布会), it was held somewhere
(……研讨会在北京举行; ……博览会将于11月28日至12月2日在北京举行), or someone spoke
at it (……在省政府例行吹风会上表示). Its date is the first the sentence
states, its year the publication's when the text gives none.
"""

from __future__ import annotations

import re
from datetime import date as date_type

from ..chinese_script import ZH_PART_OF_DAY, ZH_RELATIVE_DAY, to_simplified
from ..model import Event
from .dates import MONTHS, FoundDate, find_dates
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
_HELD = re.compile(r"\b(?:was|were|is|has been|will be|(?:is|are)\s+(?:to|scheduled to|set to|due to)\s+be)\s+"
                   r"(?:successfully\s+|officially\s+|grandly\s+)?(?:held|convened|opened)\b|\btook place\b")
# The organiser holds it: "X will host the International Forum on Y in Beijing on July 8-9".
_HOSTS = re.compile(r"\b(?:will|to|plans to|is to)\s+(?:host|hold|convene|organi[sz]e|stage)\s+(?:the\s+)?"
                    r"(?=(?:\d{4}\s+)?[A-Z])")
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


# Words before a day that put it still to come ("will be held on", "将于"): a day after the publication's
# may then be of its year.
_FUTURE = re.compile(r"\b(?:will|is to|are to|to be held|upcoming|next)\b|将|即将|拟于|拟在")


def _to_come(sentence: str, position: int) -> bool:
    """The words just before ``position`` (80 characters) say what stands there is still to come."""
    return bool(_FUTURE.search(sentence, max(0, position - 80), position))


def _when(dates: list, sentence: str, published: str | None):
    """A sentence's first date, as the event's; None when its year was not
    written and the publication's year puts it after the publication of a
    report of something past ("December 28" in a January report: not a
    date of the year it was published, and which year is not stated)."""
    when = dates[0] if dates else None
    if when is not None and not when.year_stated and published and when.date > published \
            and not _to_come(sentence, when.start):
        return None
    return when


def _title_case_run(prefix: str) -> str | None:
    """The capitalised phrase that ends ``prefix``: "... 1st, New Drugs R&D and
    Regulation Internationalization Forum" gives the forum's name."""
    tokens = prefix.split()
    run: list[str] = []
    for token in reversed(tokens):
        if token.endswith((",", ";", ":")) and run:
            break
        bare = token.strip(",;:")
        if bare[:1].isupper() or bare[:1].isdigit() or bare in _CONNECTORS or re.fullmatch(r"\((?:[A-Za-z&]+|[^\x00-\x7f]+)\)", bare):
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


def _title_case_lead(text: str) -> tuple[str | None, str]:
    """The capitalised phrase that opens ``text``, when it names an event
    ("International Forum on Regulatory Science in Beijing on July 8" gives
    the forum), and what follows it."""
    run: list[tuple[str, int]] = []  # (word, where it ends in text)
    for token in re.finditer(r"\S+", text):
        bare = token.group(0).rstrip(",;:.")
        if not (bare[:1].isupper() or bare[:1].isdigit() or bare in _CONNECTORS):
            break
        if bare in _CONNECTORS and run and run[-1][0] in _CONNECTORS:
            break
        run.append((bare, token.start() + len(bare)))
        if token.group(0) != bare:
            break  # a comma or full stop ends it
    words = [word for word, _ in run]
    # "... Forum on Regulatory Science in Beijing": a known city after "in" is the place, not the name.
    for index, word in enumerate(words):
        if word == "in" and any(_CITY.fullmatch(" ".join(words[index + 1:index + 1 + n])) for n in (1, 2)):
            run = run[:index]
            break
    while run and (run[-1][0] in _CONNECTORS or run[-1][0][:1].isdigit() or run[-1][0].lower().rstrip(".") in MONTHS):
        run.pop()  # "... on July 8-9": the date after the name
    name = " ".join(word for word, _ in run)
    if not name or not _EVENT_WORDS.search(name):
        return None, text
    return name, text[run[-1][1]:]


def find_event(paragraphs: list[str], context_year: int | None, published: str | None = None) -> Event | None:
    """The event an article reports, from the first sentence that says one was
    held ("X was held on ... at ... in ...") or names one ('The event "X"');
    else, without a name, the day its lead sentence says what it reports
    happened (``happened_on``)."""
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            event = _event_from_sentence(sentence, context_year, published)
            if event is not None:
                return event
    lead = split_sentences(paragraphs[0]) if paragraphs else ()
    when = happened_on(lead[0], context_year, published) if lead else None
    return Event(date=when.date, end_date=when.end_date) if when else None


# "Speech by the Minister at the National Conference on X", "Remarks of Y to the Z Forum": a speech's
# page names the event it was given at in its headline.
_SPEECH_TITLE = re.compile(
    r"^(?:(?:Full )?[Tt]ext of\s+|Full text:\s*)?(?:(?:[A-Z][a-z]+ )?(?:Speech|Remarks|Address|Statement|Keynote))\b"
    r".{0,120}?\b(?:at|to) the (?P<name>[A-Z0-9][^()]{5,200}?)\s*(?:\([^()]*\))?\s*$")


def speech_event(title: str, lines_below: list[str]) -> Event | None:
    """The event a speech's headline says it was given at ("Speech by X at
    the National Conference on Y"), dated by a line of its own under the
    headline that is only a date ("(October 10, 2017)"), if there is one."""
    match = _SPEECH_TITLE.match(title.strip())
    if match is None or not _EVENT_WORDS.search(match["name"]):
        return None
    when = None
    for line in lines_below[:2]:
        bare = line.strip().strip("()（）[]")
        dates = find_dates(bare)
        if dates and dates[0].year_stated and dates[0].start == 0 and dates[0].end >= len(bare) - 1:
            when = dates[0]
            break
    return Event(name=match["name"].strip(), date=when.date if when else None,
                 end_date=when.end_date if when else None)


# "today (November 18)", "昨天（7月4日）上午": the day a report happened on, written out after the word for it.
_SAID_DAY = re.compile(
    r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening)|"
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s*\((?P<day>[^()]{3,30})\)"
    rf"|(?:{ZH_RELATIVE_DAY})(?:{ZH_PART_OF_DAY})?[（(](?P<zh_day>[^（()）]{{3,15}})[）)]")
# "On October 9, 2013, ...", "... on October 9, 2013, ...": a day with its year, said with "on".
_ON_DAY = re.compile(r"\b[Oo]n\s+(?=(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))")
# "said on Tuesday", "said Tuesday": a weekday, the publication's own when it is the publication's weekday.
_ON_WEEKDAY = re.compile(r"\b(?P<lead>(?:(?:said|says|announced|reported|told reporters) )?on|said|says|announced|reported|"
                         r"told reporters) (?P<weekday>Monday|Tuesday|Wednesday|"
                         r"Thursday|Friday|Saturday|Sunday)\b(?!\s*\()")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# "7月8日，", "2021年7月8日上午，": a Chinese lead that opens with the day.
_OPENING_DAY = re.compile(rf"^(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}[日号](?:{ZH_PART_OF_DAY})?[，,]")


# "今（4）日", "昨（3）日": Taiwan's papers write the day of the month in brackets inside the word for it.
_TW_DAY = re.compile(r"(?P<word>今|昨)[（(](?P<day>\d{1,2})[）)]日")


def happened_on(sentence: str, context_year: int | None, published: str | None):
    """The day a report's lead sentence says what it reports happened on: the
    day written out after "today" or 今天 ("today (November 18)"), a day with
    its year after "on" ("on October 9, 2013"), the publication's day when
    the lead says "on" its weekday ("said on Tuesday" in a Tuesday's report:
    news names a day of the past week by its weekday, and its own day so), or
    the day a Chinese lead opens with ("7月8日，"), Taiwan's "今（4）日" when the
    publication's date is the 4th (昨: the day before); never after the
    publication (a year not written that would put it there is not
    guessed). A ``FoundDate`` or None."""
    said = _SAID_DAY.search(sentence)
    if said:
        text = said["day"] or said["zh_day"]
        dates = find_dates(text, context_year)
        return _when(dates, sentence, published) if dates and dates[0].end - dates[0].start >= len(text) - 2 else None
    on = _ON_DAY.search(sentence)
    if on:
        dates = [d for d in find_dates(sentence, context_year) if d.start == on.end()]
        if dates and dates[0].year_stated and (published is None or dates[0].date <= published):
            return dates[0]
    weekday = _ON_WEEKDAY.search(sentence)
    # ("will meet on Tuesday" is a day to come; "said Tuesday", whatever was said, is past.)
    if weekday and published and (weekday["lead"] != "on" or not _to_come(sentence, weekday.start())) \
            and _WEEKDAYS[date_type.fromisoformat(published).weekday()] == weekday["weekday"]:
        return FoundDate(published, None, None, weekday.start(), weekday.end(), True)
    taiwan = _TW_DAY.search(sentence)
    if taiwan and published:  # the day the word names, when the publication's date agrees with it
        day = date_type.fromordinal(date_type.fromisoformat(published).toordinal() - (taiwan["word"] == "昨"))
        if day.day == int(taiwan["day"]):
            return FoundDate(day.isoformat(), None, None, taiwan.start(), taiwan.end(), True)
    if _OPENING_DAY.match(sentence):
        dates = find_dates(sentence, context_year)
        if dates and dates[0].start == 0:
            return _when(dates, sentence, published)
    return None


def _event_from_sentence(sentence: str, context_year: int | None, published: str | None) -> Event | None:
    if _is_chinese(sentence):
        return _chinese_event(sentence, context_year, published)
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
        hosts = _HOSTS.search(sentence)
        if hosts:
            name, after = _title_case_lead(sentence[hosts.end():])
    if name is None:
        named = _NAMED_EVENT.search(sentence)
        if named:
            name = named["name"].strip()
            after = sentence[named.end():]
    if name is None:
        return None
    dates = find_dates(sentence, context_year)
    when = _when(dates, sentence, published)
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


# --- Chinese ---------------------------------------------------------------------

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _is_chinese(sentence: str) -> bool:
    """Written in Chinese: more Chinese characters than half its Latin letters (an English sentence
    may hold a Chinese name in brackets; a Chinese one, an English acronym)."""
    han = len(_HAN.findall(sentence))
    return han > 0 and han * 2 > len(_LATIN.findall(sentence))
_ZH_EVENT_NOUN = (r"(?:新闻发布会|发布会|吹风会|座谈会|研讨会|讨论会|论坛|大会|会议|博览会|展览会|交易会|峰会|年会|"
                  r"交流会|推进会|推介会|说明会|听证会|见面会|开幕式|闭幕式)")
_ZH_NOT_IN_NAME = r"[^，。；！？,;!?：:、]"
# The organiser held it: 举行/召开/举办 and the event's name after the verb.
_ZH_HELD_NAMED = re.compile(rf"(?:举行|召开|举办)了?(?P<name>{_ZH_NOT_IN_NAME}{{2,60}}?{_ZH_EVENT_NOUN})")
# When, between an event's name and the verb: 12月20日, 今天（7月5日）上午, 将于11月28日至12月2日.
_ZH_WHEN_WORD = (r"(?:(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[至到-](?:\d{1,2}月)?\d{1,2}[日号])?|"
                 + ZH_RELATIVE_DAY + "|" + ZH_PART_OF_DAY + r"|[（(][^）)]{0,20}[）)])")
# It was held: the event's name, then when (将于 a date) and where (在 a place), then the verb.
_ZH_NAME_HELD = re.compile(
    rf"(?P<name>{_ZH_NOT_IN_NAME}{{2,60}}?{_ZH_EVENT_NOUN})(?:[”」』\"]?)"
    rf"(?:(?:将|已)?于?{_ZH_WHEN_WORD}+|(?:将|已)?于{_ZH_NOT_IN_NAME}{{2,24}}?)?(?:在(?P<place>{_ZH_NOT_IN_NAME}{{1,16}}?))?"
    r"(?:隆重|正式|顺利|盛大)?(?:举行|召开|举办|开幕|闭幕)")
# Someone spoke at it: 在 the event 上 and a verb of saying.
_ZH_SPOKEN_AT = re.compile(
    rf"在(?P<name>{_ZH_NOT_IN_NAME}{{2,60}}?{_ZH_EVENT_NOUN})(?:上|期间)"
    r"(?:表示|指出|说|介绍|宣布|透露|称|强调|发布|通报|答记者问|发言|致辞|讲话|作)")
# What stands between an organiser and the verb, or before a name at its clause's start: not part of either.
_ZH_WHEN = re.compile(_ZH_WHEN_WORD + "|将于|于|在")
_ZH_LEADING_WHEN = re.compile(rf"^(?:{_ZH_WHEN_WORD}|将于|于|在)+")
_ZH_VENUE_END = re.compile(r"(?:中心|酒店|饭店|宾馆|大厦|会堂|礼堂|会馆|展馆|馆|厅|楼|园|室|广场)$")
_ZH_SHORT_CITY = {"京": "北京", "沪": "上海", "穗": "广州", "深": "深圳", "港": "香港", "澳": "澳门", "津": "天津", "渝": "重庆"}


def _chinese_event(sentence: str, context_year: int | None, published: str | None) -> Event | None:
    folded = to_simplified(sentence)  # Traditional matched as Simplified, offset for offset
    name = place = None
    for pattern in (_ZH_SPOKEN_AT, _ZH_HELD_NAMED, _ZH_NAME_HELD):
        match = pattern.search(folded)
        if not match:
            continue
        start, end = _quoted_from(sentence, match.start("name")), match.end("name")
        name = sentence[start:end]
        if pattern is _ZH_SPOKEN_AT and "举行的" in folded[start:end]:  # 在 X 举行的 Y 上: X's Y
            held = folded.index("举行的", start)
            name = sentence[start:held] + sentence[held + 3:end]
        elif pattern is _ZH_HELD_NAMED:  # X 举行 Y: X's Y, X being what stands before the verb in its clause
            clause_start = max(folded.rfind(mark, 0, match.start()) for mark in "，。；,;：:、") + 1
            organiser = _ZH_WHEN.sub("", sentence[clause_start:match.start()]).strip()
            if 2 <= len(organiser) <= 20 and _HAN.search(organiser) and organiser not in name:
                name = organiser + name
        elif pattern is _ZH_NAME_HELD:
            name = _ZH_LEADING_WHEN.sub("", name).strip() or name
            if match["place"]:
                place = sentence[slice(*match.span("place"))].strip()
        break
    if not name:
        return None
    name = name.strip()
    if len(name) > 2 and (name[0], name[-1]) in (("“", "”"), ("「", "」"), ("『", "』"), ('"', '"')) \
            and name[1:-1].count(name[-1]) == 0:
        name = name[1:-1]  # a name quoted whole
    dates = find_dates(sentence, context_year)
    when = _when(dates, sentence, published)
    venue = city = None
    if place in _ZH_SHORT_CITY:
        city = _ZH_SHORT_CITY[place]
    elif place and (_ZH_VENUE_END.search(to_simplified(place)) or len(place) > 6):
        venue = place
    elif place:
        city = place
    return Event(name=name, date=when.date if when else None, end_date=when.end_date if when else None,
                 venue=venue, city=city)


def _quoted_from(text: str, start: int) -> int:
    """``start``, or the opening quotation mark before it when ``start`` is inside a quotation
    (a name quoted with a colon in it: “中国与世界：携手……”国际研讨会)."""
    before = text[:start]
    for opening, closing in (("“", "”"), ("「", "」"), ("《", "》")):
        if before.count(opening) > before.count(closing):
            return before.rindex(opening)
    return start
