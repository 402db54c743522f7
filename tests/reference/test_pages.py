"""The functional administrator keeps KPI definitions and target groups in Regie itself."""

import pytest

from app.auth.models import Role
from app.core.audit import AuditEvent
from app.extensions import db
from app.steering.models import KpiDefinition
from app.tenders.models import TargetGroup
from tests.conftest import contract, post_form
from tests.html_forms import form_fields

OUTFLOW_RATE = {
    "code": "outflow_rate",
    "name": "Uitstroom naar werk (percentage)",
    "unit": "percent",
    "direction": "higher_is_better",
    "description": "Deel van de deelnemers dat in de periode uitstroomde naar werk.",
    "measured_when": "Over het kalenderjaar, bij het laatste moment van het jaar.",
}


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_an_added_kpi_is_asked_at_every_moment_and_shown_by_its_unit(client, login_as, haarlem):
    login_as(Role.ADMIN)
    shown = dict(
        form_fields(client.get("/beheer/indicatoren/nieuw").text, "/beheer/indicatoren/nieuw")
    )
    assert (shown["unit"], shown["direction"]) == ("", "")  # nothing chosen in advance
    response = post_form(client, "/beheer/indicatoren/nieuw", OUTFLOW_RATE)
    assert response.status_code == 302
    listed = client.get("/beheer/indicatoren").text
    assert "Uitstroom naar werk (percentage)" in listed and "Percentage" in listed
    kpi = db.session.scalar(db.select(KpiDefinition).filter_by(code="outflow_rate"))
    assert kpi.position == count(KpiDefinition)  # asked after the existing ones
    login_as(Role.CONTRACT_MANAGER)
    pasmatch = contract("2017/532748-IB")
    moment = pasmatch.steering_moments[0]
    page = client.get(f"/contracten/{pasmatch.id}/bijsturing/{moment.id}").text
    assert "Uitstroom naar werk (percentage)" in page and "Percentage · hoger is beter" in page


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"unit": ""}, "Kies de eenheid."),
        ({"direction": ""}, "Kies of hoger of lager beter is."),
        ({"code": "Uitstroom %"}, "Gebruik kleine letters, cijfers en _"),
        ({"code": "started"}, "De code started is al in gebruik."),
        ({"name": ""}, "Vul een naam in."),
    ],
)
def test_a_kpi_without_unit_direction_or_a_free_code_is_refused(
    client, login_as, haarlem, changes, field_message
):
    login_as(Role.ADMIN)
    before = count(KpiDefinition)
    response = post_form(client, "/beheer/indicatoren/nieuw", OUTFLOW_RATE | changes)
    assert response.status_code == 200
    assert field_message in response.text
    assert 'value="Uitstroom naar werk (percentage)"' in response.text or not changes.get("name")
    assert count(KpiDefinition) == before


def test_a_target_group_is_corrected_and_the_change_is_audited(client, login_as, haarlem):
    login_as(Role.ADMIN)
    group = db.session.scalar(db.select(TargetGroup).filter_by(code="zzp"))
    url = f"/beheer/doelgroepen/{group.id}"
    data = {
        "code": "zzp",
        "name": "Zelfstandigen (zzp) met bijstand",
        "municipality_id": group.municipality_id,
        "segment_id": group.segment_id,
        "description": "Ondernemers met een bijstandsuitkering.",
        "version": group.version,
    }
    assert post_form(client, url, data).status_code == 302
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(
            object_type="TargetGroup", object_id=group.id, action="update"
        )
    ).one()
    assert event.changes["name"][1] == "Zelfstandigen (zzp) met bijstand"
    stale = post_form(client, url, data | {"name": "Anders"})
    assert stale.status_code == 409 and 'value="Anders"' in stale.text
    refused = post_form(client, "/beheer/doelgroepen/nieuw", data | {"segment_id": "", "code": "x"})
    assert "Kies het segment." in refused.text
    assert db.session.scalar(db.select(TargetGroup).filter_by(code="x")) is None
