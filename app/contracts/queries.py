"""Read helpers for framework contracts."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from app.contracts.models import FrameworkContract, Supplier
from app.contracts.rules import ContractTimeline
from app.extensions import db
from app.tenders.models import Lot


def decision_lead() -> timedelta:
    return timedelta(weeks=current_app.config["DECISION_LEAD_WEEKS"])


def list_contracts(*, with_steering_moments: bool = False) -> list[FrameworkContract]:
    """All contracts; many-to-one relations joined in, collections in one query each."""
    options = [
        joinedload(FrameworkContract.supplier),
        joinedload(FrameworkContract.lot).joinedload(Lot.target_group),
        selectinload(FrameworkContract.options),
    ]
    if with_steering_moments:
        options += [
            selectinload(FrameworkContract.subcontractors),
            selectinload(FrameworkContract.steering_moments),
        ]
    query = db.select(FrameworkContract).options(*options).order_by(FrameworkContract.reference)
    return list(db.session.scalars(query))


def get_contract(contract_id: int) -> FrameworkContract:
    return db.first_or_404(
        db.select(FrameworkContract)
        .filter_by(id=contract_id)
        .options(
            joinedload(FrameworkContract.supplier),
            joinedload(FrameworkContract.lot).joinedload(Lot.tender),
            selectinload(FrameworkContract.subcontractors),
            selectinload(FrameworkContract.options),
            selectinload(FrameworkContract.steering_moments),
        )
    )


def contract_timeline(contract: FrameworkContract) -> ContractTimeline:
    return contract.timeline(decision_lead())


@dataclass(frozen=True)
class ContractTotals:
    count: int
    ceiling: Decimal


def contract_totals(contracts: list[FrameworkContract]) -> ContractTotals:
    ceiling = sum((c.ceiling for c in contracts if c.ceiling is not None), Decimal("0.00"))
    return ContractTotals(len(contracts), ceiling)


def list_suppliers() -> list[Supplier]:
    query = db.select(Supplier).where(Supplier.is_placeholder.is_(False)).order_by(Supplier.name)
    return list(db.session.scalars(query))
