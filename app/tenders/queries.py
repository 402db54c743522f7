"""Read helpers for tenders, lots and the yearly budget overview."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import selectinload

from app.core.dates import term_end
from app.extensions import db
from app.tenders.models import Lot, Route, TargetGroup, Tender, TenderStatus


@dataclass(frozen=True)
class BudgetLine:
    label: str
    amount: Decimal | None  # None: "ntb", not yet determined
    lot_id: int


@dataclass(frozen=True)
class BudgetOverview:
    year: int | None
    lines: list[BudgetLine]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount is not None), Decimal("0.00"))

    @property
    def has_undetermined(self) -> bool:
        return any(line.amount is None for line in self.lines)


def list_tenders() -> list[Tender]:
    query = (
        db.select(Tender)
        .options(selectinload(Tender.lots).joinedload(Lot.target_group))
        .order_by(Tender.reference.desc(), Tender.id)
    )
    return list(db.session.scalars(query))


def list_tenders_with_budgets() -> list[tuple[Tender, BudgetOverview]]:
    return [(tender, lot_budget_overview(tender.lots)) for tender in list_tenders()]


def get_tender(tender_id: int) -> Tender:
    return db.first_or_404(
        db.select(Tender)
        .filter_by(id=tender_id)
        .options(selectinload(Tender.lots).joinedload(Lot.target_group))
    )


def list_target_groups() -> list[TargetGroup]:
    return list(db.session.scalars(db.select(TargetGroup).order_by(TargetGroup.name)))


def lot_budget_overview(lots: list[Lot], year: int | None = None) -> BudgetOverview:
    return BudgetOverview(
        year, [BudgetLine(lot.title, lot.budget_per_year, lot.id) for lot in lots]
    )


def _runs_in(lot: Lot, year: int) -> bool:
    start = lot.tender.contract_start_on
    if start is None:
        return False
    return start <= date(year, 12, 31) and term_end(start, lot.initial_months) >= date(year, 1, 1)


def budget_overview(year: int) -> BudgetOverview:
    """Every budget line of a year: the lots whose initial term runs in it.

    Referral routes (e.g. direct bemiddelbaren to uitzendbureaus) have no budget line, and
    withdrawn tenders no longer count.
    """
    query = (
        db.select(Lot)
        .join(Lot.tender)
        .where(Tender.route != Route.REFERRAL, Tender.status != TenderStatus.WITHDRAWN)
        .options(selectinload(Lot.tender))
        .order_by(Tender.id, Lot.number)
    )
    lots = [lot for lot in db.session.scalars(query) if _runs_in(lot, year)]
    return lot_budget_overview(lots, year)
