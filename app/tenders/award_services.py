"""Use cases for bids and the award of a lot into a framework contract."""

from datetime import date
from decimal import Decimal

from app.auth.models import User
from app.contracts.models import FrameworkContract, Supplier
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.core.audit import (
    change_status,
    record_create,
)
from app.core.errors import DomainError, ValidationFailed
from app.core.models import touch
from app.extensions import db
from app.suppliers.services import create_supplier
from app.tenders.models import (
    Bid,
    BidScore,
    CriterionKind,
    Lot,
    TenderStatus,
)
from app.tenders.rules import MAX_QUALITY_SCORE, lot_value


def register_bid(
    actor: User,
    lot: Lot,
    *,
    supplier_id: int | None,
    new_supplier_name: str,
    price: Decimal | None,
    received_on: date,
    scores: dict[int, Decimal | None],
    excluded_reason: str = "",
) -> Bid:
    """Record a bid with a score (0–10) for every quality criterion of the lot."""
    if lot.tender.status != TenderStatus.PUBLISHED:
        raise DomainError(
            "Inschrijvingen worden geregistreerd zodra het inkooptraject is gepubliceerd."
        )
    errors: dict[str, list[str]] = {}
    name = new_supplier_name.strip()
    supplier = db.session.get(Supplier, supplier_id) if supplier_id else None
    if supplier is None and name:  # a "new" name that already exists is that supplier
        supplier = db.session.scalar(db.select(Supplier).filter_by(name=name))
    if supplier is None and not name:
        errors["supplier_id"] = ["Kies een inschrijver of vul de naam van een nieuwe in."]
    elif supplier is not None and any(bid.supplier_id == supplier.id for bid in lot.bids):
        errors["supplier_id"] = [f"{supplier.name} heeft al ingeschreven op dit perceel."]
    if price is None or price <= 0:
        errors["price"] = ["Vul de inschrijvingsprijs in (meer dan € 0)."]
    quality = [c for c in lot.award_criteria if c.kind == CriterionKind.QUALITY]
    for criterion in quality:
        score = scores.get(criterion.id)
        if score is None or not 0 <= score <= MAX_QUALITY_SCORE:
            errors[f"score_{criterion.id}"] = [
                f"Geef voor '{criterion.name}' een score van 0 tot 10."
            ]
    if errors:
        raise ValidationFailed("De inschrijving is niet opgeslagen.", errors)
    if supplier is None:
        supplier = create_supplier(actor, name=name)
    bid = Bid(
        supplier=supplier,
        price=price,
        received_on=received_on,
        excluded_reason=excluded_reason.strip(),
        scores=[BidScore(criterion_id=c.id, score=scores[c.id]) for c in quality],
    )
    lot.bids.append(bid)
    record_create(actor, bid)
    touch(lot)
    return bid


def award_lot(
    actor: User,
    lot: Lot,
    *,
    bid_id: int | None,
    today: date,
    steering_interval_months: int,
) -> FrameworkContract:
    """Award the lot to a bid: a framework contract in concept, ceiling = value over the full
    term including options, steering moments every `steering_interval_months` (the interval
    the PvE promised). When every lot is awarded, so is the tender."""
    bid = check_award(lot, bid_id)
    tender = lot.tender
    contract = create_contract(
        actor,
        reference=f"{tender.reference}-{lot.number}",
        lot=lot,
        supplier=bid.supplier,
        start_on=tender.contract_start_on or today,
        initial_months=lot.initial_months,
        options=[OptionTerm(months, lot.notice_months) for months in lot.option_months],
        ceiling=lot_ceiling(lot),
        steering_interval_months=steering_interval_months,
    )
    if all(lot_is_awarded(other) for other in tender.lots):
        change_status(actor, tender, TenderStatus.AWARDED)
    return contract


def lot_ceiling(lot: Lot) -> Decimal:
    """The lot's value over the full term including options: the contract's ceiling."""
    return lot_value(lot.budget_per_year, lot.initial_months, lot.option_months)


def check_award(lot: Lot, bid_id: int | None) -> Bid:
    """The valid bid to award the lot to, or the reason it cannot be awarded (yet)."""
    tender = lot.tender
    if tender.status != TenderStatus.PUBLISHED:
        raise DomainError("Alleen een gepubliceerd inkooptraject kan worden gegund.")
    valid = [bid for bid in lot.bids if not bid.excluded_reason]
    bid = next((b for b in valid if b.id == bid_id), None)
    if not valid:
        message = "Dit perceel heeft nog geen geldige inschrijvingen; gunnen kan nog niet."
        raise ValidationFailed(message, {"bid_id": [message]})
    if bid is None:
        message = "Kies een geldige inschrijving op dit perceel."
        raise ValidationFailed(message, {"bid_id": [message]})
    if lot_is_awarded(lot):
        raise DomainError(f"Perceel {lot.number} is al gegund.")
    if lot.budget_per_year is None:
        raise DomainError("Stel eerst het budget van dit perceel vast: het plafond volgt eruit.")
    return bid


def lot_is_awarded(lot: Lot) -> bool:
    return (
        db.session.scalar(db.select(db.func.count()).where(FrameworkContract.lot_id == lot.id)) > 0
    )
