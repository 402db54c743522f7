"""Use cases for suppliers and framework contracts."""

from datetime import date
from decimal import Decimal

from app.auth.models import User
from app.contracts.models import (
    RUNNING,
    Amendment,
    ContractStatus,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
    Spend,
    Supplier,
)
from app.contracts.option_services import decide_option
from app.contracts.rules import OptionTerm
from app.contracts.signal_state import add_year_spend, note_contract_stopped
from app.core.audit import change_status, record_create
from app.core.errors import DomainError, ValidationFailed
from app.core.formatting import eur
from app.core.models import check_version, touch
from app.extensions import db
from app.steering.services import schedule_steering_moments
from app.tenders.models import Lot


def create_contract(
    actor: User | None,
    *,
    reference: str,
    lot: Lot,
    supplier: Supplier,
    start_on: date,
    initial_months: int,
    options: list[OptionTerm],
    ceiling: Decimal | None,
    subcontractors: list[Supplier] = (),
    status: ContractStatus = ContractStatus.DRAFT,
    signed_on: date | None = None,
    steering_interval_months: int = 6,
    due_after_months: int = 1,
) -> FrameworkContract:
    """A framework contract with its options; an active one gets its steering moments."""
    contract = FrameworkContract(
        reference=reference,
        lot=lot,
        supplier=supplier,
        start_on=start_on,
        initial_months=initial_months,
        ceiling=ceiling,
        status=status,
        signed_on=signed_on,
        steering_interval_months=steering_interval_months,
        subcontractors=list(subcontractors),
        options=[
            ExtensionOption(number=number, months=term.months, notice_months=term.notice_months)
            for number, term in enumerate(options, start=1)
        ],
    )
    contract.plan_dates()
    db.session.add(contract)
    record_create(actor, contract)
    for option in contract.options:
        record_create(actor, option)
    if status in RUNNING:
        schedule_steering_moments(actor, contract, due_after_months=due_after_months)
    return contract


def find_supplier(supplier_id: int | None) -> Supplier | None:
    return db.session.get(Supplier, supplier_id) if supplier_id else None


def activate_contract(
    actor: User,
    contract: FrameworkContract,
    *,
    start_on: date | None,
    supplier: Supplier | None,
    signed_on: date | None,
    expected_version: int | None,
    due_after_months: int,
) -> FrameworkContract:
    """Activation needs a start date, a real supplier and a signing date; it plans the moments.
    The start may move from the one planned at the award (signing often takes longer); the
    end and the option deadlines move with it."""
    check_version(contract, expected_version)
    errors: dict[str, list[str]] = {}
    if start_on is None:
        errors["start_on"] = ["Vul de ingangsdatum in."]
    if supplier is None or supplier.is_placeholder:
        errors["supplier_id"] = ["Kies de opdrachtnemer met wie het contract is gesloten."]
    if signed_on is None:
        errors["signed_on"] = ["Vul de datum van ondertekening in."]
    if errors:
        raise ValidationFailed("Het contract is niet geactiveerd.", errors)
    values = {"supplier_id": supplier.id, "signed_on": signed_on, "start_on": start_on}
    change_status(actor, contract, ContractStatus.ACTIVE, values)
    contract.supplier = supplier
    contract.plan_dates()
    db.session.flush()
    schedule_steering_moments(actor, contract, due_after_months=due_after_months)
    return contract


def expire_ended_contracts(actor: User | None, *, today: date) -> list[FrameworkContract]:
    """Mark running contracts whose current end has passed as expired ("verlopen")."""
    ended = db.session.scalars(
        db.select(FrameworkContract)
        .where(FrameworkContract.status.in_(RUNNING), FrameworkContract.current_end_on < today)
        .order_by(FrameworkContract.reference)
    )
    expired = []
    for contract in ended:
        change_status(actor, contract, ContractStatus.EXPIRED)
        note_contract_stopped(contract)
        expired.append(contract)
    return expired


