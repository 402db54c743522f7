"""The municipality's budget per year: which lots run in a year, and what it budgets for them
(its own share of a joint tender's lot). Read by the tender pages, the overview, the budget
plans, the API and the collegevoorstel's finance section."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.dates import add_months
from app.core.money import to_money
from app.extensions import db
from app.reference.models import Municipality
from app.tenders.joint_models import LotBudget, budget_of, tender_participants
from app.tenders.models import Lot, Route, Tender, TenderStatus


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


def lot_budget_overview(lots: list[Lot], year: int | None = None) -> BudgetOverview:
    return BudgetOverview(
        year, [BudgetLine(lot.title, lot.budget_per_year, lot.id) for lot in lots]
    )


def runs_in(
    start: sa.ColumnElement[date], months: sa.ColumnElement[int], year: int
) -> sa.ColumnElement[bool]:
    """Whether an initial term of `months` from `start` runs in `year`, in SQL: it starts by
    the year's end and its last day (term_end: start + months − 1 day) falls in the year or
    later. Counted in months since year 0: the last day lies in the month `months` after the
    start's, or the one before when the term starts on the 1st."""
    last_month = (
        sa.extract("year", start) * 12
        + sa.extract("month", start)
        - 1
        + months
        - sa.case((sa.extract("day", start) == 1, 1), else_=0)
    )
    return sa.and_(start <= date(year, 12, 31), last_month >= year * 12)


def budget_overview(year: int, municipality: str) -> BudgetOverview:
    """Every budget line of a municipality in a year: the lots whose initial term runs in it,
    bought by it or on its behalf, each with its own budget for the year."""
    lots = lots_running_in(year, municipality)
    return BudgetOverview(
        year, [BudgetLine(lot.title, budget_of(lot, municipality, year), lot.id) for lot in lots]
    )


def bought_by(municipality: str) -> sa.ColumnElement[bool]:
    """A tender the municipality buys itself or has bought on its behalf (joint)."""
    joint = (
        sa.select(tender_participants.c.tender_id)
        .join(Municipality, Municipality.id == tender_participants.c.municipality_id)
        .where(Municipality.name == municipality)
    )
    return sa.or_(Tender.municipality == municipality, Tender.id.in_(joint))


def budgeted_in(year: int, municipality: str) -> list[sa.ColumnElement[bool]]:
    """The conditions of a lot whose initial term runs in `year`.

    Referral routes (e.g. direct bemiddelbaren to uitzendbureaus) have no budget line, and
    withdrawn tenders no longer count. Tenders that start too early to run in the year (no
    term is longer than the longest) are passed over on their start alone.
    """
    longest = db.session.scalar(db.select(db.func.max(Lot.initial_months))) or 0
    return [
        bought_by(municipality),
        Tender.route != Route.REFERRAL,
        Tender.status != TenderStatus.WITHDRAWN,
        Tender.contract_start_on > add_months(date(year, 1, 1), -longest),
        runs_in(Tender.contract_start_on, Lot.initial_months, year),
    ]


def lots_running_in(year: int, municipality: str) -> list[Lot]:
    """The municipality's lots whose initial term runs in `year`, with their tender."""
    query = (
        db.select(Lot)
        .join(Lot.tender)
        .where(*budgeted_in(year, municipality))
        .options(
            selectinload(Lot.tender),
            selectinload(Lot.year_budgets).selectinload(LotBudget.municipality),
        )
        .order_by(Tender.id, Lot.number)
    )
    return list(db.session.scalars(query))


def municipal_budget(year: int, municipality: str) -> sa.ColumnElement[Decimal | None]:
    """Per lot (in SQL, as budget_of): the municipality's budget for the year. Its own share
    where the lot has budgets per year and municipality (joint procurement), the lot's budget
    where the municipality buys it alone, else unknown (NULL: "ntb")."""
    share = (
        sa.select(sa.func.sum(LotBudget.amount))
        .join(Municipality, Municipality.id == LotBudget.municipality_id)
        .where(
            LotBudget.lot_id == Lot.id,
            LotBudget.year == year,
            Municipality.name == municipality,
        )
        .scalar_subquery()
    )
    return sa.case(
        (sa.exists().where(LotBudget.lot_id == Lot.id), share),
        (Tender.municipality != municipality, sa.null()),
        else_=Lot.budget_per_year,
    )


@dataclass(frozen=True)
class YearBudgetTotal:
    year: int
    lines: int
    total: Decimal
    undetermined: int  # lines without an amount yet ("ntb")


def year_budget_total(year: int, municipality: str) -> YearBudgetTotal:
    """How many budget lines the municipality has in `year` and what they add up to, in one
    statement: at scale thousands of lots run in a year, too many to list on a page."""
    amount = municipal_budget(year, municipality)
    lines, total, known = db.session.execute(
        sa.select(sa.func.count(), sa.func.sum(amount), sa.func.count(amount))
        .select_from(Lot)
        .join(Lot.tender)
        .where(*budgeted_in(year, municipality))
    ).one()
    return YearBudgetTotal(year, lines, to_money(total or 0), lines - known)
