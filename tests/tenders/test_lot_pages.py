"""Award criteria, KPI targets and the count × price check on a lot."""

from decimal import Decimal

import pytest

from app.core.audit import AuditEvent
from app.extensions import db
from app.steering.models import KpiDefinition, KpiTarget
from app.tenders.models import AwardCriterion, Lot
from tests.conftest import normalise, post_form
from tests.factories import criteria_form, lot_data


def url(lot: Lot, page: str = "") -> str:
    return f"/inkooptrajecten/{lot.tender_id}/percelen/{lot.id}" + (f"/{page}" if page else "")


def criteria_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(AwardCriterion))


def test_weights_that_sum_to_100_are_saved(client, lot):
    rows = [
        ("Prijs", "price", "40"),
        ("Plan van aanpak", "quality", "35,5"),
        ("Samenwerking met stadspartners", "quality", "24,5"),
    ]
    response = post_form(client, url(lot, "gunningscriteria"), criteria_form(lot, rows))
    assert response.status_code == 302
    saved = db.session.scalars(db.select(AwardCriterion).order_by(AwardCriterion.id)).all()
    assert [(c.name, c.weight_percent) for c in saved] == [
        ("Prijs", Decimal("40.00")),
        ("Plan van aanpak", Decimal("35.50")),
        ("Samenwerking met stadspartners", Decimal("24.50")),
    ]
    page = client.get(url(lot)).text
    assert "35,5%" in page and "beste prijs-kwaliteitverhouding" in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("Prijs", "price", "40"), ("Kwaliteit", "quality", "50")],
            "De wegingen tellen op tot 90%; dat moet precies 100% zijn.",
        ),
        (
            [("Prijs", "price", "60"), ("Kwaliteit", "quality", "40,01")],
            "De wegingen tellen op tot 100,01%",
        ),
        ([("Prijs", "price", "100")], "Gunnen op laagste prijs mag alleen met een motivering"),
        ([], "Geef minstens één gunningscriterium."),
        ([("", "price", "100")], "Elk criterium heeft een naam"),
        ([("Prijs", "price", "40,123"), ("K", "quality", "59,877")], "hoogstens twee decimalen"),
    ],
)
def test_bad_criteria_are_refused_and_nothing_saved(client, lot, rows, message):
    before = post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(lot, [("Prijs", "price", "30"), ("Kwaliteit", "quality", "70")]),
    )
    assert before.status_code == 302
    db.session.refresh(lot)
    response = post_form(client, url(lot, "gunningscriteria"), criteria_form(lot, rows))
    assert response.status_code == 200
    assert message in response.text
    names = set(db.session.scalars(db.select(AwardCriterion.name)))
    assert names == {"Prijs", "Kwaliteit"}  # the earlier set is untouched


def test_lowest_price_with_motivation(client, lot):
    response = post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(
            lot,
            [("Prijs", "price", "100")],
            "Gestandaardiseerde dienst; kwaliteit ligt vast in de eisen.",
        ),
    )
    assert response.status_code == 302
    db.session.refresh(lot)
    assert lot.is_lowest_price
    assert "Gunning op laagste prijs." in client.get(url(lot)).text


def test_changing_criteria_is_audited_before_and_after(client, lot):
    post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(lot, [("Prijs", "price", "30"), ("Kwaliteit", "quality", "70")]),
    )
    db.session.refresh(lot)
    post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(lot, [("Prijs", "price", "50"), ("Kwaliteit", "quality", "50")]),
    )
    events = db.session.scalars(
        db.select(AuditEvent).filter_by(object_type="AwardCriterion").order_by(AuditEvent.id)
    ).all()
    assert [event.action for event in events] == ["create", "create", "update", "update"]
    assert [event.changes for event in events[2:]] == [
        {"weight_percent": ["30.00", "50.00"]},
        {"weight_percent": ["70.00", "50.00"]},
    ]
    assert criteria_count() == 2
    db.session.refresh(lot)
    post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(lot, [("Prijs", "price", "100")], "Eenvoudig"),
    )
    deleted = db.session.scalars(
        db.select(AuditEvent.changes).filter_by(object_type="AwardCriterion", action="delete")
    ).all()
    assert [changes["name"] for changes in deleted] == [["Kwaliteit", None]]
    assert criteria_count() == 1


def test_stale_criteria_form_is_refused(client, lot):
    stale = criteria_form(lot, [("Prijs", "price", "100")], "motivering")
    post_form(
        client,
        url(lot, "gunningscriteria"),
        criteria_form(lot, [("Prijs", "price", "30"), ("Kwaliteit", "quality", "70")]),
    )
    response = post_form(client, url(lot, "gunningscriteria"), stale)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.text
    assert criteria_count() == 2


def test_kpi_targets_per_definition(client, lot):
    started = KpiDefinition(
        code="started", name="Gestarte trajecten", unit="count", direction="higher_is_better"
    )
    spend = KpiDefinition(
        code="spend", name="Bestede middelen", unit="eur", direction="lower_is_better", position=2
    )
    db.session.add_all([started, spend])
    db.session.commit()
    form_page = client.get(url(lot, "normen")).text
    assert "Gestarte trajecten" in form_page and 'value="10"' in form_page  # not 10,00
    data = {
        "version": lot.version,
        "targets-0-kpi_definition_id": started.id,
        "targets-0-target_value": "70",
        "targets-0-tolerance_percent": "10",
        "targets-1-kpi_definition_id": spend.id,
        "targets-1-target_value": "",
        "targets-1-tolerance_percent": "5",
    }
    response = post_form(client, url(lot, "normen"), data)
    assert response.status_code == 302
    target = db.session.scalars(db.select(KpiTarget)).one()
    assert (target.kpi_definition_id, target.target_value) == (started.id, Decimal("70.00"))
    page = client.get(url(lot)).text
    assert "geen norm" in page  # spend has none


def test_count_times_price_differing_from_budget_is_warned(client, draft_tender):
    tender, group = draft_tender
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/nieuw",
        lot_data(group, planned_count="100"),
        follow_redirects=True,
    )
    page = normalise(response.text)
    assert "begroot aantal × prijs per traject wijkt € -189.450,00 af" in page
    fine = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/percelen/nieuw",
        lot_data(group, number="2", planned_count="140"),
        follow_redirects=True,
    )
    assert "wijkt" not in fine.text  # 140 × 4.736,25 = 663.075,00
