"""Money is Decimal with two decimals, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """Round to whole cents (half up, as in Dutch bookkeeping)."""
    try:
        amount = Decimal(value) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"geen geldig bedrag: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"geen geldig bedrag: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def money_str(amount: Decimal | None) -> str | None:
    """Money as it travels in JSON: a string with two decimals, or None."""
    return None if amount is None else str(to_money(amount))
