"""The signals: what needs a contract manager's attention before a deadline is missed. Each
kind reads only the rows it shows or counts (the signal state kept on write,
signal_state.py), never the history."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from app.contracts.models import (
    RUNNING,
    ContractYearSpend,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
)
from app.core.dates import add_months
from app.core.formatting import COUNTED_UP_TO
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

# The statements below are built once, with the day as a parameter: building an ORM
# statement and its cache key cost more than running it (the menu's count: 4.3 → 0.4 ms).
TODAY = sa.bindparam("today", type_=sa.Date)
DUE_BEFORE = sa.bindparam("due_before", type_=sa.Date)
NOTICE_UNTIL = sa.bindparam("notice_until", type_=sa.Date)
ENDING_UNTIL = sa.bindparam("ending_until", type_=sa.Date)
LIMIT, OFFSET = sa.bindparam("limit", type_=sa.Integer), sa.bindparam("offset", type_=sa.Integer)


def signal_parameters(today: date, lead: timedelta) -> dict[str, date]:
    """The values of the signals' parameters on `today`."""
    return {
        "today": today,
        "due_before": today,
        "notice_until": today + lead,
        "ending_until": add_months(today, ENDING_WITHIN_MONTHS),
    }


# The two below filter on their own rows only (whether the contract runs is kept on them) and
# load the contract with what they show: counted, they read no other table, so no planner is
# tempted to walk every moment or action to join it.


def moments_due_before() -> sa.Select:
    """Scheduled steering moments of running contracts due before the parameter `due_before`,
    soonest first, with their contract and lot (the signals: overdue; Mijn taken: also the
    coming two weeks)."""
    return (
        db.select(SteeringMoment)
        .where(
            SteeringMoment.contract_running == sa.true(),
            SteeringMoment.status == MomentStatus.SCHEDULED,
            SteeringMoment.due_on < DUE_BEFORE,
        )
        .options(joinedload(SteeringMoment.contract).joinedload(FrameworkContract.lot))
        .order_by(SteeringMoment.due_on, SteeringMoment.id)
    )


def actions_overdue() -> sa.Select:
    """Open actions of running contracts past their date (before the parameter `today`), the
    oldest first, with their contract."""
    return (
        db.select(Action)
        .where(
            Action.contract_running == sa.true(),
            Action.status == ActionStatus.OPEN,
            Action.due_on < TODAY,
        )
        .options(joinedload(Action.contract))
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


def _runs(contract_id: sa.ColumnElement[int]) -> sa.Exists:
    contract = aliased(FrameworkContract)
    return sa.exists().where(contract.id == contract_id, contract.status.in_(RUNNING))


@cache
def _signal_queries() -> dict[str, sa.Select]:
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
            ExtensionOption.notice_deadline_on.between(TODAY, NOTICE_UNTIL),
        )
        .options(contains_eager(ExtensionOption.contract).joinedload(FrameworkContract.lot))
        .order_by(ExtensionOption.notice_deadline_on, ExtensionOption.id),
        "overdue_moments": moments_due_before(),
        "overdue_actions": actions_overdue(),
        # Latest held first, walking the contracts by the day kept on them (not a sort of all).
        "red_results": latest_results()
        .where(
            KpiResult.rating == Rating.RED,
            FrameworkContract.latest_held_on.is_not(None),
            FrameworkContract.red_kpi_count > 0,
        )
        .options(
            contains_eager(KpiResult.steering_moment).contains_eager(SteeringMoment.contract),
            joinedload(KpiResult.kpi_definition),
        )
        .order_by(
            FrameworkContract.latest_held_on.desc(), FrameworkContract.id.desc(), KpiResult.id
        ),
        "ending": db.select(FrameworkContract)
        .where(
            running,
            FrameworkContract.current_end_on.between(TODAY, ENDING_UNTIL),
        )
        .options(joinedload(FrameworkContract.lot))
        .order_by(FrameworkContract.current_end_on, FrameworkContract.id),
        # Spend per contract and year, and whether it is over budget, is kept on write
        # (signal_state.py): the rows over budget are walked by their index, latest first,
        # and whether the contract runs is looked up per row (a condition on the joined
        # contracts had SQLite scan all of them first).
        "over_budget": db.select(
            FrameworkContract.id,
            FrameworkContract.reference,
            Lot.title,
            ContractYearSpend.year,
            ContractYearSpend.amount,
            Lot.budget_per_year,
        )
        .select_from(ContractYearSpend)
        .join(FrameworkContract, FrameworkContract.id == ContractYearSpend.contract_id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(ContractYearSpend.over_budget == sa.true(), _runs(ContractYearSpend.contract_id))
        .order_by(ContractYearSpend.year.desc(), ContractYearSpend.contract_id.desc()),
    }


