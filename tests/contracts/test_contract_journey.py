"""The contract manager's journey on a Haarlem contract, through the pages."""

from datetime import date, timedelta

from app.auth.models import Role
from app.contracts.queries import list_signals
from app.extensions import db
from app.steering.models import KpiDefinition
from tests.api.conftest import bearer
from tests.conftest import post_form
from tests.contracts.test_contract_decisions import contract
from tests.steering.test_logging import form_data


def test_norms_two_moments_a_red_signal_and_an_extension(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    pasmatch = contract("2017/532748-IB")
    started = db.session.scalar(db.select(KpiDefinition).filter_by(code="started"))
    kpis = db.session.scalars(db.select(KpiDefinition).order_by(KpiDefinition.position)).all()
    norms = {"version": pasmatch.version}
    for index, kpi in enumerate(kpis):
        norms |= {
            f"targets-{index}-kpi_definition_id": kpi.id,
            f"targets-{index}-target_value": "120" if kpi.id == started.id else "",
            f"targets-{index}-tolerance_percent": "10",
        }
    assert post_form(client, f"/contracten/{pasmatch.id}/normen", norms).status_code == 302
    pasmatch = contract("2017/532748-IB")
    assert pasmatch.effective_kpi_targets[started.id].target_value == 120

    first, second = pasmatch.steering_moments[:2]
    post_form(
        client,
        f"/contracten/{pasmatch.id}/bijsturing/{first.id}",
        form_data(first, {"started": "90"}),
    )
    signals = list_signals(date(2019, 8, 10), timedelta(weeks=8))
    assert [(r.kpi_definition.code, str(r.value)) for r in signals.red_results] == [
        ("started", "90.00")
    ]
    assert "Rode prestatie-indicatoren bij het laatste bijsturingsmoment (1)" in (
        client.get("/signalering/").text
    )
    db.session.expire_all()
    post_form(
        client,
        f"/contracten/{pasmatch.id}/bijsturing/{second.id}",
        form_data(second, {"started": "125"}, held_on="2019-02-12"),
    )
    assert list_signals(date(2019, 8, 10), timedelta(weeks=8)).red_results == []

    # In 2019 the option was exercised; today it would go to the alderman first
    # (tests/approvals). The scenario replays the recorded decision through the API.
    pasmatch = contract("2017/532748-IB")
    response = client.post(
        f"/api/v1/contracts/{pasmatch.id}/options/1/exercise",
        json={"decided_on": "2019-09-15", "rationale": "Resultaten hersteld na bijsturing"},
        headers=bearer(Role.CONTRACT_MANAGER),
    )
    assert response.status_code == 200, response.text
    assert contract("2017/532748-IB").current_end_on == date(2020, 12, 31)
