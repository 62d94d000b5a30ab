"""People and organisations the registry has never seen, in English and
Chinese (Simplified and Traditional): one short fixture per cue."""

from __future__ import annotations

import pytest
import yaml

from build_scripts.chinese_script import to_simplified
from build_scripts.extract.chinese_names import find_chinese_names, find_chinese_organisations, romanise
from build_scripts.extract.entities import Extractor
from build_scripts.extract.matcher import Matcher
from build_scripts.registry import load_registry, yaml_stub

from .conftest import ROOT
from .test_extract import _briefing


@pytest.fixture(scope="module")
def extractor():
    registry, problems = load_registry(ROOT / "registry", ROOT)
    assert problems == []
    return Extractor(registry)


def _people(extractor, *paragraphs):
    extraction, _ = extractor.extract(_briefing(*paragraphs))
    return [(p.name, p.role, p.organisation, p.romanised) for p in extraction.people if p.id is None]


@pytest.mark.parametrize("text, person", [
    ("The lists were drawn up to speed checks, said Jane Roe, an official with the NMPA, at a briefing on Monday.",
     ("Jane Roe", "official", "organisation/nmpa", None)),
    # A title before the name, a comma between or an organisation before it; a role said with a verb;
    # an article before the role; a professor of a body the registry lacks.
    ("Example Agency head Zhao Mingde said the rules would apply.", ("Zhao Mingde", "head", None, None)),
    ("The company's chief executive, Zhao Mingde, said sales rose.", ("Zhao Mingde", "chief executive", None, None)),
    ("Zhao Mingde, who heads the Example Centre, said reviews were faster.",
     ("Zhao Mingde", "head", "Example Centre", None)),
    ("According to Zhao Mingde, a spokesperson for the Example Agency, the review is done.",
     ("Zhao Mingde", "spokesperson", "Example Agency", None)),
    ("Professor Zhao Mingde of Example University said the data were strong.",
     ("Zhao Mingde", "Professor", "Example University", None)),
    ("The meeting was opened by Vice Minister Zhou Minghua, who set out the plan.",
     ("Zhou Minghua", "Vice Minister", None, None)),
    ("Example Agency Director-General Mary Doe-Smith said: the vaccine meets the standard.",
     ("Mary Doe-Smith", "Director-General", None, None)),
    ("In remarks to the forum, the Secretary for Health, Professor Lo Kin-wah, said the plan would help.",
     ("Lo Kin-wah", "Secretary for Health", None, None)),
    ("Secretary for Health Lo Kin-wah said the plan would help.", ("Lo Kin-wah", "Secretary for Health", None, None)),
    ("Minister of Health and Welfare Chen Mingde said the rules would apply.",
     ("Chen Mingde", "Minister of Health and Welfare", None, None)),
    # a hyphenated role word; a company's officer; a name after a closing quote; no honorific in a name
    ('"This is a milestone," said Zhao Mingde, vice-president of Example Bio.',
     ("Zhao Mingde", "vice-president", "Example Bio", None)),
    ("Example Bio chief medical officer Zhao Mingde said the results were strong.",
     ("Zhao Mingde", "chief medical officer", None, None)),
    ('"We welcome the decision," Zhao Mingde, general manager of Example Pharma China, told reporters.',
     ("Zhao Mingde", "general manager", "Example Pharma China", None)),
    ("Reviews are faster, said Zhao Mingde, director of the agency's drug registration department.",
     ("Zhao Mingde", "director", "organisation/nmpa-department-of-drug-registration", None)),
    # a middle initial; whose the role is, before its title; a possessive before the role word
    ('"We are encouraged," said Dr. Jane A. Roe, chief executive of Example Bio.',
     ("Jane A. Roe", "chief executive", "Example Bio", None)),
    ("Dr Zhao Mingde, WHO Director-General, welcomed the decision.",
     ("Zhao Mingde", "Director-General", "organisation/who", None)),
    ("Zhao Mingde, Example Bio's chief executive, said the launch was on track.",
     ("Zhao Mingde", "chief executive", "Example Bio", None)),
    ("Zhao Mingde, the company's founder, said the approval was a milestone.",
     ("Zhao Mingde", "founder", None, None)),
    ("According to Dr Zhao Mingde, director of the Example Institute, reviews are faster.",
     ("Zhao Mingde", "director", "Example Institute", None)),
    ("WHO Director-General Ann Lee Fung Mei-lingsaid: we welcome the result.",
     ("Ann Lee Fung Mei-ling", "Director-General", "organisation/who", None)),
])
def test_english_cues(extractor, text, person):
    found = _people(extractor, text)
    assert [p[0] for p in found] == [person[0]]
    if person[1]:
        assert found[0][1:3] == person[1:3]


