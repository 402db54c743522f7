"""The signals: what needs a contract manager's attention before a deadline is missed. Each
kind reads only the rows it shows or counts (the signal state kept on write,
signal_state.py), never the history."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from app.contracts.models import (
    RUNNING,
    ContractYearSpend,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
)
from app.core.data_version import cached
from app.core.dates import add_months
from app.core.money import to_money
from app.extensions import db
from app.steering.models import (
    Action,
    ActionStatus,
    KpiResult,
    MomentStatus,
    Rating,
    SteeringMoment,
)
from app.tenders.models import Lot


@dataclass(frozen=True)
class OverBudget:
    contract_id: int
    reference: str
    lot: str
    year: int
    spent: Decimal
    budget: Decimal


@dataclass(frozen=True)
class Signals:
    """Per kind of signal: the most urgent ones (all of them without a limit) and the total."""

    options: list[ExtensionOption]
    overdue_moments: list[SteeringMoment]
    overdue_actions: list[Action]
    red_results: list[KpiResult]
    ending: list[FrameworkContract]
    over_budget: list[OverBudget]
    totals: dict[str, int]
    lead: timedelta

    @property
    def count(self) -> int:
        return sum(self.totals.values())


ENDING_WITHIN_MONTHS = 6


def moments_due_before(day: date) -> sa.Select:
    """Scheduled steering moments of running contracts due before `day`, soonest first, with
    their contract and lot (the signals: overdue; Mijn taken: also the coming two weeks)."""
    return (
        db.select(SteeringMoment)
        .join(SteeringMoment.contract)
        .where(
            FrameworkContract.status.in_(RUNNING),
            SteeringMoment.status == MomentStatus.SCHEDULED,
            SteeringMoment.due_on < day,
        )
        .options(contains_eager(SteeringMoment.contract).joinedload(FrameworkContract.lot))
        .order_by(SteeringMoment.due_on, SteeringMoment.id)
    )


def actions_overdue(today: date) -> sa.Select:
    """Open actions of running contracts past their date, the oldest first."""
    return (
        db.select(Action)
        .join(FrameworkContract, FrameworkContract.id == Action.contract_id)
        .where(
            FrameworkContract.status.in_(RUNNING),
            Action.status == ActionStatus.OPEN,
            Action.due_on < today,
        )
        .order_by(Action.due_on, Action.id)
    )


def latest_results() -> sa.Select:
    """The KPI results of each running contract's latest logged moment, which is kept on the
    contract (signal_state.py), so the history is not read."""
    return (
        db.select(KpiResult)
        .join(KpiResult.steering_moment)
        .join(
            FrameworkContract,
            (FrameworkContract.id == SteeringMoment.contract_id)
            & (FrameworkContract.latest_logged_sequence == SteeringMoment.sequence),
        )
        .where(FrameworkContract.status.in_(RUNNING))
    )


def _signal_queries(today: date, lead: timedelta) -> dict[str, sa.Select]:
    """One query per kind of signal, most urgent first; filtered in SQL on stored dates, so
    the work per request does not grow with the number of contracts that need no attention. Long
    because it is one query per kind, side by side, so that the kinds stay comparable."""
    running = FrameworkContract.status.in_(RUNNING)
    return {
        "options": db.select(ExtensionOption)
        .join(ExtensionOption.contract)
        .where(
            running,
            ExtensionOption.status == OptionStatus.OPEN,
            ExtensionOption.notice_deadline_on.between(today, today + lead),
        )
        .options(contains_eager(ExtensionOption.contract).joinedload(FrameworkContract.lot))
        .order_by(ExtensionOption.notice_deadline_on, ExtensionOption.id),
        "overdue_moments": moments_due_before(today),
        "overdue_actions": actions_overdue(today),
        "red_results": latest_results()
        .where(KpiResult.rating == Rating.RED)
        .options(
            contains_eager(KpiResult.steering_moment).contains_eager(SteeringMoment.contract),
            joinedload(KpiResult.kpi_definition),
        )
        .order_by(SteeringMoment.held_on.desc(), KpiResult.id),
        "ending": db.select(FrameworkContract)
        .where(
            running,
            FrameworkContract.current_end_on.between(
                today, add_months(today, ENDING_WITHIN_MONTHS)
            ),
        )
        .options(joinedload(FrameworkContract.lot))
        .order_by(FrameworkContract.current_end_on, FrameworkContract.id),
        # Spend per contract and year is kept on write (signal_state.py).
        "over_budget": db.select(
            FrameworkContract.id,
            FrameworkContract.reference,
            Lot.title,
            ContractYearSpend.year,
            ContractYearSpend.amount,
            Lot.budget_per_year,
        )
        .join(ContractYearSpend, ContractYearSpend.contract_id == FrameworkContract.id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(
            running,
            Lot.budget_per_year.is_not(None),
            ContractYearSpend.amount > Lot.budget_per_year,
        )
        .order_by(ContractYearSpend.year.desc(), FrameworkContract.reference),
    }


def count_each(queries: dict[str, sa.Select]) -> dict[str, int]:
    """The number of rows of each query, in one statement (none for no queries)."""
    if not queries:
        return {}
    counts = [
        db.select(db.func.count()).select_from(query.order_by(None).subquery()).scalar_subquery()
        for query in queries.values()
    ]
    return dict(zip(queries, db.session.execute(db.select(*counts)).one(), strict=True))


def count_signals(today: date, lead: timedelta) -> dict[str, int]:
    """The number of signals per kind, in one query."""
    return count_each(_signal_queries(today, lead))


def cached_signal_count(today: date, lead: timedelta, known: int | None = None) -> int:
    """The number of signals, for the navigation on every page: counted once per state of
    the data (counting afresh would cost more than most pages), or taken as `known` from a
    list of the signals just read."""

    def count() -> int:
        return sum(count_signals(today, lead).values()) if known is None else known

    return cached(("signal count", today, lead), count)


def list_signals(
    today: date, lead: timedelta, limit: int | None = None, offset: int = 0
) -> Signals:
    """Everything a contract manager must act on: the most urgent `limit` of each kind (after
    skipping `offset`) and how many there are in all. One statement counts every kind; one
    per kind reads only its first rows (a top-N sort, no window over all of them): seven
    statements, however many contracts."""
    queries = _signal_queries(today, lead)
    totals = count_each(queries)
    shown = {}
    for kind, query in queries.items():
        rows = db.session.execute(query.offset(offset).limit(limit)).all()
        if kind == "over_budget":
            shown[kind] = [
                OverBudget(row[0], row[1], row[2], int(row[3]), to_money(row[4]), row[5])
                for row in rows
            ]
        else:
            shown[kind] = [row[0] for row in rows]
    return Signals(**shown, totals=totals, lead=lead)
