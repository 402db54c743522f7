"""Signal state kept on write agrees with the state rebuilt from the history, after every kind
of write that changes it; the signals read it instead of the history."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.contracts.models import ContractYearSpend, FrameworkContract, TargetGroupYearSpend
from app.contracts.services import expire_ended_contracts
from app.contracts.signal_state import rebuild_signal_state
from app.extensions import db
from app.steering.models import Action, KpiResult, SteeringMoment
from tests.conftest import contract, post_form
from tests.factories import log, spend


def kept_state() -> tuple[list, list, list, list, list]:
    db.session.expire_all()
    latest = db.session.execute(
        sa.select(
            FrameworkContract.reference,
            FrameworkContract.latest_logged_sequence,
            FrameworkContract.latest_held_on,
            FrameworkContract.red_kpi_count,
            FrameworkContract.amber_kpi_count,
        ).order_by(FrameworkContract.reference)
    ).all()
    latest_results = db.session.scalars(
        sa.select(KpiResult.id).where(KpiResult.latest).order_by(KpiResult.id)
    ).all()
    years = db.session.execute(
        sa.select(
            ContractYearSpend.contract_id,
            ContractYearSpend.year,
            ContractYearSpend.amount,
            ContractYearSpend.over_budget,
        ).order_by(ContractYearSpend.contract_id, ContractYearSpend.year)
    ).all()
    running = [
        db.session.execute(sa.select(model.id, model.contract_running).order_by(model.id)).all()
        for model in (SteeringMoment, Action)
    ]
    group = TargetGroupYearSpend
    groups = db.session.execute(
        sa.select(group.municipality, group.target_group_id, group.year, group.amount).order_by(
            group.municipality, group.target_group_id, group.year
        )
    ).all()
    return latest, latest_results, years, running, groups


def group_spend(contract: FrameworkContract, year: int) -> Decimal:
    """The spend kept for the contract's municipality, target group and year."""
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(TargetGroupYearSpend.amount), 0)).where(
            TargetGroupYearSpend.municipality == contract.lot.tender.municipality,
            TargetGroupYearSpend.target_group_id == contract.lot.target_group_id,
            TargetGroupYearSpend.year == year,
        )
    )


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
    _, latest_results, _, _, _ = kept_state()
    of_second = {result.id for result in db.session.get(SteeringMoment, second.id).results}
    of_first = {result.id for result in db.session.get(SteeringMoment, first.id).results}
    assert of_second and of_second <= set(latest_results)  # the overview counts these
    assert not of_first & set(latest_results)
    zzp = contract("2017/532748-1")
    spent_before = group_spend(zzp, 2018)
    for start, end, amount in (
        ("2018-01-01", "2018-06-30", "25.000,00"),
        ("2018-07-01", "2018-12-31", "16.000,00"),
        ("2019-01-01", "2019-06-30", "1.000,00"),
    ):
        spend(client, "2017/532748-1", period_start_on=start, period_end_on=end, amount=amount)
        assert agrees_with_a_rebuild()
    assert group_spend(zzp, 2018) - spent_before == Decimal("41000.00")  # the overview's sum
    _, _, years, _, _ = kept_state()
    budget = contract("2017/532748-1").lot.budget_per_year
    assert Decimal(1000) < budget < Decimal(41000)
    assert [(year, str(amount), over) for _, year, amount, over in years] == [
        (2018, "41000.00", True),
        (2019, "1000.00", False),
    ]


def test_upkeep_and_rebuild_agree_when_a_date_is_corrected_and_contracts_end(client, manager):
    pasmatch = contract("2017/532748-IB")
    moment = pasmatch.steering_moments[0]
    agreed = {
        "actions-0-text": "Bellen",
        "actions-0-owner": "Karim",
        "actions-0-due_on": "2018-10-01",
    }
    log(client, moment, {"started": "50"}, held_on="2018-07-15", **agreed)
    assert contract("2017/532748-IB").latest_held_on == date(2018, 7, 15)
    assert db.session.scalar(sa.select(sa.func.count()).where(KpiResult.latest))
    assert db.session.scalar(sa.select(sa.func.count()).where(Action.contract_running)) == 1
    log(client, db.session.merge(moment), {"started": "50"}, held_on="2018-07-20")
    assert contract("2017/532748-IB").latest_held_on == date(2018, 7, 20)  # corrected
    assert agrees_with_a_rebuild()
    zzp = contract("2017/532748-1")
    ended = {"ended_on": "2019-03-31", "rationale": "Geen instroom meer", "version": zzp.version}
    post_form(client, f"/contracten/{zzp.id}/beeindigen", ended)
    assert not any(m.contract_running for m in contract("2017/532748-1").steering_moments)
    assert agrees_with_a_rebuild()
    assert expire_ended_contracts(None, today=date(2030, 1, 1))
    db.session.commit()
    assert not db.session.scalar(sa.select(sa.func.count()).where(Action.contract_running))
    assert not db.session.scalar(sa.select(sa.func.count()).where(KpiResult.latest))
    assert agrees_with_a_rebuild()
