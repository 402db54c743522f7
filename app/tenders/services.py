"""Use cases for tenders and lots. Services take the actor, flush, and never commit."""

from typing import Any

from app.auth.models import User
from app.contracts.models import FrameworkContract
from app.core.audit import apply_changes, record_create, record_delete
from app.core.errors import DomainError, ValidationFailed
from app.core.models import check_version
from app.extensions import db
from app.tenders.cpv import normalise_cpv
from app.tenders.models import Lot, Route, TargetGroup, Tender
from app.tenders.procedure import PROCEDURE_LABELS, PROPORTIONALITY_FACTORS

TENDER_FIELDS = (
    "reference",
    "title",
    "route",
    "description",
    "publication_on",
    "closing_on",
    "contract_start_on",
)
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
)


def _only(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")  # a programming error, not input
    return values


def _ensure_editable(tender: Tender) -> None:
    if not tender.is_editable:
        raise DomainError(
            f"Dit inkooptraject is {tender.status.label.lower()}; de inhoud kan niet meer "
            "worden gewijzigd."
        )


def _validate_tender(values: dict[str, Any]) -> None:
    published, closing = values.get("publication_on"), values.get("closing_on")
    if published and closing and closing <= published:
        message = "De sluitingsdatum moet na de publicatiedatum liggen."
        raise ValidationFailed(message, {"closing_on": [message]})


def create_tender(actor: User | None, *, municipality: str, values: dict[str, Any]) -> Tender:
    values = _only(values, TENDER_FIELDS)
    _validate_tender(values)
    tender = Tender(municipality=municipality, **{**values, "route": Route(values["route"])})
    db.session.add(tender)
    record_create(actor, tender)
    return tender


def update_tender(
    actor: User, tender: Tender, *, values: dict[str, Any], expected_version: int | None
) -> Tender:
    check_version(tender, expected_version)
    _ensure_editable(tender)
    values = _only(values, TENDER_FIELDS)
    _validate_tender(values)
    apply_changes(actor, tender, {**values, "route": Route(values["route"])})
    return tender


def _validate_lot(tender: Tender, values: dict[str, Any], lot: Lot | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if any(other.number == values["number"] and other is not lot for other in tender.lots):
        errors["number"] = [f"Perceel {values['number']} bestaat al in dit inkooptraject."]
    if db.session.get(TargetGroup, values["target_group_id"]) is None:
        errors["target_group_id"] = ["Kies een bestaande doelgroep."]
    for field in ("budget_per_year", "unit_price"):
        if values.get(field) is not None and values[field] < 0:
            errors[field] = ["Een bedrag kan niet negatief zijn."]
    if values.get("cpv"):
        try:
            values["cpv"] = normalise_cpv(values["cpv"])
        except ValueError as error:
            errors["cpv"] = [str(error)]
    if any(months <= 0 for months in values.get("option_months", [])):
        errors["option_months"] = ["Een verlengingsoptie duurt minstens één maand."]
    if errors:
        raise ValidationFailed("Het perceel is niet opgeslagen.", errors)


def add_lot(actor: User | None, tender: Tender, *, values: dict[str, Any]) -> Lot:
    _ensure_editable(tender)
    values = _only(values, LOT_FIELDS)
    _validate_lot(tender, values)
    lot = Lot(tender=tender, **values)
    db.session.add(lot)
    record_create(actor, lot)
    return lot


def update_lot(
    actor: User, lot: Lot, *, values: dict[str, Any], expected_version: int | None
) -> Lot:
    check_version(lot, expected_version)
    _ensure_editable(lot.tender)
    values = _only(values, LOT_FIELDS)
    _validate_lot(lot.tender, values, lot)
    apply_changes(actor, lot, values)
    return lot


def remove_lot(actor: User, lot: Lot, *, expected_version: int | None) -> None:
    check_version(lot, expected_version)
    _ensure_editable(lot.tender)
    if db.session.scalar(db.select(db.func.count()).where(FrameworkContract.lot_id == lot.id)):
        raise DomainError("Aan dit perceel hangt een raamcontract; het kan niet worden verwijderd.")
    record_delete(actor, lot)
    lot.tender.lots.remove(lot)
    db.session.flush()


def record_procedure_choice(
    actor: User,
    tender: Tender,
    *,
    procedure: str,
    motivation: dict[str, str],
    expected_version: int | None,
) -> Tender:
    """Record the chosen procedure with the six factors of the Gids Proportionaliteit (3.4A)."""
    check_version(tender, expected_version)
    _ensure_editable(tender)
    errors = {
        factor: ["Licht deze factor toe."]
        for factor in PROPORTIONALITY_FACTORS
        if not (motivation.get(factor) or "").strip()
    }
    if procedure not in PROCEDURE_LABELS:
        errors["procedure"] = ["Kies een procedure."]
    if errors:
        raise ValidationFailed("De motivering is niet volledig.", errors)
    factors = {factor: motivation[factor].strip() for factor in PROPORTIONALITY_FACTORS}
    apply_changes(actor, tender, {"procedure": procedure, "procedure_motivation": factors})
    return tender
