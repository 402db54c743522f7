"""Signal state kept on write agrees with the state rebuilt from the history, after every kind
of write that changes it; the signals read it instead of the history."""

import sqlalchemy as sa

from app.contracts.models import ContractYearSpend, FrameworkContract
from app.contracts.signal_state import rebuild_signal_state
from app.extensions import db
from tests.conftest import contract
from tests.factories import log, spend


def kept_state() -> tuple[list, list]:
    db.session.expire_all()
    latest = db.session.execute(
        sa.select(FrameworkContract.reference, FrameworkContract.latest_logged_sequence).order_by(
            FrameworkContract.reference
        )
    ).all()
    years = db.session.execute(
        sa.select(
            ContractYearSpend.contract_id, ContractYearSpend.year, ContractYearSpend.amount
        ).order_by(ContractYearSpend.contract_id, ContractYearSpend.year)
    ).all()
    return latest, years


def agrees_with_a_rebuild() -> bool:
    kept = kept_state()
    rebuild_signal_state()
    db.session.commit()
    return kept == kept_state()


def test_upkeep_and_rebuild_agree_after_every_kind_of_write(client, manager):
    assert agrees_with_a_rebuild()  # the seed
    pasmatch = contract("2017/532748-IB")
    second, first = pasmatch.steering_moments[1], pasmatch.steering_moments[0]
    log(client, second, {"started": "50"}, held_on="2019-01-15")  # a later moment first
    assert contract("2017/532748-IB").latest_logged_sequence == 2
    assert agrees_with_a_rebuild()
    log(client, db.session.merge(first), {"started": "80"}, held_on="2018-07-15")
    assert contract("2017/532748-IB").latest_logged_sequence == 2  # an earlier one stays behind
    assert agrees_with_a_rebuild()
    for start, end, amount in (
        ("2018-01-01", "2018-06-30", "25.000,00"),
        ("2018-07-01", "2018-12-31", "16.000,00"),
        ("2019-01-01", "2019-06-30", "1.000,00"),
    ):
        spend(client, "2017/532748-1", period_start_on=start, period_end_on=end, amount=amount)
        assert agrees_with_a_rebuild()
    _, years = kept_state()
    assert [(year, str(amount)) for _, year, amount in years] == [
        (2018, "41000.00"),
        (2019, "1000.00"),
    ]
