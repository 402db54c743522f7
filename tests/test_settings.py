"""Every variable of the README's configuration table takes effect where the README says."""

import importlib
import re
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import config
from app import create_app
from app.auth.models import Role
from app.auth.services import create_user
from app.auth.sessions import issue_api_token
from app.contracts.models import Supplier
from app.core.dates import utcnow
from app.core.settings import Settings
from app.extensions import db
from app.tenders.models import Tender
from tests.conftest import PASSWORD, contract, normalise, post_form
from tests.factories import bearer, haarlem_tender

README = Path(__file__).resolve().parents[1] / "README.md"

HERE = "tests/test_settings.py::"
# README variable → the test that shows it at work (here or where the behaviour is tested).
SHOWN_BY = {
    "DATABASE_URL": HERE + "test_database_url_chooses_the_database",
    "REDIS_URL": "tests/test_jobs.py::test_jobs_wait_in_redis_until_a_worker_takes_them",
    "SECRET_KEY": "tests/auth/test_auth.py::test_production_cookies_are_secure",
    "REGIE_MUNICIPALITY": HERE + "test_municipality_of_new_tenders",
    "REGIE_DECISION_LEAD_WEEKS": HERE + "test_decision_lead_weeks_open_the_window",
    "REGIE_STEERING_INTERVAL_MONTHS": (
        "tests/tenders/test_bids_and_award.py::"
        "test_award_creates_a_draft_framework_contract_once_approved"
    ),
    "REGIE_STEERING_DUE_AFTER_MONTHS": HERE + "test_due_after_months_on_activation",
    "REGIE_PROCUREMENT_AUTHORITY": HERE + "test_procurement_authority_in_the_advice",
    "REGIE_SINGLE_QUOTE_BELOW_EUR": HERE + "test_single_quote_limit_in_the_advice",
    "REGIE_AMENDMENT_APPROVAL_ABOVE_EUR": HERE + "test_amendment_approval_limit",
    "REGIE_OCDS_OCID_PREFIX": HERE + "test_ocid_prefix_of_the_open_data",
    **{
        variable: (
            "tests/approvals/test_notifications.py::"
            "test_the_alderman_hears_of_a_request_and_the_requester_of_the_decision"
        )
        for variable in ("REGIE_SMTP_HOST", "REGIE_SMTP_PORT")
    },
    **{
        variable: (
            "tests/approvals/test_notifications.py::"
            "test_starttls_login_and_sender_are_those_configured"
        )
        for variable in (
            "REGIE_SMTP_STARTTLS",
            "REGIE_SMTP_USER",
            "REGIE_SMTP_PASSWORD",
            "REGIE_MAIL_SENDER",
        )
    },
    **{
        variable: (
            "tests/auth/test_sessions.py::test_sessions_end_when_idle_and_after_their_lifetime"
        )
        for variable in ("REGIE_IDLE_MINUTES", "REGIE_SESSION_HOURS")
    },
    "REGIE_TOKEN_DAYS": (
        "tests/auth/test_sessions.py::test_tokens_have_a_name_expire_and_are_revoked_by_their_owner"
    ),
    "REGIE_PROXY_HOPS": HERE + "test_proxy_hops_believe_the_proxy",
}


def readme_variables() -> set[str]:
    """The variables in the first column of the table under "## Configuration"."""
    section = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {variable for row in rows for variable in re.findall(r"`([A-Z_]+)`", row.split("|")[1])}


def test_every_variable_in_the_readme_is_shown_at_work():
    assert readme_variables() == set(SHOWN_BY)
    root = README.parent
    for node in SHOWN_BY.values():
        path, name = node.split("::")
        assert f"def {name}(" in (root / path).read_text(), node
    variables = {f"REGIE_{field.name.upper()}" for field in fields(Settings)}
    assert variables <= set(SHOWN_BY)  # and no setting goes undocumented


CHANGED = {
    "municipality": ("Zaanstad", "Zaanstad"),
    "decision_lead_weeks": ("12", 12),
    "single_quote_below_eur": ("30000.50", Decimal("30000.50")),
    "smtp_starttls": ("1", True),
}


@pytest.mark.parametrize("field", [field.name for field in fields(Settings)])
def test_each_setting_is_read_from_its_variable(field):
    kind = {f.name: f.type for f in fields(Settings)}[field]
    raw, value = CHANGED.get(
        field,
        {
            str: ("anders", "anders"),
            int: ("7", 7),
            Decimal: ("1234.5", Decimal("1234.5")),
            bool: ("1", True),
        }[kind],
    )
    if field == "procurement_authority":
        raw, value = "central", "central"
    settings = Settings.from_environ({f"REGIE_{field.upper()}": raw})
    assert getattr(settings, field) == value != getattr(Settings(), field)


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("REGIE_DECISION_LEAD_WEEKS", "acht"),
        ("REGIE_TOKEN_DAYS", "-1"),
        ("REGIE_AMENDMENT_APPROVAL_ABOVE_EUR", "veel"),
        ("REGIE_SMTP_STARTTLS", "ja"),
        ("REGIE_PROCUREMENT_AUTHORITY", "rijk"),
    ],
)
def test_an_unreadable_value_stops_the_start_and_names_the_variable(variable, raw):
    with pytest.raises(ValueError, match=variable):
        Settings.from_environ({variable: raw})


