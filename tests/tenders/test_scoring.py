from decimal import Decimal as D

from app.tenders.rules import price_fraction, weighted_total

PRICES = [D("100000"), D("125000"), D("200000")]


def test_lowest_price_gets_full_points_in_both_methods():
    assert price_fraction(D("100000"), PRICES, "relative") == 1
    assert price_fraction(D("100000"), PRICES, "linear") == 1


def test_relative_and_linear_formulas():
    assert price_fraction(D("125000"), PRICES, "relative") == D("0.8")
    assert price_fraction(D("200000"), PRICES, "relative") == D("0.5")
    assert price_fraction(D("125000"), PRICES, "linear") == D("0.75")
    assert price_fraction(D("200000"), PRICES, "linear") == 0


def test_single_bid_gets_full_price_points():
    assert price_fraction(D("5"), [D("5")], "linear") == 1


def test_weighted_total_out_of_100():
    criteria = [("price", D("30")), ("quality", D("40")), ("quality", D("30"))]
    cheapest = weighted_total(D("100000"), PRICES, "relative", criteria, {1: D("6"), 2: D("5")})
    best = weighted_total(D("125000"), PRICES, "relative", criteria, {1: D("9"), 2: D("8")})
    assert cheapest == D("69.00")  # 30 + 24 + 15
    assert best == D("84.00")  # 24 + 36 + 24
    assert weighted_total(D("1"), [D("1")], "linear", criteria, {}) == D("30.00")