@pytest.mark.parametrize("text, name, title", [
    ("9月2日，省药监局药品注册处处长陈立明在省政府例行新闻发布会上表示，今年已批准一批创新器械。", "陈立明", "处长"),
    ("省药监局局长刘海涛在座谈会上指出，审评流程持续优化。", "刘海涛", "局长"),
    ("市長周文彬作出批示，要求徹查事件。", "周文彬", "市長"),
    ("院長王志強周日發表講話。", "王志強", "院長"),
    ("省長林志強周三出席會議。", "林志強", "省長"),          # a weekday after the name is not part of it
    ("局长李明3日表示，检查将继续。", "李明", "局长"),
    ("示例医疗董事长兼总经理林志强透露，产品已上市。", "林志强", "总经理"),  # two titles, the last before the name
    ("专家组组长何家明说，数据可靠。", "何家明", "组长"),
    ("陈立明局长在会上指出，要加快审评。", "陈立明", "局长"),  # the name before its title
    ("据刘海涛主任介绍，审评时限缩短。", "刘海涛", "主任"),
    ("据示例医院副院长张晓明介绍，试验已完成。", "张晓明", "副院长"),
    ("管理局副局長葉嘉明表示，將擴大試點範圍。", "葉嘉明", "副局長"),
    ("原省卫健委主任孙建国表示，改革将继续推进。", "孙建国", "原主任"),          # a former role keeps its tense
    ("警方將該公司林姓總經理帶走調查。", "林", "總經理"),
])
def test_chinese_role_cues(text, name, title):
    assert [(n.name, n.title) for n in find_chinese_names(text)] == [(name, title)]


def test_no_english_person_where_a_title_stands_before_a_body(extractor):
    for text in ("The company's founder Example Capital invested in the trial.",
                 "The Director General Office issued the notice."):
        assert _people(extractor, text) == [], text


@pytest.mark.parametrize("text", [
    "局长表示将加强监管。",                      # a title alone
    "董事长和总经理等高管出席。",                  # titles alone
    "副主任委员会召开会议。",                      # a committee, not a person
    "药品监督管理局局长出席并讲话。",                # a body before the title, no name
    "该院院长表示将扩建。",
    "（记者陈小明 整合）国庆期间客流增加。",         # a byline (kept out of the story's people by extract)
])
def test_no_chinese_person_without_a_name(extractor, text):
    assert _people(extractor, text) == []


def test_a_chinese_person_is_in_the_briefing_with_role_organisation_and_romanisation(extractor):
    found = _people(extractor, "国家药监局药品监管司司长王建林在座谈会上介绍了新版检查指南的要点。")
    assert found == [("王建林", "司长", "organisation/nmpa-department-of-drug-supervision", "Wang Jianlin")]


def test_a_word_that_leads_to_the_body_is_not_part_of_it(extractor):
    found = _people(extractor, "据示例医院副院长张晓明介绍，该院已开展临床试验二十余项。")
    assert found == [("张晓明", "副院长", "示例医院", "Zhang Xiaoming")]


def test_romanisation_is_family_name_first_and_from_traditional_too():
    assert romanise("陈立明") == "Chen Liming"
    assert romanise("葉嘉明") == "Ye Jiaming"
    assert romanise("習近平") == "Xi Jinping"


def test_a_stub_for_a_chinese_name_round_trips_with_its_romanisation():
    stub = yaml_stub("person", "王建林", "司长", "organisation/nmpa", "sources/a.txt", as_of="2025-07-08")
    [entry] = yaml.safe_load(stub)
    assert entry["name"] == "Wang Jianlin" and entry["name_zh"] == "王建林"
    assert entry["roles"] == [{"title": "司长", "organisation": "nmpa", "as_of": __import__("datetime").date(2025, 7, 8),
                               "source": "sources/a.txt"}]
    assert "machine romanisation" in stub


@pytest.mark.parametrize("text", [
    "Core Viewpoint - The platform was launched.",
    "Group 1 - Group 2 - Session 2: Chinese Drug Regulation Innovation",
    "The session was held at the Silk Road Hall, Pavilion 4.2.",
    "The Party Group of the administration met on Monday to study the plan.",
    "Minister Of Health spoke.",                                            # a title alone
    "The Shanghai Hall hosted the event, said President Hall.",               # a venue; a surname alone
    "Director General Office staff attended the meeting.",
])
def test_no_false_people(extractor, text):
    assert _people(extractor, text) == []