def test_database_url_chooses_the_database(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'elders.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        importlib.reload(config)
        assert create_app(config.DevelopmentConfig).config["SQLALCHEMY_DATABASE_URI"] == url
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_municipality_of_new_tenders(client, login_as, tender_form, configure):
    configure(municipality="Zaanstad")
    login_as(Role.PROCUREMENT_ADVISER)
    assert post_form(client, "/inkooptrajecten/nieuw", tender_form).status_code == 302
    assert db.session.scalar(db.select(Tender.municipality)) == "Zaanstad"


def test_decision_lead_weeks_open_the_window(client, current, configure):
    """The running contract's first option must be decided in about nine months: eight weeks
    ahead it is no signal yet, a year ahead it is."""
    headers = bearer(Role.CONTRACT_MANAGER)
    assert client.get("/api/v1/signals", headers=headers).get_json()["totals"]["options"] == 0
    configure(decision_lead_weeks=52)
    signals = client.get("/api/v1/signals", headers=headers).get_json()
    assert signals["totals"]["options"] == 1
    assert signals["options"][0]["contract"]["reference"] == current.reference


def test_due_after_months_on_activation(client, login_as, haarlem, configure):
    configure(steering_due_after_months=3)
    login_as(Role.CONTRACT_MANAGER)
    draft = contract("2017/532748-2")
    supplier = db.session.scalar(db.select(Supplier).filter_by(name="Stichting Hetisnetwerken"))
    post_form(
        client,
        f"/contracten/{draft.id}/activeren",
        {
            "start_on": "2018-02-01",
            "supplier_id": supplier.id,
            "signed_on": "2018-01-20",
            "version": draft.version,
        },
        form_page=f"/contracten/{draft.id}",
    )
    first = contract("2017/532748-2").steering_moments[0]
    assert first.period_end_on == date(2018, 7, 31)
    assert first.due_on == date(2018, 10, 31)  # three months after its period, not one


def advice(client, headers: dict, body: dict) -> dict:
    response = client.post("/api/v1/procedure-advice", headers=headers, json=body)
    assert response.status_code == 200, response.text
    return response.get_json()


SMALL_SERVICE = {"initial_months": 24, "lots": [{"annual_value_eur": "20000", "cpv": "79620000"}]}


def test_procurement_authority_in_the_advice(client, configure):
    """Central government has a lower EU threshold for services than a municipality."""
    adviser = bearer(Role.PROCUREMENT_ADVISER)
    sub_central = advice(client, adviser, SMALL_SERVICE)
    configure(procurement_authority="central")
    central = advice(client, adviser, SMALL_SERVICE)
    assert Decimal(central["threshold_eur"]) < Decimal(sub_central["threshold_eur"])


def test_single_quote_limit_in_the_advice(client, configure):
    adviser = bearer(Role.PROCUREMENT_ADVISER)
    assert advice(client, adviser, SMALL_SERVICE)["procedure"] == "enkelvoudig_onderhands"
    configure(single_quote_below_eur=Decimal("30000"))  # the two years' 40.000 is above it
    assert advice(client, adviser, SMALL_SERVICE)["procedure"] == "meervoudig_onderhands"


def test_amendment_approval_limit(client, login_as, haarlem, configure):
    configure(amendment_approval_above_eur=Decimal("1000"))
    login_as(Role.CONTRACT_MANAGER)
    running = contract("2017/532748-1")
    page = post_form(
        client,
        f"/contracten/{running.id}/wijzigingen/nieuw",
        {
            "version": running.version,
            "amended_on": "2018-06-01",
            "rationale": "Extra coaching",
            "value_change": "5.000,00",
        },
    )
    assert "Een wijziging van meer dan € 1.000,00 legt u eerst ter goedkeuring" in normalise(
        page.text
    )
    assert contract("2017/532748-1").amendments == []


def test_ocid_prefix_of_the_open_data(client, haarlem, configure):
    configure(ocds_ocid_prefix="ocds-zaan01")
    tender = haarlem_tender()
    package = client.get(
        f"/api/v1/tenders/{tender.id}/ocds", headers=bearer(Role.ALDERMAN)
    ).get_json()
    assert package["releases"][0]["ocid"].startswith("ocds-zaan01-")


@pytest.mark.parametrize(("hops", "scheme"), [(0, "http"), (1, "https")])
def test_proxy_hops_believe_the_proxy(app, hops, scheme):
    """Behind one proxy that says the request came in over HTTPS, links are https; with 0
    hops the header is not believed."""
    behind = create_app(config.TestConfig, Settings(proxy_hops=hops))
    with behind.app_context():
        db.create_all()  # an in-memory database of its own; the same one on PostgreSQL
        user = create_user(
            None, email="bi@regie.example", name="BI", role=Role.ALDERMAN, password=PASSWORD
        )
        token = issue_api_token(None, user, name="BI", now=utcnow(), lifetime=timedelta(days=1))
        db.session.commit()
    response = behind.test_client().get(
        "/api/v1/ocds/releases",
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"},
    )
    assert response.get_json()["uri"].startswith(f"{scheme}://")
