"""Use cases for suppliers (aanbieders): registered by a procurement adviser or contract
manager, or as a bidder when a bid comes in. The name and the KvK number identify one."""

from typing import Any

from app.auth.models import User
from app.contracts.models import Supplier
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version, flush_or_refuse
from app.extensions import db
from app.suppliers.rules import normalised_kvk, supplier_problems

SUPPLIER_FIELDS = (
    "name",
    "kvk_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
)


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    text = {name: (values.get(name) or "").strip() for name in SUPPLIER_FIELDS}
    return {
        **text,
        "kvk_number": normalised_kvk(text["kvk_number"]),
        "contact_email": text["contact_email"].lower(),
    }


def _check(values: dict[str, Any], supplier: Supplier | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not values["name"]:
        errors["name"] = ["Vul de naam van de aanbieder in."]
    for problem in supplier_problems(values):
        errors[problem.field] = [problem.message]
    for field, label in (("name", "Deze naam"), ("kvk_number", "Dit KvK-nummer")):
        if values[field] and field not in errors:
            other = db.session.scalar(
                db.select(Supplier).where(getattr(Supplier, field) == values[field])
            )
            if other is not None and other is not supplier:
                errors[field] = [f"{label} hoort al bij aanbieder {other.name}."]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors)


def create_supplier(
    actor: User | None,
    *,
    name: str,
    kvk_number: str | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    description: str = "",
    is_placeholder: bool = False,
    main_contractor: Supplier | None = None,
) -> Supplier:
    values = _normalised(
        {
            "name": name,
            "kvk_number": kvk_number,
            "contact_name": contact_name,
            "contact_email": contact_email,
            "contact_phone": contact_phone,
            "description": description,
        }
    )
    _check(values)
    supplier = Supplier(**values, is_placeholder=is_placeholder, main_contractor=main_contractor)
    db.session.add(supplier)
    # Two people registering the same supplier at once: the unique key decides, and the
    # later one reads the same message as when the other had been first.
    flush_or_refuse(lambda: _check(values))
    record_create(actor, supplier)
    return supplier


def update_supplier(
    actor: User, supplier: Supplier, *, values: dict[str, Any], expected_version: int | None
) -> Supplier:
    check_version(supplier, expected_version)
    values = _normalised(values)
    _check(values, supplier)
    apply_changes(actor, supplier, values)
    flush_or_refuse(lambda: _check(values, supplier))
    return supplier