# --- organisations ----------------------------------------------------------------------

def _orgs(extractor, *paragraphs):
    extraction, _ = extractor.extract(_briefing(*paragraphs))
    return [u.name for u in extraction.unknown if u.kind == "organisation"]


@pytest.mark.parametrize("text, names", [
    ("Example Trading (Shanghai) Co., Ltd. reported that the manufacturer, Example Point of Care Inc., recalled "
     "its cartridges.", ["Example Trading (Shanghai) Co., Ltd.", "Example Point of Care Inc."]),
    ("The Pharmaceutical Administration Bureau of the Example Region Government co-organised it.",
     ["Pharmaceutical Administration Bureau of the Example Region Government"]),
    ("Hansen Pharmaceutical Group said Horizon Example Therapeutics had bought the licence.",
     ["Hansen Pharmaceutical Group", "Horizon Example Therapeutics"]),
    ("The Central Committee and the Party Group met.", []),                 # kinds of body, none named
    # Bodies listed one after another, each its own; the sentence's full stop is not part of the last.
    ("It was co-organised by the Health Bureau of the Example Region Government, the Zhejiang Provincial "
     "Medical Products Administration, and the Drug Bureau of the Example Region.",
     ["Health Bureau of the Example Region Government", "Zhejiang Provincial Medical Products Administration",
      "Drug Bureau of the Example Region"]),
    ("It told Reuters on Monday that the drugs were safe.", ["Reuters"]),   # an outlet the text names
    # A document's title names the body after its own word; what a body does is not its name, unless its name says it.
    ("The Opinions of the Example Drug Bureau on Quality were adopted.", ["Example Drug Bureau"]),
    ("The Example Party Central Committee for Drafting the Plan met; the Office of the Leading Group for "
     "Comprehensively Deepening Reform attended.",
     ["Example Party Central Committee", "Office of the Leading Group for Comprehensively Deepening Reform"]),
    # A listed company named with its stock code, whatever its name's form.
    ("Example Medical (2252.HK) and Hansoh (HKEX: 3692) signed the deal.", ["Example Medical", "Hansoh"]),
    ("昨日示例药业（688123.SH）发布公告。", ["示例药业"]),
    # A company by what the text says of it.
    ("The unit, bought by Examplegen in 2023, is now a subsidiary of Sample Holdings.", ["Examplegen", "Sample Holdings"]),
    ("US drugmaker Samplex said on Monday that the company Chairman would stay.", ["Samplex"]),
    ("发布《行业发展报告（2025）》。", []),  # a year in brackets is no code
    ("The minister said on Tuesday the Example Regulatory Institute would open.", ["Example Regulatory Institute"]),
    # a body named by its remit, however common its words; a kind of body named by them is none
    ("The Centre for Medical Products Regulation will take over from the Department of Health.",
     ["Centre for Medical Products Regulation", "Department of Health"]),
    ("The Health Commission and the Party Group met.", []),
])
def test_english_organisations_by_their_form(extractor, text, names):
    assert sorted(_orgs(extractor, text)) == sorted(names)


@pytest.mark.parametrize("text, names", [
    ("武漢市公安對江城醫藥科技有限責任公司展開調查。", ["武漢市公安", "江城醫藥科技有限責任公司"]),
    ("樣品送至北京市疾病預防控制中心檢測。", ["北京市疾病預防控制中心"]),  # a verb inside the name (预防)
    ("江苏常州警方近日破获一起制售假药案。", ["江苏常州警方"]),
    ("浙江省食品藥品監督管理局發出通告。", ["浙江省食品藥品監督管理局"]),
    ("调研组走访了同仁医院等3家医院。", ["同仁医院"]),
    ("由云南省人民政府负责审批。", ["云南省人民政府"]),
    ("经云南省人民政府批准后实施。", ["云南省人民政府"]),  # not "经云南省人民政府"
    ("多家中国内地上市公司受影响，其子公司江城医药有限公司停产。", ["江城医药有限公司"]),  # kinds of body name none
    ("该公司表示全部产品已召回，部分医院已停用。", []),
    ("违法者将以劣药论处，案件查办工作已展开。", []),
    # Bodies listed with 、 beside one found by its form, ending as it does; a kind of body is none.
    ("专家以及东方医院、南山医院、西湖医院等7家医院负责人参加。", ["东方医院", "南山医院", "西湖医院"]),
    ("部分医院、南山医院已停用该产品。", ["南山医院"]),
    ("同仁医院、南山医院、和睦家医院参加。", ["同仁医院", "南山医院", "和睦家医院"]),  # 同, 和 begin names here
])
def test_chinese_organisations_by_their_form(text, names):
    assert sorted(name for _, _, name in find_chinese_organisations(text)) == sorted(names)


