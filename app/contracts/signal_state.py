"""Signal state kept on write: what the signals need that would otherwise be worked out from
the whole history on every view. The services that change the history call these; `flask
signals rebuild` recomputes everything from scratch (after a bulk load, or to check)."""

from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import (
    RUNNING,
    ContractYearSpend,
    FrameworkContract,
    Spend,
    TargetGroupYearSpend,
)
from app.core.models import dialect_insert, lock
from app.extensions import db
from app.steering.models import Action, KpiResult, MomentStatus, Rating, SteeringMoment
from app.tenders.models import Lot, Tender


def note_logged_moment(moment: SteeringMoment) -> None:
    """The contract's latest logged moment is this one (logged or its date corrected) unless a
    later one is. One UPDATE that compares in the database, so two moments logged at once both
    count; not an edit of the contract, so its version and time of change stay."""
    # The contract locked first: of two moments logged at once, the second marks the latest
    # results seeing the first.
    lock(moment.contract)
    latest = FrameworkContract.latest_logged_sequence
    this_moment = SteeringMoment.id == moment.id
    db.session.execute(
        sa.update(FrameworkContract)
        .where(FrameworkContract.id == moment.contract_id)
        .where(sa.or_(latest.is_(None), latest <= moment.sequence))
        .values(
            latest_logged_sequence=moment.sequence,
            latest_held_on=moment.held_on,
            red_kpi_count=_results_rated(this_moment, Rating.RED),
            amber_kpi_count=_results_rated(this_moment, Rating.AMBER),
            updated_at=FrameworkContract.updated_at,
        )
        .execution_options(synchronize_session=False)
    )
    _mark_latest_results(FrameworkContract.id == moment.contract_id)


def _results_rated(moment: sa.ColumnElement[bool], rating: Rating) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count())
        .select_from(KpiResult)
        .join(SteeringMoment, SteeringMoment.id == KpiResult.steering_moment_id)
        .where(moment, KpiResult.rating == rating)
        .scalar_subquery()
    )


def _mark_latest_results(contracts: sa.ColumnElement[bool]) -> None:
    """Mark the KPI results of the contracts that belong to a running contract's latest logged
    moment, and only those; rows already right are left alone."""
    moments = (
        sa.select(SteeringMoment.id)
        .join(FrameworkContract, FrameworkContract.id == SteeringMoment.contract_id)
        .where(contracts)
    )
    latest = moments.where(
        FrameworkContract.latest_logged_sequence == SteeringMoment.sequence,
        FrameworkContract.status.in_(RUNNING),
    )
    for is_latest, rows in ((False, moments.except_(latest)), (True, latest)):
        db.session.execute(
            sa.update(KpiResult)
            .where(KpiResult.steering_moment_id.in_(rows), KpiResult.latest != is_latest)
            .values(latest=is_latest)
            .execution_options(synchronize_session=False)
        )


def add_year_spend(contract: FrameworkContract, year: int, amount: Decimal) -> None:
    """Add spend to the contract's total for `year`. The caller has moved the contract's
    version on, so of two people recording spend at once one is refused before this row."""
    row = db.session.get(ContractYearSpend, (contract.id, year))
    if row is None:
        row = ContractYearSpend(contract_id=contract.id, year=year, amount=amount)
        db.session.add(row)
    else:
        row.amount += amount
    budget = contract.lot.budget_per_year
    row.over_budget = budget is not None and row.amount > budget
    # Spend is only ever added, so the target group's total grows by as much, in the
    # database: two contracts of one target group recording spend at once both count.
    tally = TargetGroupYearSpend
    db.session.execute(
        dialect_insert(db.session, tally)
        .values(
            municipality=contract.lot.tender.municipality,
            target_group_id=contract.lot.target_group_id,
            year=year,
            amount=amount,
        )
        .on_conflict_do_update(
            index_elements=[tally.municipality, tally.target_group_id, tally.year],
            set_={"amount": tally.amount + amount},
        )
    )