def check_amendment(
    contract: FrameworkContract,
    *,
    amended_on: date | None,
    rationale: str,
    value_change: Decimal | None,
) -> None:
    if contract.status == ContractStatus.DRAFT:
        raise DomainError(
            "Een concept wordt aangepast, niet gewijzigd; activeer het contract eerst."
        )
    errors: dict[str, list[str]] = {}
    if amended_on is None:
        errors["amended_on"] = ["Vul de datum van de wijziging in."]
    if not rationale.strip():
        errors["rationale"] = ["Motiveer de wijziging."]
    if value_change is None:
        errors["value_change"] = ["Vul de waardeverandering in (0 als de waarde gelijk blijft)."]
    if errors:
        raise ValidationFailed("De wijziging is niet vastgelegd.", errors)


def add_amendment(
    actor: User,
    contract: FrameworkContract,
    *,
    amended_on: date | None,
    rationale: str,
    value_change: Decimal | None,
    expected_version: int | None,
    approval_threshold: Decimal | None,
) -> Amendment:
    """Record a change; nothing is overwritten, the original value stays the reference.

    A change larger than `approval_threshold` (either way) goes to the alderman first; the
    approval then records it with no threshold.
    """
    check_version(contract, expected_version)
    check_amendment(contract, amended_on=amended_on, rationale=rationale, value_change=value_change)
    if approval_threshold is not None and abs(value_change) > approval_threshold:
        message = (
            f"Een wijziging van meer dan {eur(approval_threshold)} legt u eerst ter goedkeuring "
            "voor aan de wethouder (knop 'Wijziging voorleggen')."
        )
        raise ValidationFailed(message, {"value_change": [message]})
    amendment = Amendment(
        amended_on=amended_on, rationale=rationale.strip(), value_change=value_change
    )
    contract.amendments.append(amendment)
    record_create(actor, amendment)
    touch(contract)
    return amendment


def record_spend(
    actor: User,
    contract: FrameworkContract,
    *,
    period_start_on: date | None,
    period_end_on: date | None,
    amount: Decimal | None,
    trajectories_started: int | None,
    expected_version: int | None,
) -> Spend:
    check_version(contract, expected_version)
    errors: dict[str, list[str]] = {}
    if period_start_on is None or period_end_on is None:
        errors["period_end_on"] = ["Vul het begin en het einde van de periode in."]
    elif period_end_on < period_start_on:
        errors["period_end_on"] = ["Het einde van de periode ligt vóór het begin."]
    if amount is None:
        errors["amount"] = ["Vul het bestede bedrag in."]
    if trajectories_started is not None and trajectories_started < 0:
        errors["trajectories_started"] = ["Een aantal kan niet negatief zijn."]
    if errors:
        raise ValidationFailed("De besteding is niet vastgelegd.", errors)
    spend = Spend(
        period_start_on=period_start_on,
        period_end_on=period_end_on,
        amount=amount,
        trajectories_started=trajectories_started or 0,
    )
    contract.spend.append(spend)
    record_create(actor, spend)
    touch(contract)
    add_year_spend(contract, period_start_on.year, amount)
    return spend


def terminate_contract(
    actor: User,
    contract: FrameworkContract,
    *,
    ended_on: date | None,
    rationale: str,
    expected_version: int | None,
) -> FrameworkContract:
    """End a running contract early; open options lapse. Planned moments stay, for the record."""
    check_version(contract, expected_version)
    errors: dict[str, list[str]] = {}
    if ended_on is None:
        errors["ended_on"] = ["Vul de einddatum in."]
    elif ended_on < contract.start_on or ended_on > contract.current_end_on:
        errors["ended_on"] = ["De einddatum ligt binnen de looptijd van het contract."]
    if not rationale.strip():
        errors["rationale"] = ["Motiveer de beëindiging."]
    if errors:
        raise ValidationFailed("Het contract is niet beëindigd.", errors)
    change_status(
        actor,
        contract,
        ContractStatus.TERMINATED,
        {"ended_on": ended_on},
        # The reason lives in the history, next to the status change it explains.
        related={"rationale": (None, rationale.strip())},
    )
    note_contract_stopped(contract)
    for option in contract.options:
        if option.status == OptionStatus.OPEN:
            decide_option(
                actor, option, OptionStatus.LAPSED, ended_on, "Vervallen: contract beëindigd."
            )
    return contract
