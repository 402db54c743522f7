"""Security headers, request ids on error pages, and Dutch errors without stack traces."""

import logging
import re
import time

import pytest

from app import create_app
from app.auth.models import Role
from app.extensions import db
from app.tenders.models import Tender
from config import ProductionConfig, TestConfig
from tests.conftest import post_form


def test_pages_forbid_inline_scripts_framing_and_sniffing(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    headers = client.get("/inkooptrajecten/").headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # only in production, over HTTPS


def test_what_a_logged_in_user_sees_is_not_stored_by_caches(client, login_as):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login_as(Role.CONTRACT_MANAGER)
    for url in ("/contracten/", "/api/v1/signals"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    assert "no-store" not in client.get("/static/regie.css").headers.get("Cache-Control", "")


def test_production_sends_hsts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test")
    app = create_app(
        type("Production", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    )
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/inkooptrajecten/999999", 404, "Deze pagina of dit gegeven bestaat niet."),
        ("/beheer/gebruikers", 403, "U heeft geen toegang tot deze pagina of handeling."),
    ],
)
def test_error_pages_are_dutch_and_show_the_request_id(client, login_as, path, status, message):
    login_as(Role.CONTRACT_MANAGER)
    response = client.get(path)
    assert response.status_code == status
    assert message in response.text
    assert f"<code>{response.headers['X-Request-Id']}</code>" in response.text


def test_the_api_names_the_request_id_in_its_errors(client, login_as):
    login_as(Role.CONTRACT_MANAGER)
    response = client.get("/api/v1/tenders/999999", headers={"X-Request-Id": "support-12345"})
    assert response.status_code == 404
    assert response.get_json()["error"]["request_id"] == "support-12345"
    odd = client.get("/api/v1/tenders/999999", headers={"X-Request-Id": "<script>"})
    assert odd.headers["X-Request-Id"] != "<script>"  # only a plain token is passed along


def test_a_stale_form_gives_a_conflict_and_keeps_what_was_typed(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = db.session.scalar(db.select(Tender).filter_by(reference="2017/532748"))
    url = f"/inkooptrajecten/{tender.id}/bewerken"
    response = post_form(
        client,
        url,
        {
            "reference": tender.reference,
            "title": "Mijn nieuwe titel",
            "route": tender.route.value,
            "version": tender.version - 1,
        },
    )
    assert response.status_code in (200, 409)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    assert 'value="Mijn nieuwe titel"' in response.text


def test_an_unexpected_error_is_a_dutch_page_without_a_trace_and_is_logged(caplog):
    class Deployed(TestConfig):
        TESTING = False  # the friendly page, as in production

    app = create_app(Deployed)

    @app.get("/kapot")
    def broken():
        raise RuntimeError("geheime details uit de code")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/kapot")
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant." in response.text
    assert "geheime details" not in response.text and "Traceback" not in response.text
    request_id = response.headers["X-Request-Id"]
    assert f"<code>{request_id}</code>" in response.text
    assert f"[request {request_id}]" in caplog.text and "geheime details" in caplog.text


def test_nul_characters_are_dropped_from_forms_queries_and_json(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    data = {"reference": "2026/000888", "title": "Nul\x00teken", "route": "tender"}
    assert post_form(client, "/inkooptrajecten/nieuw", data).status_code == 302
    assert db.session.scalar(db.select(Tender.title).filter_by(reference="2026/000888")) == (
        "Nulteken"
    )
    assert client.get("/inkooptrajecten/?zoek=Nul%00teken").status_code == 200
    assert "2026/000888" in client.get("/inkooptrajecten/?zoek=Nul%00teken").text
    response = client.post("/api/v1/procedure-advice", json={"lots": "\x00"})
    assert response.status_code == 400


def test_a_refused_csrf_token_still_names_a_request_id(client, login_as):
    login_as(Role.PROCUREMENT_ADVISER)
    response = client.post("/inkooptrajecten/nieuw", data={"title": "x"})
    assert response.status_code == 400
    shown = re.search(r"noem dan deze referentie: <code>([^<]+)</code>", response.text).group(1)
    assert shown != "-" and shown == response.headers["X-Request-Id"]


@pytest.mark.parametrize(
    "body",
    [
        '{"reference": "2026/000001", "title": "Re\\ud800-integratie", "route": "tender"}',
        "[" * 5000 + "]" * 5000,
    ],
    ids=["lone surrogate", "5000 deep"],
)
def test_json_that_is_no_text_or_too_deep_is_refused_without_a_server_error(client, login_as, body):
    from tests.factories import bearer

    response = client.post(
        "/api/v1/tenders",
        data=body,
        content_type="application/json",
        headers=bearer(Role.PROCUREMENT_ADVISER),
    )
    if body.startswith("{"):  # the lone surrogate is dropped, the rest is kept
        assert response.status_code == 201
        assert db.session.scalar(db.select(Tender.title)) == "Re-integratie"
    else:
        assert response.status_code == 400


@pytest.mark.parametrize(
    "number",
    ["9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "1" + "0" * 25],
    ids=["5000 digits", "overflow", "negative overflow", "NaN", "Infinity", "26 digits"],
)
def test_json_numbers_that_are_too_big_or_no_number_get_a_dutch_400(client, number):
    from tests.factories import bearer

    body = '{"lots": [{"annual_value_eur": ' + number + ', "cpv": "79611000"}]}'
    response = client.post(
        "/api/v1/procedure-advice",
        data=body,
        content_type="application/json",
        headers=bearer(Role.PROCUREMENT_ADVISER),
    )
    assert response.status_code == 400
    assert "te groot of geen getal" in response.text or "Ongeldige JSON" in response.text


def test_an_unreachable_database_gives_a_dutch_503_with_headers_and_a_reference():
    """A logged-in user whose database is gone gets a page, not the server's plain 500."""

    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://regie@127.0.0.1:1/regie"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 2}}

    app = create_app(Unreachable)
    browser = app.test_client()
    with browser.session_transaction() as session:
        session.update(_user_id="1", sid="x", seen=time.time())
    page = browser.get("/contracten/")
    assert page.status_code == 503
    assert "Regie is even niet bereikbaar" in page.text and 'lang="nl"' in page.text
    assert page.headers["X-Request-Id"] in page.text
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    api = app.test_client().get("/api/v1/tenders", headers={"Authorization": "Bearer x"})
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "unavailable"
