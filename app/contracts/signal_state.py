"""Signal state kept on write: what the signals need that would otherwise be worked out from
the whole history on every view. The services that change the history call these; `flask
signals rebuild` recomputes everything from scratch (after a bulk load, or to check)."""

from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import ContractYearSpend, FrameworkContract, Spend
from app.extensions import db
from app.steering.models import MomentStatus, SteeringMoment


def note_logged_moment(moment: SteeringMoment) -> None:
    """The contract's latest logged moment is this one if it comes later. One UPDATE that
    compares in the database, so two moments logged at once both count; not an edit of the
    contract, so its version stays."""
    latest = FrameworkContract.latest_logged_sequence
    db.session.execute(
        sa.update(FrameworkContract)
        .where(FrameworkContract.id == moment.contract_id)
        .where(sa.or_(latest.is_(None), latest < moment.sequence))
        .values(latest_logged_sequence=moment.sequence)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(moment.contract, ["latest_logged_sequence"])  # loaded by the caller


def add_year_spend(contract: FrameworkContract, year: int, amount: Decimal) -> None:
    """Add spend to the contract's total for `year`. The caller has moved the contract's
    version on, so of two people recording spend at once one is refused before this row."""
    row = db.session.get(ContractYearSpend, (contract.id, year))
    if row is None:
        db.session.add(ContractYearSpend(contract_id=contract.id, year=year, amount=amount))
    else:
        row.amount += amount


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
    db.session.expire_all()
