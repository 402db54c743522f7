"""POST /api/v1/procedure-advice and GET /api/v1/tenders/<id>/procedure-advice."""

import pytest

from app.auth.models import Role
from app.extensions import db
from app.tenders.models import Tender
from tests.factories import bearer, conforms

HAARLEM = {
    "authority": "sub-central",
    "publication_on": "2026-03-01",
    "initial_months": 24,
    "option_months": [12, 12],
    "lots": [
        {"annual_value_eur": "40200.00", "cpv": "79611000"},
        {"annual_value_eur": "663075.00", "cpv": "79611000-0"},
        {"annual_value_eur": "142087.50", "cpv": "79611000"},
        {"annual_value_eur": "355218.75", "cpv": "79611000"},
        {"annual_value_eur": "23681.25", "cpv": "79611000"},
    ],
}


def post(client, body, **kwargs):
    return client.post(
        "/api/v1/procedure-advice",
        headers=bearer(Role.PROCUREMENT_ADVISER),
        **({"json": body} | kwargs),
    )


def test_haarlem_lots_need_the_european_light_regime(client, openapi):
    response = post(client, HAARLEM)
    assert response.status_code == 200
    body = response.get_json()
    conforms(openapi, "/procedure-advice", "post", "200", body)
    assert body["estimated_value_eur"] == "4897050.00"
    assert (body["regime"], body["threshold_eur"], body["above_threshold"]) == (
        "light",
        "750000.00",
        True,
    )
    assert body["procedure"] == "europees_verlicht_regime"
    assert [w["code"] for w in body["warnings"]] == ["lot_below_threshold"] * 3


def test_defaults_sub_central_and_today(client):
    body = {key: HAARLEM[key] for key in ("initial_months", "lots")}
    advice = post(client, {**body, "lots": [{"annual_value_eur": "60000", "cpv": "79620000"}]})
    assert advice.status_code == 200
    result = advice.get_json()
    assert (result["regime"], result["threshold_eur"]) == ("standard", "216000.00")
    assert result["procedure"] == "meervoudig_onderhands"  # 120.000 over 24 months
    assert [w["code"] for w in result["warnings"]] == ["staffing_cpv"]


LOT = {"annual_value_eur": "100", "cpv": "79611000"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"lots": []}, "lots", "Geef er minstens 1."),
        (
            {"lots": [{**LOT, "annual_value_eur": "-5"}]},
            "lots[0].annual_value_eur",
            "Geef 0 of meer.",
        ),
        (
            {"lots": [{**LOT, "annual_value_eur": "veel"}]},
            "lots[0].annual_value_eur",
            "Geef een getal",
        ),
        (
            {"lots": [{**LOT, "annual_value_eur": "1.234"}]},
            "lots[0].annual_value_eur",
            "Gebruik hoogstens 2 decimalen.",
        ),
        (
            {"lots": [{**LOT, "annual_value_eur": "NaN"}]},
            "lots[0].annual_value_eur",
            "Geef een getal",
        ),
        ({"lots": [{**LOT, "cpv": "7961"}]}, "lots[0].cpv", "Gebruik 8 cijfers"),
        ({"lots": [{**LOT, "cpv": "79611000-9"}]}, "lots[0].cpv", "dat moet 0 zijn"),
        ({"lots": [LOT, {**LOT, "x": 1}]}, "lots[1].x", "Onbekend veld."),
        ({"lots": ["perceel"]}, "lots[0]", "Geef een object."),
        ({"initial_months": 0}, "initial_months", "Geef 1 of meer."),
        ({"initial_months": "24"}, "initial_months", "Geef een geheel getal."),
        ({"initial_months": True}, "initial_months", "Geef een geheel getal."),
        ({"option_months": [12, -1]}, "option_months[1]", "Geef 1 of meer."),
        ({"option_months": [12, 601]}, "option_months[1]", "Geef 600 of minder."),
        ({"option_months": 12}, "option_months", "Geef een lijst."),
        ({"authority": "provincie"}, "authority", "Kies een van: 'sub-central', 'central'."),
        ({"publication_on": "1-3-2026"}, "publication_on", "Geef een datum als JJJJ-MM-DD."),
        ({"publication_on": "2015-12-31"}, "publication_on", "2016"),
        ({"budget": "1"}, "budget", "Onbekend veld."),
        ({"initial_months": None}, "initial_months", "Geef een geheel getal."),
    ],
)
def test_invalid_requests_get_400_with_dutch_field_errors(client, openapi, change, field, message):
    response = post(client, {**HAARLEM, **change})
    assert response.status_code == 400
    body = response.get_json()
    conforms(openapi, "/procedure-advice", "post", "400", body)
    assert list(body["error"]["fields"]) == [field], body
    assert message in body["error"]["fields"][field][0]


def test_every_problem_is_reported_at_once_and_a_missing_field_is_named(client):
    body = {"lots": [{"annual_value_eur": "-1"}, {**LOT, "cpv": "1"}], "option_months": ["12"]}
    fields = post(client, body).get_json()["error"]["fields"]
    assert fields == {
        "initial_months": ["Vul dit veld in."],
        "option_months[0]": ["Geef een geheel getal."],
        "lots[0].annual_value_eur": ["Geef 0 of meer."],
        "lots[0].cpv": ["Vul dit veld in."],
        "lots[1].cpv": ["Gebruik 8 cijfers met eventueel een controlecijfer, bijv. 79611000-0."],
    }


def test_malformed_json_is_400(client):
    response = post(client, None, data="{", content_type="application/json")
    assert response.status_code == 400


def test_stored_tender_advice_counts_every_lot_and_flags_ntb(client, haarlem, openapi):
    tender = db.session.scalar(
        db.select(Tender).filter_by(title="Re-integratie specifieke doelgroepen 2018–2019")
    )
    response = client.get(
        f"/api/v1/tenders/{tender.id}/procedure-advice", headers=bearer(Role.ALDERMAN)
    )
    body = response.get_json()
    conforms(openapi, "/tenders/{tender_id}/procedure-advice", "get", "200", body)
    assert body["estimated_value_eur"] == "4897050.00"
    assert body["procedure"] == "europees_verlicht_regime"
    assert body["warnings"][0]["code"] == "undetermined_budget"
    assert "MBO1" in body["warnings"][0]["message"]


def test_stored_tender_without_budgets_gets_a_clear_message(client, openapi):
    tender = Tender(reference="2026/000001", title="Leeg", route="tender", municipality="Haarlem")
    db.session.add(tender)
    db.session.commit()
    response = client.get(
        f"/api/v1/tenders/{tender.id}/procedure-advice", headers=bearer(Role.ALDERMAN)
    )
    assert response.status_code == 422
    assert "minstens één perceel een budget" in response.get_json()["error"]["message"]
