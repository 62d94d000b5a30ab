"""Extract people (with the roles the text states), organisations and topics
from a briefing, through the curated registry.

Registry names are found by :class:`matcher.Matcher`. People the registry
does not know are found by patterns (an honorific and a name, a "Name | Role"
caption, a "Name, Role of Org" apposition) and reported, never dropped and
never guessed into the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Briefing, Extraction, Mention, PersonRef, Problem, Unknown, quoted_sentences
from ..normalise.article import cjk_share
from ..normalise.sentences import split_sentences
from ..registry import Registry
from ..chinese_script import ZH_RELATIVE_DAY, to_simplified
from .chinese_names import find_chinese_names, find_chinese_organisations, name_start, romanise
from .figures import QUOTE_CHARS, cut_between_words
from .matcher import Match, Matcher

HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Prof|Professor)"
_HONORIFIC_BEFORE = re.compile(r"(?:^|[^A-Za-z])(?P<h>" + HONORIFIC + r")\.?\s*$")
ROLE_WORDS = {
    "member", "deputy", "director", "president", "vice", "chairman", "chairwoman", "chair", "ceo",
    "cfo", "cto", "coo", "chief", "head", "representative", "secretary", "party", "professor",
    "founder", "co-founder", "senior", "general", "global", "lifetime", "tenured", "commissioner",
    "minister", "governor", "mayor", "manager", "partner", "executive", "lead", "principal",
    "researcher", "scientist", "associate", "assistant", "former", "acting", "honorary", "dean",
    "academician", "counsellor", "counselor", "officer", "inspector", "spokesperson", "spokesman",
    "official", "premier", "secretary-general", "director-general", "administrator", "vice-president",
    "vice-chairman", "vice-chair", "co-chair", "analyst", "spokeswoman", "chairperson", "cmo", "cso",
}
# Words that never appear in a person's name: they make "Silk Road Hall",
# "Core Viewpoint", "Session 2" and the like fail to be people.
NOT_NAME_WORDS = {
    "session", "group", "core", "viewpoint", "viewpoints", "insights", "hall", "road", "silk",
    "forum", "department", "committee", "government", "university", "center", "centre", "ministry",
    "bureau", "administration", "conference", "platform", "exhibition", "opening", "ceremony",
    "basic", "information", "brief", "introduction", "panel", "discussion", "voice", "industry",
    "global", "drug", "drugs", "chinese", "china", "national", "international", "the", "of", "and",
    "pavilion", "station", "expo", "plan", "year", "five", "group", "hong", "kong", "macao",
    "shanghai", "beijing", "shenzhen", "new", "medical", "products", "association", "council",
    "summit", "meeting", "award", "day", "week", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december",
    "office", "affairs", "health", "state", "public", "security", "food", "daily", "news", "times",
    "key", "points", "point", "note", "notes", "source", "sources", "editor", "summary", "background", "update",
    "photo", "question", "answer", "q", "a", "reporter", "host", "moderator", "speaker", "chapter", "part",
    "registration", "number", "license", "licence", "copyright", "address", "tel", "email", "fax", "phone",
    "website", "contact", "date", "time", "updated", "published", "related", "read", "more", "tags",
}
ORG_WORDS = re.compile(
    r"\b(?:Administration|Department|Bureau|Government|University|Association|Committee|Commission|"
    r"Center|Centre|Group|Company|Corporation|Inc|Ltd|Institute|Hospital|Agency|Organi[sz]ation|"
    r"Council|Ministry|Office|Foundation|Fund|Bank|Banking|Biotech|Therapeutics|Pharma|"
    r"Pharmaceuticals?|Bioservices|Chamber|Federation|Society|Academy|School|College|Laborator(?:y|ies)|"
    r"Authority|Pharmacopeia|Conference)\b"
)

# A name's word: "Wang", "Chung-mau" (a hyphenated given name), "Fu-chun", "José", "Müller".
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_TOKEN = f"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)?"
_NAME = _NAME_TOKEN + r"(?:\s[A-Z]\.)?(?:[ -]" + _NAME_TOKEN + r"){1,2}"  # a middle initial: "Jane A. Roe"
_CAPTION = re.compile(
    r"^(?:(?P<h>" + HONORIFIC + r")\.?\s*)?(?P<name>[A-Z][a-z]+(?:\s+[A-Za-z][a-z]+){1,2})\s*(?:\||—)\s*(?P<role>\S.*)$"
)
_WITH_HONORIFIC = re.compile(r"(?<![A-Za-z])(?P<h>" + HONORIFIC + r")\.?\s*(?P<name>" + _NAME_TOKEN
                             + r"(?:\s[A-Z]\.)?(?:\s+" + _NAME_TOKEN + r"){0,2})\b")
_APPOSITION = re.compile(
    r"(?:^|[.;]\s+|[\"”]\s*|\band\s+|\bby\s+|\bwith\s+|\bsaid\s+|\b[Aa]ccording to\s+)"
    r"(?!" + HONORIFIC + r"\.?\s)(?P<name>" + _NAME
    + r"),\s*(?=(?:(?:an?|the)\s+)?(?:[A-Z]?[\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3}['’]s\s+)?(?P<word>[A-Za-z-]+)\b)"
)
_ACRONYM_ORG = re.compile(
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:of|and|for|the|on|in|&|[A-Z][\w&'’.-]*)){1,10})\s*\((?P<acronym>(?=(?:[a-z&-]*[A-Z]){2})[A-Z][A-Za-z&-]{1,11})\)"
)
# A listed company named with its stock code: "Example Bio (HKEX: 02162)", "Example Medical (2252.HK)",
# "(NASDAQ: EXMP)"; in Chinese "示例医疗(02252)", "示例药业（688123.SH）". The code names a company, whatever its name.
_EXCHANGE = r"(?:HKEX|SEHK|HKSE|SSE|SZSE|BSE|NASDAQ|Nasdaq|NYSE|AMEX|TSE|TYO|LSE|SIX|KRX|KOSDAQ|ASX|SGX|STAR)"
_LISTED = re.compile(
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of|and)){0,5})\s*\((?:" + _EXCHANGE
    + r"\s*:\s*[A-Z0-9.]{1,8}|\d{4,6}\.(?:HK|SH|SZ|BJ))(?:[;,][^)]{1,30})?\)")
_LISTED_ZH = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,14})\s*[（(](?:" + _EXCHANGE + r"\s*[:：]\s*)?"
                        r"(?P<code>\d{4,6})(?:\.(?:HK|SH|SZ|BJ))?[）)]")
# A company by what the text says of it: "bought by Amgen", "a subsidiary of X", "US drugmaker X", "the firm X".
_COMPANY_CUE = re.compile(
    r"\b(?:(?:acquired|bought|owned|purchased) by|(?:a |the )?(?:subsidiary|unit|division) of|"
    r"(?:drug ?maker|(?:pharmaceutical|pharma|biotech(?:nology)?|medtech|medical device) (?:company|firm|group)|"
    r"device maker|vaccine maker|company|firm|manufacturer|start-?up|giant))"
    r"\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})")
# Cheap tests that a text may hold one of the above (the patterns are slow to try at every position).
_LISTED_HINT = re.compile(r"[(（](?:" + _EXCHANGE + r"\s*[:：]|\d{4,6}(?:\.(?:HK|SH|SZ|BJ))?[)）])")
_COMPANY_WORDS = ("acquired by", "bought by", "owned by", "purchased by", "subsidiary of", "unit of", "division of",
                  "maker", "company", "firm", "group", "manufacturer", "startup", "start-up", "giant")
_ZH_TIME_LEAD = re.compile(rf"^(?:{ZH_RELATIVE_DAY}|本周|上周)")
_WORD = re.compile(r"[A-Za-z][A-Za-z&-]*")
# (A run of spaces is entered only at its first one, with a look-behind: tried at every space of
# a long run, these were quadratic.)
_TITLE_TAIL = re.compile(r"(?:(?<!\s)\s*,|(?<!\s)\s+(?:of|at|in|for))?(?:(?<!\s)\s+the)?(?<!\s)\s*$")
# Whose the organisation after a title is ("director of the agency's drug department"): not the title.
_POSSESSIVE_TAIL = re.compile(r"(?:(?<!\s)\s+(?:of|at|in|for))?(?:(?<!\s)\s+(?:the|its|their|his|her))?(?<!\s)\s+[\w-]+['’]s$")
_COMMA = re.compile(r"(?<!\s)\s*,\s*")
_ROLE_LEAD = re.compile(r"^\s*(?:\||—|,|\t)\s*")
_ROLE_FROM = re.compile(r"^\s+(?:from|of|at)\s+(?:the\s+)?")
_ROLE_END = re.compile(
    r"(?<!\s)\s+(?:were|was|who|delivered|shared|attended|said|noted|focused|discussed|moderated|hosted|"
    r"spoke|gave|presented|introduced|emphasized|emphasised|pointed|explained)\b|[;()]|\.(?:\s|$)"
)


# "Vice Minister Wu Zhen", "WHO Director-General Margaret Chan", "President Xi Jinping": a title before a name;
# a minister's or secretary's title with its remit ("Secretary for Health Lo Chung-mau", "Minister of Health and
# Welfare Chen Ming"), and an honorific between title and name ("the Secretary for Health, Professor Lo").
_TITLE_BEFORE = re.compile(
    r"(?<![A-Za-z])(?P<title>(?i:(?:(?:vice|deputy|executive|assistant|former|acting|prime|permanent|under)\s+){0,3}"
    r"(?:minister|premier|president|director-general|director general|deputy director|commissioner|"
    r"secretary-general|chairman|chairwoman|governor|mayor|ambassador|spokesperson|spokesman|spokeswoman|"
    r"chief executive(?: officer)?|ceo|general manager|managing director|founder|head|director|"
    r"chief (?:medical|scientific|science|operating|financial|technology|technical|commercial|business|strategy)"
    r" officer|"
    r"administrator|academician|(?=secretary\s+(?:for|of)\s)secretary))"
    r"(?:\s+(?:for|of)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3}(?=,|\s+(?:"
    + HONORIFIC + r"\.?\s+)?" + _NAME_TOKEN + r"\s+" + _NAME_TOKEN + r"))?)"
    r"(?:,\s*|\s+)(?:" + HONORIFIC + r"\.?\s+)?(?P<name>" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,3})"
)
# Last words of a company's name that a person's never has.
_COMPANY_NAME_END = re.compile(r"\b(?:Capital|Partners|Ventures|Holdings|Medical|Health|Healthcare|Technologies|"
                               r"Technology|Sciences|Biosciences|Robotics|Systems|Solutions|Labs|Bio|Biologics|"
                               r"Biopharma|Biopharmaceuticals?|Biotherapeutics|Medicines|Vaccines?)$")
# "Zhao Ming, who heads the Example Centre": a role said with a verb.
_WHO_HEADS = re.compile(r"(?P<name>" + _NAME + r"),\s+who\s+(?P<verb>heads|leads|chairs|directs|runs)\s+(?:the\s+)?"
                        r"(?P<org>[A-Z][\w&'’-]*(?:\s+(?:of|for|and|the|&|[A-Z][\w&'’-]*)){0,8})")
_WHO_ROLE = {"heads": "head", "leads": "head", "runs": "head", "chairs": "chair", "directs": "director"}
# Cheap tests that a text may hold a title before a name, or an organisation's name by its form:
# the patterns themselves are slow to try at every position of every text.
_TITLE_HINT = re.compile(r"(?i)minister|premier|president|director|commissioner|secretary|chair|governor|mayor|officer|"
                         r"ambassador|spokes|chief executive|administrator|academician|\bceo\b|general manager|"
                         r"founder|\bhead\b")
# A transcript's speaker label opening a line: "Jane Roe: We have approved ...".
# (What follows is what was said: six words at least, not a field's value such as "Licence Number: 123".)
_SPEAKER = re.compile(r"^(?P<name>" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){1,2}):\s+(?=(?:\S+\s+){5}\S)")
_GLUED_VERB = re.compile(r"(?<=[a-z]{2})(?:said|says)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CHINESE_ORG_TAIL = re.compile(r"[\u4e00-\u9fff]{2,30}$")
_CHINESE_ORG_SUFFIX = re.compile(r"(?:局|司|委|部|院|会|中心|公司|集团|办|厅|署|所|处|协会|大学|医院|政府|法院|银行)$")  # Simplified
# Titles of the people who wrote or edited a report, not of its people.
BYLINE_TITLES = {"记者", "記者", "编辑", "編輯", "通讯员", "通訊員"}


# A name ending in an organisation's word, or a company's legal suffix (for unknown organisations).
_ORG_HEAD = (r"(?:Administration|Bureau|Commission|Committee|Ministry|Department|Office|Agency|Authority|Council|"
             r"Institutes?|University|Hospital|Association|Society|Federation|Foundation|Academy|College|Center|"
             r"Centre|Laboratories|Group|Corporation|Company|Therapeutics|Pharmaceuticals?|Biosciences|Biotech|"
             r"Holdings|Bank|Court|Police|Government|Organi[sz]ation|Bio)")
_CO_SUFFIX = (r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.,?\s+Limited|Co\.|Corp\.|Inc\.?|Ltd\.?|Limited|LLC|PLC|plc|AG|GmbH|"
              r"S\.A\.|N\.V\.)(?![A-Za-z]))")
_ORG_HINT = re.compile(_ORG_HEAD + r"\b|\b(?:Co|Inc|Ltd|Limited|LLC|PLC|plc|Corp|AG|GmbH)\b")
_HEAD_WORD = re.compile(_ORG_HEAD + r"$")
_SUFFIX_WORD = re.compile(r"^(?:Co|Ltd|Inc|Corp|Limited|LLC|PLC|plc|AG|GmbH|S\.A|N\.V)\.?,?$")
_CONNECTORS = {"of", "for", "on", "the", "&", "and"}
_TOKEN = re.compile(r"(?:[^\s-]|(?<!-)-(?!-))+")  # "--" parts words: "China--(BUSINESS WIRE)--Example Bio"
_MAX_ORG_WORDS = 14


def _org_runs_in_sentences(text: str) -> list[tuple[int, int, str]]:
    """``_org_runs`` of the sentences of ``text`` that hold an organisation's word
    (the sentences are split once a text, and most hold none), at their offsets in ``text``."""
    found: list[tuple[int, int, str]] = []
    position = 0
    for sentence in split_sentences(text):
        offset = text.find(sentence, position)
        position = max(position, offset + len(sentence))
        if offset >= 0 and _ORG_HINT.search(sentence):
            found += [(offset + start, offset + end, name) for start, end, name in _org_runs(sentence)]
    return found


def _org_runs(text: str) -> list[tuple[int, int, str]]:
    """Names of organisations by their form, as (start, end, name): a run of
    capitalised words (with "of", "for", "the", "&" and "(Shanghai)" between
    them) that ends in an organisation's word ("... Bureau of the X
    Government") or a company's suffix ("... Trading (Shanghai) Co., Ltd.").
    One pass over the words: linear in the text, whatever it holds."""
    found: list[tuple[int, int, str]] = []
    run: list[re.Match] = []

    def close() -> None:
        # Cut the run at "and the" and at a comma before "the" or "and" (bodies listed one after
        # another), then keep each part up to its last head word or suffix.
        if len(run) < 2:
            run.clear()
            return
        parts: list[list[re.Match]] = [[]]
        for index, token in enumerate(run):
            following = run[index + 1].group(0) if index + 1 < len(run) else None
            if token.group(0) == "and" and following == "the":
                parts.append([])
            else:
                parts[-1].append(token)
                if token.group(0).endswith(",") and following in ("the", "and"):
                    parts.append([])
        for part in parts:
            last = max((i for i, t in enumerate(part) if _HEAD_WORD.match(t.group(0).rstrip(",.;:")) or
                        (i and _SUFFIX_WORD.match(t.group(0)))), default=None)
            if last is None:
                continue
            rest = part[last + 1:]
            if rest and rest[0].group(0) in ("of", "for", "on"):  # "... Bureau of the X Government"
                # "... Committee for Formulating the Plan": what it does, not its name (a gerund before "the"
                # or at the end; "Group for Deepening Reform" keeps its name).
                gerund = next((i for i, t in enumerate(rest) if t.group(0).endswith("ing")
                               and (i + 1 == len(rest) or rest[i + 1].group(0) == "the")), None)
                if gerund is not None:
                    rest = rest[:gerund]
                while rest and rest[-1].group(0) in _CONNECTORS:
                    rest = rest[:-1]
                last += len(rest[:8])
            elif rest and not all(_SUFFIX_WORD.match(t.group(0)) for t in rest):
                continue  # "the Pharmaceutical Industry": an organisation's word as an adjective
            else:
                last += len(rest)
            words = part[max(0, last + 1 - _MAX_ORG_WORDS): last + 1]
            # A name holds no comma but before a company's suffix ("X, Inc."): "Jane Roe, Director of
            # the X Institute" is a person and her title.
            cut = max((i + 1 for i, t in enumerate(words[:-1]) if t.group(0).endswith(",")
                       and not _SUFFIX_WORD.match(words[i + 1].group(0))), default=0)
            words = words[cut:]
            while words and (words[0].group(0) in _CONNECTORS or _ORG_LEAD_WORD.match(words[0].group(0))):
                words = words[1:]
            # A document's title names a body after its own word ("Opinions of the State Council"): the body.
            if len(words) > 2 and _DOCUMENT_WORD.match(words[0].group(0)) and words[1].group(0) in ("of", "on", "for"):
                words = words[2:]
                while words and words[0].group(0) in _CONNECTORS:
                    words = words[1:]
                on = next((i for i, t in enumerate(words) if t.group(0) == "on"), None)
                words = words[:on] if on else words  # "... on Quality": the document's subject
            if len(words) >= 2:
                start, end = words[0].start(), words[-1].end()
                name = text[start:end].rstrip(",;:")
                if name.endswith(".") and not _SUFFIX_WORD.match(words[-1].group(0)):
                    name = name[:-1]  # the sentence's full stop, not an abbreviation's ("Co.", "Inc.")
                found.append((start, start + len(name), name))
        run.clear()

    for token in _TOKEN.finditer(text):
        if run and "--" in text[run[-1].end():token.start()]:
            close()  # a dash written "--" ends a name: "SUZHOU, China--(BUSINESS WIRE)--Example Bio, Ltd."
        word = token.group(0)
        bare = word.rstrip(",.;:!?\"”’")
        capital = bare[:1].isupper() or (bare[:1] == "(" and bare[1:2].isupper() and bare.endswith(")"))
        if capital or (run and bare in _CONNECTORS) or (run and _SUFFIX_WORD.match(word)):
            run.append(token)
            # A clause ends at a full stop or a comma, unless a company's suffix follows ("X, Inc.").
            if word.endswith((".", ";", ":", "!", "?")) and not _SUFFIX_WORD.match(word) and not re.fullmatch(
                    r"[A-Z]\.|(?:[A-Z]\.){2,}", word):
                close()
            continue
        if run:
            close()
    if run:
        close()
    return found


# A body named by its remit, capitalised ("Department of Health", "Centre for Medical Products Regulation"): one body,
# however common its words; "the Health Commission", "Party Group" name a kind.
_NAMED_REMIT = re.compile(r"^(?:Department|Ministry|Centre|Center|Bureau|Office|Commission|Committee|Council|"
                          r"Administration|Agency|Authority)\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
# Words a document's title opens with ("Opinions of the State Council on ...").
_DOCUMENT_WORD = re.compile(r"^(?:Recommendations|Opinions|Regulations|Measures|Guidelines|Provisions|Notice|Rules|"
                            r"Decision|Decisions|Outline|Plan|Law|Report|Announcement|Circular|Proposals?)$")
# Words a sentence or clause opens with, before an organisation's name.
_ORG_LEAD_WORD = re.compile(
    r"^(?:The|A|An|On|In|At|By|For|From|With|As|According|Under|After|During|Since|While|When|Both|Its|"
    r"Their|This|That|These|Those|Meanwhile|However|Also|And|But|Then|Now|Today|Yesterday|Last|Next|About|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Source|SOURCE|Contact|CONTACT|Photo|PHOTO)$"
)
# Words that name a kind of body; a name made only of them names no body in particular.
GENERIC_ORG_WORDS = {
    "central", "party", "group", "committee", "national", "general", "state", "medical", "device", "devices",
    "administration", "office", "department", "bureau", "commission", "council", "ministry", "agency",
    "authority", "health", "drug", "drugs", "food", "products", "standing", "international", "municipal",
    "provincial", "people's", "people", "government", "public", "security", "affairs", "legal", "legislative",
    "information", "the", "of", "for", "and", "on", "&", "local", "regional", "district", "city", "county",
    "company", "corporation", "hospital", "university", "association", "society", "foundation", "center",
    "centre", "institute", "institutes", "laboratories", "bank", "court", "police", "organization",
    "organisation", "regulatory", "supervision", "market", "regulation", "pharmaceutical", "pharmaceuticals",
}
NOT_ORG_FIRST = {"the", "a", "an", "of", "and", "for", "on", "in", "mr", "mrs", "ms", "dr", "prof", "professor",
                 "minister", "premier", "president", "director", "deputy", "vice", "chairman", "secretary"}


@dataclass(frozen=True)
class _Role:
    title: str
    organisation: str | None  # id
    organisation_name: str | None  # as printed, when not in the registry


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


# A role's owner before its title: "Example Bio's chief executive", "WHO Director-General", "the company's founder".
_OWNER_BEFORE_TITLE = re.compile(
    r"^(?P<owner>[\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3}?)(?:['’]s)?\s+(?P<title>(?i:"
    + "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True)) + r")\b.*)$")


def _starts_with_role_word(text: str) -> bool:
    words = _words(text[:40])
    return bool(words) and words[0].lower() in ROLE_WORDS


def _starts_with_honorific(text: str) -> bool:
    return bool(re.match(HONORIFIC + r"\b", text.strip()))


# The registry file where an entry of each kind the build finds unknown belongs.
REGISTRY_FILE_OF = {"person": "people.yml", "organisation": "organisations.yml", "outlet": "outlets.yml"}


class Extractor:
    """Extraction with one registry; ``extract`` is a pure function of a briefing."""

    def __init__(self, registry: Registry, sources_shown: str = "sources"):
        """``sources_shown``: the sources folder as messages show it (the
        project's ``sources/``, or the folder ``build --sources`` names)."""
        self.registry = registry
        self.matcher = Matcher(registry)
        self.sources_shown = sources_shown

    def _shown(self, briefing: Briefing) -> str:
        """The briefing's source file as messages and the Curation page name it."""
        return f"{self.sources_shown}/{briefing.source}"

    # --- roles -------------------------------------------------------------

    def parse_role(self, after: str, honorific: str | None = None) -> _Role | None:
        """The role stated right after a name: "| Role", "— Role", ", Role of Org",
        or "from Org" (for a professor)."""
        lead = _ROLE_LEAD.match(after)
        if lead is None:
            from_org = _ROLE_FROM.match(after)
            if from_org and honorific in ("Professor", "Prof"):
                rest = _ROLE_END.split(after[from_org.end():], 1)[0].strip(" ,")
                org, org_name = self._organisation_in(rest)
                if not (org or org_name) and rest[:1].isupper() and ORG_WORDS.search(rest) and "," not in rest:
                    org_name = rest  # "Professor X of Example University said": the body, as printed
                if org or org_name:
                    return _Role("Professor", org, org_name)
            return None
        rest = _ROLE_END.split(after[lead.end():], 1)[0]
        segments = [s.strip() for s in _COMMA.split(rest)]
        if segments:  # "Jane Roe, a spokesperson for ...", "Li Li, the director of ...": the role without its article
            segments[0] = re.sub(r"^(?:an?|the)\s+(?=\S)", "", segments[0])
        owner = None
        if segments and not _starts_with_role_word(segments[0]):
            # Whose the role is, before it: "Example Bio's chief executive", "WHO Director-General".
            before_title = _OWNER_BEFORE_TITLE.match(segments[0])
            if before_title:
                owner, segments[0] = before_title["owner"], before_title["title"]
        if not segments or not _starts_with_role_word(segments[0]):
            return None
        kept = [segments[0]]
        for segment in segments[1:]:
            if not segment or _starts_with_role_word(segment) or _starts_with_honorific(segment) \
                    or segment.lower().startswith(("and ", "or ")):
                break
            if segment[0].isupper() or any(m.entity.startswith("organisation/") for m in self.matcher.find(segment)):
                kept.append(segment)
            else:
                break
        text = ", ".join(kept).strip(" ,")
        org, org_name = self._organisation_in(text)
        title = re.sub(r"\s+(?:with|of|at|for|from|in)$", "", self._title_without_organisation(text) or "")
        if owner and not (org or org_name):
            org, printed = self._organisation_in(owner)
            org_name = printed or (owner if owner[:1].isupper() else None)
        return _Role(title or text, org, org_name)

    def _organisation_in(self, text: str) -> tuple[str | None, str | None]:
        """The most specific registry organisation named in ``text`` (a
        department over its ministry), else an org-like phrase as printed."""
        orgs = [m for m in self.matcher.find(text) if m.entity.startswith("organisation/")]
        if orgs:
            ids = {m.entity for m in orgs}
            for match in orgs:
                entity = self.registry.get(match.entity)
                if entity and entity.parent in ids:
                    return match.entity, None
            return orgs[0].entity, None
        tail = _organisation_tail(text)
        return (None, tail[1]) if tail else (None, None)

    def _title_without_organisation(self, text: str) -> str:
        orgs = [m for m in self.matcher.find(text) if m.entity.startswith("organisation/")]
        cut = orgs[0].start if orgs else None
        if cut is None:
            tail = _organisation_tail(text)
            cut = tail[0] if tail else None
        title = text[:cut] if cut else text
        title = _POSSESSIVE_TAIL.sub("", title.strip())  # "director of the agency's [department]"
        title = _TITLE_TAIL.sub("", title.strip())
        return title.strip(" ,")

    # --- the whole briefing --------------------------------------------------

    def extract(self, briefing: Briefing) -> tuple[Extraction, list[Problem]]:
        units = briefing.text_units()
        mentions: list[Mention] = []
        roles: dict[str, list[_Role]] = {}
        person_order: list[str] = []
        unknown: list[Unknown] = []
        problems: list[Problem] = []
        topic_hits: dict[str, list[tuple]] = {}
        # One string per distinct sentence (a summary repeats the text's first
        # sentences): a cached briefing then loads each once, not once a mention.
        sentences: dict[str, str] = {}

        english = tuple(briefing.language) == ("en",)
        for index, (key, text, line) in enumerate(units):
            matches = self.matcher.find(text)
            # A Chinese disclaimer or footer under an English article does not make its topics.
            foreign = english and key[0] == "block" and cjk_share(text) >= 0.5
            for match in matches:
                sentence = _sentence(text, match.start)
                mentions.append(Mention(match.entity, key, match.start, match.end,
                                        sentences.setdefault(sentence, sentence)))
                if match.entity.startswith("topic/") and not foreign:
                    topic_hits.setdefault(match.entity, []).append(key)
                if not match.entity.startswith("person/"):
                    continue
                if match.entity not in person_order:
                    person_order.append(match.entity)
                role = self._role_after(text, match, units, index)
                if role:
                    roles.setdefault(match.entity, []).append(role)
            if key[0] not in ("title", "title_en"):
                unknown += self._unknown_people(briefing, key, text, line, matches, person_order, roles)
                unknown += self._unknown_organisations(briefing, text, line, matches)
            else:  # a headline: only a title right before a name ("Minister X", "局长X") names a person
                unknown += self._unknown_people(briefing, key, text, line, matches, person_order, roles,
                                                titled_only=True)

        # (Only with an outlet list: a project without registry/outlets.yml keeps outlets as printed.)
        if self.registry.outlets.entries and briefing.outlet and "outlet" not in briefing.curated and not any(
                self.registry.outlets.resolve(name) for name in (briefing.outlet, briefing.outlet_original)):
            # An outlet the text names that outlets.yml lacks: kept as printed, and queued for curation.
            unknown.append(Unknown("outlet", briefing.outlet, self._shown(briefing),
                                   briefing.date_line or briefing.line, briefing.slug))
        organisations: list[str] = []
        outlet = self.outlet_organisation(briefing)
        for mention in mentions:
            if mention.entity.startswith("organisation/") and mention.entity not in organisations:
                organisations.append(mention.entity)
        people: list[PersonRef] = []
        for person_id in person_order:
            entity = self.registry.get(person_id)
            stated = roles.get(person_id, [])
            best = next((r for r in stated if r.organisation or r.organisation_name), stated[0] if stated else None)
            if best:
                people.append(PersonRef(person_id, entity.name, best.title, best.organisation or best.organisation_name, "text"))
                if best.organisation and best.organisation not in organisations:
                    organisations.append(best.organisation)
            else:
                current = entity.current_role(briefing.date)
                if current:
                    people.append(PersonRef(person_id, entity.name, current.title, current.organisation, "registry"))
                else:
                    people.append(PersonRef(person_id, entity.name, None, None, "none"))
        if outlet and outlet not in organisations:
            organisations.append(outlet)
        for found in unknown:
            if found.kind == "person" and not any(p.name == found.name for p in people):
                people.append(PersonRef(None, found.name, found.role, found.organisation, "text" if found.role else "none",
                                        romanise(found.name) if _CJK.match(found.name) else None))

        topics, topic_problems = self._topics(briefing, topic_hits)
        problems += topic_problems
        # One report per name: where the body states it (its line is exact), else the first.
        by_name: dict[tuple[str, str], Unknown] = {}
        for found in unknown:
            name = _org_key(found.name) if found.kind == "organisation" else found.name
            current = by_name.get((found.kind, name))
            if current is None or (current.line == briefing.line and found.line != briefing.line):
                by_name[(found.kind, name)] = found
        unknown = sorted(by_name.values())
        for found in unknown:
            what, file = found.kind, REGISTRY_FILE_OF[found.kind]
            problems.append(Problem(
                self._shown(briefing), found.line, "warning",
                f"{what} '{found.name}' is not in the registry; add it to registry/{file} "
                "(a ready-to-paste entry is on the site's Curation page)"))
        mentions.sort()
        return Extraction(tuple(people), tuple(organisations), outlet, tuple(topics),
                          tuple(mentions), tuple(unknown), quoted_sentences(mentions)), problems

    def outlet_organisation(self, briefing: Briefing) -> str | None:
        """The registry organisation that is the briefing's outlet, if any:
        the outlet's whole name must be one of its names."""
        for name in (briefing.outlet, briefing.outlet_original):
            if not name:
                continue
            for match in self.matcher.find(name):
                if match.start == 0 and match.end == len(name) and match.entity.startswith("organisation/"):
                    return match.entity
        return None

    def _role_after(self, text: str, match: Match, units, index: int) -> _Role | None:
        before = _HONORIFIC_BEFORE.search(text[: match.start])
        honorific = before["h"] if before else None
        role = self.parse_role(text[match.end:], honorific)
        if role is None and not text[match.end:].strip() and index + 1 < len(units):
            # A lines block: "Dr. He Li" then "Director General of ..., NMPA".
            key, next_text, _ = units[index + 1]
            if key[:2] == units[index][0][:2] and len(key) == 3 and _starts_with_role_word(next_text):
                role = self.parse_role(", " + next_text, honorific)
        return role

    def _unknown_people(self, briefing, key, text, line, matches, person_order, roles,
                        titled_only: bool = False) -> list[Unknown]:
        taken = [(m.start, m.end) for m in matches if not m.entity.startswith("topic/")]
        found: list[Unknown] = []

        def overlaps(start: int, end: int) -> bool:
            return any(start < e and end > s for s, e in taken)

        # (start, end, name, honorific, the role the text states before the name)
        candidates: list[tuple[int, int, str, str | None, _Role | None]] = []
        caption = _CAPTION.match(text) if not titled_only else None
        if caption:
            candidates.append((caption.start("name"), caption.end("name"), caption["name"], caption["h"], None))
        for match in _WITH_HONORIFIC.finditer(text) if not titled_only else ():
            candidates.append((match.start("name"), match.end("name"), match["name"], match["h"], None))
        for match in _APPOSITION.finditer(text) if not titled_only else ():
            if match["word"].lower() in ROLE_WORDS:
                candidates.append((match.start("name"), match.end("name"), match["name"], None, None))
        speaker = _SPEAKER.match(text) if not titled_only else None
        if speaker:
            candidates.append((speaker.start("name"), speaker.end("name"), speaker["name"], None, None))
        for match in _TITLE_BEFORE.finditer(text) if _TITLE_HINT.search(text) else ():
            if ORG_WORDS.search(match["name"]) or _COMPANY_NAME_END.search(match["name"]):
                continue  # "founder Example Capital": a body after the title, not a person
            before = self._organisation_before(text[: match.start("title")])
            role = _Role(" ".join(match["title"].split()), *before)
            candidates.append((match.start("name"), match.end("name"), match["name"], None, role))
        for match in _WHO_HEADS.finditer(text) if ", who " in text else ():
            org = match["org"].rstrip(".,;:")
            known, printed = self._organisation_in(org)
            candidates.append((match.start("name"), match.end("name"), match["name"], None,
                               _Role(_WHO_ROLE[match["verb"]], known, None if known else printed or org)))
        for name in find_chinese_names(text):
            if name.title in BYLINE_TITLES:
                continue  # a reporter's or editor's byline: not a person of the story
            candidates.append((name.start, name.end, name.name, None,
                               _Role(name.title, *self._organisation_before(text[: name.title_start]))))
        seen: set[str] = set()
        # At one place, the longest name first, and of two the one whose role the text states before it.
        for start, end, name, honorific, stated in sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0]),
                                                                                     c[4] is None)):
            if overlaps(start, end):
                continue
            chinese = bool(_CJK.match(name))
            if not chinese:
                name = _GLUED_VERB.sub("", name)  # "Fu-chunsaid": a name glued to the verb after it
                tokens = name.split()
                if any(t.lower() in NOT_NAME_WORDS for t in tokens):
                    continue
                if len(tokens) == 1:
                    continue  # "Professor Yang", "Dr. Yu": a surname alone is never a new person
                clean = " ".join(t[:1].upper() + t[1:] for t in tokens)
            else:
                clean = name
            if clean in seen:
                continue
            seen.add(clean)
            taken.append((start, end))
            role = stated or self.parse_role(text[end:], honorific)
            found.append(Unknown("person", clean, self._shown(briefing), line, briefing.slug,
                                 role.title if role else None,
                                 (role.organisation or role.organisation_name) if role else None))
        return found

    def _organisation_before(self, prefix: str) -> tuple[str | None, str | None]:
        """The organisation a title stands behind ("国家药监局药品监管司司长",
        "the WHO Director-General", "NMPA's deputy director"): a registry
        organisation named at the end of ``prefix``, else the Chinese body as printed."""
        tail = prefix[-40:]
        chinese = _CHINESE_ORG_TAIL.search(tail)
        piece = chinese.group(0) if chinese else re.sub(r"(?:'s|’s)?\s*$", "", tail)[-40:]
        best = None
        for match in self.matcher.find(piece):
            if match.entity.startswith("organisation/") and (chinese or match.end == len(piece.rstrip())):
                best = match.entity
        if best:
            return best, None
        if chinese and _CHINESE_ORG_SUFFIX.search(to_simplified(chinese.group(0))):
            body = chinese.group(0)
            return None, body[name_start(body):]  # "据示例医院副院长": the hospital, not 据
        return None, None

    def _unknown_organisations(self, briefing, text, line, matches) -> list[Unknown]:
        """Organisations the registry lacks, by their form: "Name (ACRONYM)",
        a capitalised name ending in an organisation's word or a company's
        suffix ("... Administration", "... Co., Ltd."), a Chinese one ending in
        one ("...局", "...有限公司", "...医院"). Never where a registry name stands."""
        found: list[Unknown] = []
        taken = [(m.start, m.end) for m in matches if m.entity.startswith(("organisation/", "person/"))]

        def add(start: int, end: int, name: str, acronym: str | None = None) -> None:
            key = _org_key(name)
            if any(start < e and end > s for s, e in taken) or any(_org_key(u.name) == key for u in found):
                return
            taken.append((start, end))
            found.append(Unknown("organisation", name, self._shown(briefing), line, briefing.slug,
                                 acronym=acronym))

        if "(" in text:  # every match has its acronym in brackets; most texts have none
            for match in _ACRONYM_ORG.finditer(text):
                if ORG_WORDS.search(match["name"]):  # "Stop Power Ratio (SPR)" is a term, not a body
                    add(match.start(), match.end(), re.sub(r"^(?:The|the)\s+", "", match["name"]).strip(),
                        match["acronym"])
        for start, _, name in _org_runs_in_sentences(text) if _ORG_HINT.search(text) else ():
            words = name.split()
            if len(words) < 2 or words[0].lower() in NOT_ORG_FIRST or not words[0][:1].isupper():
                continue
            if all(w.lower().strip("(),.") in GENERIC_ORG_WORDS for w in words) and not _NAMED_REMIT.search(name):
                continue  # "Central Committee", "Party Group": a kind of body, not one named
            add(start, start + len(name), name)
        for start, end, name in companies_by_cue(text):
            add(start, end, name)
        for start, end, name in find_chinese_organisations(text):
            add(start, end, name)
        for start, end, outlet in self.registry.outlets.find_as_printed(text):
            # A news outlet the text names ("told Reuters", "人民日报健康客户端"): an organisation too.
            add(start, end, outlet.name)
        return found

    def _topics(self, briefing: Briefing, hits: dict[str, list[tuple]]) -> tuple[list[str], list[Problem]]:
        problems = []
        if "topics" in briefing.curated:
            ids = []
            for name in briefing.topics:
                topic = self.registry.topic_by_name(name)
                if topic is None:
                    problems.append(Problem(
                        self._shown(briefing), briefing.line, "warning",
                        f"topic '{name}' is not in registry/topics.yml; use one of its names or ids, "
                        "or add the topic"))
                elif topic.id not in ids:
                    ids.append(topic.id)
            return ids, problems
        prominent = {"title", "title_en", "summary", "point"}
        chosen = [topic for topic, keys in hits.items()
                  if any(k[0] in prominent for k in keys) or len(keys) >= 2]
        return sorted(chosen), problems


