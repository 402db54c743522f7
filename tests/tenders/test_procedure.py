from datetime import date
from decimal import Decimal

import pytest

from app.core.errors import ValidationFailed
from app.tenders.cpv import check_digit, normalise_cpv
from app.tenders.procedure import CENTRAL, LotInput, advise, procurement_rules

JOB_SEARCH, STAFFING, VOCATIONAL = "79611000-0", "79620000-6", "85312510-7"
IN_2026 = date(2026, 3, 1)


def codes(advice) -> list[str]:
    return [warning.code for warning in advice.warnings]


@pytest.mark.parametrize(
    ("code", "digit"),
    [
        ("79611000", 0),
        ("45000000", 7),
        ("85312300", 2),
        ("85312310", 5),
        ("85312320", 8),
        ("80530000", 8),
        ("79620000", 6),
        ("03000000", 1),
    ],
)
def test_cpv_check_digits_of_official_codes(code, digit):
    assert check_digit(code) == digit


def test_cpv_normalisation_and_a_wrong_check_digit():
    assert normalise_cpv("79611000") == "79611000-0"
    assert normalise_cpv(" 79611000-0 ") == "79611000-0"
    with pytest.raises(ValueError, match="controlecijfer van CPV-code 79611000 klopt niet"):
        normalise_cpv("79611000-3")
    with pytest.raises(ValueError, match="8 cijfers"):
        normalise_cpv("7961100")


def test_haarlem_special_lots_need_a_european_light_regime_procedure():
    lots = [
        LotInput(Decimal(v), JOB_SEARCH, name)
        for name, v in [
            ("Zzp", "40200.00"),
            ("Statushouders", "663075.00"),
            ("Ex-gedetineerden", "142087.50"),
            ("Pro/VSO", "355218.75"),
            ("Special 50+", "23681.25"),
        ]
    ]
    advice = advise(lots=lots, initial_months=24, option_months=[12, 12], publication_on=IN_2026)
    assert advice.estimated_value == Decimal("4897050.00")
    assert (advice.regime, advice.threshold, advice.above_threshold) == (
        "light",
        Decimal("750000"),
        True,
    )
    assert advice.procedure == "europees_verlicht_regime"
    below = [w.message.split(" zou")[0] for w in advice.warnings if w.code == "lot_below_threshold"]
    assert below == ["Zzp", "Ex-gedetineerden", "Special 50+"]  # all lots count


def test_a_value_equal_to_the_threshold_is_above_it():
    exactly = advise(
        lots=[LotInput(Decimal("187500.00"), JOB_SEARCH)],
        initial_months=24,
        option_months=[12, 12],
        publication_on=IN_2026,
    )
    assert exactly.estimated_value == Decimal("750000.00") and exactly.above_threshold
    just_below = advise(
        lots=[LotInput(Decimal("187499.99"), JOB_SEARCH)],
        initial_months=24,
        option_months=[12, 12],
        publication_on=IN_2026,
    )
    assert not just_below.above_threshold
    assert just_below.procedure == "meervoudig_onderhands"


def test_national_bands_below_the_threshold():
    small = advise(
        lots=[LotInput(Decimal("10000"), JOB_SEARCH)],
        initial_months=24,
        option_months=[],
        publication_on=IN_2026,
    )
    assert (small.estimated_value, small.procedure) == (
        Decimal("20000.00"),
        "enkelvoudig_onderhands",
    )
    raised = advise(
        lots=[LotInput(Decimal("10000"), JOB_SEARCH)],
        initial_months=24,
        option_months=[],
        publication_on=IN_2026,
        single_quote_below=Decimal("15000"),
    )
    assert raised.procedure == "meervoudig_onderhands"


def test_staffing_cpv_is_standard_regime_with_a_warning():
    advice = advise(
        lots=[LotInput(Decimal("54000"), STAFFING)],
        initial_months=48,
        option_months=[],
        publication_on=IN_2026,
    )
    assert advice.regime == "standard"
    assert (advice.threshold, advice.above_threshold) == (Decimal("216000"), True)
    assert advice.procedure == "europees_openbaar"
    assert "staffing_cpv" in codes(advice)
    central = advise(
        lots=[LotInput(Decimal("36000"), STAFFING)],
        initial_months=48,
        option_months=[],
        publication_on=IN_2026,
        authority=CENTRAL,
    )
    assert (central.threshold, central.above_threshold) == (Decimal("140000"), True)


def test_thresholds_follow_the_publication_date():
    lots = [LotInput(Decimal("55000"), STAFFING)]  # 220.000 over 4 years
    in_2025 = advise(
        lots=lots, initial_months=48, option_months=[], publication_on=date(2025, 12, 31)
    )
    in_2026 = advise(
        lots=lots, initial_months=48, option_months=[], publication_on=date(2026, 1, 1)
    )
    assert (in_2025.threshold, in_2025.above_threshold) == (Decimal("221000"), False)
    assert (in_2026.threshold, in_2026.above_threshold) == (Decimal("216000"), True)
    with pytest.raises(ValidationFailed) as refused:
        advise(lots=lots, initial_months=48, option_months=[], publication_on=date(2015, 12, 31))
    assert "publication_on" in refused.value.fields
    assert "1 januari 2016" in refused.value.message


@pytest.mark.parametrize(
    ("published", "sub_central", "central", "works", "valid_from"),
    [
        (date(2016, 1, 1), "209000", "135000", "5225000", date(2016, 1, 1)),
        (date(2017, 8, 15), "209000", "135000", "5225000", date(2016, 1, 1)),
        (date(2018, 1, 1), "221000", "144000", "5548000", date(2018, 1, 1)),
        (date(2019, 12, 31), "221000", "144000", "5548000", date(2018, 1, 1)),
        (date(2020, 6, 1), "214000", "139000", "5350000", date(2020, 1, 1)),
        (date(2023, 6, 1), "215000", "140000", "5382000", date(2022, 1, 1)),
        (date(2024, 6, 1), "221000", "143000", "5538000", date(2024, 1, 1)),
    ],
)
def test_thresholds_back_to_2016(published, sub_central, central, works, valid_from):
    thresholds = procurement_rules().thresholds_on(published)
    assert thresholds.valid_from == valid_from
    assert thresholds.services_sub_central == Decimal(sub_central)
    assert thresholds.services_central == Decimal(central)
    assert thresholds.works == Decimal(works)
    assert thresholds.social_and_specific_services == Decimal("750000")


def test_framework_longer_than_48_months_and_mixed_regimes_are_warned():
    advice = advise(
        lots=[LotInput(Decimal("100000"), JOB_SEARCH), LotInput(Decimal("50000"), STAFFING)],
        initial_months=24,
        option_months=[12, 12, 12],
        publication_on=IN_2026,
    )
    assert {"framework_too_long", "mixed_regime", "staffing_cpv"} <= set(codes(advice))
    assert advice.regime == "light"  # the largest lot's CPV decides
    assert advice.estimated_value == Decimal("750000.00")


def test_vocational_rehabilitation_is_light_regime():
    advice = advise(
        lots=[LotInput(Decimal("300000"), VOCATIONAL)],
        initial_months=24,
        option_months=[],
        publication_on=IN_2026,
    )
    assert advice.regime == "light" and advice.procedure == "meervoudig_onderhands"
