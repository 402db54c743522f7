"""Optimistic locking: two people editing the same thing never lose an update."""

import pytest
from sqlalchemy.orm import Session

from app.auth.models import Role
from app.core.models import Versioned
from app.extensions import db
from app.tenders.models import Tender
from app.tenders.services import create_tender
from tests.conftest import PASSWORD, make_user, post_form

# Everything a form or the API edits; each carries a version the database checks on UPDATE.
EDITABLE = {
    "ApprovalRequest", "User", "Supplier", "FrameworkContract", "ExtensionOption",
    "KpiDefinition", "KpiTarget", "SteeringMoment", "KpiResult", "Action", "Tender", "Lot",
    "Requirement", "LotRequirement", "AwardCriterion", "Bid",
}  # fmt: skip


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
