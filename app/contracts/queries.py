"""Read helpers for framework contracts."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus, Spend, Supplier
from app.contracts.rules import (
    DE_MINIMIS_PERCENT,
    ContractTimeline,
    cumulative_change_percent,
    notice_deadline,
)
from app.core.dates import add_months
from app.core.formatting import date_nl, eur, number_nl
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
from app.tenders.procedure import procurement_rules


def decision_lead() -> timedelta:
    return timedelta(weeks=current_app.config["DECISION_LEAD_WEEKS"])


def list_contracts(
    *,
    with_steering_moments: bool = False,
    status: ContractStatus | None = None,
    target_group_id: int | None = None,
    supplier_id: int | None = None,
    ends_before: date | None = None,
) -> list[FrameworkContract]:
    """Contracts, filtered; many-to-one relations joined in, collections in one query each."""
    options = [
        joinedload(FrameworkContract.supplier),
        joinedload(FrameworkContract.lot).joinedload(Lot.target_group),
        selectinload(FrameworkContract.options),
    ]
    if with_steering_moments:
        options += [
            selectinload(FrameworkContract.amendments),
            selectinload(FrameworkContract.spend),
            selectinload(FrameworkContract.subcontractors),
            selectinload(FrameworkContract.steering_moments).selectinload(SteeringMoment.results),
            selectinload(FrameworkContract.steering_moments).selectinload(SteeringMoment.actions),
        ]
    query = db.select(FrameworkContract).options(*options).order_by(FrameworkContract.reference)
    if status is not None:
        query = query.where(FrameworkContract.status == status)
    if target_group_id:
        query = query.where(FrameworkContract.lot.has(Lot.target_group_id == target_group_id))
    if supplier_id:
        query = query.where(FrameworkContract.supplier_id == supplier_id)
    contracts = list(db.session.scalars(query))
    if ends_before is not None:  # the current end depends on the options exercised
        contracts = [c for c in contracts if c.current_end_on < ends_before]
    return contracts


def get_contract(contract_id: int) -> FrameworkContract:
    return db.first_or_404(
        db.select(FrameworkContract)
        .filter_by(id=contract_id)
        .options(
            joinedload(FrameworkContract.supplier),
            joinedload(FrameworkContract.lot).joinedload(Lot.tender),
            selectinload(FrameworkContract.subcontractors),
            selectinload(FrameworkContract.options),
            selectinload(FrameworkContract.steering_moments).selectinload(SteeringMoment.results),
            selectinload(FrameworkContract.steering_moments).selectinload(SteeringMoment.actions),
        )
    )


def contract_timeline(contract: FrameworkContract) -> ContractTimeline:
    return contract.timeline(decision_lead())


@dataclass(frozen=True)
class ContractTotals:
    count: int
    ceiling: Decimal


def contract_totals(contracts: list[FrameworkContract]) -> ContractTotals:
    ceiling = sum((c.ceiling for c in contracts if c.ceiling is not None), Decimal("0.00"))
    return ContractTotals(len(contracts), ceiling)


def list_suppliers() -> list[Supplier]:
    query = db.select(Supplier).where(Supplier.is_placeholder.is_(False)).order_by(Supplier.name)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class ExtensionOutlook:
    possible: bool
    explanation: str


def extension_outlook(contract: FrameworkContract, today: date) -> ExtensionOutlook:
    """Can the contract still be extended lawfully: an open option before its notice deadline,
    within the 48 months a framework agreement may last including options."""
    next_open = next((o for o in contract.options if o.status == OptionStatus.OPEN), None)
    if contract.status not in (ContractStatus.ACTIVE, ContractStatus.EXTENDED):
        return ExtensionOutlook(False, f"Het contract is {contract.status.label.lower()}.")
    if next_open is None:
        return ExtensionOutlook(False, "Er is geen open verlengingsoptie meer.")
    deadline = notice_deadline(contract.current_end_on, next_open.notice_months)
    if deadline < today:
        return ExtensionOutlook(
            False, f"De termijn voor optie {next_open.number} verstreek op {date_nl(deadline)}."
        )
    exercised = sum(o.months for o in contract.options if o.status == OptionStatus.EXERCISED)
    total = contract.initial_months + exercised + next_open.months
    cap = procurement_rules().max_framework_months  # art. 2.140 Aw, in the procurement rules
    if total > cap:
        return ExtensionOutlook(
            False,
            f"Met optie {next_open.number} duurt het contract {total} maanden; ten hoogste "
            f"{cap} mag (art. 2.140 Aw).",
        )
    return ExtensionOutlook(
        True,
        f"Optie {next_open.number} ({next_open.months} maanden) kan nog tot en met "
        f"{date_nl(deadline)} worden gelicht.",
    )


def decidable_option(contract: FrameworkContract) -> int | None:
    """The number of the option a decision can be taken on now: the first open one."""
    if contract.status not in (ContractStatus.ACTIVE, ContractStatus.EXTENDED):
        return None
    return next((o.number for o in contract.options if o.status == OptionStatus.OPEN), None)


@dataclass(frozen=True)
class OptionSignal:
    contract: FrameworkContract
    number: int
    warning_on: date
    notice_deadline_on: date


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
    options: list[OptionSignal]
    overdue_moments: list[SteeringMoment]
    overdue_actions: list[Action]
    red_results: list[KpiResult]
    ending: list[FrameworkContract]
    over_budget: list[OverBudget]

    @property
    def count(self) -> int:
        lists = (
            self.options,
            self.overdue_moments,
            self.overdue_actions,
            self.red_results,
            self.ending,
            self.over_budget,
        )
        return sum(map(len, lists))


RUNNING = (ContractStatus.ACTIVE, ContractStatus.EXTENDED)
ENDING_WITHIN_MONTHS = 6


def list_signals(today: date, lead: timedelta) -> Signals:
    """Everything a contract manager must act on; six queries, however many contracts."""
    running = list(
        db.session.scalars(
            db.select(FrameworkContract)
            .where(FrameworkContract.status.in_(RUNNING))
            .options(
                joinedload(FrameworkContract.supplier),
                joinedload(FrameworkContract.lot),
                selectinload(FrameworkContract.options),
            )
            .order_by(FrameworkContract.reference)
        )
    )
    options, ending = [], []
    horizon = add_months(today, ENDING_WITHIN_MONTHS)
    for contract in running:
        current_end = contract.current_end_on
        next_open = next((o for o in contract.options if o.status == OptionStatus.OPEN), None)
        if next_open is not None:
            deadline = notice_deadline(current_end, next_open.notice_months)
            if deadline - lead <= today <= deadline:
                options.append(OptionSignal(contract, next_open.number, deadline - lead, deadline))
        if today <= current_end <= horizon:
            ending.append(contract)
    moments = db.session.scalars(
        db.select(SteeringMoment)
        .join(SteeringMoment.contract)
        .where(
            FrameworkContract.status.in_(RUNNING),
            SteeringMoment.status == MomentStatus.SCHEDULED,
            SteeringMoment.due_on < today,
        )
        .options(contains_eager(SteeringMoment.contract).joinedload(FrameworkContract.lot))
        .order_by(SteeringMoment.due_on)
    )
    actions = db.session.scalars(
        db.select(Action)
        .where(Action.status == ActionStatus.OPEN, Action.due_on < today)
        .order_by(Action.due_on)
    )
    latest_logged = (
        db.select(SteeringMoment.contract_id, db.func.max(SteeringMoment.sequence).label("last"))
        .where(SteeringMoment.status != MomentStatus.SCHEDULED)
        .group_by(SteeringMoment.contract_id)
        .subquery()
    )
    red = db.session.scalars(
        db.select(KpiResult)
        .join(KpiResult.steering_moment)
        .join(
            latest_logged,
            (latest_logged.c.contract_id == SteeringMoment.contract_id)
            & (latest_logged.c.last == SteeringMoment.sequence),
        )
        .where(KpiResult.rating == Rating.RED)
        .options(
            contains_eager(KpiResult.steering_moment),
            joinedload(KpiResult.kpi_definition),
        )
    )
    year = db.func.extract("year", Spend.period_start_on)
    spent = db.func.sum(Spend.amount)
    over = db.session.execute(
        db.select(
            FrameworkContract.id,
            FrameworkContract.reference,
            Lot.title,
            year,
            spent,
            Lot.budget_per_year,
        )
        .join(Spend, Spend.contract_id == FrameworkContract.id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .where(FrameworkContract.status.in_(RUNNING), Lot.budget_per_year.is_not(None))
        .group_by(
            FrameworkContract.id, FrameworkContract.reference, Lot.title, year, Lot.budget_per_year
        )
        .having(spent > Lot.budget_per_year)
        .order_by(FrameworkContract.reference, year)
    )
    over_budget = [
        OverBudget(row[0], row[1], row[2], int(row[3]), to_money(row[4]), row[5]) for row in over
    ]
    return Signals(options, list(moments), list(actions), list(red.unique()), ending, over_budget)


@dataclass(frozen=True)
class ValueSituation:
    original: Decimal | None
    changed_by: Decimal
    percent: Decimal | None
    warnings: list[str]


def value_situation(contract: FrameworkContract, today: date) -> ValueSituation:
    """Amendments against the original value (the ceiling agreed at the start). A change needs
    no new procedure only while below 10 % of that value and below the EU threshold."""
    changes = [amendment.value_change for amendment in contract.amendments]
    total = sum(changes, Decimal("0.00"))
    percent = cumulative_change_percent(contract.ceiling, changes)
    rules = procurement_rules()
    thresholds = rules.thresholds_on(max(today, rules.thresholds[0].valid_from))
    light = contract.lot.cpv and rules.is_light(contract.lot.cpv)
    threshold = (
        thresholds.social_and_specific_services if light else thresholds.services_sub_central
    )
    warnings = []
    if percent is not None and abs(percent) > DE_MINIMIS_PERCENT:
        warnings.append(
            f"De wijzigingen samen zijn {number_nl(percent)}% van de oorspronkelijke waarde; "
            f"boven {number_nl(DE_MINIMIS_PERCENT)}% is in beginsel een nieuwe aanbesteding nodig."
        )
    if abs(total) >= threshold:
        warnings.append(
            f"De wijzigingen samen ({eur(total)}) bereiken de Europese drempel van "
            f"{eur(threshold)}; dan is in beginsel een nieuwe aanbesteding nodig."
        )
    return ValueSituation(contract.ceiling, total, percent, warnings)


@dataclass(frozen=True)
class YearSpend:
    year: int
    budget: Decimal | None
    spent: Decimal
    trajectories: int

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.spent > self.budget


def spend_per_year(contract: FrameworkContract) -> list[YearSpend]:
    """Spend per calendar year (by the start of each period) against the lot's budget per year."""
    years: dict[int, list] = {}
    for spend in contract.spend:
        amount, count = years.get(spend.period_start_on.year, (Decimal("0.00"), 0))
        years[spend.period_start_on.year] = (
            amount + spend.amount,
            count + spend.trajectories_started,
        )
    return [
        YearSpend(year, contract.lot.budget_per_year, amount, count)
        for year, (amount, count) in sorted(years.items())
    ]
