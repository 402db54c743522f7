"""Use cases for steering moments."""

from datetime import date
from decimal import Decimal
from typing import Any

from app.auth.models import User
from app.contracts.models import FrameworkContract
from app.core.audit import apply_changes, change_status, record_create, record_delete
from app.core.dates import utcnow
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl
from app.core.models import check_version, check_version_locked, touch
from app.extensions import db
from app.steering.models import (
    Action,
    ActionStatus,
    KpiDefinition,
    KpiDirection,
    KpiResult,
    KpiTarget,
    MomentStatus,
    Rating,
    SteeringDecision,
    SteeringMoment,
)
from app.steering.rules import figure_problem, outcome, rate, steering_schedule


def schedule_steering_moments(
    actor: User | None, contract: FrameworkContract, *, due_after_months: int
) -> list[SteeringMoment]:
    """Add the moments of the current term that do not exist yet; existing ones stay as they are."""
    existing = {moment.sequence for moment in contract.steering_moments}
    periods = steering_schedule(
        contract.start_on,
        contract.current_end_on,
        contract.steering_interval_months,
        due_after_months,
    )
    added = []
    for period in periods:
        if period.sequence in existing:
            continue
        moment = SteeringMoment(
            sequence=period.sequence,
            period_start_on=period.period_start_on,
            period_end_on=period.period_end_on,
            due_on=period.due_on,
        )
        contract.steering_moments.append(moment)
        record_create(actor, moment)
        added.append(moment)
    return added


def log_steering_moment(
    actor: User,
    moment: SteeringMoment,
    *,
    held_on: date | None,
    results: dict[int, tuple[Decimal | None, str]],
    findings: str,
    decision: str | None,
    significant: bool,
    chosen_outcome: str | None,
    actions: list[dict[str, Any]],
    expected_version: int | None,
    today: date,
) -> SteeringMoment:
    """Record (or correct) a steering moment: KPI results rated against the lot's norms, the
    outcome, findings, a decision and agreed actions (`actions` are new ones only). A
    correction is logged field by field; saving again unchanged changes nothing."""
    check_version_locked(moment, expected_version)
    contract = moment.contract
    if not contract.is_running:
        raise DomainError(
            "Een bijsturingsmoment wordt alleen vastgelegd voor een actief contract; dit contract "
            f"is {contract.status.label.lower()}."
        )
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = ["Vul de datum van het bijsturingsmoment in."]
    elif held_on < moment.period_start_on:
        errors["held_on"] = [
            "Een bijsturingsmoment wordt niet gehouden voordat de periode begint "
            f"({date_nl(moment.period_start_on)})."
        ]
    elif held_on > today:
        errors["held_on"] = ["Een bijsturingsmoment dat nog moet komen, legt u niet vast."]
    definitions = {kpi.id: kpi for kpi in db.session.scalars(db.select(KpiDefinition))}
    reported = {kpi_id: value for kpi_id, (value, _) in results.items() if value is not None}
    if not reported:
        errors["results"] = ["Vul minstens één realisatie in."]
    problems = [
        f"{definitions[kpi_id].name}: {problem}"
        for kpi_id, value in reported.items()
        if kpi_id in definitions
        and (problem := figure_problem(value, definitions[kpi_id].unit.value))
    ]
    if problems:
        errors["results"] = problems
    for number, action in enumerate(actions, start=1):
        if not (action["owner"].strip() and action["due_on"]):
            errors["actions"] = [f"Afspraak {number} heeft een eigenaar en een termijn nodig."]
    targets = contract.effective_kpi_targets
    ratings = {}
    for kpi_id, value in reported.items():
        target = targets.get(kpi_id)
        if kpi_id not in definitions:
            errors["results"] = ["Onbekende prestatie-indicator."]
        elif target is not None:
            ratings[kpi_id] = rate(
                value,
                target.target_value,
                target.tolerance_percent,
                definitions[kpi_id].direction == KpiDirection.HIGHER_IS_BETTER,
            )
    final = chosen_outcome or outcome(list(ratings.values()))
    if final is None:
        errors["outcome"] = ["Kies de uitkomst: er zijn geen normen om die uit af te leiden."]
    if errors:
        raise ValidationFailed("Het bijsturingsmoment is niet vastgelegd.", errors)

    existing = {result.kpi_definition_id: result for result in moment.results}
    for kpi_id, value in reported.items():
        values = {
            "value": value,
            "target_value": targets[kpi_id].target_value if kpi_id in targets else None,
            "rating": Rating(ratings[kpi_id]) if kpi_id in ratings else None,
            "note": results[kpi_id][1].strip(),
        }
        if kpi_id in existing:
            apply_changes(actor, existing[kpi_id], values)  # a correction, before → after
        else:
            result = KpiResult(kpi_definition_id=kpi_id, **values)
            moment.results.append(result)
            record_create(actor, result)
    first_logging = moment.status == MomentStatus.SCHEDULED
    change_status(
        actor,
        moment,
        MomentStatus(final),
        {
            "held_on": held_on,
            "findings": findings.strip(),
            "decision": SteeringDecision(decision) if decision else None,
            "significant": significant,
        }
        # Who logged it and when stay those of the first logging; corrections are in the log.
        | ({"logged_by_id": actor.id} if first_logging else {}),
    )
    if first_logging:
        moment.logged_at = utcnow()
    for row in actions:
        action = Action(
            contract_id=contract.id,
            text=row["text"].strip(),
            owner=row["owner"].strip(),
            due_on=row["due_on"],
        )
        moment.actions.append(action)
        record_create(actor, action)
    return moment


