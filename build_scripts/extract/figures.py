"""Key figures: the numbers readers come for, as data.

A figure is a value with a unit (a percentage, an amount of yuan, a count of
drugs, devices, patients...), what it measures, the period it covers where
the sentence (or the section it stands in) states one, and the sentence it
came from. Precision matters more than recall: a year, a date, a list number
("[1]", "Group 2"), an ordinal ("14th") or a bare number with no countable
noun after it is never a figure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Briefing, Figure
from ..normalise.sentences import split_sentences
from .chinese_figures import HUNDRED_COUNT, ZH_NUMERAL_COUNT, chinese_figures, number_value

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_QUALIFIER = r"(?:(?P<qual>over|more than|nearly|almost|about|around|approximately|at least|up to|some)\s+)?"
_BEFORE = r"(?<![\w.,/:#\[-])"
_AFTER = r"(?![\w.,:/]\d|\d|\]|:\d|st\b|nd\b|rd\b|th\b)"

PERCENT = re.compile(_BEFORE + _QUALIFIER + _NUMBER + r"\s*(?:%|percent\b|per cent\b)")
MONEY = re.compile(
    _BEFORE + _QUALIFIER
    + r"(?:(?P<cur1>RMB|USD|US\$|\$|€|EUR)\s*)?" + _NUMBER
    + r"\s*(?P<scale>trillion|billion|million|thousand)?\s*(?P<cur2>yuan|RMB|US dollars|dollars|USD|euros|EUR)?\b"
)
TIMES = re.compile(_BEFORE + _QUALIFIER + _NUMBER + r"\s+times\b")
COUNT_NOUNS = (
    "drugs|medicines|devices|products|patients|institutions|hospitals|enterprises|companies|firms|"
    "representatives|countries|regions|batches|projects|types|varieties|applications|trials|cases|"
    "standards|laboratories|labs|centers|centres|experts|participants|exhibitors|people|visitors|"
    "manufacturers|pipelines|approvals|therapies|vaccines|inspections|inspectors|sites|cities|"
    "provinces|agreements|deals|partnerships|items|registrations|licences|licenses|candidates|"
    "molecules|indications|beds|doctors|staff|employees|members|organizations|organisations|"
    "universities|institutes|startups|biotechs|documents|guidelines|regulations|policies|measures|"
    "exporters|importers|distributors|retailers|pharmacies|clinics|platforms|stores|shops|factories|plants|"
    "facilities|suppliers|producers|makers|agencies|users|subjects|volunteers|children|adults|residents|workers|"
    "officials|events|reports|complaints|incidents|violations|recalls|samples|tests|kits|doses|tablets|units|"
    "boxes|bottles|packs|lots|procedures|surgeries|operations|brands|models|categories|counties|markets"
)
COUNT = re.compile(
    _BEFORE + _QUALIFIER + _NUMBER + _AFTER
    + r"\s+(?P<what>(?:[a-zA-Z'’-]+\s+){0,4}?(?P<noun>" + COUNT_NOUNS + r")\b(?!['’])(?:\s+of\s+(?:[a-z'’-]+\s+){0,3}?(?:"
    + COUNT_NOUNS + r"))?)"
)
# A count written in words, as news style writes small ones ("seven hospitals", "three rare disease drugs"):
# "one" is left out (an article as often as a count), and so is a word joined to another ("two-thirds").
SPELLED_VALUES = {word: value for value, word in enumerate(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split(), start=2)}
SPELLED_VALUES.update(thirty=30, forty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90)
SPELLED_COUNT = re.compile(
    r"(?<![\w-])" + _QUALIFIER + r"(?P<word>(?i:" + "|".join(SPELLED_VALUES) + r"))(?![\w-])"
    + r"\s+(?P<what>(?!of\b)(?:[a-zA-Z'’-]+\s+){0,3}?(?P<noun>" + COUNT_NOUNS + r")\b)"
)
_CONFIDENCE = re.compile(r"\s*(?:CI\b|confidence (?:interval|level))", re.I)
_SPELLED_HINT = re.compile(r"(?i)\b(?:" + "|".join(SPELLED_VALUES) + r")\b")
_NOT_BEFORE = re.compile(r"(?:Group|Session|Article|No\.|Phase|Pavilion|Hall|Room|Chapter|Section|Part|Item|Station|Day)\s*$")

PERIODS = (
    re.compile(r"\b(?:from\s+)?(?P<p>(?:" + MONTHS + r")\s+to\s+(?:" + MONTHS + r")\s+(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<p>(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+Five-Year\s+Plan)\b", re.I),
    re.compile(r"\b(?P<p>[Aa]s of\s+(?:" + MONTHS + r")\s+\d{1,2},?\s+(?:19|20)\d{2})"),
    re.compile(r"\b(?P<p>since\s+(?:19|20)\d{2})\b"),
    re.compile(r"\b(?:[Ii]n|[Dd]uring|[Ff]or)\s+(?P<p>(?:19|20)\d{2})\b"),  # a sentence may open with it
    re.compile(r"\b(?P<p>annually|each year|every year|per year)\b"),
)
# Compiled once: these run for every figure (re's own cache costs a lookup a call).
_TO_AT_END = re.compile(r"\bto\s*$")
_CLAUSE_COMMA = re.compile(r",(?!\d{3})")
_TO_NUMBER = re.compile(r"\s*to\s+\d")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_NUMBER_AND_UNIT = re.compile(r"[\d.,]+\s*(?:%|percent|per cent)?")
_LEADING_THE = re.compile(r"^the\s+", re.I)
_AS_OF = re.compile(r"^As of")
_CLAUSE_BREAK = re.compile(r"[;:,()|]")
_WINDOW_WORD = re.compile(r"[A-Za-z'’-]+|\d[\w.,%]*")
_SHARE_OF = re.compile(r"\s+of\s+(?:the\s+)?(?P<w>(?:[a-z][a-z'’-]*\s*){1,5})")
_WHAT_STOP = {"from", "to", "of", "by", "at", "was", "were", "is", "are", "reached", "reaching", "rose",
              "increased", "increase", "grew", "fell", "hit", "totalled", "totaled", "stood", "with",
              "and", "a", "an", "the", "about", "over", "nearly", "around", "approximately", "than",
              "more", "up", "some", "of", "in", "during", "has", "have", "had", "been", "be"}


# Verbs and links that end the phrase naming what a figure measures.
_WHAT_BREAK = {"from", "to", "reached", "reaching", "was", "were", "is", "are", "with", "and", "resulting",
               "resulted", "improving", "improved", "leading", "led", "marking", "representing", "showing",
               "bringing", "raising", "raised", "boosting", "lifting", "pushing", "driving", "making", "saw",
               "sees", "seeing", "show", "shows", "showed", "achieving", "achieved", "hitting", "rising", "growing",
               "totalling", "totaling"}


@lru_cache(maxsize=256)  # a sentence's figures each look for their period in it
def _periods_in(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Every period stated in a sentence: (start, end, period), pattern by pattern."""
    return tuple((match.start(), match.end(), match["p"]) for pattern in PERIODS for match in pattern.finditer(sentence))


