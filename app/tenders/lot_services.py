"""Use cases for the lots of a tender: add, change, remove, award criteria and norms.
Services take the actor, flush, and never commit."""

from itertools import zip_longest
from typing import Any

from app.auth.models import User
from app.core.audit import (
    apply_changes,
    record_create,
    record_delete,
)
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version, check_version_locked, known_fields, touch
from app.core.rules import refuse
from app.extensions import db
from app.steering.services import NormInput, sync_kpi_targets
from app.tenders.award_services import lot_is_awarded
from app.tenders.cpv import normalise_cpv
from app.tenders.editing import ensure_editable
from app.tenders.models import AwardCriterion, CriterionKind, Lot, TargetGroup, Tender
from app.tenders.payment import PaymentModel
from app.tenders.rules import award_criteria_problems, payment_problems, price_only

LOT_FIELDS = (
    "number",
    "title",
    "target_group_id",
    "scope",
    "budget_per_year",
    "planned_count",
    "unit_price",
    "cpv",
    "initial_months",
    "option_months",
    "notice_months",
    "price_method",
    "internal_note",
    "target_group_profile",
    "intake_days",
    "plan_weeks",
    "aftercare_months",
    "report_back_days",
    "lasting_outflow_months",
    "payment_model",
    "start_fee",
    "result_fee",
    "result_share_percent",
)


PAYMENT_FIELDS = ("unit_price", "start_fee", "result_fee", "result_share_percent")


LEAD_TIMES = (
    "intake_days",
    "plan_weeks",
    "aftercare_months",
    "report_back_days",
    "lasting_outflow_months",
)


def _validate_lot(tender: Tender, values: dict[str, Any], lot: Lot | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if any(other.number == values["number"] and other is not lot for other in tender.lots):
        errors["number"] = [f"Perceel {values['number']} bestaat al in dit inkooptraject."]
    if db.session.get(TargetGroup, values["target_group_id"]) is None:
        errors["target_group_id"] = ["Kies een bestaande doelgroep."]
    for field in ("budget_per_year", "unit_price", "start_fee", "result_fee"):
        if values.get(field) is not None and values[field] < 0:
            errors[field] = ["Een bedrag kan niet negatief zijn."]
    for field in LEAD_TIMES:
        if field in values and (values[field] is None or values[field] <= 0):
            errors[field] = ["Een termijn is minstens 1."]
    stored = {name: getattr(lot, name) for name in PAYMENT_FIELDS} if lot else {}
    for problem in payment_problems({**stored, **values}):
        errors[problem.field] = [problem.message]
    if "payment_model" in values:
        values["payment_model"] = PaymentModel(values["payment_model"])
    if values.get("cpv"):
        try:
            values["cpv"] = normalise_cpv(values["cpv"])
        except ValueError as error:
            errors["cpv"] = [str(error)]
    if any(months <= 0 for months in values.get("option_months", [])):
        errors["option_months"] = ["Een verlengingsoptie duurt minstens één maand."]
    if (
        lot is not None
        and lot.year_budgets
        and values.get("budget_per_year", lot.budget_per_year) != lot.budget_per_year
    ):
        errors["budget_per_year"] = [
            "Dit perceel heeft een budget per jaar (en per gemeente); wijzig het daar. Dit "
            "bedrag volgt daaruit."
        ]
    if errors:
        raise ValidationFailed("Het perceel is niet opgeslagen.", errors)


def add_lot(actor: User | None, tender: Tender, *, values: dict[str, Any]) -> Lot:
    ensure_editable(tender)
    values = known_fields(values, LOT_FIELDS)
    _validate_lot(tender, values)
    lot = Lot(tender=tender, **values)
    db.session.add(lot)
    record_create(actor, lot)
    return lot


def update_lot(
    actor: User, lot: Lot, *, values: dict[str, Any], expected_version: int | None
) -> Lot:
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    change_lot(actor, lot, values)
    return lot


def change_lot(actor: User, lot: Lot, values: dict[str, Any]) -> dict:
    values = known_fields(values, LOT_FIELDS)
    _validate_lot(lot.tender, values, lot)
    return apply_changes(actor, lot, values)


def remove_lot(actor: User, lot: Lot, *, expected_version: int | None) -> None:
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    if lot_is_awarded(lot):
        raise DomainError("Aan dit perceel hangt een raamcontract; het kan niet worden verwijderd.")
    record_delete(actor, lot)
    lot.tender.lots.remove(lot)
    db.session.flush()


def set_award_criteria(
    actor: User,
    lot: Lot,
    *,
    criteria: list[dict[str, Any]],
    lowest_price_motivation: str,
    expected_version: int | None,
) -> Lot:
    """Replace the lot's award criteria; weights sum to exactly 100 (best price-quality ratio).

    Awarding on price alone (no quality criterion) needs a recorded motivation (art. 2.114 Aw).
    """
    check_version(lot, expected_version)
    ensure_editable(lot.tender)
    refuse(
        award_criteria_problems(criteria, lowest_price_motivation),
        "De gunningscriteria zijn niet opgeslagen.",
    )
    # Row by row in the order shown, so a criterion saved again unchanged stays as it is.
    existing = list(lot.award_criteria)
    changed = False
    for criterion in existing[len(criteria) :]:
        record_delete(actor, criterion)
        lot.award_criteria.remove(criterion)
        changed = True
    for criterion, row in zip_longest(existing[: len(criteria)], criteria):
        values = {
            "name": row["name"].strip(),
            "kind": CriterionKind(row["kind"]),
            "weight_percent": row["weight_percent"],
            "description": row.get("description", "").strip(),
        }
        if criterion is None:
            criterion = AwardCriterion(**values)
            lot.award_criteria.append(criterion)
            record_create(actor, criterion)
            changed = True
        else:
            changed |= bool(apply_changes(actor, criterion, values))
    motivation = lowest_price_motivation.strip() if price_only(criteria) else ""
    changed |= bool(apply_changes(actor, lot, {"lowest_price_motivation": motivation}))
    if changed:
        touch(lot)
    db.session.flush()
    return lot


def set_kpi_targets(
    actor: User,
    lot: Lot,
    *,
    targets: dict[int, NormInput],
    expected_version: int | None,
) -> Lot:
    """Set the norm per KPI definition; a relative norm needs the baselines of the three
    years before the contracts start."""
    check_version_locked(lot, expected_version)
    ensure_editable(lot.tender)
    start = lot.tender.contract_start_on
    if sync_kpi_targets(actor, lot.kpi_targets, targets, start.year if start else None):
        touch(lot)
    db.session.flush()
    return lot
