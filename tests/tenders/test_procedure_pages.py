"""The procedure advice on the tender page, and recording the choice with its motivation."""

import pytest

from app.auth.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.tenders.models import Lot, Tender
from app.tenders.procedure import PROPORTIONALITY_FACTORS
from tests.conftest import normalise, post_form
from tests.factories import MOTIVATION, haarlem_tender, lot_data


def test_tender_page_shows_the_advice_and_its_warnings(client, login_as, haarlem):
    login_as(Role.ALDERMAN)
    page = normalise(client.get(f"/inkooptrajecten/{haarlem_tender().id}").text)
    assert "Procedure-advies" in page
    assert "€ 4.897.050,00" in page
    assert "Europees, verlicht regime" in page
    assert "€ 750.000,00" in page
    assert "MBO1: budget nog te bepalen (ntb)" in page
    assert "Zzp zou afzonderlijk onder de drempel" in page
    assert "Re-integratiediensten vallen onder het verlicht regime" in page  # its motivation


def test_adviser_records_procedure_and_six_factors(client, draft_tender):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    url = f"/inkooptrajecten/{tender.id}/procedure"
    form_page = client.get(url).text
    assert '<option selected value="europees_verlicht_regime">' in form_page  # the advice
    data = {"procedure": "europees_verlicht_regime", "version": tender.version, **MOTIVATION}
    response = post_form(client, url, data)
    assert response.status_code == 302
    db.session.refresh(tender)
    assert tender.procedure == "europees_verlicht_regime"
    assert tender.procedure_motivation == MOTIVATION
    page = client.get(f"/inkooptrajecten/{tender.id}").text
    for label in PROPORTIONALITY_FACTORS.values():
        assert label in page
    assert "Duurzame én gedeeltelijke uitstroom naar werk." in page
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="Tender", action="update")
    ).one()
    assert event.changes["procedure"] == [None, "europees_verlicht_regime"]


def test_incomplete_motivation_is_refused_and_saves_nothing(client, draft_tender):
    tender, _ = draft_tender
    url = f"/inkooptrajecten/{tender.id}/procedure"
    data = {
        "procedure": "meervoudig_onderhands",
        "version": tender.version,
        **MOTIVATION,
        "complexity": "  ",
    }
    response = post_form(client, url, data)
    assert response.status_code == 200
    assert "Licht deze factor toe." in response.text
    db.session.refresh(tender)
    assert tender.procedure is None and tender.procedure_motivation == {}


def test_lot_cpv_with_a_wrong_check_digit_is_refused(client, draft_tender):
    tender, group = draft_tender
    response = post_form(
        client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group, cpv="79611000-3")
    )
    assert "Het controlecijfer van CPV-code 79611000 klopt niet: dat moet 0 zijn." in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Lot)) == 0


def test_cpv_is_stored_with_its_check_digit(client, draft_tender):
    tender, group = draft_tender
    post_form(
        client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group, cpv="85312510")
    )
    assert db.session.scalar(db.select(Lot.cpv)) == "85312510-7"


def test_frozen_tender_motivation_cannot_change(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    url = f"/inkooptrajecten/{tender.id}/procedure"
    response = post_form(
        client, url, {"procedure": "europees_openbaar", "version": tender.version, **MOTIVATION}
    )
    assert "Dit inkooptraject is gegund" in response.text
    assert db.session.get(Tender, tender.id).procedure == "europees_verlicht_regime"


@pytest.mark.parametrize(
    "route, reason",
    [
        ("subsidy", "titel 4.2 Algemene wet bestuursrecht"),
        ("joint_arrangement", "openbaar lichaam van de deelnemende gemeenten"),
        ("cooperation", "overheden voeren samen een publieke taak uit"),
        ("municipal_purchase", "een afspraak tussen overheden over een publieke taak"),
    ],
)
def test_a_route_outside_the_procurement_rules_gets_no_advice_but_the_reason(
    client, draft_tender, tender_form, route, reason
):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    url = f"/inkooptrajecten/{tender.id}/bewerken"
    db.session.refresh(tender)
    assert (
        post_form(
            client, url, tender_form | {"route": route, "version": tender.version}
        ).status_code
        == 302
    )
    page = normalise(client.get(f"/inkooptrajecten/{tender.id}").text)
    assert reason in page
    assert "Geadviseerde procedure" not in page and "Gekozen procedure" not in page
    db.session.refresh(tender)
    data = {"procedure": "europees_openbaar", "version": tender.version, **MOTIVATION}
    refused = post_form(client, f"/inkooptrajecten/{tender.id}/procedure", data)
    assert reason in normalise(refused.text)
    db.session.refresh(tender)
    assert tender.procedure is None
    api = client.get(f"/api/v1/tenders/{tender.id}/procedure-advice")
    assert api.status_code == 422 and reason in api.get_json()["error"]["message"]


def test_an_agency_paid_its_own_margin_plus_a_fee_states_the_fee(client, draft_tender):
    tender, group = draft_tender
    data = lot_data(group, payment_model="margin_and_fee", unit_price="", result_fee="500,00")
    assert (
        post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", data).status_code == 302
    )
    lot = db.session.scalar(db.select(Lot))
    page = normalise(client.get(f"/inkooptrajecten/{tender.id}/percelen/{lot.id}").text)
    assert "Begroot aantal × fee per plaatsing" in page
    # 140 × € 500 = € 70.000 against € 663.075 a year
    assert "wijkt € -593.075,00 af van het budget per jaar" in page