def _period(sentence: str, position: int, context: str | None) -> str | None:
    """The period stated nearest to ``position`` in the sentence, else in the
    heading of the section the sentence stands in. The second value of
    "from A <period> to B" does not take A's period."""
    after_only = bool(_TO_AT_END.search(sentence[:position]))
    best = None
    for start, end, period in _periods_in(sentence):
        if after_only and start < position:
            continue
        # Only a period in the figure's own clause: nothing but a lone comma between.
        between = sentence[min(end, position): max(start, position)]
        if ";" in between or (_CLAUSE_COMMA.search(between) and between.strip() != ","):
            continue
        distance = min(abs(start - position), abs(end - position))
        if best is None or distance < best[0]:
            best = (distance, period)
    if best:
        return _clean_period(best[1])
    if _TO_NUMBER.match(_after_number(sentence, position)):
        return None  # the first value of "from A to B": the section's period is B's
    if context:
        for pattern in PERIODS[:2]:
            match = pattern.search(context)
            if match:
                return _clean_period(match["p"])
    return None


def _after_number(sentence: str, position: int) -> str:
    match = _NUMBER_AND_UNIT.match(sentence, position)
    return sentence[match.end() if match else position:]


def _clean_period(period: str) -> str:
    period = _LEADING_THE.sub("", " ".join(period.split()))
    return _AS_OF.sub("as of", period)


def _what_before(sentence: str, start: int) -> str | None:
    """The thing a percentage or amount measures: the words before it, within
    its clause, leaving out period expressions."""
    window = sentence[:start]
    for pattern in PERIODS:
        window = pattern.sub(" | ", window)
    window = _CLAUSE_BREAK.split(window)[-1]
    words = _WINDOW_WORD.findall(window)
    picked: list[str] = []
    for word in reversed(words):
        if word[0].isdecimal():
            break
        if not picked and word.lower() in _WHAT_STOP:
            continue
        if word.lower() in _WHAT_BREAK:
            break
        picked.append(word)
        if len(picked) == 8:
            break
    picked.reverse()
    while picked and picked[0].lower() in _WHAT_STOP:
        picked.pop(0)
    return " ".join(picked) or None


