"""The JSON API: shapes, authentication, and bad input answered with 400 and field errors."""

import re

import pytest
from openapi_spec_validator import validate as validate_spec

from app.auth.models import Role
from app.contracts.models import FrameworkContract
from app.core.audit import AuditEvent
from app.extensions import db
from app.tenders.models import Tender
from tests.conftest import csrf_token_from
from tests.factories import bearer, conforms

NEW_TENDER = {"reference": "2026/000999", "title": "Nieuw traject", "route": "tender"}


def test_openapi_document_is_valid_openapi_3_1_and_lists_every_route(app, openapi):
    validate_spec(openapi)
    assert openapi["openapi"] == "3.1.0"
    routes = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1")), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in openapi["paths"].items() for method in item}
    assert routes == documented
    assert {
        "/tenders",
        "/tenders/{tender_id}",
        "/budget-overview",
        "/contracts",
        "/contracts/{contract_id}",
    } <= set(openapi["paths"])


def test_budget_overview_2018(client, haarlem, openapi):
    response = client.get("/api/v1/budget-overview?year=2018", headers=bearer(Role.ALDERMAN))
    body = response.get_json()
    assert response.status_code == 200
    conforms(openapi, "/budget-overview", "get", "200", body)
    assert [(line["label"], line["amount_eur"]) for line in body["lines"]] == [
        ("Zzp", "40200.00"),
        ("Statushouders", "663075.00"),
        ("Ex-gedetineerden", "142087.50"),
        ("Pro/VSO jongeren, mbo1 en entree", "355218.75"),
        ("MBO1", None),
        ("Special 50+", "23681.25"),
        ("Inkoop Pasmatch", "1827301.14"),
    ]
    assert body["total_eur"] == "3051563.64"


def test_tenders_list_and_detail(client, haarlem, openapi):
    headers = bearer(Role.PROCUREMENT_ADVISER)
    listed = client.get("/api/v1/tenders", headers=headers).get_json()
    conforms(openapi, "/tenders", "get", "200", listed)
    main = next(t for t in listed["items"] if t["route"] == "tender")
    detail = client.get(f"/api/v1/tenders/{main['id']}", headers=headers).get_json()
    conforms(openapi, "/tenders/{tender_id}", "get", "200", detail)
    assert detail["reference"] == "2017/532748"
    first = detail["lots"][0]
    assert first["target_group"] == {"code": "zzp", "name": "Zelfstandigen (zzp)"}
    assert first["budget_per_year_eur"] == "40200.00"
    assert first["cpv"] == "79611000-0"
    assert {"id", "number", "title", "planned_count", "unit_price_eur"} <= set(first)


def test_contract_detail(client, haarlem, openapi):
    contract = db.session.scalar(db.select(FrameworkContract).filter_by(reference="2017/532748-IB"))
    headers = bearer(Role.CONTRACT_MANAGER)
    body = client.get(f"/api/v1/contracts/{contract.id}", headers=headers).get_json()
    conforms(openapi, "/contracts/{contract_id}", "get", "200", body)
    assert body["supplier"]["name"] == "Pasmatch"
    assert (
        body["start_on"],
        body["initial_end_on"],
        body["current_end_on"],
        body["latest_end_on"],
    ) == ("2018-01-01", "2019-12-31", "2019-12-31", "2021-12-31")
    assert body["ceiling_eur"] == "7309204.56"
    assert body["options"][0] == {
        "number": 1,
        "months": 12,
        "notice_deadline_on": "2019-09-30",
        "warning_on": "2019-08-05",
        "status": "open",
    }
    assert [m["due_on"] for m in body["steering_moments"]] == [
        "2018-07-31",
        "2019-01-31",
        "2019-07-31",
        "2020-01-31",
    ]
    listed = client.get("/api/v1/contracts", headers=headers).get_json()
    conforms(openapi, "/contracts", "get", "200", listed)
    assert (listed["total"], len(listed["items"]), listed["next"]) == (7, 7, None)
    # A list carries each contract's terms; its history comes from its own URL.
    item = next(c for c in listed["items"] if c["id"] == body["id"])
    assert "steering_moments" not in item and item["options"] == body["options"]
    assert client.get(item["url"], headers=headers).get_json() == body


