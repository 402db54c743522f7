"""Amendments against the original value, and spend against the lot's budget per year."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.auth.models import Role
from app.contracts.models import Amendment, Spend
from app.contracts.signals import list_signals
from app.extensions import db
from tests.conftest import contract, normalise, post_form
from tests.factories import approve, spend


def amend(client, reference: str, **data):
    c = contract(reference)
    url = f"/contracten/{c.id}/wijzigingen/nieuw"
    return post_form(client, url, {"version": c.version} | data)


def test_small_amendment_has_no_warning(client, manager):
    response = amend(
        client,
        "2017/532748-1",
        amended_on="2018-06-01",
        rationale="Extra coaching",
        value_change="5.000,00",
    )
    assert response.status_code == 302
    page = normalise(client.get(f"/contracten/{contract('2017/532748-1').id}").text)
    assert "3,1% van de oorspronkelijke waarde € 160.800,00" in page
    assert "nieuwe aanbesteding" not in page


def test_amendments_above_ten_percent_are_warned(client, manager):
    amend(
        client,
        "2017/532748-1",
        amended_on="2018-06-01",
        rationale="Meer trajecten",
        value_change="10.000",
    )
    amend(
        client, "2017/532748-1", amended_on="2018-09-01", rationale="Nog meer", value_change="8.000"
    )
    page = normalise(client.get(f"/contracten/{contract('2017/532748-1').id}").text)
    assert "De wijzigingen samen zijn 11,2% van de oorspronkelijke waarde" in page
    amounts = db.session.scalars(db.select(Amendment.value_change)).all()
    assert sorted(amounts) == [Decimal("8000.00"), Decimal("10000.00")]  # nothing overwritten


def test_large_amendments_take_effect_only_when_the_alderman_approves(client, login_as, manager):
    direct = amend(
        client,
        "2017/532748-IB",
        amended_on="2018-06-01",
        rationale="Uitbreiding",
        value_change="750.000",
    )
    assert "Een wijziging van meer dan € 50.000,00 legt u eerst ter goedkeuring" in normalise(
        direct.text
    )
    assert db.session.scalar(db.select(db.func.count(Amendment.id))) == 0

    pasmatch = contract("2017/532748-IB")
    approved = approve(
        client,
        login_as,
        "amendment",
        pasmatch.id,
        Role.CONTRACT_MANAGER,
        amended_on="2018-06-01",
        rationale="Uitbreiding",
        value_change="750.000",
    )
    assert "Het verzoek is goedgekeurd." in approved.text
    page = normalise(client.get(f"/contracten/{pasmatch.id}").text)
    assert "bereiken de Europese drempel van € 750.000,00" in page  # 10,3 % as well


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"amended_on": "", "rationale": "x", "value_change": "1"},
            "Vul de datum van de wijziging in.",
        ),
        (
            {"amended_on": "2018-06-01", "rationale": " ", "value_change": "1"},
            "Motiveer de wijziging.",
        ),
        (
            {"amended_on": "2018-06-01", "rationale": "x", "value_change": "veel"},
            "Vul een bedrag in",
        ),
    ],
)
def test_bad_amendments_are_refused(client, manager, data, message):
    response = amend(client, "2017/532748-1", **data)
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Amendment)) == 0


def test_a_draft_contract_is_not_amended(client, manager):
    response = amend(
        client, "2017/532748-2", amended_on="2018-06-01", rationale="x", value_change="1"
    )
    assert "activeer het contract eerst" in response.text


def test_spend_per_year_and_over_budget_signal(client, manager):
    assert (
        spend(
            client,
            "2017/532748-1",
            period_start_on="2018-01-01",
            period_end_on="2018-06-30",
            amount="25.000,00",
            trajectories_started="8",
        ).status_code
        == 302
    )
    spend(
        client,
        "2017/532748-1",
        period_start_on="2018-07-01",
        period_end_on="2018-12-31",
        amount="16.000,00",
        trajectories_started="5",
    )
    zzp = contract("2017/532748-1")
    page = normalise(client.get(f"/contracten/{zzp.id}").text)
    assert "€ 41.000,00" in page and "Boven budget" in page  # budget € 40.200,00 a year
    over = list_signals(date(2026, 11, 23), timedelta(weeks=8)).over_budget
    assert [(o.reference, o.year, o.spent, o.budget) for o in over] == [
        ("2017/532748-1", 2018, Decimal("41000.00"), Decimal("40200.00"))
    ]
    assert "Boven het budget per jaar (1)" in client.get("/signalering/").text


def test_spend_beyond_the_ceiling_is_warned(client, manager):
    spend(
        client,
        "2017/532748-1",
        period_start_on="2018-01-01",
        period_end_on="2019-12-31",
        amount="160.000,00",
        trajectories_started="40",
    )
    url = f"/contracten/{contract('2017/532748-1').id}"
    assert "boven het plafond" not in normalise(client.get(url).text)  # ceiling € 160.800,00
    amend(
        client, "2017/532748-1", amended_on="2019-06-01", rationale="Minder", value_change="-1000"
    )
    page = normalise(client.get(url).text)
    assert (
        "De bestedingen (€ 160.000,00) gaan boven het plafond van € 159.800,00 (met de "
        "wijzigingen); boven het plafond is de raamovereenkomst uitgeput." in page
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"period_start_on": "2018-07-01", "period_end_on": "2018-01-01", "amount": "1"},
            "Het einde van de periode ligt vóór het begin.",
        ),
        (
            {"period_start_on": "2018-01-01", "period_end_on": "2018-06-30", "amount": "-5"},
            "Een bedrag kan niet negatief zijn.",
        ),
        (
            {"period_start_on": "2018-01-01", "period_end_on": "2018-06-30", "amount": ""},
            "Vul het bestede bedrag in.",
        ),
    ],
)
def test_bad_spend_is_refused(client, manager, data, message):
    response = spend(client, "2017/532748-1", **data)
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Spend)) == 0
