"""Use cases for suppliers and framework contracts."""

from datetime import date
from decimal import Decimal

from app.auth.models import User
from app.contracts.models import ContractStatus, ExtensionOption, FrameworkContract, Supplier
from app.contracts.rules import OptionTerm
from app.core.audit import record_create
from app.core.errors import ValidationFailed
from app.extensions import db
from app.steering.services import schedule_steering_moments
from app.tenders.models import Lot


def create_supplier(
    actor: User | None,
    *,
    name: str,
    kvk_number: str | None = None,
    description: str = "",
    is_placeholder: bool = False,
    main_contractor: Supplier | None = None,
) -> Supplier:
    if kvk_number is not None and not (len(kvk_number) == 8 and kvk_number.isdigit()):
        message = "Een KvK-nummer bestaat uit 8 cijfers."
        raise ValidationFailed(message, {"kvk_number": [message]})
    supplier = Supplier(
        name=name.strip(),
        kvk_number=kvk_number,
        description=description,
        is_placeholder=is_placeholder,
        main_contractor=main_contractor,
    )
    db.session.add(supplier)
    record_create(actor, supplier)
    return supplier


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
    )
    db.session.add(contract)
    record_create(actor, contract)
    for number, term in enumerate(options, start=1):
        option = ExtensionOption(
            contract=contract, number=number, months=term.months, notice_months=term.notice_months
        )
        db.session.add(option)
        record_create(actor, option)
    if status in (ContractStatus.ACTIVE, ContractStatus.EXTENDED):
        schedule_steering_moments(actor, contract, due_after_months=due_after_months)
    return contract
