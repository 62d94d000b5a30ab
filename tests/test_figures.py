"""Key figures: golden lists written by hand from reading the seeds richest
in numbers, with precision and recall; what must never be a figure; and
disagreements between sources."""

from __future__ import annotations

import pytest

from build_scripts.config import BuildConfig
from build_scripts.extract.figures import figures_in
from build_scripts.model import Figure
from build_scripts.pipeline import build
from build_scripts.corpus.disagreements import find_disagreements

from .conftest import ROOT
from .test_golden_seeds import CIIE, DIGEST, FORUM

# (value, unit) -> period as the text states it (None: not stated for that figure).
GOLDEN_FIGURES = {
    (CIIE, 1): {
        (63, "drugs"): "January to October 2025", (63, "devices"): "January to October 2025",
        (1.35, "trillion yuan"): "2024", (1.07, "trillion yuan"): "2024",
    },
    (FORUM, 1): {(140, "countries"): None, (62, "%"): None},
    (DIGEST, 1): {(71, "institutions"): "as of December 10, 2023", (140, "types"): "as of December 10, 2023",
                  (17000, "patients"): "as of December 10, 2023"},
    (DIGEST, 2): {(300, "representatives"): None, (120, "enterprises"): None},
    (DIGEST, 4): {
        (200000, "batches"): "annually", (20000, "batches"): "annually", (97.8, "%"): None,
        (99.4, "%"): "14th Five-Year Plan", (220, "drugs"): None, (282, "devices"): None,
        (6.2, "times"): None, (3.1, "times"): None, (415, "drugs"): None, (155, "drugs"): None,
        (59, "projects"): None,
    },
    (DIGEST, 5): {
        (97.8, "%"): "13th Five-Year Plan", (99.4, "%"): "14th Five-Year Plan", (220, "drugs"): "14th Five-Year Plan",
        (282, "devices"): "14th Five-Year Plan", (6.2, "times"): "14th Five-Year Plan",
        (3.1, "times"): "14th Five-Year Plan", (415, "drugs"): None, (155, "drugs"): None, (28, "medicines"): None,
    },
}


@pytest.fixture(scope="module")
def briefings():
    return {(b.source, b.part): b for b in build(BuildConfig.for_project(ROOT)).briefings}


def test_precision_and_recall_on_the_richest_seeds(briefings, capsys):
    tp = fp = fn = periods_right = periods_stated = 0
    for key, golden in GOLDEN_FIGURES.items():
        got = {(f.value, f.unit): f.period for f in briefings[key].figures}
        tp += len(got.keys() & golden.keys())
        fp += len(got.keys() - golden.keys())
        fn += len(golden.keys() - got.keys())
        for figure, period in golden.items():
            if period and figure in got:
                periods_stated += 1
                periods_right += got[figure] == period
        wrong_periods = {f: (p, golden[f]) for f, p in got.items() if f in golden and p and p != golden[f]}
        assert wrong_periods == {}, key  # a period given is never a wrong one
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(f"\nKey figures on {len(GOLDEN_FIGURES)} seed articles: precision {precision:.2f}, "
              f"recall {recall:.2f}; periods found {periods_right}/{periods_stated}")
    assert precision == 1.0
    assert recall >= 0.95


@pytest.mark.parametrize("sentence", [
    "The 2025 National Conference was held on December 1st, 2024 [1][2].",
    "In Session 2 and Group 1, experts met at Pavilion 4.2 at 14:05.",
    "Since its establishment in 1820, USP has grown.",
    "The 14th Five-Year Plan and the 20th National Congress set the course.",
    "Phase 3 trials started on 2025-03-10 in Hall 5.",
    "The meeting on February 18th to 19th reviewed the plan.",
    "The gap was 2.1 points (95% CI, 1.4 to 2.8) in favour of the drug.",  # a confidence level
    "Two of the drugs failed, and one patient left; two-thirds of sites agreed.",  # no count of a noun
])
def test_never_a_figure(sentence):
    assert figures_in(sentence) == []