_MONTH_OR_DAY = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def companies_by_cue(text: str) -> list[tuple[int, int, str]]:
    """Companies named with their stock code, or by what the text says of
    them ("bought by X", "drugmaker X"), as (start, end, name)."""
    found = []
    listed = _LISTED_HINT.search(text) is not None
    for match in _LISTED.finditer(text) if listed else ():
        name = re.sub(r"^(?:The|the)\s+", "", match["name"]).strip()
        if len(name) >= 2 and name.split()[0].lower() not in NOT_ORG_FIRST:
            found.append((match.end("name") - len(name), match.end("name"), name))
    for match in _COMPANY_CUE.finditer(text) if any(word in text for word in _COMPANY_WORDS) else ():
        name = match["name"].rstrip(".,;:")
        if name.split()[0].lower() not in NOT_ORG_FIRST and not _MONTH_OR_DAY.match(name):
            found.append((match.start("name"), match.start("name") + len(name), name))
    for match in _LISTED_ZH.finditer(text) if listed else ():
        if len(match["code"]) == 4 and re.fullmatch(r"(?:19|20)\d{2}", match["code"]):
            continue  # a year in brackets (《报告（2025）》), not a code
        name = _ZH_TIME_LEAD.sub("", match["name"])
        if 2 <= len(name) <= 10 and not text[:match.start("name")].endswith("《"):
            found.append((match.end("name") - len(name), match.end("name"), name))
    return found


