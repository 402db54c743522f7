from datetime import UTC, date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.formatting import date_nl, datetime_nl, eur, number_nl
from tests.conftest import normalise


def test_amounts_are_shown_the_dutch_way():
    assert normalise(eur(Decimal("1827301.14"))) == "€ 1.827.301,14"
    assert normalise(eur(Decimal("0"))) == "€ 0,00"
    assert normalise(eur(Decimal("-250.5"))) == "€ -250,50"


def test_unknown_amount_is_ntb_not_zero():
    assert eur(None) == "ntb"


def test_dates_are_shown_the_dutch_way():
    assert date_nl(date(2018, 2, 1)) == "1 februari 2018"
    assert date_nl(None) == ""
    # stored in UTC, shown in Amsterdam time (summer time: +2)
    assert datetime_nl(datetime(2018, 7, 1, 10, 5, tzinfo=UTC)) == "1 juli 2018 om 12:05"


@settings(max_examples=500)
@given(
    st.decimals(min_value=-(10**13), max_value=10**13, allow_nan=False, places=4)
    | st.integers(-(10**12), 10**12)
)
def test_amounts_match_babels_dutch_currency_format(amount):
    assert eur(amount) == format_currency(amount, "EUR", locale="nl_NL")


@given(st.dates())
def test_dates_match_babels_dutch_long_format(day):
    assert date_nl(day) == format_date(day, format="long", locale="nl_NL")


@settings(max_examples=500)
@given(
    st.decimals(min_value=-(10**13), max_value=10**13, allow_nan=False, places=5)
    | st.integers(-(10**12), 10**12)
    | st.floats(-(10**9), 10**9, allow_nan=False),
    st.none() | st.integers(0, 3),
)
def test_numbers_match_babels_dutch_decimal_format(value, decimals):
    pattern = None if decimals is None else "#,##0." + "0" * decimals
    assert number_nl(value, decimals) == format_decimal(value, format=pattern, locale="nl_NL")
