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