def sync_kpi_targets(
    actor: User | None,
    current: list[KpiTarget],
    targets: dict[int, tuple[Decimal | None, Decimal]],
) -> bool:
    """Make a lot's or contract's norms match {kpi_definition_id: (norm or None, tolerance %)};
    `current` is the owner's relationship list, so new norms get the right owner. Returns
    whether anything changed."""
    units = {kpi.id: kpi.unit.value for kpi in db.session.scalars(db.select(KpiDefinition))}
    errors = {
        f"kpi_{kpi_id}": ["Een tolerantie ligt tussen 0 en 100%."]
        for kpi_id, (_, tolerance) in targets.items()
        if not 0 <= tolerance <= 100
    }
    for kpi_id, (value, _) in targets.items():
        problem = value is not None and figure_problem(value, units.get(kpi_id, ""), "Een norm")
        if problem:
            errors[f"kpi_{kpi_id}"] = [problem]
    if errors:
        raise ValidationFailed("De normen zijn niet opgeslagen.", errors)
    existing = {target.kpi_definition_id: target for target in current}
    changed = False
    for kpi_id, (value, tolerance) in targets.items():
        target = existing.get(kpi_id)
        if value is None and target is not None:
            record_delete(actor, target)
            current.remove(target)
            changed = True
        elif value is not None and target is None:
            target = KpiTarget(
                kpi_definition_id=kpi_id, target_value=value, tolerance_percent=tolerance
            )
            current.append(target)
            record_create(actor, target)
            changed = True
        elif value is not None:
            values = {"target_value": value, "tolerance_percent": tolerance}
            changed |= bool(apply_changes(actor, target, values))
    db.session.flush()
    return changed


def set_contract_kpi_targets(
    actor: User,
    contract: FrameworkContract,
    *,
    targets: dict[int, tuple[Decimal | None, Decimal]],
    expected_version: int | None,
) -> FrameworkContract:
    """Norms agreed for this contract; they take precedence over the lot's."""
    check_version(contract, expected_version)
    if sync_kpi_targets(actor, contract.kpi_targets, targets):
        touch(contract)
    return contract


def set_action_status(
    actor: User, action: Action, status: ActionStatus, *, expected_version: int | None
) -> Action:
    """Mark an agreed action done or cancelled (or open again); the change is logged."""
    check_version(action, expected_version)
    change_status(actor, action, status)
    return action
