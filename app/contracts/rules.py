"""Pure rules for framework contracts: their dates, when an option may be exercised, and
what amendments and spend may reach (docs/design.md §2)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from app.contracts.statuses import RUNNING, OptionStatus
from app.core.dates import ONE_DAY, add_months, term_end
from app.core.formatting import date_nl, eur, number_nl
from app.core.rules import Problem

if TYPE_CHECKING:
    from app.contracts.models import ExtensionOption, FrameworkContract


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


def decision_problems(
    contract: "FrameworkContract", option: "ExtensionOption | None"
) -> list[Problem]:
    """Whether a decision (exercise or decline) can be taken on `option` now: the contract
    runs, the option is open, and every earlier option was exercised. None: the contract has
    no open option left."""
    if contract.status not in RUNNING:
        return [
            Problem(
                "not_running",
                "Alleen over een actief contract kan een verlengingsbesluit worden genomen; "
                f"dit contract is {contract.status.label.lower()}.",
            )
        ]
    if option is None:
        return [Problem("no_open_option", "Er is geen open verlengingsoptie meer.")]
    if option.status != OptionStatus.OPEN:
        return [
            Problem("option_decided", f"Optie {option.number} is al {option.status.label.lower()}.")
        ]
    if any(
        o.status != OptionStatus.EXERCISED for o in contract.options if o.number < option.number
    ):
        return [
            Problem(
                "option_order",
                "Opties worden op volgorde gelicht; een eerdere optie is niet gelicht.",
            )
        ]
    return []


def exercise_problems(
    contract: "FrameworkContract",
    option: "ExtensionOption | None",
    on: date,
    max_framework_months: int,
) -> list[Problem]:
    """Whether exercising `option` on `on` is lawful: a decision can be taken, its notice
    deadline has not passed, and with it the framework agreement lasts no longer than the
    maximum (art. 2.140 Aw, in the procurement rules)."""
    problems = decision_problems(contract, option)
    if problems:
        return problems
    deadline = option.notice_deadline_on
    if on > deadline:
        problems.append(
            Problem(
                "notice_deadline_passed",
                f"De termijn is verstreken: optie {option.number} had uiterlijk "
                f"{date_nl(deadline)} gelicht moeten worden.",
            )
        )
    exercised = sum(o.months for o in contract.options if o.status == OptionStatus.EXERCISED)
    total = contract.initial_months + exercised + option.months
    if total > max_framework_months:
        problems.append(
            Problem(
                "beyond_maximum_term",
                f"Met optie {option.number} duurt het contract {total} maanden; ten hoogste "
                f"{max_framework_months} mag (art. 2.140 Aw).",
            )
        )
    return problems


def amendment_problems(
    original: Decimal | None, changes: list[Decimal], threshold: Decimal, spent: Decimal
) -> list[Problem]:
    """What the amendments so far and the spend reach: above 10 % of the original value or
    at the EU threshold a change needs a new procedure in principle; spend beyond the ceiling
    (with the amendments) exhausts the framework agreement."""
    problems = []
    total = sum(changes, Decimal("0.00"))
    percent = cumulative_change_percent(original, changes)
    if percent is not None and abs(percent) > DE_MINIMIS_PERCENT:
        problems.append(
            Problem(
                "above_de_minimis",
                f"De wijzigingen samen zijn {number_nl(percent)}% van de oorspronkelijke waarde; "
                f"boven {number_nl(DE_MINIMIS_PERCENT)}% is in beginsel een nieuwe aanbesteding "
                "nodig.",
            )
        )
    if abs(total) >= threshold:
        problems.append(
            Problem(
                "at_eu_threshold",
                f"De wijzigingen samen ({eur(total)}) bereiken de Europese drempel van "
                f"{eur(threshold)}; dan is in beginsel een nieuwe aanbesteding nodig.",
            )
        )
    if original is not None and spent > original + total:
        problems.append(
            Problem(
                "ceiling_exhausted",
                f"De bestedingen ({eur(spent)}) gaan boven het plafond van "
                f"{eur(original + total)}"
                + (" (met de wijzigingen)" if total else "")
                + "; boven het plafond is de raamovereenkomst uitgeput.",
            )
        )
    return problems