def test_figure_fields():
    [share] = figures_in("In the process of going global, 62% of global drug shortages are caused by quality issues.")
    assert (share.value, share.unit, share.what, share.period) == (62, "%", "share of global drug shortages", None)
    [income] = figures_in("The industry's operating income reached 1.35 trillion yuan in 2024.")
    assert (income.value, income.unit, income.what, income.period) == (1.35, "trillion yuan", "industry's operating income", "2024")
    [patients] = figures_in("The programme benefited over 17,000 patients.")
    assert (patients.value, patients.unit, patients.qualifier) == (17000, "patients", "over")
    [rate, _] = figures_in("The therapy, developed by JW Therapeutics, showed a complete remission rate of 85% "
                           "in a trial of 64 patients.")
    assert (rate.value, rate.unit, rate.what) == (85, "%", "complete remission rate")  # not "showed a ..."


def test_counts_of_the_trade_and_of_enforcement():
    shown = [(f.value, f.unit, f.what) for f in figures_in(
        "Inspectors visited 320 exporters and seized 1,500 doses, and 415 children's drugs were cleared.")]
    assert shown == [(320, "exporters", "exporters"), (1500, "doses", "doses"),
                     (415, "drugs", "children's drugs")]  # a possessive is not what is counted


def test_a_headline_figure_the_text_does_not_repeat_is_a_figure():
    from build_scripts.extract.figures import extract_figures
    from build_scripts.model import Block

    from .conftest import make_briefing

    briefing = make_briefing(title="Regulator clears 48 innovative drugs and 12 devices", body=(
        Block("paragraph", text="The agency approved 48 innovative drugs in 2024, it said.", line=3),))
    shown = [(f.value, f.unit, f.sentence) for f in extract_figures(briefing)]
    assert shown == [(48, "drugs", "The agency approved 48 innovative drugs in 2024, it said."),
                     (12, "devices", "Regulator clears 48 innovative drugs and 12 devices")]


def test_counts_written_in_words_are_figures():
    """News style writes small counts in words: a count of a noun the figures
    know, with its period and qualifier, as if written in digits."""
    shown = [(f.value, f.unit, f.what, f.period, f.qualifier) for f in figures_in(
        "In 2024 the agency approved three rare disease drugs and nearly twenty devices, and heads of Seven "
        "hospitals were consulted.")]
    assert shown == [(3, "drugs", "rare disease drugs", "2024", None), (20, "devices", "devices", "2024", "nearly"),
                     (7, "hospitals", "hospitals", None, None)]  # another clause: not its period


@pytest.mark.parametrize("sentence, what", [
    ("Sponsors must register 100 percent of trials within 30 days.", "share of trials"),  # not "trials within"
    ("About 30% of hospitals across the country joined the pilot.", "share of hospitals"),
    ("Some 25% of applications since 2020 were rejected.", "share of applications"),
    ("About 60% of patients who enrolled in the trial finished it.", "share of patients"),
    ("About 40% of new drugs for rare diseases were approved.", "share of new drugs for rare diseases"),
])
def test_a_share_is_of_the_noun_phrase_before_a_when_or_where(sentence, what):
    [share] = figures_in(sentence)
    assert (share.unit, share.what) == ("%", what)


def test_front_matter_carries_figures(briefings):
    from build_scripts.render.briefing import front_matter
    figures = front_matter(briefings[(CIIE, 1)])["figures"]
    assert figures[2] == {"value": 1.35, "unit": "trillion yuan", "what": "industry's operating income",
                          "period": "2024", "sentence": figures[2]["sentence"]}
    assert "1.35 trillion yuan in 2024" in figures[2]["sentence"]


def test_different_values_for_the_same_measure_are_flagged_on_both():
    from tests.test_stories import _briefing
    from dataclasses import replace
    a = replace(_briefing("a", ""), figures=(Figure(1.35, "trillion yuan", "industry's operating income", "2024", "s"),))
    b = replace(_briefing("b", ""), figures=(Figure(1.4, "trillion yuan", "the industry's operating income", "2024", "t"),))
    c = replace(_briefing("c", ""), figures=(Figure(1.4, "trillion yuan", "industry's operating income", "2023", "u"),))
    found = find_disagreements([a, b, c])
    assert [(a.figures[p].value, other.slug, o.value) for p, other, o in found["a"]] == [(1.35, "b", 1.4)]
    assert [(b.figures[p].value, other.slug, o.value) for p, other, o in found["b"]] == [(1.4, "a", 1.35)]
    assert "c" not in found


