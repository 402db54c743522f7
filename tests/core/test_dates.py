from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from app.core.dates import add_months, term_end


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2018, 2, 1), 24, date(2020, 1, 31)),  # docs/design.md: statushouders
        (date(2018, 1, 1), 24, date(2019, 12, 31)),
        (date(2018, 2, 1), 48, date(2022, 1, 31)),  # with two 12-month options
        (date(2018, 1, 15), 1, date(2018, 2, 14)),
        (date(2019, 3, 1), 12, date(2020, 2, 29)),  # ends on a leap day
        (date(2020, 2, 29), 12, date(2021, 2, 28)),  # starts on a leap day
        (date(2020, 2, 29), 48, date(2024, 2, 28)),  # leap day to leap year
    ],
)
def test_term_end_is_start_plus_months_minus_one_day(start, months, end):
    assert term_end(start, months) == end


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2018, 1, 31), 1, date(2018, 2, 28)),  # runs to the end of February
        (date(2020, 1, 31), 1, date(2020, 2, 29)),  # leap year: to 29 February
        (date(2018, 1, 30), 1, date(2018, 2, 28)),
        (date(2018, 8, 31), 6, date(2019, 2, 28)),
        (date(2018, 8, 31), 12, date(2019, 8, 30)),  # the 31st exists again: one day before
        (date(2018, 3, 31), 1, date(2018, 4, 30)),
    ],
)
def test_term_from_a_day_missing_in_the_end_month_runs_to_that_months_end(start, months, end):
    assert term_end(start, months) == end


def test_term_needs_at_least_one_month():
    with pytest.raises(ValueError):
        term_end(date(2018, 1, 1), 0)


def test_add_months_clamps_and_goes_backwards():
    assert add_months(date(2018, 1, 31), 1) == date(2018, 2, 28)
    assert add_months(date(2019, 12, 31), -3) == date(2019, 9, 30)
    assert add_months(date(2018, 1, 15), -13) == date(2016, 12, 15)


def test_add_months_agrees_with_dateutil_on_every_day_of_two_years():
    start = date(2023, 1, 1)
    for offset in range(731):  # 2024 is a leap year
        day = start + timedelta(days=offset)
        for months in range(-30, 31):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
