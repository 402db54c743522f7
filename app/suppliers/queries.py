"""Reads for the supplier pages."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort

from app.contracts.models import FrameworkContract, Supplier
from app.extensions import db


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    kvk_number: str | None
    contact_name: str
    contract_count: int


def list_suppliers() -> list[SupplierRow]:
    """Every real supplier by name, with the number of contracts it holds as contractor."""
    contracts = (
        sa.select(sa.func.count(FrameworkContract.id))
        .where(FrameworkContract.supplier_id == Supplier.id)
        .scalar_subquery()
    )
    query = (
        sa.select(
            Supplier.id,
            Supplier.name,
            Supplier.kvk_number,
            Supplier.contact_name,
            contracts.label("contract_count"),
        )
        .where(Supplier.is_placeholder.is_(False))
        .order_by(Supplier.name)
    )
    return [SupplierRow(*row) for row in db.session.execute(query)]


def get_supplier(supplier_id: int) -> Supplier:
    """A real supplier or 404: "nog te contracteren" stands in for one and has no page."""
    supplier = db.session.get(Supplier, supplier_id)
    if supplier is None or supplier.is_placeholder:
        abort(404)
    return supplier