def test_registry_names_match_across_scripts(extractor):
    matcher = Matcher(extractor.registry)
    assert {m.entity for m in matcher.find("國家藥監局發布公告")} >= {"organisation/nmpa"}
    assert to_simplified("國家藥監局") == "国家药监局"


def test_an_english_former_role_keeps_its_tense(extractor):
    found = _people(extractor, "The panel included Dr. Jane Roe, former Chief Scientist of the Center for Drug "
                               "Evaluation, who spoke on review reform.")
    assert found == [("Jane Roe", "former Chief Scientist", "organisation/cde", None)]


def test_an_unregistered_organisation_is_listed_on_the_briefing_page(extractor):
    from build_scripts.render.briefing import render_briefing

    briefing = _briefing("Example Trading (Shanghai) Co., Ltd. reported a recall to the National Medical Products "
                         "Administration.")
    extraction, _ = extractor.extract(briefing)
    from dataclasses import replace
    page = render_briefing(replace(briefing, entities=extraction), extractor.registry)
    assert "Example Trading (Shanghai) Co., Ltd. *(not in the registry)*" in page


def test_a_chinese_disclaimer_does_not_make_an_english_article_chinese():
    from build_scripts.model import Article, Document
    from build_scripts.normalise.article import normalise_article

    text = ("Regulator approves a new drug\n2025-03-10\n\nThe National Medical Products Administration approved a new "
            "drug for a rare disease, the company said on Monday in a statement on its website. The drug will be "
            "launched this year in several provinces, the company added.\n\n风险提示：以上内容仅供参考，不构成任何投资建议。")
    lines = tuple(text.split("\n"))
    document = Document(path="sources/a.txt", format="txt", encoding="utf-8", sha256="0" * 64, lines=lines)
    found = normalise_article(Article(document=document, part=1, parts=1, first_line=1, lines=lines))
    assert found.language == ("en",)


@pytest.mark.parametrize("text, name", [
    ("Jane Roe: We approved 48 innovative drugs this year, and more are under review.", "Jane Roe"),
    ("The NMPA's deputy director Zhou Minghua said the plan would speed reviews.", "Zhou Minghua"),
    ("The forum was chaired by Dr. José Müller, Director of the Example Institute.", "José Müller"),
])
def test_more_english_cues(extractor, text, name):
    assert [p[0] for p in _people(extractor, text)] == [name]


@pytest.mark.parametrize("text", ["Key Points: the agency approved three drugs.", "Editor: the text was cut.",
                                  "Hong Kong: the Hospital Authority said it would act."])
def test_a_label_is_no_speaker(extractor, text):
    assert _people(extractor, text) == []


def test_a_chinese_footer_does_not_make_the_topics_of_an_english_article(extractor):
    from dataclasses import replace

    briefing = replace(_briefing("The company reported strong quarterly sales of its smartphones in Europe.",
                                 "风险提示：本文不构成投资建议。化妆品、医疗器械、化妆品与医疗器械相关信息仅供参考。"),
                       language=("en",))
    extraction, _ = extractor.extract(briefing)
    assert extraction.topics == ()


@pytest.mark.parametrize("text", [
    "Word " * 40000 + "x Administration",        # capitalised words with no body's word at their end
    "Word of " * 30000 + "x Bureau",
    "Ab " * 40000 + "Co",
])
def test_organisation_cues_are_linear_on_long_runs(text):
    """200-240 KB of capitalised words: a backtracking pattern took minutes on a tenth of this (not timed:
    the work is one pass over the words, and a quadratic version would stall the suite)."""
    from build_scripts.extract.entities import _org_runs

    runs = _org_runs(text)
    assert all(len(name.split()) <= 14 for _, _, name in runs)


def test_glued_menu_check_is_linear_on_a_long_line():
    from build_scripts.normalise.article import _is_chrome_line

    assert not _is_chrome_line("Ab" * 50000 + "1")
    assert _is_chrome_line("HomeNewsBusinessWorldSocietyCultureSports")


def test_a_mention_in_a_paragraph_without_a_full_stop_quotes_a_window_of_it(extractor):
    filler = "and the officials went on to describe the work in the provinces " * 800
    extraction, _ = extractor.extract(_briefing(filler + "with the National Medical Products Administration " + filler))
    quoted = dict(extraction.quoted)["organisation/nmpa"]
    assert len(quoted) <= 602 and "National Medical Products Administration" in quoted and quoted.startswith("…")
