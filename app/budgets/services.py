"""Use cases for budget plans: a municipality's plan for a year, its groups and its lines, as
entered from the source document (printed totals included, so that a difference shows)."""

from decimal import Decimal
from typing import Any

from app.auth.models import User
from app.budgets.models import BudgetGroup, BudgetLine, BudgetPlan, BudgetSide, LineKind
from app.contracts.models import FrameworkContract
from app.core.audit import apply_changes, record_create
from app.core.errors import ValidationFailed
from app.core.models import check_version, flush_or_refuse, known_fields, touch
from app.extensions import db
from app.reference.models import Municipality, Segment
from app.tenders.models import Lot, Tender

PLAN_FIELDS = ("year", "title", "source", "printed_balance", "adopted_on")
GROUP_FIELDS = ("side", "name", "position", "printed_total", "segment_id")
LINE_FIELDS = ("group_id", "name", "kind", "amount", "lot_id", "contract_reference", "position")


def _plan_values(values: dict[str, Any]) -> dict[str, Any]:
    known_fields(values, PLAN_FIELDS)
    return {
        **values,
        "title": (values.get("title") or "").strip(),
        "source": (values.get("source") or "").strip(),
    }


def _check_year_free(municipality: Municipality, year: int, plan: BudgetPlan | None = None):
    """One plan per municipality and year."""
    other = db.session.scalar(
        db.select(BudgetPlan).filter_by(municipality_id=municipality.id, year=year)
    )
    if other is not None and other is not plan:
        raise ValidationFailed.on(
            "year", f"Voor {municipality.name} is er al een begroting {year}."
        )


def create_budget_plan(
    actor: User | None, municipality: Municipality, *, values: dict[str, Any]
) -> BudgetPlan:
    values = _plan_values(values)
    _check_year_free(municipality, values["year"])
    plan = BudgetPlan(municipality=municipality, **values)
    db.session.add(plan)
    flush_or_refuse(lambda: _check_year_free(municipality, values["year"], plan))
    record_create(actor, plan)
    return plan


def update_budget_plan(
    actor: User, plan: BudgetPlan, *, values: dict[str, Any], expected_version: int | None
) -> BudgetPlan:
    check_version(plan, expected_version)
    values = _plan_values(values)
    _check_year_free(plan.municipality, values["year"], plan)
    apply_changes(actor, plan, values)
    flush_or_refuse(lambda: _check_year_free(plan.municipality, values["year"], plan))
    return plan


def _group_values(plan: BudgetPlan, values: dict[str, Any]) -> dict[str, Any]:
    known_fields(values, GROUP_FIELDS)
    segment_id = values.get("segment_id")
    if segment_id is not None:
        segment = db.session.get(Segment, segment_id)
        if segment is None or segment.scheme_id != plan.municipality.scheme_id:
            raise ValidationFailed.on(
                "segment_id",
                f"Kies een segment uit de indeling van {plan.municipality.name}.",
            )
    return {
        **values,
        "side": BudgetSide(values["side"]),
        "name": (values.get("name") or "").strip(),
        "position": values.get("position") or 0,
    }


def add_budget_group(
    actor: User | None, plan: BudgetPlan, *, values: dict[str, Any]
) -> BudgetGroup:
    group = BudgetGroup(plan=plan, **_group_values(plan, values))
    db.session.add(group)
    touch(plan)
    record_create(actor, group)
    return group


def update_budget_group(
    actor: User, group: BudgetGroup, *, values: dict[str, Any], expected_version: int | None
) -> BudgetGroup:
    check_version(group, expected_version)
    values = _group_values(group.plan, values)
    if values["side"] != group.side and any(
        (line.kind == LineKind.INCOME) != (values["side"] == BudgetSide.INCOME)
        for line in group.lines
    ):
        raise ValidationFailed.on(
            "side", "Deze groep heeft regels van de andere kant; verplaats die eerst."
        )
    if apply_changes(actor, group, values):
        touch(group.plan)
    return group


def _line_values(plan: BudgetPlan, values: dict[str, Any]) -> dict[str, Any]:
    """The line's values, checked against its plan: every problem a field error."""
    known_fields(values, LINE_FIELDS)
    group = next((group for group in plan.groups if group.id == values.get("group_id")), None)
    if group is None:
        raise ValidationFailed.on("group_id", "Kies de groep waar deze regel onder valt.")
    kind = LineKind(values["kind"])
    if (kind == LineKind.INCOME) != (group.side == BudgetSide.INCOME):
        raise ValidationFailed.on(
            "kind",
            "Inkomsten horen onder het beschikbare budget, uitgaven onder een groep uitgaven."
            if kind == LineKind.INCOME
            else "Onder het beschikbare budget staan alleen inkomsten; kies de soort Inkomsten.",
        )
    amount: Decimal | None = values.get("amount")
    lot_id, contract_id = None, None
    if kind == LineKind.LOT:
        lot = db.session.get(Lot, values.get("lot_id") or 0)
        if lot is None:
            raise ValidationFailed.on("lot_id", "Kies het perceel.")
        buyers = {lot.tender.municipality, *(m.name for m in lot.tender.participants)}
        if plan.municipality.name not in buyers:
            raise ValidationFailed.on(
                "lot_id", f"Kies een perceel dat {plan.municipality.name} inkoopt."
            )
        if amount is not None:
            raise ValidationFailed.on(
                "amount", "Een perceel neemt zijn eigen budget mee; laat het bedrag leeg."
            )
        lot_id = lot.id
    if kind == LineKind.CONTRACT:
        reference = (values.get("contract_reference") or "").strip()
        contract = db.session.scalar(db.select(FrameworkContract).filter_by(reference=reference))
        if contract is None:
            raise ValidationFailed.on(
                "contract_reference", "Vul het kenmerk van een bestaand contract in."
            )
        owner = db.session.scalar(
            db.select(Tender.municipality).join(Lot).where(Lot.id == contract.lot_id)
        )
        if owner != plan.municipality.name:
            raise ValidationFailed.on(
                "contract_reference", f"Kies een contract van {plan.municipality.name}."
            )
        contract_id = contract.id
    name = (values.get("name") or "").strip()
    if not name:
        raise ValidationFailed.on("name", "Vul een omschrijving in.")
    return {
        "group_id": group.id,
        "name": name,
        "kind": kind,
        "amount": amount,
        "lot_id": lot_id,
        "contract_id": contract_id,
        "position": values.get("position") or 0,
    }


def add_budget_line(actor: User | None, plan: BudgetPlan, *, values: dict[str, Any]) -> BudgetLine:
    line = BudgetLine(**_line_values(plan, values))
    db.session.add(line)
    touch(plan)
    record_create(actor, line)
    return line


def update_budget_line(
    actor: User,
    plan: BudgetPlan,
    line: BudgetLine,
    *,
    values: dict[str, Any],
    expected_version: int | None,
) -> BudgetLine:
    check_version(line, expected_version)
    if apply_changes(actor, line, _line_values(plan, values)):
        touch(plan)
    return line
