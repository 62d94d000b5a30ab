import pytest

from build_scripts.normalise.dates import find_dates, find_numeric_date, parse_iso_date


def test_numeric_dates_with_times():
    found = find_numeric_date("时间:2025-2-28 14:05:54 浏览:2169次")
    assert (found.date, found.time) == ("2025-02-28", "14:05")
    found = find_numeric_date("2025-03-10 09:16")
    assert (found.date, found.time) == ("2025-03-10", "09:16")
    assert find_numeric_date("2025年12月10日").date == "2025-12-10"


def test_invalid_numeric_dates_are_skipped():
    assert find_numeric_date("2025-02-30") is None
    assert find_numeric_date("version 12025-01-01") is None


def test_month_name_dates():
    [found] = find_dates("held on the morning of November 6, 2025, at the Silk Road Hall")
    assert (found.date, found.year_stated) == ("2025-11-06", True)
    [found] = find_dates("on 6 November 2025")
    assert found.date == "2025-11-06"


def test_year_taken_from_context_never_guessed():
    [found] = find_dates("During the 2024 China BioMed Conference, on the morning of December 1st")
    assert (found.date, found.year_stated) == ("2024-12-01", False)
    [found] = find_dates("on the morning of December 1st", context_year=2025)
    assert found.date == "2025-12-01"
    assert find_dates("on the morning of December 1st") == []


def test_date_ranges():
    [found] = find_dates("in Jinan from February 18th to 19th.", context_year=2025)
    assert (found.date, found.end_date) == ("2025-02-18", "2025-02-19")


def test_lower_case_may_is_not_a_month():
    assert find_dates("companies may 10 times faster", context_year=2025) == []


def test_sidecar_dates():
    import datetime
    assert parse_iso_date(datetime.date(2025, 1, 2)) == "2025-01-02"
    assert parse_iso_date("2025-1-2") == "2025-01-02"
    assert parse_iso_date("January 2025") is None
    assert parse_iso_date("2025-01-02 and more") is None


def test_chinese_month_and_day_take_the_year_of_the_text_or_the_context():
    from build_scripts.normalise.dates import find_dates

    assert [(d.date, d.year_stated) for d in find_dates("今天（7月5日）上午", 2023)] == [("2023-07-05", False)]
    assert [d.date for d in find_dates("2021年起，8月10号开始施行")] == ["2021-08-10"]
    assert [(d.date, d.end_date) for d in find_dates("将于11月28日至12月2日举行", 2024)] == [("2024-11-28", "2024-12-02")]
    assert find_dates("3月17日发布") == []  # no year anywhere: not guessed
    assert [d.date for d in find_dates("2025年7月5日", 2023)] == ["2025-07-05"]  # the full date, once


def test_a_year_glued_to_the_time_after_it_is_still_the_year():
    """Copied page text runs a date into its time: "March 4, 20253:41 PM"."""
    [found] = find_dates("March 4, 20253:41 PM GMT+8")
    assert (found.date, found.year_stated) == ("2025-03-04", True)
    assert find_dates("March 4 20253") == []  # five digits are no year, and no year is guessed


@pytest.mark.parametrize("text, date", [
    ("中華民國114年3月4日", "2025-03-04"),
    ("民国113年12月31日公告", "2024-12-31"),
    ("114年3月4日", "2025-03-04"),        # a year of three digits is the Republic of China's
    ("發布日期：114-03-04", "2025-03-04"),  # a numeric one only after a date's label
])
def test_republic_of_china_dates_are_converted(text, date):
    assert find_numeric_date(text).date == date
    assert [d.date for d in find_dates(text)] == [date]


@pytest.mark.parametrize("text", ["114-03-04", "第114年", "ISO 13485:2016", "规格114-03-04型"])
def test_no_republic_of_china_date_without_its_marks(text):
    assert find_numeric_date(text) is None


@pytest.mark.parametrize("text, date", [
    ("二〇二五年三月四日", "2025-03-04"),
    ("二〇二四年十二月二十一日", "2024-12-21"),
    ("二零二五年十月三十日", "2025-10-30"),
    ("一九九八年五月一日", "1998-05-01"),
])
def test_dates_in_chinese_numerals(text, date):
    assert find_numeric_date(text).date == date


@pytest.mark.parametrize("text", ["二〇二五年二月三十日", "十二月二十一日", "第二十一条"])
def test_no_date_in_chinese_numerals_that_cannot_be_or_states_no_year(text):
    assert find_numeric_date(text) is None


def test_a_day_in_chinese_numerals_without_its_year_takes_the_contexts():
    [found] = find_dates("衞生署今日（三月四日）公布數字", context_year=2025)
    assert (found.date, found.year_stated) == ("2025-03-04", False)
    assert find_dates("衞生署今日（三月四日）公布數字") == []  # no year anywhere: none guessed
