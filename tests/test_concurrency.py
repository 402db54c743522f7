"""Optimistic locking: two people editing the same thing never lose an update."""

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from app.auth.models import Role
from app.budgets.models import BudgetPlan
from app.contracts.models import FrameworkContract, Supplier, TargetGroupYearSpend
from app.contracts.services import create_contract
from app.contracts.statuses import ContractStatus
from app.core.models import Versioned
from app.extensions import db
from app.programmes.models import ProgrammeNorm, Realisation
from app.reference.models import Municipality
from app.steering.models import KpiDefinition, KpiResult, KpiTarget
from app.tenders.joint_models import LotBudget
from app.tenders.models import Lot, Tender, TenderStatus
from app.tenders.services import create_tender
from tests.conftest import (
    ON_POSTGRESQL,
    PASSWORD,
    csrf_token_from,
    make_user,
    post_at_once,
    post_form,
)

# Everything a form or the API edits; each carries a version the database checks on UPDATE.
EDITABLE = {
    "ApprovalRequest",
    "User",
    "Supplier",
    "FrameworkContract",
    "ExtensionOption",
    "KpiDefinition",
    "KpiTarget",
    "SteeringMoment",
    "KpiResult",
    "Action",
    "Tender",
    "Lot",
    "Requirement",
    "LotRequirement",
    "AwardCriterion",
    "Bid",
}


def test_every_editable_aggregate_is_versioned_by_the_database():
    versioned = {
        mapper.class_.__name__
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Versioned) and mapper.version_id_col is not None
    }
    assert versioned >= EDITABLE


@pytest.fixture
def draft():
    tender = create_tender(
        None,
        municipality="Haarlem",
        values={"reference": "2026/000777", "title": "Eerste titel", "route": "tender"},
    )
    db.session.commit()
    return tender


def edit(client, tender_id: int, version: int, title: str):
    data = {"reference": "2026/000777", "title": title, "route": "tender", "version": version}
    return post_form(client, f"/inkooptrajecten/{tender_id}/bewerken", data)


def test_two_people_save_the_same_form_and_the_second_loses_nothing(app, draft):
    first, second = app.test_client(), app.test_client()
    for client, email in ((first, "ilse@regie.example"), (second, "ivo@regie.example")):
        make_user(Role.PROCUREMENT_ADVISER, email)
        post_form(client, "/login", {"email": email, "password": PASSWORD})
    opened = draft.version  # both open the edit form now
    assert edit(first, draft.id, opened, "Titel van Ilse").status_code == 302
    late = edit(second, draft.id, opened, "Titel van Ivo")
    assert late.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in late.text
    assert 'value="Titel van Ivo"' in late.text  # what Ivo typed is still in the form
    db.session.expire_all()
    assert db.session.get(Tender, draft.id).title == "Titel van Ilse"


def test_two_sessions_updating_at_once_are_stopped_by_the_database(app, draft):
    from sqlalchemy.orm.exc import StaleDataError

    with Session(db.engine) as one, Session(db.engine) as other:
        mine, theirs = one.get(Tender, draft.id), other.get(Tender, draft.id)
        mine.title, theirs.title = "Eén", "Ander"
        one.commit()
        with pytest.raises(StaleDataError):
            other.commit()  # both read version 1; only the first UPDATE matches it
    db.session.expire_all()
    assert db.session.get(Tender, draft.id).title == "Eén"


def managers(app, count: int) -> list:
    """Contract managers, each logged in with a client of their own."""
    clients = []
    for number in range(count):
        client = app.test_client()
        email = f"manager{number}@regie.example"
        make_user(Role.CONTRACT_MANAGER, email)
        post_form(client, "/login", {"email": email, "password": PASSWORD})
        clients.append(client)
    return clients


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_managers_saving_a_moment_for_the_first_time_at_once_lose_nothing(app, haarlem):
    """Four contract managers save the same unlogged moment at the same moment, in their own
    threads and transactions: one save wins, the others get the form back with a conflict
    (409) and what they typed, and nobody sees a server error."""
    pasmatch = db.session.scalar(db.select(FrameworkContract).filter_by(reference="2017/532748-IB"))
    moment = pasmatch.steering_moments[0]
    url = f"/contracten/{pasmatch.id}/bijsturing/{moment.id}"
    started = db.session.scalar(db.select(KpiDefinition.id).filter_by(code="started"))
    clients = managers(app, 4)
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "version": moment.version,
            "held_on": "2018-08-15",
            "outcome": "met",
            "results-0-kpi_definition_id": started,
            "results-0-value": str(60 + number),
            "findings": f"Bevindingen van manager {number}",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302, 409, 409, 409]
    winner = next(n for n, r in enumerate(responses) if r.status_code == 302)
    for number, response in enumerate(responses):
        if number != winner:
            assert "Iemand anders heeft dit intussen gewijzigd" in response.text
            assert f"Bevindingen van manager {number}" in response.text
            assert f'value="{60 + number}"' in response.text
    db.session.expire_all()
    results = db.session.scalars(db.select(KpiResult).filter_by(steering_moment_id=moment.id))
    assert [result.value for result in results] == [Decimal(60 + winner)]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_managers_setting_a_contracts_first_norms_at_once_add_one_norm(app, haarlem):
    pasmatch = db.session.scalar(db.select(FrameworkContract).filter_by(reference="2017/532748-IB"))
    url = f"/contracten/{pasmatch.id}/normen"
    started = db.session.scalar(db.select(KpiDefinition.id).filter_by(code="started"))
    clients = managers(app, 3)
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "version": pasmatch.version,
            "targets-0-kpi_definition_id": started,
            "targets-0-target_value": str(100 + number),
            "targets-0-tolerance_percent": "10",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    assert sorted(response.status_code for response in responses) == [302, 409, 409]
    db.session.expire_all()
    norms = db.session.scalars(db.select(KpiTarget).filter_by(contract_id=pasmatch.id)).all()
    winner = next(n for n, r in enumerate(responses) if r.status_code == 302)
    assert [norm.target_value for norm in norms] == [Decimal(100 + winner)]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_two_managers_registering_the_same_supplier_at_once_get_one_supplier(app):
    """The unique name decides; the one who comes second reads why, with what they typed."""
    clients = managers(app, 2)
    url = "/aanbieders/nieuw"
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "name": "Werkfit Kennemerland B.V.",
            "contact_name": f"Contact van manager {number}",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    assert sorted(response.status_code for response in responses) == [200, 302]
    second = next(response for response in responses if response.status_code == 200)
    assert "Deze naam hoort al bij aanbieder Werkfit Kennemerland B.V." in second.text
    assert "Contact van manager" in second.text
    assert db.session.scalar(db.select(db.func.count(Supplier.id))) == 1


