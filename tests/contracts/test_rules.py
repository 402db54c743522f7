from datetime import date, timedelta

from app.contracts.rules import OptionTerm, contract_timeline, notice_deadline

EIGHT_WEEKS = timedelta(weeks=8)
TWO_OPTIONS = [OptionTerm(12, 3), OptionTerm(12, 3)]


def test_statushouders_timeline_from_design():
    timeline = contract_timeline(date(2018, 2, 1), 24, TWO_OPTIONS, EIGHT_WEEKS)
    assert timeline.initial_end_on == date(2020, 1, 31)
    assert timeline.latest_end_on == date(2022, 1, 31)
    assert timeline.total_months == 48
    first, second = timeline.options
    assert (first.starts_on, first.ends_on) == (date(2020, 2, 1), date(2021, 1, 31))
    assert (second.starts_on, second.ends_on) == (date(2021, 2, 1), date(2022, 1, 31))


def test_notice_deadline_is_the_notice_period_before_the_current_end():
    timeline = contract_timeline(date(2018, 1, 1), 24, TWO_OPTIONS, EIGHT_WEEKS)
    first, second = timeline.options
    assert first.notice_deadline_on == date(2019, 9, 30)  # 3 months before 31 Dec 2019
    assert first.warning_on == date(2019, 9, 30) - EIGHT_WEEKS == date(2019, 8, 5)
    assert second.notice_deadline_on == date(2020, 9, 30)  # before the end after option 1


def test_notice_deadline_from_a_month_end_clamps():
    assert notice_deadline(date(2020, 5, 31), 3) == date(2020, 2, 29)  # leap year
    assert notice_deadline(date(2021, 5, 31), 3) == date(2021, 2, 28)


def test_zero_options_means_latest_end_is_initial_end():
    timeline = contract_timeline(date(2018, 1, 31), 24, [], EIGHT_WEEKS)
    assert timeline.options == []
    assert timeline.latest_end_on == timeline.initial_end_on == date(2020, 1, 30)


def test_option_terms_from_the_31st_stay_contiguous():
    timeline = contract_timeline(date(2019, 8, 31), 6, [OptionTerm(6, 1)] * 3, EIGHT_WEEKS)
    ends = [timeline.initial_end_on] + [option.ends_on for option in timeline.options]
    starts = [option.starts_on for option in timeline.options]
    assert ends == [date(2020, 2, 29), date(2020, 8, 30), date(2021, 2, 28), date(2021, 8, 30)]
    assert all(start == end + timedelta(days=1) for start, end in zip(starts, ends, strict=False))


def test_decision_lead_is_configurable():
    timeline = contract_timeline(date(2018, 1, 1), 24, TWO_OPTIONS, timedelta(weeks=12))
    assert timeline.options[0].warning_on == date(2019, 7, 8)
