"""Pure procurement rules: a tender's planning and figures, payment terms, award criteria and
the arithmetic of values and scores (docs/design.md §2). Each check returns problems."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from app.core.formatting import date_nl, number_nl
from app.core.money import to_money
from app.core.rules import Problem
from app.core.statuses import LabeledEnum


class CriterionKind(LabeledEnum):
    PRICE = "price", "Prijs"
    QUALITY = "quality", "Kwaliteit"


class PriceMethod(LabeledEnum):
    RELATIVE = "relative", "Relatief: laagste prijs ÷ prijs"
    LINEAR = "linear", "Lineair: laagste prijs volle punten, hoogste prijs nul"


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


def tender_problems(values: dict) -> list[Problem]:
    """A tender's own figures: the planning in order (each date after the one before it),
    social return a percentage, notification hours and retention years above 0."""
    problems = []
    earlier: tuple[str, date] | None = None
    for field, label in PLANNING:
        day = values.get(field)
        if day is None:
            continue
        if earlier and day <= earlier[1]:
            message = (
                f"{label[0].upper()}{label[1:]} moet na {earlier[0]} liggen "
                f"({date_nl(earlier[1])})."
            )
            problems.append(Problem("planning_order", message, field))
        earlier = (label, day)
    percent = values.get("social_return_percent")
    if percent is not None and not 0 <= percent <= 100:
        problems.append(
            Problem(
                "not_a_percentage", "Een percentage ligt tussen 0 en 100.", "social_return_percent"
            )
        )
    for field in ("breach_notification_hours", "retention_years"):
        if values.get(field) is not None and values[field] <= 0:
            problems.append(Problem("not_positive", "Vul een getal groter dan 0 in.", field))
    return problems


def payment_problems(values: dict) -> list[Problem]:
    """Fees that cannot add up: a result fee, or start and result fee together, above the
    price of a whole trajectory; a share that is no percentage."""
    problems = []
    price, start, result = (values.get(k) for k in ("unit_price", "start_fee", "result_fee"))
    if price is not None and result is not None and result > price:
        message = "Het resultaatbedrag is hoger dan de prijs per traject."
        problems.append(Problem("result_fee_above_price", message, "result_fee"))
    elif price is not None and start is not None and result is not None and start + result > price:
        message = "Startbedrag en resultaatbedrag samen zijn hoger dan de prijs per traject."
        problems.append(Problem("fees_above_price", message, "result_fee"))
    share = values.get("result_share_percent")
    if share is not None and not 0 <= share <= 100:
        message = "Een percentage ligt tussen 0 en 100."
        problems.append(Problem("not_a_percentage", message, "result_share_percent"))
    return problems


def award_criteria_problems(criteria: list[dict], lowest_price_motivation: str) -> list[Problem]:
    """Award criteria for the best price-quality ratio: at least one, each named with a weight
    above 0, the weights summing to exactly 100 %; price alone only with a motivation
    (art. 2.114 Aw)."""
    problems = []
    if not criteria:
        problems.append(Problem("no_criteria", "Geef minstens één gunningscriterium.", "criteria"))
    elif any(not row["name"].strip() or not 0 < row["weight_percent"] <= 100 for row in criteria):
        message = "Elk criterium heeft een naam en een weging tussen 0 en 100%."
        problems.append(Problem("criterion_incomplete", message, "criteria"))
    else:
        total = weights_total(row["weight_percent"] for row in criteria)
        if total != 100:
            message = f"De wegingen tellen op tot {number_nl(total)}%; dat moet precies 100% zijn."
            problems.append(Problem("weights_not_100", message, "criteria"))
    if price_only(criteria) and not lowest_price_motivation.strip():
        message = (
            "Gunnen op laagste prijs mag alleen met een motivering (art. 2.114 Aanbestedingswet)."
        )
        problems.append(Problem("price_only_unmotivated", message, "lowest_price_motivation"))
    return problems


def price_only(criteria: list[dict]) -> bool:
    return bool(criteria) and all(row["kind"] == "price" for row in criteria)