def test_collections_come_in_pages_with_the_total_and_the_next_link(client, haarlem, openapi):
    headers = bearer(Role.CONTRACT_MANAGER)
    first = client.get("/api/v1/contracts?per_page=3", headers=headers).get_json()
    assert (first["total"], len(first["items"]), first["page"]) == (7, 3, 1)
    assert first["next"] == "/api/v1/contracts?per_page=3&page=2"
    pages = [first]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"], headers=headers).get_json())
    references = [c["reference"] for page in pages for c in page["items"]]
    assert len(pages) == 3 and len(references) == len(set(references)) == 7
    for path in ("/tenders", "/contracts", "/signals", "/ocds/releases"):
        for query in ("per_page=0", "per_page=501", "page=nul", "pagina=2"):
            refused = client.get(f"/api/v1{path}?{query}", headers=headers)
            assert refused.status_code == 400, (path, query)
            assert refused.get_json()["error"]["fields"]
    ocds = client.get("/api/v1/ocds/releases?per_page=1", headers=headers).get_json()
    assert len(ocds["releases"]) == 1
    assert ocds["links"]["next"].endswith("/api/v1/ocds/releases?per_page=1&page=2")
    signals = client.get("/api/v1/signals?per_page=1", headers=headers).get_json()
    conforms(openapi, "/signals", "get", "200", signals)
    assert all(len(signals[kind]) <= 1 for kind in signals["totals"])


def test_session_cookie_also_authenticates(client, login_as, haarlem):
    login_as(Role.ALDERMAN)
    assert client.get("/api/v1/tenders").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer niet-geldig"}])
def test_without_valid_credentials_the_api_answers_401_json(client, headers):
    response = client.get("/api/v1/tenders", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_role_without_permission_gets_403_json(client, haarlem):
    response = client.post("/api/v1/tenders", json=NEW_TENDER, headers=bearer(Role.ALDERMAN))
    assert response.status_code == 403
    assert (
        response.get_json()["error"]["message"]
        == "U heeft geen toegang tot deze pagina of handeling."
    )


def test_unknown_id_is_404_json(client, openapi):
    response = client.get("/api/v1/contracts/999999", headers=bearer(Role.ALDERMAN))
    assert response.status_code == 404
    conforms(openapi, "/contracts/{contract_id}", "get", "404", response.get_json())


def test_create_tender_through_the_api_is_audited(client, openapi):
    response = client.post(
        "/api/v1/tenders", json=NEW_TENDER, headers=bearer(Role.PROCUREMENT_ADVISER)
    )
    assert response.status_code == 201
    conforms(openapi, "/tenders", "post", "201", response.get_json())
    tender = db.session.scalar(db.select(Tender))
    assert tender.title == "Nieuw traject"
    assert db.session.scalar(db.select(AuditEvent).filter_by(object_type="Tender")) is not None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"data": "{niet json", "content_type": "application/json"}, "body"),
        ({"json": ["een", "lijst"]}, "body"),
        ({"json": {**NEW_TENDER, "budget": "1000"}}, "budget"),
        ({"json": {**NEW_TENDER, "reference": "123"}}, "reference"),
        ({"json": {**NEW_TENDER, "route": "onbekend"}}, "route"),
        ({"json": {**NEW_TENDER, "publication_on": "2026-02-30"}}, "publication_on"),
        (
            {"json": {**NEW_TENDER, "publication_on": "2026-03-01", "closing_on": "2026-02-01"}},
            "closing_on",
        ),
        ({"json": {"title": "Zonder kenmerk", "route": "tender"}}, "reference"),
    ],
)
def test_bad_json_gives_400_with_field_errors_and_saves_nothing(client, openapi, kwargs, field):
    response = client.post("/api/v1/tenders", headers=bearer(Role.PROCUREMENT_ADVISER), **kwargs)
    assert response.status_code == 400
    body = response.get_json()
    conforms(openapi, "/tenders", "post", "400", body)
    assert field in body["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Tender)) == 0


@pytest.mark.parametrize("query", ["year=achttien", "year=1850", "year=2018&jaar=2018"])
def test_bad_budget_query_gives_400(client, query):
    response = client.get(f"/api/v1/budget-overview?{query}", headers=bearer(Role.ALDERMAN))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"]


def test_cookie_session_write_needs_the_csrf_token(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    refused = client.post("/api/v1/tenders", json=NEW_TENDER)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf"
    token = csrf_token_from(client, "/")
    accepted = client.post("/api/v1/tenders", json=NEW_TENDER, headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


@pytest.mark.parametrize("authorization", ["", "Bearer", "Bearer garbage", "Basic YTpi"])
def test_an_authorization_header_that_authenticates_nothing_does_not_skip_the_csrf_check(
    client, login_as, authorization
):
    login_as(Role.PROCUREMENT_ADVISER)
    refused = client.post(
        "/api/v1/tenders", json=NEW_TENDER, headers={"Authorization": authorization}
    )
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf"
    assert db.session.scalar(db.select(db.func.count()).select_from(Tender)) == 0
    with_token = client.post(
        "/api/v1/tenders", json=NEW_TENDER, headers=bearer(Role.PROCUREMENT_ADVISER)
    )
    assert with_token.status_code == 201  # a valid bearer token needs no CSRF token