# What ends the noun phrase after "N% of": a verb, a relative pronoun, or a preposition that
# starts a when or where ("100% of trials within 30 days" is a share of "trials", not of "trials
# within"); "for" and "of" stay ("new drugs for rare diseases").
_SHARE_OF_BREAK = {"are", "is", "were", "was", "have", "has", "that", "which", "who", "caused", "in", "with", "by",
                   "within", "during", "since", "after", "before", "across", "per", "via"}


def _share_of(sentence: str, end: int) -> str | None:
    """'62% of global drug shortages are caused...' measures a share of 'global drug shortages'."""
    match = _SHARE_OF.match(sentence, end)
    if not match:
        return None
    words = []
    for word in match["w"].split():
        if word in _SHARE_OF_BREAK:
            break
        words.append(word)
    return ("share of " + " ".join(words)) if words else None


def _taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and end > s for s, e in spans)


_DIGIT = re.compile(r"\d")  # every figure has one (its number); most sentences have none
_CJK_SENTENCE = re.compile(r"[\u4e00-\u9fff]{4}")  # a Chinese sentence (an English one may hold a name in Chinese)


QUOTE_CHARS = 600  # the longest sentence a figure quotes whole; a longer one is quoted around the number
_NUMBER_RUN = re.compile(r"\d+")


def quoted_windows(sentence: str) -> list[str]:
    """``sentence``, or for a longer one (a page's text with no full stop in
    it) the parts of it around its numbers, each at most ``QUOTE_CHARS``,
    cut on word boundaries and marked "…" where cut. Figures are found in
    these: the work and what each figure quotes stay bounded however long
    the text runs on."""
    if len(sentence) <= QUOTE_CHARS:
        return [sentence]
    half = QUOTE_CHARS // 2
    windows: list[tuple[int, int]] = []
    for match in _NUMBER_RUN.finditer(sentence):
        start, end = max(0, match.start() - half), min(len(sentence), match.end() + half)
        if windows and start < windows[-1][1] and end - windows[-1][0] <= QUOTE_CHARS:
            windows[-1] = (windows[-1][0], end)
        elif not windows or match.start() >= windows[-1][1]:
            windows.append((start, end))
    return [cut_between_words(sentence, start, end) for start, end in windows]


def cut_between_words(text: str, start: int, end: int) -> str:
    """``text[start:end]``, its ends moved to the nearest space within 40
    characters, and marked "…" where the text goes on."""
    if start > 0:
        space = text.find(" ", start, start + 40)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", end - 40, end)
        end = space if space != -1 else end
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def figures_in(sentence: str, context: str | None = None) -> list[Figure]:
    """Every figure in one sentence (``context``: the heading above it)."""
    return [figure for part in quoted_windows(sentence) for figure in _figures_in(part, context)]