def test_a_briefings_disagreements_follow_its_own_figures_not_the_corpus_order():
    """The list feeds the briefing page's cache key: another briefing added
    earlier in the corpus must not reorder it (and re-render the page)."""
    from tests.test_stories import _briefing
    from dataclasses import replace
    a = replace(_briefing("a", ""), figures=(Figure(10, "%", "pass rate", "2024", "s"),
                                             Figure(5, "new drugs", "approvals", "2024", "t")))
    b = replace(_briefing("b", ""), figures=(Figure(7, "new drugs", "approvals", "2024", "u"),))
    c = replace(_briefing("c", ""), figures=(Figure(12, "%", "pass rate", "2024", "v"),))
    for corpus in ([a, b, c], [c, b, a], [b, c, a]):
        found = find_disagreements(corpus)
        assert [(a.figures[p].value, other.slug) for p, other, _ in found["a"]] == [(10, "c"), (5, "b")]


def _disagreements_afresh(briefings):
    """The disagreements as first written (every claim of every measure grouped
    and compared each build): the oracle of the updated ones."""
    from collections import defaultdict

    from build_scripts.extract.figures import measure_key
    by_measure = defaultdict(list)
    for briefing in briefings:
        keys = defaultdict(list)
        for position, figure in enumerate(briefing.figures):
            if measure_key(figure):
                keys[measure_key(figure)].append((position, figure))
        for key, figures in keys.items():
            if len({f.value for _, f in figures}) == 1:
                by_measure[key].append((briefing, *figures[0]))
    found = defaultdict(list)
    for claims in by_measure.values():
        first_with = {}
        for briefing, _, figure in sorted(claims, key=lambda c: c[0].sort_key):
            first_with.setdefault(figure.value, (briefing, figure))
        if len(first_with) < 2:
            continue
        others = list(first_with.items())[:4]
        for briefing, position, figure in claims:
            shown = [(position, other, other_figure) for value, (other, other_figure) in others
                     if value != figure.value and other.slug != briefing.slug]
            found[briefing.slug].extend(shown[:3])
    for entries in found.values():
        entries.sort(key=lambda entry: entry[0])
    return {slug: entries for slug, entries in found.items() if entries}


