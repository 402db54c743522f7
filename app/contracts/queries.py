"""Read helpers for framework contracts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.contracts.models import (
    RUNNING,
    ContractStatus,
    FrameworkContract,
    OptionStatus,
    Supplier,
)
from app.contracts.rules import (
    amendment_problems,
    cumulative_change_percent,
    exercise_problems,
)
from app.core.formatting import date_nl
from app.core.models import like_pattern
from app.core.money import to_money
from app.extensions import db
from app.pagination import page_bounds, sort_order
from app.steering.models import (
    SteeringMoment,
)
from app.tenders.models import Lot, TargetGroup
from app.tenders.procedure import procurement_rules

CONTRACTS_PER_PAGE = 50


@dataclass(frozen=True)
class ContractPage:
    """One page of the contract list: rows of plain columns (see CONTRACT_COLUMNS)."""

    contracts: list[sa.Row]
    total: int
    ceiling: Decimal
    undetermined: int  # contracts whose ceiling is not yet determined (ntb)
    page: int
    pages: int


# What a row of the contract list shows; plain columns, because a list page that built the
# whole contract with its lot and supplier for each row spent most of its time doing so.
CONTRACT_COLUMNS = (
    FrameworkContract.id,
    FrameworkContract.reference,
    FrameworkContract.status,
    FrameworkContract.start_on,
    FrameworkContract.current_end_on,
    FrameworkContract.ceiling,
    Lot.title.label("lot_title"),
    TargetGroup.name.label("target_group"),
    Supplier.name.label("supplier"),
    Supplier.is_placeholder.label("supplier_is_placeholder"),
)


def _contract_filter(
    query: sa.Select,
    status: ContractStatus | None,
    target_group_id: int | None,
    supplier_id: int | None,
    ends_before: date | None,
    search: str = "",
) -> sa.Select:
    if search.strip():
        pattern = like_pattern(search)
        query = query.where(
            sa.or_(
                FrameworkContract.reference.ilike(pattern, escape="\\"),
                FrameworkContract.supplier.has(Supplier.name.ilike(pattern, escape="\\")),
                FrameworkContract.lot.has(Lot.title.ilike(pattern, escape="\\")),
            )
        )
    if status is not None:
        query = query.where(FrameworkContract.status == status)
    if target_group_id:
        query = query.where(FrameworkContract.lot.has(Lot.target_group_id == target_group_id))
    if supplier_id:
        query = query.where(FrameworkContract.supplier_id == supplier_id)
    if ends_before is not None:
        query = query.where(FrameworkContract.current_end_on < ends_before)
    return query


def count_contracts() -> int:
    return db.session.scalar(db.select(db.func.count(FrameworkContract.id)))


def list_contracts(*, offset: int = 0, limit: int | None = None) -> list[FrameworkContract]:
    """Contracts by reference with supplier, lot and options: their terms, not their history."""
    query = (
        db.select(FrameworkContract)
        .options(
            joinedload(FrameworkContract.supplier),
            joinedload(FrameworkContract.lot),
            selectinload(FrameworkContract.options),
        )
        .order_by(FrameworkContract.reference, FrameworkContract.id)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def running_contracts_with_moments() -> list[FrameworkContract]:
    """Running contracts with their lot, options and steering moments (the calendar feed)."""
    query = (
        db.select(FrameworkContract)
        .where(FrameworkContract.status.in_(RUNNING))
        .options(
            joinedload(FrameworkContract.lot),
            selectinload(FrameworkContract.options),
            selectinload(FrameworkContract.steering_moments),
        )
        .order_by(FrameworkContract.reference, FrameworkContract.id)
    )
    return list(db.session.scalars(query))


# Sortable columns of the contract list, by the key the URL uses (?sorteer=einde, -einde).
CONTRACT_SORTS = {
    "kenmerk": FrameworkContract.reference,
    "opdrachtnemer": Supplier.name,
    "einde": FrameworkContract.current_end_on,
    "plafond": FrameworkContract.ceiling,
}


def page_contracts(
    page: int = 1,
    *,
    status: ContractStatus | None = None,
    target_group_id: int | None = None,
    supplier_id: int | None = None,
    ends_before: date | None = None,
    search: str = "",
    sort: str = "kenmerk",
    per_page: int | None = CONTRACTS_PER_PAGE,
) -> ContractPage:
    """One page of the filtered, searched and sorted contract list, with the count and
    ceiling of all matches; with `per_page` None, all of them (for an export)."""
    filters = (status, target_group_id, supplier_id, ends_before, search)
    total, ceiling, known = db.session.execute(
        _contract_filter(
            db.select(
                db.func.count(),
                db.func.sum(FrameworkContract.ceiling),
                db.func.count(FrameworkContract.ceiling),
            ),
            *filters,
        )
    ).one()
    page, pages = page_bounds(page, total, per_page or max(total, 1))
    query = _contract_filter(
        db.select(*CONTRACT_COLUMNS)
        .join(Supplier, Supplier.id == FrameworkContract.supplier_id)
        .join(Lot, Lot.id == FrameworkContract.lot_id)
        .join(TargetGroup, TargetGroup.id == Lot.target_group_id)
        .order_by(
            sort_order(sort, CONTRACT_SORTS, "kenmerk"),
            FrameworkContract.reference,
            FrameworkContract.id,
        )
        .offset((page - 1) * (per_page or 0))
        .limit(per_page),
        *filters,
    )
    contracts = db.session.execute(query).all()
    return ContractPage(contracts, total, to_money(ceiling or 0), total - known, page, pages)


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


def supplier_choices() -> list[tuple[int, str]]:
    """(id, name) of every real supplier, for a select."""
    query = (
        db.select(Supplier.id, Supplier.name)
        .where(Supplier.is_placeholder.is_(False))
        .order_by(Supplier.name)
    )
    return [(row.id, row.name) for row in db.session.execute(query)]


@dataclass(frozen=True)
class ExtensionOutlook:
    possible: bool
    explanation: str


def extension_outlook(contract: FrameworkContract, today: date) -> ExtensionOutlook:
    """Can the contract still be extended lawfully today (contracts/rules.py)."""
    next_open = next((o for o in contract.options if o.status == OptionStatus.OPEN), None)
    cap = procurement_rules().max_framework_months
    problems = exercise_problems(contract, next_open, today, cap)
    if problems:
        return ExtensionOutlook(False, problems[0].message)
    deadline = next_open.notice_deadline_on
    return ExtensionOutlook(
        True,
        f"Optie {next_open.number} ({next_open.months} maanden) kan nog tot en met "
        f"{date_nl(deadline)} worden gelicht.",
    )


def decidable_option(contract: FrameworkContract) -> int | None:
    """The number of the option a decision can be taken on now: the first open one."""
    if not contract.is_running:
        return None
    return next((o.number for o in contract.options if o.status == OptionStatus.OPEN), None)


@dataclass(frozen=True)
class ValueSituation:
    original: Decimal | None
    changed_by: Decimal
    percent: Decimal | None
    warnings: list[str]


def value_situation(contract: FrameworkContract, today: date) -> ValueSituation:
    """Amendments against the original value (the ceiling agreed at the start). A change needs
    no new procedure only while below 10 % of that value and below the EU threshold; spend
    beyond the ceiling (with the amendments) exhausts the framework agreement."""
    changes = [amendment.value_change for amendment in contract.amendments]
    rules = procurement_rules()
    thresholds = rules.thresholds_on(max(today, rules.thresholds[0].valid_from))
    light = contract.lot.cpv and rules.is_light(contract.lot.cpv)
    threshold = (
        thresholds.social_and_specific_services if light else thresholds.services_sub_central
    )
    spent = sum((spend.amount for spend in contract.spend), Decimal("0.00"))
    problems = amendment_problems(contract.ceiling, changes, threshold, spent)
    return ValueSituation(
        contract.ceiling,
        sum(changes, Decimal("0.00")),
        cumulative_change_percent(contract.ceiling, changes),
        [problem.message for problem in problems],
    )


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
