"""Joint procurement: a lead municipality buys on behalf of participants, each with its own
budget per lot and year; the advice counts them all, each overview shows its own share."""

from decimal import Decimal

import pytest

from app.auth.models import Role
from app.extensions import db
from app.reference.models import Municipality
from app.reference.services import add_reference_item
from app.tenders.joint_models import LotBudget
from app.tenders.joint_services import budget_years
from tests.conftest import normalise, post_form
from tests.factories import bearer, lot_data


@pytest.fixture
def joint_lot(client, lot):
    haarlem = db.session.scalar(db.select(Municipality).filter_by(name="Haarlem"))
    zandvoort = add_reference_item(
        None,
        Municipality,
        values={"code": "zandvoort", "name": "Zandvoort", "scheme_id": haarlem.scheme_id},
    )
    db.session.commit()
    tender = lot.tender
    url = f"/inkooptrajecten/{tender.id}/deelnemers"
    data = {"participant_ids": [zandvoort.id], "version": tender.version}
    assert post_form(client, url, data).status_code == 302
    return lot, haarlem, zandvoort


def grid(lot, haarlem, zandvoort, amounts: dict) -> dict:
    data = {"version": lot.version}
    for year in budget_years(lot.tender, lot):
        data[f"b_{haarlem.id}_{year}"] = amounts.get((haarlem.id, year), "")
        data[f"b_{zandvoort.id}_{year}"] = amounts.get((zandvoort.id, year), "")
    return data


def test_every_participant_gives_a_budget_for_every_year(client, joint_lot):
    lot, haarlem, zandvoort = joint_lot
    years = budget_years(lot.tender, lot)
    assert len(years) == 3  # 24 months from the first of a month: parts of three years
    url = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/budget"
    amounts = {(haarlem.id, year): "300.000,00" for year in years} | {
        (zandvoort.id, year): "60.000,00" for year in years[:-1]
    }
    refused = post_form(client, url, grid(lot, haarlem, zandvoort, amounts))
    assert refused.status_code == 200
    assert f"Vul het budget van Zandvoort voor {years[-1]} in." in refused.text
    assert 'value="300.000,00"' in refused.text  # what was typed stays
    assert db.session.scalar(db.select(db.func.count()).select_from(LotBudget)) == 0
    amounts[(zandvoort.id, years[-1])] = "0"
    assert post_form(client, url, grid(lot, haarlem, zandvoort, amounts)).status_code == 302
    db.session.refresh(lot)
    # (3 × 300,000 + 2 × 60,000) over the 24 months of the term, taken to twelve months
    assert lot.budget_per_year == Decimal("510000.00")
    saved = lot.version
    again = post_form(client, url, grid(lot, haarlem, zandvoort, amounts))
    assert again.status_code == 302
    db.session.refresh(lot)
    assert lot.version == saved  # saved again unchanged: nothing changes


def test_the_advice_counts_the_joint_value_and_each_overview_its_own_share(client, joint_lot):
    lot, haarlem, zandvoort = joint_lot
    years = budget_years(lot.tender, lot)
    amounts = {(haarlem.id, year): "300.000,00" for year in years} | {
        (zandvoort.id, year): "60.000,00" for year in years
    }
    url = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/budget"
    assert post_form(client, url, grid(lot, haarlem, zandvoort, amounts)).status_code == 302
    page = normalise(client.get(f"/inkooptrajecten/{lot.tender_id}").text)
    assert "Haarlem (trekker), namens Zandvoort" in page
    assert (
        "Gezamenlijke inkoop: de raming telt de budgetten van Haarlem en Zandvoort samen." in page
    )
    # 3 × 360,000 over 24 months is 540,000 a year; with two options of 12 months: 4 years
    assert "€ 2.160.000,00" in page
    headers = bearer(Role.ALDERMAN)
    shares = {
        name: client.get(
            f"/api/v1/budget-overview?year={years[1]}&municipality={name}", headers=headers
        ).get_json()["lines"]
        for name in ("Haarlem", "Zandvoort", "Bloemendaal")
    }
    assert [line["amount_eur"] for line in shares["Haarlem"]] == ["300000.00"]
    assert [line["amount_eur"] for line in shares["Zandvoort"]] == ["60000.00"]
    assert shares["Bloemendaal"] == []


def test_a_lot_with_budgets_per_year_takes_no_single_figure_and_a_leaver_takes_its_own(
    client, joint_lot
):
    lot, haarlem, zandvoort = joint_lot
    years = budget_years(lot.tender, lot)
    amounts = {(m.id, year): "100,00" for m in (haarlem, zandvoort) for year in years}
    url = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/budget"
    post_form(client, url, grid(lot, haarlem, zandvoort, amounts))
    db.session.refresh(lot)
    edit = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/bewerken"
    group = lot.target_group
    refused = post_form(
        client, edit, lot_data(group, budget_per_year="999,00", version=lot.version)
    )
    assert "Dit perceel heeft een budget per jaar" in refused.text
    tender = lot.tender
    db.session.refresh(tender)
    leave = {"participant_ids": [], "version": tender.version}
    assert post_form(client, f"/inkooptrajecten/{tender.id}/deelnemers", leave).status_code == 302
    db.session.refresh(lot)
    assert {budget.municipality.name for budget in lot.year_budgets} == {"Haarlem"}
    assert lot.budget_per_year == Decimal("150.00")  # 3 × 100 over 24 months
    lead = {"participant_ids": [haarlem.id], "version": tender.version + 1}
    refused = post_form(client, f"/inkooptrajecten/{tender.id}/deelnemers", lead)
    assert "is een ongeldige keuze voor dit veld" in refused.text  # the lead is not offered
