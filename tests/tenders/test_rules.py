from decimal import Decimal

from app.tenders.rules import estimated_value, lot_value

HAARLEM_SPECIAL_LOTS = [
    Decimal("40200.00"),
    Decimal("663075.00"),
    Decimal("142087.50"),
    Decimal("355218.75"),
    Decimal("23681.25"),
]


def test_estimated_value_counts_every_lot_and_every_option():
    # 1.224.262,50 a year × (24 + 12 + 12) / 12 = 4 years
    assert estimated_value(HAARLEM_SPECIAL_LOTS, 24, [12, 12]) == Decimal("4897050.00")


def test_estimated_value_with_zero_options_is_the_initial_term_only():
    assert estimated_value(HAARLEM_SPECIAL_LOTS, 24, []) == Decimal("2448525.00")


def test_estimated_value_of_odd_months_is_exact_to_the_cent():
    assert estimated_value([Decimal("23681.25")], 7, [5]) == Decimal("23681.25")
    assert estimated_value([Decimal("100.00")], 1, []) == Decimal("8.33")
    assert isinstance(estimated_value([Decimal("100.00")], 1, []), Decimal)


def test_splitting_into_lots_does_not_change_the_rounding():
    whole = estimated_value([Decimal("200.00")], 1, [])
    split = estimated_value([Decimal("100.00"), Decimal("100.00")], 1, [])
    assert whole == split == Decimal("16.67")
    assert lot_value(Decimal("100.00"), 1, []) * 2 == Decimal("16.66")


def test_no_lots_is_zero():
    assert estimated_value([], 24, [12]) == Decimal("0.00")
