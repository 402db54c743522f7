from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from app.steering.rules import kpi_value, steering_schedule


def test_two_year_contract_has_four_half_year_moments():
    periods = steering_schedule(date(2018, 1, 1), date(2019, 12, 31), 6)
    assert [(p.period_start_on, p.period_end_on, p.due_on) for p in periods] == [
        (date(2018, 1, 1), date(2018, 6, 30), date(2018, 7, 31)),
        (date(2018, 7, 1), date(2018, 12, 31), date(2019, 1, 31)),
        (date(2019, 1, 1), date(2019, 6, 30), date(2019, 7, 31)),
        (date(2019, 7, 1), date(2019, 12, 31), date(2020, 1, 31)),
    ]
    assert [p.sequence for p in periods] == [1, 2, 3, 4]


def test_statushouders_moments_start_in_february():
    periods = steering_schedule(date(2018, 2, 1), date(2020, 1, 31), 6)
    assert periods[0].period_end_on == date(2018, 7, 31)
    assert periods[0].due_on == date(2018, 8, 31)
    assert periods[-1].period_end_on == date(2020, 1, 31)
    assert periods[-1].due_on == date(2020, 2, 29)  # leap year


def test_periods_from_the_31st_are_contiguous_without_overlap():
    periods = steering_schedule(date(2018, 8, 31), date(2020, 8, 30), 6)
    assert periods[0].period_end_on == date(2019, 2, 28)
    assert periods[1].period_start_on == date(2019, 3, 1)
    for earlier, later in pairwise(periods):
        assert later.period_start_on == earlier.period_end_on + timedelta(days=1)


def test_last_period_is_cut_at_the_term_end():
    periods = steering_schedule(date(2018, 1, 1), date(2018, 8, 31), 6)
    assert [p.period_end_on for p in periods] == [date(2018, 6, 30), date(2018, 8, 31)]


def test_extended_schedule_keeps_the_earlier_periods():
    initial = steering_schedule(date(2018, 1, 1), date(2019, 12, 31), 6)
    extended = steering_schedule(date(2018, 1, 1), date(2020, 12, 31), 6)
    assert extended[: len(initial)] == initial
    assert len(extended) == 6


def test_due_after_is_configurable_and_interval_must_be_positive():
    periods = steering_schedule(date(2018, 1, 1), date(2018, 12, 31), 3, due_after_months=2)
    assert periods[0].due_on == date(2018, 5, 31)
    with pytest.raises(ValueError):
        steering_schedule(date(2018, 1, 1), date(2018, 12, 31), 0)


def test_ratings_against_target_and_tolerance():
    from decimal import Decimal as D

    from app.steering.rules import outcome, rate

    assert rate(D(70), D(70), D(10), True) == "green"
    assert rate(D(63), D(70), D(10), True) == "amber"  # exactly at the tolerance
    assert rate(D("62.99"), D(70), D(10), True) == "red"
    assert rate(D(110), D(100), D(10), False) == "amber"  # spend: lower is better
    assert rate(D(111), D(100), D(10), False) == "red"
    assert rate(D(0), D(0), D(10), True) == "green"
    assert outcome(["green", "green"]) == "met"
    assert outcome(["green", "amber"]) == "partially_met"
    assert outcome(["amber", "red"]) == "not_met"
    assert outcome([]) is None


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("12.00"), "count", "12"),
        (Decimal("12.50"), "count", "12,5"),
        (Decimal("1000.00"), "count", "1.000"),
        (Decimal("45.00"), "percent", "45\xa0%"),
        (Decimal("1250.00"), "eur", "€\xa01.250,00"),
        (Decimal("30.00"), "days", "30\xa0dagen"),
        (Decimal("1.00"), "days", "1\xa0dag"),
        (None, "count", ""),
    ],
)
def test_kpi_figures_are_shown_by_their_unit(value, unit, shown):
    assert kpi_value(value, unit) == shown


def test_kpi_figures_in_excel_are_numbers_formatted_by_their_unit():
    from io import BytesIO

    import pandas as pd
    from openpyxl import load_workbook

    from app.exports.excel import write_workbook

    frame = pd.DataFrame(
        {
            "Prestatie-indicator": ["Gestart", "Uitstroom", "Besteed", "Doorlooptijd"],
            "Eenheid": ["Aantal", "Percentage", "Euro", "Dagen"],
            "Norm": [30.0, 45.5, 1_250_000.0, None],
            "Plafond": [7_317_000.0, None, 12.5, 0.0],
        }
    )
    workbook = write_workbook({"Momenten": frame}, {"Plafond"}, {"Norm"})
    book = load_workbook(BytesIO(workbook))
    cells = [row[2] for row in book["Momenten"].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [30, 45.5, 1_250_000, None]
    assert cells[0].number_format == "General"  # a count is no amount: not "€ 30,00"
    assert cells[1].number_format == '0.0" %"'
    assert "€" in cells[2].number_format
    sheet = book["Momenten"]
    # Wide enough for the amount as shown, or the cell shows ### (sized from "7317000.0" it did)
    assert sheet.column_dimensions["C"].width > len("€ 1.250.000,00")
    assert sheet.column_dimensions["D"].width > len("€ 7.317.000,00")
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide when printed
    assert sheet.print_title_rows == "$1:$1"  # the header on every printed page


def test_a_relative_norm_is_a_percentage_above_the_multi_year_average():
    from app.steering.rules import missing_baseline_years, multi_year_norm, years_named

    baselines = {2015: Decimal(20), 2016: Decimal(22), 2017: Decimal(24)}
    # (20 + 22 + 24 + 26) / 4 = 23; 10 % above it is 25,3
    assert multi_year_norm(baselines, 2018, Decimal(26), Decimal(10)) == (
        Decimal("25.30"),
        Decimal("23.00"),
    )
    assert missing_baseline_years(baselines, 2019) == [2018]
    assert missing_baseline_years({}, 2018) == [2015, 2016, 2017]
    assert years_named([2015, 2016, 2017]) == "2015, 2016 en 2017"
    with pytest.raises(ValueError):
        multi_year_norm(baselines, 2019, Decimal(26), Decimal(10))


def test_a_quarter_ends_on_its_last_day():
    from app.steering.queries import quarter_end

    assert quarter_end(date(2025, 1, 1)) == date(2025, 3, 31)
    assert quarter_end(date(2025, 5, 15)) == date(2025, 6, 30)
    assert quarter_end(date(2024, 9, 30)) == date(2024, 9, 30)
    assert quarter_end(date(2024, 12, 31)) == date(2024, 12, 31)
