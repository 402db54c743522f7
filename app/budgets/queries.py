"""Reads of budget plans and their figures."""

from sqlalchemy.orm import selectinload

from app.budgets.models import BudgetGroup, BudgetLine, BudgetPlan
from app.budgets.rules import GroupFigures, LineFigure, PlanFigures
from app.extensions import db
from app.reference.models import Municipality
from app.tenders.models import Lot

_WHOLE_PLAN = (
    selectinload(BudgetPlan.municipality),
    selectinload(BudgetPlan.groups).selectinload(BudgetGroup.segment),
    selectinload(BudgetPlan.groups)
    .selectinload(BudgetGroup.lines)
    .options(
        selectinload(BudgetLine.lot).selectinload(Lot.tender),
        selectinload(BudgetLine.lot).selectinload(Lot.year_budgets),
        selectinload(BudgetLine.contract),
    ),
)


def list_plans() -> list[BudgetPlan]:
    query = (
        db.select(BudgetPlan)
        .join(BudgetPlan.municipality)
        .options(selectinload(BudgetPlan.municipality))
        .order_by(Municipality.name, BudgetPlan.year.desc())
    )
    return list(db.session.scalars(query))


def get_plan(plan_id: int) -> BudgetPlan:
    return db.first_or_404(db.select(BudgetPlan).filter_by(id=plan_id).options(*_WHOLE_PLAN))


def find_plan(municipality: str, year: int) -> BudgetPlan | None:
    """The plan of the municipality (by name, any case) for the year, or None."""
    query = (
        db.select(BudgetPlan)
        .join(BudgetPlan.municipality)
        .where(db.func.lower(Municipality.name) == municipality.strip().lower())
        .where(BudgetPlan.year == year)
        .options(*_WHOLE_PLAN)
    )
    return db.session.scalar(query)


def plan_figures(plan: BudgetPlan) -> PlanFigures:
    return PlanFigures(
        [
            GroupFigures(
                group.name,
                group.side.value,
                [
                    LineFigure(line.name, line.kind.value, line.planned_amount)
                    for line in group.lines
                ],
                group.printed_total,
            )
            for group in plan.groups
        ],
        plan.printed_balance,
    )