def test_disagreements_updated_from_the_last_build_are_those_found_afresh():
    """``update_disagreements`` from the last build's, over random additions,
    deletions and edits (of figures and dates), equals ``find_disagreements``
    of the briefings then; and adding a briefing to measures whose earliest
    values it does not change works out the claims of that briefing alone."""
    import random
    from dataclasses import replace

    from build_scripts.corpus import disagreements as module
    from build_scripts.corpus.disagreements import update_disagreements
    from tests.test_stories import _briefing
    rng = random.Random(7)
    measures = [("innovative drugs", "drugs", "2024"), ("innovative drugs", "drugs", "2025"),
                ("medical devices", "devices", "2024"), ("pass rate", "%", "2024")]

    def briefing(name: str) -> object:
        figures = []
        for what, unit, period in rng.sample(measures, rng.randint(0, 3)):
            for _ in range(rng.choice([1, 1, 1, 2])):  # two values of one measure in a report: no claim
                figures.append(Figure(rng.choice([40, 48, 63, 63, 70, 90, 90.0]), unit, what, period, f"{name} says"))
        day = f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
        return replace(_briefing(name, "", day), figures=tuple(rng.sample(figures, len(figures))))

    corpus = {f"b{n:03d}": briefing(f"b{n:03d}") for n in range(150)}
    versions = {name: 0 for name in corpus}
    keys = lambda: {name: f"{name}:{versions[name]}" for name in corpus}  # noqa: E731
    found, kept = update_disagreements(list(corpus.values()), keys(), None)
    assert found == _disagreements_afresh(list(corpus.values())) and found
    for step in range(60):
        change = rng.choice(["add", "delete", "edit", "edit elsewhere", "redate"])
        if change in ("edit elsewhere", "redate"):  # a new key; the same figures (and date)
            name = rng.choice(sorted(corpus))
            day = corpus[name].date if change == "edit elsewhere" else f"2025-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
            corpus[name] = replace(corpus[name], date=day)
            versions[name] += 1
        elif change == "add":
            name = f"new{step}"
            corpus[name], versions[name] = briefing(name), 0
        elif change == "delete":
            del corpus[rng.choice(sorted(corpus))]
        else:
            name = rng.choice(sorted(corpus))
            corpus[name] = briefing(name)
            versions[name] += 1
        found, kept = update_disagreements(list(corpus.values()), keys(), kept)
        assert found == _disagreements_afresh(list(corpus.values())), f"step {step}: {change}"
    # The earliest report of a value changes that value, then moves after every other report.
    holder = min((slug for values in kept.first.values() for _, slug, _ in values.values()),
                 key=lambda slug: corpus[slug].sort_key)
    for edit in ({"figures": tuple(replace(f, value=f.value + 1) for f in corpus[holder].figures)},
                 {"date": "2025-12-30"}):
        corpus[holder] = replace(corpus[holder], **edit)
        versions[holder] += 1
        found, kept = update_disagreements(list(corpus.values()), keys(), kept)
        assert found == _disagreements_afresh(list(corpus.values())), edit
    # A report added after every other, with values the earliest reports already give: its claims alone.
    worked_out = []
    originals = module.claims_of, module._entries
    module.claims_of = lambda b: worked_out.append(b.slug) or originals[0](b)
    module._entries = lambda key, *args: worked_out.append(key) or originals[1](key, *args)
    try:
        corpus["late"], versions["late"] = replace(_briefing("late", "", "2025-12-31"), figures=(
            Figure(63, "drugs", "innovative drugs", "2024", "late says"),)), 0
        found, _ = update_disagreements(list(corpus.values()), keys(), kept)
    finally:
        module.claims_of, module._entries = originals
    assert worked_out == ["late", "late"] and found == _disagreements_afresh(list(corpus.values()))
    assert found["late"]


def test_figures_page_and_downloads(briefings):
    result = build(BuildConfig.for_project(ROOT))
    import csv
    import io
    import json
    rows = list(csv.DictReader(io.StringIO(result.pages["figures/figures.csv"].decode("utf-8"))))
    data = json.loads(result.pages["figures/figures.json"])["figures"]
    assert len(rows) == len(data) == sum(len(b.figures) for b in result.briefings)
    assert {"value", "unit", "what", "period", "sentence", "briefing", "topics", "organisations"} <= set(rows[0])
    page = result.pages["figures/index.md"].decode("utf-8")
    assert "[CSV](figures.csv)" in page and '<div class="medreg-filters"' in page


def test_a_large_months_figures_are_split_into_pages():
    """No figures page grows with the corpus: a month with more figures than
    fit on a page gets numbered pages, each linking to the others."""
    from dataclasses import replace
    from build_scripts.registry import Registry
    from build_scripts.render.stories import FIGURES_ON_PAGE, render_figures_page
    from tests.test_stories import _briefing
    briefings = [replace(_briefing(f"b{n:04d}", "", f"2025-03-{1 + n % 28:02d}"),
                         figures=tuple(Figure(n * 10 + k, "%", "pass rate", "2024", f"s{n}-{k}") for k in range(3)))
                 for n in range(300)]
    pages = render_figures_page(briefings, Registry([]), {})
    months = sorted(p for p in pages if p.startswith("figures/2025-03"))
    assert months == ["figures/2025-03-2.md", "figures/2025-03-3.md", "figures/2025-03.md"]
    for path in months:
        page = pages[path].content().decode("utf-8")
        rows = [line for line in page.splitlines() if line.startswith("| ") and "%" in line]
        assert 0 < len(rows) <= FIGURES_ON_PAGE
        assert "[2](2025-03-2.md)" in page or "**2**" in page


