"""The PvE's prose chapters: standard texts kept by the administrator, copied into each new
tender and adapted there; and the checks on the figures beside them."""

from decimal import Decimal

import pytest

from app.auth.models import Role
from app.core.errors import ValidationFailed
from app.extensions import db
from app.tenders.clause_models import ClauseChapter, StandardClause, TenderClause
from app.tenders.lot_services import add_lot
from app.tenders.models import Tender
from app.tenders.readiness import pve_gaps
from tests.conftest import make_user, post_form
from tests.factories import haarlem_tender


def new_tender(client, tender_form) -> Tender:
    post_form(client, "/inkooptrajecten/nieuw", tender_form)
    return db.session.scalar(db.select(Tender).filter_by(reference=tender_form["reference"]))


def test_a_new_tender_starts_with_every_active_standard_text(
    client, login_as, haarlem, tender_form
):
    retired = db.session.scalar(db.select(StandardClause).filter_by(code="KWA-04"))
    retired.active = False
    db.session.commit()
    login_as(Role.PROCUREMENT_ADVISER)
    tender = new_tender(client, tender_form)
    active = db.session.scalars(db.select(StandardClause).filter_by(active=True)).all()
    assert {c.standard_clause_id for c in tender.clauses} == {c.id for c in active}
    assert "Klachtenregeling" not in {c.title for c in tender.clauses}
    assert {c.chapter for c in tender.clauses} == set(ClauseChapter)  # every chapter starts filled
    page = client.get(f"/inkooptrajecten/{tender.id}/teksten/").text
    assert "Verwerkersovereenkomst" in page and "Begrippenlijst" in page


def test_adapting_a_copy_leaves_the_library_and_other_tenders_alone(
    client, login_as, haarlem, tender_form
):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = new_tender(client, tender_form)
    clause = next(c for c in tender.clauses if c.title == "Certificering")
    text = 'Blik op Werk & "NEN 4400-1" < verplicht > € 0'
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/teksten/{clause.id}",
        {"chapter": "quality", "title": "Certificering", "text": text, "version": clause.version},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TenderClause, clause.id).text == text
    library = db.session.scalar(db.select(StandardClause).filter_by(code="KWA-01"))
    assert library.text.startswith("De opdrachtnemer beschikt bij de start")
    haarlem_copy = next(c for c in haarlem_tender().clauses if c.title == "Certificering")
    assert haarlem_copy.text == library.text


def test_adding_and_removing_a_text_and_the_readiness_check_follows(
    client, login_as, haarlem, tender_form
):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = new_tender(client, tender_form)
    empty = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/teksten/nieuw",
        {"chapter": "conditions", "title": "", "text": ""},
    )
    assert empty.status_code == 200
    assert "Vul een titel in." in empty.text and "Vul de tekst in." in empty.text
    added = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/teksten/nieuw",
        {"chapter": "conditions", "title": "Geheimhouding", "text": "Alles blijft binnen."},
    )
    assert added.status_code == 302
    db.session.expire_all()
    conditions = [c for c in tender.clauses if c.chapter == ClauseChapter.CONDITIONS]
    assert conditions[-1].title == "Geheimhouding"
    for clause in conditions:
        post_form(
            client,
            f"/inkooptrajecten/{tender.id}/teksten/{clause.id}/verwijderen",
            {"version": clause.version},
            form_page=f"/inkooptrajecten/{tender.id}/teksten/",
        )
    db.session.expire_all()
    assert not [c for c in tender.clauses if c.chapter == ClauseChapter.CONDITIONS]
    gaps = [gap.sentence for gap in pve_gaps(tender)]
    assert (
        "Aansprakelijkheid, beëindiging en inkoopvoorwaarden: dit hoofdstuk heeft nog geen tekst"
        in gaps
    )


def test_texts_of_a_frozen_tender_cannot_change(client, login_as, haarlem):
    login_as(Role.PROCUREMENT_ADVISER)
    tender = haarlem_tender()
    clause = tender.clauses[0]
    response = post_form(
        client,
        f"/inkooptrajecten/{tender.id}/teksten/{clause.id}",
        {"chapter": clause.chapter.value, "title": "Anders", "text": "Anders",
         "version": clause.version},
        follow_redirects=True,
    )  # fmt: skip
    assert "de inhoud kan niet meer worden gewijzigd" in response.text
    db.session.expire_all()
    assert db.session.get(TenderClause, clause.id).title != "Anders"


def test_the_administrator_keeps_the_standard_texts(client, login_as, haarlem):
    login_as(Role.ADMIN)
    listing = client.get("/beheer/standaardteksten").text
    assert "KWA-01" in listing and "Certificering" in listing
    bad = post_form(
        client,
        "/beheer/standaardteksten/nieuw",
        {"code": "kwa 5", "chapter": "quality", "title": "Wachttijd", "text": "Kort.",
         "position": "5", "active": "y"},
    )  # fmt: skip
    assert bad.status_code == 200 and "Gebruik hoofdletters, cijfers en -" in bad.text
    good = post_form(
        client,
        "/beheer/standaardteksten/nieuw",
        {"code": "KWA-05", "chapter": "quality", "title": "Wachttijd", "text": "Kort.",
         "position": "5", "active": "y"},
    )  # fmt: skip
    assert good.status_code == 302
    assert db.session.scalar(db.select(StandardClause).filter_by(code="KWA-05")).active


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"intake_days": 0}, "intake_days"),
        ({"aftercare_months": -3}, "aftercare_months"),
        ({"unit_price": Decimal("4000"), "result_fee": Decimal("4500")}, "result_fee"),
        (
            {
                "unit_price": Decimal("4000"),
                "start_fee": Decimal("1500"),
                "result_fee": Decimal("3000"),
            },
            "result_fee",
        ),
        ({"result_share_percent": Decimal("150")}, "result_share_percent"),
    ],
)
def test_the_service_refuses_impossible_terms_whatever_the_caller(haarlem, changes, field):
    tender = haarlem_tender()
    values = {
        "number": 9,
        "title": "Nieuw",
        "target_group_id": tender.lots[0].target_group_id,
        "initial_months": 24,
        "option_months": [12],
        "notice_months": 3,
        **changes,
    }
    tender.status = "draft"
    with pytest.raises(ValidationFailed) as refused:
        add_lot(make_user(Role.PROCUREMENT_ADVISER), tender, values=values)
    assert field in refused.value.fields
    db.session.rollback()
    assert len(haarlem_tender().lots) == 6
