"""The steering-moment schedule (docs/design.md §2), as a pure function."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.core.dates import ONE_DAY, term_end
from app.core.formatting import eur, number_nl


@dataclass(frozen=True)
class SteeringPeriod:
    sequence: int
    period_start_on: date
    period_end_on: date
    due_on: date


def steering_schedule(
    start: date, end: date, interval_months: int, due_after_months: int = 1
) -> list[SteeringPeriod]:
    """Moment i covers [S + (i−1)k months, S + ik months − 1 day], cut off at the term's end.

    Every period is counted from the contract start, so a schedule made again after an
    extension keeps the periods it had. A moment is due at the end of the month(s) following
    its period (a period ending 30 June is due 31 July).
    """
    if interval_months <= 0:
        raise ValueError("het interval is minstens één maand")
    periods, sequence, period_start = [], 1, start
    while period_start <= end:
        period_end = min(term_end(start, sequence * interval_months), end)
        due = term_end(period_end + ONE_DAY, due_after_months) if due_after_months else period_end
        periods.append(SteeringPeriod(sequence, period_start, period_end, due))
        sequence, period_start = sequence + 1, period_end + ONE_DAY
    return periods


def kpi_value(value: Decimal | None, unit: str) -> str:
    """A KPI figure as people read it, by its unit: 12 · 45 % · € 1.250,00 · 30 dagen."""
    if value is None:
        return ""
    if unit == "eur":
        return eur(value)
    figure = number_nl(value)
    if unit == "percent":
        return f"{figure}\xa0%"
    if unit == "days":
        return f"{figure}\xa0{'dag' if value == 1 else 'dagen'}"
    return figure


def figure_problem(value: Decimal, unit: str, what: str = "Een realisatie") -> str | None:
    """Why a KPI figure cannot be right for its unit, or None: no figure is negative, and a
    percentage lies between 0 and 100."""
    if value < 0:
        return f"{what} kan niet negatief zijn."
    if unit == "percent" and value > 100:
        return f"{what} in procenten ligt tussen 0 en 100."
    return None


def norm_text(target, unit: str) -> str:
    """A norm as the pages and the PvE state it: 70 · 10 % boven het meerjarig gemiddelde."""
    if target.is_relative:
        return f"{number_nl(target.target_value)}\xa0% boven het meerjarig gemiddelde"
    return kpi_value(target.target_value, unit)


def missing_baseline_years(baselines: dict[int, Decimal], year: int) -> list[int]:
    """The years of the three before `year` that a relative norm still lacks a baseline for."""
    return [earlier for earlier in range(year - 3, year) if earlier not in baselines]


def multi_year_norm(
    baselines: dict[int, Decimal], year: int, result: Decimal, percent_above: Decimal
) -> tuple[Decimal, Decimal]:
    """(norm, multi-year average) for a result of `year`: the average of that result and the
    baselines of the three years before it, raised by `percent_above` percent (Pijnacker-
    Nootdorp: "10 % meer uitstroom dan het meerjarig uitstroompercentage")."""
    missing = missing_baseline_years(baselines, year)
    if missing:
        raise ValueError(missing)
    average = (sum(baselines[y] for y in range(year - 3, year)) + result) / 4
    norm = average * (1 + percent_above / 100)
    return norm.quantize(Decimal("0.01")), average.quantize(Decimal("0.01"))


def years_named(years: list[int]) -> str:
    """2016, 2017 en 2018."""
    names = [str(year) for year in years]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def rate(
    value: Decimal, target: Decimal, tolerance_percent: Decimal, higher_is_better: bool
) -> str:
    """green: the norm is met; amber: missed within the tolerance; red: missed beyond it."""
    margin = target * tolerance_percent / 100
    if higher_is_better:
        return "green" if value >= target else "amber" if value >= target - margin else "red"
    return "green" if value <= target else "amber" if value <= target + margin else "red"


def outcome(ratings: list[str]) -> str | None:
    """met / partially_met / not_met from the ratings; None when nothing could be rated."""
    if not ratings:
        return None
    if "red" in ratings:
        return "not_met"
    return "partially_met" if "amber" in ratings else "met"


def chosen_outcome(moment) -> str:
    """The outcome the form shows as chosen: empty ("derive it from the norms") unless the
    stored outcome differs from what the norms give, so saving again keeps a chosen outcome."""
    if moment.status.value == "scheduled":
        return ""
    derived = outcome([result.rating.value for result in moment.results if result.rating])
    return "" if derived == moment.status.value else moment.status.value
