"""Small charts of a measure over its periods, drawn at build time as SVG in
the figures page (no script, no font or file from elsewhere), with the
numbers as text beside each chart.

A measure several briefings state for the same period, with different
values, is drawn too: one bar a value, under the outlet of the earliest
report that states it.

A chart has at most ``MAX_BARS`` bars, one a period (its earliest report's
value) or one a value: a measure a large corpus states a thousand times is
still a chart a reader can take in (the table lists every statement).

A series is one measure (what it counts and its unit, as ``measure_key``
compares them) stated for two periods or more of one kind: calendar years
(approvals in 2023 and in 2024) or five-year plans (a pass rate in the 13th
and the 14th). Other periods ("since 2022", "January to October 2025") span
different lengths, and bars of them side by side would compare unlike
things: such a measure is not charted (the table lists it).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape

from ..extract.figures import measure_key
from ..model import Briefing, Figure, display_title
from .markup import escape_text, link
from .urls import FIGURES_PAGE, briefing_path, relative

CHARTS_SHOWN = 12
MAX_BARS = 12
_ONE_YEAR = re.compile(r"^(?:in |the year |for |全年|)((?:19|20)\d{2})(?:年|年度| as a whole| full[- ]year)?$", re.I)
_PLAN = re.compile(r"^(?:the |during the |in the )?(\d{1,2})(?:st|nd|rd|th) five-year plan(?: period)?$", re.I)
_CHINESE_PLAN = re.compile(r"^(?:“|\")?(?:第)?([一二三四五六七八九十]{1,3})(?:个)?五(?:年规划|”|\")?(?:期间|时期)?$")
_CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@dataclass(frozen=True)
class Point:
    period: str
    order: tuple[str, int] | None
    figure: Figure
    briefing: Briefing


@dataclass(frozen=True)
class Series:
    what: str
    unit: str
    points: tuple[Point, ...]
    across: str = "period"  # "period": one bar a period; "source": one period, one bar a value
    left_out: int = 0  # bars past MAX_BARS: the latest periods', or the values stated last


@functools.lru_cache(maxsize=4096)  # a corpus states the same few periods thousands of times
def period_order(period: str) -> tuple[str, int] | None:
    """A period's kind and place: ("year", 2024) for a calendar year, ("plan", 14)
    for a five-year plan; None for any other period (a span, a date)."""
    text = " ".join(period.split())
    year = _ONE_YEAR.match(text)
    if year:
        return ("year", int(year.group(1)))
    plan = _PLAN.match(text)
    if plan:
        return ("plan", int(plan.group(1)))
    chinese = _CHINESE_PLAN.match(text)
    if chinese:
        digits = chinese.group(1)
        if digits == "十":
            return ("plan", 10)
        tens, _, ones = digits.rpartition("十")
        number = (_CHINESE_DIGITS.get(tens, 1) * 10 if "十" in digits else 0) + _CHINESE_DIGITS.get(ones, 0)
        return ("plan", number)
    return None


def measure_series(briefings: list[Briefing]) -> list[Series]:
    """Each measure stated for two periods or more, a point a period (its
    earliest report's) in period order; and each period of a measure whose
    reports state two values or more, a point a value (its earliest report's)."""
    by_measure: dict[tuple, list[Point]] = {}
    for briefing in sorted(briefings, key=lambda b: b.chronological):
        seen: set[tuple] = set()
        for figure in briefing.figures:
            key = measure_key(figure)
            if key is None or (key, figure.value) in seen:
                continue
            seen.add((key, figure.value))
            what, unit, _ = key
            by_measure.setdefault((what, unit), []).append(Point(figure.period, period_order(figure.period),
                                                                 figure, briefing))
    series = []
    for (what, unit), points in by_measure.items():
        # The same period as several briefings state it (any period: the same span is comparable).
        by_period: dict[str, list[Point]] = {}
        for point in points:
            by_period.setdefault(point.period.lower(), []).append(point)
        for stated in by_period.values():
            by_value: dict[float, Point] = {}
            for point in stated:  # the earliest report first
                by_value.setdefault(point.figure.value, point)
            values = list(by_value.values())
            if len(values) >= 2 and len({p.briefing.slug for p in values}) >= 2:
                series.append(_capped(Series(values[0].figure.what or what, unit, tuple(values), across="source")))
        if any(p.order is None for p in points) or len({p.order[0] for p in points}) != 1:
            continue
        by_order: dict[tuple, Point] = {}  # "2024" and "in 2024" are one period
        for point in sorted((stated[0] for stated in by_period.values()),
                            key=lambda p: (p.order, p.briefing.chronological)):
            by_order.setdefault(point.order, point)
        periods = list(by_order.values())
        if len(periods) >= 2:
            series.append(_capped(Series(periods[0].figure.what or what, unit, tuple(periods))))
    series.sort(key=lambda s: (-(len(s.points) + s.left_out), s.what, s.across))
    return series


def _capped(series: Series) -> Series:
    """At most ``MAX_BARS`` points: the latest periods, or the values stated first."""
    if len(series.points) <= MAX_BARS:
        return series
    kept = series.points[-MAX_BARS:] if series.across == "period" else series.points[:MAX_BARS]
    return Series(series.what, series.unit, kept, series.across, len(series.points) - MAX_BARS)


def render_charts(briefings: list[Briefing]) -> list[str]:
    """The figures page's "Measures over time" section (empty when no
    measure has two periods): a chart and the numbers for each series."""
    series = measure_series(briefings)[:CHARTS_SHOWN]
    if not series:
        return []
    out = ["## Measures over time and across sources", "",
           "Measures the briefings state for several periods, or that several briefings state for one "
           "period, drawn from their figures (each bar's number is its briefing's; the table above has them all).",
           ""]
    for one in series:
        out += _chart(one) + [""]
    return out


def _chart(series: Series) -> list[str]:
    width, bar, gap, top, label_height = 360, 36, 14, 18, 34
    values = [float(p.figure.value) for p in series.points]
    high = max(max(values), 0.0) or 1.0
    chart_height = 120
    count = len(series.points)
    svg_width = max(width, count * (bar + gap) + gap)
    parts = [f'<svg class="medreg-chart__svg" role="img" viewBox="0 0 {svg_width} {top + chart_height + label_height}" '
             f'width="{svg_width}" height="{top + chart_height + label_height}" '
             f'aria-label="{escape(series.what)}, {escape(series.unit)}, by period">']
    for index, (point, value) in enumerate(zip(series.points, values)):
        x = gap + index * (bar + gap)
        height = max(1.0, chart_height * max(value, 0.0) / high)
        y = top + chart_height - height
        parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{height:.1f}"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4:.1f}" text-anchor="middle">{escape(_number(point.figure))}</text>')
        label = _short(point.period) if series.across == "period" else _source_label(point.briefing)
        parts.append(f'<text x="{x + bar / 2}" y="{top + chart_height + 14}" text-anchor="middle">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    # The numbers as text, each with the briefing it is from (Markdown: its links are the site's).
    numbers = "; ".join(
        (f"{escape_text(point.period)}: " if series.across == "period" else "")
        + f"{escape_text(_number(point.figure))} "
        f"({link(point.briefing.outlet or display_title(point.briefing), relative(FIGURES_PAGE, briefing_path(point.briefing)))})"
        for point in series.points)
    if series.left_out:
        numbers += (f"; and {series.left_out} earlier period{'s' if series.left_out != 1 else ''}"
                    if series.across == "period" else
                    f"; and {series.left_out} more value{'s' if series.left_out != 1 else ''}") + " in the table above"
    heading = f"{escape_text(series.what)} ({escape_text(series.unit)})" + (
        f", {escape_text(series.points[0].period)}, as the sources state it" if series.across == "source" else "")
    # A raw HTML block (no markdown attribute): nothing in the drawing is read as Markdown.
    return [f"**{heading}**: {numbers}", "",
            f'<figure class="medreg-chart">{"".join(parts)}</figure>']


def _source_label(briefing: Briefing) -> str:
    """A bar's label for a source: its outlet's first word(s), short enough to sit under the bar."""
    name = briefing.outlet or briefing.date or briefing.slug
    return name if len(name) <= 9 else name[:8].rstrip() + "…"


def _number(figure: Figure) -> str:
    value = f"{figure.value:,}" if isinstance(figure.value, int) else f"{figure.value:g}"
    return value + ("%" if figure.unit == "%" else "")


def _short(period: str) -> str:
    """A bar's label: the period's year or plan, short enough to sit under the bar."""
    order = period_order(period)
    if order is None:
        return period[:8]
    kind, number = order
    return str(number) if kind == "year" else f"{number}{_suffix(number)}"


def _suffix(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
