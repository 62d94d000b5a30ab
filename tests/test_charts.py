"""Charts of a measure over its periods on the figures page (issue 32):
only periods of one kind, in their order; the numbers as text; nothing from
a source read as markup."""

from __future__ import annotations

from build_scripts.model import Figure
from build_scripts.render.charts import measure_series, period_order, render_charts

from .conftest import make_briefing


def figure(value, period, what="overall pass rate of drug inspections", unit="%"):
    return Figure(value=value, unit=unit, what=what, period=period, sentence=f"It was {value} in {period}.")


def test_periods_of_one_kind_are_put_in_order_and_spans_are_not():
    assert period_order("in 2024") == ("year", 2024) and period_order("2023年") == ("year", 2023)
    assert period_order("13th Five-Year Plan") == ("plan", 13) and period_order("“十四五”") == ("plan", 14)
    assert period_order("since 2022") is None and period_order("January to October 2025") is None


def test_a_measure_is_charted_over_its_periods_and_unlike_periods_are_not_mixed():
    briefings = [
        make_briefing(slug="a", date="2025-12-10", outlet="Xinhua News Agency",
                      figures=(figure(99.4, "14th Five-Year Plan"), figure(97.8, "13th Five-Year Plan"))),
        make_briefing(slug="b", date="2025-12-11", figures=(figure(48, "2024", "innovative drugs", "drugs"),
                                                            figure(40, "2023", "innovative drugs", "drugs"),
                                                            figure(82, "since 2022", "innovative devices", "devices"),
                                                            figure(63, "2025", "innovative devices", "devices"))),
    ]
    series = {s.what: [(p.period, p.figure.value) for p in s.points] for s in measure_series(briefings)}
    assert series == {"overall pass rate of drug inspections": [("13th Five-Year Plan", 97.8), ("14th Five-Year Plan", 99.4)],
                      "innovative drugs": [("2023", 40), ("2024", 48)]}  # "since 2022" beside 2025: not charted
    lines = render_charts(briefings)
    svg = next(line for line in lines if "pass rate" in line and line.startswith("<figure"))
    assert lines.index(svg) == lines.index(next(line for line in lines if line.startswith("**overall"))) + 2
    assert svg.count("<rect") == 2 and ">97.8%<" in svg and ">13th<" in svg and ">14th<" in svg
    text = next(line for line in lines if line.startswith("**overall pass rate"))
    # The numbers as text beside the chart, each with the briefing it is from.
    assert text == ("**overall pass rate of drug inspections (%)**: 13th Five-Year Plan: 97\\.8% "
                    "([Xinhua News Agency](../briefings/a.md)); 14th Five-Year Plan: 99\\.4% "
                    "([Xinhua News Agency](../briefings/a.md))")


def test_nothing_from_a_source_runs_in_the_chart():
    hostile = "<script>alert(1)</script> rate"
    briefings = [make_briefing(slug="a", figures=(figure(1, "2023", hostile), figure(2, "2024", hostile)))]
    page = "\n".join(render_charts(briefings))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_no_measure_over_periods_no_section():
    assert render_charts([make_briefing(slug="a", figures=(figure(1, "2023"),))]) == []


def test_a_measure_several_sources_state_differently_for_one_period_is_drawn_by_source():
    briefings = [make_briefing(slug="a", date="2026-01-05", outlet="Xinhua News Agency",
                               figures=(figure(48, "January to October 2025", "innovative drugs", "drugs"),)),
                 make_briefing(slug="b", date="2026-01-06", outlet="China Daily",
                               figures=(figure(46, "January to October 2025", "innovative drugs", "drugs"),))]
    [series] = measure_series(briefings)
    assert series.across == "source" and [p.figure.value for p in series.points] == [48, 46]
    lines = render_charts(briefings)
    assert any(line.startswith("**innovative drugs (drugs), January to October 2025, as the sources state it**: "
                               "48 ([Xinhua News Agency]") for line in lines)
    drawing = next(line for line in lines if line.startswith("<figure"))
    assert ">Xinhua N…<" in drawing and ">China Da…<" in drawing
    # The same value from both: nothing to compare, no chart.
    same = [briefings[0], make_briefing(slug="c", outlet="China Daily",
                                        figures=(figure(48, "January to October 2025", "innovative drugs", "drugs"),))]
    assert measure_series(same) == []


def test_a_chart_has_a_bar_a_period_or_a_value_and_at_most_max_bars():
    """A large corpus states one measure thousands of times: its chart keeps
    one bar a period (the earliest report's), the latest MAX_BARS periods,
    and says how many are left to the table; a period stated with many values
    keeps one bar a value, the first MAX_BARS stated."""
    from build_scripts.render.charts import MAX_BARS

    years = range(2001, 2001 + MAX_BARS + 3)
    briefings = [make_briefing(slug=f"y{year}-{copy}", date=f"2025-12-{10 + copy:02d}", outlet="Xinhua News Agency",
                               figures=(figure(year - 1900 + copy, str(year), "innovative drugs", "drugs"),))
                 for year in years for copy in range(2)]
    over_time = next(s for s in measure_series(briefings) if s.across == "period")
    assert [p.period for p in over_time.points] == [str(year) for year in years][-MAX_BARS:]
    assert [p.figure.value for p in over_time.points][:1] == [years[3] - 1900]  # each period's earliest report
    assert over_time.left_out == 3
    lines = render_charts(briefings)
    text = next(line for line in lines if line.startswith("**innovative drugs (drugs)**"))
    assert text.endswith("; and 3 earlier periods in the table above")
    drawing = lines[lines.index(text) + 2]
    assert drawing.count("<rect") == MAX_BARS

    many = [make_briefing(slug=f"s{n}", date=f"2026-01-{n + 1:02d}", outlet=f"Outlet {n}",
                          figures=(figure(40 + n % (MAX_BARS + 2), "January to October 2025", "innovative drugs",
                                          "drugs"),)) for n in range(30)]
    [by_source] = measure_series(many)
    assert by_source.across == "source" and len(by_source.points) == MAX_BARS and by_source.left_out == 2
    assert [p.briefing.slug for p in by_source.points] == [f"s{n}" for n in range(MAX_BARS)]