@lru_cache(maxsize=512)  # a summary's sentences are most often its text's first ones
def _figures_in(sentence: str, context: str | None) -> tuple[Figure, ...]:
    if not _DIGIT.search(sentence) and not (_CJK_SENTENCE.search(sentence) and (
            ZH_NUMERAL_COUNT.search(sentence) or HUNDRED_COUNT.search(sentence))):
        return _spelled_counts(sentence, context) if _SPELLED_HINT.search(sentence) else ()
    if _CJK_SENTENCE.search(sentence):  # Chinese: numbers with measure words and percent signs
        return tuple(figure for _, figure in sorted(chinese_figures(sentence, context), key=lambda item: item[0]))
    found: list[tuple[int, Figure]] = []
    spans: list[tuple[int, int]] = []
    previous_what = None
    for match in PERCENT.finditer(sentence):
        if _CONFIDENCE.match(sentence, match.end()):
            spans.append(match.span())  # a confidence interval's level (95% CI): how sure, not how much
            continue
        if _TO_AT_END.search(sentence[: match.start()]) and previous_what:
            what = previous_what  # "from 97.8% to 99.4%": the same measure
        else:
            what = _share_of(sentence, match.end()) or _what_before(sentence, match.start()) or previous_what
        previous_what = what
        spans.append(match.span())
        found.append((match.start(), Figure(number_value(match["num"]), "%", what, _period(sentence, match.start("num"), context),
                                            sentence, match["qual"])))
    for match in MONEY.finditer(sentence):
        currency = match["cur2"] or match["cur1"]
        if not currency or _taken(spans, *match.span()):
            continue
        currency = {"RMB": "yuan", "USD": "US dollars", "US$": "US dollars", "$": "US dollars", "dollars": "US dollars",
                    "€": "euros", "EUR": "euros"}.get(currency, currency)
        unit = f"{match['scale']} {currency}" if match["scale"] else currency
        spans.append(match.span())
        found.append((match.start(), Figure(number_value(match["num"]), unit, _what_before(sentence, match.start()),
                                            _period(sentence, match.start("num"), context), sentence, match["qual"])))
    for match in TIMES.finditer(sentence):
        if _taken(spans, *match.span()):
            continue
        spans.append(match.span())
        # A multiple compares with a base ("6.2 times the approvals during the
        # 13th Five-Year Plan"): periods after it describe the base, not the figure.
        found.append((match.start(), Figure(number_value(match["num"]), "times", _times_what(sentence, match.end()),
                                            _period(sentence[: match.end()], match.start("num"), context),
                                            sentence, match["qual"])))
    for match in COUNT.finditer(sentence):
        if _taken(spans, *match.span()) or _NOT_BEFORE.search(sentence[: match.start()]):
            continue
        number = match["num"]
        if _YEAR.fullmatch(number):
            continue  # a year, even before a noun ("2025 innovative drugs" is not a count we trust)
        spans.append(match.span())
        what = " ".join(match["what"].split())
        found.append((match.start(), Figure(number_value(number), match["noun"].lower(), what,
                                            _period(sentence, match.start("num"), context), sentence, match["qual"])))
    found += [(match.start(), figure) for match, figure in _spelled_count_matches(sentence, context)
              if not _taken(spans, *match.span())]
    return tuple(figure for _, figure in sorted(found, key=lambda item: item[0]))


def _spelled_counts(sentence: str, context: str | None) -> tuple[Figure, ...]:
    return tuple(figure for _, figure in _spelled_count_matches(sentence, context))


def _spelled_count_matches(sentence: str, context: str | None) -> list[tuple[re.Match, Figure]]:
    """Counts written in words ("seven hospitals"), as figures of their value."""
    found = []
    for match in SPELLED_COUNT.finditer(sentence):
        what = " ".join(match["what"].split())
        found.append((match, Figure(SPELLED_VALUES[match["word"].lower()], match["noun"].lower(), what,
                                    _period(sentence, match.start("word"), context), sentence, match["qual"])))
    return found


def _times_what(sentence: str, end: int) -> str | None:
    match = re.match(r"\s*(?:and\s+\d+(?:\.\d+)?\s+times\s*)?(?:,\s*respectively,?\s*)?(?P<w>(?:the|that of|those of)\s+[^,.;]{3,80})",
                     sentence[end:])
    return " ".join(match["w"].split()) if match else None


def extract_figures(briefing: Briefing) -> tuple[Figure, ...]:
    """The figures of a briefing, from its summary, key points and text, each
    once (a figure repeated in the summary and the text counts once), and its
    headline's whose value the rest does not state."""
    seen: set[tuple] = set()
    figures: list[Figure] = []

    def add(text: str, context: str | None) -> None:
        for sentence in split_sentences(text):
            for figure in figures_in(sentence, context):
                key = (figure.value, figure.unit, (figure.what or "").lower())
                if key not in seen:
                    seen.add(key)
                    figures.append(figure)

    if briefing.summary:
        add(briefing.summary, None)
    for section in briefing.sections:
        for point in section.points:
            add(point, section.heading)
    heading = None
    for block in briefing.body:
        if block.kind == "heading":
            heading = block.text
        elif block.kind == "paragraph":
            add(block.text, heading)
        else:
            for item in block.items:
                add(item, heading)
    # The headline's figure, when the text does not state its value again ("512种救命药械获批" above a
    # text that never repeats 512): last, quoting the headline.
    values = {figure.value for figure in figures}
    for figure in figures_in(briefing.title):
        if figure.value not in values:
            values.add(figure.value)
            figures.append(figure)
    return tuple(figures)


def measure_key(figure: Figure) -> tuple[str, str, str] | None:
    """What two figures must share to be values of the same measure."""
    if not figure.what or not figure.period:
        return None
    return _measure(figure.what, figure.unit, figure.period)


@lru_cache(maxsize=65536)  # a corpus repeats its measures ("innovative drugs", 2025) thousands of times
def _measure(what: str, unit: str, period: str) -> tuple[str, str, str]:
    what = re.sub(r"\b(?:the|a|an|overall|total)\b", " ", what.lower())
    what = " ".join(re.sub(r"['’]s\b", "", what).split())
    return what, unit, period.lower()