def test_figure_lines_share_what_a_briefing_repeats_and_read_as_whole_rows():
    """A briefing's figures repeat its title, date, topics and organisations:
    those parts are one object for all its lines, and the lines joined are
    the CSV row and the JSON object a writer of whole rows would write."""
    import csv
    import io
    import json
    from dataclasses import replace
    from build_scripts.registry import Registry
    from build_scripts.render.stories import FIGURES_COLUMNS, figure_lines
    from tests.test_stories import _briefing
    briefing = replace(_briefing("b1", "", "2025-03-04"), title='新药 "fast", approved', outlet="Caixin, Beijing",
                       figures=(Figure(1200, "drugs", "innovative drugs", "2024", 'He said "1,200", up.'),
                                Figure(3.5, "%", None, None, "Up 3.5%.", qualifier="about")))
    lines = figure_lines(briefing, Registry([]), frozenset())
    assert lines[0].table[1] is lines[1].table[1] and lines[0].csv[1] is lines[1].csv[1]
    assert any(mine is theirs for mine in lines[0].json for theirs in lines[1].json)
    for line, figure in zip(lines, briefing.figures):
        row = {**figure.as_dict(), "qualifier": figure.qualifier, "briefing": "briefings/b1.md",
               "title": briefing.title, "date": "2025-03-04", "outlet": "Caixin, Beijing", "topics": [],
               "organisations": []}
        whole = io.StringIO()
        csv.writer(whole, lineterminator="\n").writerow(
            ["; ".join(row[c]) if isinstance(row[c], list) else ("" if row[c] is None else row[c])
             for c in FIGURES_COLUMNS])
        assert b"".join(line.csv).decode("utf-8") == whole.getvalue()
        assert b"".join(line.json).decode("utf-8") == json.dumps(row, ensure_ascii=False, sort_keys=True) + ",\n"
        assert b"".join(line.table).decode("utf-8").count(" | ") == 7


def test_figures_csv_cells_never_start_a_formula(project):
    """OWASP's CSV injection: a headline or outlet that starts like a formula is
    written with a leading apostrophe; numbers stay numbers."""
    import csv
    import io

    from build_scripts.render.stories import spreadsheet_safe

    assert [spreadsheet_safe(v) for v in ("=HYPERLINK(\"x\")", "+1", "-cmd", "@SUM(A1)", "\tx", " =1", "safe", -5, 2.5)] \
        == ["'=HYPERLINK(\"x\")", "'+1", "'-cmd", "'@SUM(A1)", "'\tx", "' =1", "safe", -5, 2.5]
    config = project({"sources/a.txt": "=HYPERLINK(\"http://example.invalid\",\"click\") approves drugs\n2025-03-10\n\n"
                                       "The National Medical Products Administration approved 48 innovative drugs in "
                                       "2024, the agency said in a statement on its website.\nSource: @evil\n"})
    result = build(config)
    rows = list(csv.DictReader(io.StringIO(result.pages["figures/figures.csv"].decode("utf-8"))))
    assert rows and all(not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
                        for row in rows for cell in row.values())
    assert rows[0]["title"].startswith("'=HYPERLINK") and rows[0]["outlet"] == "'@evil"


def test_a_figure_in_a_paragraph_without_a_full_stop_quotes_a_window_of_it():
    """A 200 KB paragraph with no full stop made every figure keep all of it (146 MB pages): the
    quote is capped, cut on word boundaries around the number (issue 29)."""
    from build_scripts.extract.figures import QUOTE_CHARS, figures_in

    filler = "and the agency went on to describe its work in the provinces " * 1600
    text = filler + "approving 48 innovative drugs in 2024 " + filler
    [figure] = [f for f in figures_in(text) if f.value == 48]
    assert len(figure.sentence) <= QUOTE_CHARS + 2
    assert "48 innovative drugs" in figure.sentence
    assert figure.sentence.startswith("…") and figure.sentence.endswith("…")
    assert not figure.sentence[1:].startswith(" ") and " " in figure.sentence
