"""Activating a contract and deciding on its options, in the browser forms and the API."""

from datetime import date

import pytest

from app.approvals.models import ApprovalRequest
from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract, OptionStatus, Supplier
from app.contracts.option_services import lapse_missed_options
from app.core.audit import AuditEvent
from app.extensions import db
from tests.conftest import contract, normalise, post_form
from tests.factories import bearer, conforms, propose


def decide(client, c: FrameworkContract, number: int, decision: str, decided_on: str, why="Goed"):
    url = f"/contracten/{c.id}/opties/{number}/{decision}"
    return post_form(
        client,
        url,
        {"decided_on": decided_on, "rationale": why, "version": c.version},
        form_page=f"/contracten/{c.id}",
        follow_redirects=True,
    )


def test_activation_needs_a_start_a_real_supplier_and_a_signing_date(client, manager):
    statushouders = contract("2017/532748-2")
    url = f"/contracten/{statushouders.id}/activeren"
    page = f"/contracten/{statushouders.id}"
    refused = post_form(
        client,
        url,
        {"start_on": "", "supplier_id": "0", "signed_on": "", "version": statushouders.version},
        form_page=page,
        follow_redirects=True,
    )
    assert "Vul de ingangsdatum in." in refused.text
    assert "Kies de opdrachtnemer met wie het contract is gesloten." in refused.text
    assert "Vul de datum van ondertekening in." in refused.text
    assert contract("2017/532748-2").status == ContractStatus.DRAFT

    supplier = db.session.scalar(db.select(Supplier).filter_by(name="Stichting Hetisnetwerken"))
    done = post_form(
        client,
        url,
        {
            "start_on": "2018-02-01",
            "supplier_id": supplier.id,
            "signed_on": "2018-01-20",
            "version": statushouders.version,
        },
        form_page=page,
        follow_redirects=True,
    )
    assert "Het contract is actief; de bijsturingsmomenten zijn ingepland." in done.text
    active = contract("2017/532748-2")
    assert (active.status, active.supplier.name) == (
        ContractStatus.ACTIVE,
        "Stichting Hetisnetwerken",
    )
    assert active.steering_moments[0].due_on == date(2018, 8, 31)
    assert len(active.steering_moments) == 4


def test_a_later_start_moves_the_end_and_the_option_deadlines(client, manager):
    ex_offenders = contract("2017/532748-3")
    supplier = db.session.scalar(db.select(Supplier).filter_by(name="Agros"))
    post_form(
        client,
        f"/contracten/{ex_offenders.id}/activeren",
        {
            "start_on": "2026-07-01",
            "supplier_id": supplier.id,
            "signed_on": "2026-06-15",
            "version": ex_offenders.version,
        },
        form_page=f"/contracten/{ex_offenders.id}",
    )
    active = contract("2017/532748-3")
    assert (active.start_on, active.current_end_on) == (date(2026, 7, 1), date(2028, 6, 30))
    assert [o.notice_deadline_on for o in active.options] == [date(2028, 3, 30), date(2029, 3, 30)]
    assert active.steering_moments[0].period_start_on == date(2026, 7, 1)
    page = normalise(client.get(f"/contracten/{active.id}").text)
    assert "ingangsdatum</span>: 1 januari 2018 → 1 juli 2026" in page  # in the history
    assert "opdrachtnemer</span>: Nog te contracteren → Agros" in page  # names, not ids


def test_requesting_an_extension_after_the_deadline_is_refused_with_the_deadline(client, manager):
    pasmatch = contract("2017/532748-IB")
    form = client.get(f"/goedkeuringen/nieuw/extension/{pasmatch.options[0].id}").text
    assert "optie 1 had uiterlijk 30 september 2019 gelicht moeten worden." in form
    response = propose(client, "extension", pasmatch.options[0].id, rationale="Goed")
    assert "optie 1 had uiterlijk 30 september 2019 gelicht moeten worden." in response.text
    assert contract("2017/532748-IB").options[0].status == OptionStatus.OPEN


@pytest.mark.parametrize(
    ("decision", "decided_on", "why", "message"),
    [
        ("afzien", "2099-01-01", "x", "ligt niet in de toekomst"),
        ("afzien", "1900-01-01", "x", "niet vóór de ingangsdatum van het contract (1 januari"),
        ("afzien", "2019-09-01", "", "Motiveer het besluit."),
    ],
)
def test_decision_needs_a_date_within_the_contract_and_a_rationale(
    client, manager, decision, decided_on, why, message
):
    response = decide(client, contract("2017/532748-IB"), 1, decision, decided_on, why)
    assert message in response.text
    assert contract("2017/532748-IB").status == ContractStatus.ACTIVE


def test_declining_lapses_the_later_options(client, manager):
    zzp = contract("2017/532748-1")
    response = decide(client, zzp, 1, "afzien", "2019-06-01", "Te weinig instroom")
    assert "Optie 1 is niet gelicht; latere opties zijn vervallen." in response.text
    zzp = contract("2017/532748-1")
    assert [o.status for o in zzp.options] == [OptionStatus.DECLINED, OptionStatus.LAPSED]
    assert "Er is geen open verlengingsoptie meer." in client.get(f"/contracten/{zzp.id}").text
    second = client.get(f"/goedkeuringen/nieuw/extension/{zzp.options[1].id}")
    assert "Optie 2 is al vervallen." in second.text


def test_options_on_a_draft_contract_cannot_be_decided(client, manager):
    draft = contract("2017/532748-3")
    response = propose(client, "extension", draft.options[0].id, rationale="Goed")
    assert "Alleen over een actief contract" in response.text


