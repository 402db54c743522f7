"""Pure procurement arithmetic (docs/design.md §2)."""

from collections.abc import Iterable
from decimal import Decimal

from app.core.money import to_money

# A tender's planning in the order it must run: each date given comes after the ones before.
PLANNING = (
    ("publication_on", "de publicatiedatum"),
    ("questions_until", "de uiterste datum voor vragen"),
    ("answers_on", "de nota van inlichtingen"),
    ("closing_on", "de sluiting van de inschrijving"),
    ("award_decision_on", "het gunningsbesluit"),
    ("contract_start_on", "de ingangsdatum van de contracten"),
)


def lot_value(annual_value: Decimal, initial_months: int, option_months: Iterable[int]) -> Decimal:
    """One lot's value over the initial term and every option, excl. VAT."""
    months = initial_months + sum(option_months)
    return to_money(annual_value * months / 12)


def estimated_value(
    annual_values: Iterable[Decimal], initial_months: int, option_months: Iterable[int]
) -> Decimal:
    """Estimated contract value: all lots × (initial term + all options) / 12.

    The sum is taken before rounding, so splitting a tender into lots never changes its value.
    """
    months = initial_months + sum(option_months)
    return to_money(sum(annual_values, Decimal(0)) * months / 12)


def count_price_gap(
    budget: Decimal | None, planned_count: int | None, unit_price: Decimal | None
) -> Decimal | None:
    """How far planned count × unit price is from the budget, when all three are known."""
    if budget is None or planned_count is None or unit_price is None:
        return None
    gap = to_money(planned_count * unit_price) - budget
    return gap or None


def weights_total(weights: Iterable[Decimal]) -> Decimal:
    return sum(weights, Decimal(0))


# Price scoring per lot. Both give the lowest price full points:
#   relative: points × lowest price / price
#   linear:   points × (highest − price) / (highest − lowest); the highest price gets nothing
MAX_QUALITY_SCORE = Decimal(10)


def price_fraction(price: Decimal, prices: list[Decimal], method: str) -> Decimal:
    """The share (0–1) of the price criterion's weight that this price earns."""
    lowest, highest = min(prices), max(prices)
    if price == lowest:
        return Decimal(1)
    if method == "linear":
        return (highest - price) / (highest - lowest)
    return lowest / price


def weighted_total(
    price: Decimal,
    prices: list[Decimal],
    method: str,
    criteria: list[tuple[str, Decimal]],
    scores: dict[int, Decimal],
) -> Decimal:
    """Points out of 100: each price criterion by the method, each quality criterion by its
    score out of 10. `criteria` lists (kind, weight) by position; `scores` maps position → score.
    """
    total = Decimal(0)
    for position, (kind, weight) in enumerate(criteria):
        if kind == "price":
            total += weight * price_fraction(price, prices, method)
        else:
            total += weight * scores.get(position, Decimal(0)) / MAX_QUALITY_SCORE
    return total.quantize(Decimal("0.01"))


# How a quality criterion is scored (out of MAX_QUALITY_SCORE), as the PvE publishes it.
QUALITY_SCALE = (
    (10, "Uitstekend", "overtuigend, concreet en onderscheidend voor de doelgroep"),
    (8, "Goed", "concreet en volledig, met enkele sterke punten"),
    (6, "Voldoende", "beantwoordt de vraag, zonder onderscheidende punten"),
    (4, "Matig", "onvolledig of weinig concreet"),
    (2, "Onvoldoende", "beantwoordt de vraag grotendeels niet"),
    (0, "Niet beoordeelbaar", "ontbreekt of gaat niet over de vraag"),
)
PRICE_FORMULAS = {
    "relative": "punten = weging × laagste prijs ÷ geboden prijs",
    "linear": "punten = weging × (hoogste prijs − geboden prijs) ÷ (hoogste prijs − laagste "
    "prijs); de laagste prijs krijgt de volle weging, de hoogste prijs nul",
}
