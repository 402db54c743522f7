"""Use cases for steering moments."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.auth.models import User
from app.contracts.models import FrameworkContract
from app.contracts.signal_state import note_logged_moment
from app.core.audit import apply_changes, change_status, record_create, record_delete
from app.core.dates import utcnow
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import date_nl, number_nl
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
    NormBasis,
    Rating,
    SteeringDecision,
    SteeringMoment,
)
from app.steering.rules import (
    figure_problem,
    kpi_value,
    missing_baseline_years,
    multi_year_norm,
    outcome,
    rate,
    steering_schedule,
    years_named,
)


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


def _judge(
    kpi: KpiDefinition, target: KpiTarget | None, value: Decimal, moment: SteeringMoment
) -> tuple[str, Decimal, str] | None:
    """(rating, norm, how a relative norm was derived) of one result; None without a norm."""
    if target is None:
        return None
    norm, note = target.target_value, ""
    if target.is_relative:
        year = moment.period_end_on.year  # the reporting year
        try:
            norm, average = multi_year_norm(target.baseline_values(), year, value, norm)
        except ValueError as missing:
            raise ValidationFailed(
                f"{kpi.name}: voor de relatieve norm ontbreken de basiswaarden van "
                f"{years_named(missing.args[0])}; vul ze in bij de normen."
            ) from None
        note = (
            f"{number_nl(target.target_value)} % boven het meerjarig gemiddelde "
            f"{kpi_value(average, kpi.unit.value)} ({year - 3}–{year})"
        )
    higher = kpi.direction == KpiDirection.HIGHER_IS_BETTER
    return rate(value, norm, target.tolerance_percent, higher), norm, note


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
    judged = _judge_entry(moment, held_on, results, chosen_outcome, actions, today)
    _store_results(actor, moment, results, judged)
    first_logging = moment.status == MomentStatus.SCHEDULED
    change_status(
        actor,
        moment,
        MomentStatus(judged.outcome),
        {
            "held_on": held_on,
            "findings": findings.strip(),
            "decision": SteeringDecision(decision) if decision else None,
            "significant": significant,
        }
        # Who logged it and when stay those of the first logging; corrections are in the log.
        | ({"logged_by_id": getattr(actor, "id", None)} if first_logging else {}),
    )
    if first_logging:
        moment.logged_at = utcnow()
    note_logged_moment(moment)  # its date or its red results may have changed
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


@dataclass(frozen=True)
class JudgedEntry:
    """A steering moment's entry, checked: the results reported, each rated against its norm
    (with the norm and how it was derived), and the moment's outcome."""

    reported: dict[int, Decimal]
    ratings: dict[int, str]
    norms: dict[int, Decimal]
    notes: dict[int, str]
    outcome: str


def _judge_entry(
    moment: SteeringMoment,
    held_on: date | None,
    results: dict[int, tuple[Decimal | None, str]],
    chosen_outcome: str | None,
    actions: list[dict[str, Any]],
    today: date,
) -> JudgedEntry:
    """Every field error of the entry at once, or the entry rated against the norms."""
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
    targets = moment.contract.effective_kpi_targets
    ratings, norms, notes = {}, {}, {}
    for kpi_id, value in reported.items():
        if kpi_id not in definitions:
            errors["results"] = ["Onbekende prestatie-indicator."]
            continue
        try:
            judged = _judge(definitions[kpi_id], targets.get(kpi_id), value, moment)
        except ValidationFailed as problem:
            errors.setdefault("results", []).append(problem.message)
            continue
        if judged is not None:
            ratings[kpi_id], norms[kpi_id], notes[kpi_id] = judged
    final = chosen_outcome or outcome(list(ratings.values()))
    if final is None:
        errors["outcome"] = ["Kies de uitkomst: er zijn geen normen om die uit af te leiden."]
    if errors:
        raise ValidationFailed("Het bijsturingsmoment is niet vastgelegd.", errors)
    return JudgedEntry(reported, ratings, norms, notes, final)


