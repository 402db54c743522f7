"""The contract manager's journey on a Haarlem contract, through the pages."""

from datetime import date, timedelta

from app.auth.models import Role
from app.contracts.signals import list_signals
from app.core.dates import term_end
from app.extensions import db
from app.steering.models import KpiDefinition
from tests.conftest import contract, post_form
from tests.factories import bearer, form_data


def test_norms_two_moments_a_red_signal_and_an_extension(client, login_as, current):
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

    # Exercising is the alderman's decision. The 2019 deadline has passed, so today the API
    # refuses to put Pasmatch's option forward, naming the deadline ...
    body = {
        "rationale": "Resultaten hersteld na bijsturing",
        "proposal": {
            "registration_number": "2026/123456",
            "short_title": "Verlenging Pasmatch",
            "key_message": "Het college verlengt de overeenkomst met een jaar.",
            "decision_points": ["Optie 1 te lichten."],
        },
        "earlier_decisions": ["2017/532748"],
    }
    manager = bearer(Role.CONTRACT_MANAGER)
    pasmatch = contract("2017/532748-IB")
    late = client.post(
        f"/api/v1/contracts/{pasmatch.id}/options/1/exercise", json=body, headers=manager
    )
    assert late.status_code == 400
    assert "uiterlijk 30 september 2019 gelicht" in late.get_json()["error"]["message"]

    # ... and for the contract that follows it, running now, the request goes through and
    # takes effect when the alderman approves.
    follow_up = current
    submitted = client.post(
        f"/api/v1/contracts/{follow_up.id}/options/1/exercise", json=body, headers=manager
    )
    assert submitted.status_code == 202, submitted.text
    request = submitted.get_json()
    assert request["status"] == "submitted"
    assert {d["kind"] for d in request["documents"]} == {"collegevoorstel", "excel_overview"}
    assert contract("2026/000001-1").current_end_on == term_end(follow_up.start_on, 24)
    client.delete_cookie("session")  # from here on only the bearer token speaks
    alderman = bearer(Role.ALDERMAN)
    blind = client.post(  # without the version read: refused, not silently applied
        f"/api/v1/approval-requests/{request['id']}/decision",
        json={"approve": True},
        headers=alderman,
    )
    assert blind.status_code == 400
    assert blind.get_json()["error"]["fields"]["version"] == [
        "Geef de versie mee die u het laatst las (veld version)."
    ]
    assert contract("2026/000001-1").current_end_on == term_end(follow_up.start_on, 24)
    decided = client.post(
        f"/api/v1/approval-requests/{request['id']}/decision",
        json={"approve": True, "version": request["version"]},
        headers=alderman,
    )
    assert decided.status_code == 200, decided.text
    assert decided.get_json()["status"] == "approved"
    assert contract("2026/000001-1").current_end_on == term_end(follow_up.start_on, 36)
    again = client.post(
        f"/api/v1/approval-requests/{request['id']}/decision",
        json={"approve": False, "remark": "Toch niet", "version": request["version"] + 1},
        headers=alderman,
    )
    assert again.status_code == 422
    assert "al besloten" in again.get_json()["error"]["message"]