def _org_key(name: str) -> str:
    """An organisation's name as compared for duplicates: "Keymed Biosciences Inc." is "KeyMed Biosciences"."""
    return re.sub(_CO_SUFFIX + r"$", "", name).casefold().strip(" ,.")


def _organisation_tail(text: str) -> tuple[int, str] | None:
    """The organisation a role ends with, when the registry does not know it:
    the shortest "of/at/, X" tail of ``text`` that names a body ("... of the
    Example Regulatory Institute", "... at Acme Therapeutics")."""
    for match in reversed(list(re.finditer(r"(?:\bof|\bat|\bfor|,)\s+(?:the\s+)?(?=[A-Z])", text))):
        organisation = text[match.end():].strip()
        if "," not in organisation and (ORG_WORDS.search(organisation)
                                        or _COMPANY_NAME_END.search(organisation.rstrip("."))):
            return match.start(), organisation.rstrip(".") if not _SUFFIX_WORD.match(organisation.split()[-1]) \
                else organisation
    return None


def _sentence(text: str, offset: int) -> str:
    """The sentence of ``text`` that ``offset`` stands in; of a very long one
    (a text with no full stop), the words around the offset."""
    position = 0
    for sentence in split_sentences(text):
        found = text.find(sentence, position)
        if found <= offset < found + len(sentence):
            return sentence if len(sentence) <= QUOTE_CHARS else _around(sentence, offset - found)
        position = max(position, found + len(sentence))
    return text if len(text) <= QUOTE_CHARS else _around(text, offset)


def _around(text: str, offset: int) -> str:
    """About ``QUOTE_CHARS`` of ``text`` around ``offset``, cut between words."""
    return cut_between_words(text, max(0, offset - QUOTE_CHARS // 2), min(len(text), offset + QUOTE_CHARS // 2))
