"""Pure procurement arithmetic (design.md §2)."""

from collections.abc import Iterable
from decimal import Decimal

from app.core.money import to_money


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