def advisers(app, count: int) -> list:
    clients = []
    for number in range(count):
        client = app.test_client()
        email = f"adviseur{number}@regie.example"
        make_user(Role.PROCUREMENT_ADVISER, email)
        post_form(client, "/login", {"email": email, "password": PASSWORD})
        clients.append(client)
    return clients


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_two_advisers_entering_the_same_budget_plan_at_once_get_one_plan(app, haarlem):
    haarlem_id = db.session.scalar(db.select(Municipality.id).filter_by(name="Haarlem"))
    clients = advisers(app, 2)
    url = "/begrotingen/nieuw"
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "municipality_id": haarlem_id,
            "year": "2019",
            "title": f"Begroting van adviseur {number}",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    assert sorted(response.status_code for response in responses) == [200, 302]
    second = next(response for response in responses if response.status_code == 200)
    assert "Voor Haarlem is er al een begroting 2019." in second.text
    assert "Begroting van adviseur" in second.text  # what they typed
    assert db.session.scalar(db.select(db.func.count(BudgetPlan.id)).filter_by(year=2019)) == 1


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_two_first_realisations_of_a_year_at_once_make_one_corrected_figure(app, three):
    norm = db.session.scalar(
        db.select(ProgrammeNorm).where(ProgrammeNorm.text.startswith("50 verwijzingen"))
    )
    programme_id = norm.objective.programme_id
    url = f"/programmas/{programme_id}/normen/{norm.id}/realisatie"
    clients = advisers(app, 3)
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "year": "2020",
            "value": str(40 + number),
            "note": f"Telling {number}",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    assert [response.status_code for response in responses] == [302, 302, 302]
    db.session.expire_all()
    rows = db.session.scalars(db.select(Realisation).filter_by(norm_id=norm.id)).all()
    assert len(rows) == 1 and rows[0].value in {Decimal(40), Decimal(41), Decimal(42)}


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_two_advisers_saving_a_lots_first_budgets_per_year_at_once(app, haarlem):
    lot = db.session.scalar(db.select(Lot).filter_by(title="Zzp"))
    lot.tender.status = TenderStatus.DRAFT  # editable again, for this test only
    db.session.commit()
    haarlem_id = db.session.scalar(db.select(Municipality.id).filter_by(name="Haarlem"))
    url = f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}/budget"
    clients = advisers(app, 2)
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "version": lot.version,
            f"b_{haarlem_id}_2018": str(40_000 + number),
            f"b_{haarlem_id}_2019": "40000",
        }
        for number, client in enumerate(clients)
    ]
    responses = post_at_once(app, clients, url, forms)
    assert sorted(response.status_code for response in responses) == [302, 409]
    db.session.expire_all()
    rows = db.session.scalars(db.select(LotBudget).filter_by(lot_id=lot.id)).all()
    assert len(rows) == 2


@pytest.mark.skipif(not ON_POSTGRESQL, reason="real concurrent transactions: PostgreSQL only")
def test_spend_on_two_contracts_of_one_target_group_at_once_counts_both(app, haarlem):
    """The overview's spend per target group is kept as one row per municipality, group and
    year: two managers recording spend on two contracts of the same target group at once,
    in a year with no spend yet, both get through and both amounts count."""
    pasmatch = db.session.scalar(db.select(FrameworkContract).filter_by(reference="2017/532748-IB"))
    second = create_contract(
        None,
        reference="2017/532748-IB-2",
        lot=pasmatch.lot,
        supplier=pasmatch.supplier,
        start_on=pasmatch.start_on,
        initial_months=pasmatch.initial_months,
        options=[],
        ceiling=pasmatch.ceiling,
        status=ContractStatus.ACTIVE,
    )
    db.session.commit()
    contracts = [pasmatch, second]
    urls = [f"/contracten/{c.id}/bestedingen/nieuw" for c in contracts]
    clients = managers(app, 2)
    forms = [
        {
            "csrf_token": csrf_token_from(client, url),
            "version": c.version,
            "period_start_on": "2019-01-01",
            "period_end_on": "2019-03-31",
            "amount": amount,
        }
        for client, url, c, amount in zip(
            clients, urls, contracts, ("1.000,00", "2.500,00"), strict=True
        )
    ]
    responses = post_at_once(app, clients, urls, forms)
    assert [response.status_code for response in responses] == [302, 302]
    db.session.expire_all()
    kept = db.session.scalar(
        db.select(TargetGroupYearSpend.amount).filter_by(
            municipality=pasmatch.lot.tender.municipality,
            target_group_id=pasmatch.lot.target_group_id,
            year=2019,
        )
    )
    assert kept == Decimal("3500.00")