def _rows_to_read(counted_up_to: int | None) -> int | None:
    """One more than a count goes up to, to know whether there are more."""
    return None if counted_up_to is None else counted_up_to + 1


def count_statement(
    queries: dict[str, sa.Select], counted_up_to: int | None = None, kept: dict | None = None
) -> sa.Select:
    """One statement giving the number of rows of each query, in the queries' order. With
    `counted_up_to`, each count reads one row more than that and stops, in the order the list
    reads them: the database walks the same index and stops, where a guess that matches are
    spread evenly would have it scan the table. `kept` gives counts kept on write for some
    kinds, read instead of counting rows."""
    kept = kept or {}
    limit = _rows_to_read(counted_up_to)
    counts = [
        kept[kind]
        if kind in kept
        else db.select(db.func.count())
        .select_from((query if limit else query.order_by(None)).limit(limit).subquery())
        .scalar_subquery()
        for kind, query in queries.items()
    ]
    return db.select(*counts)


def count_each(kinds: Iterable[str], statement: sa.Select, parameters: dict) -> dict[str, int]:
    """The counts of a count_statement, by kind (none for no kinds)."""
    kinds = list(kinds)
    if not kinds:
        return {}
    return dict(zip(kinds, db.session.execute(statement, parameters).one(), strict=True))


@cache
def _count_signals_statement(counted_up_to: int | None) -> sa.Select:
    """The signals per kind. Red KPI results are counted when their moment is logged and kept
    on the contract: added up here over at most one contract more than `counted_up_to` (each
    has one at least, so the sum passes it when they do)."""
    contracts = sa.select(FrameworkContract.red_kpi_count).where(
        FrameworkContract.status.in_(RUNNING),
        FrameworkContract.red_kpi_count > 0,
        FrameworkContract.latest_held_on.is_not(None),
    )
    if counted_up_to is not None:
        # In the list's order, by its index, up to the count: a table that bulk updates left
        # with empty pages in front had PostgreSQL scan those first.
        contracts = contracts.order_by(
            FrameworkContract.latest_held_on.desc(), FrameworkContract.id.desc()
        ).limit(_rows_to_read(counted_up_to))
    kept = contracts.subquery()
    red = sa.select(sa.func.coalesce(sa.func.sum(kept.c.red_kpi_count), 0))
    return count_statement(_signal_queries(), counted_up_to, {"red_results": red.scalar_subquery()})


def count_signals(parameters: dict, counted_up_to: int | None) -> dict[str, int]:
    return count_each(_signal_queries(), _count_signals_statement(counted_up_to), parameters)


def menu_signal_count(today: date, lead: timedelta) -> int:
    """The number of signals for the menu, counted up to COUNTED_UP_TO as the signals page
    counts them."""
    return sum(count_signals(signal_parameters(today, lead), COUNTED_UP_TO).values())


@cache
def _paged_signal_queries() -> dict[str, sa.Select]:
    return {kind: query.offset(OFFSET).limit(LIMIT) for kind, query in _signal_queries().items()}


def list_signals(
    today: date,
    lead: timedelta,
    limit: int | None = None,
    offset: int = 0,
    counted_up_to: int | None = None,
) -> Signals:
    """Everything a contract manager must act on: the most urgent `limit` of each kind (after
    skipping `offset`; all of them without a limit) and how many there are in all, or whether
    more than `counted_up_to`. One statement counts every kind; one per kind reads only its
    first rows (a top-N sort, no window over all of them): seven statements, however many
    contracts."""
    parameters = signal_parameters(today, lead)
    totals = count_signals(parameters, counted_up_to)
    queries = _signal_queries()
    if limit is not None:
        queries = _paged_signal_queries()
        parameters = parameters | {"limit": limit, "offset": offset}
    shown = {}
    for kind, query in queries.items():
        rows = db.session.execute(query, parameters).all()
        if kind == "over_budget":
            shown[kind] = [
                OverBudget(row[0], row[1], row[2], int(row[3]), to_money(row[4]), row[5])
                for row in rows
            ]
        else:
            shown[kind] = [row[0] for row in rows]
    return Signals(**shown, totals=totals, lead=lead)
