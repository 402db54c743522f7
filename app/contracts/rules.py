"""Pure date rules for framework contracts and their extension options (docs/design.md §2)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.core.dates import ONE_DAY, add_months, term_end


@dataclass(frozen=True)
class OptionTerm:
    months: int
    notice_months: int


@dataclass(frozen=True)
class OptionDates:
    number: int
    months: int
    starts_on: date
    ends_on: date
    notice_deadline_on: date  # last day the option can be exercised
    warning_on: date  # from here the college must start deciding


@dataclass(frozen=True)
class ContractTimeline:
    start_on: date
    initial_end_on: date
    options: list[OptionDates]
    latest_end_on: date
    total_months: int


def notice_deadline(current_end: date, notice_months: int) -> date:
    """An option must be exercised no later than its notice period before the current end."""
    return add_months(current_end, -notice_months)


def contract_timeline(
    start: date, initial_months: int, options: list[OptionTerm], decision_lead: timedelta
) -> ContractTimeline:
    """Initial end, each option's own term and deadlines (if all earlier ones are exercised)."""
    initial_end = term_end(start, initial_months)
    months_so_far, current_end, dated = initial_months, initial_end, []
    for number, option in enumerate(options, start=1):
        deadline = notice_deadline(current_end, option.notice_months)
        months_so_far += option.months
        option_end = term_end(start, months_so_far)
        dated.append(
            OptionDates(
                number=number,
                months=option.months,
                starts_on=current_end + ONE_DAY,
                ends_on=option_end,
                notice_deadline_on=deadline,
                warning_on=deadline - decision_lead,
            )
        )
        current_end = option_end
    return ContractTimeline(
        start_on=start,
        initial_end_on=initial_end,
        options=dated,
        latest_end_on=current_end,
        total_months=months_so_far,
    )


DE_MINIMIS_PERCENT = Decimal(10)  # services: above 10 % of the original value, a new procedure


def cumulative_change_percent(original: Decimal | None, changes: list[Decimal]) -> Decimal | None:
    """The net change of all amendments as a percentage of the original value."""
    if not original:
        return None
    return (sum(changes, Decimal(0)) / original * 100).quantize(Decimal("0.1"))