def _store_results(
    actor: User,
    moment: SteeringMoment,
    results: dict[int, tuple[Decimal | None, str]],
    judged: JudgedEntry,
) -> None:
    """New results are added; a changed one is corrected field by field (before → after)."""
    existing = {result.kpi_definition_id: result for result in moment.results}
    for kpi_id, value in judged.reported.items():
        values = {
            "value": value,
            "target_value": judged.norms.get(kpi_id),
            "target_note": judged.notes.get(kpi_id, ""),
            "rating": Rating(judged.ratings[kpi_id]) if kpi_id in judged.ratings else None,
            "note": results[kpi_id][1].strip(),
        }
        if kpi_id in existing:
            apply_changes(actor, existing[kpi_id], values)  # a correction, before → after
        else:
            result = KpiResult(kpi_definition_id=kpi_id, **values)
            moment.results.append(result)
            record_create(actor, result)


@dataclass(frozen=True)
class NormInput:
    """A norm as the form gives it: its value (None: no norm), tolerance, basis and, for a
    relative norm, the baseline per year."""

    value: Decimal | None
    tolerance: Decimal
    basis: NormBasis = NormBasis.ABSOLUTE
    baselines: dict[int, Decimal] = field(default_factory=dict)


def _norm_problems(norm: NormInput, unit: str, first_year: int | None) -> list[str]:
    problems = []
    if not 0 <= norm.tolerance <= 100:
        problems.append("Een tolerantie ligt tussen 0 en 100%.")
    if norm.value is None:
        return problems
    if norm.basis == NormBasis.RELATIVE:
        if not 0 <= norm.value <= 100:
            problems.append("Een relatieve norm is een percentage tussen 0 en 100.")
        missing = missing_baseline_years(norm.baselines, first_year) if first_year else []
        if missing:
            problems.append(
                f"Voor een relatieve norm zijn de basiswaarden van de drie jaar vóór {first_year} "
                f"nodig; nog niet ingevuld: {years_named(missing)}."
            )
        problems += [
            f"Basiswaarde {year}: {problem}"
            for year, value in sorted(norm.baselines.items())
            if (problem := figure_problem(value, unit, "een basiswaarde"))
        ]
    elif problem := figure_problem(norm.value, unit, "Een norm"):
        problems.append(problem)
    return problems


def sync_kpi_targets(
    actor: User | None,
    current: list[KpiTarget],
    targets: dict[int, NormInput],
    first_year: int | None = None,
) -> bool:
    """Make a lot's or contract's norms match {kpi_definition_id: norm}; `current` is the
    owner's relationship list, so new norms get the right owner. A relative norm needs the
    baselines of the three years before `first_year`, the first reporting year. Returns
    whether anything changed."""
    units = {kpi.id: kpi.unit.value for kpi in db.session.scalars(db.select(KpiDefinition))}
    errors = {
        f"kpi_{kpi_id}": problems
        for kpi_id, norm in targets.items()
        if (problems := _norm_problems(norm, units.get(kpi_id, ""), first_year))
    }
    if errors:
        raise ValidationFailed("De normen zijn niet opgeslagen.", errors)
    existing = {target.kpi_definition_id: target for target in current}
    changed = False
    for kpi_id, norm in targets.items():
        target = existing.get(kpi_id)
        values = {
            "target_value": norm.value,
            "tolerance_percent": norm.tolerance,
            "basis": norm.basis,
            "baselines": {str(year): str(value) for year, value in sorted(norm.baselines.items())}
            if norm.basis == NormBasis.RELATIVE
            else {},
        }
        if norm.value is None and target is not None:
            record_delete(actor, target)
            current.remove(target)
            changed = True
        elif norm.value is not None and target is None:
            target = KpiTarget(kpi_definition_id=kpi_id, **values)
            current.append(target)
            record_create(actor, target)
            changed = True
        elif norm.value is not None:
            changed |= bool(apply_changes(actor, target, values))
    db.session.flush()
    return changed


def set_contract_kpi_targets(
    actor: User,
    contract: FrameworkContract,
    *,
    targets: dict[int, NormInput],
    expected_version: int | None,
) -> FrameworkContract:
    """Norms agreed for this contract; they take precedence over the lot's."""
    check_version_locked(contract, expected_version)
    first_year = (
        contract.steering_moments[0].period_end_on.year
        if contract.steering_moments
        else contract.start_on.year
    )
    if sync_kpi_targets(actor, contract.kpi_targets, targets, first_year):
        touch(contract)
    return contract


def set_action_status(
    actor: User, action: Action, status: ActionStatus, *, expected_version: int | None
) -> Action:
    """Mark an agreed action done or cancelled (or open again); the change is logged."""
    check_version(action, expected_version)
    change_status(actor, action, status)
    return action
