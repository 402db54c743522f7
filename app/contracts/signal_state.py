"""Signal state kept on write: what the signals need that would otherwise be worked out from
the whole history on every view. The services that change the history call these; `flask
signals rebuild` recomputes everything from scratch (after a bulk load, or to check)."""

from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import RUNNING, ContractYearSpend, FrameworkContract, Spend
from app.extensions import db
from app.steering.models import Action, KpiResult, MomentStatus, Rating, SteeringMoment
from app.tenders.models import Lot


def note_logged_moment(moment: SteeringMoment) -> None:
    """The contract's latest logged moment is this one (logged or its date corrected) unless a
    later one is. One UPDATE that compares in the database, so two moments logged at once both
    count; not an edit of the contract, so its version and time of change stay."""
    latest = FrameworkContract.latest_logged_sequence
    db.session.execute(
        sa.update(FrameworkContract)
        .where(FrameworkContract.id == moment.contract_id)
        .where(sa.or_(latest.is_(None), latest <= moment.sequence))
        .values(
            latest_logged_sequence=moment.sequence,
            latest_held_on=moment.held_on,
            red_kpi_count=_red_results_of(SteeringMoment.id == moment.id),
            updated_at=FrameworkContract.updated_at,
        )
        .execution_options(synchronize_session=False)
    )
    kept = ["latest_logged_sequence", "latest_held_on", "red_kpi_count"]
    db.session.expire(moment.contract, kept)  # the caller has the contract loaded


def _red_results_of(moment: sa.ColumnElement[bool]) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count())
        .select_from(KpiResult)
        .join(SteeringMoment, SteeringMoment.id == KpiResult.steering_moment_id)
        .where(moment, KpiResult.rating == Rating.RED)
        .scalar_subquery()
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


def note_contract_stopped(contract: FrameworkContract) -> None:
    """An ended contract (expired, terminated) takes its moments and actions out of the
    overdue signals; a contract never runs again once it stopped."""
    for model in (SteeringMoment, Action):
        db.session.execute(
            sa.update(model).where(model.contract_id == contract.id).values(contract_running=False)
        )


def over_budget_now() -> sa.ColumnElement[bool]:
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
        .values(latest_held_on=held_on, red_kpi_count=_red_results_of(latest_moment))
        .execution_options(synchronize_session=False)
    )
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
    db.session.execute(sa.update(ContractYearSpend).values(over_budget=over_budget_now()))
    db.session.expire_all()
