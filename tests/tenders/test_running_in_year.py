"""Whether a lot's initial term runs in a year is decided in SQL (the overview adds up
thousands of lots per year there); it must agree with term_end, day for day."""

from datetime import date

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.dates import term_end
from app.extensions import db
from app.tenders.year_budgets import runs_in


def runs(start: date, months: int, year: int) -> bool:
    condition = runs_in(sa.literal(start, sa.Date), sa.literal(months, sa.Integer), year)
    return bool(db.session.scalar(sa.select(condition)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(1, 72),
    st.integers(2000, 2045),
)
def test_a_term_runs_in_a_year_as_its_dates_say(app, start, months, year):
    expected = start <= date(year, 12, 31) and term_end(start, months) >= date(year, 1, 1)
    assert runs(start, months, year) == expected


def test_the_edges_of_a_year(app):
    assert runs(date(2018, 1, 1), 24, 2019)
    assert not runs(date(2018, 1, 1), 24, 2020)  # ends on 31 December 2019
    assert runs(date(2018, 1, 2), 24, 2020)  # ends on 1 January 2020
    assert runs(date(2017, 12, 31), 1, 2018)  # ends on 30 January 2018
    assert runs(date(2019, 12, 31), 12, 2019)  # starts on the year's last day
    assert not runs(date(2020, 1, 1), 12, 2019)
