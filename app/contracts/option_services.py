"""Use cases for a contract's extension options: exercise, decline, and lapse when missed.
Services take the actor, flush, and never commit."""

from datetime import date

from app.auth.models import User
from app.contracts.models import (
    RUNNING,
    ContractStatus,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
)
from app.contracts.rules import decision_problems, exercise_problems
from app.core.audit import change_status
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl
from app.core.models import check_version, touch
from app.core.rules import refuse
from app.extensions import db
from app.steering.services import schedule_steering_moments
from app.tenders.procedure import procurement_rules


def _option(contract: FrameworkContract, number: int) -> ExtensionOption:
    option = next((o for o in contract.options if o.number == number), None)
    if option is None:
        raise DomainError(f"Dit contract heeft geen optie {number}.")
    return option


def decide_option(
    actor: User, option: ExtensionOption, status: OptionStatus, decided_on: date, rationale: str
) -> None:
    change_status(
        actor,
        option,
        status,
        {
            "decided_on": decided_on,
            "rationale": rationale.strip(),
            "decided_by_id": getattr(actor, "id", None),
        },
    )


def check_option_decision(
    contract: FrameworkContract, number: int, rationale: str
) -> ExtensionOption:
    """The option a decision can be taken on now: the first open one of a running contract."""
    option = _option(contract, number)
    refuse(decision_problems(contract, option), "Het besluit is niet vastgelegd.")
    if not (rationale or "").strip():
        raise ValidationFailed(
            "Het besluit is niet vastgelegd.", {"rationale": ["Motiveer het besluit."]}
        )
    return option


def _check_decision(
    contract: FrameworkContract, number: int, decided_on: date | None, rationale: str, today: date
) -> ExtensionOption:
    option = check_option_decision(contract, number, rationale)
    if decided_on is None or decided_on > today:
        message = "Vul de besluitdatum in; die ligt niet in de toekomst."
        raise ValidationFailed("Het besluit is niet vastgelegd.", {"decided_on": [message]})
    if decided_on < contract.start_on:
        message = (
            "Een besluit over een optie ligt niet vóór de ingangsdatum van het contract "
            f"({date_nl(contract.start_on)})."
        )
        raise ValidationFailed("Het besluit is niet vastgelegd.", {"decided_on": [message]})
    return option


def check_exercise(option: ExtensionOption, on: date, field: str | None) -> None:
    """Refuse exercising `option` on `on` unless it is lawful (contracts/rules.py); a passed
    notice deadline is shown on the form's `field`, if the date was typed there."""
    problems = exercise_problems(
        option.contract, option, on, procurement_rules().max_framework_months
    )
    for problem in problems:
        if problem.code == "notice_deadline_passed":  # a date typed wrong: a 400, on the field
            raise ValidationFailed(problem.message, {field: [problem.message]} if field else {})
    refuse(problems, "")


def exercise_option(
    actor: User,
    contract: FrameworkContract,
    number: int,
    *,
    decided_on: date | None,
    rationale: str,
    expected_version: int | None,
    today: date,
    due_after_months: int,
) -> ExtensionOption:
    """Extend the contract by the option's months, no later than its notice deadline."""
    check_version(contract, expected_version)
    option = _check_decision(contract, number, decided_on, rationale, today)
    check_exercise(option, decided_on, "decided_on")
    decide_option(actor, option, OptionStatus.EXERCISED, decided_on, rationale)
    contract.plan_dates()
    change_status(actor, contract, ContractStatus.EXTENDED)
    db.session.flush()
    schedule_steering_moments(actor, contract, due_after_months=due_after_months)
    return option


def decline_option(
    actor: User,
    contract: FrameworkContract,
    number: int,
    *,
    decided_on: date | None,
    rationale: str,
    expected_version: int | None,
    today: date,
) -> ExtensionOption:
    """Decline an option; the options after it lapse with it. Nothing is deleted."""
    check_version(contract, expected_version)
    option = _check_decision(contract, number, decided_on, rationale, today)
    decide_option(actor, option, OptionStatus.DECLINED, decided_on, rationale)
    for later in contract.options:
        if later.number > number and later.status == OptionStatus.OPEN:
            decide_option(
                actor,
                later,
                OptionStatus.LAPSED,
                decided_on,
                f"Vervallen: optie {number} niet gelicht.",
            )
    touch(contract)
    return option


def lapse_missed_options(actor: User | None, *, today: date) -> list[ExtensionOption]:
    """Mark open options whose notice deadline has passed, and the ones after them, lapsed."""
    missed = db.session.scalars(
        db.select(ExtensionOption)
        .join(ExtensionOption.contract)
        .where(
            FrameworkContract.status.in_(RUNNING),
            ExtensionOption.status == OptionStatus.OPEN,
            ExtensionOption.notice_deadline_on < today,
        )
        .order_by(ExtensionOption.contract_id, ExtensionOption.number)
    )
    lapsed = []
    for option in missed:
        if option.status != OptionStatus.OPEN:  # lapsed just now, with an earlier option
            continue
        deadline = date_nl(option.notice_deadline_on)
        lapsed.append(option)
        _lapse(actor, option, f"Vervallen: termijn verstreken op {deadline}.")
        for later in option.contract.options:
            if later.number > option.number and later.status == OptionStatus.OPEN:
                _lapse(actor, later, f"Vervallen: termijn voor optie {option.number} verstreken.")
                lapsed.append(later)
    return lapsed


def _lapse(actor: User | None, option: ExtensionOption, rationale: str) -> None:
    change_status(actor, option, OptionStatus.LAPSED, {"rationale": rationale})