def test_missed_deadlines_lapse_and_are_logged(haarlem):
    lapsed = lapse_missed_options(None, today=date(2026, 11, 23))
    db.session.commit()
    assert len(lapsed) == 8  # four active contracts × two options
    option = lapsed[0]
    assert option.rationale == "Vervallen: termijn verstreken op 30 september 2019."
    assert (
        db.session.scalar(
            db.select(db.func.count()).where(
                AuditEvent.object_type == "ExtensionOption", AuditEvent.action == "update"
            )
        )
        == 8
    )
    assert lapse_missed_options(None, today=date(2026, 11, 23)) == []


def test_api_exercise_requests_approval_and_decline_decides(client, current, openapi):
    headers = bearer(Role.CONTRACT_MANAGER)
    url = f"/api/v1/contracts/{current.id}/options/1/exercise"
    incomplete = client.post(
        url,
        json={"rationale": "Goed", "proposal": {"registration_number": 2026, "short_title": ""}},
        headers=headers,
    )
    assert incomplete.status_code == 400
    assert incomplete.get_json()["error"]["fields"]["proposal.registration_number"] == [
        "Geef een tekst."
    ]
    proposal = {
        "registration_number": "2026/123456",
        "short_title": "Verlenging",
        "key_message": "Verlengen.",
        "decision_points": ["Optie 1 te lichten."],
    }
    ok = client.post(url, json={"rationale": "Op tijd", "proposal": proposal}, headers=headers)
    assert ok.status_code == 202, ok.text
    body = ok.get_json()
    conforms(openapi, "/contracts/{contract_id}/options/{number}/exercise", "post", "202", body)
    assert body["subject"] == "extension" and body["status"] == "submitted"
    assert contract("2026/000001-1").options[0].status == OptionStatus.OPEN  # not yet

    pasmatch = contract("2017/532748-IB")
    stale = client.post(
        f"/api/v1/contracts/{pasmatch.id}/options/1/decline",
        json={"decided_on": "2019-06-01", "rationale": "x", "version": pasmatch.version + 1},
        headers=headers,
    )
    assert stale.status_code == 409
    unknown = client.post(
        f"/api/v1/contracts/{pasmatch.id}/options/2/decline",
        json={"rationale": "x", "reden": "?"},
        headers=headers,
    )
    assert unknown.status_code == 400 and "reden" in unknown.get_json()["error"]["fields"]
    requests = db.session.scalar(db.select(db.func.count(ApprovalRequest.id)))
    refused = client.post(url, json={"rationale": "x"}, headers=bearer(Role.ALDERMAN))
    assert refused.status_code == 403  # the alderman decides; he or she does not ask
    assert db.session.scalar(db.select(db.func.count(ApprovalRequest.id))) == requests


def outlook_for(start: date, initial: int, options: list[int], today: date):
    from app.contracts.models import ExtensionOption
    from app.contracts.queries import extension_outlook

    contract = FrameworkContract(
        start_on=start,
        initial_months=initial,
        status=ContractStatus.ACTIVE,
        options=[
            ExtensionOption(number=n, months=m, notice_months=3, status=OptionStatus.OPEN)
            for n, m in enumerate(options, start=1)
        ],
    )
    contract.plan_dates()
    return extension_outlook(contract, today)


def test_extension_outlook_for_a_current_contract():
    possible = outlook_for(date(2026, 1, 1), 24, [12, 12], date(2026, 11, 23))
    assert possible.possible
    assert possible.explanation == (
        "Optie 1 (12 maanden) kan nog tot en met 30 september 2027 worden gelicht."
    )
    too_long = outlook_for(date(2026, 1, 1), 40, [12], date(2026, 11, 23))
    assert not too_long.possible and "duurt het contract 52 maanden" in too_long.explanation


def test_terminating_a_contract_lapses_its_options(client, manager):
    zzp = contract("2017/532748-1")
    url = f"/contracten/{zzp.id}/beeindigen"
    refused = post_form(
        client, url, {"ended_on": "2025-01-01", "rationale": "x", "version": zzp.version}
    )
    assert "De einddatum ligt binnen de looptijd van het contract." in refused.text
    done = post_form(
        client,
        url,
        {"ended_on": "2019-03-31", "rationale": "Geen instroom meer", "version": zzp.version},
        follow_redirects=True,
    )
    assert "Het contract is beëindigd." in done.text and "31 maart 2019" in done.text
    zzp = contract("2017/532748-1")
    assert zzp.status == ContractStatus.TERMINATED
    assert [o.status for o in zzp.options] == [OptionStatus.LAPSED, OptionStatus.LAPSED]
    page = client.get(f"/contracten/{zzp.id}").text
    assert "Beëindigen</a>" not in page
    assert "motivering</span>: — → Geen instroom meer" in page  # the reason, in the history


def test_an_extension_beyond_the_maximum_term_cannot_be_put_forward(client, current, login_as):
    """The page said so (the outlook) while the proposal went through: one rule now."""
    login_as(Role.CONTRACT_MANAGER)
    current.initial_months = 40  # with option 1 (12 months) the agreement would last 52
    current.plan_dates()
    db.session.commit()
    page = client.get(f"/contracten/{current.id}").text
    assert "duurt het contract 52 maanden; ten hoogste 48 mag" in page
    refused = propose(client, "extension", current.options[0].id, rationale="Goed")
    assert "duurt het contract 52 maanden; ten hoogste 48 mag (art. 2.140 Aw)." in refused.text
    assert db.session.scalar(db.select(db.func.count(ApprovalRequest.id))) == 0
