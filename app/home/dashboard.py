"""The overview (dashboard): what the contracts cost against their budget per target group
and year, how the latest steering moments rated each KPI across the running contracts, and
which option deadlines come up. Each part reads only what it shows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.contracts.models import (
    RUNNING,
    ContractYearSpend,
    ExtensionOption,
    FrameworkContract,
    OptionStatus,
)
from app.contracts.signals import latest_results
from app.core.dates import add_months
from app.core.money import to_money
from app.extensions import db
from app.reference.models import Municipality
from app.steering.models import KpiDefinition, KpiResult, Rating, SteeringMoment
from app.tenders.joint_models import LotBudget
from app.tenders.models import Lot, TargetGroup, Tender
from app.tenders.queries import budgeted_in, runs_in

CONTRACTS_SHOWN = 40
OPTIONS_SHOWN = 25
OPTION_HORIZON_MONTHS = 24


def _year_budgets(lot_ids: list[int], year: int, municipality: str) -> dict[int, Decimal | None]:
    """For the lots among `lot_ids` that have budgets per year: the municipality's for
    `year` (None where it has none)."""
    rows = db.session.execute(
        sa.select(LotBudget.lot_id, LotBudget.year, Municipality.name, LotBudget.amount)
        .join(Municipality, Municipality.id == LotBudget.municipality_id)
        .where(LotBudget.lot_id.in_(lot_ids))
    )
    found: dict[int, Decimal | None] = {}
    for lot_id, budget_year, name, amount in rows:
        found.setdefault(lot_id, None)
        if budget_year == year and name == municipality:
            found[lot_id] = (found[lot_id] or 0) + amount
    return found


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
    budget: dict[str, Decimal] = defaultdict(Decimal)
    undetermined: set[str] = set()
    lots = db.session.execute(
        sa.select(
            TargetGroup.name,
            Lot.id,
            Lot.budget_per_year,
            Lot.initial_months,
            Tender.contract_start_on,
            Tender.municipality,
        )
        .join(Lot.tender)
        .join(Lot.target_group)
        .where(*budgeted_in(year, municipality))
    ).all()  # plain rows: a municipality at scale has thousands of lots running in a year
    per_year = _year_budgets([row.id for row in lots], year, municipality)
    for name, lot_id, amount, months, start, lead in lots:
        if not runs_in(start, months, year):
            continue
        if lot_id in per_year:
            amount = per_year[lot_id]
        elif lead != municipality:
            amount = None
        if amount is None:
            undetermined.add(name)
        budget[name] += amount or 0
    spent = dict(
        db.session.execute(
            sa.select(TargetGroup.name, sa.func.sum(ContractYearSpend.amount))
            .join(FrameworkContract, FrameworkContract.id == ContractYearSpend.contract_id)
            .join(Lot, Lot.id == FrameworkContract.lot_id)
            .join(TargetGroup, TargetGroup.id == Lot.target_group_id)
            .join(Tender, Tender.id == Lot.tender_id)
            .where(ContractYearSpend.year == year, Tender.municipality == municipality)
            .group_by(TargetGroup.name)
        ).all()
    )
    names = sorted(set(budget) | undetermined | set(spent))
    return [
        GroupBudget(
            name, to_money(budget[name]), name in undetermined, to_money(spent.get(name) or 0)
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
    """The ratings of each running contract's latest logged moment (kept on the contract, so
    the history is not read), the contracts with the most reds first."""
    latest = latest_results()
    counts: dict[int, dict[Rating, int]] = defaultdict(dict)
    for kpi_id, rating, number in db.session.execute(
        latest.with_only_columns(KpiResult.kpi_definition_id, KpiResult.rating, sa.func.count())
        .where(KpiResult.rating.is_not(None))
        .group_by(KpiResult.kpi_definition_id, KpiResult.rating)
    ):
        counts[kpi_id][rating] = number
    reds = sa.func.sum(sa.case((KpiResult.rating == Rating.RED, 1), else_=0))
    ambers = sa.func.sum(sa.case((KpiResult.rating == Rating.AMBER, 1), else_=0))
    shown = (
        latest.with_only_columns(FrameworkContract.id)
        .group_by(FrameworkContract.id, FrameworkContract.reference)
        .order_by(reds.desc(), ambers.desc(), FrameworkContract.reference)
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(shown.subquery()))
    ids = list(db.session.scalars(shown.limit(limit)))
    results = db.session.scalars(
        latest.where(FrameworkContract.id.in_(ids)).options(
            contains_eager(KpiResult.steering_moment)
            .contains_eager(SteeringMoment.contract)
            .joinedload(FrameworkContract.lot)
        )
    ).all()
    by_contract: dict[int, list[KpiResult]] = defaultdict(list)
    for result in results:
        by_contract[result.steering_moment.contract_id].append(result)
    rows = []
    for contract_id in ids:
        found = by_contract[contract_id]
        moment = found[0].steering_moment
        rows.append(
            KpiRow(
                contract_id,
                moment.contract.reference,
                moment.contract.lot.title,
                moment.held_on,
                {result.kpi_definition_id: result.rating for result in found},
            )
        )
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
