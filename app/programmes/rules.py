"""How a realisation of a programme norm is rated: a figure against its fixed norm or against
the multi-year average raised by the norm's percentage; a described commitment as assessed."""

from decimal import Decimal

from app.steering.rules import missing_baseline_years, multi_year_norm, rate, years_named


def rate_figure(
    *,
    relative: bool,
    target: Decimal,
    tolerance_percent: Decimal,
    earlier: dict[int, Decimal],
    year: int,
    value: Decimal,
) -> tuple[str, Decimal]:
    """(rating, the norm that applied) for a figure; programme norms ask for more, never less.

    A relative norm needs the figures of the three years before: its baselines and earlier
    realisations (`earlier`); a ValueError says which years are missing, in Dutch."""
    norm = target
    if relative:
        missing = missing_baseline_years(earlier, year)
        if missing:
            raise ValueError(
                f"Vul eerst bij de norm de basiswaarde van {years_named(missing)} in: de norm "
                "is het gemiddelde van dit jaar en de drie jaren ervoor, plus het percentage."
            )
        norm, _ = multi_year_norm(earlier, year, value, target)
    return rate(value, norm, tolerance_percent, higher_is_better=True), norm