def note_contract_stopped(contract: FrameworkContract) -> None:
    """An ended contract (expired, terminated) takes its moments and actions out of the
    overdue signals; a contract never runs again once it stopped."""
    for model in (SteeringMoment, Action):
        db.session.execute(
            sa.update(model).where(model.contract_id == contract.id).values(contract_running=False)
        )
    _mark_latest_results(FrameworkContract.id == contract.id)


def _over_budget_now() -> sa.ColumnElement[bool]:
    """Whether a year's spend is above its lot's budget per year, worked out in the database."""
    budget = (
        sa.select(Lot.budget_per_year)
        .join(FrameworkContract, FrameworkContract.lot_id == Lot.id)
        .where(FrameworkContract.id == ContractYearSpend.contract_id)
        .scalar_subquery()
    )
    return sa.func.coalesce(ContractYearSpend.amount > budget, sa.false())


def rebuild_signal_state() -> None:
    """Recompute all signal state from the history."""
    _rebuild_latest_moments()
    _rebuild_running()
    _rebuild_spend()
    db.session.expire_all()


def _rebuild_latest_moments() -> None:
    latest = (
        sa.select(sa.func.max(SteeringMoment.sequence))
        .where(
            SteeringMoment.contract_id == FrameworkContract.id,
            SteeringMoment.status != MomentStatus.SCHEDULED,
        )
        .scalar_subquery()
    )
    db.session.execute(
        sa.update(FrameworkContract)
        .values(latest_logged_sequence=latest)
        .execution_options(synchronize_session=False)
    )
    latest_moment = (SteeringMoment.contract_id == FrameworkContract.id) & (
        SteeringMoment.sequence == FrameworkContract.latest_logged_sequence
    )
    held_on = sa.select(SteeringMoment.held_on).where(latest_moment).scalar_subquery()
    db.session.execute(
        sa.update(FrameworkContract)
        .values(
            latest_held_on=held_on,
            red_kpi_count=_results_rated(latest_moment, Rating.RED),
            amber_kpi_count=_results_rated(latest_moment, Rating.AMBER),
        )
        .execution_options(synchronize_session=False)
    )
    _mark_latest_results(sa.true())


def _rebuild_running() -> None:
    for model in (SteeringMoment, Action):
        running = (
            sa.select(FrameworkContract.id)
            .where(FrameworkContract.id == model.contract_id, FrameworkContract.status.in_(RUNNING))
            .exists()
        )
        db.session.execute(
            sa.update(model)
            .values(contract_running=running)
            .execution_options(synchronize_session=False)
        )


def _rebuild_spend() -> None:
    year = sa.cast(sa.func.extract("year", Spend.period_start_on), sa.Integer)
    db.session.execute(sa.delete(ContractYearSpend))
    db.session.execute(
        sa.insert(ContractYearSpend).from_select(
            ["contract_id", "year", "amount"],
            sa.select(Spend.contract_id, year, sa.func.sum(Spend.amount)).group_by(
                Spend.contract_id, year
            ),
        )
    )
    db.session.execute(sa.update(ContractYearSpend).values(over_budget=_over_budget_now()))
    db.session.execute(sa.delete(TargetGroupYearSpend))
    db.session.execute(
        sa.insert(TargetGroupYearSpend).from_select(
            ["municipality", "target_group_id", "year", "amount"],
            sa.select(
                Tender.municipality,
                Lot.target_group_id,
                ContractYearSpend.year,
                sa.func.sum(ContractYearSpend.amount),
            )
            .join(FrameworkContract, FrameworkContract.id == ContractYearSpend.contract_id)
            .join(Lot, Lot.id == FrameworkContract.lot_id)
            .join(Tender, Tender.id == Lot.tender_id)
            .group_by(Tender.municipality, Lot.target_group_id, ContractYearSpend.year),
        )
    )
