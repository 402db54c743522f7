"""The overview (dashboard): what the contracts cost against their budget per target group
and year, how the latest steering moments rated each KPI across the running contracts, and
which option deadlines come up. Each part reads only what it shows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from app.contracts.models import (
    RUNNING,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
    TargetGroupYearSpend,
)
from app.core.dates import add_months
from app.core.money import to_money
from app.extensions import db
from app.steering.models import KpiDefinition, KpiResult, Rating, SteeringMoment
from app.tenders.models import Lot, TargetGroup
from app.tenders.year_budgets import budgeted_in, municipal_budget

CONTRACTS_SHOWN = 40
OPTIONS_SHOWN = 25
OPTION_HORIZON_MONTHS = 24


@dataclass(frozen=True)
class GroupBudget:
    target_group: str
    budget: Decimal
    undetermined: bool  # a lot of this group has no budget yet (ntb)
    spent: Decimal

    @property
    def share_spent(self) -> Decimal | None:
        return None if not self.budget else (100 * self.spent / self.budget).quantize(Decimal(1))


def budget_by_target_group(year: int, municipality: str) -> list[GroupBudget]:
    """Per target group: the municipality's budgets of the lots that run in `year` (its own
    share where a lot has budgets per year and municipality) and the spend booked on its
    contracts in that year."""
    amount = municipal_budget(year, municipality)
    budgets = db.session.execute(  # added up in SQL: thousands of lots run in a year at scale
        sa.select(TargetGroup.name, sa.func.sum(amount), sa.func.count() - sa.func.count(amount))
        .select_from(Lot)
        .join(Lot.tender)
        .join(Lot.target_group)
        .where(*budgeted_in(year, municipality))
        .group_by(TargetGroup.name)
    ).all()
    budget = {name: total or 0 for name, total, _ in budgets}
    undetermined = {name for name, _, unknown in budgets if unknown}
    spent = dict(
        db.session.execute(  # kept per target group on write (signal_state.py)
            sa.select(TargetGroup.name, sa.func.sum(TargetGroupYearSpend.amount))
            .join(TargetGroup, TargetGroup.id == TargetGroupYearSpend.target_group_id)
            .where(
                TargetGroupYearSpend.year == year,
                TargetGroupYearSpend.municipality == municipality,
            )
            .group_by(TargetGroup.name)
        ).all()
    )
    names = sorted(set(budget) | undetermined | set(spent))
    return [
        GroupBudget(
            name,
            to_money(budget.get(name, 0)),
            name in undetermined,
            to_money(spent.get(name) or 0),
        )
        for name in names
    ]


@dataclass(frozen=True)
class KpiRow:
    contract_id: int
    reference: str
    lot: str
    held_on: date
    ratings: dict[int, Rating | None]  # per KPI definition; missing: not reported


@dataclass(frozen=True)
class KpiGrid:
    kpis: list[KpiDefinition]
    rows: list[KpiRow]
    total: int  # running contracts with a logged moment
    counts: dict[int, dict[Rating, int]]  # per KPI: how many contracts rated each colour


def kpi_grid(limit: int = CONTRACTS_SHOWN) -> KpiGrid:
    """The ratings of each running contract's latest logged moment, the contracts with the
    most reds first. What it reads is kept on write (signal_state.py): the colour counts run
    over the latest results alone, by their index, and the order over the counts kept on
    each contract; the history is not read."""
    counts: dict[int, dict[Rating, int]] = defaultdict(dict)
    for kpi_id, rating, number in db.session.execute(
        sa.select(KpiResult.kpi_definition_id, KpiResult.rating, sa.func.count())
        .where(KpiResult.latest == sa.true(), KpiResult.rating.is_not(None))
        .group_by(KpiResult.kpi_definition_id, KpiResult.rating)
    ):
        counts[kpi_id][rating] = number
    logged = sa.select(FrameworkContract).where(
        FrameworkContract.status.in_(RUNNING), FrameworkContract.latest_held_on.is_not(None)
    )
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            logged.with_only_columns(FrameworkContract.id).subquery()
        )
    )
    contracts = db.session.scalars(
        logged.options(joinedload(FrameworkContract.lot))
        .order_by(
            FrameworkContract.red_kpi_count.desc(),
            FrameworkContract.amber_kpi_count.desc(),
            FrameworkContract.reference,
        )
        .limit(limit)
    ).all()
    ratings: dict[int, dict[int, Rating | None]] = defaultdict(dict)
    for contract_id, kpi_id, rating in db.session.execute(
        sa.select(SteeringMoment.contract_id, KpiResult.kpi_definition_id, KpiResult.rating)
        .join(KpiResult.steering_moment)
        .where(
            KpiResult.latest == sa.true(),
            SteeringMoment.contract_id.in_([contract.id for contract in contracts]),
        )
    ):
        ratings[contract_id][kpi_id] = rating
    rows = [
        KpiRow(
            contract.id,
            contract.reference,
            contract.lot.title,
            contract.latest_held_on,
            ratings[contract.id],
        )
        for contract in contracts
    ]
    reported = {kpi_id for row in rows for kpi_id in row.ratings} | set(counts)
    kpis = db.session.scalars(
        sa.select(KpiDefinition)
        .where(KpiDefinition.id.in_(reported))
        .order_by(KpiDefinition.position)
    ).all()
    return KpiGrid(list(kpis), rows, total, dict(counts))


def option_deadlines(today: date, limit: int = OPTIONS_SHOWN) -> list[ExtensionOption]:
    """Open options of running contracts whose notice deadline lies in the coming two years,
    soonest first."""
    return list(
        db.session.scalars(
            sa.select(ExtensionOption)
            .join(ExtensionOption.contract)
            .where(
                FrameworkContract.status.in_(RUNNING),
                ExtensionOption.status == OptionStatus.OPEN,
                ExtensionOption.notice_deadline_on.between(
                    today, add_months(today, OPTION_HORIZON_MONTHS)
                ),
            )
            .options(contains_eager(ExtensionOption.contract).joinedload(FrameworkContract.lot))
            .order_by(ExtensionOption.notice_deadline_on, ExtensionOption.id)
            .limit(limit)
        )
    )
