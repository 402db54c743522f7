"""Scenario fixtures the tests of several packages share (registered in tests/conftest.py):
a draft tender with a lot, a tender ready for adoption, a published one, a contract running
today, Haarlem's Pasmatch contract with norms, a logged-in contract manager."""

from decimal import Decimal

import pytest

from app.auth.models import Role
from app.contracts.models import ContractStatus, FrameworkContract
from app.contracts.rules import OptionTerm
from app.contracts.services import create_contract
from app.core.dates import add_months
from app.extensions import db
from app.steering.models import KpiDefinition, KpiTarget
from app.tenders.clause_models import ClauseChapter
from app.tenders.models import Lot, Tender
from app.tenders.readiness import pve_gaps
from app.tenders.requirement_models import Requirement
from tests.conftest import contract, post_form
from tests.factories import (
    MOTIVATION,
    adopt,
    change_status,
    criteria_form,
    kpi,
    lot_data,
    target_group,
)


@pytest.fixture
def draft_tender(client, login_as, tender_form):
    login_as(Role.PROCUREMENT_ADVISER)
    group = target_group("statushouders", "Statushouders")
    db.session.commit()
    post_form(client, "/inkooptrajecten/nieuw", tender_form)
    return db.session.scalar(db.select(Tender)), group


@pytest.fixture
def lot(client, draft_tender):
    tender, group = draft_tender
    post_form(client, f"/inkooptrajecten/{tender.id}/percelen/nieuw", lot_data(group))
    return db.session.scalar(db.select(Lot))


@pytest.fixture
def ready_tender(client, lot):
    """A draft tender that passes the PvE readiness check, filled in through the pages: its
    one lot has a requirement, criteria with descriptions and a norm, the procedure is
    motivated and every prose chapter has a text."""
    tender = lot.tender
    kpi = KpiDefinition(
        code="started", name="Gestarte trajecten", unit="count", direction="higher_is_better"
    )
    db.session.add(kpi)
    db.session.commit()
    post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/{lot.id}/normen",
        {
            "version": lot.version,
            "targets-0-kpi_definition_id": kpi.id,
            "targets-0-target_value": "70",
            "targets-0-tolerance_percent": "10",
        },
    )
    for chapter in ClauseChapter:
        post_form(
            client,
            f"/inkooptrajecten/{tender.id}/teksten/nieuw",
            {
                "chapter": chapter.value,
                "title": chapter.label,
                "text": f"Tekst over {chapter.label}",
            },
        )
    db.session.add(
        Requirement(
            code="ALG-01", text="Regie bij de gemeente", kind="knockout", category="general"
        )
    )
    db.session.commit()
    base = f"/inkooptrajecten/{tender.id}/percelen/{lot.id}"
    post_form(
        client, f"{base}/eisen", {"requirement_ids": [db.session.scalar(db.select(Requirement.id))]}
    )
    db.session.refresh(lot)
    post_form(
        client,
        f"{base}/gunningscriteria",
        criteria_form(
            lot,
            [("Prijs", "price", "40"), ("Kwaliteit", "quality", "60")],
            description="Aanpak en methodiek",
        ),
    )
    db.session.refresh(tender)
    post_form(
        client,
        f"/inkooptrajecten/{tender.id}/procedure",
        {"procedure": "europees_verlicht_regime", "version": tender.version, **MOTIVATION},
    )
    db.session.refresh(tender)
    assert pve_gaps(tender) == []
    return tender


@pytest.fixture
def published(client, login_as, ready_tender):
    change_status(client, ready_tender, "in_review")
    adopt(client, login_as, ready_tender)
    change_status(client, ready_tender, "published")
    db.session.expire_all()
    return ready_tender


@pytest.fixture
def current(haarlem, today) -> FrameworkContract:
    """A contract running now, started on the first of the month a year ago: two years with
    two options of a year (notice 3 months), so option 1 can be exercised for nine months."""
    start = add_months(today.replace(day=1), -12)
    pasmatch = contract("2017/532748-IB")
    running = create_contract(
        None,
        reference="2026/000001-1",
        lot=db.session.get(Lot, pasmatch.lot_id),
        supplier=pasmatch.supplier,
        start_on=start,
        initial_months=24,
        options=[OptionTerm(12, 3), OptionTerm(12, 3)],
        ceiling=None,
        status=ContractStatus.ACTIVE,
        signed_on=add_months(start, -1),
    )
    db.session.commit()
    return running


@pytest.fixture
def pasmatch(client, login_as, haarlem):
    login_as(Role.CONTRACT_MANAGER)
    found = contract("2017/532748-IB")
    db.session.execute(db.delete(KpiTarget).where(KpiTarget.lot_id == found.lot_id))
    db.session.add_all(
        [
            KpiTarget(
                kpi_definition_id=kpi("started").id,
                lot_id=found.lot_id,
                target_value=Decimal(70),
                tolerance_percent=Decimal(10),
            ),
            KpiTarget(
                kpi_definition_id=kpi("dropout").id,
                lot_id=found.lot_id,
                target_value=Decimal(5),
                tolerance_percent=Decimal(20),
            ),
        ]
    )
    db.session.commit()
    return contract("2017/532748-IB")


@pytest.fixture
def manager(client, login_as, haarlem):
    return login_as(Role.CONTRACT_MANAGER)
